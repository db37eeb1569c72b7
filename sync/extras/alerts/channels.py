"""Where an alert goes: an email over SMTP (stdlib ``smtplib``) or a JSON POST to a webhook.

Both have explicit timeouts, so a dead server holds a cycle for seconds, not minutes. A
failure raises :class:`SendFailed` whose text is safe to log: it names the server's host and
what went wrong, never the password, the secret header or the webhook's URL (a Slack- or
Discord-style URL is itself a secret). Secrets are read from the environment when a message
is sent, never stored, and registered with :mod:`sync.redact` then: the SMTP password (and
the AUTH lines that carry it), the webhook's secret and its URL's path. The SMTP server's
reply is never echoed raw: it is redacted, and any token-like run in it (a base64 AUTH
line) is dropped.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Literal, Protocol
from urllib.parse import urlsplit

import requests

from sync import __version__
from sync.extras.alerts.messages import Message
from sync.redact import REDACTOR, redact, redact_value

Security = Literal["starttls", "ssl", "none"]


class SendFailed(Exception):
    """The message did not go; ``str()`` says why, without any secret."""

    def __init__(self, why: str) -> None:
        super().__init__(redact(why))


#: in an SMTP server's reply: a run that looks like a token or a base64 AUTH line (16 or
#: more characters with a digit or a base64 sign; a host name stays)
_TOKEN_LIKE = re.compile(r"(?=[A-Za-z._-]*[0-9+/=])[A-Za-z0-9+/=_\-.]{16,}")


def reply_text(reply: object, limit: int = 120) -> str:
    """What an SMTP server said, fit to show: one line, redacted, token-like runs dropped
    (a server may quote the AUTH line it refused, or the password itself)."""
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    text = redact(" ".join(text.split()))
    text = _TOKEN_LIKE.sub("[…]", text)
    return text[:limit]


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None: ...


def from_env(name: str) -> Callable[[], str]:
    """A secret's reader: the environment variable ``name``, read when needed."""
    return lambda: os.environ.get(name, "").strip()


class EmailChannel:
    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        security: Security,
        sender: str,
        to: list[str],
        username: str | None = None,
        password: Callable[[], str] | None = None,
        password_env: str = "",
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.sender, self.to = sender, list(to)
        self.username = username
        self._password = password or from_env(password_env)
        self.password_env = password_env
        self.timeout = timeout

    def __repr__(self) -> str:  # never the password
        return f"EmailChannel({self.host}:{self.port}, {self.security}, to={len(self.to)})"

    def send(self, message: Message) -> None:
        mail = EmailMessage()
        mail["Subject"] = redact(message.subject)
        mail["From"] = self.sender
        mail["To"] = ", ".join(self.to)
        mail["Date"] = formatdate(localtime=True)
        mail["Message-ID"] = make_msgid("wixsync", domain=self.sender.rpartition("@")[2] or None)
        password = ""
        if self.username:
            password = self._password()
            if not password:
                raise SendFailed(
                    f"set the SMTP password in the environment variable {self.password_env}"
                )
            REDACTOR.add_smtp_login(self.username, password)
        mail.set_content(redact(message.text))
        context = ssl.create_default_context() if self.security != "none" else None
        try:
            if self.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.security == "starttls":
                    smtp.starttls(context=context)
                if self.username:
                    smtp.login(self.username, password)
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(self._why(exc)) from None

    def _why(self, exc: BaseException) -> str:
        where = f"{self.host}:{self.port}"
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"{where} refused the username or password (SMTP {exc.smtp_code})"
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = sorted({str(code) for code, _ in exc.recipients.values()})
            return f"{where} refused the recipients (SMTP {', '.join(codes)})"
        if isinstance(exc, smtplib.SMTPResponseException):
            text = reply_text(exc.smtp_error)
            return f"{where} answered SMTP {exc.smtp_code}" + (f": {text}" if text else "")
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return f"{where} does not offer {'STARTTLS' if 'STARTTLS' in str(exc) else 'AUTH'}"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"{where} closed the connection"
        if isinstance(exc, TimeoutError):
            return f"no answer from {where} within {self.timeout:g} s"
        if isinstance(exc, ssl.SSLError):
            return f"TLS with {where} failed ({reply_text(exc.reason or type(exc).__name__)})"
        if isinstance(exc, ConnectionRefusedError):
            return f"cannot connect to {where} (connection refused)"
        if isinstance(exc, socket.gaierror):
            return f"cannot find the host {self.host}"
        if isinstance(exc, OSError) and exc.strerror:
            return f"cannot reach {where} ({reply_text(exc.strerror)})"
        return f"{where}: {type(exc).__name__}"


class _HidePaths(logging.Filter):
    """urllib3 logs each request's path at DEBUG level; a webhook's path may be its token
    (Slack, Discord): it is shown as ``/…``."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.paths and isinstance(record.args, tuple):
            record.args = tuple(
                "/…" if isinstance(a, str) and any(p in a for p in self.paths) else a
                for a in record.args
            )
        return True


_HIDDEN = _HidePaths()
logging.getLogger("urllib3.connectionpool").addFilter(_HIDDEN)


def _headers_only(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """The call's auth is the headers we set: without an ``auth``, requests reads
    ``~/.netrc`` and could send its password (HTTP Basic) to the webhook instead."""
    return request


class WebhookChannel:
    """POSTs ``{"subject", "text", "events"}`` as JSON (``text`` is what Slack-style
    incoming webhooks show). Redirects are not followed: the secret goes to that URL only."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        *,
        secret_header: str = "Authorization",  # noqa: S107 (a header's name)
        secret: Callable[[], str] | None = None,
        secret_env: str | None = None,
        timeout: tuple[float, float] = (5.0, 10.0),
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        parts = urlsplit(url)
        self.host = parts.hostname or "the webhook"
        if parts.path.strip("/") or parts.query:
            _HIDDEN.paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
            REDACTOR.add(parts.path.strip("/") + (f"?{parts.query}" if parts.query else ""))
        self.secret_header = secret_header
        self.secret_env = secret_env
        self._secret = secret or (from_env(secret_env) if secret_env else None)
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.auth = _headers_only

    def __repr__(self) -> str:  # never the URL (it may hold a token) nor the secret
        return f"WebhookChannel({self.host})"

    def send(self, message: Message) -> None:
        headers = {"User-Agent": f"wixsync/{__version__}"}
        if self._secret is not None:
            if not (value := self._secret()):
                raise SendFailed(
                    f"set the webhook's secret in the environment variable {self.secret_env}"
                )
            headers[self.secret_header] = value
            REDACTOR.add(value, name="webhook secret")
        try:
            answer = self.session.post(
                self.url,
                json=redact_value(message.to_json()),
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.Timeout:
            raise SendFailed(f"no answer from {self.host} in time") from None
        except requests.exceptions.ConnectionError:
            raise SendFailed(f"cannot connect to {self.host}") from None
        except requests.exceptions.RequestException as exc:
            raise SendFailed(f"{self.host}: {type(exc).__name__}") from None
        if not 200 <= answer.status_code < 300:
            raise SendFailed(f"{self.host} answered HTTP {answer.status_code}")
