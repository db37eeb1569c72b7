"""Get Order: what a read of an order shows, and what it sets going.

Follows ``@wix/auto_sdk_ecom_orders@1.0.300`` (wix-ecom.md §5). A read while a mark-as-paid
is still "eventually" (``Switches.mark_as_paid_lag_reads``) shows ``NOT_PAID``; a read is also
a read for a pending plan charge (:mod:`.charge_settlement`). Search Orders shows orders the
same way (:mod:`.order_search`).
"""

from __future__ import annotations

import copy
from typing import Any

from sync.sandbox.models import charge_settlement
from sync.sandbox.models.orders import order_by_id
from sync.sandbox.models.site import Site


def as_read(site: Site, order: dict[str, Any]) -> dict[str, Any]:
    """What a read shows while a mark-as-paid is still "eventually" (``pending_paid``)."""
    if site.pending_paid.get(order["id"], 0) <= 0:
        return order
    stale = copy.deepcopy(order)
    stale["paymentStatus"] = "NOT_PAID"
    return stale


def get_order(site: Site, order_id: str) -> dict[str, Any]:
    """Get Order (``GET /ecom/v1/orders/{id}``) [or]. Each read while a mark-as-paid lags
    (``Switches.mark_as_paid_lag_reads``) still shows ``NOT_PAID`` and uses up one read; it
    is also a read for a pending plan charge (:mod:`.charge_settlement`)."""
    order = order_by_id(site, order_id)
    charge_settlement.on_read(site, order_id)
    view = as_read(site, order)
    left = site.pending_paid.get(order_id, 0)
    if left > 1:
        site.pending_paid[order_id] = left - 1
    elif left:
        del site.pending_paid[order_id]
    return view
