"""Row phase: Payment changed after Wix recorded a payment — each change has one outcome.

=====================  =========================================================================
change                 outcome
=====================  =========================================================================
unpaid → cash / plan   done: the same order is paid, or the plan charged (no new order)
declined plan → cash   done: the same order is paid
cash → unpaid          not done: wixsync never removes a payment; the row says so, and
                       that the owner refunds it in the dashboard if it was a mistake
cash → plan            not done (the seat is paid; a plan charge would pay it twice)
card ↔ cash, cheque…   not done: Wix cannot change a recorded payment's method
plan → cash / unpaid   not done: the row says to cancel (the credit comes back) and add a
                       new row
anything → cancel      done: the booking is cancelled (a plan's credit comes back)
=====================  =========================================================================

A change that is "not done" leaves Wix, the Status and the journal as Wix holds them, and
puts one sentence in Error (``PaidAlready``). Before saying so, the order is read once
(only when the row was edited): if the owner already refunded the payment in the
dashboard, the order is no longer PAID and the new Payment is carried out.
"""

from __future__ import annotations

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixError

IN_PERSON = {"mark_as_paid", "mark_as_paid_pending", "add_payment", "add_payment_unconfirmed"}


def held(task: Task) -> str | None:
    """How Wix holds the row's payment ("cash", "card", "plan 10 Swim Pass"), or None
    when nothing is recorded (owed, declined, online)."""
    r = task.record
    if r.point not in (Point.PAID, Point.CHARGING):
        return None
    if r.paid_via == "plan_billing" or r.paid_via == "plan_checkout":
        return f"plan {r.plan_name or ''}".strip()
    if r.paid_via in IN_PERSON or r.paid_via == "cash":
        return (r.paid_method or "cash").replace("_", " ")
    return None


def asked(task: Task) -> str:
    a = task.attendee
    if a.payment == Payment.CASH:
        return a.method.replace("_", " ")
    return a.payment.value


class ChangePhases(Phases):
    def payment_changes(self, tasks: list[Task]) -> None:
        for task in tasks:
            if not task.booked or task.attendee.payment == Payment.CANCEL:
                continue
            was = held(task)
            if was is None:
                if task.record.payment_kind != task.attendee.payment:
                    self.advance(task, None, f"payment now {task.attendee.payment}",
                                 payment_kind=task.attendee.payment)  # fmt: skip
                continue
            now = asked(task)
            same_plan = was.startswith("plan") and task.attendee.payment == Payment.PLAN
            if same_plan or was == now:
                continue
            if self.refunded_in_dashboard(task):
                continue
            task.problem = p.PaidAlready(task.attendee.name, _said(was), _said(now))

    def adopted_changes(self, tasks: list[Task]) -> None:
        """A row that took over the booking of a row that left the sheet asks for what it
        says now: its Payment is held against the payment Wix holds, as an edit is."""
        self.payment_changes([t for t in tasks if t.extra.get("adopted")])

    def refunded_in_dashboard(self, task: Task) -> bool:
        """The owner refunded the recorded payment: the order reads refunded (or unpaid with
        no approved payment left — an order marked paid may still read unpaid for a moment,
        so its transactions have the last word). The row's new Payment is then carried out
        on the same order."""
        if task.record.point != Point.PAID or not task.record.order_id:
            return False
        try:
            order = self.client.get_order(task.record.order_id)
            status = order.get("paymentStatus")
            if status == "PAID":
                return False
            if status != "FULLY_REFUNDED":
                payments = self.client.list_transactions(task.record.order_id).get("payments", [])
                if any(x.get("status") == "APPROVED" for x in payments):
                    return False
        except WixError:
            return False
        self.advance(
            task,
            Point.ORDERED,
            "payment refunded in the dashboard",
            paid_via=None,
            paid_method=None,
            membership_ref=None,
            payment_kind=task.attendee.payment,
            amount_due=((order.get("priceSummary") or {}).get("total") or {}).get("amount"),
        )
        return True


def _said(text: str) -> str:
    """ "cash", "card", "cheque", "bank transfer", "unpaid", "plan …" as a row reads it."""
    if text.startswith("plan"):
        return text
    return {"check": "cheque"}.get(text, text) if text != "cash" else "cash"
