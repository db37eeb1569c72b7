"""Row phases after the booking: the linked order, cash, plans, attendance, cancellation.

Each call that is not safe to repeat is journaled as in flight first; a row found in flight
is reconciled against Wix before anything is sent again:

* checkout / order — search orders by booking id (``catalogItemId $hasSome``), and a repeat
  of create-order answers 409 ``CHECKOUT_ALREADY_PAID`` with the order id;
* cash — mark-as-paid answers ``ORDER_ALREADY_PAID`` on a repeat; Add Payments (not
  idempotent) is only sent after the order's transactions show no approved offline payment;
* plan charge — the order's transactions are checked for a membership payment on the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.strategy import CashVia, MembershipId, PlanVia
from sync.flows.task import Task
from sync.state import Point
from sync.wix import OutcomeUnknown, WixAPIError, WixError
from sync.wix.enums import PRICING_PLANS_APP_ID

if TYPE_CHECKING:
    from sync.flows.runner import RowFlows

DEAD_PAYMENT = {"CANCELED", "DECLINED", "VOIDED", "REFUNDED"}


def _unavailable(step: str, exc: Exception) -> p.RowProblem:
    from sync.flows.runner import unavailable

    return unavailable(step, exc)


class PaymentPhases:
    # -- orders -----------------------------------------------------------------------------
    def orders(self: RowFlows, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.booked and not t.record.order_id and t.wants_booking]
        if not needing:
            return
        unsure = [t for t in needing if t.record.inflight in ("checkout", "order")]
        if unsure:
            existing = self.client.orders_for_bookings([t.record.booking_id for t in unsure])
            for task in unsure:
                order = _order_for(existing, task.record.booking_id)
                if order:
                    self.order_found(task, order)
        for task in needing:
            if task.record.order_id or task.problem:
                continue
            try:
                self.checkout_and_order(task)
            except WixAPIError as exc:
                if exc.code == "MEMBERSHIP_NOT_ELIGIBLE":
                    task.problem = p.PlanCannotPay(
                        task.attendee.name,
                        task.record.plan_name or "",
                        str(exc.data.get("reason", exc.code)),
                    )
                else:
                    task.problem = _unavailable("create the order", exc)
            except WixError as exc:
                task.problem = _unavailable("create the order", exc)

    def order_found(self: RowFlows, task: Task, order: dict[str, Any]) -> None:
        line = (order.get("lineItems") or [{}])[0]
        paid = order.get("paymentStatus") == "PAID"
        via = (
            "plan_checkout"
            if paid and task.attendee.payment == Payment.PLAN
            else ("mark_as_paid" if paid else None)
        )
        self.advance(
            task,
            Point.PAID if paid else Point.ORDERED,
            "order found",
            order_id=order["id"],
            line_item_id=line.get("id"),
            paid_via=via,
            amount_due=None if paid else _balance(order),
        )

    def checkout_and_order(self: RowFlows, task: Task) -> None:
        a, r = task.attendee, task.record
        if not (r.checkout_id and r.inflight == "order"):
            self.sending(task, "checkout")
            checkout = self.client.create_checkout(r.booking_id or "", a.email, a.first, a.last)
            line = checkout["lineItems"][0]
            self.advance(
                task,
                Point.CHECKOUT,
                "checkout",
                checkout_id=checkout["id"],
                line_item_id=line["id"],
                amount_due=_total(checkout),
            )
            task.checkout = checkout
            plan_by_checkout = (
                a.payment == Payment.PLAN and self.strategies.plan == PlanVia.CHECKOUT
            )
            if plan_by_checkout and not self.select_plan(task, checkout):
                return
        self.sending(task, "order")
        try:
            order_id = self.client.create_order(task.record.checkout_id or "")
        except WixAPIError as exc:
            if exc.code not in ("CHECKOUT_ALREADY_PAID", "CHECKOUT_PAYMENT_ALREADY_IN_PROGRESS"):
                raise
            order_id = exc.data["orderId"]
        if a.payment == Payment.PLAN and self.strategies.plan == PlanVia.CHECKOUT:
            self.advance(
                task,
                Point.PAID,
                "order (plan charged)",
                order_id=order_id,
                paid_via="plan_checkout",
                amount_due=None,
            )
        else:
            self.advance(task, Point.ORDERED, "order", order_id=order_id)

    def select_plan(self: RowFlows, task: Task, checkout: dict[str, Any]) -> bool:
        """Pick the named plan among the checkout's eligible memberships; never another."""
        options = checkout.get("membershipOptions") or {}
        eligible = options.get("eligibleMemberships") or []
        invalid = options.get("invalidMemberships") or []
        name = (task.record.plan_name or "").casefold()
        chosen = [m for m in eligible if m.get("name", {}).get("original", "").casefold() == name]
        if chosen:
            # several of the same name: the one that ends first, as a desk would
            membership = sorted(chosen, key=lambda m: str(m.get("expirationDate") or "~"))[0]
            self.client.select_membership(
                checkout["id"],
                membership["id"],
                membership["appId"],
                task.record.line_item_id or "",
            )
            credits = membership.get("credits") or {}
            left = credits.get("remaining")
            self.advance(
                task,
                None,
                "plan selected",
                credits_left="unlimited" if left is None else str(max(int(left) - 1, 0)),
            )
            return True
        refused = [
            m
            for m in invalid
            if (m.get("membership") or {}).get("name", {}).get("original", "").casefold() == name
        ]
        if refused:
            reason = refused[0].get("reason") or "NOT_COVERED"
            task.problem = p.PlanCannotPay(task.attendee.name, task.record.plan_name or "", reason)
            self.undo_booking(task, f"plan cannot pay: {reason}")
        elif not eligible and not invalid:
            # this site's checkout lists no plans for API-key callers: charge by order billing
            self.strategies.plan = PlanVia.ORDER_BILLING
            self.strategies.save(self.journal)
            task.problem = p.WillRetry("this site charges plans after the order; rebooking")
            self.undo_booking(task, "checkout lists no memberships")
        else:
            task.problem = p.PlanCannotPay(
                task.attendee.name, task.record.plan_name or "", "NOT_COVERED"
            )
            self.undo_booking(task, "plan not offered by the checkout")
        return False

    def undo_booking(self: RowFlows, task: Task, why: str) -> None:
        """Cancel a booking that cannot be paid as asked, so an edited row starts clean."""
        booking_id = task.record.booking_id
        found = self.client.query_extended_bookings({"id": booking_id}, with_order=False)
        if found and found[0]["booking"]["status"] not in ("CANCELED", "DECLINED"):
            booking = found[0]["booking"]
            self.client.cancel_booking(
                booking["id"], booking["revision"], with_refund=False, waive_charges=True
            )
        task.record = self.journal.restart_booking(task.row_id, why)

    # -- cash -------------------------------------------------------------------------------
    def pay_cash(self: RowFlows, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.CASH
            and t.record.order_id
            and t.record.point in (Point.ORDERED, Point.OWED)
        ]
        if not needing:
            return
        if self.strategies.cash == CashVia.MARK_AS_PAID:
            needing = self.mark_paid_in_bulk(needing)
        for task in needing:
            if task.problem is None:
                try:
                    self.add_payment_once(task)
                except WixError as exc:
                    task.problem = _unavailable("record the cash payment", exc)

    def mark_paid_in_bulk(self: RowFlows, tasks: list[Task]) -> list[Task]:
        """Bulk mark-as-paid; returns the tasks still to pay by Add Payments (if the key may
        not mark orders paid)."""
        from sync.flows.runner import chunks

        for group in chunks(tasks, 100):
            for task in group:
                self.sending(task, "payment")
            try:
                results = self.client.bulk_mark_as_paid([t.record.order_id or "" for t in group])
            except WixAPIError as exc:
                if exc.status in (403, 404):
                    self.strategies.cash = CashVia.ADD_PAYMENT
                    return tasks
                self.fail(group, _unavailable("mark the order paid", exc))
                continue
            except (OutcomeUnknown, WixError) as exc:
                self.fail(group, _unavailable("mark the order paid", exc))
                continue
            for task, result in zip(group, results, strict=False):
                meta = result.get("itemMetadata", {})
                code = (meta.get("error") or {}).get("code")
                if meta.get("success") or code == "ORDER_ALREADY_PAID":
                    self.advance(
                        task,
                        Point.PAID,
                        "paid (mark as paid)",
                        paid_via="mark_as_paid",
                        amount_due=None,
                    )
                else:
                    task.problem = p.WixRefused(
                        "mark the order paid",
                        code or "UNKNOWN",
                        (meta.get("error") or {}).get("description", ""),
                    )
        return []

    def add_payment_once(self: RowFlows, task: Task) -> None:
        order_id = task.record.order_id or ""
        transactions = self.client.list_transactions(order_id)
        recorded = [
            x
            for x in transactions.get("payments", [])
            if (x.get("regularPaymentDetails") or {}).get("offlinePayment")
            and x.get("status", (x.get("regularPaymentDetails") or {}).get("status")) == "APPROVED"
        ]
        order = self.client.get_order(order_id)
        if order.get("paymentStatus") == "PAID":
            self.advance(task, Point.PAID, "already paid", paid_via="add_payment", amount_due=None)
            return
        if not recorded:
            self.sending(task, "payment")
            self.client.add_cash_payment(order_id, _balance(order) or "0.00")
            order = self.client.get_order(order_id)
        shown = order.get("paymentStatus") == "PAID"
        self.advance(
            task,
            Point.PAID,
            "paid (add payment)",
            amount_due=None,
            paid_via="add_payment" if shown else "add_payment_unconfirmed",
        )

    # -- plans charged after the order --------------------------------------------------------
    def charge_plans_by_billing(self: RowFlows, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.PLAN
            and t.record.order_id
            and t.record.point in (Point.ORDERED, Point.OWED)
            and t.record.member_id
        ]
        if not needing:
            return
        orders = self.client.plan_orders(sorted({t.record.member_id or "" for t in needing}))
        pools = (
            self.client.pools(sorted({t.record.member_id or "" for t in needing}))
            if self.strategies.membership_id == MembershipId.POOL
            else []
        )
        for task in needing:
            try:
                self.charge_once(task, orders, pools)
            except WixAPIError as exc:
                if exc.code == "MEMBERSHIP_NOT_ELIGIBLE":
                    reason = str(exc.data.get("reason") or exc.data.get("errorType") or exc.code)
                    task.problem = p.PlanCannotPay(
                        task.attendee.name, task.record.plan_name or "", reason
                    )
                    self.undo_booking(task, f"plan cannot pay: {reason}")
                else:
                    task.problem = _unavailable("charge the plan", exc)
            except WixError as exc:
                task.problem = _unavailable("charge the plan", exc)

    def charge_once(
        self: RowFlows, task: Task, orders: list[dict[str, Any]], pools: list[dict[str, Any]]
    ) -> None:
        r = task.record
        if r.inflight == "charge" and self.charged_already(task):
            return
        plan_order = next(
            (
                o
                for o in orders
                if o.get("buyer", {}).get("memberId") == r.member_id
                and o.get("planName", "").casefold() == (r.plan_name or "").casefold()
            ),
            None,
        )
        if plan_order is None:
            task.problem = p.PlanNotHeld(task.attendee.name, r.plan_name or "", ())
            return
        membership_id = plan_order["id"]
        pool = next(
            (x for x in pools if (x.get("program") or {}).get("externalId") == plan_order["id"]),
            None,
        )
        if self.strategies.membership_id == MembershipId.POOL and pool:
            membership_id = pool["id"]
        self.sending(task, "charge")
        self.client.charge_membership(
            r.order_id or "",
            r.member_id or "",
            r.line_item_id or "",
            membership_id,
            PRICING_PLANS_APP_ID,
        )
        left = self.credits_left(r.member_id or "", plan_order, pool)
        self.advance(
            task,
            Point.PAID,
            "plan charged (order billing)",
            paid_via="plan_billing",
            credits_left=left,
            amount_due=None,
        )

    def charged_already(self: RowFlows, task: Task) -> bool:
        transactions = self.client.list_transactions(task.record.order_id or "")
        for payment in transactions.get("payments", []):
            details = payment.get("membershipPaymentDetails") or {}
            if (
                details.get("lineItemId") == task.record.line_item_id
                and payment.get("status") not in DEAD_PAYMENT
            ):
                self.advance(
                    task, Point.PAID, "plan charge found", paid_via="plan_billing", amount_due=None
                )
                return True
        return False

    def credits_left(
        self: RowFlows, member_id: str, plan_order: dict[str, Any], pool: dict[str, Any] | None
    ) -> str | None:
        if pool is None:
            pools = self.client.pools([member_id])
            pool = next(
                (
                    x
                    for x in pools
                    if (x.get("program") or {}).get("externalId") == plan_order["id"]
                ),
                None,
            )
        if pool is None:
            return None
        benefits = (pool.get("details") or {}).get("benefits") or [{}]
        if benefits[0].get("price") == "0":
            return "unlimited"
        available = self.client.balance(pool["id"]).get("amount", {}).get("available")
        return str(int(float(available))) if available is not None else None

    # -- owed, attendance, cancel --------------------------------------------------------------
    def owed(self: RowFlows, tasks: list[Task]) -> None:
        for task in tasks:
            if task.attendee.payment == Payment.UNPAID and task.record.point == Point.ORDERED:
                self.advance(task, Point.OWED, "owes")

    def attendance(self: RowFlows, tasks: list[Task]) -> None:
        from sync.flows.runner import chunks

        wanted = {True: "ATTENDED", False: "NOT_ATTENDED"}
        needing = [
            t
            for t in tasks
            if t.booked
            and t.attendee.attended is not None
            and t.record.attendance != wanted[t.attendee.attended]
        ]
        for group in chunks(needing, 8):
            items = [
                (t.record.booking_id or "", t.record.event_id or "", wanted[t.attendee.attended])
                for t in group
                if t.attendee.attended is not None
            ]
            try:
                results = self.client.bulk_set_attendance(items)
            except WixError as exc:
                self.fail(group, _unavailable("record attendance", exc))
                continue
            for task, result, item in zip(group, results, items, strict=False):
                if result.get("itemMetadata", {}).get("success"):
                    self.advance(task, None, f"attendance {item[2]}", attendance=item[2])
                else:
                    error = result.get("itemMetadata", {}).get("error") or {}
                    task.problem = p.WixRefused(
                        "record attendance", error.get("code", ""), error.get("description", "")
                    )

    def cancellations(self: RowFlows, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.attendee.payment == Payment.CANCEL and t.booked]
        for task in needing:
            try:
                self.cancel_once(task)
            except WixError as exc:
                task.problem = _unavailable("cancel the booking", exc)

    def cancel_once(self: RowFlows, task: Task) -> None:
        for _ in range(2):  # a stale revision (Wix changed the booking) is re-read once
            found = self.client.query_extended_bookings({"id": task.record.booking_id})
            if not found or found[0]["booking"]["status"] in ("CANCELED", "DECLINED"):
                break
            booking = found[0]["booking"]
            by_plan = (task.record.paid_via or "").startswith("plan")
            paid = (found[0].get("order") or {}).get("paymentStatus") == "PAID"
            try:
                self.client.cancel_booking(
                    booking["id"], booking["revision"], with_refund=by_plan, waive_charges=not paid
                )
                break
            except WixAPIError as exc:
                if exc.status not in (409, 428):
                    raise
        self.advance(task, Point.CANCELLED, "cancelled")


def _order_for(orders: list[dict[str, Any]], booking_id: str | None) -> dict[str, Any] | None:
    for order in orders:
        refs = [
            li.get("catalogReference", {}).get("catalogItemId") for li in order.get("lineItems", [])
        ]
        if booking_id in refs and order.get("status") != "CANCELED":
            return order
    return None


def _balance(order: dict[str, Any]) -> str | None:
    balance = (order.get("balanceSummary") or {}).get("balance") or {}
    return balance.get("amount") or (order.get("priceSummary") or {}).get("total", {}).get("amount")


def _total(checkout: dict[str, Any]) -> str | None:
    return ((checkout.get("priceSummary") or {}).get("total") or {}).get("amount")
