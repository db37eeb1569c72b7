"""Row phases for pricing plans after the order: charge the plan, and wait for Wix to settle
the charge. Whether the named plan can pay is checked before any booking
(:mod:`.plan_checks`); a charge Wix refuses on plans an earlier cycle kept reads them again and
charges the plan Wix shows now, if another (once).

**The charge** (``charge_plans``): ``POST /ecom/v1/order-billing/charge-memberships`` with
the member id, the order's line-item id and ``existingMembership {appId, membershipId}``.
Which id Wix wants as ``membershipId`` (the pricing-plans order id or the pool id) is not
documented: once a charge was answered the kind is remembered (``Strategies.membership_id``);
until then the order id is tried first and, when Wix answers that the membership does not
exist (a refusal that charges nothing), the pool id. ``eligibleMemberships`` of a checkout
is never read (reserved for internal use).

**Settling** (``settle_charges``): Wix updates a charge's status asynchronously. A row stays
at CHARGING ("plan charge pending") until the order shows PAID (one orders search for all
pending rows) or its transactions show the membership payment declined, which becomes a
plain error on the row. The transactions are read only from the second look on (the first
mostly finds the charge pending, and the search costs one call for every pending row
together). A charge found in flight after a crash is looked up in the order's
transactions before anything is sent: a plan is never charged twice.
"""

from __future__ import annotations

from typing import Any

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.common import unavailable
from sync.flows.orders import order_for
from sync.flows.parallel import each
from sync.flows.strategy import MembershipId
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError, WixError
from sync.wix.enums import PRICING_PLANS_APP_ID

#: payment statuses that hold no charge
DEAD_PAYMENT = {"CANCELED", "DECLINED", "VOIDED", "REFUNDED"}
#: the journal's note of a look that found the charge not settled yet
LOOKED = "plan charge still pending"
#: Charge Memberships refusals that mean "no such membership" (nothing was charged)
UNKNOWN_MEMBERSHIP = {"MEMBERSHIP_NOT_FOUND", "MEMBERSHIP_DOES_NOT_EXIST"}
#: refusals that say the plan charged cannot pay (the SPI's reasons), so that one read from
#: what an earlier cycle kept has its member's plans read again: another may pay. Not among
#: them: ``MEMBERSHIP_ALREADY_CHARGED`` (never charged again) and the line's own problems.
PLAN_REFUSALS = UNKNOWN_MEMBERSHIP | {
    "ENDED",
    "NOT_STARTED_YET",
    "OUT_OF_CREDITS",
    "MEMBERSHIP_SELECTION_INVALID",
    "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS",
}


