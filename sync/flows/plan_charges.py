"""Row phases for pricing plans: can the named plan pay (before any booking), charge it
after the order, and wait for Wix to settle the charge.

**Before booking** (``check_plans``, reads only, at most three calls for the whole batch):
the member's active pricing-plan orders (``/pricing-plans/v2/orders``), their benefit pools
and the pools' balances. A row is refused, with nothing written to Wix, when the member does
not hold the named plan, holds several and named none, the plan has not started or has ended
at the session, the class's service does not list the plan (``payment.pricingPlanIds``), or
the pool has no credit left. Where Wix shows no pool for the plan, credits cannot be read
ahead; Charge Memberships then has the last word. The orders and pools are kept per member
for 10 minutes (:mod:`.kept_plans`); a refusal, or no pool, on kept ones reads them afresh
first, and a charge Wix refuses on kept ones reads them again and charges the plan Wix shows
now, if another (once). The balances are read every cycle that checks a plan.

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

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.common import unavailable
from sync.flows.kept_plans import Held
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
    # -- before booking -----------------------------------------------------------------------
    def check_plans(self, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.PLAN
            and t.record.member_id
            and not t.record.reached(Point.CHARGING)
            and t.record.point != Point.PAID
        ]
        if not needing:
            return
        members = sorted({t.record.member_id or "" for t in needing})
        held, kept = self.known_plans.read(members)
        balances = self.balances_of(members, held, {})
        picked = {t.row_id: self.plan_for(t, held, balances) for t in needing}
        # refused, or no pool to read credits from, on plans an earlier cycle kept: ask Wix
        # again before the row is told (a plan bought a minute ago is seen)
        again = {
            t.record.member_id or ""
            for t in needing
            if t.record.member_id in kept and not _with_pool(picked[t.row_id])
        }
        if again:
            fresh, _ = self.known_plans.read(again, fresh=True)
            balances = self.balances_of(sorted(again), fresh, balances)
            for task in (t for t in needing if t.record.member_id in again):
                task.problem = None  # the kept plans' word is not the row's
                picked[task.row_id] = self.plan_for(task, fresh, balances)
        for task in needing:
            pick = picked[task.row_id]
            if pick is None:
                continue
            chosen, order, pool = pick
            task.extra["plan_order"], task.extra["pool"] = order, pool
            # on what an earlier cycle kept: a charge Wix refuses reads the plans again
            task.extra["plan_kept"] = task.record.member_id in kept - again
            left = _credits_after(pool, balances.get((pool or {}).get("id")))
            task.extra["credits_after"] = left
            if task.record.plan_name != chosen:
                self.advance(task, None, f"plan {chosen}", plan_name=chosen)

    def balances_of(
        self, members: list[str], held: dict[str, Held], known: dict[Any, Any]
    ) -> dict[Any, Any]:
        """Pool id → its balance, read now (never kept): one call, unless no pool of
        ``held`` is missing from ``known`` (read moments ago, this cycle)."""
        pools = {x.get("id") for m in members for x in held[m].pools}
        if not pools or pools <= known.keys():
            return known
        return {**known, **{b.get("id"): b for b in self.client.balances(members)}}

    def plan_for(
        self, task: Task, held: dict[str, Held], balances: dict[Any, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any] | None] | None:
        """The plan that pays for the row: its name, order and pool (None: Wix shows no
        pool); or None, the row's problem said."""
        mine = held.get(task.record.member_id or "")
        orders, pools = (list(mine.orders), list(mine.pools)) if mine else ([], [])
        chosen = self.named_plan(task, orders)
        if chosen is None:
            return None
        usable, reason = [], ""
        for order in (o for o in orders if o.get("planName") == chosen):
            pool = _pool_of(pools, order)
            reason = self.cannot_pay(task, order, pool, balances) or ""
            if not reason:
                usable.append((order, pool))
        if not usable:
            task.problem = p.PlanCannotPay(task.attendee.name, chosen, reason)
            return None
        # several of one name: the one that ends first, as a desk would
        order, pool = sorted(usable, key=lambda op: str(op[0].get("endDate") or "~"))[0]
        return chosen, order, pool

    def named_plan(self, task: Task, held: list[dict[str, Any]]) -> str | None:
        """The plan written in Plan, or the only one held; else the row's problem."""
        names = tuple(dict.fromkeys(str(o.get("planName", "")) for o in held))
        wanted = (task.attendee.plan or task.record.plan_name or "").strip()
        if wanted:
            match = [n for n in names if n.casefold() == wanted.casefold()]
            if not match:
                match = [n for n in names if n.casefold().startswith(wanted.casefold())]
            if len(match) == 1:
                return match[0]
            task.problem = p.PlanNotHeld(task.attendee.name, wanted, names)
        elif len(names) == 1:
            return names[0]
        elif not names:
            task.problem = p.NoActivePlan(task.attendee.name)
        else:
            task.problem = p.PlanChoiceNeeded(task.attendee.name, names)
        return None

    def cannot_pay(
        self,
        task: Task,
        order: dict[str, Any],
        pool: dict[str, Any] | None,
        balances: dict[str, Any],
    ) -> str | None:
        """Why this plan cannot pay for this session (the SPI's words), or None."""
        when = self.session_start(task)
        if order.get("status") not in (None, "ACTIVE"):
            return "ENDED" if order.get("status") in ("ENDED", "CANCELED") else "NOT_ACTIVE"
        if when is not None:
            start, end = _moment(order.get("startDate")), _moment(order.get("endDate"))
            if start is not None and when < start:
                return "NOT_STARTED_YET"
            if end is not None and when >= end:
                return "ENDED"
        listed = ((task.service or {}).get("payment") or {}).get("pricingPlanIds")
        if listed is not None and order.get("planId") not in listed:
            return "NOT_COVERED"
        if pool is not None:
            if pool.get("status") not in (None, "ACTIVE"):
                return "NOT_ACTIVE"
            cost = _cost(pool)
            balance = balances.get(pool.get("id"))
            available = _available(balance)
            if cost > 0 and available is not None and available < cost:
                return "OUT_OF_CREDITS"
        return None

    def session_start(self, task: Task) -> datetime | None:
        local = (task.slot or {}).get("localStartDate")
        if not local:
            return None
        try:
            return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(self.time_zone))
        except ValueError:
            return None

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


