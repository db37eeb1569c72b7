"""The one redaction point: every text that leaves the process passes through it.

A :class:`Redactor` knows the process's secrets — registered when they are read (the Wix
API key by the Wix client, the service account's private key and ``private_key_id`` by the
sheet's credentials, each OAuth access token as google-auth obtains it, the SMTP password
and the webhook's secret as an alert is sent) — and replaces each with ``[redacted]``,
also JSON-escaped, URL-encoded or base64-encoded (how an SMTP server would quote an AUTH
line). Patterns catch what was never registered: ``Authorization:`` and ``Bearer`` header
text, Google tokens (``ya29.…``, ``1//…``), JWTs (``eyJ….….…``: an assertion, an ``IST.``
Wix key), ``-----BEGIN … PRIVATE KEY-----`` blocks, ``"private_key": "…"`` fields, and any
run of 24 characters of a registered private key's body, even across line breaks.

Where it is applied (each a last line of defence for the others):

* at the source: Wix's error texts (``sync.wix.errors``), any Wix answer that quotes a
  secret (``sync.wix.http``), Google's error answers (``sync.sheet.google_auth``);
* at the edges: every log handler (:class:`RedactFilter`, :func:`guard_logging`), the
  uncaught-exception hooks (:func:`guard_process`), alert messages and the channels'
  failures (``sync.extras.alerts``), the doctor's lines (``sync.doctor.report``), and every value
  written to the sheet (``sync.sheet.base.clean``);
* :func:`shown` for text printed through rich: redacted, then markup-escaped, so a Name
  typed as ``[/]`` or ``[bold red]`` is printed as typed.

Registration never stores a secret anywhere but in this process's memory.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import sys
import threading
from collections import deque
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

REDACTED = "[redacted]"
#: shorter values are not registered (replacing "abc" everywhere would wreck text)
MIN_SECRET = 8
#: tokens rotate (an hour each): the newest ones are kept, older ones expired long ago
MAX_TOKENS = 50
#: a run this long of a private key's body is a piece of the key
KEY_PIECE = 24

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # a PEM private key block, raw or JSON-escaped; an unterminated one to the end
    (
        re.compile(
            r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|\Z)",
            re.S,
        ),
        REDACTED,
    ),
    # "private_key": "…" and "private_key_id": "…" in a JSON or Python text
    (
        re.compile(r"""(["']private_key(?:_id)?["']\s*:\s*["'])(?:[^"'\\]|\\.)*(["'])"""),
        rf"\1{REDACTED}\2",
    ),
    # Authorization: <scheme>? <credentials>, as a header, a JSON field, a query parameter
    (
        re.compile(
            r"""(?i)(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)"""
            r"""(?:(?:bearer|basic|token|digest)\s+)?[^\s"',;<>{}\[\]]+"""
        ),
        rf"\1{REDACTED}",
    ),
    # Bearer/Basic credentials (holding a digit or a sign: "basic information" stays)
    (
        re.compile(r"(?i)\b(bearer|basic)\s+(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}"),
        rf"\1 {REDACTED}",
    ),
    # OAuth fields a token endpoint's answer or request carries
    (
        re.compile(
            r"""(?i)(["']?\b(?:access_token|refresh_token|id_token|assertion|client_secret"""
            r"""|password)["']?\s*[:=]\s*["']?)[^\s"'&,;}]{8,}"""
        ),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"\bya29\.[0-9A-Za-z_.\-]+"), REDACTED),  # Google access tokens
    (re.compile(r"\b1//[0-9A-Za-z_\-]{20,}"), REDACTED),  # Google refresh tokens
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),  # JWT
    (re.compile(r"\bIST\.[A-Za-z0-9_.\-]{20,}"), REDACTED),  # a Wix API key's shape
)

# a base64 run, possibly broken by line breaks (raw or JSON-escaped)
_B64_RUN = re.compile(r"[A-Za-z0-9+/=]{8,}(?:(?:\\r|\\n|\r|\n)+[A-Za-z0-9+/=]{4,})*")
_BREAKS = re.compile(r"\\r|\\n|\r|\n")


def _forms(secret: str) -> set[str]:
    """The ways a secret shows up in text: as is, JSON-escaped, URL-encoded, base64."""
    forms = {secret, json.dumps(secret)[1:-1], quote(secret, safe="")}
    forms.add(base64.b64encode(secret.encode()).decode())
    return {f for f in forms if len(f) >= MIN_SECRET}


