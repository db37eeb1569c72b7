"""``[alerts]`` in the config file: the example's block loads, mistakes are one plain line,
no secret sits in the file (and none is echoed), the old ``[daemon] alert_after_minutes`` is
still read, with a warning — and ``wixsync run`` / ``sync --once`` get the alerts hook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync.config import AlertsSection, EmailAlerts, WebhookAlerts
from sync.extras.alerts import Alerts, EmailChannel, WebhookChannel, alerts_of, channels_from_config
from sync.runtime import open_runtime, settings_from_config
from tests.test_config import EXAMPLE, LOCAL, load, problems

EMAIL = (
    '\n[alerts.email]\nhost = "smtp.example.org"\nfrom_address = "wixsync@example.org"\n'
    'to = ["owner@example.org"]\n'
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def example_alerts() -> str:
    """The example's [alerts] block with its "# " removed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    block = text[text.index("# [alerts]\n") :]
    return "\n".join(
        line[2:] for line in block.splitlines() if re.match(r"# (\[alerts|[a-z_]+ = )", line)
    )


def test_the_examples_alerts_block_loads_with_its_documented_defaults(here: Path) -> None:
    alerts = load(LOCAL + example_alerts(), check_files=False).alerts
    assert alerts is not None
    assert (alerts.row_error_after_minutes, alerts.outage_after_minutes) == (30, 10)
    assert alerts.send_resolved is True
    assert alerts.email is not None
    assert alerts.email.smtp_port == 587
    assert alerts.email.password_env == "WIXSYNC_SMTP_PASSWORD"
    assert alerts.email.to == ["owner@club.example.org"]
    assert alerts.webhook is not None
    assert alerts.webhook.timeout_seconds == (5.0, 10.0)
    assert alerts.webhook.secret_header == "Authorization"


def test_the_example_documents_every_alerts_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for section in (AlertsSection, EmailAlerts, WebhookAlerts):
        for key in set(section.model_fields) - {"email", "webhook"}:
            assert re.search(rf"^# {key}: ", text, re.MULTILINE), f"{key} has no comment"
            assert re.search(rf"^# {key} = ", text, re.MULTILINE), f"{key} has no example"


def test_defaults_and_channels(here: Path) -> None:
    config = load(LOCAL + "\n[alerts]" + EMAIL, check_files=False)
    assert config.alerts is not None
    (email,) = channels_from_config(config.alerts)
    assert isinstance(email, EmailChannel)
    assert (email.host, email.port, email.security) == ("smtp.example.org", 587, "starttls")
    hook = LOCAL + '\n[alerts.webhook]\nurl = "https://hooks.example.org/x"\n'
    (webhook,) = channels_from_config(load(hook, check_files=False).alerts)
    assert isinstance(webhook, WebhookChannel)
    ssl = load(LOCAL + EMAIL + 'security = "ssl"\n', check_files=False).alerts
    assert ssl is not None
    assert ssl.email is not None
    assert ssl.email.smtp_port == 465


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "\n[alerts]\nrow_error_after_minutes = 30\n",
            "wixsync.toml: [alerts]: add [alerts.email] or [alerts.webhook], or delete [alerts]",
        ),
        (
            EMAIL + 'security = "none"\nusername = "me"\n',
            'wixsync.toml: [alerts] email: security = "none" would send the password in clear '
            'text: use "starttls" (port 587) or "ssl" (port 465)',
        ),
        (
            '\n[alerts.webhook]\nurl = "http://hooks.example.org/x"\n',
            'wixsync.toml: [alerts.webhook] url = "http://hooks.example.org/x": must start with '
            "https:// (http:// only to 127.0.0.1 or localhost)",
        ),
        (
            EMAIL.replace('to = ["owner@example.org"]', "to = []"),
            "wixsync.toml: [alerts.email] to = []: is empty; list at least one address",
        ),
        (
            EMAIL.replace("owner@example.org", "owner"),
            'wixsync.toml: [alerts.email] to (item 1) = "owner": not an email address, '
            'e.g. "owner@example.org"',
        ),
        (
            EMAIL.replace("from_address", "from"),
            'wixsync.toml: [alerts.email] from = "wixsync@example.org": unknown key; '
            "did you mean from_address?",
        ),
        (
            "\n[alerts]\noutage_after_minutes = -1" + EMAIL,
            "wixsync.toml: [alerts] outage_after_minutes = -1: must be between 0 and 10080",
        ),
    ],
    ids=["no-channel", "clear-password", "http", "no-recipient", "bad-address", "from", "minutes"],
)
def test_mistakes_are_one_plain_line(here: Path, text: str, message: str) -> None:
    found = problems(LOCAL + text)
    assert message in found, found


@pytest.mark.parametrize("key", ["password", "secret", "token"])
def test_a_secret_in_the_file_is_refused_and_never_echoed(here: Path, key: str) -> None:
    found = problems(LOCAL + EMAIL + f'{key} = "hunter2-s3cret"\n')
    assert found == [
        f"wixsync.toml: [alerts.email] {key}: looks like a secret; never put it in this file: "
        "delete it here, set it in an environment variable and name that variable in "
        "password_env"
    ]
    assert "hunter2" not in "".join(found)


def test_the_old_alert_after_minutes_is_read_with_a_warning(here: Path) -> None:
    old = LOCAL.replace("[wix]", "[daemon]\nalert_after_minutes = 45\n\n[wix]")
    config = load(old + EMAIL, check_files=False)
    assert config.alerts is not None
    assert config.alerts.outage_after_minutes == 45
    assert config.warnings == [
        "[daemon] alert_after_minutes is deprecated: it is [alerts] outage_after_minutes now; "
        "move it there (alerts are sent by [alerts.email] or [alerts.webhook])"
    ]
    new = old + "\n[alerts]\noutage_after_minutes = 5\n" + EMAIL
    assert load(new, check_files=False).alerts.outage_after_minutes == 5  # type: ignore[union-attr]
    assert load(old, check_files=False).alerts is None, "alone it sends nothing (as before)"


def test_the_runtime_built_from_the_config_has_the_alerts_hook(
    here: Path, caplog: pytest.LogCaptureFixture
) -> None:
    Path("attendance.csv").write_text("Date,Class,Name,Email,Payment\n", encoding="utf-8")
    text = LOCAL + EMAIL + 'username = "me@example.org"\npassword_env = "NOT_SET_ANYWHERE"\n'
    config = load(text)
    with open_runtime(settings_from_config(config)) as runtime:
        alerts = alerts_of(runtime.engine.hooks)
        assert isinstance(alerts, Alerts)
        assert alerts is runtime.engine.hooks[-1]
        assert alerts.words.sheet_link == str(here / "attendance.csv")
    assert "set the SMTP password in the environment variable NOT_SET_ANYWHERE" in caplog.text
    with open_runtime(settings_from_config(load(LOCAL))) as runtime:
        assert alerts_of(runtime.engine.hooks) is None
