"""Pricing Plans and Benefit Programs: plans, the plans members hold, credit pools, balances.

Follows ``@wix/auto_sdk_pricing-plans_orders`` (Management List Orders),
``@wix/auto_sdk_benefit-programs_pools`` (Get Eligible Benefits, Query Pools) and
``…_balances`` (Get Balance), and the ecom Memberships SPI (``@wix/auto_sdk_ecom_memberships``)
for the reasons a membership cannot be charged. See wix-ecom.md §7.

The model (wix-ecom.md §7.1): a *plan* maps to a program definition
(``externalId = planId``, namespace ``@wix/pricing-plans``); a member *holding* a plan is a
pricing-plans **order** plus one benefit-programs **pool** (``beneficiary.memberId``, one
benefit with ``providerAppId`` = Bookings and ``price`` = credits per booking) plus a
**balance** (``id == poolId``, ``amount {available, reserved}`` as decimal strings). A plan
with no credit configuration (``credits: None``) is unlimited: its benefit costs ``"0"``
and nothing is ever taken from its balance.

Rules enforced (the ones that bit real users):

* a charge takes ``price × participants`` credits (one credit for one swimmer) exactly once
  per charge, and is refused when the balance is short (``OUT_OF_CREDITS``), when the
  session date is outside ``[startDate, endDate)`` or the pool is not ``ACTIVE``
  (``NOT_STARTED_YET`` / ``ENDED``), when the plan does not cover the service
  (``MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS``), or when the membership is unknown or not
  the member's (``MEMBERSHIP_NOT_FOUND``). Reason names and data shapes are the Memberships
  SPI's ``MembershipCannotBeChargedError`` / ``MembershipInvalidSelectionError``;
* a refund gives the credits back once.

Which id is a "membership id" in ecom is Open question 3: ``Switches.membership_id_kind``
(``"order"``: the pricing-plans order id; ``"pool"``: the pool id).

Not simulated: buying, renewing, pausing or cancelling plans (holdings come from the seed),
recurring cycles, program and pool *definitions* as objects, item sets as objects,
``check-eligibility``, ``redeem`` / ``cancel-redemption`` as endpoints, reserved balances,
rollover, form submissions (``fieldSet``).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.site import (
    BOOKINGS_APP_ID,
    PRICING_PLANS_APP_ID,
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
POOL_FILTERS = {
    "id": q.path("id"),
    "beneficiary.memberId": q.path("beneficiary.memberId"),
    "namespace": q.path("namespace"),
    "status": q.path("status"),
    "programId": q.path("programId"),
    "programDefinitionId": q.path("programDefinitionId"),
    "poolDefinitionId": q.path("poolDefinitionId"),
    "createdDate": q.path("createdDate"),
    "details.benefits.providerAppId": q.path("details.benefits.providerAppId"),
    "details.benefits.itemSetId": q.path("details.benefits.itemSetId"),
}


# -- the seed's helpers ---------------------------------------------------------------------
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


# -- holdings and membership ids ------------------------------------------------------------
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


# -- eligibility ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ineligible:
    """Why a membership cannot pay for an item, in the Memberships SPI's words.

    ``error_type`` is a ``MembershipCannotBeChargedType`` (``OUT_OF_CREDITS``,
    ``NOT_STARTED_YET``, ``ENDED``) or a ``MembershipErrorType`` (``MEMBERSHIP_NOT_FOUND``,
    ``MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS``, ``MEMBERSHIP_SELECTION_INVALID``,
    ``LINE_ITEM_NOT_FOUND``); ``detail`` is the matching one-of payload.
    """

    error_type: str
    description: str
    detail: dict[str, Any] = field(default_factory=dict)

    def data(
        self, membership: str | None = None, line_item_id: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"errorType": self.error_type, **self.detail}
        if membership:
            body["membershipId"] = membership
        if line_item_id and self.error_type in ("OUT_OF_CREDITS", "NOT_STARTED_YET", "ENDED"):
            body["lineItemId"] = line_item_id
        return body


def not_found(membership: str) -> Ineligible:
    return Ineligible("MEMBERSHIP_NOT_FOUND", f"Membership {membership} not found for this member")


def check(
    site: Site,
    holding: Holding,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int = 1,
) -> Ineligible | None:
    """Can ``holding`` pay for ``count`` participants of ``service_id`` on ``when``?

    Checked in this order: the member's, covers the service, dates *and* status, credits.
    A ``PAUSED`` pool has no SPI reason; the sandbox answers ``MEMBERSHIP_SELECTION_INVALID``
    with ``membershipSelectionInvalidReason: "POOL_NOT_ACTIVE"`` (benefit programs' word).
    """
    if member_id is None or holding.member_id != member_id:
        return not_found(membership_id(site, holding))
    if service_id not in holding.plan["serviceIds"]:
        return Ineligible(
            "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS",
            f"{holding.plan['name']} does not cover this service",
        )
    start = parse_iso(holding.order["startDate"])
    end_text = holding.order.get("endDate")
    status = holding.pool["status"]
    if status == "PENDING" or when < start:
        starts = holding.order["startDate"]
        return Ineligible(
            "NOT_STARTED_YET",
            f"{holding.plan['name']} starts {starts}",
            {"notStartedYet": {"membershipStartDate": starts}},
        )
    if status == "ENDED" or (end_text is not None and when >= parse_iso(end_text)):
        ended = end_text or holding.order["updatedDate"]
        return Ineligible(
            "ENDED", f"{holding.plan['name']} ended {ended}", {"ended": {"endDate": ended}}
        )
    if status != "ACTIVE":
        return Ineligible(
            "MEMBERSHIP_SELECTION_INVALID",
            f"{holding.plan['name']} is {status}",
            {"membershipSelectionInvalidReason": "POOL_NOT_ACTIVE"},
        )
    required = holding.cost * count
    if not holding.unlimited and holding.remaining < required:
        return Ineligible(
            "OUT_OF_CREDITS",
            f"{holding.plan['name']} has {holding.remaining} credit(s) left, {required} needed",
            {"outOfCredits": {"required": required, "remaining": holding.remaining}},
        )
    return None


def credits_view(holding: Holding) -> dict[str, int] | None:
    """``{total, remaining}`` for a credit pack; ``None`` for an unlimited plan."""
    if holding.unlimited:
        return None
    return {"total": int(holding.plan["credits"]), "remaining": holding.remaining}


def membership_view(site: Site, holding: Holding, line_item_ids: list[str]) -> dict[str, Any]:
    """A checkout ``Membership`` [co]: ``{id, appId, name, lineItemIds, credits,
    expirationDate}``."""
    view: dict[str, Any] = {
        "id": membership_id(site, holding),
        "appId": PRICING_PLANS_APP_ID,
        "name": {"original": holding.plan["name"], "translated": holding.plan["name"]},
        "lineItemIds": list(line_item_ids),
    }
    credits = credits_view(holding)
    if credits is not None:
        view["credits"] = credits
    if holding.order.get("endDate"):
        view["expirationDate"] = holding.order["endDate"]
    return view


# -- charging and refunding -------------------------------------------------------------------
class NotEligible(Exception):
    def __init__(self, reason: Ineligible) -> None:
        super().__init__(reason.description)
        self.reason = reason


def charge(
    site: Site,
    holding: Holding,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int = 1,
    order_id: str,
    line_item_id: str,
) -> dict[str, Any]:
    """Take the credits for one booking line: a benefit "redeem" transaction.

    Re-checks eligibility (raises :class:`NotEligible`). Unlimited plans record a redemption
    of ``"0"`` and leave the balance alone. Returns the redemption (``id`` = the transaction
    id that ecom shows as ``membershipPaymentDetails.externalTransactionId``).
    """
    reason = check(
        site, holding, member_id=member_id, service_id=service_id, when=when, count=count
    )
    if reason is not None:
        raise NotEligible(reason)
    amount = 0 if holding.unlimited else holding.cost * count
    redemption = {
        "id": site.ids.guid(),
        "type": "REDEEM",
        "poolId": holding.pool["id"],
        "memberId": holding.member_id,
        "amount": str(amount),
        "itemReference": {
            "externalId": service_id,
            "providerAppId": BOOKINGS_APP_ID,
            "category": "",
        },
        "targetDate": iso(when),
        "orderId": order_id,
        "lineItemId": line_item_id,
        "canceled": False,
        "createdDate": site.stamp(),
    }
    _move(site, holding, -amount, redemption["id"])
    site.redemptions.append(redemption)
    return redemption


def refund(site: Site, transaction_id: str) -> bool:
    """Give back the credits of one redemption (a "cancel redemption"). Returns ``False`` when
    there is nothing to give back (unknown, or already given back)."""
    redemption = next(
        (r for r in site.redemptions if r["id"] == transaction_id and r["type"] == "REDEEM"), None
    )
    if redemption is None or redemption["canceled"]:
        return False
    holding = holding_of_pool_id(site, redemption["poolId"])
    redemption["canceled"] = True
    back = {
        "id": site.ids.guid(),
        "type": "CANCEL_REDEMPTION",
        "redemptionId": transaction_id,
        "poolId": redemption["poolId"],
        "memberId": redemption["memberId"],
        "amount": redemption["amount"],
        "createdDate": site.stamp(),
    }
    if holding is not None:
        _move(site, holding, int(redemption["amount"]), back["id"])
    site.redemptions.append(back)
    return True


def redemption(site: Site, transaction_id: str | None) -> dict[str, Any] | None:
    return next((r for r in site.redemptions if r["id"] == transaction_id), None)


def _move(site: Site, holding: Holding, delta: int, transaction_id: str) -> None:
    balance = holding.balance
    if delta:
        balance["amount"]["available"] = str(int(Decimal(balance["amount"]["available"])) + delta)
        balance["revision"] = str(int(balance["revision"]) + 1)
    balance["updatedDate"] = site.stamp()
    balance["lastTransactionId"] = transaction_id


# -- the endpoints' models ---------------------------------------------------------------------
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


def eligible_benefits(
    site: Site,
    *,
    item_reference: dict[str, Any],
    count: int,
    target_date: datetime,
    member_id: str | None,
    namespace: str,
) -> list[dict[str, Any]]:
    """Get Eligible Benefits [bpp]: the member's pools in ``namespace`` that can pay for
    ``count`` of the item on ``target_date`` right now (same rules as a charge)."""
    if member_id is None:
        # The beneficiary defaults to the caller; an API key is no member (inferred).
        return []
    if item_reference.get("providerAppId") not in (None, "", BOOKINGS_APP_ID):
        return []
    service_id = item_reference.get("externalId")
    result = []
    for holding in holdings_of(site, member_id):
        if holding.pool["namespace"] != namespace:
            continue
        if (
            check(
                site,
                holding,
                member_id=member_id,
                service_id=service_id,
                when=target_date,
                count=count,
            )
            is not None
        ):
            continue
        benefit = holding.pool["details"]["benefits"][0]
        result.append(
            {
                "poolId": holding.pool["id"],
                "benefitKey": benefit["benefitKey"],
                "itemReference": {
                    "externalId": service_id,
                    "category": item_reference.get("category", ""),
                    "providerAppId": BOOKINGS_APP_ID,
                },
                "price": benefit["price"],
            }
        )
    return result


def query_pools(site: Site, query: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Query Pools [bpp]: filter fields per wix-ecom.md §7.2, cursor paging up to 100."""
    cursor = (query.get("cursorPaging") or {}).get("cursor")
    if cursor:
        state = decode_cursor(cursor)
        filt, sort, offset = state["filter"], state["sort"], state["offset"]
    else:
        filt, sort, offset = query.get("filter"), query.get("sort"), 0
    limit = _limit(query.get("cursorPaging") or {}, default=50, maximum=100)
    match = q.compile_filter(filt, POOL_FILTERS)
    keys = q.sort_key(sort, POOL_FILTERS) or [(q.path("createdDate"), False), (q.path("id"), False)]
    found = q.apply_sort([p for p in site.pools.values() if match(p)], keys)
    page = found[offset : offset + limit]
    more = offset + limit < len(found)
    cursors: dict[str, Any] = {}
    if more:
        cursors["next"] = encode_cursor(filt, sort, offset + limit)
    if offset:
        cursors["prev"] = encode_cursor(filt, sort, max(offset - limit, 0))
    return page, {"count": len(page), "cursors": cursors, "hasNext": more}


#: the fields ``BalancesQueryBuilder`` offers (balances 1.0.63 typings)
BALANCE_FILTERS = {
    "id": q.path("id"),
    "createdDate": q.path("createdDate"),
    "beneficiary.memberId": q.path("beneficiary.memberId"),
    "beneficiary.wixUserId": q.path("beneficiary.wixUserId"),
}


def query_balances(
    site: Site, query: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Query Balances [bpb]: ``QueryBalancesRequest.query`` (a cursor query) over the
    fields the SDK's query builder names; answers ``{balances, metadata}``."""
    cursor = (query.get("cursorPaging") or {}).get("cursor")
    if cursor:
        state = decode_cursor(cursor)
        filt, sort, offset = state["filter"], state["sort"], state["offset"]
    else:
        filt, sort, offset = query.get("filter"), query.get("sort"), 0
    limit = _limit(query.get("cursorPaging") or {}, default=50, maximum=100)
    match = q.compile_filter(filt, BALANCE_FILTERS)
    keys = q.sort_key(sort, BALANCE_FILTERS) or [
        (q.path("createdDate"), False),
        (q.path("id"), False),
    ]
    found = q.apply_sort([b for b in site.balances.values() if match(b)], keys)
    page = found[offset : offset + limit]
    more = offset + limit < len(found)
    cursors: dict[str, Any] = {"next": encode_cursor(filt, sort, offset + limit)} if more else {}
    return page, {"count": len(page), "cursors": cursors, "hasNext": more}


def get_balance(site: Site, pool_id: str) -> dict[str, Any]:
    balance = site.balances.get(pool_id)
    if balance is None:
        raise errors.NotFound("BALANCE_NOT_FOUND", f"No balance for pool {pool_id}")
    return balance


def _limit(paging: dict[str, Any], *, default: int, maximum: int) -> int:
    limit = paging.get("limit", default)
    if limit is None:
        return default
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0 or limit > maximum:
        raise errors.invalid("query.cursorPaging.limit", f"must be between 0 and {maximum}", "MAX")
    return limit


def encode_cursor(filt: Any, sort: Any, offset: int) -> str:
    text = json.dumps({"filter": filt, "sort": sort, "offset": offset}, sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        int(state["offset"])
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.InvalidArgument(
            "INVALID_CURSOR", "cursor is not one this API returned"
        ) from exc
    return state
