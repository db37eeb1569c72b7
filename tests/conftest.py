"""Shared fixtures. The sandbox is reached the two ways production code can reach a Wix:
in-process (a requests transport adapter) and over loopback HTTP (a real socket)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from sync.sandbox import InProcessAdapter, LoopbackServer, Sandbox, build_sandbox, describe

#: 08:00 in Denver on a summer Monday: the 06:30 Open Water Swim has just ended.
NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)
IN_PROCESS_BASE = "http://wix.sandbox.invalid"

# pytest-xdist's workers start with COLUMNS=80, and rich's consoles (sync.cli.output, made at
# import) would keep that width: a test that runs the CLI at another width (CliRunner's env)
# would then see it wrapped at 80 under xdist only. The terminal's width is read when printed.
os.environ.pop("COLUMNS", None)


@pytest.fixture(autouse=True)
def _check_settled_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every settled row the planner plans unparsed is parsed as well, and must read as its
    state says (sync.engine.parsed.CHECK): the whole suite checks :func:`settled`."""
    import sync.engine.parsed

    monkeypatch.setattr(sync.engine.parsed, "CHECK", True)


@pytest.fixture(autouse=True)
def _wixsync_logger_as_found() -> Iterator[None]:
    """A command run in-process sets the ``wixsync`` logger up for itself (``wixsync run``
    stops it propagating to the root): each test leaves it as it found it, so what a test sees
    of the logs does not hang on which tests ran before it in the same process."""
    logger = logging.getLogger("wixsync")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    for added in [h for h in logger.handlers if h not in handlers]:
        added.close()  # a log file a test's command opened
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the long (slow) suites")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="long run: pass --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@dataclass
class Wix:
    """A tiny raw client for contract tests: sends exactly what a test writes."""

    sandbox: Sandbox
    base: str
    session: requests.Session
    mode: str

    @property
    def info(self) -> dict[str, Any]:
        return describe(self.sandbox.site)

    def key(self, name: str = "sync") -> str:
        return self.sandbox.site.api_keys[name].key

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        key: str | None = "sync",
        headers: dict[str, str] | None = None,
        timeout: Any = (2, 5),
    ) -> requests.Response:
        sent = {"wix-site-id": self.sandbox.site.site_id}
        if key is not None:
            sent["Authorization"] = self.key(key)
        sent.update(headers or {})
        return self.session.request(
            method, self.base + path, json=body, headers=sent, timeout=timeout
        )

    def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> dict[str, Any]:
        response = self.call(method, path, body, **kwargs)
        assert response.status_code == 200, (response.status_code, response.text)
        return response.json()

    def control(self, method: str, action: str, body: Any = None) -> Any:
        response = self.session.request(
            method, f"{self.base}/_sandbox/{action}", json=body, timeout=5
        )
        assert response.status_code == 200, response.text
        return response.json()

    # fixtures of the default club ---------------------------------------------------------
    def service_id(self, name: str = "Open Water Swim") -> str:
        return next(s["id"] for s in self.info["services"] if s["name"] == name)

    def today_event(self, name: str = "Open Water Swim") -> str:
        return next(s["eventId"] for s in self.info["todaySessions"] if s["service"] == name)

    def contact(self, email: str) -> dict[str, Any]:
        return next(c for c in self.info["contacts"] if c["email"] == email)


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(now=NOW, rate_limit=None)


@pytest.fixture(params=["in_process", "loopback"])
def wix(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Wix]:
    session = requests.Session()
    if request.param == "in_process":
        session.mount(IN_PROCESS_BASE, InProcessAdapter(sandbox))
        yield Wix(sandbox, IN_PROCESS_BASE, session, "in_process")
        return
    with LoopbackServer(sandbox) as server:
        yield Wix(sandbox, server.url, session, "loopback")
    session.close()


def booking_body(
    wix: Wix, email: str, *, option: str = "OFFLINE", event: str | None = None, **flow: bool
) -> dict[str, Any]:
    contact = wix.contact(email)
    first, _, last = contact["name"].partition(" ")
    body: dict[str, Any] = {
        "booking": {
            "bookedEntity": {
                "slot": {"serviceId": wix.service_id(), "eventId": event or wix.today_event()}
            },
            "contactDetails": {
                "contactId": contact["id"],
                "firstName": first,
                "lastName": last,
                "email": email,
            },
            "totalParticipants": 1,
            "selectedPaymentOption": option,
        },
        "participantNotification": {"notifyParticipants": False},
        "sendSmsReminder": False,
    }
    if flow:
        body["flowControlSettings"] = flow
    return body
