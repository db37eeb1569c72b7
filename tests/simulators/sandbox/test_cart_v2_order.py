"""eCommerce Cart V2, placing the order: the booking↔order link from 2027 on, membership on
the cart, tokens and refusals, and what charging and cancelling do to a cart-placed order.
Expectations cite wix-2027.md §4 and ``@wix/auto_sdk_ecom_cart-v-2@1.0.203`` [cv2]."""

from __future__ import annotations

import pytest

from sync.sandbox.models.site import PRICING_PLANS_APP_ID
from tests.conftest import Wix
from tests.simulators.sandbox.carts import (
    CARTS,
    _calc,
    _cart,
    _item,
    _membership,
    _place,
    _placed,
)
from tests.simulators.sandbox.test_ecom import (
    ANA,
    CHARGE,
    IVAN,
    ORDERS,
    _app_error,
    _book,
    _cancel_booking,
    _charge_body,
    _credits,
    _extended,
    _member,
    _plan_order,
    _pool_of,
)


# -- membership on the cart (accepted, never charged here) ----------------------------------------
@pytest.mark.evidence("wix-2027.md §4: membershipPayment on the cart is unproven for an API key")
def test_membership_on_the_cart_is_stored_but_blocks_the_order(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP")
    membership = _membership(wix)
    response = wix.call(
        "POST",
        CARTS,
        {
            "cart": {"source": {"channelType": "WEB"}},
            "catalogItems": [_item(booking["id"], membershipPayment=membership)],
        },
    )
    assert response.status_code == 200, response.text
    cart = response.json()["cart"]
    line = cart["lineItems"][0]
    assert line["paymentConfig"]["membership"] == membership
    summary = _calc(wix, cart["id"])["summary"]
    assert summary["paymentSummary"]["memberships"] == [
        {
            "id": membership["existingMembership"]["membershipId"],
            "appId": PRICING_PLANS_APP_ID,
            "lineItemIds": [line["id"]],
        }
    ]
    (violation,) = summary["violations"]
    assert (violation["code"], violation["severity"]) == ("INVALID_MEMBERSHIP_STATUS", "ERROR")
    placed = _place(wix, cart["id"])
    assert placed.status_code == 428
    assert _app_error(placed)["code"] == "VIOLATIONS_WITH_ERROR_SEVERITY"
    assert _app_error(placed)["data"]["violationsList"]["violations"][0]["severity"] == "ERROR"
    pool = _pool_of(wix, _plan_order(wix, ANA))
    assert _credits(wix, pool["id"]) == "6"  # nothing charged
    # an empty membershipPayment removes it; the MEMBERSHIP line is then due now
    removed = wix.ok(
        "POST",
        f"{CARTS}/{cart['id']}/update-line-items",
        {"lineItems": [{"lineItemId": line["id"], "membershipPayment": {}}]},
    )["cart"]
    assert "membership" not in removed["lineItems"][0]["paymentConfig"]
    assert _calc(wix, cart["id"])["summary"]["violations"] == []
    assert _app_error(_place(wix, cart["id"]))["code"] == "EMPTY_PAYMENT_TOKEN"


def test_membership_payment_on_an_offline_line_is_refused(wix: Wix) -> None:
    cart = _cart(wix, _book(wix, ANA)["id"])
    response = wix.call(
        "POST",
        f"{CARTS}/{cart['id']}/update-line-items",
        {
            "lineItems": [
                {"lineItemId": cart["lineItems"][0]["id"], "membershipPayment": _membership(wix)}
            ]
        },
    )
    assert response.status_code == 428
    assert _app_error(response)["code"] == "INVALID_MEMBERSHIP_PAYMENT_OPTION"


# -- place order --------------------------------------------------------------------------------
@pytest.mark.evidence("wix-2027.md §4 / README stance 1: place-order links the order, confirms")
def test_place_order_links_the_order_and_confirms_the_booking(wix: Wix) -> None:
    booking = _book(wix)
    assert booking["status"] == "CREATED"
    cart = _cart(wix, booking["id"])
    token = _calc(wix, cart["id"])["summary"]["priceVerificationToken"]
    answer = _place(wix, cart["id"], priceVerificationToken=token, savePaymentMethod=False)
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == {"orderId", "completed"}
    assert answer.json()["completed"] is False  # place_order_completed_for_offline off
    order_id = answer.json()["orderId"]
    order = wix.ok("GET", f"{ORDERS}/{order_id}")["order"]
    assert (order["status"], order["paymentStatus"]) == ("APPROVED", "NOT_PAID")
    assert order["lineItems"][0]["catalogReference"]["catalogItemId"] == booking["id"]
    assert order["lineItems"][0]["id"] == cart["lineItems"][0]["id"]
    assert order["lineItems"][0]["paymentOption"] == "FULL_PAYMENT_OFFLINE"
    assert order["balanceSummary"]["balance"]["amount"] == "15.00"
    assert order["checkoutId"] == cart["id"]
    assert order["buyerInfo"]["contactId"] == wix.contact(IVAN)["id"]
    item = _extended(wix, booking["id"])
    assert (item["booking"]["status"], item["booking"]["paymentStatus"]) == (
        "CONFIRMED",
        "NOT_PAID",
    )
    assert item["order"]["id"] == order_id
    after = wix.ok("GET", f"{CARTS}/{cart['id']}")["cart"]
    assert (after["orderPlaced"], after["orderId"], after["revision"]) == (True, order_id, "2")
    found = wix.ok(
        "POST",
        f"{ORDERS}/search",
        {
            "search": {
                "filter": {
                    "lineItems.catalogReference.catalogItemId": {"$hasSome": [booking["id"]]}
                }
            }
        },
    )
    assert [o["id"] for o in found["orders"]] == [order_id]


def test_place_order_without_a_token_is_allowed(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    assert _place(wix, cart["id"]).status_code == 200


@pytest.mark.evidence("cv2 CartAlreadyOrderedErrorData {cartId, orderId}: the resume hook")
def test_place_order_twice_answers_409_with_the_order(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    order_id = _place(wix, cart["id"]).json()["orderId"]
    for path, body in [
        ("place-order", {}),
        ("calculate", {}),
        (
            "update-line-items",
            {
                "lineItems": [
                    {"lineItemId": cart["lineItems"][0]["id"], "quantity": {"newQuantity": 2}}
                ]
            },
        ),
    ]:
        again = wix.call("POST", f"{CARTS}/{cart['id']}/{path}", body)
        assert again.status_code == 409, path
        assert _app_error(again)["code"] == "CART_ALREADY_ORDERED"
        assert _app_error(again)["data"] == {"cartId": cart["id"], "orderId": order_id}
    assert len([o for o in wix.sandbox.site.orders.values() if o["checkoutId"] == cart["id"]]) == 1


@pytest.mark.parametrize("token", ["garbage", "eyJ9.0123456789abcdef0123", "other-cart"])
def test_a_token_that_is_not_this_carts_is_invalid(wix: Wix, token: str) -> None:
    cart = _cart(wix, _book(wix)["id"])
    if token == "other-cart":
        other = _cart(wix, _book(wix, ANA)["id"])
        token = _calc(wix, other["id"])["summary"]["priceVerificationToken"]
    response = _place(wix, cart["id"], priceVerificationToken=token)
    assert response.status_code == 400
    assert _app_error(response)["code"] == "INVALID_PRICE_VERIFICATION_TOKEN"
    assert _app_error(response)["data"] == {"token": token}


def test_a_stale_token_is_out_of_sync(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    token = _calc(wix, cart["id"])["summary"]["priceVerificationToken"]
    wix.ok(
        "POST",
        f"{CARTS}/{cart['id']}/update-line-items",
        {"lineItems": [{"lineItemId": cart["lineItems"][0]["id"], "quantity": {"newQuantity": 2}}]},
    )
    response = _place(wix, cart["id"], priceVerificationToken=token)
    assert response.status_code == 428
    assert _app_error(response)["code"] == "CART_PRICES_OUT_OF_SYNC"
    fresh = _calc(wix, cart["id"])["summary"]["priceVerificationToken"]
    assert _place(wix, cart["id"], priceVerificationToken=fresh).status_code == 200


def test_an_online_line_cannot_be_placed_by_an_api_key(wix: Wix) -> None:
    cart = _cart(wix, _book(wix, option="ONLINE")["id"])
    before = len(wix.sandbox.site.orders)
    response = _place(wix, cart["id"])
    assert response.status_code == 428
    assert _app_error(response)["code"] == "EMPTY_PAYMENT_TOKEN"
    assert _app_error(response)["data"] == {"total": "15.00"}
    assert len(wix.sandbox.site.orders) == before
    assert wix.ok("GET", f"{CARTS}/{cart['id']}")["cart"]["orderPlaced"] is False


def test_a_zero_total_cart_gives_a_paid_completed_order(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP_OFFLINE", skipSelectedPaymentOptionValidation=True)
    answer = _place(wix, _cart(wix, booking["id"])["id"]).json()
    assert answer["completed"] is True
    order = wix.ok("GET", f"{ORDERS}/{answer['orderId']}")["order"]
    assert (order["status"], order["paymentStatus"]) == ("APPROVED", "PAID")


def test_a_demo_cart_cannot_be_placed(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"], demo=True)
    response = _place(wix, cart["id"])
    assert response.status_code == 428
    assert _app_error(response)["code"] == "PLACE_ORDER_NOT_ALLOWED_FOR_DEMO_CART"


def test_place_order_refuses_undeclared_fields(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    assert _place(wix, cart["id"], paymentToken="tok").status_code == 400


# -- after the order: plans, cancelling, the state dump --------------------------------------------
@pytest.mark.evidence("README stance 4: charge with order-billing after the order")
def test_charge_memberships_pays_a_cart_placed_order(wix: Wix) -> None:
    wix.control("POST", "switches", {"membership_charge_settles_after_reads": 0})
    booking = _book(wix, ANA)
    order = _placed(wix, booking["id"])
    plan_order = _plan_order(wix, ANA)
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, plan_order["id"]))
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "PAID"
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "PAID"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"


@pytest.mark.evidence("wix-ecom.md §8: withRefund voids the membership payment, credits return")
def test_cancel_with_refund_returns_the_credit_of_a_cart_order(wix: Wix) -> None:
    wix.control("POST", "switches", {"membership_charge_settles_after_reads": 0})
    booking = _book(wix, ANA)
    order = _placed(wix, booking["id"])
    pool = _pool_of(wix, _plan_order(wix, ANA))
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"]))
    assert _credits(wix, pool["id"]) == "5"
    _cancel_booking(wix, booking["id"], flowControlSettings={"withRefund": True})
    assert _credits(wix, pool["id"]) == "6"
    (payment,) = wix.ok("GET", f"/ecom/v1/payments/orders/{order['id']}")["orderTransactions"][
        "payments"
    ]
    assert payment["status"] == "VOIDED"


@pytest.mark.evidence("wix-ecom.md §8: waiveCharges cancels an unpaid linked order")
def test_waive_charges_cancels_an_unpaid_cart_order(wix: Wix) -> None:
    booking = _book(wix)
    order = _placed(wix, booking["id"])
    _cancel_booking(wix, booking["id"], waiveCharges=True)
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["status"] == "CANCELED"
    item = _extended(wix, booking["id"])
    assert (item["order"]["status"], item["booking"]["status"]) == ("CANCELED", "CANCELED")


def test_state_dump_includes_carts(wix: Wix) -> None:
    cart = _cart(wix, _book(wix)["id"])
    state = wix.control("GET", "state")
    assert [c["id"] for c in state["carts"]] == [cart["id"]]
    assert "pendingCharges" in state


def test_member_id_of_the_cart_stays_unset(wix: Wix) -> None:
    cart = _cart(wix, _book(wix, ANA)["id"], customerInfo={"memberId": _member(wix, ANA)})
    assert "memberId" not in cart["customerInfo"]
    assert cart["customerInfo"]["openAccess"] is True
