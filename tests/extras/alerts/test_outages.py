"""Wix or Google unreachable, the state file's disk full: one message when it has lasted
``outage_after_minutes``, one when it is over — whatever the number of cycles, and across a
restart. A blip shorter than the threshold says nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.sandbox import Fault
from tests.extras.alerts.conftest import (
    GOOD,
    OUTAGE_MINUTES,
    POLL,
    Loop,
    alert_world,
    email_channel,
    webhook_channel,
)
from tests.extras.alerts.servers import SMTPServer, Webhook
from tests.fakes.sheets import Fault as SheetFault
from tests.proof.world import World, line

pytestmark = pytest.mark.usefixtures("secrets")


@pytest.fixture
def world(tmp_path: Path, smtp: SMTPServer, webhook: Webhook) -> World:
    return alert_world(tmp_path, GOOD, [email_channel(smtp), webhook_channel(webhook)])


def both(smtp: SMTPServer, webhook: Webhook) -> list[list[str]]:
    return [smtp.subjects(), webhook.subjects()]


def test_wix_down_for_an_hour_is_one_alert_then_one_back(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
        loop.run(3600)
        assert loop.daemon.cycles > 5, "the daemon kept trying"
        for subjects in both(smtp, webhook):
            assert subjects == ["wixsync: cannot reach Wix"]
        world.sandbox.faults.clear()
        loop.run(900)
    for subjects in both(smtp, webhook):
        assert subjects == ["wixsync: cannot reach Wix", "wixsync: Wix answers again"]
    down = smtp.mails[0].text
    assert "cannot reach Wix since 08:00 on Mon 15 Jun" in down, down
    assert "nothing is booked or charged twice" in down
    assert "the trouble began at 08:00" in smtp.mails[1].text
    opened, resolved = (p["events"][0] for p in webhook.posts)
    assert (opened["event"], opened["incident"]) == ("opened", "wix")
    assert (resolved["event"], resolved["incident"]) == ("resolved", "wix")
    assert all(r["Booking ID"] for r in world.records()), "and the rows caught up"


def test_google_down_for_half_an_hour_is_one_alert_then_one_back(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        world.sheets.faults.add(SheetFault("*", "error", times=None, status=503))
        loop.run(1800)
        for subjects in both(smtp, webhook):
            assert subjects == ["wixsync: cannot reach the Google Sheet"]
        assert "Google Sheets is failing (HTTP 503)" in smtp.mails[0].text
        world.sheets.faults.clear()
        loop.run(900)
    for subjects in both(smtp, webhook):
        assert subjects == [
            "wixsync: cannot reach the Google Sheet",
            "wixsync: the Google Sheet answers again",
        ]


def test_a_blip_shorter_than_the_threshold_says_nothing(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    with world.open() as runtime:
        loop = Loop(world, runtime)
        world.sheets.faults.add(SheetFault("*", "error", times=None, status=500))
        loop.run(OUTAGE_MINUTES * 60 / 3)
        world.sheets.faults.clear()
        loop.run(1800)
    assert loop.said.count(next(s for s in loop.said if "cannot sync" in s)) == 1
    assert both(smtp, webhook) == [[], []]


def test_an_outage_told_before_a_restart_is_not_told_again(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
    with world.open() as runtime:
        Loop(world, runtime).run(1200)
    assert smtp.subjects() == ["wixsync: cannot reach Wix"]
    with world.open() as runtime:  # a new process, Wix still down
        loop = Loop(world, runtime)
        loop.run(1200)
        assert smtp.subjects() == ["wixsync: cannot reach Wix"]
        world.sandbox.faults.clear()
        loop.run(600)
    for subjects in both(smtp, webhook):
        assert subjects == ["wixsync: cannot reach Wix", "wixsync: Wix answers again"]


def test_the_state_files_disk_full_is_told_once_though_nothing_can_be_saved(
    tmp_path: Path, smtp: SMTPServer, webhook: Webhook
) -> None:
    many = GOOD + [line(f"Swimmer {i}", f"swimmer{i}@example.org") for i in range(10)]
    world = alert_world(tmp_path, many, [email_channel(smtp), webhook_channel(webhook)])
    with world.open() as runtime:
        loop = Loop(world, runtime)
        db = runtime.states.db
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        loop.run(1800)
        for subjects in both(smtp, webhook):
            assert subjects == ["wixsync: cannot write its state file"]
        assert "the disk is full" in smtp.mails[0].text
        db.execute("PRAGMA max_page_count = 1073741823")  # space is freed
        loop.run(900)
    for subjects in both(smtp, webhook):
        assert subjects == [
            "wixsync: cannot write its state file",
            "wixsync: the state file can be written again",
        ]


def test_without_resolved_messages_only_the_opening_is_told(
    tmp_path: Path, smtp: SMTPServer
) -> None:
    world = alert_world(tmp_path, GOOD, [email_channel(smtp)], send_resolved=False)
    world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(1200)
        world.sandbox.faults.clear()
        loop.run(600)
    assert smtp.subjects() == ["wixsync: cannot reach Wix"]


def test_an_outage_alert_at_once_with_a_zero_threshold(tmp_path: Path, smtp: SMTPServer) -> None:
    world = alert_world(tmp_path, GOOD, [email_channel(smtp)], outage_minutes=0)
    world.sheets.faults.add(SheetFault("*", "error", times=None, status=500))
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(POLL)
        assert smtp.subjects() == ["wixsync: cannot reach the Google Sheet"]
        loop.run(1800)
    assert smtp.subjects() == ["wixsync: cannot reach the Google Sheet"]
