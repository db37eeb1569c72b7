"""The channels failing: an SMTP server refusing, hanging or refusing the password, a webhook
answering 500, a secret missing from the environment. The cycle goes on (and is not held
longer than the timeouts), the failure is logged without any secret, and the message is
sent once the channel works — exactly once, and not again by the channel that worked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sync.extras.alerts import EmailChannel, Message, SendFailed, WebhookChannel
from sync.sandbox import Fault
from tests.extras.alerts.conftest import (
    GOOD,
    OUTAGE_MINUTES,
    POLL,
    SMTP_PASSWORD,
    WEBHOOK_SECRET,
    Loop,
    alert_world,
    email_channel,
    webhook_channel,
)
from tests.extras.alerts.servers import SMTPServer, Webhook
from tests.proof.world import Captured, World, line

pytestmark = pytest.mark.usefixtures("secrets")
MINUTE = 60.0


@pytest.fixture
def world(tmp_path: Path, smtp: SMTPServer, webhook: Webhook) -> World:
    rows = [*GOOD, line("Amir Said", "amir.said@@example.org")]
    return alert_world(tmp_path, rows, [email_channel(smtp), webhook_channel(webhook)])


@pytest.fixture
def quiet(tmp_path: Path, smtp: SMTPServer, webhook: Webhook) -> World:
    """No row in error: only the outages speak."""
    return alert_world(tmp_path, GOOD, [email_channel(smtp), webhook_channel(webhook)])


def wix_down(world: World, loop: Loop) -> None:
    world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
    loop.run((OUTAGE_MINUTES + 10) * MINUTE)  # the daemon backs off: cycles grow apart


def test_a_refusing_smtp_server_does_not_stop_the_sync_and_is_retried(
    world: World, smtp: SMTPServer, webhook: Webhook, captured: Captured
) -> None:
    smtp.mode = "refuse"
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(45 * MINUTE)
        assert all(r["Booking ID"] for r in world.records()[:2]), "the rows were synced"
        assert webhook.subjects() == ["wixsync: row 4 in error for more than 30 minutes"]
        assert smtp.mails == []
        assert any("alert not sent by email" in s and "451" in s for s in captured.lines)
        smtp.mode = "ok"
        loop.run(15 * MINUTE)  # the back-off (at most 10 minutes) has passed
    assert smtp.subjects() == ["wixsync: row 4 in error for more than 30 minutes"]
    assert len(webhook.posts) == 1, "the webhook, which worked, got it once"


def test_messages_waiting_are_sent_in_order(
    world: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    smtp.mode = "refuse"
    with world.open() as runtime:
        loop = Loop(world, runtime)
        wix_down(world, loop)
        assert webhook.subjects() == ["wixsync: cannot reach Wix"]
        world.sandbox.faults.clear()
        loop.run(11 * MINUTE)  # Wix is back: a second message waits behind the first
        assert smtp.mails == []
        smtp.mode = "ok"
        loop.run(11 * MINUTE)
    expected = ["wixsync: cannot reach Wix", "wixsync: Wix answers again"]
    assert smtp.subjects()[:2] == expected
    assert smtp.subjects() == webhook.subjects(), "the same messages, in the same order"


def test_a_message_waiting_survives_a_restart(
    quiet: World, smtp: SMTPServer, webhook: Webhook
) -> None:
    smtp.mode = "refuse"
    with quiet.open() as runtime:
        wix_down(quiet, Loop(quiet, runtime))
    smtp.mode = "ok"
    with quiet.open() as runtime:
        Loop(quiet, runtime).run(15 * MINUTE)  # still down: no change, the back-off passes
    assert smtp.subjects() == ["wixsync: cannot reach Wix"]
    assert webhook.subjects() == ["wixsync: cannot reach Wix"]


def test_a_hanging_smtp_server_holds_a_cycle_no_longer_than_its_timeout(
    tmp_path: Path, smtp: SMTPServer, webhook: Webhook
) -> None:
    smtp.mode = "hang"
    channels = [email_channel(smtp, timeout=0.3), webhook_channel(webhook)]
    world = alert_world(tmp_path, GOOD, channels, outage_minutes=0)
    world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
    with world.open() as runtime:
        loop = Loop(world, runtime)
        started = time.monotonic()
        loop.run(POLL)
        assert time.monotonic() - started < 3.0
        assert webhook.subjects() == ["wixsync: cannot reach Wix"]
        started = time.monotonic()
        loop.run(20 * POLL)  # backing off: the next cycles do not wait for the server again
        assert time.monotonic() - started < 3.0


def test_a_webhook_answering_500_is_retried_until_it_takes_it(
    quiet: World, smtp: SMTPServer, webhook: Webhook, captured: Captured
) -> None:
    webhook.status = 500
    with quiet.open() as runtime:
        loop = Loop(quiet, runtime)
        wix_down(quiet, loop)
        assert webhook.posts == []
        assert any("answered HTTP 500" in s for s in captured.lines)
        webhook.status = 200
        loop.run(15 * MINUTE)
    assert webhook.subjects() == ["wixsync: cannot reach Wix"]
    assert smtp.subjects() == ["wixsync: cannot reach Wix"]


def test_a_missing_password_is_said_and_nothing_breaks(
    world: World, smtp: SMTPServer, webhook: Webhook, captured: Captured, monkeypatch
) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD")
    with world.open() as runtime:
        wix_down(world, Loop(world, runtime))
    assert smtp.mails == []
    assert webhook.subjects() == ["wixsync: cannot reach Wix"]
    assert any(
        "set the SMTP password in the environment variable TEST_SMTP_PASSWORD" in s
        for s in captured.lines
    )


def test_no_secret_in_any_message_or_log_line(
    world: World, smtp: SMTPServer, webhook: Webhook, captured: Captured
) -> None:
    """The SMTP password (refused once, then accepted), the webhook's secret header and its
    tokened URL, and the Wix API key appear in no message and no log line."""
    smtp.password = "another-password"  # the first attempts are refused: 535
    with world.open() as runtime:
        loop = Loop(world, runtime)
        wix_down(world, loop)
        assert any("refused the username or password (SMTP 535)" in s for s in captured.lines)
        smtp.password = SMTP_PASSWORD
        world.sandbox.faults.clear()
        loop.run(45 * MINUTE)
    assert len(smtp.mails) == 3, smtp.subjects()  # Wix down, back, row 4 in error
    assert smtp.logins[-1] == ("wixsync@club.example.org", SMTP_PASSWORD), "the login happened"
    assert webhook.headers[0]["Authorization"] == WEBHOOK_SECRET, "the secret header was sent"
    secrets = [SMTP_PASSWORD, WEBHOOK_SECRET, "whk-5ecret", world.api_key, "T0K3N-in-the-path"]
    everything = [m.raw.decode() for m in smtp.mails] + [r.decode() for r in webhook.raw]
    everything += captured.lines + [repr(c) for c in runtime.engine.hooks]
    for secret in secrets:
        assert not [text for text in everything if secret in text], secret


def test_send_failed_says_why_in_plain_words(smtp: SMTPServer) -> None:
    message = Message("wixsync: test", "text\n")
    smtp.mode = "down"
    with pytest.raises(SendFailed, match=r"127\.0\.0\.1:\d+ answered SMTP 421"):
        email_channel(smtp).send(message)
    closed = EmailChannel(
        host="127.0.0.1", port=1, security="none", sender="a@b.org", to=["c@d.org"], timeout=1
    )
    with pytest.raises(SendFailed, match="connection refused"):
        closed.send(message)
    unreachable = WebhookChannel("http://127.0.0.1:1/hook/T0K3N", timeout=(1, 1))
    with pytest.raises(SendFailed, match=r"^cannot connect to 127\.0\.0\.1$"):
        unreachable.send(message)
