"""Issue 12 §4: where Wix is silent the sandbox assumes the worst. Every switch added or
flipped for it, tested with its default (the answer that hurts the product most) and with
the kinder value. Expectations cite wix-2027.md and the SDK typings."""

from __future__ import annotations

from typing import Any

import pytest

from sync.sandbox.models.site import Switches
from tests.conftest import Wix
from tests.simulators.sandbox.test_ecom import (
    ANA,
    CASH,
    CHARGE,
    CHECKOUTS,
    ORDERS,
    _app_error,
    _book,
    _cancel_booking,
    _charge_body,
    _checkout,
    _credits,
    _extended,
    _mark,
    _order,
    _plan_order,
    _pool_of,
)

BULK = "/v1/bulk/payments-collector/mark-as-paid"
ECOM_BULK = "/ecom/v1/bulk/payments-collector/mark-as-paid"


def _switch(wix: Wix, **values: Any) -> None:
    wix.control("POST", "switches", values)


def _tx(wix: Wix, order_id: str) -> list[dict[str, Any]]:
    return wix.ok("GET", f"/ecom/v1/payments/orders/{order_id}")["orderTransactions"]["payments"]


def _status(wix: Wix, order_id: str) -> str:
    return wix.ok("GET", f"{ORDERS}/{order_id}")["order"]["paymentStatus"]


def test_the_defaults_are_the_pessimistic_answers() -> None:
    defaults = Switches()
    assert defaults.checkout_lists_eligible_memberships is False
    assert defaults.add_payment_marks_order_paid is False
    assert defaults.charge_memberships_rejects_repeat is False
    assert defaults.mark_as_paid_lag_reads == 1
    assert defaults.checkout_v1_removed is None
    assert defaults.unprefixed_bulk_mark_as_paid_served is False
    assert defaults.bulk_mark_as_paid_returns_item is False
    assert defaults.membership_charge_settles_after_reads == 1
    assert defaults.membership_charge_outcome == "APPROVED"
    assert defaults.checkout_requires_billing_address is True
    assert defaults.place_order_completed_for_offline is False
    assert defaults.mark_as_paid_allowed is True  # @internal: a site's probe decides


def test_switch_values_outside_their_set_are_refused(wix: Wix) -> None:
    for body in ({"membership_charge_outcome": "MAYBE"}, {"checkout_v1_removed": "soon"}):
        response = wix.session.post(f"{wix.base}/_sandbox/switches", json=body, timeout=5)
        assert response.status_code == 400


# -- checkout v1 removal ---------------------------------------------------------------------------
def _checkout_calls(wix: Wix, checkout_id: str) -> list[Any]:
    return [
        wix.call("POST", CHECKOUTS, {"channelType": "WEB", "lineItems": []}),
        wix.call("GET", f"{CHECKOUTS}/{checkout_id}"),
        wix.call("PATCH", f"{CHECKOUTS}/{checkout_id}", {"checkout": {"buyerNote": "x"}}),
        wix.call("POST", f"{CHECKOUTS}/{checkout_id}/create-order", {}),
    ]


@pytest.mark.evidence("wix-2027.md §3: Checkout v1 removed 2027-02-01 (@targetRemovalDate)")
def test_checkout_v1_is_gone_from_2027_02_01_by_the_site_clock(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix)["id"])  # 2026-06-15: still served
    wix.control("POST", "clock", {"now": "2027-02-01T00:00:00Z"})
    for response in _checkout_calls(wix, checkout["id"]):
        assert response.status_code == 404
        assert _app_error(response)["code"] == "NOT_FOUND"
    wix.control("POST", "clock", {"now": "2027-01-31T23:59:00Z"})
    assert wix.call("GET", f"{CHECKOUTS}/{checkout['id']}").status_code == 200


def test_checkout_v1_removal_can_be_forced_either_way(wix: Wix) -> None:
    checkout = _checkout(wix, _book(wix)["id"])
    _switch(wix, checkout_v1_removed=True)
    assert {r.status_code for r in _checkout_calls(wix, checkout["id"])} == {404}
    _switch(wix, checkout_v1_removed=False)
    wix.control("POST", "clock", {"now": "2027-06-01T00:00:00Z"})
    assert wix.call("GET", f"{CHECKOUTS}/{checkout['id']}").status_code == 200


