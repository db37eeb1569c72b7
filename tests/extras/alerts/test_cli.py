"""``wixsync test-alert``: one test message by each configured channel, and whether it went."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from tests.extras.alerts.conftest import SMTP_PASSWORD, WEBHOOK_SECRET
from tests.extras.alerts.servers import SMTPServer, Webhook
from tests.test_config import LOCAL

pytestmark = pytest.mark.usefixtures("secrets")


def config(tmp_path: Path, smtp: SMTPServer, webhook: Webhook) -> Path:
    path = tmp_path / "wixsync.toml"
    path.write_text(
        LOCAL
        + f"""
[alerts.email]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
username = "wixsync@club.example.org"
password_env = "TEST_SMTP_PASSWORD"
from_address = "wixsync@club.example.org"
to = ["owner@club.example.org"]

[alerts.webhook]
url = "{webhook.url}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    return path


def test_a_test_alert_reaches_every_channel(
    tmp_path: Path, smtp: SMTPServer, webhook: Webhook
) -> None:
    path = config(tmp_path, smtp, webhook)
    result = CliRunner().invoke(main, ["test-alert", "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "✓ email: test alert sent" in result.output
    assert "✓ webhook: test alert sent" in result.output
    assert smtp.subjects() == webhook.subjects() == ["wixsync: test alert"]
    assert "The sheet: " + str(tmp_path / "attendance.csv") in smtp.mails[0].text
    assert SMTP_PASSWORD not in result.output
    assert WEBHOOK_SECRET not in result.output
    assert not (tmp_path / "wixsync-state").exists(), "the state is not touched"


def test_a_failing_channel_is_named_with_why(
    tmp_path: Path, smtp: SMTPServer, webhook: Webhook
) -> None:
    smtp.mode = "refuse"
    webhook.status = 503
    path = config(tmp_path, smtp, webhook)
    result = CliRunner().invoke(main, ["test-alert", "--config", str(path)])
    assert result.exit_code == 1
    refused = f"✗ email: not sent: 127.0.0.1:{smtp.port} answered SMTP 451: 4.3.0 try again later"
    assert refused in result.output
    assert "✗ webhook: not sent: 127.0.0.1 answered HTTP 503" in result.output
    assert "T0K3N" not in result.output


def test_without_alerts_it_says_what_to_add(tmp_path: Path) -> None:
    path = tmp_path / "wixsync.toml"
    path.write_text(LOCAL, encoding="utf-8")
    result = CliRunner().invoke(main, ["test-alert", "--config", str(path)])
    assert result.exit_code == 1
    assert "no [alerts] section; add [alerts.email] or [alerts.webhook]" in result.output


def test_with_several_sites_each_sites_alerts_are_tried_and_named(
    tmp_path: Path, smtp: SMTPServer, webhook: Webhook
) -> None:
    (tmp_path / "club-a").mkdir()
    config(tmp_path / "club-a", smtp, webhook)
    (tmp_path / "club-b.toml").write_text(LOCAL, encoding="utf-8")  # no [alerts]
    sites = tmp_path / "sites.toml"
    sites.write_text('sites = ["club-a/wixsync.toml", "club-b.toml"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["test-alert", "--config", str(sites)])
    assert result.exit_code == 0, result.output
    assert "✓ club-a/wixsync: email: test alert sent" in result.output
    assert "club-b" not in result.output
