"""eCommerce Cart V2 for a booking: create, read, update lines, calculate, place the order
(the booking↔order link from 2027 on), and what cancelling does to a cart-placed order.
Expectations cite wix-2027.md §4 and ``@wix/auto_sdk_ecom_cart-v-2@1.0.203`` [cv2]."""

from __future__ import annotations

from typing import Any

import pytest

from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID
from tests.conftest import Wix
from tests.simulators.sandbox.carts import (
    CARTS,
    _calc,
    _cart,
    _create,
    _item,
    _place,
)
from tests.simulators.sandbox.test_ecom import (
    ANA,
    IVAN,
    _app_error,
    _book,
)


# -- create and read ----------------------------------------------------------------------------
@pytest.mark.evidence("wix-2027.md §4: a booking as Cart V2 catalog item; cv2 V2LineItem fields")
def test_cart_line_is_the_booking_priced_from_its_service(wix: Wix) -> None:
    booking = _book(wix)
    cart = _cart(
        wix,
        booking["id"],
        customerInfo={"firstName": "Ivan", "email": IVAN, "memberId": "x", "contactId": "y"},
    )
    (line,) = cart["lineItems"]
    assert line["id"]
    assert line["name"] == {"original": "Open Water Swim", "translated": "Open Water Swim"}
    assert line["pricing"]["unitPrice"] == {"amount": "15.00", "convertedAmount": "15.00"}
    assert line["pricing"]["totalPrice"]["amount"] == "15.00"
    assert line["quantityInfo"]["requestedQuantity"] == line["quantityInfo"]["confirmedQuantity"]
    assert line["source"]["catalogReference"] == {
        "appId": BOOKINGS_APP_ID,
        "catalogItemId": booking["id"],
    }
    assert line["source"]["rootCatalogItemId"] == wix.service_id()
    assert line["paymentConfig"] == {
        "savePaymentMethod": False,
        "paymentOption": "FULL_PAYMENT_OFFLINE",
    }
    assert line["status"] == "IN_STOCK"
    assert line["attributes"]["itemType"] == {"preset": "SERVICE"}
    assert cart["revision"] == "1"
    assert cart["orderPlaced"] is False
    assert "orderId" not in cart
    assert cart["source"]["channelType"] == "BACKOFFICE_MERCHANT"
    # read-only customer fields are ignored; the contact comes from the e-mail
    assert cart["customerInfo"]["contactId"] == wix.contact(IVAN)["id"]
    assert "memberId" not in cart["customerInfo"]
    assert cart["customerInfo"]["firstName"] == "Ivan"
    assert wix.ok("GET", f"{CARTS}/{cart['id']}")["cart"] == cart


@pytest.mark.parametrize(
    ("email", "option", "line_option", "flow"),
    [
        (IVAN, "OFFLINE", "FULL_PAYMENT_OFFLINE", {}),
        (IVAN, "ONLINE", "FULL_PAYMENT_ONLINE", {}),
        (ANA, "MEMBERSHIP", "MEMBERSHIP", {}),
        (
            ANA,
            "MEMBERSHIP_OFFLINE",
            "MEMBERSHIP_OFFLINE",
            {"skipSelectedPaymentOptionValidation": True},
        ),
    ],
)
def test_line_payment_option_follows_the_booking(
    wix: Wix, email: str, option: str, line_option: str, flow: dict[str, bool]
) -> None:
    cart = _cart(wix, _book(wix, email, option=option, **flow)["id"])
    assert cart["lineItems"][0]["paymentConfig"]["paymentOption"] == line_option


@pytest.mark.parametrize("channel", [None, "UNSPECIFIED", "CARRIER_PIGEON"])
def test_cart_needs_a_real_channel_type(wix: Wix, channel: str | None) -> None:
    booking = _book(wix)
    source = {"channelType": channel} if channel else {}
    response = wix.call(
        "POST", CARTS, {"cart": {"source": source}, "catalogItems": [_item(booking["id"])]}
    )
    assert response.status_code == 400
    field = response.json()["details"]["validationError"]["fieldViolations"][0]["field"]
    assert field == "cart.source.channelType"


