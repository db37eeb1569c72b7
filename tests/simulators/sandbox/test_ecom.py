"""eCommerce: checkout v1 (the booking↔order link), orders, marking paid, transactions,
charging plans (checkout selection and order billing), and what cancelling a booking does
to its order. Expectations cite wix-ecom.md (../shared/reference)."""

from __future__ import annotations

from typing import Any

import pytest

from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID
from tests.conftest import Wix, booking_body

CREATE_BOOKING = "/_api/bookings-service/v2/bookings"
EXTENDED = "/_api/bookings-reader/v2/extended-bookings/query"
CHECKOUTS = "/ecom/v1/checkouts"
ORDERS = "/ecom/v1/orders"
CHARGE = "/ecom/v1/order-billing/charge-memberships"
ANA = "ana.lee@example.org"  # 10 Swim Pass, 6 left
BEN = "ben.ortiz@example.org"  # 10 Swim Pass, 0 left
CARA = "cara.nguyen@example.org"  # Unlimited Summer
DAN = "dan.fischer@example.org"  # 10 Swim Pass, ended 10 days ago
FINN = "finn.walsh@example.org"  # 5 Masters Pass only
IVAN = "ivan.novak@example.org"  # no member


# -- helpers ------------------------------------------------------------------------------------
def _book(
    wix: Wix,
    email: str = IVAN,
    option: str = "OFFLINE",
    service: str = "Open Water Swim",
    **flow: bool,
) -> dict[str, Any]:
    flow.setdefault("skipAvailabilityValidation", True)
    body = booking_body(wix, email, option=option, event=wix.today_event(service), **flow)
    body["booking"]["bookedEntity"]["slot"]["serviceId"] = wix.service_id(service)
    return wix.ok("POST", CREATE_BOOKING, body)["booking"]


def _checkout(wix: Wix, booking_id: str, **extra: Any) -> dict[str, Any]:
    body = {
        "channelType": "BACKOFFICE_MERCHANT",
        "lineItems": [
            {
                "quantity": 1,
                "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
            }
        ],
        "checkoutInfo": {"billingInfo": {"address": {"country": "US"}}},
        **extra,
    }
    return wix.ok("POST", CHECKOUTS, body)["checkout"]


def _order(wix: Wix, booking_id: str) -> dict[str, Any]:
    checkout = _checkout(wix, booking_id)
    order_id = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    return wix.ok("GET", f"{ORDERS}/{order_id}")["order"]


def _extended(wix: Wix, booking_id: str) -> dict[str, Any]:
    found = wix.ok(
        "POST", EXTENDED, {"query": {"filter": {"id": booking_id}}, "withEcomOrder": True}
    )
    (item,) = found["extendedBookings"]
    return item


def _member(wix: Wix, email: str) -> str:
    return wix.contact(email)["memberId"]


def _plan_order(wix: Wix, email: str, plan: str | None = None) -> dict[str, Any]:
    orders = wix.ok("GET", f"/pricing-plans/v2/orders?buyerIds={_member(wix, email)}")["orders"]
    return next(o for o in orders if plan is None or o["planName"] == plan)


def _pool_of(wix: Wix, plan_order: dict[str, Any]) -> dict[str, Any]:
    pools = wix.ok(
        "POST",
        "/benefit-programs/v1/pools/query",
        {"query": {"filter": {"beneficiary.memberId": plan_order["buyer"]["memberId"]}}},
    )["pools"]
    return next(p for p in pools if p["program"]["externalId"] == plan_order["id"])


def _credits(wix: Wix, pool_id: str) -> str:
    balance = wix.ok("GET", f"/benefit-programs/v1/balances/{pool_id}")["balance"]
    return balance["amount"]["available"]


def _charge_body(
    wix: Wix,
    order: dict[str, Any],
    email: str,
    membership_id: str,
    app_id: str = PRICING_PLANS_APP_ID,
) -> dict[str, Any]:
    return {
        "orderId": order["id"],
        "memberId": _member(wix, email),
        "memberships": [
            {
                "lineItemId": order["lineItems"][0]["id"],
                "membershipIdentifier": {
                    "existingMembership": {"appId": app_id, "membershipId": membership_id}
                },
            }
        ],
    }


def _select(
    wix: Wix, checkout: dict[str, Any], membership_id: str, line_ids: list[str] | None = None
) -> Any:
    return wix.call(
        "PATCH",
        f"{CHECKOUTS}/{checkout['id']}",
        {
            "checkout": {
                "id": checkout["id"],
                "membershipOptions": {
                    "selectedMemberships": {
                        "memberships": [
                            {
                                "id": membership_id,
                                "appId": PRICING_PLANS_APP_ID,
                                "lineItemIds": line_ids or [checkout["lineItems"][0]["id"]],
                            }
                        ]
                    }
                },
            }
        },
    )


def _app_error(response: Any) -> dict[str, Any]:
    return response.json()["details"]["applicationError"]


