"""``[alerts]`` (:mod:`sync.extras.alerts`): by email, by webhook, and the secrets that may
never be in the file."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, model_validator

from sync.config.rules import EnvName, Seconds, Section, Text, between, rule, safe_base_url


def _loopback_host(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")
Address = Annotated[str, rule(_ADDRESS.fullmatch, 'not an email address, e.g. "owner@example.org"')]
HeaderName = Annotated[
    str, rule(re.compile(r"[A-Za-z0-9-]+").fullmatch, 'not a header name, e.g. "Authorization"')
]
WebhookURL = Annotated[
    str, rule(safe_base_url, "must start with https:// (http:// only to 127.0.0.1 or localhost)")
]
SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class EmailAlerts(Section):
    """Alerts by email (``sync.extras.alerts.channels.EmailChannel``)."""

    host: Text
    port: Annotated[int, between(1, 65535)] | None = None  # by security: 587, 465 or 25
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: Text | None = None
    password_env: EnvName = "WIXSYNC_SMTP_PASSWORD"  # noqa: S105 (a variable's name)
    from_address: Address
    to: Annotated[list[Address], rule(bool, "is empty; list at least one address")]
    timeout_seconds: Seconds = 10.0

    @property
    def smtp_port(self) -> int:
        return self.port or SMTP_PORTS[self.security]

    @model_validator(mode="after")
    def _password_never_in_clear(self) -> EmailAlerts:
        if self.security == "none" and self.username and not _loopback_host(self.host):
            raise ValueError(
                'security = "none" would send the password in clear text: use "starttls" '
                '(port 587) or "ssl" (port 465)'
            )
        return self


class WebhookAlerts(Section):
    """Alerts as a JSON POST (``sync.extras.alerts.channels.WebhookChannel``)."""

    url: WebhookURL
    secret_env: EnvName | None = None
    secret_header: HeaderName = "Authorization"  # noqa: S105 (a header's name)
    timeout_seconds: Annotated[
        tuple[Seconds, Seconds], BeforeValidator(lambda v: tuple(v) if type(v) is list else v)
    ] = (5.0, 10.0)


class AlertsSection(Section):
    """What the owner is told, and how (``sync.extras.alerts``)."""

    row_error_after_minutes: Annotated[int, between(1, 10080)] = 30
    outage_after_minutes: Annotated[int, between(0, 10080)] = 10
    send_resolved: bool = True
    email: EmailAlerts | None = None
    webhook: WebhookAlerts | None = None

    @model_validator(mode="after")
    def _a_channel(self) -> AlertsSection:
        if self.email is None and self.webhook is None:
            raise ValueError("add [alerts.email] or [alerts.webhook], or delete [alerts]")
        return self


#: keys under [alerts] that would hold a secret: refused without echoing the value
_SECRET_KEYS = {"password", "pass", "passwd", "secret", "token", "api_key", "key", "smtp_password"}


def alert_secret_leaks(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    found: list[tuple[tuple[Any, ...], str]] = []

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, str) and str(loc[-1]).lower() in _SECRET_KEYS:
            env = "secret_env" if "webhook" in loc else "password_env"
            found.append(
                (
                    loc,
                    "looks like a secret; never put it in this file: delete it here, set it in "
                    f"an environment variable and name that variable in {env}",
                )
            )

    if isinstance(doc.get("alerts"), dict):
        walk(doc["alerts"], ("alerts",))
    return found
