"""Fixtures for doctor: the production client on the sandbox (in-process), a sandbox whose
seed also holds a key made before Cart V2, and what "the site as it was" means."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.doctor import Check, DoctorReport, rehearse, run_doctor
from sync.flows.strategy import Strategies
from sync.sandbox import InProcessAdapter, Sandbox, build_sandbox
from sync.sandbox.seed import default_seed
from sync.state import Journal, connect
from sync.wix import RateLimiter, RetryPolicy, WixClient, WixHTTP

BASE = "http://wix.sandbox.invalid"
#: 08:00 in Denver on 2026-12-01: before Checkout v1's removal (2027-02-01)
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
#: a key of every permission the flows need but none of Cart V2's (made before Cart V2)
NO_CART = "doctor-no-cart-v2"
CART_PERMISSIONS = ("ECOM.ADMIN_MODIFY_CARTS", "ECOM.ADMIN_MODIFY_CHECKOUTS")


def seed() -> dict[str, Any]:
    document = default_seed()
    full = next(k for k in document["apiKeys"] if k["name"] == "sync")
    document["apiKeys"].append(
        {
            "name": NO_CART,
            "key": "IST.doctor-test-no-cart.0f1e2d3c4b5a6978",
            "permissions": [
                p
                for p in full["permissions"]
                if not p.startswith("ecom:v2:cart:") and p not in CART_PERMISSIONS
            ],
        }
    )
    return document


def make_sandbox(now: datetime | None = NOW) -> Sandbox:
    return build_sandbox(seed(), now=now, rate_limit=None)


@pytest.fixture
def sandbox() -> Sandbox:
    return make_sandbox()


def client_for(sandbox: Sandbox, key: str = "sync", today: date = TODAY) -> WixClient:
    session = requests.Session()
    session.mount(BASE, InProcessAdapter(sandbox))
    http = WixHTTP(
        BASE,
        sandbox.site.api_keys[key].key if key in sandbox.site.api_keys else key,
        sandbox.site.site_id,
        timeout=(1.0, 0.5),
        limiter=RateLimiter(None),
        retry=RetryPolicy(attempts=2, total_seconds=5),
        session=session,
        sleep=lambda _s: None,
    )
    return WixClient(http, today=lambda: today)


def doctor(
    sandbox: Sandbox,
    *,
    key: str = "sync",
    email: str | None = None,
    today: date = TODAY,
    classes: tuple[str, ...] = ("Open Water Swim",),
    said: list[Check] | None = None,
) -> DoctorReport:
    """Probes, then (with ``email``) the rehearsal, as the CLI runs them; no sleeping."""
    client = client_for(sandbox, key, today)
    report = run_doctor(client, classes=list(classes), time_zone="America/Denver", today=today)
    if email and report.key_accepted:
        say: Callable[[Check], None] = said.append if said is not None else lambda _c: None
        rehearse(
            client,
            report,
            class_name=classes[0],
            email=email,
            time_zone="America/Denver",
            today=today,
            say=say,
            sleep=lambda _s: None,
        )
    return report


def lines(report: DoctorReport) -> dict[str, Check]:
    return {c.name: c for c in report.checks}


# -- the site as it was ---------------------------------------------------------------------------
def site_state(sandbox: Sandbox) -> dict[str, Any]:
    """What the rehearsal must leave as it found it: active bookings, open unpaid orders,
    every plan's credits."""
    dump = sandbox.site.dump()
    return {
        "active bookings": sorted(
            b["id"] for b in dump["bookings"] if b["status"] not in ("CANCELED", "DECLINED")
        ),
        "open unpaid orders": sorted(
            o["id"]
            for o in dump["orders"]
            if o["status"] != "CANCELED" and o["paymentStatus"] in ("NOT_PAID", "PARTIALLY_PAID")
        ),
        "credits": {b["id"]: b["amount"]["available"] for b in dump["balances"]},
    }


def rehearsal_bookings(sandbox: Sandbox) -> list[dict[str, Any]]:
    return [
        b
        for b in sandbox.site.dump()["bookings"]
        if str(b.get("externalUserId") or "").startswith("wixsync:rehearsal:")
    ]


def remembered(
    report: DoctorReport, tmp_path: Path, before: Strategies | None = None
) -> Strategies:
    """What the state database holds after the CLI's ``report.remember``."""
    journal = Journal(connect(tmp_path / "state.sqlite3"))
    if before is not None:
        before.save(journal)
    report.remember(journal)
    return Strategies.load(journal)