def _with_pool(pick: tuple[str, dict[str, Any], dict[str, Any] | None] | None) -> bool:
    return pick is not None and pick[2] is not None


def _pool_of(pools: list[dict[str, Any]], order: dict[str, Any]) -> dict[str, Any] | None:
    return next(
        (x for x in pools if (x.get("program") or {}).get("externalId") == order.get("id")), None
    )


def _cost(pool: dict[str, Any]) -> int:
    benefits = (pool.get("details") or {}).get("benefits") or [{}]
    try:
        return int(Decimal(str(benefits[0].get("price") or "0")))
    except InvalidOperation:
        return 0


def _available(balance: dict[str, Any] | None) -> int | None:
    value = ((balance or {}).get("amount") or {}).get("available")
    try:
        return None if value is None else int(Decimal(str(value)))
    except InvalidOperation:
        return None


def _credits_after(pool: dict[str, Any] | None, balance: dict[str, Any] | None) -> str | None:
    if pool is None:
        return None
    cost = _cost(pool)
    if cost == 0:
        return "unlimited"
    available = _available(balance)
    return None if available is None else str(max(available - cost, 0))


def _moment(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _reason(exc: WixAPIError) -> str:
    return str(exc.data.get("errorType") or exc.data.get("reason") or exc.code)


def _line_payment_status(payments: list[dict[str, Any]], line_id: str | None) -> str:
    for payment in payments:
        if (payment.get("membershipPaymentDetails") or {}).get("lineItemId") in (line_id, None):
            return str(payment.get("status") or "")
    return str((payments[0] if payments else {}).get("status") or "")