@pytest.mark.evidence("cv2 CreateCartApplicationErrors: ITEM_NOT_FOUND_IN_CATALOG invalidItems")
def test_cart_for_an_unknown_booking_is_item_not_found(wix: Wix) -> None:
    response = _create(wix, "no-such-booking")
    assert response.status_code == 428
    error = _app_error(response)
    assert error["code"] == "ITEM_NOT_FOUND_IN_CATALOG"
    assert (
        error["data"]["invalidItems"][0]["catalogReference"]["catalogItemId"] == "no-such-booking"
    )
    assert wix.sandbox.site.carts == {}


@pytest.mark.parametrize(
    "extra",
    [
        {"customItems": [{"name": {"original": "x"}}]},
        {"coupons": [{"code": "SUMMER"}]},
        {"giftCards": [{"code": "G"}]},
        {"noSuchField": 1},
    ],
)
def test_create_cart_refuses_what_is_not_simulated_or_declared(wix: Wix, extra: dict) -> None:
    booking = _book(wix)
    body = {"cart": {"source": {"channelType": "WEB"}}, "catalogItems": [_item(booking["id"])]}
    assert wix.call("POST", CARTS, {**body, **extra}).status_code == 400


@pytest.mark.parametrize(
    "item",
    [
        {"quantity": 0},
        {
            "catalogReference": {
                "appId": "215238eb-22a5-4c36-9e7b-e7c08025e04e",
                "catalogItemId": "p",
            }
        },
        {"selectedMembership": {"id": "m", "appId": PRICING_PLANS_APP_ID}},  # removed 2026-06-22
        {"membershipPayment": {"futureMembership": {"lineItemId": "l", "benefitId": "b"}}},
    ],
)
def test_create_cart_refuses_a_bad_catalog_item(wix: Wix, item: dict) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP")
    body = {
        "cart": {"source": {"channelType": "WEB"}},
        "catalogItems": [{**_item(booking["id"]), **item}],
    }
    assert wix.call("POST", CARTS, body).status_code == 400


def test_more_than_one_line_per_cart_is_not_simulated(wix: Wix) -> None:
    booking = _book(wix)
    body = {
        "cart": {"source": {"channelType": "WEB"}},
        "catalogItems": [_item(booking["id"]), _item(booking["id"])],
    }
    assert wix.call("POST", CARTS, body).status_code == 400


def test_unknown_cart_is_404(wix: Wix) -> None:
    for method, path in [
        ("GET", f"{CARTS}/no-such-cart"),
        ("POST", f"{CARTS}/no-such-cart/calculate"),
        ("POST", f"{CARTS}/no-such-cart/place-order"),
    ]:
        response = wix.call(method, path, {} if method == "POST" else None)
        assert response.status_code == 404
        assert _app_error(response)["code"] == "CART_NOT_FOUND"


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("POST", ""),
        ("GET", "/{id}"),
        ("POST", "/{id}/calculate"),
        ("POST", "/{id}/update-line-items"),
        ("POST", "/{id}/place-order"),
    ],
)
def test_cart_routes_need_the_cart_v2_permissions(wix: Wix, method: str, suffix: str) -> None:
    cart = _cart(wix, _book(wix)["id"])
    response = wix.call(method, CARTS + suffix.format(id=cart["id"]), {}, key="no-cart-v2")
    assert response.status_code == 403


