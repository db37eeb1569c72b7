"""Row phase: money taken at the door — cash, card, cheque, bank transfer — recorded on the
booking's order under the method the volunteer named.

* **Mark as paid** (``POST /ecom/v1/payments-collector/orders/{id}/mark-as-paid`` with
  ``userDefinedPaymentMethodName``): one order a call. It is SDK-internal (``@internal``), so
  a site's probe (or the first refusal) decides. A repeat answers ``ORDER_ALREADY_PAID``; a
  row found in flight is checked against the order's transactions before anything is sent
  again, because Wix says the order becomes PAID only *eventually*.
* **Add Payments** (the fallback): not idempotent, so it is sent only after the order's
  transactions show no approved offline payment, and with the payment's top-level
  ``status`` only (``regularPaymentDetails.status`` was removed on 2026-11-01).

The bulk mark-as-paid is never sent: the official SDK maps it to no ``www.wixapis.com``
path. The strategy switches to Add Payments only on evidence (a 403, or a 404 with no Wix
application error): a 404 about one order is that order's problem.
"""

from __future__ import annotations

from typing import Any

from sync.flows.attendee import Payment, method_name
from sync.flows.base import Phases
from sync.flows.common import not_served, unavailable
from sync.flows.orders import balance_of
from sync.flows.parallel import each
from sync.flows.strategy import CashVia
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError, WixError


class InPersonPhases(Phases):
    def pay_in_person(self, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.CASH
            and t.record.order_id
            and t.record.point in (Point.ORDERED, Point.OWED)
        ]
        each(needing, self.pay_one, self.workers)

    def pay_one(self, task: Task) -> None:
        try:
            if self.strategies.cash == CashVia.MARK_AS_PAID:
                self.mark_paid(task)
            else:
                self.add_payment_once(task)
        except WixError as exc:
            task.problem = unavailable("record the payment", exc)

    def mark_paid(self, task: Task) -> None:
        order_id = task.record.order_id or ""
        if task.record.inflight == "payment" and self.offline_payment_found(task):
            return
        method = task.attendee.method
        self.sending(task, "payment")
        try:
            order = self.client.mark_as_paid(order_id, method_name(method))
        except WixAPIError as exc:
            if exc.code == "ORDER_ALREADY_PAID":
                self.paid(task, "mark_as_paid", method)
                return
            if not_served(exc):  # evidence that this key may not use it: Add Payments
                self.strategies.cash = CashVia.ADD_PAYMENT
                self.strategies.save(self.journal)
                self.advance(task, None, f"mark as paid refused ({exc.code}); add payments")
                self.add_payment_once(task)
                return
            raise
        shown = order.get("paymentStatus") == "PAID"
        self.paid(task, "mark_as_paid" if shown else "mark_as_paid_pending", method)

    def offline_payment_found(self, task: Task) -> bool:
        """An approved offline payment already on the order (sent before a crash)."""
        transactions = self.client.list_transactions(task.record.order_id or "")
        if _approved_offline(transactions):
            self.paid(task, "mark_as_paid", task.attendee.method)
            return True
        return False

    def add_payment_once(self, task: Task) -> None:
        order_id = task.record.order_id or ""
        method = task.attendee.method
        order = self.client.get_order(order_id)
        if order.get("paymentStatus") == "PAID":
            self.paid(task, "add_payment", method)
            return
        if not _approved_offline(self.client.list_transactions(order_id)):
            self.sending(task, "payment")
            self.client.add_offline_payment(
                order_id, balance_of(order) or "0.00", method_name(method)
            )
            order = self.client.get_order(order_id)
        shown = order.get("paymentStatus") == "PAID"
        self.paid(task, "add_payment" if shown else "add_payment_unconfirmed", method)

    def paid(self, task: Task, via: str, method: str) -> None:
        self.advance(
            task,
            Point.PAID,
            f"paid {method} ({via})",
            paid_via=via,
            paid_method=method,
            amount_due=None,
        )


def _approved_offline(transactions: dict[str, Any]) -> bool:
    return any(
        (x.get("regularPaymentDetails") or {}).get("offlinePayment")
        and x.get("status") == "APPROVED"
        for x in transactions.get("payments", [])
    )