def _kind(wix: Wix, **switches: Any) -> None:
    """Set the kinder (pre-issue-12 §4) value of switches a test is not about."""
    wix.control("POST", "switches", switches)


# -- checkout -----------------------------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §3.2: what the checkout computes for a booking line")
def test_checkout_line_is_priced_from_the_booking_and_its_service(wix: Wix) -> None:
    booking = _book(wix)
    checkout = _checkout(wix, booking["id"])
    (line,) = checkout["lineItems"]
    assert line["id"]
    assert line["productName"] == {"original": "Open Water Swim", "translated": "Open Water Swim"}
    assert line["price"]["amount"] == "15.00"
    assert line["itemType"] == {"preset": "SERVICE"}
    assert line["paymentOption"] == "FULL_PAYMENT_OFFLINE"
    assert line["rootCatalogItemId"] == wix.service_id()
    assert line["catalogReference"] == {"appId": BOOKINGS_APP_ID, "catalogItemId": booking["id"]}
    assert line["serviceProperties"] == {
        "scheduledDate": booking["startDate"],
        "numberOfParticipants": 1,
    }
    assert line["availability"]["status"] == "AVAILABLE"
    assert checkout["priceSummary"]["total"]["amount"] == "15.00"
    assert checkout["payNow"]["total"]["amount"] == "0.00"
    assert checkout["payLater"]["total"]["amount"] == "15.00"
    assert checkout["calculationErrors"] == {"orderValidationErrors": []}
    assert checkout["buyerInfo"]["contactId"] == wix.contact(IVAN)["id"]
    assert checkout["completed"] is False


@pytest.mark.parametrize("channel", [None, "UNSPECIFIED", "CARRIER_PIGEON"])
def test_checkout_needs_a_real_channel_type(wix: Wix, channel: str | None) -> None:
    booking = _book(wix)
    body: dict[str, Any] = {
        "lineItems": [
            {
                "quantity": 1,
                "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking["id"]},
            }
        ]
    }
    if channel:
        body["channelType"] = channel
    response = wix.call("POST", CHECKOUTS, body)
    assert response.status_code == 400
    assert (
        response.json()["details"]["validationError"]["fieldViolations"][0]["field"]
        == "channelType"
    )


def test_checkout_for_an_unknown_booking_is_404(wix: Wix) -> None:
    response = wix.call(
        "POST",
        CHECKOUTS,
        {
            "channelType": "WEB",
            "lineItems": [
                {
                    "quantity": 1,
                    "catalogReference": {
                        "appId": BOOKINGS_APP_ID,
                        "catalogItemId": "no-such-booking",
                    },
                }
            ],
        },
    )
    assert response.status_code == 404


def test_buyer_member_id_is_read_only_and_comes_from_the_booking(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP")
    checkout = _checkout(wix, booking["id"])
    assert checkout["buyerInfo"]["memberId"] == _member(wix, ANA)
    assert checkout["buyerInfo"]["email"] == ANA


@pytest.mark.evidence("wix-ecom.md §3.4–3.5: create-order links the order and confirms")
def test_checkout_order_is_linked_and_confirms_the_booking(wix: Wix) -> None:
    booking = _book(wix)
    assert booking["status"] == "CREATED"
    order = _order(wix, booking["id"])
    assert (order["status"], order["paymentStatus"]) == ("APPROVED", "NOT_PAID")
    assert order["lineItems"][0]["catalogReference"]["catalogItemId"] == booking["id"]
    assert order["balanceSummary"]["balance"]["amount"] == "15.00"
    assert order["channelInfo"] == {"type": "BACKOFFICE_MERCHANT"}
    assert order["checkoutId"]
    item = _extended(wix, booking["id"])
    assert item["booking"]["status"] == "CONFIRMED"
    assert item["booking"]["paymentStatus"] == "NOT_PAID"
    assert item["order"]["id"] == order["id"]
    checkout = wix.ok("GET", f"{CHECKOUTS}/{order['checkoutId']}")["checkout"]
    assert checkout["completed"] is True


@pytest.mark.evidence("wix-ecom.md §3.4: 409 CHECKOUT_ALREADY_PAID carries data.orderId")
def test_create_order_twice_answers_409_with_the_existing_order(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix)["id"])
    first = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    again = wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert again.status_code == 409
    assert _app_error(again)["code"] == "CHECKOUT_ALREADY_PAID"
    assert _app_error(again)["data"] == {"orderId": first}


def test_a_completed_checkout_cannot_be_updated(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix)["id"])
    wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {"id": checkout["id"]})
    response = wix.call(
        "PATCH",
        f"{CHECKOUTS}/{checkout['id']}",
        {"checkout": {"id": checkout["id"], "buyerNote": "late"}},
    )
    assert response.status_code == 428


def test_online_booking_order_waits_for_payment(wix: Wix) -> None:
    booking = _book(wix, option="ONLINE")
    checkout = _checkout(wix, booking["id"])
    assert checkout["payNow"]["total"]["amount"] == "15.00"
    answer = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert answer["paymentGatewayOrderId"]
    order = wix.ok("GET", f"{ORDERS}/{answer['orderId']}")["order"]
    assert (order["status"], order["paymentStatus"]) == ("INITIALIZED", "NOT_PAID")


