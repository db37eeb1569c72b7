"""Collecting payments on an order: mark-as-paid, Order Transactions (list, Add Payments),
and what cancelling a booking does to its order's money.

Follows ``@wix/auto_sdk_ecom_orders@1.0.300`` (SDK-internal payments collector) and
``…_order-transactions@1.0.108`` (wix-ecom.md §6, §8); charging a plan is in
:mod:`.membership_charges`.

* mark-as-paid creates one approved offline payment for the balance, recording the
  ``userDefinedPaymentMethodName`` it was given (``predefined`` CASH / CHECK / BANK_TRANSFER
  or ``custom``), refuses a paid order (``ORDER_ALREADY_PAID``), and may lag
  (``Switches.mark_as_paid_lag_reads``); Add Payments records what it is given, every time
  (no idempotency), refuses ``regularPaymentDetails.status`` (removed 2026-11-01 [ot]:
  answered like any undeclared field), and moves the order's ``paymentStatus`` only if
  ``Switches.add_payment_marks_order_paid``;
* cancelling a booking with ``withRefund`` voids its membership payment (approved or still
  pending) and gives the credit back; ``waiveCharges`` cancels an unpaid linked order; a cash
  payment is never touched. This holds for orders placed from a checkout or a Cart V2 cart.

Not simulated: online payment gateways, refunds of money, authorizations and captures.
"""

from __future__ import annotations

import copy
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import (
    booking_link,
    bulk,
    charge_settlement,
    membership_charges,
    orders,
    plan_credits,
    prices,
)
from sync.sandbox.models.site import BOOKINGS_APP_ID, Site

#: ``UserDefinedPaymentMethodName.predefined`` [or internal d.ts 4651]
PREDEFINED_METHODS = frozenset({"CASH", "BANK_TRANSFER", "CHECK"})

PAYMENT_STATUSES = frozenset(
    {
        "APPROVED",
        "PENDING",
        "PENDING_MERCHANT",
        "CANCELED",
        "DECLINED",
        "REFUNDED",
        "PARTIALLY_REFUNDED",
        "AUTHORIZED",
        "VOIDED",
    }
)


# -- marking paid ---------------------------------------------------------------------------------
def mark_as_paid(site: Site, order_id: str, method_name: Any = None) -> dict[str, Any]:
    """Mark As Paid (``POST /ecom/v1/payments-collector/orders/{ecomOrderId}/mark-as-paid``,
    SDK-internal ``paymentCollectionMarkOrderAsPaid``) [or], wix-ecom.md §6 A.

    403 when ``Switches.mark_as_paid_allowed`` is off (Open question 1). Creates one approved
    offline payment for the balance and makes the order ``PAID`` (approving it if needed);
    with ``Switches.mark_as_paid_lag_reads = n`` (default 1) the next *n* reads still show
    ``NOT_PAID``. ``userDefinedPaymentMethodName`` is recorded as the payment's
    ``regularPaymentDetails.paymentMethodName.userDefinedName`` (:func:`payment_method_name`:
    a bad one is 400 before anything else). Refused: 428 ``ORDER_ALREADY_PAID`` (nothing
    left to pay); 428 ``ORDER_CANCELED`` for a canceled order (the code the sibling
    collector endpoints declare; this one declares none for it).
    """
    _collector_allowed(site)
    chosen = payment_method_name(method_name)
    order = orders.order_by_id(site, order_id)
    if order["status"] == "CANCELED":
        raise errors.FailedPrecondition("ORDER_CANCELED", "The order is canceled")
    if order["paymentStatus"] == "PAID":
        raise errors.FailedPrecondition(
            "ORDER_ALREADY_PAID", "The order is already paid", data={"orderId": order_id}
        )
    if not order.get("balanceSummary"):
        orders.recompute(site, order, sync=False)
    balance = prices.amount(order["balanceSummary"]["balance"])
    if balance <= 0 and order["paymentStatus"] in ("PAID", "FULLY_REFUNDED"):
        raise errors.FailedPrecondition(
            "ORDER_ALREADY_PAID", "Nothing is left to pay", data={"orderId": order_id}
        )
    details: dict[str, Any] = {"offlinePayment": True, "savedPaymentMethod": False}
    if chosen:
        details["paymentMethodName"] = {"userDefinedName": chosen}
    now = site.stamp()
    site.payments.setdefault(order_id, []).append(
        {
            "id": site.ids.guid(),
            "createdDate": now,
            "updatedDate": now,
            "amount": prices.price(site, balance),
            "refundDisabled": False,
            "supportReceiptGeneration": False,
            "status": "APPROVED",
            "regularPaymentDetails": details,
        }
    )
    orders.recompute(site, order)
    if site.switches.mark_as_paid_lag_reads > 0:
        site.pending_paid[order_id] = int(site.switches.mark_as_paid_lag_reads)
    return order