# -- bulk mark-as-paid ----------------------------------------------------------------------------
@pytest.mark.evidence("wix-2027.md §1 #16: /v1/bulk/… has no www.wixapis.com mapping")
def test_unprefixed_bulk_mark_as_paid_is_404_by_default(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    response = wix.call("POST", BULK, {"ecomOrderIds": [order["id"]]})
    assert response.status_code == 404
    assert _status(wix, order["id"]) == "NOT_PAID"
    _switch(wix, unprefixed_bulk_mark_as_paid_served=True)
    assert wix.call("POST", BULK, {"ecomOrderIds": [order["id"]]}).status_code == 200


def test_prefixed_bulk_mark_as_paid_is_always_served_without_item_by_default(wix: Wix) -> None:
    first = _order(wix, _book(wix)["id"])
    second = _order(wix, _book(wix, ANA)["id"])
    (result,) = wix.ok("POST", ECOM_BULK, {"ecomOrderIds": [first["id"]]})["results"]
    assert result["itemMetadata"]["success"] is True
    assert "item" not in result
    _switch(wix, bulk_mark_as_paid_returns_item=True)
    (result,) = wix.ok("POST", ECOM_BULK, {"ecomOrderIds": [second["id"]]})["results"]
    assert result["item"]["id"] == second["id"]


# -- eligible memberships --------------------------------------------------------------------------
@pytest.mark.evidence("checkout:2005 membershipOptions 'Reserved for internal use'")
def test_checkout_lists_no_eligible_memberships_by_default(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP")
    assert _checkout(wix, booking["id"])["membershipOptions"]["eligibleMemberships"] == []
    _switch(wix, checkout_lists_eligible_memberships=True)
    assert len(_checkout(wix, booking["id"])["membershipOptions"]["eligibleMemberships"]) == 1


# -- plan charges settle later --------------------------------------------------------------------
@pytest.mark.evidence("order-billing 2441: payment status 'updated asynchronously'")
def test_a_plan_charge_is_pending_for_one_read_then_approved(wix: Wix) -> None:
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    plan_order = _plan_order(wix, ANA)
    (payment,) = wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, plan_order["id"]))["payments"]
    assert payment["status"] == "PENDING"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"  # held while pending
    assert _status(wix, order["id"]) == "NOT_PAID"  # read 1: still pending
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "PAID"  # read 2 settles
    (settled,) = _tx(wix, order["id"])
    assert settled["status"] == "APPROVED"
    assert _status(wix, order["id"]) == "PAID"


@pytest.mark.parametrize("reader", ["order", "transactions", "search", "extended"])
def test_each_kind_of_read_counts(wix: Wix, reader: str) -> None:
    _switch(wix, membership_charge_settles_after_reads=2)
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"]))

    def read() -> None:
        if reader == "order":
            wix.ok("GET", f"{ORDERS}/{order['id']}")
        elif reader == "transactions":
            _tx(wix, order["id"])
        elif reader == "search":
            wix.ok("POST", f"{ORDERS}/search", {"search": {"filter": {"id": {"$eq": order["id"]}}}})
        else:
            _extended(wix, booking["id"])

    for _ in range(2):
        read()
        assert wix.sandbox.site.orders[order["id"]]["paymentStatus"] == "NOT_PAID"
    read()
    assert wix.sandbox.site.orders[order["id"]]["paymentStatus"] == "PAID"


def test_a_plan_charge_settles_at_once_with_zero_reads(wix: Wix) -> None:
    _switch(wix, membership_charge_settles_after_reads=0)
    order = _order(wix, _book(wix, ANA)["id"])
    (payment,) = wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, _plan_order(wix, ANA)["id"]))[
        "payments"
    ]
    assert payment["status"] == "APPROVED"
    assert wix.sandbox.site.orders[order["id"]]["paymentStatus"] == "PAID"


@pytest.mark.parametrize("reads", [0, 1])
def test_a_declined_plan_charge_gives_the_credit_back(wix: Wix, reads: int) -> None:
    _switch(
        wix,
        membership_charge_outcome="DECLINED",
        membership_charge_settles_after_reads=reads,
        charge_memberships_rejects_repeat=True,
    )
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    plan_order = _plan_order(wix, ANA)
    pool = _pool_of(wix, plan_order)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    wix.ok("POST", CHARGE, body)
    for _ in range(reads + 1):
        (payment,) = _tx(wix, order["id"])
    assert payment["status"] == "DECLINED"
    assert _credits(wix, pool["id"]) == "6"
    assert _status(wix, order["id"]) == "NOT_PAID"
    assert _extended(wix, booking["id"])["booking"]["paymentStatus"] == "NOT_PAID"
    # a declined charge is no charge: the line can be charged again even when repeats are refused
    _switch(wix, membership_charge_outcome="APPROVED", membership_charge_settles_after_reads=0)
    wix.ok("POST", CHARGE, body)
    assert _status(wix, order["id"]) == "PAID"
    assert _credits(wix, pool["id"]) == "5"


