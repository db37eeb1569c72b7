"""Row phase for pricing plans before any booking: can the named plan pay?

**The check** (``check_plans``, reads only, at most three calls for the whole batch): the
member's active pricing-plan orders (``/pricing-plans/v2/orders``), their benefit pools and
the pools' balances. A row is refused, with nothing written to Wix, when the member does not
hold the named plan, holds several and named none, the plan has not started or has ended at
the session, the class's service does not list the plan (``payment.pricingPlanIds``), or the
pool has no credit left. Where Wix shows no pool for the plan, credits cannot be read ahead;
Charge Memberships then has the last word (:mod:`.plan_charges`). The orders and pools are
kept per member for 10 minutes (:mod:`.kept_plans`); a refusal, or no pool, on kept ones
reads them afresh first. The balances are read every cycle that checks a plan.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.kept_plans import Held
from sync.flows.task import Task
from sync.state import Point


class PlanChecks(Phases):
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
