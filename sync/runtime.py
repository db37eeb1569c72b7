"""Wiring: from settings to a ready engine (sheet, Wix client, flows, state), for the CLI.

In ``sandbox`` mode the Wix side is the built-in local Wix, kept on disk next to the state
(``sandbox.json``) so that one command after another sees the same site — the demo's mode.

Secrets (:mod:`sync.redact`): opening a runtime guards the process (every log handler and
the uncaught-exception hooks redact); the Wix client registers its key, the sheet's
credentials their private key and tokens, and :func:`settings_from_config` the values of
the config's other secret variables (SMTP password, webhook secret) and the webhook's URL
path (a Slack- or Discord-style URL is itself a secret).

The owner's extras (:mod:`sync.extras`: roster, dropdowns, summary, archive, alerts) are
cycle hooks, each made by a factory in ``Settings.hooks`` from :attr:`Runtime.parts`
(:class:`sync.extras.seam.HookParts`): this module imports the extras, never the reverse.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import requests

from sync import stopping
from sync.engine.cycle import Engine
from sync.engine.rowstate import RowStates
from sync.extras.seam import HookFactory, HookParts
from sync.flows import RowFlows
from sync.sheet import lease
from sync.sheet.base import SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Column
from sync.sheet.session import SheetSession
from sync.state import Journal, connect
from sync.state.kept import tune_collector
from sync.wix import RateLimiter, WixClient, WixHTTP

if TYPE_CHECKING:
    from sync.extras.archive import Parts

SANDBOX_BASE = "http://wix.sandbox.invalid"


@dataclass
class Settings:
    state_path: Path
    time_zone: str
    sheet: Callable[[], SheetBackend]
    columns: tuple[Column, ...] = DEFAULT_COLUMNS
    parse: Callable[..., Any] | None = None
    class_map: dict[str, str] = field(default_factory=dict)
    site_id: str = ""
    api_key: Callable[[], str] = lambda: ""
    base_url: str = "https://www.wixapis.com"
    rate_per_minute: int = 200
    timeout: tuple[float, float] = (5.0, 30.0)
    sandbox: bool = False
    max_rows: int | None = 200
    #: ``[sheet] start_date``: rows for sessions before it, never synced, are left alone
    start_date: date | None = None
    # seams at the network edge and the clock, for tests and benchmarks: the Wix calls go
    # through ``wix_session`` (a requests.Session with a transport adapter mounted), waits
    # through ``sleep``; ``clock``/``today`` replace the wall clock
    wix_session: requests.Session | None = None
    sleep: Callable[[float], None] = stopping.sleep  # ends at once on SIGTERM
    clock: Callable[[], float] = time.time
    today: Callable[[], date] | None = None
    # what a cycle does besides the rows (roster, dropdowns, summary, archive, alerts): each
    # factory makes one hook from the ready runtime's parts (sync.extras.seam)
    hooks: list[HookFactory] = field(default_factory=list)
    #: hold the sheet's lease before writing (sync.sheet.lease); off only for `wixsync plan`
    lease: bool = True


@dataclass
class Runtime:
    engine: Engine
    journal: Journal
    states: RowStates
    client: WixClient
    sandbox: Any = None

    def close(self) -> None:
        if self.sandbox is not None:
            from sync.sandbox.persist import save

            save(self.sandbox, self.sandbox_path)

    sandbox_path: Path = Path("sandbox.json")
    state_path: Path = Path("state.sqlite3")

    @cached_property
    def parts(self) -> HookParts:
        """What the cycle hooks are built from (:mod:`sync.extras.seam`)."""
        engine = self.engine

        def hold() -> None:  # the engine's lease, set once the runtime is ready
            if engine.lease is not None:
                engine.lease()

        return HookParts(
            session=engine.session,
            journal=self.journal,
            states=self.states,
            client=self.client,
            catalog=engine.flows.catalog,
            clock=lambda: engine.clock(),
            today=lambda: engine.today(),
            parse=lambda cells, **kwargs: engine.parse(cells, **kwargs),
            hold=hold,
        )


def _today(time_zone: str) -> Callable[[], date]:
    return lambda: datetime.now(ZoneInfo(time_zone)).date()


@contextmanager
def open_runtime(settings: Settings) -> Iterator[Runtime]:
    from sync.engine.parse import parse_row
    from sync.redact import guard_process

    guard_process()
    stopping.reset()  # a stop asked of an earlier run in this process is not this one's
    tune_collector()  # the state and the sheet stay in memory (sync.state.kept)
    db = connect(settings.state_path)
    journal = Journal(db)
    sandbox = None
    sandbox_path = settings.state_path.with_name("sandbox.json")
    if settings.sandbox:
        from sync.sandbox import InProcessAdapter, build_sandbox
        from sync.sandbox.persist import load

        sandbox = load(sandbox_path) if sandbox_path.exists() else build_sandbox(rate_limit=None)
        session = requests.Session()
        session.mount(SANDBOX_BASE, InProcessAdapter(sandbox))
        http = WixHTTP(
            SANDBOX_BASE,
            sandbox.site.api_keys["sync"].key,
            sandbox.site.site_id,
            limiter=RateLimiter(None),
            session=session,
            sleep=lambda _s: None,
        )
    else:
        http = WixHTTP(
            settings.base_url,
            settings.api_key(),
            settings.site_id,
            timeout=settings.timeout,
            limiter=RateLimiter(settings.rate_per_minute, sleep=settings.sleep),
            session=settings.wix_session,
            sleep=settings.sleep,
        )
    today = settings.today or _today(settings.time_zone)  # the club's day, for both
    client = WixClient(http, today=today)
    flows = RowFlows(
        client,
        journal,
        time_zone=settings.time_zone,
        class_map=settings.class_map,
        clock=settings.clock,
    )
    states = RowStates(db)
    parse = settings.parse or parse_row
    engine = Engine(
        SheetSession(settings.sheet(), settings.columns),
        flows,
        states,
        parse=parse,
        today=today,
        max_rows=settings.max_rows,
        clock=settings.clock,
        start_date=settings.start_date,
        time_zone=settings.time_zone,
    )
    runtime = Runtime(engine, journal, states, client, sandbox, sandbox_path, settings.state_path)
    engine.hooks = [make(runtime.parts) for make in settings.hooks]
    store = lease.store_for(engine.session.backend)
    if store is not None and settings.lease:  # one sheet, one worker: checked first
        me = lease.holder_id(journal.setting, journal.set_setting)
        held = lease.SheetLease(store, me, clock=settings.clock, time_zone=settings.time_zone)
        engine.lease = lease.Announced(held).ensure
    try:
        yield runtime
    finally:
        runtime.close()
        db.close()


@contextmanager
def open_archive(config: Any, *, lease: bool = True) -> Iterator[Parts]:
    """The season archive's parts from a loaded config (:mod:`sync.extras.archive`): the
    state database and the sheet — no Wix (no API key needed). ``lease``: hold the sheet's
    lease before writing, as the daemon does (:mod:`sync.sheet.lease`); a dry run needs
    none."""
    from sync.extras.archive import ArchiveStopped, Parts
    from sync.extras.archive.backends import tabs_for
    from sync.sheet import lease as leases

    settings = settings_from_config(config)
    db = connect(settings.state_path)
    try:
        journal = Journal(db)
        backend = settings.sheet()
        tabs = tabs_for(backend)
        if tabs is None:  # pragma: no cover - every configured sheet has them
            raise ArchiveStopped("this sheet cannot hold an archive tab")
        hold = None
        store = leases.store_for(backend) if lease else None
        if store is not None:
            me = leases.holder_id(journal.setting, journal.set_setting)
            held = leases.SheetLease(store, me, time_zone=settings.time_zone)
            hold = leases.Announced(held).ensure
        yield Parts(
            tabs, db, RowStates(db), journal, _today(settings.time_zone), settings.columns, hold
        )
    finally:
        db.close()


def settings_from_config(config: Any) -> Settings:
    """Map a loaded :class:`sync.config.Config` onto the runtime's settings, registering
    the config's secrets with the redactor."""
    from functools import partial

    register_config_secrets(config)

    from sync.engine.parse import parse_row
    from sync.engine.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_config(
        config.vocabulary.payment,
        config.vocabulary.attended_yes,
        config.vocabulary.attended_no,
        config.vocabulary.methods,
    )
    sheet = config.sheet

    def open_sheet() -> SheetBackend:
        if sheet.file is not None:
            from sync.sheet.localfile import LocalSheet

            return LocalSheet(config.sheet_path, sheet.worksheet)
        from sync.sheet.google import GoogleSheet, credentials_from_file, gspread_client, sheet_key

        client = gspread_client(
            credentials_from_file(config.credentials_path, check_mode=not config.files_checked),
            api_url=sheet.api_url,
            timeout=tuple(config.wix.timeout_seconds),
        )
        return GoogleSheet(client, sheet_key(sheet.google), gid=sheet.worksheet_id)

    hooks: list[HookFactory] = []
    if config.roster.enabled:  # first: the rows it adds are planned in the same cycle
        from sync.extras.roster import roster_factory

        hooks.append(roster_factory(config.roster))
    if config.choices.enabled:  # the dropdowns, after the cycle's bookings
        from sync.extras.choices import choices_factory

        hooks.append(choices_factory(config.choices))
    if config.summary.enabled:  # the owner's summary tab, rewritten after each cycle
        from sync.extras.summary_hook import summary_factory

        hooks.append(summary_factory(config.summary.tab))
    if config.archive.enabled:  # the season archive: once a day, at the end of an idle cycle
        from sync.extras.archive import archive_factory, options_from

        hooks.append(archive_factory(options_from(config.archive), config.wix.time_zone))
    if config.alerts is not None:  # the owner's alerts, last: they see the cycle's outcome
        from sync.extras.alerts import alerts_factory

        hooks.append(alerts_factory(config))
    return Settings(
        state_path=config.state_path,
        time_zone=config.wix.time_zone,
        sheet=open_sheet,
        columns=config.columns(),
        class_map=dict(config.classes),
        parse=partial(parse_row, vocabulary=vocabulary, date_order=config.wix.date_order),
        site_id=config.wix.site_id or "",
        api_key=config.api_key,
        base_url=config.wix.base_url,
        rate_per_minute=config.wix.rate_per_minute,
        timeout=tuple(config.wix.timeout_seconds),
        sandbox=config.wix.sandbox,
        max_rows=config.daemon.max_rows_changed,
        start_date=config.sheet.start_date,
        hooks=hooks,
    )


def register_config_secrets(config: Any) -> None:
    """The values of the config's secret variables (``Config.secret_envs``), the SMTP login
    and the webhook URL's path: known to the redactor before anything is sent."""
    import os
    from urllib.parse import urlsplit

    from sync.redact import REDACTOR

    for name, env in config.secret_envs().items():
        REDACTOR.add(os.environ.get(env, ""), name=name)
    alerts = config.alerts
    if alerts is not None and alerts.email is not None and alerts.email.username:
        password = os.environ.get(alerts.email.password_env, "").strip()
        REDACTOR.add_smtp_login(alerts.email.username, password)
    if alerts is not None and alerts.webhook is not None:
        parts = urlsplit(alerts.webhook.url)
        REDACTOR.add(parts.path.strip("/") + (f"?{parts.query}" if parts.query else ""))
