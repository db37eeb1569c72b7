"""Rows in error for longer than ``row_error_after_minutes``: the rows that cross it together
make one message (number, Name, Error with emails masked, the sheet's link), told once —
not at later cycles, not after a restart — and a row fixed then broken again is a new
incident. Rows failing only because Wix is down are covered by the outage's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.sandbox import Fault
from tests.extras.alerts.conftest import (
    GOOD,
    ROW_MINUTES,
    SHEET_LINK,
    Loop,
    alert_world,
    count,
    email_channel,
    webhook_channel,
)
from tests.extras.alerts.servers import SMTPServer, Webhook
from tests.proof.world import World, line

pytestmark = pytest.mark.usefixtures("secrets")

BAD = [
    line("Amir Said", "amir.said@@example.org", "cash"),  # row 4
    line("Bea Costa", "bea.costa@example.org", "cash", class_name="Open Water Swm"),  # row 5
    line("Dora Mills", "dora.mills@example.org", "venmo"),  # row 6 ("chq" is a cheque)
]
MINUTE = 60.0


@pytest.fixture
def world(tmp_path: Path, smtp: SMTPServer, webhook: Webhook) -> World:
    return alert_world(tmp_path, GOOD + BAD, [email_channel(smtp), webhook_channel(webhook)])


def test_rows_crossing_the_threshold_together_make_one_message(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run((ROW_MINUTES - 1) * MINUTE)
        assert smtp.mails == [], "not before the threshold"
        loop.run(2 * MINUTE)
    assert smtp.subjects() == ["wixsync: 3 rows in error for more than 30 minutes"]
    text = smtp.mails[0].text
    assert "3 rows have been in error for more than 30 minutes:" in text
    assert "row 4 (Amir Said): Email 'a***@@example.org' has more than one @" in text
    assert "row 5 (Bea Costa): No class called 'Open Water Swm' in Wix." in text
    assert "row 6 (Dora Mills): Payment 'venmo' is not one of" in text
    assert f"The sheet: {SHEET_LINK}" in text
    (post,) = webhook.posts
    assert post["text"] == text
    assert [(e["event"], e["row"], e["name"]) for e in post["events"]] == [
        ("opened", 4, "Amir Said"),
        ("opened", 5, "Bea Costa"),
        ("opened", 6, "Dora Mills"),
    ]


def test_only_what_the_owner_needs_no_full_email(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        Loop(world, runtime).run((ROW_MINUTES + 1) * MINUTE)
    everything = b"".join(m.raw for m in smtp.mails) + b"".join(webhook.raw)
    assert smtp.mails
    for address in (b"amir.said", b"bea.costa", b"dora.mills", b"zoe.quinn", b"ivan.novak"):
        assert address not in everything
    assert b"Zoe Quinn" not in everything, "rows not in error are not mentioned"


def test_a_row_in_error_is_told_once_not_per_cycle_nor_after_a_restart(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(2 * ROW_MINUTES * MINUTE)
        assert loop.daemon.cycles > 50
    assert len(smtp.mails) == len(webhook.posts) == 1
    for _ in range(3):  # ``wixsync sync --once`` three times, or three restarts
        world.cycle()
        world.now += 10 * MINUTE
    with world.open() as runtime:
        Loop(world, runtime).run(ROW_MINUTES * MINUTE)
    assert len(smtp.mails) == len(webhook.posts) == 1


def test_a_row_fixed_then_broken_again_is_a_new_incident(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run((ROW_MINUTES + 1) * MINUTE)
        assert smtp.subjects() == ["wixsync: 3 rows in error for more than 30 minutes"]
        world.human().set_cell("E4", "amir.said@example.org")  # a volunteer fixes it
        loop.run(5 * MINUTE)
        assert smtp.subjects()[1:] == ["wixsync: row 4 no longer in error"]
        assert "No longer in error (fixed or deleted): row 4 (Amir Said)." in smtp.mails[1].text
        assert world.records()[2]["Booking ID"], "and the row was synced"
        world.human().set_cell("F4", "venmo")  # and breaks it again
        loop.run((ROW_MINUTES - 1) * MINUTE)
        assert len(smtp.mails) == 2
        loop.run(2 * MINUTE)
    assert smtp.subjects()[2:] == ["wixsync: row 4 in error for more than 30 minutes"]
    assert "A row has been in error for more than 30 minutes:" in smtp.mails[2].text
    assert "row 4 (Amir Said): " in smtp.mails[2].text
    assert len(webhook.posts) == 3


def test_a_deleted_row_is_no_longer_in_error(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run((ROW_MINUTES + 1) * MINUTE)
        world.human().delete_rows(5)  # Bea Costa's row
        loop.run(2 * MINUTE)
    assert smtp.subjects()[1:] == ["wixsync: row 5 no longer in error"]
    assert "row 5 (Bea Costa)" in smtp.mails[1].text


def test_rows_failing_because_wix_is_down_are_told_as_the_outage(
    tmp_path: Path, smtp: SMTPServer
) -> None:
    world = alert_world(tmp_path, GOOD, [email_channel(smtp)])
    world.sandbox.faults.add(Fault(route="cart.place_order", kind="error", times=None))
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(2 * ROW_MINUTES * MINUTE)
        assert count(smtp.subjects(), "cannot reach Wix") == 1
        assert count(smtp.subjects(), "in error") == 0, smtp.subjects()
        world.sandbox.faults.clear()
        loop.run(15 * MINUTE)
    assert smtp.subjects() == ["wixsync: cannot reach Wix", "wixsync: Wix answers again"]
    assert all(r["Booking ID"] and not r["Error"] for r in world.records())


def test_a_row_that_alone_keeps_failing_for_wix_is_told_as_wix_failing(
    tmp_path: Path, smtp: SMTPServer
) -> None:
    """One row's order keeps failing (Wix answers 500 to that call only): once it is the only
    row tried, every cycle's rows all fail for Wix — the daemon judges Wix down, and so do the
    alerts: one "cannot reach Wix" naming the step, no row alert on top, nothing repeated."""
    world = alert_world(tmp_path, GOOD, [email_channel(smtp)])
    world.sandbox.faults.add(Fault(route="cart.place_order", kind="error", after=1, times=None))
    with world.open() as runtime:
        Loop(world, runtime).run(3 * ROW_MINUTES * MINUTE)
    assert smtp.subjects() == ["wixsync: cannot reach Wix"]
    assert "Could not reach Wix to create the order" in smtp.mails[0].text
