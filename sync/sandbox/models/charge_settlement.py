"""A plan charge settles later: the PENDING membership payment and the read that settles it.

Order Billing ``chargeMemberships`` [ob 2441-2461]: "The status will be updated
asynchronously on the returned payments". Wix says nothing about when, so the sandbox picks a
deterministic rule (wix-2027.md §5 #7):

* a charge (order billing or the payments-collector form) records its payment ``PENDING``
  with ``Switches.membership_charge_settles_after_reads = n`` reads to go and the outcome
  ``Switches.membership_charge_outcome`` had at charge time;
* a *read* of the order is a Get Order, a List Transactions of it, a Search Orders page that
  holds it, or an Extended Bookings item showing it (``withEcomOrder``). The first ``n``
  reads after the charge still show ``PENDING``; the next read settles it before answering.
  ``n = 0`` settles before the charge call answers;
* ``APPROVED``: the payment counts, the order becomes ``PAID``, the booking is synced.
  ``DECLINED``: the credit comes back (``plan_credits.refund``), the order stays ``NOT_PAID``;
* a PENDING charge holds its credit, and counts as a charge for
  ``Switches.charge_memberships_rejects_repeat``; cancelling the booking with ``withRefund``
  voids it (credit back) — :func:`forget` drops it from the pending list.

Not simulated: webhooks, a settlement that takes wall-clock time, a charge that stays pending
forever.
"""

from __future__ import annotations

from typing import Any

from sync.sandbox.models import orders, plan_credits
from sync.sandbox.models.site import Site


def start(site: Site, order: dict[str, Any], payment: dict[str, Any]) -> None:
    """A Charge Memberships payment was just recorded ``PENDING``."""
    reads = int(site.switches.membership_charge_settles_after_reads)
    outcome = str(site.switches.membership_charge_outcome)
    if reads <= 0:
        _settle(site, order, payment, outcome)
        return
    site.pending_charges[payment["id"]] = {
        "orderId": order["id"],
        "readsLeft": reads,
        "outcome": outcome,
    }


def on_read(site: Site, order_id: str) -> None:
    """One read of the order: count it down, or settle what has waited long enough."""
    for payment_id, entry in list(site.pending_charges.items()):
        if entry["orderId"] != order_id:
            continue
        if entry["readsLeft"] > 0:
            entry["readsLeft"] -= 1
            continue
        del site.pending_charges[payment_id]
        order = site.orders.get(order_id)
        payment = next(
            (p for p in site.payments.get(order_id, []) if p.get("id") == payment_id), None
        )
        if order is not None and payment is not None and payment.get("status") == "PENDING":
            _settle(site, order, payment, entry["outcome"])


def forget(site: Site, payment_id: str) -> None:
    """The pending payment ended another way (voided by a cancel with refund)."""
    site.pending_charges.pop(payment_id, None)


def _settle(site: Site, order: dict[str, Any], payment: dict[str, Any], outcome: str) -> None:
    payment["status"] = outcome
    payment["updatedDate"] = site.stamp()
    if outcome != "APPROVED":
        details = payment.get("membershipPaymentDetails") or {}
        plan_credits.refund(site, details.get("externalTransactionId", ""))
    orders.recompute(site, order)