class Redactor:
    """The process's secrets, and the patterns for those it was never told about."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: dict[str, set[str]] = {}  # name → its forms
        self._tokens: deque[str] = deque(maxlen=MAX_TOKENS)
        self._key_pieces: set[str] = set()
        self._literal: re.Pattern[str] | None = None

    # -- what it knows ------------------------------------------------------------------------
    def add(self, secret: str | None, *, name: str = "") -> None:
        """Remember ``secret`` (and its encoded forms); a short or empty value is ignored."""
        if not secret or len(secret.strip()) < MIN_SECRET:
            return
        secret = secret.strip()
        with self._lock:
            key = name or secret
            self._secrets.setdefault(key, set()).update(_forms(secret))
            self._literal = None

    def add_token(self, token: str | None) -> None:
        """An OAuth access token: the newest :data:`MAX_TOKENS` are kept."""
        if not token or len(token) < MIN_SECRET:
            return
        with self._lock:
            if token not in self._tokens:
                self._tokens.append(token)
                self._literal = None

    def add_smtp_login(self, username: str | None, password: str | None) -> None:
        """The SMTP password, and the AUTH PLAIN / AUTH LOGIN lines that carry it."""
        if not password:
            return
        self.add(password, name="smtp password")
        if username:
            plain = f"\0{username}\0{password}".encode()
            self.add(base64.b64encode(plain).decode(), name="smtp auth plain")

    def add_private_key(self, pem: str | None, key_id: str | None = None) -> None:
        """A service account's private key (PEM) and its ``private_key_id``: the whole key,
        each line of its body, and every :data:`KEY_PIECE`-character piece of the body."""
        self.add(key_id, name="private_key_id")
        if not pem:
            return
        self.add(pem, name="private key")
        body = "".join(ln for ln in pem.splitlines() if ln and not ln.startswith("-----"))
        with self._lock:
            self._key_pieces |= {body[i : i + KEY_PIECE] for i in range(len(body) - KEY_PIECE + 1)}

    def forget(self) -> None:
        """Forget every registered secret (tests)."""
        with self._lock:
            self._secrets.clear()
            self._tokens.clear()
            self._key_pieces.clear()
            self._literal = None

    @property
    def known(self) -> int:
        return len(self._secrets) + len(self._tokens)

    def _literals(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._literal is None:
                forms = {f for fs in self._secrets.values() for f in fs} | set(self._tokens)
                if forms:  # longest first: a secret inside another is replaced as the longer
                    ordered = sorted(forms, key=len, reverse=True)
                    self._literal = re.compile("|".join(re.escape(f) for f in ordered))
            return self._literal

    # -- applying it --------------------------------------------------------------------------
    def text(self, text: str) -> str:
        """``text`` with every secret and secret-shaped piece replaced by ``[redacted]``."""
        if not text:
            return text
        literal = self._literals()
        if literal is not None:
            text = literal.sub(REDACTED, text)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        if self._key_pieces:
            text = _B64_RUN.sub(self._key_run, text)
        return text

    def _key_run(self, match: re.Match[str]) -> str:
        run = match.group(0)
        flat = _BREAKS.sub("", run)
        pieces = self._key_pieces
        if any(flat[i : i + KEY_PIECE] in pieces for i in range(len(flat) - KEY_PIECE + 1)):
            return REDACTED
        return run

    def dirty(self, text: str) -> bool:
        """Whether :meth:`text` would change ``text``."""
        return bool(text) and self.text(text) != text

    def value(self, value: Any) -> Any:
        """``value`` with every string in it redacted (dicts, lists and tuples walked)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.value(k): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.value(v) for v in value)
        return value


#: the process's redactor
REDACTOR = Redactor()


def redact(text: object) -> str:
    """``str(text)`` through the process's redactor."""
    return REDACTOR.text(str(text))


def redact_value(value: Any) -> Any:
    return REDACTOR.value(value)


def register(*secrets: str | None) -> None:
    """Remember these secrets (an empty or short value is ignored)."""
    for secret in secrets:
        REDACTOR.add(secret)


def register_service_account(info: dict[str, Any]) -> None:
    REDACTOR.add_private_key(info.get("private_key"), info.get("private_key_id"))


def shown(text: object) -> str:
    """Text from the sheet, Wix or the state, ready for ``rich``: redacted, then escaped, so
    ``[/]`` or ``[bold red]`` typed into a Name prints as typed instead of failing."""
    from rich.markup import escape

    return escape(redact("" if text is None else text))


# -- the logs ---------------------------------------------------------------------------------
class RedactFilter(logging.Filter):
    """On a handler: the record's message (arguments merged in), its exception's formatted
    text (``exc_text``, which formatters use as is), its stack and any extra string attribute,
    redacted before any formatter sees them. A formatter that reads ``exc_info`` itself
    (``sync.logs.LogfmtFormatter``) redacts its own line."""

    _PLAIN = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = REDACTOR.text(str(message)), ()
        if record.exc_info and record.exc_info[1] is not None:
            import traceback

            # formatters use the cached text rather than format the exception again
            record.exc_text = REDACTOR.text("".join(traceback.format_exception(*record.exc_info)))
        elif record.exc_text:
            record.exc_text = REDACTOR.text(record.exc_text)
        if record.stack_info:
            record.stack_info = REDACTOR.text(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in self._PLAIN and isinstance(value, str):
                setattr(record, name, REDACTOR.text(value))
        return True


_FILTER = RedactFilter()


def protect(handler: logging.Handler) -> logging.Handler:
    """Put the redacting filter on ``handler`` (once)."""
    if _FILTER not in handler.filters:
        handler.addFilter(_FILTER)
    return handler


def guard_logging(loggers: Iterable[str] = ("", "wixsync")) -> None:
    """Every handler of these loggers, and Python's last-resort handler (what prints a
    warning when no handler is set up, as in the one-shot commands), redacts."""
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            protect(handler)
    if logging.lastResort is not None:
        protect(logging.lastResort)


_GUARDED = threading.Event()


def guard_process() -> None:
    """:func:`guard_logging`, and the hooks that print an uncaught exception (main thread
    and others) print it redacted. Idempotent."""
    guard_logging()
    if _GUARDED.is_set():
        return
    _GUARDED.set()
    import traceback

    previous = sys.excepthook

    def excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        sys.stderr.write(REDACTOR.text("".join(traceback.format_exception(kind, exc, tb))))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        text = traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        name = args.thread.name if args.thread is not None else "?"
        sys.stderr.write(f"Exception in thread {name}:\n" + REDACTOR.text("".join(text)))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
