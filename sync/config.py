"""The configuration file: one TOML file (``wixsync.toml``), loaded and checked before anything
runs. ``wixsync.example.toml`` documents every key and its default.

Problems are said in the owner's words, one line each, naming the key and the fix::

    wixsync.toml: [wix] time_zone = "America/Denvr": not a time zone (e.g. "America/Denver")

Relative paths are relative to the config file's folder and ``~`` is expanded. The Wix API key
is never in the file: :meth:`Config.api_key` reads it from the environment variable named by
``[wix] api_key_env``, and a key-looking value in the file is refused without being echoed.
``[sheet] api_url`` is hidden (tests, demo): the local fake of the Sheets API, loopback only.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from sync.engine import vocabulary as words
from sync.flows.attendee import Payment
from sync.sheet.columns import DEFAULT_COLUMNS, Column, normalise

DEFAULT_STATE = "wixsync-state/state.sqlite3"
#: files kept beside the state: SQLite's WAL, shared memory and journal, and the run lock
STATE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")
#: the parser's built-in words (sync.engine.vocabulary), as the config file writes them
DEFAULT_PAYMENT_WORDS: dict[str, list[str]] = {
    p.value: [w for w, meaning in words.DEFAULT_PAYMENT_WORDS if meaning == p] for p in Payment
}
#: the built-in in-person methods and their words (each also a cash word), by method
DEFAULT_METHODS: dict[str, list[str]] = {
    m: [w for w, meaning in words.DEFAULT_METHOD_WORDS if meaning == m]
    for m in dict.fromkeys(m for _, m in words.DEFAULT_METHOD_WORDS)
}
DEFAULT_ATTENDED_YES = list(words.DEFAULT_YES)
DEFAULT_ATTENDED_NO = list(words.DEFAULT_NO)
Meaning = Literal["cash", "plan", "unpaid", "cancel"]
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEX = "[0-9a-fA-F]"
_SITE_ID = re.compile(rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_WHERE_SITE_ID = "in the dashboard's address: manage.wix.com/dashboard/<site id>/…"


class ConfigError(Exception):
    """The configuration cannot be used; ``str()`` is one owner-friendly line per problem."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# -- value rules: a rule's message is what the owner reads after "key = value: " --------------
def _rule(test: Callable[[Any], object], message: str) -> AfterValidator:
    def check(value: Any) -> Any:
        if not test(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


def _between(low: int, high: int) -> AfterValidator:
    return _rule(lambda v: low <= v <= high, f"must be between {low} and {high}")


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname is None:
        return False
    try:
        return parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def safe_base_url(url: str) -> bool:
    """Where the Wix API key may be sent: over https, or over plain http to loopback only
    (a local sandbox), never in clear text across a network."""
    return url.startswith("https://") or _is_loopback(url)


def _sheet_ref(value: str) -> bool:
    if value.startswith(("http://", "https://")):
        return urlsplit(value).hostname == "docs.google.com" and "/spreadsheets/d/" in value
    return re.fullmatch(r"[A-Za-z0-9_-]+", value) is not None


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=1)
        raise ValueError(f'not a time zone (e.g. "{(close or ["America/Denver"])[0]}")') from None
    return value


def _looks_like_key(value: object, under_wix: bool) -> bool:
    return isinstance(value, str) and (
        value.strip().startswith("IST.") or (under_wix and len(value) > 100)
    )