def test_canceled_booking_cannot_be_ordered(wix: Wix) -> None:
    booking = _book(wix)
    wix.ok("POST", f"{CREATE_BOOKING}/{booking['id']}/cancel", {"revision": booking["revision"]})
    checkout = _checkout(wix, booking["id"])
    assert checkout["lineItems"][0]["availability"]["status"] == "NOT_AVAILABLE"
    response = wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert response.status_code == 428


# -- plain create order: the forum's trap -------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §5.1 and the forum thread: plain Create Order links nothing")
def test_plain_create_order_is_not_linked_to_the_booking(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP")
    checkout = _checkout(wix, booking["id"])
    line = checkout["lineItems"][0]
    order = wix.ok(
        "POST",
        ORDERS,
        {
            "order": {
                "buyerInfo": {"contactId": wix.contact(ANA)["id"], "email": ANA},
                "checkoutId": checkout["id"],
                "channelInfo": {},
                "paymentStatus": "PAID",
                "lineItems": [
                    {
                        "quantity": 1,
                        "catalogReference": line["catalogReference"],
                        "itemType": line["itemType"],
                        "price": {"amount": "0"},
                        "productName": line["productName"],
                        "paymentOption": "MEMBERSHIP",
                    }
                ],
                "priceSummary": {"total": {"amount": "0"}},
            }
        },
    )["order"]
    assert order["status"] == "INITIALIZED"  # as the forum's order came back
    assert order["channelInfo"]["type"] == "UNSPECIFIED"
    item = _extended(wix, booking["id"])
    assert item["booking"]["status"] == "CREATED"
    assert item["booking"]["paymentStatus"] == "UNDEFINED"
    assert "order" not in item
    # …yet searching by the booking id finds it: the order exists, unlinked
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
    assert [o["id"] for o in found["orders"]] == [order["id"]]


def test_plain_create_order_needs_line_items_and_a_price_summary(wix: Wix) -> None:
    assert wix.call("POST", ORDERS, {"order": {"lineItems": []}}).status_code == 400
    response = wix.call(
        "POST",
        ORDERS,
        {
            "order": {
                "lineItems": [
                    {
                        "quantity": 1,
                        "productName": {"original": "X"},
                        "itemType": {"preset": "SERVICE"},
                        "price": {"amount": "1"},
                    }
                ]
            }
        },
    )
    assert response.status_code == 400


# -- search -------------------------------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §5.2: searchable fields and operator groups")
def test_search_orders_by_booking_id_finds_the_linked_order(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    found = wix.ok(
        "POST",
        f"{ORDERS}/search",
        {
            "search": {
                "filter": {
                    "lineItems.catalogReference.catalogItemId": {"$hasSome": [booking["id"]]},
                    "status": {"$ne": "CANCELED"},
                },
                "sort": [{"fieldName": "createdDate", "order": "DESC"}],
                "cursorPaging": {"limit": 10},
            }
        },
    )
    assert [o["id"] for o in found["orders"]] == [order["id"]]
    assert found["metadata"]["hasNext"] is False
    by_checkout = wix.ok(
        "POST",
        f"{ORDERS}/search",
        {"search": {"filter": {"checkoutId": {"$eq": order["checkoutId"]}}}},
    )
    assert [o["id"] for o in by_checkout["orders"]] == [order["id"]]


@pytest.mark.parametrize(
    "filt",
    [
        {"lineItems.catalogReference.catalogItemId": {"$eq": "x"}},
        {"status": {"$gt": "A"}},
        {"billingInfo.address.country": "US"},
    ],
)
def test_search_orders_refuses_unsupported_fields_and_operators(wix: Wix, filt: dict) -> None:
    assert wix.call("POST", f"{ORDERS}/search", {"search": {"filter": filt}}).status_code == 400


def test_search_orders_pages_with_a_cursor(wix: Wix) -> None:
    first = wix.ok("POST", f"{ORDERS}/search", {"search": {"cursorPaging": {"limit": 1}}})
    assert len(first["orders"]) == 1
    assert first["metadata"]["hasNext"] is True
    second = wix.ok(
        "POST",
        f"{ORDERS}/search",
        {"search": {"cursorPaging": {"limit": 1, "cursor": first["metadata"]["cursors"]["next"]}}},
    )
    assert second["orders"][0]["id"] != first["orders"][0]["id"]
    too_many = wix.call("POST", f"{ORDERS}/search", {"search": {"cursorPaging": {"limit": 101}}})
    assert too_many.status_code == 400


# -- marking paid -------------------------------------------------------------------------------
def _mark(wix: Wix, order_id: str, **kw: Any) -> Any:
    return wix.call(
        "POST",
        f"/ecom/v1/payments-collector/orders/{order_id}/mark-as-paid",
        {"userDefinedPaymentMethodName": {"predefined": "CASH"}},
        **kw,
    )


@pytest.mark.evidence("wix-ecom.md §6 A: mark-as-paid creates and approves an offline payment")
def test_mark_as_paid_pays_the_order_and_the_linked_booking(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    response = _mark(wix, order["id"])
    assert response.status_code == 200
    assert response.json()["order"]["paymentStatus"] == "PAID"
    (payment,) = wix.ok("GET", f"/ecom/v1/payments/orders/{order['id']}")["orderTransactions"][
        "payments"
    ]
    assert payment["status"] == "APPROVED"
    assert payment["amount"]["amount"] == "15.00"
    assert payment["regularPaymentDetails"]["offlinePayment"] is True
    assert payment["regularPaymentDetails"]["paymentMethodName"] == {
        "userDefinedName": {"predefined": "CASH"}
    }
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "PAID"
    again = _mark(wix, order["id"])
    assert again.status_code == 428
    assert _app_error(again)["code"] == "ORDER_ALREADY_PAID"


def test_mark_as_paid_is_403_where_api_keys_may_not_collect(wix: Wix) -> None:
    _kind(wix, unprefixed_bulk_mark_as_paid_served=True)
    order = _order(wix, _book(wix)["id"])
    wix.control("POST", "switches", {"mark_as_paid_allowed": False})
    assert _mark(wix, order["id"]).status_code == 403
    bulk = wix.call(
        "POST", "/v1/bulk/payments-collector/mark-as-paid", {"ecomOrderIds": [order["id"]]}
    )
    assert bulk.status_code == 403


def test_mark_as_paid_needs_the_modify_orders_permission(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    assert _mark(wix, order["id"], key="no-payments").status_code == 403


def test_mark_as_paid_refuses_a_canceled_order(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    wix.ok("POST", f"{ORDERS}/{order['id']}/cancel", {"id": order["id"]})
    assert _mark(wix, order["id"]).status_code == 428


@pytest.mark.evidence("wix-ecom.md §6 A: paymentStatus *eventually* becomes PAID")
def test_mark_as_paid_can_lag_for_some_reads(wix: Wix) -> None:
    wix.control("POST", "switches", {"mark_as_paid_lag_reads": 2})
    order = _order(wix, _book(wix)["id"])
    assert _mark(wix, order["id"]).status_code == 200
    reads = [wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] for _ in range(3)]
    assert reads == ["NOT_PAID", "NOT_PAID", "PAID"]
    assert _app_error(_mark(wix, order["id"]))["code"] == "ORDER_ALREADY_PAID"


@pytest.mark.parametrize(
    "path",
    ["/v1/bulk/payments-collector/mark-as-paid", "/ecom/v1/bulk/payments-collector/mark-as-paid"],
)
def test_bulk_mark_as_paid_reports_each_order(wix: Wix, path: str) -> None:
    _kind(wix, unprefixed_bulk_mark_as_paid_served=True, bulk_mark_as_paid_returns_item=True)
    order = _order(wix, _book(wix)["id"])
    answer = wix.ok("POST", path, {"ecomOrderIds": [order["id"], "no-such-order"]})
    good, bad = answer["results"]
    assert good["itemMetadata"] == {"id": order["id"], "originalIndex": 0, "success": True}
    assert good["item"]["paymentStatus"] == "PAID"
    assert bad["itemMetadata"]["success"] is False
    assert bad["itemMetadata"]["error"]["code"] == "ORDER_NOT_FOUND"
    assert answer["bulkActionMetadata"] == {
        "totalSuccesses": 1,
        "totalFailures": 1,
        "undetailedFailures": 0,
    }


def test_bulk_mark_as_paid_takes_at_most_100_orders(wix: Wix) -> None:
    _kind(wix, unprefixed_bulk_mark_as_paid_served=True)
    ids = [f"o{i}" for i in range(101)]
    response = wix.call("POST", "/v1/bulk/payments-collector/mark-as-paid", {"ecomOrderIds": ids})
    assert response.status_code == 400


# -- add payments -------------------------------------------------------------------------------
CASH = {
    "amount": {"amount": "15.00"},
    "status": "APPROVED",
    "regularPaymentDetails": {
        "offlinePayment": True,
        "paymentMethodName": {"userDefinedName": {"predefined": "CASH"}},
    },
}


@pytest.mark.evidence("wix-ecom.md §6 C / §9: Add Payments duplicates on repeat")
def test_add_payment_is_not_idempotent(wix: Wix) -> None:
    _kind(wix, add_payment_marks_order_paid=True)
    booking = _book(wix)
    order = _order(wix, booking["id"])
    path = f"/ecom/v1/payments/orders/{order['id']}/add-payment"
    first = wix.ok("POST", path, {"payments": [CASH]})
    assert len(first["paymentsIds"]) == 1
    wix.ok("POST", path, {"payments": [CASH]})
    payments = wix.ok("GET", f"/ecom/v1/payments/orders/{order['id']}")["orderTransactions"][
        "payments"
    ]
    assert len(payments) == 2
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "PAID"
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "PAID"


def test_add_payment_only_records_when_the_site_does_not_recompute(wix: Wix) -> None:
    wix.control("POST", "switches", {"add_payment_marks_order_paid": False})
    booking = _book(wix)
    order = _order(wix, booking["id"])
    wix.ok("POST", f"/ecom/v1/payments/orders/{order['id']}/add-payment", {"payments": [CASH]})
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "NOT_PAID"
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "NOT_PAID"


def test_add_payment_takes_1_to_50_payments(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    path = f"/ecom/v1/payments/orders/{order['id']}/add-payment"
    assert wix.call("POST", path, {"payments": []}).status_code == 400
    assert wix.call("POST", path, {"payments": [CASH] * 51}).status_code == 400


# -- plans through the checkout -----------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §11 (c) path 1: select the membership, then create the order")
def test_selected_membership_pays_the_booking_with_one_credit(wix: Wix) -> None:
    _kind(wix, checkout_lists_eligible_memberships=True)
    booking = _book(wix, ANA, option="MEMBERSHIP")
    plan_order = _plan_order(wix, ANA)
    pool = _pool_of(wix, plan_order)
    checkout = _checkout(wix, booking["id"])
    (eligible,) = checkout["membershipOptions"]["eligibleMemberships"]
    assert eligible["id"] == plan_order["id"]  # membership_id_kind "order" (Open question 3)
    assert eligible["appId"] == PRICING_PLANS_APP_ID
    assert eligible["credits"] == {"total": 10, "remaining": 6}
    assert checkout["payNow"]["total"]["amount"] == "15.00"
    updated = _select(wix, checkout, eligible["id"])
    assert updated.status_code == 200, updated.text
    selected = updated.json()["checkout"]
    assert "membershipError" not in selected["calculationErrors"]
    assert selected["payNow"]["total"]["amount"] == "0.00"
    order_id = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    order = wix.ok("GET", f"{ORDERS}/{order_id}")["order"]
    assert (order["status"], order["paymentStatus"]) == ("APPROVED", "PAID")
    (payment,) = wix.ok("GET", f"/ecom/v1/payments/orders/{order_id}")["orderTransactions"][
        "payments"
    ]
    details = payment["membershipPaymentDetails"]
    assert details["membershipId"] == plan_order["id"]
    assert details["lineItemId"] == checkout["lineItems"][0]["id"]
    assert payment["status"] == "APPROVED"  # details.status was removed 2026-11-01 [ot]
    assert _credits(wix, pool["id"]) == "5"
    item = _extended(wix, booking["id"])
    assert (item["booking"]["status"], item["booking"]["paymentStatus"]) == ("CONFIRMED", "PAID")
    charged = item["transactions"]["chargedMembershipPaymentDetails"]
    assert charged["name"]["original"] == "10 Swim Pass"
    assert charged["credits"] == {"total": 10, "remaining": 5}


@pytest.mark.evidence("inferred stance: a MEMBERSHIP line must have a valid selected membership")
def test_membership_line_without_a_selection_cannot_be_ordered(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix, ANA, option="MEMBERSHIP")["id"])
    response = wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert response.status_code == 428
    error = _app_error(response)
    assert error["code"] == "CALCULATION_ERROR"
    assert "membershipError" in error["data"]


def test_out_of_credits_plan_is_listed_invalid_and_cannot_be_selected(wix: Wix) -> None:
    _kind(wix, checkout_lists_eligible_memberships=True)
    booking = _book(wix, BEN, option="MEMBERSHIP")
    plan_order = _plan_order(wix, BEN)
    checkout = _checkout(wix, booking["id"])
    assert checkout["membershipOptions"]["eligibleMemberships"] == []
    (invalid,) = checkout["membershipOptions"]["invalidMemberships"]
    assert invalid["reason"] == "OUT_OF_CREDITS"
    assert invalid["membership"]["id"] == plan_order["id"]
    selected = _select(wix, checkout, plan_order["id"]).json()["checkout"]
    error = selected["calculationErrors"]["membershipError"]["applicationError"]
    assert error["code"] == "OUT_OF_CREDITS"
    assert error["data"]["outOfCredits"] == {"required": 1, "remaining": 0}
    assert selected["payNow"]["total"]["amount"] == "15.00"
    response = wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert _app_error(response)["code"] == "CALCULATION_ERROR"


def test_selection_must_name_this_checkouts_line_item(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix, ANA, option="MEMBERSHIP")["id"])
    plan_order = _plan_order(wix, ANA)
    response = _select(wix, checkout, plan_order["id"], line_ids=["not-a-line-of-this-checkout"])
    assert response.status_code == 400
    missing = wix.call(
        "PATCH",
        f"{CHECKOUTS}/{checkout['id']}",
        {
            "checkout": {
                "membershipOptions": {
                    "selectedMemberships": {
                        "memberships": [
                            {
                                "id": plan_order["id"],
                                "lineItemIds": [checkout["lineItems"][0]["id"]],
                            }
                        ]
                    }
                }
            }
        },
    )
    assert missing.status_code == 400


def test_another_members_plan_cannot_be_selected(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix, CARA, option="MEMBERSHIP")["id"])
    selected = _select(wix, checkout, _plan_order(wix, ANA)["id"]).json()["checkout"]
    error = selected["calculationErrors"]["membershipError"]["applicationError"]
    assert error["code"] == "MEMBERSHIP_NOT_FOUND"


def test_unlimited_plan_pays_without_using_credits(wix: Wix) -> None:
    _kind(wix, checkout_lists_eligible_memberships=True)
    booking = _book(wix, CARA, option="MEMBERSHIP")
    checkout = _checkout(wix, booking["id"])
    (eligible,) = checkout["membershipOptions"]["eligibleMemberships"]
    assert "credits" not in eligible
    _select(wix, checkout, eligible["id"])
    order_id = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    assert wix.ok("GET", f"{ORDERS}/{order_id}")["order"]["paymentStatus"] == "PAID"
    assert _credits(wix, _pool_of(wix, _plan_order(wix, CARA))["id"]) == "0"


@pytest.mark.evidence("wix-ecom.md §3.2/§1.6: MEMBERSHIP_OFFLINE is priced 0 and charges nothing")
def test_membership_offline_charges_no_credit(wix: Wix) -> None:
    pool = _pool_of(wix, _plan_order(wix, ANA))
    booking = _book(wix, ANA, option="MEMBERSHIP_OFFLINE", skipSelectedPaymentOptionValidation=True)
    checkout = _checkout(wix, booking["id"])
    assert checkout["lineItems"][0]["paymentOption"] == "MEMBERSHIP_OFFLINE"
    assert checkout["priceSummary"]["total"]["amount"] == "0.00"
    order_id = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    order = wix.ok("GET", f"{ORDERS}/{order_id}")["order"]
    assert (order["status"], order["paymentStatus"]) == ("APPROVED", "PAID")
    assert (
        wix.ok("GET", f"/ecom/v1/payments/orders/{order_id}")["orderTransactions"]["payments"] == []
    )
    assert _credits(wix, pool["id"]) == "6"


def test_checkout_lists_no_memberships_when_the_site_does_not(wix: Wix) -> None:
    wix.control("POST", "switches", {"checkout_lists_eligible_memberships": False})
    checkout = _checkout(wix, _book(wix, ANA, option="MEMBERSHIP")["id"])
    assert checkout["membershipOptions"]["eligibleMemberships"] == []
    selected = _select(wix, checkout, _plan_order(wix, ANA)["id"]).json()["checkout"]
    error = selected["calculationErrors"]["membershipError"]["applicationError"]
    assert error["code"] == "MEMBERSHIP_NOT_FOUND"


# -- plans through order billing ----------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §11 (c) path 2: OFFLINE booking, order, charge-memberships")
def test_charge_memberships_pays_an_offline_order_with_one_credit(wix: Wix) -> None:
    _kind(wix, membership_charge_settles_after_reads=0)
    wix.control("POST", "switches", {"checkout_lists_eligible_memberships": False})
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    plan_order = _plan_order(wix, ANA)
    answer = wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, plan_order["id"]))
    (payment,) = answer["payments"]
    assert payment["status"] == "APPROVED"
    assert payment["membershipPaymentDetails"]["membershipId"] == plan_order["id"]
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "PAID"
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "PAID"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"


