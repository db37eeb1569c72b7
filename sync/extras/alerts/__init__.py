"""Alerts that matter, once: an email or a webhook message to the owner when Wix or the
Google Sheet cannot be reached, the state file's disk is full, or a row has been in error
for longer than a set time — on each change of state, never per cycle (``[alerts]``)."""

from __future__ import annotations

from sync.extras.alerts.build import (
    alerts_factory,
    alerts_of,
    channels_from_config,
    missing_secrets,
    send_test,
    sheet_link,
)
from sync.extras.alerts.channels import Channel, EmailChannel, SendFailed, WebhookChannel
from sync.extras.alerts.incidents import Incident, Kind, mask_emails, outage_kind, rows_in_error
from sync.extras.alerts.messages import Message
from sync.extras.alerts.watch import Alerts

__all__ = [
    "Alerts",
    "Channel",
    "EmailChannel",
    "Incident",
    "Kind",
    "Message",
    "SendFailed",
    "WebhookChannel",
    "alerts_factory",
    "alerts_of",
    "channels_from_config",
    "mask_emails",
    "missing_secrets",
    "outage_kind",
    "rows_in_error",
    "send_test",
    "sheet_link",
]
