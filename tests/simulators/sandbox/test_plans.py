"""Pricing Plans and Benefit Programs: the plans members hold, eligible pools, pool queries,
balances (wix-ecom.md §7), and the model's charge / refund rules."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sync.sandbox import build_sandbox
from sync.sandbox.models import plan_credits, plans
from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_NAMESPACE, Site
from tests.conftest import NOW, Wix

POOLS = "/benefit-programs/v1/pools"
ANA = "ana.lee@example.org"
EVE = "eve.martin@example.org"


def _member(wix: Wix, email: str) -> str:
    return wix.contact(email)["memberId"]


def _eligible(
    wix: Wix,
    email: str,
    service: str = "Open Water Swim",
    target: str | None = None,
    count: int = 1,
) -> list[dict[str, Any]]:
    body: dict[str, Any] = {
        "itemReference": {
            "externalId": wix.service_id(service),
            "providerAppId": BOOKINGS_APP_ID,
            "category": "",
        },
        "count": count,
        "beneficiary": {"memberId": _member(wix, email)},
        "namespace": PRICING_PLANS_NAMESPACE,
    }
    if target:
        body["targetDate"] = target
    return wix.ok("POST", f"{POOLS}/eligible-pools", body)["eligibleBenefits"]


# -- pricing-plans orders -----------------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §7.2 step 2: arrays as repeated query parameters")
def test_list_plan_orders_by_buyer_and_status(wix: Wix) -> None:
    member = _member(wix, EVE)
    found = wix.ok(
        "GET",
        f"/pricing-plans/v2/orders?buyerIds={member}"
        "&orderStatuses=ACTIVE&orderStatuses=PENDING&limit=50",
    )
    assert sorted(o["planName"] for o in found["orders"]) == ["10 Swim Pass", "Unlimited Summer"]
    order = found["orders"][0]
    assert order["buyer"] == {"memberId": member, "contactId": wix.contact(EVE)["id"]}
    assert order["status"] == "ACTIVE"
    assert order["lastPaymentStatus"] == "PAID"
    assert {"id", "planId", "type", "startDate", "endDate"} <= set(order)
    assert found["pagingMetadata"]["total"] == 2


@pytest.mark.evidence("@wix/sdk-runtime toURLSearchParams: nested fields pack the request in .r")
def test_list_plan_orders_reads_the_sdks_packed_r_parameter(wix: Wix) -> None:
    request = {
        "buyerIds": [_member(wix, EVE)],
        "orderStatuses": ["ACTIVE"],
        "sorting": {"fieldName": "planName", "order": "ASC"},
        "limit": 10,
    }
    packed = base64.urlsafe_b64encode(json.dumps(request).encode()).decode().rstrip("=")
    found = wix.ok("GET", f"/pricing-plans/v2/orders?.r={packed}")
    assert [o["planName"] for o in found["orders"]] == ["10 Swim Pass", "Unlimited Summer"]


def test_list_plan_orders_shows_an_ended_plan_as_ended(wix: Wix) -> None:
    member = _member(wix, "dan.fischer@example.org")
    (order,) = wix.ok("GET", f"/pricing-plans/v2/orders?buyerIds={member}")["orders"]
    assert order["status"] == "ENDED"
    active = wix.ok("GET", f"/pricing-plans/v2/orders?buyerIds={member}&orderStatuses=ACTIVE")
    assert active["orders"] == []


@pytest.mark.parametrize("query", ["limit=51", "limit=0", "orderStatuses=SLEEPING"])
def test_list_plan_orders_refuses_bad_parameters(wix: Wix, query: str) -> None:
    assert wix.call("GET", f"/pricing-plans/v2/orders?{query}").status_code == 400


def test_list_plan_orders_needs_its_permission(wix: Wix) -> None:
    wix.sandbox.site.api_keys["sync"].permissions = frozenset({"ECOM.READ_ORDERS"})
    assert wix.call("GET", "/pricing-plans/v2/orders").status_code == 403


# -- eligible pools -----------------------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §7.2 step 5: eligible pools for member, service and date")
def test_eligible_pools_for_a_member_with_credits(wix: Wix) -> None:
    (benefit,) = _eligible(wix, ANA)
    pool = wix.sandbox.site.pools[benefit["poolId"]]
    assert pool["beneficiary"]["memberId"] == _member(wix, ANA)
    assert benefit["price"] == "1"
    assert benefit["itemReference"]["externalId"] == wix.service_id()
    assert benefit["benefitKey"] == pool["details"]["benefits"][0]["benefitKey"]


@pytest.mark.parametrize(
    "email",
    [
        "ben.ortiz@example.org",  # out of credits
        "dan.fischer@example.org",  # ended
        "finn.walsh@example.org",  # does not cover the service
        "lena.berg@example.org",
    ],
)  # holds no plan
def test_eligible_pools_leave_out_plans_that_cannot_pay(wix: Wix, email: str) -> None:
    assert _eligible(wix, email) == []


def test_eligible_pools_use_the_target_date(wix: Wix) -> None:
    assert _eligible(wix, "finn.walsh@example.org", service="Masters Swim")
    before_start = (NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert (
        _eligible(wix, "finn.walsh@example.org", service="Masters Swim", target=before_start) == []
    )


def test_eligible_pools_need_enough_credits_for_every_participant(wix: Wix) -> None:
    assert _eligible(wix, ANA, count=6)
    assert _eligible(wix, ANA, count=7) == []


def test_eligible_pools_list_both_plans_of_a_member_holding_two(wix: Wix) -> None:
    assert len(_eligible(wix, EVE)) == 2


def test_eligible_pools_without_a_beneficiary_are_empty(wix: Wix) -> None:
    body = {
        "itemReference": {"externalId": wix.service_id(), "providerAppId": BOOKINGS_APP_ID},
        "namespace": PRICING_PLANS_NAMESPACE,
    }
    assert wix.ok("POST", f"{POOLS}/eligible-pools", body)["eligibleBenefits"] == []
    assert (
        wix.call(
            "POST", f"{POOLS}/eligible-pools", {"itemReference": body["itemReference"]}
        ).status_code
        == 400
    )


# -- pools and balances -------------------------------------------------------------------------
@pytest.mark.evidence("wix-ecom.md §7.2 step 3: Query Pools by member, namespace and status")
def test_query_pools_by_member_namespace_and_status(wix: Wix) -> None:
    found = wix.ok(
        "POST",
        f"{POOLS}/query",
        {
            "query": {
                "filter": {
                    "beneficiary.memberId": _member(wix, EVE),
                    "namespace": PRICING_PLANS_NAMESPACE,
                    "status": "ACTIVE",
                },
                "cursorPaging": {"limit": 100},
            }
        },
    )
    assert sorted(p["displayName"] for p in found["pools"]) == ["10 Swim Pass", "Unlimited Summer"]
    plan_ids = {p["id"] for p in wix.info["plans"]}
    assert {p["programDefinition"]["externalId"] for p in found["pools"]} <= plan_ids
    assert found["metadata"] == {"count": 2, "cursors": {}, "hasNext": False}


def test_query_pools_pages_with_a_cursor_and_refuses_unknown_fields(wix: Wix) -> None:
    first = wix.ok("POST", f"{POOLS}/query", {"query": {"cursorPaging": {"limit": 3}}})
    assert first["metadata"]["hasNext"] is True
    rest = wix.ok(
        "POST",
        f"{POOLS}/query",
        {"query": {"cursorPaging": {"limit": 100, "cursor": first["metadata"]["cursors"]["next"]}}},
    )
    ids = [p["id"] for p in first["pools"] + rest["pools"]]
    assert len(ids) == len(set(ids)) == len(wix.sandbox.site.pools)
    bad = wix.call("POST", f"{POOLS}/query", {"query": {"filter": {"displayName": "x"}}})
    assert bad.status_code == 400


@pytest.mark.evidence("wix-ecom.md §7.2 step 4: balance id == pool id, decimal strings")
def test_get_balance_of_a_pool(wix: Wix) -> None:
    (benefit,) = _eligible(wix, ANA)
    balance = wix.ok("GET", f"/benefit-programs/v1/balances/{benefit['poolId']}")["balance"]
    assert balance["id"] == benefit["poolId"]
    assert balance["amount"] == {"available": "6", "reserved": "0"}
    assert balance["beneficiary"] == {"memberId": _member(wix, ANA)}
    assert wix.call("GET", "/benefit-programs/v1/balances/no-such-pool").status_code == 404


# -- the model's rules ----------------------------------------------------------------------------
@pytest.fixture
def site() -> Site:
    return build_sandbox(now=NOW, rate_limit=None).site


def _service(site: Site, name: str = "Open Water Swim") -> str:
    return next(s["id"] for s in site.services.values() if s["name"] == name)


def _holding(
    site: Site,
    *,
    credits: int | None = 3,
    credits_left: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str | None = None,
) -> tuple[plans.Holding, str]:
    member = next(iter(site.members.values()))
    plan = plans.seed_plan(
        site, name="Test Pack", credits=credits, price="10", service_ids=[_service(site)]
    )
    made = plans.seed_holding(
        site,
        member_id=member["id"],
        plan_id=plan["id"],
        start=start or NOW - timedelta(days=1),
        end=end if end is not None else NOW + timedelta(days=30),
        credits_left=credits_left,
        status=status,
    )
    holding = plans.holding_of_pool_id(site, made["pool"]["id"])
    assert holding is not None
    return holding, member["id"]


def _charge(
    site: Site, holding: plans.Holding, member_id: str, *, when: datetime = NOW, count: int = 1
) -> dict[str, Any]:
    return plan_credits.charge(
        site,
        holding,
        member_id=member_id,
        service_id=_service(site),
        when=when,
        count=count,
        order_id="order-1",
        line_item_id="line-1",
    )


def test_plan_charge_uses_exactly_one_credit(site: Site) -> None:
    holding, member = _holding(site)
    _charge(site, holding, member)
    assert holding.balance["amount"]["available"] == "2"
    assert [r["type"] for r in site.redemptions] == ["REDEEM"]


def test_plan_charge_refused_when_out_of_credits(site: Site) -> None:
    holding, member = _holding(site, credits_left=0)
    with pytest.raises(plan_credits.NotEligible) as caught:
        _charge(site, holding, member)
    assert caught.value.reason.error_type == "OUT_OF_CREDITS"
    assert holding.balance["amount"]["available"] == "0"


def test_plan_charge_for_two_swimmers_takes_two_credits(site: Site) -> None:
    holding, member = _holding(site)
    _charge(site, holding, member, count=2)
    assert holding.balance["amount"]["available"] == "1"
    with pytest.raises(plan_credits.NotEligible):
        _charge(site, holding, member, count=2)


@pytest.mark.parametrize(
    ("when", "error_type"),
    [
        (NOW - timedelta(days=2), "NOT_STARTED_YET"),  # session before the plan starts
        (NOW + timedelta(days=31), "ENDED"),  # session after the plan ends
    ],
)
def test_plan_charge_uses_the_session_date(site: Site, when: datetime, error_type: str) -> None:
    holding, member = _holding(site)
    with pytest.raises(plan_credits.NotEligible) as caught:
        _charge(site, holding, member, when=when)
    assert caught.value.reason.error_type == error_type


def test_plan_charge_uses_the_status_too(site: Site) -> None:
    holding, member = _holding(site, status="CANCELED")  # dates still cover today
    assert holding.pool["status"] == "ENDED"
    with pytest.raises(plan_credits.NotEligible) as caught:
        _charge(site, holding, member)
    assert caught.value.reason.error_type == "ENDED"


def test_plan_charge_refused_for_a_service_the_plan_does_not_cover(site: Site) -> None:
    holding, member = _holding(site)
    reason = plan_credits.check(
        site, holding, member_id=member, service_id=_service(site, "Masters Swim"), when=NOW
    )
    assert reason is not None
    assert reason.error_type == "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS"


def test_unlimited_plan_never_uses_credits(site: Site) -> None:
    holding, member = _holding(site, credits=None)
    assert holding.pool["details"]["benefits"][0]["price"] == "0"
    assert "creditConfiguration" not in holding.pool["details"]
    for _ in range(5):
        _charge(site, holding, member)
    assert holding.balance["amount"]["available"] == "0"


def test_refund_gives_the_credit_back_once(site: Site) -> None:
    holding, member = _holding(site)
    taken = _charge(site, holding, member)
    assert plan_credits.refund(site, taken["id"]) is True
    assert plan_credits.refund(site, taken["id"]) is False
    assert holding.balance["amount"]["available"] == "3"
    assert holding.balance["lastTransactionId"] == site.redemptions[-1]["id"]


def test_seed_holding_status_follows_the_dates(site: Site) -> None:
    future, _ = _holding(site, start=NOW + timedelta(days=5), end=NOW + timedelta(days=40))
    past, _ = _holding(site, start=NOW - timedelta(days=40), end=NOW - timedelta(days=5))
    assert (future.order["status"], future.pool["status"]) == ("PENDING", "PENDING")
    assert (past.order["status"], past.pool["status"]) == ("ENDED", "ENDED")


def test_membership_id_follows_the_switch(site: Site) -> None:
    holding, _ = _holding(site)
    assert plans.membership_id(site, holding) == holding.order["id"]
    assert plans.find_holding(site, holding.pool["id"]) is None
    site.switches.membership_id_kind = "pool"
    assert plans.membership_id(site, holding) == holding.pool["id"]
    found = plans.find_holding(site, holding.pool["id"])
    assert found is not None
    assert found.order["id"] == holding.order["id"]
    assert plans.find_holding(site, holding.order["id"]) is None


def test_seed_plan_refuses_a_pack_without_credits() -> None:
    site = build_sandbox(now=datetime(2026, 6, 15, tzinfo=UTC), rate_limit=None).site
    with pytest.raises(ValueError, match="credits"):
        plans.seed_plan(site, name="Broken", credits=0, price="1", service_ids=[])