def test_the_payments_collector_form_is_pending_too(wix: Wix) -> None:
    order = _order(wix, _book(wix, ANA)["id"])
    line = order["lineItems"][0]
    wix.ok(
        "POST",
        f"/ecom/v1/payments-collector/orders/{order['id']}/charge-membership",
        {
            "memberId": wix.contact(ANA)["memberId"],
            "membershipCharges": [
                {
                    "membershipId": _plan_order(wix, ANA)["id"],
                    "appId": "1522827f-c56c-a5c9-2ac9-00f9e6ae12d3",
                    "lineItemId": line["id"],
                }
            ],
        },
    )
    assert [p["status"] for p in _tx(wix, order["id"])] == ["PENDING"]
    assert [p["status"] for p in _tx(wix, order["id"])] == ["APPROVED"]


@pytest.mark.evidence("wix-ecom.md open question 8: a repeat charge of the same line")
def test_a_repeat_charge_charges_twice_by_default(wix: Wix) -> None:
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    wix.ok("POST", CHARGE, body)
    wix.ok("POST", CHARGE, body)  # the line is still pending: charged again
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "4"


def test_a_pending_charge_blocks_a_repeat_when_repeats_are_refused(wix: Wix) -> None:
    _switch(wix, charge_memberships_rejects_repeat=True)
    order = _order(wix, _book(wix, ANA)["id"])
    plan_order = _plan_order(wix, ANA)
    body = _charge_body(wix, order, ANA, plan_order["id"])
    assert wix.ok("POST", CHARGE, body)["payments"][0]["status"] == "PENDING"
    again = wix.call("POST", CHARGE, body)
    assert again.status_code == 428
    assert _app_error(again)["data"]["errorType"] == "MEMBERSHIP_ALREADY_CHARGED"
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "5"


def test_cancel_with_refund_voids_a_pending_charge(wix: Wix) -> None:
    booking = _book(wix, ANA)
    order = _order(wix, booking["id"])
    plan_order = _plan_order(wix, ANA)
    wix.ok("POST", CHARGE, _charge_body(wix, order, ANA, plan_order["id"]))
    _cancel_booking(wix, booking["id"], flowControlSettings={"withRefund": True})
    assert wix.sandbox.site.pending_charges == {}
    assert [p["status"] for p in wix.sandbox.site.payments[order["id"]]] == ["VOIDED"]
    assert _credits(wix, _pool_of(wix, plan_order)["id"]) == "6"


# -- checkout billing address ----------------------------------------------------------------------
@pytest.mark.evidence("checkout:4145: total > 0 needs billingInfo.address")
def test_create_order_needs_a_billing_address_when_money_is_due(wix: Wix) -> None:
    booking = _book(wix)
    checkout = _checkout(wix, booking["id"], checkoutInfo={})
    response = wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {})
    assert response.status_code == 400
    violation = response.json()["details"]["validationError"]["fieldViolations"][0]
    assert (violation["field"], violation["violatedRule"]) == (
        "billingInfo.address",
        "REQUIRED_FIELD",
    )
    _switch(wix, checkout_requires_billing_address=False)
    assert wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {}).status_code == 200


def test_a_zero_total_checkout_needs_no_billing_address(wix: Wix) -> None:
    booking = _book(wix, ANA, option="MEMBERSHIP_OFFLINE", skipSelectedPaymentOptionValidation=True)
    checkout = _checkout(wix, booking["id"], checkoutInfo={})
    assert wix.call("POST", f"{CHECKOUTS}/{checkout['id']}/create-order", {}).status_code == 200


