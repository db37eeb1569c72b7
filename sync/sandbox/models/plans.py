"""Pricing Plans: the plans, the plans members hold, and Management List Orders.

Follows ``@wix/auto_sdk_pricing-plans_orders`` (Management List Orders). See wix-ecom.md §7.
What a held plan can pay for, and taking its credits, is :mod:`.plan_credits`; the pools and
balances as Benefit Programs serves them are :mod:`.benefit_programs`.

The model (wix-ecom.md §7.1): a *plan* maps to a program definition
(``externalId = planId``, namespace ``@wix/pricing-plans``); a member *holding* a plan is a
pricing-plans **order** plus one benefit-programs **pool** (``beneficiary.memberId``, one
benefit with ``providerAppId`` = Bookings and ``price`` = credits per booking) plus a
**balance** (``id == poolId``, ``amount {available, reserved}`` as decimal strings). A plan
with no credit configuration (``credits: None``) is unlimited: its benefit costs ``"0"``
and nothing is ever taken from its balance.

Which id is a "membership id" in ecom is Open question 3: ``Switches.membership_id_kind``
(``"order"``: the pricing-plans order id; ``"pool"``: the pool id).

Not simulated: buying, renewing, pausing or cancelling plans (holdings come from the seed),
recurring cycles, program and pool *definitions* as objects, item sets as objects,
rollover, form submissions (``fieldSet``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sync.sandbox.models.site import (
    BOOKINGS_APP_ID,
    PRICING_PLANS_NAMESPACE,
    Site,
    iso,
    parse_iso,
)

#: pricing-plans order status -> pool status (inferred: the pool follows its order)
POOL_STATUS = {
    "ACTIVE": "ACTIVE",
    "PAUSED": "PAUSED",
    "ENDED": "ENDED",
    "CANCELED": "ENDED",
    "PENDING": "PENDING",
    "DRAFT": "PENDING",
}
ORDER_STATUSES = ("DRAFT", "PENDING", "ACTIVE", "PAUSED", "ENDED", "CANCELED")
PAYMENT_STATUSES = ("PAID", "REFUNDED", "FAILED", "UNPAID", "PENDING", "NOT_APPLICABLE")


# -- the seed's helpers --------------------------------------------------------------------
def seed_plan(
    site: Site,
    *,
    name: str,
    credits: int | None,
    price: str | Decimal | int,
    service_ids: list[str],
    plan_id: str | None = None,
) -> dict[str, Any]:
    """Create a plan. ``credits=None`` is unlimited. Returns the stored plan.

    The stored plan is sandbox-internal (no route serves Plans V3): ``{id, name, price,
    credits, serviceIds, programDefinitionId, poolDefinitionId, itemSetId, benefitKey}``.
    """
    if credits is not None and (not isinstance(credits, int) or credits < 1):
        raise ValueError(f"plan {name!r}: credits must be a positive integer or None")
    plan = {
        "id": plan_id or site.ids.guid(),
        "name": name,
        "price": str(Decimal(str(price)).quantize(Decimal("0.01"))),
        "credits": credits,
        "serviceIds": list(service_ids),
        "programDefinitionId": site.ids.guid(),
        "poolDefinitionId": site.ids.guid(),
        "itemSetId": site.ids.guid(),
        "benefitKey": "bookings",  # any key: the SPI only echoes it back (unverified value)
    }
    site.plans[plan["id"]] = plan
    return plan


def seed_holding(
    site: Site,
    *,
    member_id: str,
    plan_id: str,
    start: datetime | str,
    end: datetime | str | None = None,
    credits_left: int | None = None,
    status: str | None = None,
    contact_id: str | None = None,
    order_id: str | None = None,
) -> dict[str, Any]:
    """A member holds a plan: a pricing-plans order, its pool and the pool's balance.

    ``credits_left`` defaults to the plan's full pack (ignored for unlimited plans);
    ``end=None`` never ends; ``status`` defaults from the dates and the site clock (future
    start: ``PENDING``, past end: ``ENDED``, else ``ACTIVE``). Returns
    ``{"order": …, "pool": …, "balance": …}``.
    """
    plan = site.plans[plan_id]
    member = site.members.get(member_id, {})
    contact_id = contact_id or member.get("contactId")
    start_text = start if isinstance(start, str) else iso(start)
    end_text = None if end is None else (end if isinstance(end, str) else iso(end))
    if status is None:
        now = site.now()
        if parse_iso(start_text) > now:
            status = "PENDING"
        elif end_text is not None and parse_iso(end_text) <= now:
            status = "ENDED"
        else:
            status = "ACTIVE"
    if status not in ORDER_STATUSES:
        raise ValueError(f"unknown pricing-plans order status {status!r}")
    if plan["credits"] is None:
        left = 0
    else:
        left = plan["credits"] if credits_left is None else int(credits_left)
    stamp = site.stamp()
    order = _plan_order(
        site, plan, member_id, contact_id, start_text, end_text, status, stamp, order_id
    )
    pool = _pool(site, plan, order, member_id, stamp)
    balance = _balance(pool, plan, left, stamp)
    site.plan_orders[order["id"]] = order
    site.pools[pool["id"]] = pool
    site.balances[balance["id"]] = balance
    return {"order": order, "pool": pool, "balance": balance}


def _plan_order(
    site: Site,
    plan: dict[str, Any],
    member_id: str,
    contact_id: str | None,
    start: str,
    end: str | None,
    status: str,
    stamp: str,
    order_id: str | None,
) -> dict[str, Any]:
    """A ``/pricing-plans/v2/orders`` Order [ppo], as an offline sale at the desk."""
    order: dict[str, Any] = {
        "id": order_id or site.ids.guid(),
        "planId": plan["id"],
        "subscriptionId": site.ids.guid(),
        "buyer": {"memberId": member_id, "contactId": contact_id},
        "type": "OFFLINE",
        "status": status,
        "autoRenewCanceled": False,
        "lastPaymentStatus": "PAID",
        "startDate": start,
        "pausePeriods": [],
        "planName": plan["name"],
        "planDescription": "",
        "planPrice": plan["price"],
        "currentCycle": {"index": 1, "startedDate": start},
        "createdDate": stamp,
        "updatedDate": stamp,
    }
    if end is not None:
        order["endDate"] = end
        order["currentCycle"]["endedDate"] = end
    return order


def _pool(
    site: Site, plan: dict[str, Any], order: dict[str, Any], member_id: str, stamp: str
) -> dict[str, Any]:
    """A benefit-programs Pool [bpp]. ``program.externalId`` = the pricing-plans order id
    (inferred: one program per purchase)."""
    unlimited = plan["credits"] is None
    details: dict[str, Any] = {
        "benefits": [
            {
                "benefitKey": plan["benefitKey"],
                "itemSetId": plan["itemSetId"],
                # "price "0" with no credit config means unlimited" (wix-ecom.md §7.1)
                "price": "0" if unlimited else "1",
                "providerAppId": BOOKINGS_APP_ID,
                "displayName": plan["name"],
            }
        ],
    }
    if not unlimited:
        details["creditConfiguration"] = {"amount": str(plan["credits"])}
    program_id = site.ids.guid()
    return {
        "id": site.ids.guid(),
        "revision": "1",
        "createdDate": stamp,
        "updatedDate": stamp,
        "poolDefinitionId": plan["poolDefinitionId"],
        "programDefinitionId": plan["programDefinitionId"],
        "programId": program_id,
        "status": POOL_STATUS[order["status"]],
        "beneficiary": {"memberId": member_id},
        "details": details,
        "displayName": plan["name"],
        "namespace": PRICING_PLANS_NAMESPACE,
        "programDefinition": {
            "id": plan["programDefinitionId"],
            "externalId": plan["id"],
            "displayName": plan["name"],
        },
        "program": {"id": program_id, "externalId": order["id"], "displayName": plan["name"]},
    }


def _balance(pool: dict[str, Any], plan: dict[str, Any], left: int, stamp: str) -> dict[str, Any]:
    """A benefit-programs Balance [bpb]: ``id == poolId``."""
    return {
        "id": pool["id"],
        "revision": "1",
        "createdDate": stamp,
        "updatedDate": stamp,
        "beneficiary": dict(pool["beneficiary"]),
        "amount": {"available": str(left), "reserved": "0"},
        "poolInfo": {
            "id": pool["id"],
            "poolDefinitionId": pool["poolDefinitionId"],
            "programDefinitionId": pool["programDefinitionId"],
            "programId": pool["programId"],
            "creditAmount": None if plan["credits"] is None else str(plan["credits"]),
            "namespace": PRICING_PLANS_NAMESPACE,
            "externalProgramDefinitionId": plan["id"],
            "externalProgramId": pool["program"]["externalId"],
            "status": pool["status"],
        },
    }


# -- holdings and membership ids -----------------------------------------------------------
@dataclass(frozen=True)
class Holding:
    """One plan a member holds: its pricing-plans order, pool, balance and plan."""

    order: dict[str, Any]
    pool: dict[str, Any]
    balance: dict[str, Any]
    plan: dict[str, Any]

    @property
    def member_id(self) -> str:
        return self.pool["beneficiary"]["memberId"]

    @property
    def unlimited(self) -> bool:
        return self.plan["credits"] is None

    @property
    def remaining(self) -> int:
        return int(Decimal(self.balance["amount"]["available"]))

    @property
    def cost(self) -> int:
        return int(Decimal(self.pool["details"]["benefits"][0]["price"] or "0"))


def _holding_of_pool(site: Site, pool: dict[str, Any]) -> Holding | None:
    order = site.plan_orders.get(pool["program"]["externalId"])
    plan = site.plans.get(pool["programDefinition"]["externalId"])
    balance = site.balances.get(pool["id"])
    if order is None or plan is None or balance is None:
        return None
    return Holding(order, pool, balance, plan)


def holdings_of(site: Site, member_id: str) -> list[Holding]:
    """Every plan the member holds (any status), oldest purchase first."""
    found = [
        _holding_of_pool(site, p)
        for p in site.pools.values()
        if p["beneficiary"].get("memberId") == member_id
        and p["namespace"] == PRICING_PLANS_NAMESPACE
    ]
    return sorted((h for h in found if h is not None), key=lambda h: h.order["createdDate"])


def membership_id(site: Site, holding: Holding) -> str:
    """The id ecom knows this holding by (Open question 3, ``Switches.membership_id_kind``)."""
    return holding.pool["id"] if site.switches.membership_id_kind == "pool" else holding.order["id"]


def find_holding(site: Site, membership: str) -> Holding | None:
    """Resolve an ecom membership id under the current ``membership_id_kind`` switch; an id of
    the other kind does not resolve (it is simply not a membership id on that site)."""
    if site.switches.membership_id_kind == "pool":
        pool = site.pools.get(membership)
    else:
        pool = next(
            (p for p in site.pools.values() if p["program"]["externalId"] == membership), None
        )
    return None if pool is None else _holding_of_pool(site, pool)


def holding_of_pool_id(site: Site, pool_id: str) -> Holding | None:
    pool = site.pools.get(pool_id)
    return None if pool is None else _holding_of_pool(site, pool)


# -- Management List Orders ----------------------------------------------------------------
def list_orders(
    site: Site,
    *,
    buyer_ids: list[str],
    plan_ids: list[str],
    order_statuses: list[str],
    payment_statuses: list[str],
    auto_renew_canceled: bool | None,
    limit: int,
    offset: int,
    sort_field: str | None,
    descending: bool,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Management List Orders [ppo]: ``GET /pricing-plans/v2/orders`` filters, ``limit``
    1–50 (default 50), ``offset``; sorted by ``sorting.fieldName`` (default ``createdDate``),
    ``DESC`` by default."""
    found = [
        o
        for o in site.plan_orders.values()
        if (not buyer_ids or o["buyer"]["memberId"] in buyer_ids)
        and (not plan_ids or o["planId"] in plan_ids)
        and (not order_statuses or o["status"] in order_statuses)
        and (not payment_statuses or o["lastPaymentStatus"] in payment_statuses)
        and (auto_renew_canceled is None or o["autoRenewCanceled"] == auto_renew_canceled)
    ]
    key = sort_field or "createdDate"
    found.sort(key=lambda o: (str(o.get(key) or ""), o["id"]), reverse=descending)
    page = found[offset : offset + limit]
    return page, {
        "count": len(page),
        "offset": offset,
        "total": len(found),
        "tooManyToCount": False,
    }
