"""The Alerts component alone, on a clock of its own: when a waiting message is retried,
what survives a restart, what is dropped, how an outage is classified, how emails are
masked and long lists are cut."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
import requests
from google.auth.exceptions import RefreshError

from sync.extras.alerts import Alerts, Kind, Message, SendFailed, mask_emails, outage_kind
from sync.extras.alerts.incidents import Incident
from sync.extras.alerts.messages import Event, Words
from sync.state import connect
from sync.wix import NotSent


class Channel:
    """Records every attempt; fails while ``failing``."""

    def __init__(self, name: str = "email") -> None:
        self.name = name
        self.failing = False
        self.attempts: list[str] = []
        self.sent: list[str] = []

    def send(self, message: Message) -> None:
        self.attempts.append(message.subject)
        if self.failing:
            raise SendFailed("smtp.example.org:587 answered SMTP 451")
        self.sent.append(message.subject)


class Clock:
    def __init__(self) -> None:
        self.now = 1_781_532_000.0  # 2026-06-15 14:00 UTC

    def __call__(self) -> float:
        return self.now


WIX_DOWN = NotSent("POST", "/contacts/v4/contacts/query", "connection refused")
GOOGLE_DOWN = requests.exceptions.ConnectionError(
    request=requests.Request("GET", "https://sheets.googleapis.com/v4/spreadsheets/k").prepare()
)


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "state.sqlite3")


def alerts(db: sqlite3.Connection, clock: Clock, *channels: Channel, **options: int) -> Alerts:
    return Alerts(db, channels, clock=clock, outage_minutes=0, time_zone="UTC", **options)


def test_a_waiting_message_is_retried_at_the_next_change_at_once(db: sqlite3.Connection) -> None:
    clock, channel = Clock(), Channel()
    channel.failing = True
    watch = alerts(db, clock, channel)
    watch.cycle_failed(WIX_DOWN)
    assert channel.attempts == ["wixsync: cannot reach Wix"]
    clock.now += 30
    channel.failing = False
    watch.cycle_failed(WIX_DOWN)  # no change, and the back-off (1 minute) has not passed
    assert channel.sent == []
    clock.now += 1
    watch.cycle_failed(GOOGLE_DOWN)  # a change: what waits goes first, then the new one
    assert channel.sent == ["wixsync: cannot reach Wix", "wixsync: cannot reach the Google Sheet"]


def test_a_failing_channel_is_retried_after_a_growing_back_off(db: sqlite3.Connection) -> None:
    clock, channel = Clock(), Channel()
    channel.failing = True
    watch = alerts(db, clock, channel)
    watch.cycle_failed(WIX_DOWN)
    for _ in range(120):  # an hour of cycles every 30 s, nothing changing
        clock.now += 30
        watch.cycle_failed(WIX_DOWN)
    assert 5 <= len(channel.attempts) <= 10, "1, 2, 5, then every 10 minutes"
    assert channel.sent == []


def test_a_message_not_delivered_in_a_day_is_dropped(
    db: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    clock, channel = Clock(), Channel()
    channel.failing = True
    watch = alerts(db, clock, channel)
    watch.cycle_failed(WIX_DOWN)
    clock.now += 86400 + 1
    channel.failing = False
    watch.cycle_failed(WIX_DOWN)
    assert channel.sent == []
    assert watch.outbox == []
    assert "not delivered by email within a day" in caplog.text


def test_what_was_told_and_what_waits_survive_a_restart(db: sqlite3.Connection) -> None:
    clock, email, hook = Clock(), Channel("email"), Channel("webhook")
    hook.failing = True
    alerts(db, clock, email, hook).cycle_failed(WIX_DOWN)
    again = alerts(db, clock, email, hook)  # a new process
    assert again.incidents["wix"].alerted_at == clock.now
    assert [p.channel for p in again.outbox] == ["webhook"]
    hook.failing = False
    clock.now += 61
    again.cycle_failed(WIX_DOWN)
    assert email.sent == hook.sent == ["wixsync: cannot reach Wix"]


def test_a_channel_removed_from_the_config_drops_its_waiting_messages(
    db: sqlite3.Connection,
) -> None:
    clock, email, hook = Clock(), Channel("email"), Channel("webhook")
    hook.failing = True
    alerts(db, clock, email, hook).cycle_failed(WIX_DOWN)
    again = alerts(db, clock, email)
    again.cycle_failed(WIX_DOWN)
    assert again.outbox == []


def test_a_channel_raising_anything_never_reaches_the_daemon(db: sqlite3.Connection) -> None:
    class Broken(Channel):
        def send(self, message: Message) -> None:
            raise RuntimeError("a bug")

    clock = Clock()
    watch = alerts(db, clock, Broken())
    watch.cycle_failed(WIX_DOWN)  # no exception
    assert watch.outbox[0].attempts == 1


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (WIX_DOWN, Kind.WIX),
        (GOOGLE_DOWN, Kind.GOOGLE),
        (sqlite3.OperationalError("database or disk is full"), Kind.DISK),
        (OSError(errno.ENOSPC, "No space left on device"), Kind.DISK),
        (requests.exceptions.ConnectionError("no request"), Kind.SYNC),
        (
            requests.exceptions.ReadTimeout(
                request=requests.Request("POST", "https://www.wixapis.com/x").prepare()
            ),
            Kind.WIX,
        ),
        (PermissionError(errno.EACCES, "Permission denied", "class.xlsx"), Kind.SYNC),
        (RefreshError("token endpoint answered 500"), Kind.GOOGLE),
    ],
    ids=["wix", "google", "sqlite-full", "enospc", "network", "wix-timeout", "file", "token"],
)
def test_an_outage_is_classified_by_what_it_points_at(exc: BaseException, kind: Kind) -> None:
    assert outage_kind(exc) == kind


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("ana.lee@example.org", "a***@example.org"),
        ("Email 'amir.said@@example.org' has", "Email 'a***@@example.org' has"),
        ("did you mean ben@gmail.com?", "did you mean b***@gmail.com?"),
        ("<cara@example.org>, dan@x.io", "<c***@example.org>, d***@x.io"),
        ("No class called 'Open Water Swm'", "No class called 'Open Water Swm'"),
    ],
)
def test_emails_are_masked(text: str, masked: str) -> None:
    assert mask_emails(text) == masked


def test_a_long_list_of_rows_is_cut_and_counted() -> None:
    rows = [
        Incident(f"row:r{i}", Kind.ROW, 0.0, row_number=i + 2, name=f"Swimmer {i}", detail="Bad.")
        for i in range(25)
    ]
    words = Words(time_zone="America/Denver", row_minutes=30, sheet_link="class.xlsx")
    message = words.message([Event(True, r, 1800.0) for r in rows])
    assert message.subject == "wixsync: 25 rows in error for more than 30 minutes"
    assert message.text.count("  • row ") == 20
    assert "  … and 5 more: see the sheet." in message.text
    assert message.text.rstrip().endswith("The sheet: class.xlsx")
    assert len(message.events) == 25