def payment_method_name(given: Any) -> dict[str, str]:
    """``userDefinedPaymentMethodName`` [or internal d.ts 4625]: a oneof of ``predefined``
    (CASH, BANK_TRANSFER, CHECK) and ``custom`` (1–150 characters, e.g. ``"card"``). Both at
    once, an unknown ``predefined`` or another key: 400. Empty or absent: none recorded."""
    where = "userDefinedPaymentMethodName"
    if given in (None, {}):
        return {}
    if not isinstance(given, dict):
        raise errors.invalid(where, "must be an object")
    unknown = sorted(set(given) - {"predefined", "custom"})
    if unknown:
        raise errors.ValidationFailed(
            [
                (f"{where}.{name}", "is not a field of this request", "UNKNOWN_FIELD")
                for name in unknown
            ]
        )
    set_ = {k: v for k, v in given.items() if v not in (None, "")}
    if len(set_) > 1:
        raise errors.invalid(where, "set either predefined or custom, not both", "ONE_OF")
    if "predefined" in set_ and set_["predefined"] not in PREDEFINED_METHODS:
        raise errors.invalid(
            f"{where}.predefined", f"must be one of {', '.join(sorted(PREDEFINED_METHODS))}", "ENUM"
        )
    custom = set_.get("custom")
    if custom is not None and (not isinstance(custom, str) or not 1 <= len(custom) <= 150):
        raise errors.invalid(f"{where}.custom", "must be a string of 1 to 150 characters")
    return {k: str(v) for k, v in set_.items()}


def _collector_allowed(site: Site) -> None:
    if not site.switches.mark_as_paid_allowed:
        raise errors.PermissionDenied(
            "ECOM.MODIFY_ORDERS",
            "(this site does not let API keys call the payments collector: "
            "switch mark_as_paid_allowed is off)",
        )


