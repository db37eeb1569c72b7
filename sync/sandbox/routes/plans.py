"""Pricing Plans and Benefit Programs routes (``@wix/auto_sdk_pricing-plans_orders``,
``…_benefit-programs_pools``, ``…_benefit-programs_balances``); rules in
:mod:`sync.sandbox.models.plans` and :mod:`sync.sandbox.models.benefit_programs`. Only the read
calls wixsync makes are served.
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.app import Call, Route
from sync.sandbox.models import benefit_programs, plans
from sync.sandbox.models.site import parse_iso
from sync.sandbox.routes._body import obj, string


class _Params:
    """GET query parameters of List Orders as the app hands them over: plain
    ``name=value`` pairs (arrays repeated), or — when the SDK packed the whole request into
    one ``.r`` parameter because of a nested field like ``sorting`` (tests/sdk/WIRE.md §6) —
    the decoded JSON values (numbers, booleans, and ``sorting`` as an object)."""

    def __init__(self, call: Call) -> None:
        self.query = call.query

    @staticmethod
    def _text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def many(self, name: str) -> list[str]:
        return [self._text(v) for v in self.query.get(name, []) if v is not None]

    def one(self, name: str) -> str | None:
        values = self.query.get(name)
        if not values and "." in name:  # "sorting.fieldName" from a packed {"sorting": {…}}
            head, _, tail = name.partition(".")
            nested = (self.query.get(head) or [None])[0]
            values = [nested.get(tail)] if isinstance(nested, dict) else []
        if not values or values[0] is None:
            return None
        return self._text(values[0])

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        text = self.one(name)
        if text in (None, ""):
            return default
        try:
            value = int(text)
        except ValueError as exc:
            raise errors.invalid(name, "must be an integer") from exc
        if not low <= value <= high:
            raise errors.invalid(name, f"must be between {low} and {high}", "MAX")
        return value

    def enums(self, name: str, allowed: tuple[str, ...]) -> list[str]:
        values = self.many(name)
        for value in values:
            if value not in allowed:
                raise errors.invalid(name, f"must be one of {', '.join(allowed)}", "ENUM")
        return values


def list_plan_orders(call: Call) -> dict[str, Any]:
    """Management List Orders — GET /pricing-plans/v2/orders (``orders.managementListOrders``),
    wix-ecom.md §7.2 step 2. Arrays come as repeated query parameters (``buyerIds=…&buyerIds=…``)
    or packed in ``.r`` (see :class:`_Params`); ``limit`` 1–50 (default 50); ``offset``;
    ``sorting.fieldName`` / ``sorting.order`` (default DESC). ``fieldSet`` is accepted; form
    submissions are not simulated.
    """
    params = _Params(call)
    renew = params.one("autoRenewCanceled")
    if renew not in (None, "", "true", "false"):
        raise errors.invalid("autoRenewCanceled", "must be true or false")
    order = params.one("sorting.order") or "DESC"
    if order not in ("ASC", "DESC"):
        raise errors.invalid("sorting.order", "must be ASC or DESC", "ENUM")
    found, paging = plans.list_orders(
        call.site,
        buyer_ids=params.many("buyerIds"),
        plan_ids=params.many("planIds"),
        order_statuses=params.enums("orderStatuses", plans.ORDER_STATUSES),
        payment_statuses=params.enums("paymentStatuses", plans.PAYMENT_STATUSES),
        auto_renew_canceled=None if renew in (None, "") else renew == "true",
        limit=params.integer("limit", 50, 1, 50),
        offset=params.integer("offset", 0, 0, 10**9),
        sort_field=params.one("sorting.fieldName"),
        descending=order == "DESC",
    )
    return {"orders": found, "pagingMetadata": paging}


def eligible_pools(call: Call) -> dict[str, Any]:
    """Get Eligible Benefits — POST /benefit-programs/v1/pools/eligible-pools
    (``pools.getEligibleBenefits``), wix-ecom.md §7.2 step 5. ``itemReference`` and
    ``namespace`` are required; ``count`` ≥ 1 (default 1); ``targetDate`` defaults to now.
    With no ``beneficiary.memberId`` the answer is empty (the beneficiary defaults to the
    caller, and an API key is no member — inferred). ``additionalData`` is ignored.
    """
    body = call.body
    item = obj(body, "itemReference", required=True)
    namespace = string(body, "namespace", required=True) or ""
    count = body.get("count", 1)
    if count is None:
        count = 1
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise errors.invalid("count", "must be an integer from 1", "MIN")
    target = string(body, "targetDate")
    try:
        when = parse_iso(target) if target else call.site.now()
    except ValueError as exc:
        raise errors.invalid("targetDate", "must be an ISO-8601 timestamp") from exc
    member_id = obj(body, "beneficiary").get("memberId")
    found = benefit_programs.eligible_benefits(
        call.site,
        item_reference=item,
        count=count,
        target_date=when,
        member_id=member_id,
        namespace=namespace,
    )
    return {"eligibleBenefits": found}


def query_pools(call: Call) -> dict[str, Any]:
    """Query Pools — POST /benefit-programs/v1/pools/query (``pools.queryPools``),
    wix-ecom.md §7.2 step 3; answers ``{pools, metadata}`` (``QueryPoolsResponse``)."""
    found, metadata = benefit_programs.query_pools(call.site, obj(call.body, "query"))
    return {"pools": found, "metadata": metadata}


def get_balance(call: Call) -> dict[str, Any]:
    """Get Balance — GET /benefit-programs/v1/balances/{poolId} (``balances.getBalance``),
    wix-ecom.md §7.2 step 4."""
    return {"balance": benefit_programs.get_balance(call.site, call.params["poolId"])}


def query_balances(call: Call) -> dict[str, Any]:
    """Query Balances — POST /benefit-programs/v1/balances/query (``balances.queryBalances``);
    answers ``{balances, metadata}`` (``QueryBalancesResponse``)."""
    found, metadata = benefit_programs.query_balances(call.site, obj(call.body, "query"))
    return {"balances": found, "metadata": metadata}


ROUTES = [
    Route(
        "plans.list_orders",
        "GET",
        ("/pricing-plans/v2/orders",),
        list_plan_orders,
        ("PRICING_PLANS.READ_ORDERS",),
        None,
        writes=False,
    ),
    Route(
        "pools.eligible",
        "POST",
        ("/benefit-programs/v1/pools/eligible-pools",),
        eligible_pools,
        ("BENEFIT_PROGRAMS.POOL_READ",),
        frozenset(
            {"itemReference", "count", "targetDate", "additionalData", "beneficiary", "namespace"}
        ),
        writes=False,
    ),
    Route(
        "pools.query",
        "POST",
        ("/benefit-programs/v1/pools/query",),
        query_pools,
        ("BENEFIT_PROGRAMS.POOL_READ",),
        frozenset({"query"}),
        writes=False,
    ),
    Route(
        "balances.query",
        "POST",
        ("/benefit-programs/v1/balances/query",),
        query_balances,
        ("BENEFIT_PROGRAMS.BALANCE_READ",),
        frozenset({"query"}),
        writes=False,
    ),
    Route(
        "balances.get",
        "GET",
        ("/benefit-programs/v1/balances/<poolId>",),
        get_balance,
        ("BENEFIT_PROGRAMS.BALANCE_READ",),
        frozenset({"poolId"}),
        writes=False,
    ),
]