Text = Annotated[str, _rule(str.strip, "is empty; write a value or delete the line")]
PathText = Annotated[Text, _rule(lambda v: "\x00" not in v, "contains a NUL character; remove it")]
Seconds = Annotated[float, _rule(lambda v: 0 < v <= 600, "must be between 0 and 600 seconds")]
SheetRef = Annotated[Text, _rule(_sheet_ref, "not a Google Sheet; paste its URL or its key")]
SheetFile = Annotated[
    PathText,
    _rule(lambda v: Path(v).suffix.lower() in (".csv", ".xlsx"), "must be a .csv or .xlsx file"),
]
LoopbackURL = Annotated[
    str, _rule(_is_loopback, "loopback only (127.0.0.1, ::1, localhost); delete it for Google")
]
SiteId = Annotated[str, _rule(_SITE_ID.fullmatch, f"not a site id ({_WHERE_SITE_ID})")]
EnvName = Annotated[str, _rule(_ENV_NAME.fullmatch, 'not a variable name, e.g. "WIX_API_KEY"')]
BASE_URL_RULE = "must start with https:// (http:// only for a local sandbox on 127.0.0.1)"
BaseURL = Annotated[str, _rule(safe_base_url, BASE_URL_RULE)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SheetSection(_Section):
    google: SheetRef | None = None
    file: SheetFile | None = None
    worksheet_id: Annotated[int, _between(0, 2**31 - 1)] | None = None
    worksheet: Text | None = None
    credentials: PathText | None = None
    api_url: LoopbackURL | None = None

    @model_validator(mode="before")
    @classmethod
    def _gid_from_url(cls, data: Any) -> Any:
        """A pasted URL ending ``#gid=123`` picks that tab unless worksheet_id says otherwise."""
        if isinstance(data, dict) and isinstance(data.get("google"), str):
            found = re.search(r"[#&?]gid=(\d+)", data["google"])
            if found and "worksheet_id" not in data:
                return {**data, "worksheet_id": int(found.group(1))}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> SheetSection:
        if (self.google is None) == (self.file is None):
            both = ", not both" if self.google else ""
            raise ValueError(f'set either google = "<sheet key or URL>" or file = "<path>"{both}')
        if self.google is not None and self.credentials is None:
            raise ValueError('with google, set credentials = "<service account\'s JSON key>"')
        if self.google is not None and self.worksheet is not None:
            raise ValueError("worksheet is for a file; for Google set worksheet_id = <gid>")
        for key in ("worksheet_id", "credentials", "api_url") if self.file else ():
            if getattr(self, key) is not None:
                raise ValueError(f"{key} is for a Google Sheet; delete it when using file")
        if self.worksheet is not None and str(self.file).lower().endswith(".csv"):
            raise ValueError("a .csv file has a single table; delete worksheet")
        return self


class ColumnOverride(_Section):
    header: Text | None = None
    aliases: list[Text] | None = None  # replace the built-in aliases


class ColumnsSection(_Section):
    """One optional table per column key of ``sync.sheet.columns.DEFAULT_COLUMNS``."""

    date: ColumnOverride | None = None
    time: ColumnOverride | None = None
    class_name: ColumnOverride | None = None
    name: ColumnOverride | None = None
    email: ColumnOverride | None = None
    payment: ColumnOverride | None = None
    plan: ColumnOverride | None = None
    attended: ColumnOverride | None = None
    booking_id: ColumnOverride | None = None
    order_id: ColumnOverride | None = None
    status: ColumnOverride | None = None
    error: ColumnOverride | None = None
    synced_at: ColumnOverride | None = None
    row_id: ColumnOverride | None = None

    def build(self) -> tuple[Column, ...]:
        out = []
        for column in DEFAULT_COLUMNS:
            new = getattr(self, column.key) or ColumnOverride()
            aliases = column.aliases if new.aliases is None else tuple(new.aliases)
            out.append(replace(column, header=new.header or column.header, aliases=aliases))
        return tuple(out)

    @model_validator(mode="after")
    def _names_unique(self) -> ColumnsSection:
        owner: dict[str, str] = {}
        for column in self.build():
            for name in (column.header, *column.aliases):
                first = owner.setdefault(normalise(name), column.key)
                if first != column.key:
                    raise ValueError(
                        f'"{name}" names both {first} and {column.key}; a name may belong to '
                        "one column only"
                    )
        return self


def _complete_payment(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """A meaning left out keeps its default words."""
    return {meaning: list(value.get(meaning, d)) for meaning, d in DEFAULT_PAYMENT_WORDS.items()}


def _complete_methods(value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    """A built-in method left out keeps its words (``card = []`` drops them): writing the
    club's own method never turns card, cheque or transfer words back into plain cash."""
    if value is None:
        return None
    written = {words.method_key(name) for name in value}
    kept = {m: list(w) for m, w in DEFAULT_METHODS.items() if m not in written}
    return {**kept, **{name: list(listed) for name, listed in value.items()}}


class VocabularySection(_Section):
    payment: Annotated[dict[Meaning, list[Text]], AfterValidator(_complete_payment)] = Field(
        default_factory=lambda: _complete_payment({})
    )
    attended_yes: list[Text] = Field(default_factory=lambda: list(DEFAULT_ATTENDED_YES))
    attended_no: list[Text] = Field(default_factory=lambda: list(DEFAULT_ATTENDED_NO))
    #: in-person methods → words (each also a cash word); None: the built-in card, cheque
    #: and bank-transfer words; a built-in method left out keeps its words
    methods: Annotated[dict[Text, list[Text]] | None, AfterValidator(_complete_methods)] = None

    @model_validator(mode="after")
    def _one_meaning_per_word(self) -> VocabularySection:
        """Words are matched as the parser matches them (no case, accents, spaces or
        punctuation), and the canonical words cash, plan, unpaid, cancel always count. A
        method's word is a cash word too, so it may not be a plan, unpaid or cancel word,
        nor another method's."""
        groups = (
            {f"payment.{meaning}": listed for meaning, listed in self.payment.items()},
            {"attended_yes": self.attended_yes, "attended_no": self.attended_no},
        )
        meanings: dict[str, str] = {}
        for group in groups:
            seen = (
                {p.value: f"payment.{p.value}" for p in Payment} if "payment.cash" in group else {}
            )
            for meaning, listed in group.items():
                for word in listed:
                    if not words.fold(word):
                        raise ValueError(f'"{word}" has no letters, digits or symbols')
                    if (first := seen.setdefault(words.fold(word), meaning)) != meaning:
                        raise ValueError(
                            f'"{word}" is under both {first} and {meaning}; a word may have '
                            "one meaning only"
                        )
            if "payment.cash" in group:
                meanings = seen
        method_of: dict[str, tuple[str, str]] = {}  # word key → (method, as written)
        for name, listed in (self.methods or {}).items():
            where = f"methods.{name}"
            for word in listed:
                key = words.fold(word)
                if not key:
                    raise ValueError(f'"{word}" has no letters, digits or symbols')
                other = meanings.get(key, "payment.cash")
                if other != "payment.cash":
                    raise ValueError(
                        f'"{word}" is under both {where} and {other}; a word may have one '
                        "meaning only"
                    )
                first = method_of.setdefault(key, (words.method_key(name), where))
                if first[0] != words.method_key(name):
                    raise ValueError(
                        f'"{word}" is under both {first[1]} and {where}; a word may have one '
                        "meaning only"
                    )
        return self


class WixSection(_Section):
    site_id: SiteId | None = None
    api_key_env: EnvName = "WIX_API_KEY"
    base_url: BaseURL = "https://www.wixapis.com"
    rate_per_minute: Annotated[int, _between(1, 10000)] = 200
    time_zone: Annotated[str, AfterValidator(_time_zone)]
    date_order: Literal["MDY", "DMY"] = "MDY"
    timeout_seconds: Annotated[
        tuple[Seconds, Seconds], BeforeValidator(lambda v: tuple(v) if type(v) is list else v)
    ] = (5.0, 30.0)
    sandbox: bool = False

    @model_validator(mode="after")
    def _site_or_sandbox(self) -> WixSection:
        if self.site_id is None and not self.sandbox:
            raise ValueError(
                f'set site_id = "<your site id>" ({_WHERE_SITE_ID}), or sandbox = true for the demo'
            )
        return self


class DaemonSection(_Section):
    poll_seconds: Annotated[int, _between(2, 3600)] = 15
    state: PathText = DEFAULT_STATE
    log: PathText | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_emails: Literal["masked", "full"] = "masked"
    max_rows_changed: Annotated[int, _between(1, 1_000_000)] = 200
    alert_after_minutes: Annotated[int, _between(1, 10080)] | None = None


TabTitle = Annotated[
    Text,
    _rule(lambda v: len(v) <= 100, "is longer than 100 characters; shorten it"),
    _rule(lambda v: not set(v) & set("[]*?/\\:"), "may not contain [ ] * ? / \\ or :"),
]


class SummarySection(_Section):
    """The owner's summary tab, rewritten after each cycle (sync.engine.summary_hook)."""

    enabled: bool = True
    tab: TabTitle = "Summary"


# -- [alerts] (sync.alerts) -------------------------------------------------------------------
def _loopback_host(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")
Address = Annotated[
    str, _rule(_ADDRESS.fullmatch, 'not an email address, e.g. "owner@example.org"')
]
HeaderName = Annotated[
    str, _rule(re.compile(r"[A-Za-z0-9-]+").fullmatch, 'not a header name, e.g. "Authorization"')
]
WebhookURL = Annotated[
    str, _rule(safe_base_url, "must start with https:// (http:// only to 127.0.0.1 or localhost)")
]
SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class EmailAlerts(_Section):
    """Alerts by email (``sync.alerts.channels.EmailChannel``)."""

    host: Text
    port: Annotated[int, _between(1, 65535)] | None = None  # by security: 587, 465 or 25
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: Text | None = None
    password_env: EnvName = "WIXSYNC_SMTP_PASSWORD"  # noqa: S105 (a variable's name)
    from_address: Address
    to: Annotated[list[Address], _rule(bool, "is empty; list at least one address")]
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


class WebhookAlerts(_Section):
    """Alerts as a JSON POST (``sync.alerts.channels.WebhookChannel``)."""

    url: WebhookURL
    secret_env: EnvName | None = None
    secret_header: HeaderName = "Authorization"  # noqa: S105 (a header's name)
    timeout_seconds: Annotated[
        tuple[Seconds, Seconds], BeforeValidator(lambda v: tuple(v) if type(v) is list else v)
    ] = (5.0, 10.0)


class AlertsSection(_Section):
    """What the owner is told, and how (``sync.alerts``)."""

    row_error_after_minutes: Annotated[int, _between(1, 10080)] = 30
    outage_after_minutes: Annotated[int, _between(0, 10080)] = 10
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


def _alert_secret_leaks(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
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


# -- [roster] and [choices] (sync.roster, sync.choices) --------------------------------------
class RosterSection(_Section):
    """People already booked in Wix, added to the sheet before each class (sync.roster)."""

    enabled: bool = False
    lead_minutes: Annotated[int, _between(5, 1440)] = 120
    classes: list[Text] = Field(default_factory=list)  # empty: every class
    check_seconds: Annotated[int, _between(15, 3600)] = 60


class ChoicesSection(_Section):
    """Live dropdowns: the coming sessions in Class, the plans held in Plan (sync.choices)."""

    enabled: bool = False
    days: Annotated[int, _between(1, 31)] = 7
    plans: bool = True
    refresh_seconds: Annotated[int, _between(15, 3600)] = 60


def _unique_classes(value: dict[str, str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name in value:
        if (first := seen.setdefault(name.strip().casefold(), name)) != name:
            raise ValueError(f'"{first}" and "{name}" are one class name (case aside); keep one')
    return value


class _File(_Section):
    sheet: SheetSection
    columns: ColumnsSection = Field(default_factory=ColumnsSection)
    vocabulary: VocabularySection = Field(default_factory=VocabularySection)
    classes: Annotated[dict[Text, Text], AfterValidator(_unique_classes)] = Field(
        default_factory=dict
    )
    wix: WixSection
    daemon: DaemonSection = Field(default_factory=DaemonSection)
    alerts: AlertsSection | None = None
    summary: SummarySection = Field(default_factory=SummarySection)
    roster: RosterSection = Field(default_factory=RosterSection)
    choices: ChoicesSection = Field(default_factory=ChoicesSection)


@dataclass(frozen=True)
class Config:
    """A checked configuration; paths are absolute. It never holds the API key."""

    path: Path
    sheet: SheetSection
    vocabulary: VocabularySection
    classes: dict[str, str]
    wix: WixSection
    daemon: DaemonSection
    state_path: Path
    sheet_path: Path | None = None
    credentials_path: Path | None = None
    log_path: Path | None = None
    sheet_columns: tuple[Column, ...] = DEFAULT_COLUMNS
    warnings: list[str] = field(default_factory=list)
    summary: SummarySection = field(default_factory=SummarySection)
    alerts: AlertsSection | None = None
    roster: RosterSection = field(default_factory=RosterSection)
    choices: ChoicesSection = field(default_factory=ChoicesSection)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def poll_seconds(self) -> int:
        return self.daemon.poll_seconds

    def columns(self) -> tuple[Column, ...]:
        return self.sheet_columns

    def secret_envs(self) -> dict[str, str]:
        """The environment variables that hold this site's secrets, by what each holds (for
        :mod:`sync.redact`: their values are registered at start-up, never stored)."""
        envs = {"Wix API key": self.wix.api_key_env}
        if self.alerts is not None and self.alerts.email is not None:
            envs["SMTP password"] = self.alerts.email.password_env
        hook = self.alerts.webhook if self.alerts is not None else None
        if hook is not None and hook.secret_env:
            envs["webhook secret"] = hook.secret_env
        return envs

    def api_key(self) -> str:
        name = self.wix.api_key_env
        if not (key := os.environ.get(name, "").strip()):
            raise ConfigError(
                f"Set the Wix API key in the environment variable {name} (never in the file)"
            )
        return key


# -- loading ----------------------------------------------------------------------------------
def load_config(path: str | Path, *, check_files: bool = True) -> Config:
    """Read, check and resolve the config file, or raise :class:`ConfigError` naming every
    problem. ``check_files`` also checks the files it names (credentials, sheet file)."""
    shown = str(path)
    path = Path(path).expanduser().absolute()
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        hint = f"copy wixsync.example.toml to {path.name} and edit it"
        raise ConfigError(f"{shown}: no such file; {hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read it ({type(exc).__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: {_syntax(str(exc))}") from None
    leaks = _key_leaks(doc) + _alert_secret_leaks(doc)
    problems = [f"{shown}: {_where(loc)}: {message}" for loc, message in leaks]
    try:
        model = _File.model_validate(doc)
    except ValidationError as exc:
        for err in exc.errors():
            if not any(_about_leak(err, loc) for loc, _ in leaks):
                problems.append(f"{shown}: {_translate(err)}")
    if problems:
        raise ConfigError(problems)
    return _resolve(model, path, shown, check_files)


def _about_leak(err: Any, leak: tuple[Any, ...]) -> bool:
    """The error is about the key-looking value (or the unknown key holding it)."""
    loc = tuple(err["loc"])
    return loc[: len(leak)] == leak or (
        err["type"] == "extra_forbidden" and leak[: len(loc)] == loc
    )


def _syntax(text: str) -> str:
    if found := re.search(r"\s*\(at line (\d+), column (\d+)\)$", text):
        line, column = found.groups()
        return f"line {line}, column {column}: not valid TOML: {text[: found.start()]}"
    return f"not valid TOML: {text.replace(' (at end of document)', '')} (at the end)"


def _key_leaks(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every value that looks like an API key: any "IST." string, or a long one under [wix]."""
    env = doc.get("wix", {}).get("api_key_env") if isinstance(doc.get("wix"), dict) else None
    env = env if isinstance(env, str) and _ENV_NAME.fullmatch(env) else "WIX_API_KEY"
    found: list[tuple[Any, ...]] = []

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, dict | list):
            for key, item in value.items() if isinstance(value, dict) else enumerate(value):
                walk(item, (*loc, key))
        elif _looks_like_key(value, under_wix=loc[:1] == ("wix",)):
            found.append(loc)

    walk(doc, ())
    message = (
        "looks like a Wix API key; never put the key in this file: delete it here and set the "
        f"environment variable {env} instead (export {env}=…)"
    )
    return [(loc, message) for loc in found]


def _resolve(model: _File, path: Path, shown: str, check_files: bool) -> Config:
    """Absolute paths, and the guards on what the daemon may read and write."""
    problems: list[str] = []
    texts = {
        "[sheet] file": model.sheet.file,
        "[sheet] credentials": model.sheet.credentials,
        "[daemon] state": model.daemon.state,
        "[daemon] log": model.daemon.log,
    }
    paths: dict[str, Path | None] = {}
    for where, text in texts.items():
        try:
            given = None if text is None else Path(text).expanduser()
        except RuntimeError:  # no home folder to expand ~ to
            problems.append(f"{shown}: {where} = {_show(text)}: cannot expand ~ here")
            given = None
        paths[where] = given if given is None else (path.parent / given).resolve()
    for where in ("[daemon] state", "[daemon] log"):
        target, text = paths[where], str(texts[where])
        if target is not None and (target.is_dir() or text.endswith(("/", os.sep))):
            example = DEFAULT_STATE if where.endswith("state") else "wixsync.log"
            problems.append(
                f'{shown}: {where} = {_show(text)}: is a folder; name a file, e.g. "{example}"'
            )
    seen: dict[Path, str] = {path.resolve(): "the config file"}
    for where, target in paths.items():
        if target is not None and (first := seen.setdefault(target, where)) != where:
            problems.append(f"{shown}: {where} is the same file as {first}; use another")
    state = paths["[daemon] state"] or (path.parent / DEFAULT_STATE).resolve()
    beside = {state.with_name(state.name + end) for end in STATE_COMPANIONS}
    beside |= {state.with_name("sandbox.json")} if model.wix.sandbox else set()
    for target, where in seen.items():
        if target in beside:
            problems.append(
                f"{shown}: {where} is {target.name}, a file wixsync writes beside [daemon] "
                "state; use another"
            )
    warnings: list[str] = []
    for where in ("[sheet] file", "[sheet] credentials") if check_files else ():
        if (target := paths[where]) is None:
            continue
        if not target.is_file():
            problems.append(
                f"{shown}: {where} = {_show(texts[where])}: no such file ({target}; "
                "relative paths start from the config file's folder)"
            )
        elif where.endswith("credentials"):
            from sync.files import lax_modes

            # 0640 root:wixsync (deploy/install.sh) is fine; open to others is not
            warnings.extend(str(lax) for lax in lax_modes(secrets=[target]))
    if problems:
        raise ConfigError(problems)
    alerts = model.alerts
    if (minutes := model.daemon.alert_after_minutes) is not None:
        # the old key's meaning ("no cycle has succeeded for this long") is an outage's
        warnings.append(
            "[daemon] alert_after_minutes is deprecated: it is [alerts] outage_after_minutes "
            "now; move it there (alerts are sent by [alerts.email] or [alerts.webhook])"
        )
        if alerts is not None and "outage_after_minutes" not in alerts.model_fields_set:
            alerts = alerts.model_copy(update={"outage_after_minutes": minutes})
    return Config(
        path=path,
        sheet=model.sheet,
        vocabulary=model.vocabulary,
        classes=dict(model.classes),
        wix=model.wix,
        daemon=model.daemon,
        state_path=paths["[daemon] state"] or path.parent / DEFAULT_STATE,
        sheet_path=paths["[sheet] file"],
        credentials_path=paths["[sheet] credentials"],
        log_path=paths["[daemon] log"],
        sheet_columns=model.columns.build(),
        warnings=warnings,
        summary=model.summary,
        alerts=alerts,
        roster=model.roster,
        choices=model.choices,
    )


# -- pydantic's errors, in the owner's words -------------------------------------------------
_A_TABLE = "must be a table: a [section] of key = value lines, or { key = value }"
_TWO_SECONDS = "must be a list of two numbers of seconds, e.g. [5, 30]"
_TYPES = {
    "string_type": 'must be text in double quotes, e.g. "…"',
    "int_type": "must be a whole number, e.g. 15",
    "float_type": "must be a number",
    "bool_type": "must be true or false (no quotes)",
    "list_type": 'must be a list, e.g. ["one", "two"]',
    "tuple_type": _TWO_SECONDS,
    "too_short": _TWO_SECONDS,
    "too_long": _TWO_SECONDS,
    "dict_type": _A_TABLE,
    "model_type": _A_TABLE,
    "model_attributes_type": _A_TABLE,
}
_MISSING = {
    ("sheet",): 'add [sheet] with google = "<sheet key or URL>" or file = "<path>"',
    ("wix",): 'add [wix] with time_zone = "America/Denver" and site_id = "<your site id>"',
    ("wix", "time_zone"): 'set time_zone = "America/Denver" (the Wix site\'s time zone)',
}


def _translate(err: Any) -> str:
    loc, kind, ctx, value = tuple(err["loc"]), err["type"], err.get("ctx") or {}, err["input"]
    if kind == "extra_forbidden":
        return _unknown(loc, value)
    if kind == "literal_error" and loc[-1] == "[key]":
        return _unknown(loc[:-1], {})
    if kind == "missing":
        return f"{_where(loc)}: missing; {_MISSING.get(loc, 'see wixsync.example.toml')}"
    if kind == "value_error":
        text = str(ctx.get("error", "not a valid value"))
    elif kind == "literal_error":
        text = "must be one of " + str(ctx.get("expected", "")).replace("'", '"')
    else:
        text = _TYPES.get(kind, "not a valid value (see wixsync.example.toml)")
    if len(loc) < 2 or isinstance(value, dict):
        return f"{_where(loc)}: {text}"
    return f"{_where(loc)} = {_show(value)}: {text}"


def _fields(table: tuple[Any, ...]) -> list[str]:
    """The keys the table at ``table`` knows (none when it is not a fixed table)."""
    if table == ("vocabulary", "payment"):
        return list(get_args(Meaning))
    model: Any = _File
    for part in table:
        hint = model.model_fields[part].annotation if part in model.model_fields else None
        model = next((a for a in (hint, *get_args(hint)) if isinstance(a, type)), None)
        if model is None or not issubclass(model, BaseModel):
            return []
    return list(model.model_fields)


def _unknown(loc: tuple[Any, ...], value: Any) -> str:
    key, table = str(loc[-1]), loc[:-1]
    known = _fields(table)
    close = [k for k in known if key in k or k in key]
    close = close or difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    homes = [s for s in _File.model_fields if s != "columns" and key in _fields((s,))]
    if not table and not isinstance(value, dict) and homes:
        return f"{_key(key)} = {_show(value)}: put it under [{homes[0]}]"
    if not table:
        hint = f"did you mean [{close[0]}]?" if close else f"sections: {', '.join(known)}"
        return f"[{key}]: unknown section; {hint}"
    shown = _where(loc) if isinstance(value, dict) else f"{_where(loc)} = {_show(value)}"
    if len(table) == 1 and homes:
        return f"{shown}: belongs under [{homes[0]}], not [{table[0]}]"
    hints = [f"did you mean {close[0]}?"] if close else []
    if not close or table == ("columns",):
        hints.append(f"{'K' if close else 'k'}nown keys: {', '.join(known)}")
    return f"{shown}: unknown key; " + " ".join(hints)


def _key(part: Any) -> str:
    text = str(part)
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else json.dumps(text, ensure_ascii=False)


def _where(loc: tuple[Any, ...]) -> str:
    index = loc[-1] if loc and isinstance(loc[-1], int) else None
    parts = [p for p in loc if p != "[key]" and not isinstance(p, int)]
    if len(parts) <= 1:
        text = f"[{parts[0]}]" if parts else "(top of the file)"
    else:
        text = f"[{'.'.join(_key(p) for p in parts[:-1])}] {_key(parts[-1])}"
    return text if index is None else f"{text} (item {index + 1})"


def _show(value: Any) -> str:
    if _looks_like_key(value, under_wix=True):
        return "<hidden: looks like a key>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    else:
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def site_paths(path: str | Path) -> list[tuple[str, Path]]:
    """The sites one process serves: a config file is one site; a file holding only
    ``sites = ["club-a.toml", "club-b.toml"]`` (paths relative to it) is several, each a whole
    config of its own — its own sheet, Wix site, API key variable, state and rate budget."""
    shown = str(path)
    path = Path(path).expanduser().absolute()
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return [(path.stem, path)]  # load_config says what is wrong with it
    if "sites" not in doc:
        return [(path.stem, path)]
    sites = doc["sites"]
    others = sorted(set(doc) - {"sites"})
    if others:
        raise ConfigError(
            f"{shown}: a file listing sites holds only `sites`; move {', '.join(others)} into "
            "the sites' own files"
        )
    if not isinstance(sites, list) or not sites or not all(isinstance(s, str) for s in sites):
        raise ConfigError(f'{shown}: sites: a list of config files, like ["club-a.toml"]')
    found = [
        (str(Path(s).with_suffix("")), (path.parent / Path(s).expanduser()).absolute())
        for s in sites
    ]
    if len({p for _, p in found}) != len(found):
        raise ConfigError(f"{shown}: sites: a file is listed twice")
    return found


def load_sites(path: str | Path) -> list[tuple[str, Config]]:
    """Every site's config, checked; two sites may not share a state file."""
    loaded = [(name, load_config(p)) for name, p in site_paths(path)]
    states: dict[Path, str] = {}
    for name, config in loaded:
        if (other := states.setdefault(config.state_path, name)) != name:
            raise ConfigError(
                f"{path}: sites {other} and {name} share the state file {config.state_path}; "
                "give each its own [daemon] state"
            )
    return loaded
