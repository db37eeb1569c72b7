"""Charging a plan for an order line: Charge Memberships in both forms, and what Extended
Bookings shows of the plan that paid.

Follows ``@wix/auto_sdk_ecom_order-billing@1.0.110`` (``chargeMemberships``, wix-ecom.md
§7.3) and the payments-collector form of ``@wix/auto_sdk_ecom_orders@1.0.300``; the reasons
a plan cannot pay are the ecom Memberships SPI's (``plan_credits.Ineligible``).

* a plan is charged exactly once per line: by a valid selection at create-order
  (:mod:`.checkout`) or here (a repeat is refused or charged twice, per
  ``Switches.charge_memberships_rejects_repeat``);
* a charge takes the plan's credits (``plan_credits.charge``) and records one membership payment
  for the line's full price: ``APPROVED`` at once for a checkout selection, ``PENDING`` for
  Charge Memberships ("the status will be updated asynchronously on the returned payments"
  [ob]) until it settles on a later read (:mod:`.charge_settlement`);
* the payment carries only the top-level ``status``: ``membershipPaymentDetails.status`` and
  ``.voided`` were removed on 2026-11-01 [ot].

Not simulated: ``futureMembership`` (a plan bought in the same order), refunds through order
billing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import booking_link, charge_settlement, orders, plan_credits, plans, prices
from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID, Site, parse_iso

#: payment statuses that no longer hold a charge (wix-ecom.md §9, Charge Memberships row)
DEAD_PAYMENT = ("CANCELED", "DECLINED", "VOIDED")


@dataclass(frozen=True)
class ChargeRequest:
    """One line to charge to one membership (order billing or payments collector)."""

    line_item_id: str
    app_id: str
    membership_id: str
    #: used only when the line is not a booking the sandbox knows (orders package body)
    service_id: str | None = None
    scheduled: str | None = None


def charge_memberships(
    site: Site, order_id: str, member_id: str, requests: list[ChargeRequest]
) -> list[dict[str, Any]]:
    """Charge Memberships (``POST /ecom/v1/order-billing/charge-memberships``) [ob], §7.3.

    404 ``ORDER_NOT_FOUND``; 428 ``MEMBERSHIP_NOT_ELIGIBLE`` with the SPI reason in ``data``
    (``errorType`` + its payload) when the plan is unknown or not the member's, does not
    cover the service, has not started or has ended at the session date (or by status), or
    is out of credits. A line already charged (a live membership payment exists) is refused
    with 428 ``MEMBERSHIP_NOT_ELIGIBLE`` (``errorType: MEMBERSHIP_ALREADY_CHARGED``) when
    ``Switches.charge_memberships_rejects_repeat``, else **charged again** (Open question 8).
    A canceled order: 428 ``ORDER_CANCELED`` (declared for Charge Order; not for this one).
    Payments come back ``PENDING`` and settle later (``Switches.
    membership_charge_settles_after_reads`` / ``membership_charge_outcome``; ``0`` reads
    settles before answering). All-or-nothing relies on the route's transaction.
    """
    order = orders.order_by_id(site, order_id)
    if order["status"] == "CANCELED":
        raise errors.FailedPrecondition("ORDER_CANCELED", "The order is canceled")
    made = []
    for request in requests:
        made.append(_charge_request(site, order, member_id, request))
    for payment in made:
        charge_settlement.start(site, order, payment)
    orders.recompute(site, order)
    return made


def _not_eligible(
    reason: plan_credits.Ineligible, membership: str, line_id: str
) -> errors.WixError:
    return errors.FailedPrecondition(
        "MEMBERSHIP_NOT_ELIGIBLE",
        reason.description,
        data={**reason.data(membership, line_id), "lineItemId": line_id},
    )


def _charge_request(
    site: Site, order: dict[str, Any], member_id: str, request: ChargeRequest
) -> dict[str, Any]:
    line = next((li for li in order["lineItems"] if li.get("id") == request.line_item_id), None)
    if line is None:
        reason = plan_credits.Ineligible(
            "LINE_ITEM_NOT_FOUND",
            f"Order has no line {request.line_item_id}",
            {"lineItemNotFoundInfo": {"lineItemIds": [request.line_item_id]}},
        )
        raise _not_eligible(reason, request.membership_id, request.line_item_id)
    holding = None
    if request.app_id == PRICING_PLANS_APP_ID:
        holding = plans.find_holding(site, request.membership_id)
    if holding is None:
        raise _not_eligible(
            plan_credits.not_found(request.membership_id),
            request.membership_id,
            request.line_item_id,
        )
    live = next(
        (
            p
            for p in site.payments.get(order["id"], [])
            if (p.get("membershipPaymentDetails") or {}).get("lineItemId") == line["id"]
            and p.get("status") not in DEAD_PAYMENT
        ),
        None,
    )
    if live is not None and site.switches.charge_memberships_rejects_repeat:
        transaction = live["membershipPaymentDetails"].get("externalTransactionId")
        reason = plan_credits.Ineligible(
            "MEMBERSHIP_ALREADY_CHARGED",
            "This line is already charged",
            {"membershipAlreadyCharged": {"transactionId": transaction}},
        )
        raise _not_eligible(reason, request.membership_id, line["id"])
    service_id, when, count = _line_context(site, line, request)
    return charge_line(
        site,
        order,
        line["id"],
        holding,
        request.membership_id,
        member_id=member_id,
        service_id=service_id,
        when=when,
        count=count,
        status="PENDING",
    )


def _line_context(
    site: Site, line: dict[str, Any], request: ChargeRequest
) -> tuple[str | None, datetime, int]:
    """Service, session date and participants of an order line: from its booking when the
    line is a Bookings item the sandbox knows (whatever the body says), else from the body
    (orders-package form), else unknown (no plan covers it)."""
    ref = line.get("catalogReference") or {}
    booking = None
    if ref.get("appId") == BOOKINGS_APP_ID:
        booking = site.bookings.get(ref.get("catalogItemId", ""))
    if booking is not None:
        return (
            booking["bookedEntity"]["slot"]["serviceId"],
            parse_iso(booking["startDate"]),
            int(booking.get("totalParticipants") or 1),
        )
    when = parse_iso(request.scheduled) if request.scheduled else site.now()
    return request.service_id, when, 1


def charge_line(
    site: Site,
    order: dict[str, Any],
    line_id: str,
    holding: plans.Holding,
    membership: str,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int,
    status: str = "APPROVED",
) -> dict[str, Any]:
    """Take the credit and record the membership payment for the line's full price, with
    ``status`` (``PENDING`` until :mod:`.charge_settlement` settles it)."""
    try:
        taken = plan_credits.charge(
            site,
            holding,
            member_id=member_id,
            service_id=service_id,
            when=when,
            count=count,
            order_id=order["id"],
            line_item_id=line_id,
        )
    except plan_credits.NotEligible as exc:
        raise _not_eligible(exc.reason, membership, line_id) from exc
    line = next(li for li in order["lineItems"] if li.get("id") == line_id)
    amount = prices.amount(line.get("lineItemPrice") or line.get("price"))
    now = site.stamp()
    payment = {
        "id": site.ids.guid(),
        "createdDate": now,
        "updatedDate": now,
        "amount": prices.price(site, amount),
        "refundDisabled": False,
        "supportReceiptGeneration": False,
        "status": status,
        "membershipPaymentDetails": {
            "membershipId": membership,
            "lineItemId": line_id,
            "name": {"original": holding.plan["name"], "translated": holding.plan["name"]},
            "externalTransactionId": taken["id"],
            "providerAppId": PRICING_PLANS_APP_ID,
        },
    }
    site.payments.setdefault(order["id"], []).append(payment)
    return payment


# -- what Extended Bookings shows -----------------------------------------------------------------
def membership_payments(site: Site, order_id: str) -> list[dict[str, Any]]:
    """The order's payments made by a plan (live or voided)."""
    return [p for p in site.payments.get(order_id, []) if p.get("membershipPaymentDetails")]


def charged_membership_details(site: Site, booking_id: str) -> dict[str, Any] | None:
    """Extended Bookings ``transactions.chargedMembershipPaymentDetails`` [xb]:
    ``{name, expirationDate, credits {total, remaining}}`` of the plan that paid the linked
    order (credits omitted for an unlimited plan, expirationDate for an open-ended one)."""
    order = booking_link.linked_order(site, booking_id)
    if order is None:
        return None
    for payment in membership_payments(site, order["id"]):
        if payment.get("status") != "APPROVED":
            continue
        transaction = payment["membershipPaymentDetails"].get("externalTransactionId")
        taken = plan_credits.redemption(site, transaction)
        holding = plans.holding_of_pool_id(site, taken["poolId"]) if taken else None
        if holding is None:
            continue
        details: dict[str, Any] = {
            "name": {"original": holding.plan["name"], "translated": holding.plan["name"]}
        }
        if holding.order.get("endDate"):
            details["expirationDate"] = holding.order["endDate"]
        credits = plan_credits.credits_view(holding)
        if credits is not None:
            details["credits"] = credits
        return details
    return None