@pytest.mark.evidence("wix-ecom.md §7.3/§12 Q8: a repeat charge for the same line")
def test_charge_memberships_refuses_to_charge_a_line_twice(wix: Wix) -> None:
    _kind(wix, charge_memberships_rejects_repeat=True, membership_charge_settles_after_reads=0)
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    wix.ok("POST", CHARGE, body)
    again = wix.call("POST", CHARGE, body)
    assert again.status_code == 428
    assert _app_error(again)["code"] == "MEMBERSHIP_NOT_ELIGIBLE"
    assert _app_error(again)["data"]["errorType"] == "MEMBERSHIP_ALREADY_CHARGED"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"


def test_charge_memberships_is_all_or_nothing(wix: Wix) -> None:
    _kind(wix, charge_memberships_rejects_repeat=True, membership_charge_settles_after_reads=0)
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    body["memberships"] *= 2  # the second entry repeats the first line: refused
    assert wix.call("POST", CHARGE, body).status_code == 428
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "6"
    assert (
        wix.ok("GET", f"/ecom/v1/payments/orders/{order['id']}")["orderTransactions"]["payments"]
        == []
    )


def test_charge_memberships_charges_twice_where_wix_would(wix: Wix) -> None:
    wix.control("POST", "switches", {"charge_memberships_rejects_repeat": False})
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    wix.ok("POST", CHARGE, body)
    wix.ok("POST", CHARGE, body)
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "4"  # the double charge to avoid


