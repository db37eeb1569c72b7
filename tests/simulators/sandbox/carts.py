"""Cart V2 request helpers shared by the cart contract tests."""

from __future__ import annotations

from typing import Any

from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID
from tests.conftest import Wix
from tests.simulators.sandbox.test_ecom import ANA, ORDERS, _plan_order

CARTS = "/ecom/v2/carts"


def _item(booking_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "quantity": 1,
        "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
        **extra,
    }


def _create(wix: Wix, booking_id: str | None, **cart: Any) -> Any:
    body: dict[str, Any] = {"cart": {"source": {"channelType": "BACKOFFICE_MERCHANT"}, **cart}}
    if booking_id is not None:
        body["catalogItems"] = [_item(booking_id)]
    return wix.call("POST", CARTS, body)


def _cart(wix: Wix, booking_id: str | None, **cart: Any) -> dict[str, Any]:
    response = _create(wix, booking_id, **cart)
    assert response.status_code == 200, response.text
    return response.json()["cart"]


def _calc(wix: Wix, cart_id: str) -> dict[str, Any]:
    return wix.ok("POST", f"{CARTS}/{cart_id}/calculate", {})


def _place(wix: Wix, cart_id: str, **body: Any) -> Any:
    return wix.call("POST", f"{CARTS}/{cart_id}/place-order", body)


def _placed(wix: Wix, booking_id: str) -> dict[str, Any]:
    cart = _cart(wix, booking_id)
    token = _calc(wix, cart["id"])["summary"]["priceVerificationToken"]
    response = _place(wix, cart["id"], priceVerificationToken=token)
    assert response.status_code == 200, response.text
    return wix.ok("GET", f"{ORDERS}/{response.json()['orderId']}")["order"]


def _membership(wix: Wix, email: str = ANA) -> dict[str, Any]:
    return {
        "existingMembership": {
            "appId": PRICING_PLANS_APP_ID,
            "membershipId": _plan_order(wix, email)["id"],
        }
    }
