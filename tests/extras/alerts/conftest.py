"""The alerts wired into the whole product (``tests.proof.world.World``) with both channels
pointed at loopback receivers, and the daemon driven on simulated time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.extras.alerts import Alerts, EmailChannel, WebhookChannel, alerts_of
from sync.extras.seam import HookParts
from sync.runtime import Runtime
from tests.extras.alerts.servers import SMTPServer, Webhook
from tests.proof.world import Captured, World, line
from tests.proof.world import Loop as BaseLoop

SMTP_PASSWORD = "smtp-Pa55word-never-shown"
WEBHOOK_SECRET = "Bearer whk-5ecret-never-shown"
SHEET_LINK = "https://docs.google.com/spreadsheets/d/KEY/edit#gid=0"
POLL = 60.0  # a cycle a minute: the thresholds are minutes, and fewer cycles run faster
ROW_MINUTES = 30
OUTAGE_MINUTES = 10

GOOD = [
    line("Zoe Quinn", "zoe.quinn@example.org", "cash"),
    line("Ivan Novak", "ivan.novak@example.org", "cash"),
]


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer(password=SMTP_PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook().start()
    yield server
    server.stop()


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", WEBHOOK_SECRET)


@pytest.fixture
def captured() -> Iterator[Captured]:
    """Every log line while the test runs, whatever level."""
    handler = Captured()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def email_channel(smtp: SMTPServer, **overrides: Any) -> EmailChannel:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": smtp.port,
        "security": "none",
        "sender": "wixsync@club.example.org",
        "to": ["owner@club.example.org"],
        "username": "wixsync@club.example.org",
        "password_env": "TEST_SMTP_PASSWORD",
        "timeout": 2.0,
    }
    return EmailChannel(**{**settings, **overrides})


def webhook_channel(webhook: Webhook) -> WebhookChannel:
    return WebhookChannel(webhook.url, secret_env="TEST_WEBHOOK_SECRET", timeout=(2.0, 2.0))


def factory(channels: list[Any], **options: Any) -> Callable[[HookParts], Alerts]:
    def make(parts: HookParts) -> Alerts:
        return Alerts(
            parts.db,
            channels,
            clock=parts.clock,
            row_minutes=options.get("row_minutes", ROW_MINUTES),
            outage_minutes=options.get("outage_minutes", OUTAGE_MINUTES),
            send_resolved=options.get("send_resolved", True),
            time_zone="America/Denver",
            sheet_link=SHEET_LINK,
        )

    return make


class Loop(BaseLoop):
    """The daemon with its alerts on simulated time (``tests.proof.world.Loop``)."""

    def __init__(self, world: World, runtime: Runtime) -> None:
        super().__init__(world, runtime, poll=POLL, alerts=alerts_of(runtime.engine.hooks))


def alert_world(
    tmp_path: Path,
    rows: list[list[Any]],
    channels: list[Any],
    **options: Any,
) -> World:
    return World(tmp_path, rows, hooks=[factory(channels, **options)])


def count(subjects: list[str], words: str) -> int:
    return sum(words in s for s in subjects)