@pytest.mark.parametrize(
    ("email", "owner", "plan", "error_type"),
    [
        (BEN, BEN, None, "OUT_OF_CREDITS"),
        (DAN, DAN, None, "ENDED"),
        (FINN, FINN, None, "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS"),
        ("lena.berg@example.org", ANA, None, "MEMBERSHIP_NOT_FOUND"),
    ],
)
def test_plan_charge_is_refused_with_the_reason(
    wix: Wix, email: str, owner: str, plan: str | None, error_type: str
) -> None:
    order = _order(wix, _book(wix, email)["id"])
    plan_order = _plan_order(wix, owner, plan)
    before = _credits(wix, _pool_of(wix, plan_order)["id"])
    response = wix.call("POST", CHARGE, _charge_body(wix, order, email, plan_order["id"]))
    assert response.status_code == 428
    assert _app_error(response)["code"] == "MEMBERSHIP_NOT_ELIGIBLE"
    assert _app_error(response)["data"]["errorType"] == error_type
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == before
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "NOT_PAID"


def test_plan_charge_refused_when_out_of_credits(wix: Wix) -> None:
    order = _order(wix, _book(wix, BEN)["id"])
    response = wix.call("POST", CHARGE, _charge_body(wix, order, BEN, _plan_order(wix, BEN)["id"]))
    assert _app_error(response)["data"]["outOfCredits"] == {"required": 1, "remaining": 0}


