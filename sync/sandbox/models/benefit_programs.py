"""Benefit Programs: Get Eligible Benefits, Query Pools, Query Balances, Get Balance.

Follows ``@wix/auto_sdk_benefit-programs_pools`` (Get Eligible Benefits, Query Pools) and
``…_balances`` (Query Balances, Get Balance). See wix-ecom.md §7.2. The pools and balances
are the plans members hold (:mod:`.plans`); eligibility is a charge's (:mod:`.plan_credits`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.plan_credits import check
from sync.sandbox.models.plans import holdings_of
from sync.sandbox.models.query import decode_cursor, encode_cursor
from sync.sandbox.models.site import BOOKINGS_APP_ID, Site

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
    return _cursor_query(site.pools.values(), query, POOL_FILTERS)


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
    return _cursor_query(site.balances.values(), query, BALANCE_FILTERS)


def _cursor_query(
    items: Iterable[dict[str, Any]], query: dict[str, Any], fields: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One page of a cursor query (filter, sort, ``cursorPaging`` 50 by default, at most
    100) over ``items``, oldest first, and its paging metadata: a cursor carries the filter,
    sort and offset, so the next page needs nothing else."""
    cursor = (query.get("cursorPaging") or {}).get("cursor")
    if cursor:
        state = decode_cursor(cursor)
        filt, sort, offset = state["filter"], state["sort"], state["offset"]
    else:
        filt, sort, offset = query.get("filter"), query.get("sort"), 0
    limit = _limit(query.get("cursorPaging") or {}, default=50, maximum=100)
    match = q.compile_filter(filt, fields)
    keys = q.sort_key(sort, fields) or [(q.path("createdDate"), False), (q.path("id"), False)]
    found = q.apply_sort([item for item in items if match(item)], keys)
    page = found[offset : offset + limit]
    more = offset + limit < len(found)
    cursors: dict[str, Any] = {}
    if more:
        cursors["next"] = encode_cursor(filt, sort, offset + limit)
    if offset:
        cursors["prev"] = encode_cursor(filt, sort, max(offset - limit, 0))
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