# -- Add Payments ---------------------------------------------------------------------------------
@pytest.mark.evidence("order-transactions docs: Add Payments only records the payments")
def test_add_payment_records_but_does_not_pay_by_default(wix: Wix) -> None:
    booking = _book(wix)
    order = _order(wix, booking["id"])
    path = f"/ecom/v1/payments/orders/{order['id']}/add-payment"
    wix.ok("POST", path, {"payments": [CASH]})
    assert _status(wix, order["id"]) == "NOT_PAID"
    assert _tx(wix, order["id"])[0]["status"] == "APPROVED"
    _switch(wix, add_payment_marks_order_paid=True)
    other = _order(wix, _book(wix, ANA)["id"])
    wix.ok("POST", f"/ecom/v1/payments/orders/{other['id']}/add-payment", {"payments": [CASH]})
    assert _status(wix, other["id"]) == "PAID"


@pytest.mark.evidence("order-transactions:128 regularPaymentDetails.status removed 2026-11-01")
def test_add_payment_refuses_the_removed_regular_status(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    old = {**CASH, "regularPaymentDetails": {**CASH["regularPaymentDetails"], "status": "APPROVED"}}
    response = wix.call(
        "POST", f"/ecom/v1/payments/orders/{order['id']}/add-payment", {"payments": [old]}
    )
    assert response.status_code == 400
    violation = response.json()["details"]["validationError"]["fieldViolations"][0]
    assert violation["field"] == "payments[0].regularPaymentDetails.status"
    assert _tx(wix, order["id"]) == []


def test_only_the_top_level_status_counts(wix: Wix) -> None:
    _switch(wix, add_payment_marks_order_paid=True)
    order = _order(wix, _book(wix)["id"])
    pending = {**CASH, "status": "PENDING"}
    wix.ok("POST", f"/ecom/v1/payments/orders/{order['id']}/add-payment", {"payments": [pending]})
    assert _tx(wix, order["id"])[0]["status"] == "PENDING"
    assert _status(wix, order["id"]) == "NOT_PAID"


# -- mark-as-paid ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "method",
    [
        {"predefined": "CASH"},
        {"predefined": "CHECK"},
        {"predefined": "BANK_TRANSFER"},
        {"custom": "card"},
    ],
)
def test_mark_as_paid_records_the_payment_method(wix: Wix, method: dict[str, str]) -> None:
    order = _order(wix, _book(wix)["id"])
    wix.ok(
        "POST",
        f"/ecom/v1/payments-collector/orders/{order['id']}/mark-as-paid",
        {"userDefinedPaymentMethodName": method},
    )
    (payment,) = _tx(wix, order["id"])
    assert payment["regularPaymentDetails"]["paymentMethodName"] == {"userDefinedName": method}
    assert "status" not in payment["regularPaymentDetails"]  # removed 2026-11-01


@pytest.mark.parametrize(
    "method",
    [
        {"predefined": "CARD"},
        {"predefined": "CASH", "custom": "card"},
        {"custom": "x" * 151},
        {"name": "cash"},
        "CASH",
    ],
)
def test_mark_as_paid_refuses_a_bad_payment_method(wix: Wix, method: Any) -> None:
    order = _order(wix, _book(wix)["id"])
    response = wix.call(
        "POST",
        f"/ecom/v1/payments-collector/orders/{order['id']}/mark-as-paid",
        {"userDefinedPaymentMethodName": method},
    )
    assert response.status_code == 400
    assert _tx(wix, order["id"]) == []


@pytest.mark.evidence("orders internal 9446: paymentStatus *eventually* changes to PAID")
def test_mark_as_paid_lags_one_read_by_default(wix: Wix) -> None:
    order = _order(wix, _book(wix)["id"])
    assert _mark(wix, order["id"]).json()["order"]["paymentStatus"] == "PAID"
    assert [_status(wix, order["id"]) for _ in range(2)] == ["NOT_PAID", "PAID"]
    _switch(wix, mark_as_paid_lag_reads=0)
    other = _order(wix, _book(wix, ANA)["id"])
    _mark(wix, other["id"])
    assert _status(wix, other["id"]) == "PAID"


# -- Cart V2 place-order `completed` ---------------------------------------------------------------
def test_place_order_completed_is_false_for_a_pay_later_order_by_default(wix: Wix) -> None:
    from tests.simulators.sandbox.carts import _cart, _place

    first = _place(wix, _cart(wix, _book(wix)["id"])["id"]).json()
    assert first["completed"] is False
    _switch(wix, place_order_completed_for_offline=True)
    second = _place(wix, _cart(wix, _book(wix, ANA)["id"])["id"]).json()
    assert second["completed"] is True
    assert _status(wix, second["orderId"]) == "NOT_PAID"