def test_plan_that_covers_the_service_is_charged_for_it(wix: Wix) -> None:
    order = _order(wix, _book(wix, FINN, service="Masters Swim")["id"])
    assert order["priceSummary"]["total"]["amount"] == "20.00"
    wix.ok("POST", CHARGE, _charge_body(wix, order, FINN, _plan_order(wix, FINN)["id"]))
    assert _credits(wix, _pool_of(wix, _plan_order(wix, FINN))["id"]) == "4"


def test_charge_memberships_for_an_unknown_order_is_404(wix: Wix) -> None:
    order = {"id": "no-such-order", "lineItems": [{"id": "x"}]}
    response = wix.call("POST", CHARGE, _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"]))
    assert response.status_code == 404
    assert _app_error(response)["code"] == "ORDER_NOT_FOUND"


def test_membership_id_can_be_the_pool_id(wix: Wix) -> None:
    wix.control("POST", "switches", {"membership_id_kind": "pool"})
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    pool = _pool_of(wix, plan_order)
    refused = wix.call("POST", CHARGE, _charge_body(wix, order, ANA, plan_order["id"]))
    assert _app_error(refused)["data"]["errorType"] == "MEMBERSHIP_NOT_FOUND"
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, pool["id"]))
    assert _credits(wix, pool["id"]) == "5"