# -- calculate ----------------------------------------------------------------------------------
@pytest.mark.evidence("wix-2027.md §4: an offline line is paid later; keep priceVerificationToken")
def test_calculate_an_offline_cart_pays_nothing_now(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    answer = _calc(wix, cart["id"])
    summary = answer["summary"]
    assert answer["cart"]["id"] == cart["id"]
    assert (summary["cartId"], summary["cartRevision"]) == (cart["id"], "1")
    assert summary["lineItems"] == [
        {
            "lineItemId": cart["lineItems"][0]["id"],
            "quantity": 1,
            "unitPrice": {"amount": "15.00", "convertedAmount": "15.00"},
            "totalPrice": {"amount": "15.00", "convertedAmount": "15.00"},
        }
    ]
    assert summary["priceSummary"]["total"]["amount"] == "15.00"
    assert summary["paymentSummary"]["payNow"]["amount"] == "0.00"
    assert summary["paymentSummary"]["payLater"]["amount"] == "15.00"
    assert summary["violations"] == []
    assert summary["priceVerificationToken"]


def test_calculate_an_online_cart_pays_now(wix: Wix) -> None:
    cart = _cart(wix, _book(wix, option="ONLINE")["id"])
    payment = _calc(wix, cart["id"])["summary"]["paymentSummary"]
    assert (payment["payNow"]["amount"], payment["payLater"]["amount"]) == ("15.00", "0.00")


def test_empty_cart_has_a_violation_and_cannot_be_placed(wix: Wix) -> None:
    cart = _cart(wix, None)
    (violation,) = _calc(wix, cart["id"])["summary"]["violations"]
    assert (violation["code"], violation["severity"]) == ("EMPTY_CART", "ERROR")
    response = _place(wix, cart["id"])
    assert response.status_code == 428
    assert _app_error(response)["code"] == "EMPTY_CART"


@pytest.mark.evidence("cv2 PlaceOrder errors: LINE_ITEMS_OUT_OF_STOCK {lineItemIds}")
def test_canceled_booking_line_is_out_of_stock(wix: Wix) -> None:
    booking = _book(wix)
    cart = _cart(wix, booking["id"])
    wix.ok(
        "POST",
        f"/_api/bookings-service/v2/bookings/{booking['id']}/cancel",
        {"revision": booking["revision"]},
    )
    answer = _calc(wix, cart["id"])
    assert answer["cart"]["lineItems"][0]["status"] == "OUT_OF_STOCK"
    (violation,) = answer["summary"]["violations"]
    assert violation["code"] == "LINE_ITEMS_OUT_OF_STOCK"
    response = _place(wix, cart["id"])
    assert response.status_code == 428
    assert _app_error(response)["code"] == "LINE_ITEMS_OUT_OF_STOCK"
    assert _app_error(response)["data"] == {
        "lineItemIds": [cart["lineItems"][0]["id"]],
        "allLineItemsOutOfStock": True,
    }


# -- update line items --------------------------------------------------------------------------
def test_update_line_item_quantity(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    line_id = cart["lineItems"][0]["id"]
    updated = wix.ok(
        "POST",
        f"{CARTS}/{cart['id']}/update-line-items",
        {"lineItems": [{"lineItemId": line_id, "quantity": {"newQuantity": 2}}]},
    )["cart"]
    assert updated["revision"] == "2"
    assert updated["lineItems"][0]["pricing"]["totalPrice"]["amount"] == "30.00"
    assert updated["subtotal"]["amount"] == "30.00"
    assert _calc(wix, cart["id"])["summary"]["paymentSummary"]["payLater"]["amount"] == "30.00"


@pytest.mark.parametrize(
    ("updates", "status", "code"),
    [
        ([], 400, None),
        ([{"lineItemId": "{line}"}], 400, "EMPTY_LINE_ITEM_UPDATES"),
        (
            [
                {"lineItemId": "{line}", "quantity": {"newQuantity": 2}},
                {"lineItemId": "{line}", "quantity": {"newQuantity": 3}},
            ],
            400,
            "DUPLICATE_LINE_ITEM_UPDATES",
        ),
        (
            [{"lineItemId": "nope", "quantity": {"newQuantity": 2}}],
            428,
            "LINE_ITEM_NOT_FOUND_IN_CART",
        ),
        ([{"lineItemId": "{line}", "quantity": {"newQuantity": 0}}], 400, None),
        ([{"lineItemId": "{line}", "quantity": 2}], 400, None),
        ([{"quantity": {"newQuantity": 2}}], 400, None),
        ([{"lineItemId": "{line}", "selectedMembership": {"id": "m"}}], 400, None),
    ],
)
def test_update_line_items_refusals(
    wix: Wix, updates: list[dict[str, Any]], status: int, code: str | None
) -> None:
    cart = _cart(wix, _book(wix)["id"])
    line = cart["lineItems"][0]["id"]
    body = [
        {k: (v.format(line=line) if isinstance(v, str) else v) for k, v in u.items()}
        for u in updates
    ]
    response = wix.call("POST", f"{CARTS}/{cart['id']}/update-line-items", {"lineItems": body})
    assert response.status_code == status, response.text
    if code:
        assert _app_error(response)["code"] == code
    assert wix.ok("GET", f"{CARTS}/{cart['id']}")["cart"]["revision"] == "1"
