"""Search Orders: the filterable fields, which operators each takes, sorting and paging.

Follows ``@wix/auto_sdk_ecom_orders@1.0.300`` ``OrderSearchSpec`` (wix-ecom.md §5.2). An
operator a field does not take answers 400 ``UNSUPPORTED_FILTER``.

Only ``filter``, ``sort`` and ``cursorPaging`` of the ``search`` object are read.
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import charge_settlement, order_reads
from sync.sandbox.models import query as q
from sync.sandbox.models.site import Site

#: Search Orders fields by operator group [or ``OrderSearchSpec``] (wix-ecom.md §5.2)
_EQ_ONLY = (
    "status",
    "paymentStatus",
    "fulfillmentStatus",
    "channelInfo.type",
    "id",
    "checkoutId",
    "buyerInfo.contactId",
    "buyerInfo.memberId",
    "channelInfo.externalOrderId",
    "createdBy.userId",
    "lineItems.subscriptionInfo.id",
)
_ANY_OP = (
    "createdDate",
    "updatedDate",
    "number",
    "buyerInfo.email",
    "priceSummary.total.amount",
    "purchasedDate",
)
_HAS_ONLY = (
    "lineItems.catalogReference.catalogItemId",
    "lineItems.catalogReference.appId",
    "lineItems.productName.original",
)
ORDER_FIELDS = {name: q.path(name) for name in (*_EQ_ONLY, *_ANY_OP, *_HAS_ONLY)}
_OPS_FOR = {
    **{n: ("$eq", "$in", "$ne", "$nin") for n in _EQ_ONLY},
    **{n: ("$hasSome", "$hasAll") for n in _HAS_ONLY},
}


def search_orders(
    site: Site, search: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Search Orders (``POST /ecom/v1/orders/search``) [or]: filter fields and operators of
    ``OrderSearchSpec`` (wix-ecom.md §5.2), ``cursorPaging.limit`` ≤ 100 (default 50 here).
    Default sort (undocumented): ``createdDate`` DESC, newest first. A lagging mark-as-paid
    shows here too, without using up a read; each order on the page is a read for a pending
    plan charge (:mod:`.charge_settlement`)."""
    paging = search.get("cursorPaging") or {}
    if not isinstance(paging, dict):
        raise errors.invalid("search.cursorPaging", "must be an object")
    if paging.get("cursor"):
        state = q.decode_cursor(paging["cursor"])
        filt, sort, offset = state["filter"], state["sort"], int(state["offset"])
    else:
        filt, sort, offset = search.get("filter"), search.get("sort"), 0
    limit = paging.get("limit", 50)
    if limit is None:
        limit = 50
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 100:
        raise errors.invalid("search.cursorPaging.limit", "must be between 0 and 100", "MAX")
    _check_operators(filt)
    match = q.compile_filter(filt, ORDER_FIELDS, case_insensitive=("buyerInfo.email",))
    newest = [(q.path("createdDate"), True), (q.path("number"), True)]
    keys = q.sort_key(sort, ORDER_FIELDS) or newest
    found = q.apply_sort([o for o in site.orders.values() if match(o)], keys)
    for order in found[offset : offset + limit]:
        charge_settlement.on_read(site, order["id"])
    page = [order_reads.as_read(site, o) for o in found[offset : offset + limit]]
    more = offset + limit < len(found)
    cursors: dict[str, Any] = {}
    if more:
        cursors["next"] = q.encode_cursor(filt, sort, offset + limit)
    if offset:
        cursors["prev"] = q.encode_cursor(filt, sort, max(offset - limit, 0))
    return page, {"count": len(page), "cursors": cursors, "hasNext": more}


def _check_operators(filt: Any) -> None:
    if not isinstance(filt, dict):
        return
    for key, cond in filt.items():
        if key in ("$and", "$or"):
            for sub in cond if isinstance(cond, list) else []:
                _check_operators(sub)
            continue
        if key == "$not":
            _check_operators(cond)
            continue
        allowed = _OPS_FOR.get(key)
        ops = cond.keys() if isinstance(cond, dict) else ["$eq"]
        bad = [op for op in ops if allowed is not None and op not in allowed]
        if bad:
            raise errors.InvalidArgument(
                "UNSUPPORTED_FILTER",
                f"Operator '{bad[0]}' is not supported on '{key}'",
                data={"field": key, "supportedOperators": list(allowed or ())},
            )