def test_charge_memberships_needs_its_permission(wix: Wix) -> None:
    order = _order(wix, _book(wix, ANA)["id"])
    body = _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"])
    assert wix.call("POST", CHARGE, body, key="no-payments").status_code == 403


def test_payments_collector_charge_membership_charges_the_line(wix: Wix) -> None:
    _kind(wix, membership_charge_settles_after_reads=0)
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    line = order["lineItems"][0]
    answer = wix.ok(
        "POST",
        f"/ecom/v1/payments-collector/orders/{order['id']}/charge-membership",
        {
            "ecomOrderId": order["id"],
            "memberId": _member(wix, ANA),
            "membershipCharges": [
                {
                    "membershipId": plan_order["id"],
                    "appId": PRICING_PLANS_APP_ID,
                    "lineItemId": line["id"],
                    "catalogReference": line["catalogReference"],
                    "rootCatalogItemId": wix.service_id(),
                }
            ],
        },
    )
    assert answer == {}
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["paymentStatus"] == "PAID"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"


# -- cancelling -----------------------------------------------------------------------------------
def _cancel_booking(wix: Wix, booking_id: str, **body: Any) -> dict[str, Any]:
    revision = _extended(wix, booking_id)["booking"]["revision"]
    return wix.ok("POST", f"{CREATE_BOOKING}/{booking_id}/cancel", {"revision": revision, **body})[
        "booking"
    ]