def bulk_mark_as_paid(
    site: Site, order_ids: list[Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Bulk Mark Orders As Paid (``POST /ecom/v1/bulk/payments-collector/mark-as-paid``; the
    SDK's ``/v1/bulk/…`` only per ``Switches.unprefixed_bulk_mark_as_paid_served``) [or]:
    per-order results; a failing order does not stop the others. ``item`` (the order, PAID
    "optimistically", §6 A') only when ``Switches.bulk_mark_as_paid_returns_item``: the
    typings return it "when returnFullEntity = true", a request field that does not exist."""
    _collector_allowed(site)
    results = []
    for index, order_id in enumerate(order_ids):
        meta: dict[str, Any] = {"id": order_id, "originalIndex": index}
        try:
            order = mark_as_paid(site, str(order_id))
        except errors.WixError as exc:
            meta.update(success=False, error={"code": exc.code, "description": exc.description})
            results.append({"itemMetadata": meta})
            continue
        meta["success"] = True
        result: dict[str, Any] = {"itemMetadata": meta}
        if site.switches.bulk_mark_as_paid_returns_item:
            result["item"] = order
        results.append(result)
    return results, bulk.metadata(results)


# -- transactions ---------------------------------------------------------------------------------
def order_transactions(site: Site, order_id: str) -> dict[str, Any]:
    """List Transactions For Single Order (``GET /ecom/v1/payments/orders/{orderId}``) [ot].
    A read of the order for a pending plan charge (:mod:`.charge_settlement`)."""
    orders.order_by_id(site, order_id)
    charge_settlement.on_read(site, order_id)
    return {"orderId": order_id, "payments": site.payments.get(order_id, []), "refunds": []}


def add_payments(site: Site, order_id: str, payments: list[Any]) -> list[str]:
    """Add Payments (``POST /ecom/v1/payments/orders/{orderId}/add-payment``) [ot], §6 C.

    "Does NOT perform the actual charging – only updates the order with records of the
    payments": each payment is stored as sent (plus ``id`` and dates) — a repeat call
    records the payments again. Its top-level ``status`` is what counts;
    ``regularPaymentDetails.status`` (removed 2026-11-01 [ot]) is refused with 400. A
    ``membershipPaymentDetails`` payment recorded here takes no credit. The order's
    ``paymentStatus`` is recomputed only when ``Switches.add_payment_marks_order_paid``
    (Open question 2). Returns the new ids.
    """
    order = orders.order_by_id(site, order_id)
    now = site.stamp()
    added = []
    for index, given in enumerate(payments):
        where = f"payments[{index}]"
        if not isinstance(given, dict):
            raise errors.invalid(where, "must be an object")
        if not isinstance(given.get("amount"), dict) or given["amount"].get("amount") in (None, ""):
            raise errors.required(f"{where}.amount.amount")
        prices.amount(given["amount"], f"{where}.amount.amount")
        if given.get("status") is not None and given["status"] not in PAYMENT_STATUSES:
            raise errors.invalid(f"{where}.status", "is not a payment status", "ENUM")
        regular = given.get("regularPaymentDetails")
        if isinstance(regular, dict) and "status" in regular:
            raise errors.ValidationFailed(
                [
                    (
                        f"{where}.regularPaymentDetails.status",
                        "is not a field of this request (removed 2026-11-01: use status)",
                        "UNKNOWN_FIELD",
                    )
                ]
            )
        payment = copy.deepcopy(given)
        # read-only fields the typings declare non-nullable in the answer
        payment.setdefault("refundDisabled", False)
        payment["supportReceiptGeneration"] = False
        if isinstance(payment.get("regularPaymentDetails"), dict):
            payment["regularPaymentDetails"].setdefault("savedPaymentMethod", False)
        payment["id"] = site.ids.guid()
        payment["amount"] = prices.price(site, prices.amount(given["amount"]))
        payment.setdefault("createdDate", now)
        payment["updatedDate"] = now
        added.append(payment)
    site.payments.setdefault(order_id, []).extend(added)
    if site.switches.add_payment_marks_order_paid:
        orders.recompute(site, order)
    return [p["id"] for p in added]


# -- cancelling a booking -------------------------------------------------------------------------
def on_booking_canceled(
    site: Site, booking: dict[str, Any], *, with_refund: bool, waive_charges: bool
) -> None:
    """Cancel Booking's effect on its live linked order (wix-ecom.md §8, wix-bookings.md §5.6).

    ``with_refund``: "refund only if refundable — currently = paid with a membership": each
    charged membership payment becomes ``VOIDED`` and its credit comes back. ``waive_charges``:
    an order that is ``NOT_PAID``/``PARTIALLY_PAID`` with a positive balance, all of whose
    lines are Bookings items, is ``CANCELED`` (booking fees and extra fees are not
    simulated). A cash payment is never touched.
    """
    order = booking_link.linked_order(site, booking["id"])
    if order is None or order["status"] == "CANCELED":
        return  # no live order left (linked_order prefers one that is not canceled)
    if with_refund:
        voided = False
        for payment in membership_charges.membership_payments(site, order["id"]):
            if payment.get("status") not in ("APPROVED", "PENDING"):
                continue
            details = payment["membershipPaymentDetails"]
            plan_credits.refund(site, details.get("externalTransactionId", ""))
            payment["status"] = "VOIDED"
            payment["updatedDate"] = site.stamp()
            charge_settlement.forget(site, payment["id"])
            voided = True
        if voided:
            orders.recompute(site, order, sync=False)
    all_bookings = all(
        (li.get("catalogReference") or {}).get("appId") == BOOKINGS_APP_ID
        for li in order["lineItems"]
    )
    balance = prices.amount((order.get("balanceSummary") or {}).get("balance"))
    if (
        waive_charges
        and all_bookings
        and balance > 0
        and order["paymentStatus"] in ("NOT_PAID", "PARTIALLY_PAID")
    ):
        order["status"] = "CANCELED"
        order["updatedDate"] = site.stamp()
        order["activities"].append(orders.activity(site, "ORDER_CANCELED"))
        site.pending_paid.pop(order["id"], None)
