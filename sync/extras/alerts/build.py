"""From the ``[alerts]`` section to a ready :class:`~sync.extras.alerts.watch.Alerts`: the
channels, the sheet's link for the message, and the hook factory ``sync.runtime`` installs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from sync.extras.alerts.channels import Channel, EmailChannel, SendFailed, WebhookChannel
from sync.extras.alerts.messages import Message
from sync.extras.alerts.watch import Alerts
from sync.extras.seam import HookParts

log = logging.getLogger("wixsync.alerts")


def channels_from_config(section: Any) -> list[Channel]:
    """The channels ``[alerts]`` configures (``sync.config.AlertsSection``)."""
    channels: list[Channel] = []
    if (email := section.email) is not None:
        channels.append(
            EmailChannel(
                host=email.host,
                port=email.smtp_port,
                security=email.security,
                sender=email.from_address,
                to=list(email.to),
                username=email.username,
                password_env=email.password_env,
                timeout=email.timeout_seconds,
            )
        )
    if (hook := section.webhook) is not None:
        channels.append(
            WebhookChannel(
                hook.url,
                secret_header=hook.secret_header,
                secret_env=hook.secret_env,
                timeout=tuple(hook.timeout_seconds),
            )
        )
    return channels


def missing_secrets(section: Any) -> list[str]:
    """The environment variables ``[alerts]`` names that are not set, as sentences."""
    import os

    missing = []
    email, hook = section.email, section.webhook
    if email is not None and email.username and not os.environ.get(email.password_env, "").strip():
        missing.append(
            f"[alerts.email]: set the SMTP password in the environment variable "
            f"{email.password_env}; until then no alert can be sent by email"
        )
    if hook is not None and hook.secret_env and not os.environ.get(hook.secret_env, "").strip():
        missing.append(
            f"[alerts.webhook]: set the webhook's secret in the environment variable "
            f"{hook.secret_env}; until then no alert can be sent to the webhook"
        )
    return missing


def sheet_link(config: Any) -> str:
    """Where the owner fixes the rows: the Google Sheet's address, or the local file."""
    sheet = config.sheet
    if sheet.google is not None:
        from sync.sheet.google import sheet_key

        tab = f"#gid={sheet.worksheet_id}" if sheet.worksheet_id is not None else ""
        return f"https://docs.google.com/spreadsheets/d/{sheet_key(sheet.google)}/edit{tab}"
    return str(config.sheet_path or sheet.file or "")


def alerts_factory(config: Any) -> Callable[[HookParts], Alerts]:
    """The hook factory for ``Settings.hooks``: one :class:`Alerts` on the runtime's state
    database and the engine's clock (:class:`~sync.extras.seam.HookParts`)."""
    section = config.alerts
    channels = channels_from_config(section)
    link = sheet_link(config)

    def make(parts: HookParts) -> Alerts:
        for problem in missing_secrets(section):
            log.warning("%s", problem)
        return Alerts(
            parts.db,
            channels,
            clock=parts.clock,
            row_minutes=section.row_error_after_minutes,
            outage_minutes=section.outage_after_minutes,
            send_resolved=section.send_resolved,
            time_zone=config.wix.time_zone,
            sheet_link=link,
        )

    return make


def alerts_of(hooks: Iterable[object]) -> Alerts | None:
    """The :class:`Alerts` hook among an engine's ``hooks``, if ``[alerts]`` made one (for
    the daemon)."""
    return next((h for h in hooks if isinstance(h, Alerts)), None)


def send_test(channels: list[Channel], *, sheet: str = "") -> list[tuple[str, str | None]]:
    """Send one test message by each channel now; (channel, why it failed or ``None``)."""
    text = (
        "This is a test alert from wixsync: alerts reach you here.\n\n"
        "wixsync writes when Wix or the Google Sheet cannot be reached, or when a row stays in "
        "error, once per incident — and once more when it is over."
    )
    if sheet:
        text += f"\n\nThe sheet: {sheet}"
    message = Message("wixsync: test alert", text + "\n", [{"event": "test"}])
    results: list[tuple[str, str | None]] = []
    for channel in channels:
        try:
            channel.send(message)
        except SendFailed as exc:
            results.append((channel.name, str(exc)))
        else:
            results.append((channel.name, None))
    return results
