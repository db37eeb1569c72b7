"""What must hold in Wix after any run, whatever failed on the way: per attendee at most one
active booking, one linked order, one cash payment and one plan charge."""

from __future__ import annotations

from typing import Any

from sync.flows import Attendee, Payment
from sync.sandbox import Sandbox
from sync.sandbox.models import crm

ACTIVE = ("CREATED", "PENDING", "CONFIRMED")


def bookings_of(sandbox: Sandbox, a: Attendee, *, active: bool = True) -> list[dict[str, Any]]:
    site = sandbox.site
    contact = crm.contact_by_email(site, a.email)
    if contact is None:
        return []
    day = a.session_date.isoformat()
    return [
        b
        for b in site.bookings.values()
        if b["contactDetails"].get("contactId") == contact["id"]
        and b["bookedEntity"]["slot"]["startDate"].startswith(day)
        and b["bookedEntity"]["title"] == a.class_name
        and (b["status"] in ACTIVE or not active)
    ]


def linked_orders(sandbox: Sandbox, booking_id: str) -> list[dict[str, Any]]:
    site = sandbox.site
    return [
        site.orders[o]
        for o, b in site.order_links.items()
        if b == booking_id and site.orders[o]["status"] != "CANCELED"
    ]


def approved_cash(sandbox: Sandbox, order_id: str) -> list[dict[str, Any]]:
    return [
        x
        for x in sandbox.site.payments.get(order_id, [])
        if (x.get("regularPaymentDetails") or {}).get("offlinePayment")
        and x.get("status") == "APPROVED"
    ]


def plan_charges(sandbox: Sandbox, order_id: str) -> list[dict[str, Any]]:
    return [
        r
        for r in sandbox.site.redemptions
        if r["type"] == "REDEEM" and r.get("orderId") == order_id and not r["canceled"]
    ]


def assert_exactly_once(sandbox: Sandbox, attendees: list[Attendee], *, settled: bool) -> None:
    """``settled``: faults have stopped and every valid row must have reached its end."""
    for a in attendees:
        active = bookings_of(sandbox, a)
        assert len(active) <= 1, f"{a.row_id}: {len(active)} active bookings"
        all_orders = [
            o
            for b in bookings_of(sandbox, a, active=False)
            for o in linked_orders(sandbox, b["id"])
        ]
        for order in all_orders:
            assert len(approved_cash(sandbox, order["id"])) <= 1, f"{a.row_id}: two cash payments"
            assert len(plan_charges(sandbox, order["id"])) <= 1, f"{a.row_id}: plan charged twice"
        for booking in active:
            assert len(linked_orders(sandbox, booking["id"])) <= 1, f"{a.row_id}: two orders"
        if not settled or a.payment == Payment.CANCEL:
            continue
        assert len(active) == 1, f"{a.row_id}: not booked"
        (booking,) = active
        (order,) = linked_orders(sandbox, booking["id"])
        if a.payment == Payment.CASH:
            assert order["paymentStatus"] == "PAID"
            assert booking["paymentStatus"] == "PAID"
        if a.payment == Payment.PLAN:
            assert len(plan_charges(sandbox, order["id"])) == 1
            assert order["paymentStatus"] == "PAID"
        if a.payment == Payment.UNPAID:
            assert order["paymentStatus"] == "NOT_PAID"
        assert booking["status"] == "CONFIRMED"
