"""The Pricing Plans and Benefit Programs endpoints the sync uses: the members' plan orders,
their benefit pools and balances, and the pools eligible for a class. One thin function each,
naming its doc page or SDK method."""

from __future__ import annotations

from sync.wix import paths
from sync.wix.calls import IDS_PER_CALL, Calls, Json
from sync.wix.enums import PRICING_PLANS_NAMESPACE
from sync.wix.paging import Page, cursor_pages, meta_of, offset_pages


class PlanCalls(Calls):
    # -- plans ------------------------------------------------------------------------------
    def plan_orders(self, member_ids: list[str]) -> list[Json]:
        """pricingPlans.managementListOrders for many buyers at once (ACTIVE orders): offset
        paging by query parameters, ``limit`` 1–50 (``@max 50``), ``pagingMetadata.total``;
        every page is read."""
        found: list[Json] = []
        for start in range(0, len(member_ids), 50):
            buyers = member_ids[start : start + 50]

            def page(offset: int, buyers: list[str] = buyers) -> Page:
                params = {
                    "buyerIds": buyers,
                    "orderStatuses": ["ACTIVE"],
                    "limit": 50,
                    "offset": offset,
                }
                answer = self._read("GET", paths.PLAN_ORDERS, params=params)
                return answer.get("orders") or [], meta_of(answer, "pagingMetadata")

            found.extend(offset_pages(page, 50, method="GET", path=paths.PLAN_ORDERS))
        return found

    def pools(self, member_ids: list[str]) -> list[Json]:
        """benefitPrograms.queryPools for members' Pricing Plans pools; pages through every
        result (``metadata.cursors.next``, at most 100 a page)."""
        found: list[Json] = []
        for start in range(0, len(member_ids), IDS_PER_CALL):
            filter_ = {
                "beneficiary.memberId": {"$in": member_ids[start : start + IDS_PER_CALL]},
                "namespace": PRICING_PLANS_NAMESPACE,
            }
            found.extend(self._cursor_query(paths.POOLS_QUERY, filter_, "pools"))
        return found

    def _cursor_query(self, path: str, filter_: Json, key: str) -> list[Json]:
        """``POST {query: {filter, cursorPaging}}`` answered with ``metadata.cursors``."""

        def page(cursor: str | None) -> Page:
            query: Json = (
                {"cursorPaging": {"limit": 100, "cursor": cursor}}
                if cursor
                else {"filter": filter_, "cursorPaging": {"limit": 100}}
            )
            answer = self._read("POST", path, {"query": query})
            return answer.get(key) or [], meta_of(answer, "metadata")

        return cursor_pages(page, method="POST", path=path)

    def balances(self, member_ids: list[str]) -> list[Json]:
        """benefitPrograms.queryBalances by ``beneficiary.memberId $in`` (``Balance.id`` is
        the pool id); pages through every result."""
        found: list[Json] = []
        for start in range(0, len(member_ids), IDS_PER_CALL):
            filter_ = {"beneficiary.memberId": {"$in": member_ids[start : start + IDS_PER_CALL]}}
            found.extend(self._cursor_query(paths.BALANCES_QUERY, filter_, "balances"))
        return found

    def balance(self, pool_id: str) -> Json:
        return self._read("GET", paths.BALANCE.format(pool_id=pool_id))["balance"]