@pytest.mark.evidence("wix-ecom.md §8: withRefund voids a membership payment, credits return")
def test_cancel_with_refund_returns_the_credit(wix: Wix) -> None:
    _kind(wix, checkout_lists_eligible_memberships=True)
    booking = _book(wix, ANA, option="MEMBERSHIP")
    checkout = _checkout(wix, booking["id"])
    _select(wix, checkout, checkout["membershipOptions"]["eligibleMemberships"][0]["id"])
    order_id = wix.ok("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})["orderId"]
    pool = _pool_of(wix, _plan_order(wix, ANA))
    assert _credits(wix, pool["id"]) == "5"
    _cancel_booking(wix, booking["id"], flowControlSettings={"withRefund": True})
    assert _credits(wix, pool["id"]) == "6"
    (payment,) = wix.ok("GET", f"/ecom/v1/payments/orders/{order_id}")["orderTransactions"][
        "payments"
    ]
    assert payment["status"] == "VOIDED"
    assert "status" not in payment["membershipPaymentDetails"]  # removed 2026-11-01 [ot]
    assert wix.ok("GET", f"{ORDERS}/{order_id}")["order"]["paymentStatus"] == "FULLY_REFUNDED"


def test_cancel_without_refund_keeps_the_credit_spent(wix: Wix) -> None:
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"]))
    _cancel_booking(wix, booking["id"])
    assert _credits(wix, _pool_of(wix, _plan_order(wix, ANA))["id"]) == "5"


@pytest.mark.evidence("wix-ecom.md §8: waiveCharges cancels an unpaid linked order")
def test_waive_charges_cancels_the_unpaid_order(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    _cancel_booking(wix, booking["id"], waiveCharges=True)
    assert wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]["status"] == "CANCELED"


@pytest.mark.evidence("wix-bookings.md §6.2: an Extended Bookings order can be CANCELED")
def test_waive_charges_cancel_still_shows_the_canceled_order(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    _cancel_booking(wix, booking["id"], waiveCharges=True)
    item = _extended(wix, booking["id"])
    assert item["order"]["id"] == order["id"]
    assert (item["order"]["status"], item["order"]["paymentStatus"]) == ("CANCELED", "NOT_PAID")
    assert (item["booking"]["status"], item["booking"]["paymentStatus"]) == (
        "CANCELED",
        "NOT_PAID",
    )


def test_cancelling_a_cash_paid_booking_leaves_the_money_alone(wix: Wix) -> None:
    _kind(wix, mark_as_paid_lag_reads=0)
    booking = _book(wix)
    order = _order(wix, booking["id"])
    assert _mark(wix, order["id"]).status_code == 200
    _cancel_booking(wix, booking["id"], waiveCharges=True, flowControlSettings={"withRefund": True})
    after = wix.ok("GET", f"{ORDERS}/{order['id']}")["order"]
    assert (after["status"], after["paymentStatus"]) == ("APPROVED", "PAID")
    (payment,) = wix.ok("GET", f"/ecom/v1/payments/orders/{order['id']}")["orderTransactions"][
        "payments"
    ]
    assert payment["status"] == "APPROVED"


@pytest.mark.evidence("wix-ecom.md §5.4: Cancel Order moves no money")
def test_cancel_order_cancels_but_does_not_refund(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    _mark(wix, order["id"])
    canceled = wix.ok(
        "POST",
        f"{ORDERS}/{order['id']}/cancel",
        {"id": order["id"], "sendOrderCanceledEmail": False},
    )["order"]
    assert (canceled["status"], canceled["paymentStatus"]) == ("CANCELED", "PAID")
    assert canceled["activities"][-1]["type"] == "ORDER_CANCELED"
    item = _extended(wix, booking["id"])
    assert (item["booking"]["status"], item["booking"]["paymentStatus"]) == ("CONFIRMED", "PAID")
    assert (item["order"]["status"], item["order"]["paymentStatus"]) == ("CANCELED", "PAID")


# -- the seeded club ------------------------------------------------------------------------------
def test_seeded_web_bookings_have_linked_orders(wix: Wix) -> None:
    paid = _extended_by_email(wix, "gus.petrov@example.org")
    unpaid = _extended_by_email(wix, "hana.sato@example.org")
    assert (paid["order"]["status"], paid["order"]["paymentStatus"]) == ("APPROVED", "PAID")
    assert (unpaid["order"]["status"], unpaid["order"]["paymentStatus"]) == ("APPROVED", "NOT_PAID")
    assert paid["booking"]["status"] == unpaid["booking"]["status"] == "CONFIRMED"


def _extended_by_email(wix: Wix, email: str) -> dict[str, Any]:
    found = wix.ok(
        "POST",
        EXTENDED,
        {
            "query": {"filter": {"contactDetails.contactId": wix.contact(email)["id"]}},
            "withEcomOrder": True,
        },
    )
    (item,) = found["extendedBookings"]
    return item


# -- the model's answers to Bookings -------------------------------------------------------------
def test_linked_order_prefers_the_newest_order_not_canceled(wix: Wix) -> None:
    from sync.sandbox.models import ecom

    booking = _book(wix)
    first = _order(wix, booking["id"])
    second = _order(wix, booking["id"])
    site = wix.sandbox.site
    assert ecom.linked_order(site, booking["id"])["id"] == second["id"]
    wix.ok("POST", f"{ORDERS}/{second['id']}/cancel", {"id": second["id"]})
    assert ecom.linked_order(site, booking["id"])["id"] == first["id"]
    wix.ok("POST", f"{ORDERS}/{first['id']}/cancel", {"id": first["id"]})
    assert ecom.linked_order(site, booking["id"])["id"] == second["id"]
    summary = ecom.order_summary(site, site.orders[first["id"]])
    assert set(summary) == {
        "id",
        "number",
        "status",
        "paymentStatus",
        "totalPrice",
        "bookingPrice",
        "balance",
        "currency",
    }
    assert summary["bookingPrice"]["amount"] == "15.00"