class PlanPhases(Phases):
    # -- the charge ---------------------------------------------------------------------------
    def charge_plans(self, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.PLAN
            and t.record.order_id
            and t.record.line_item_id
            and t.record.point in (Point.ORDERED, Point.OWED)
            and t.record.member_id
        ]
        if not needing:
            return
        missing = [
            t
            for t in needing
            if "plan_order" not in t.extra and t.record.paid_via != "plan_declined"
        ]
        if missing:  # resumed after a restart: read the plans again
            self.check_plans(missing)
        for task in needing:
            if task.record.paid_via == "plan_declined":  # waits for a person: never again
                task.problem = p.PlanChargeDeclined(task.attendee.name, task.record.plan_name or "")
        each([t for t in needing if t.problem is None], self.charge_one, self.workers)

    def charge_one(self, task: Task) -> None:
        try:
            refused = self.charge_refused(task)
            if refused is not None and self.plan_changed(task, refused):
                refused = self.charge_refused(task)  # the plan Wix holds now, once
        except WixError as exc:
            task.problem = unavailable("charge the plan", exc)
            return
        if refused is None:
            return
        self.known_plans.forget(task.record.member_id)
        if task.problem is None:  # else the plans read afresh said why
            task.problem = p.PlanCannotPay(task.attendee.name, task.record.plan_name or "", refused)
        if made_for_the_plan(task, self.journal.history(task.row_id)):
            self.undo_booking(task, f"plan cannot pay: {refused}")
        # else the booking stays, owed on its order: the row says why (Payment → cash…)

    def charge_refused(self, task: Task) -> str | None:
        """Charge the row's plan; Wix's reason when it refuses the plan (nothing charged)."""
        try:
            return self.charge_once(task)
        except WixAPIError as exc:
            if exc.code == "MEMBERSHIP_NOT_ELIGIBLE":
                return _reason(exc)
            raise

    def plan_changed(self, task: Task, refused: str) -> bool:
        """A charge refused on plans an earlier cycle kept: read them afresh. True when Wix
        now shows another order that can pay (a plan bought since: that one is charged);
        else the row is told why, from what Wix says now. A line Wix says is charged
        already is never charged again."""
        if not task.extra.get("plan_kept") or refused not in PLAN_REFUSALS:
            return False
        was = (task.extra.get("plan_order") or {}).get("id")
        self.known_plans.forget(task.record.member_id)
        for key in ("plan_order", "pool", "plan_kept"):
            task.extra.pop(key, None)
        self.check_plans([task])
        now = (task.extra.get("plan_order") or {}).get("id")
        return task.problem is None and now is not None and now != was

    def charge_once(self, task: Task) -> str | None:
        """Charge the row's plan: None when sent (or found sent before), or the reason no
        membership id Wix knows."""
        r = task.record
        # in flight before a crash, or booked online (the member's own checkout may have
        # charged the plan, its charge not settled yet): look before charging
        if (r.inflight == "charge" or r.prebooked) and self.charge_found(task):
            return None
        order, pool = task.extra.get("plan_order"), task.extra.get("pool")
        if order is None:
            task.problem = p.PlanNotHeld(task.attendee.name, r.plan_name or "", ())
            return None
        kinds = [self.strategies.membership_id] if self.strategies.membership_id else [
            MembershipId.ORDER, MembershipId.POOL
        ]  # fmt: skip
        for kind in kinds:
            membership = order.get("id") if kind == MembershipId.ORDER else (pool or {}).get("id")
            if not membership:
                continue
            self.sending(task, "charge")
            try:
                payments = self.client.charge_membership(
                    r.order_id or "", r.member_id or "", r.line_item_id or "", membership,
                    PRICING_PLANS_APP_ID,
                )  # fmt: skip
            except WixAPIError as exc:
                if exc.code == "MEMBERSHIP_NOT_ELIGIBLE" and _reason(exc) in UNKNOWN_MEMBERSHIP:
                    self.advance(task, None, f"membership id kind {kind} not known to Wix")
                    continue
                raise
            self.strategies.membership_id = kind
            self.strategies.save(self.journal)
            task.extra["charged_now"] = True
            status = _line_payment_status(payments, r.line_item_id)
            self.advance(
                task,
                Point.PAID if status == "APPROVED" else Point.CHARGING,
                f"plan charged ({status or 'no status'})",
                paid_via="plan_billing",
                membership_ref=f"{kind}:{membership}",
                credits_left=task.extra.get("credits_after"),
                amount_due=None,
            )
            if status == "DECLINED":
                self.declined(task)
            return None
        return "MEMBERSHIP_NOT_FOUND"  # no membership id Wix knows

    def charge_found(self, task: Task) -> bool:
        """A live membership payment on the line (sent before a crash): never charge again."""
        status = self.membership_payment_status(task)
        if status is None or status in DEAD_PAYMENT:
            return False
        self.advance(
            task,
            Point.PAID if status == "APPROVED" else Point.CHARGING,
            "plan charge found",
            paid_via="plan_billing",
            amount_due=None,
        )
        return True

    def membership_payment_status(self, task: Task) -> str | None:
        transactions = self.client.list_transactions(task.record.order_id or "")
        statuses = [
            str(x.get("status") or "")
            for x in transactions.get("payments", [])
            if (x.get("membershipPaymentDetails") or {}).get("lineItemId")
            == task.record.line_item_id
        ]
        live = [s for s in statuses if s not in DEAD_PAYMENT]
        return live[-1] if live else (statuses[-1] if statuses else None)

    # -- settling -----------------------------------------------------------------------------
    def settle_charges(self, tasks: list[Task]) -> None:
        # a charge sent this cycle is left to settle: the next cycle looks (Wix settles
        # asynchronously, so looking at once mostly finds it pending)
        pending = [
            t
            for t in tasks
            if t.record.point == Point.CHARGING
            and t.record.order_id
            and "charged_now" not in t.extra
        ]
        if not pending:
            return
        found = self.client.orders_for_bookings([t.record.booking_id or "" for t in pending])
        for task in pending:
            order = order_for(found, task.record.booking_id)
            if order and order.get("paymentStatus") == "PAID":
                self.advance(task, Point.PAID, "plan charge settled")
                continue
            looks = sum(1 for _, detail in self.journal.history(task.row_id) if detail == LOOKED)
            if looks == 0:  # the first look after the charge: give Wix another cycle
                self.advance(task, None, LOOKED)
                continue
            try:
                status = self.membership_payment_status(task)
            except WixError as exc:
                task.problem = unavailable("read the plan charge", exc)
                continue
            if status == "APPROVED":
                self.advance(task, Point.PAID, "plan charge approved")
            elif status in DEAD_PAYMENT or status is None:
                self.declined(task)
            else:
                self.advance(task, None, LOOKED)

    def declined(self, task: Task) -> None:
        plan = task.record.plan_name or ""
        self.known_plans.forget(task.record.member_id)  # the plans are read again
        self.advance(
            task, Point.ORDERED, "plan charge declined", paid_via="plan_declined", credits_left=None
        )
        task.problem = p.PlanChargeDeclined(task.attendee.name, plan)


#: the journal's words for the moment a row came to hold its booking
BOOKED_HERE = "booked"
HELD_OTHERWISE = ("found existing booking", "adopted from ")


def made_for_the_plan(task: Task, history: list[tuple[str, str]]) -> bool:
    """The row's booking was made by this row, asking for the plan from the start: a plan
    that cannot pay then undoes it, so the row starts clean. A booking the row did not make
    that way stays when the plan cannot pay — one made online, taken over from a row that
    left the sheet or found after a crash, or one booked before Payment was changed to the
    plan (unpaid → plan: the person was booked, and still owes)."""
    if task.record.prebooked:
        return False
    made = False
    for _, detail in history:
        if detail == BOOKED_HERE:
            made = True
        elif detail.startswith(HELD_OTHERWISE) or detail.startswith("payment now"):
            made = False
    return made


def _reason(exc: WixAPIError) -> str:
    return str(exc.data.get("errorType") or exc.data.get("reason") or exc.code)


def _line_payment_status(payments: list[dict[str, Any]], line_id: str | None) -> str:
    for payment in payments:
        if (payment.get("membershipPaymentDetails") or {}).get("lineItemId") in (line_id, None):
            return str(payment.get("status") or "")
    return str((payments[0] if payments else {}).get("status") or "")
