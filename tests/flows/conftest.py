"""Fixtures for the row flows: the production client (``sync.wix``) talking to the sandbox
through the in-process transport adapter, a journal in a temporary SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.flows import Attendee, Payment, RowFlows, RowOutcome
from sync.sandbox import InProcessAdapter, Sandbox
from sync.state import Journal, connect
from sync.wix import RateLimiter, RetryPolicy, WixClient, WixHTTP

BASE = "http://wix.sandbox.invalid"
TODAY = date(2026, 6, 15)  # tests.conftest.NOW in Denver


def make_client(sandbox: Sandbox, key: str = "sync", today: date = TODAY) -> WixClient:
    session = requests.Session()
    session.mount(BASE, InProcessAdapter(sandbox))
    http = WixHTTP(
        BASE,
        sandbox.site.api_keys[key].key,
        sandbox.site.site_id,
        timeout=(1.0, 0.5),
        limiter=RateLimiter(None),
        retry=RetryPolicy(attempts=4, total_seconds=30),
        session=session,
        sleep=lambda _s: None,
    )
    return WixClient(http, today=lambda: today)


def person(
    row: str,
    email: str,
    payment: Payment = Payment.CASH,
    *,
    plan: str | None = None,
    attended: bool | None = True,
    first: str = "",
    last: str = "",
    class_name: str = "Open Water Swim",
    day: date = TODAY,
) -> Attendee:
    local = email.split("@")[0].split(".")
    return Attendee(
        row_id=row,
        first=first or local[0].title(),
        last=last or (local[1].title() if len(local) > 1 else ""),
        email=email,
        class_name=class_name,
        session_date=day,
        payment=payment,
        plan=plan,
        attended=attended,
    )


@dataclass
class Harness:
    sandbox: Sandbox
    journal_path: Path
    key: str = "sync"
    #: the client's today (Checkout v1 is refused from 2027-02-01)
    today: date = TODAY

    def flows(self, progress: Callable[[str, str], None] | None = None) -> RowFlows:
        journal = Journal(connect(self.journal_path))
        return RowFlows(
            make_client(self.sandbox, self.key, self.today),
            journal,
            time_zone="America/Denver",
            progress=progress,
        )

    def run(self, attendees: list[Attendee]) -> dict[str, RowOutcome]:
        return {o.row_id: o for o in self.flows().run(attendees)}

    def run_until_settled(
        self, attendees: list[Attendee], cycles: int = 5
    ) -> dict[str, RowOutcome]:
        outcomes: dict[str, RowOutcome] = {}
        for _ in range(cycles):
            outcomes = self.run(attendees)
            if not any(o.retry or o.pending for o in outcomes.values()):
                break
        return outcomes

    @property
    def state(self) -> dict[str, Any]:
        return self.sandbox.site.dump()

    def switch(self, **values: Any) -> None:
        self.sandbox.site.switches.update(values)


@pytest.fixture
def harness(sandbox: Sandbox, tmp_path: Path) -> Harness:
    return Harness(sandbox, tmp_path / "state.sqlite3")
