"""The official Wix JS SDK, pointed at the sandbox over loopback, proves the wire format.

``tests/sdk/harness.mjs`` calls every SDK method the sync uses through ``@wix/sdk``
(``ApiKeyStrategy``) and the ``@wix/auto_sdk_*`` packages pinned in
``tests/sdk/package-lock.json``, and checks each answer against the SDK's own typings.
The official client, not ours, decides whether the sandbox speaks Wix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.sandbox import LoopbackServer, build_sandbox, describe
from tests.conftest import NOW

SDK_DIR = Path(__file__).resolve().parent / "sdk"

STEPS = [
    "services.queryServices",
    "slots.listEventTimeSlots",
    "contacts.queryContacts",
    "contacts.createContact",
    "contacts.createContact#duplicate",
    "contacts.getContact",
    "members.queryMembers",
    "ppo.managementListOrders",
    "pools.queryPools",
    "pools.getEligibleBenefits",
    "balances.getBalance",
    "bookings.createBooking",
    "bookings.bulkCreateBooking",
    "bookings.confirmOrDeclineBooking",
    "attendance.setAttendance",
    "attendance.bulkSetAttendance",
    "attendance.queryAttendance",
    "checkout.createCheckout",
    "checkout.getCheckout",
    "checkout.createOrder",
    "checkout.createOrder#repeat",
    "orders.getOrder",
    "orders.searchOrders",
    "orders.paymentCollectionMarkOrderAsPaid",
    "orders.paymentCollectionMarkOrderAsPaid#repeat",
    "tx.listTransactionsForSingleOrder",
    "checkout.createCheckout#membership",
    "checkout.updateCheckout",
    "checkout.createOrder#membership",
    "checkout.createCheckout#C",
    "checkout.createOrder#C",
    "orders.getOrder#C",
    "billing.chargeMemberships",
    "checkout.createCheckout#F",
    "checkout.createOrder#F",
    "orders.paymentCollectionBulkMarkOrdersAsPaid",
    "checkout.createCheckout#G",
    "checkout.createOrder#G",
    "orders.getOrder#G",
    "tx.addPayments",
    "orders.createOrder",
    "orders.cancelOrder",
    "bookings.cancelBooking",
    "extended.queryExtendedBookings",
    # Cart V2 (the order path; Checkout v1 is removed 2027-02-01)
    "bookings.createBooking#cartH",
    "bookings.createBooking#cartM",
    "cart.createCart#H",
    "cart.getCart",
    "cart.updateLineItems",
    "cart.calculateCart",
    "cart.placeOrder",
    "cart.placeOrder#repeat",
    "cart.getCart#ordered",
    "orders.getOrder#H",
    "tx.addPayments#cart",
    "tx.listTransactionsForSingleOrder#cart",
    "cart.createCart#M",
    "cart.calculateCart#M",
    "cart.placeOrder#M",
    "orders.getOrder#M",
    "billing.chargeMemberships#cart",
    "tx.listTransactionsForSingleOrder#cartM",
    "extended.queryExtendedBookings#cart",
]


def _node_problem() -> str | None:
    node = shutil.which("node")
    if node is None:
        return "node not found: the official-SDK contract test needs Node 20+"
    version = subprocess.run(
        [node, "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not version.startswith("v") or int(version[1:].split(".")[0]) < 20:
        return f"Node 20+ required, found {version or 'nothing'}"
    if not (SDK_DIR / "node_modules" / "@wix" / "sdk" / "package.json").exists():
        return "tests/sdk/node_modules missing: run `npm ci --prefix tests/sdk`"
    return None


@pytest.fixture(scope="module")
def sdk_report() -> Iterator[dict[str, Any]]:
    problem = _node_problem()
    if problem:
        pytest.skip(problem)
    sandbox = build_sandbox(now=NOW, rate_limit=None)
    # the permissive answer of each "(verify)" switch this scenario exercises
    # (tests/sdk/conftest_notes.md §2); their other answers have their own sandbox tests
    permissive = {
        "checkout_lists_eligible_memberships": True,
        "mark_as_paid_allowed": True,
        "unprefixed_bulk_mark_as_paid_served": True,
        "checkout_v1_removed": False,
    }
    known = set(sandbox.site.switches.names())
    sandbox.site.switches.update({k: v for k, v in permissive.items() if k in known})
    info = describe(sandbox.site)
    # tomorrow's class: no seeded bookings and not started yet
    tomorrow = "2026-06-16"
    ana = next(c for c in info["contacts"] if c["email"] == "ana.lee@example.org")
    fixtures = {
        "serviceName": "Open Water Swim",
        "serviceId": next(s["id"] for s in info["services"] if s["name"] == "Open Water Swim"),
        "sessionDate": tomorrow,
        "timeZone": info["timeZone"],
        "existingContactEmail": "ivan.novak@example.org",
        "member": {
            "contactId": ana["id"],
            "memberId": ana["memberId"],
            "email": "ana.lee@example.org",
            "firstName": "Ana",
            "lastName": "Lee",
        },
        "planName": "10 Swim Pass",
        "country": "US",
    }
    key = sandbox.site.api_keys["sync"].key
    with LoopbackServer(sandbox) as server:
        env = {
            **os.environ,
            "WIX_BASE_URL": server.url,
            "WIX_SITE_ID": sandbox.site.site_id,
            "WIX_API_KEY": key,
            "WIX_FIXTURES": json.dumps(fixtures),
        }
        env.pop("WIX_SDK_HOST_MODE", None)
        env.pop("WIX_HARNESS_EXTRAS", None)
        proc = subprocess.run(
            ["node", "harness.mjs"],
            cwd=SDK_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            pytest.fail(f"harness printed no JSON (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        if proc.returncode == 2:
            pytest.fail(f"harness configuration error: {report.get('error')}\n{proc.stderr}")
        report["_sandbox_log"] = [(e.method, e.path, e.status) for e in sandbox.log]
        report["_key"] = key
        yield report


def test_every_step_of_the_scenario_ran(sdk_report: dict[str, Any]) -> None:
    names = [r["name"] for r in sdk_report["results"]]
    assert names == STEPS, sdk_report.get("error")


@pytest.mark.sdk
@pytest.mark.parametrize("step", STEPS)
def test_official_sdk_step(sdk_report: dict[str, Any], step: str) -> None:
    by_name = {r["name"]: r for r in sdk_report["results"]}
    assert step in by_name, f"step not run (aborted?): {sdk_report.get('error')}"
    result = by_name[step]
    assert result["ok"], (
        f"{step}: HTTP {result.get('status')} {result.get('errorCode')}\n"
        + "\n".join(result["checks"])
        + f"\nrequests: {result.get('requests')}\nsample: {json.dumps(result.get('sample'))[:2000]}"
    )


def test_the_sandbox_saw_only_authenticated_sdk_calls(sdk_report: dict[str, Any]) -> None:
    statuses = {status for _method, _path, status in sdk_report["_sandbox_log"]}
    assert 401 not in statuses
    assert 403 not in statuses
