"""The whole product, wired by ``sync.runtime.open_runtime`` exactly as ``wixsync run`` wires
it, with the two fakes at the network edge reached in-process:

* the production Wix client → the Wix sandbox (an ``InProcessAdapter`` on its session);
* the real gspread, with service-account credentials read from a 0600 key file → the fake
  Sheets API (mounted on gspread's session, token endpoint included).

Only the clock is ours: the sandbox is frozen at ``tests.conftest.NOW`` (08:00 in Denver,
the 06:30 Open Water Swim just over) and the engine reads :attr:`World.now`, which a test
moves. A "crash" abandons a runtime mid-cycle; the next :meth:`World.open` starts again
from the files on disk, as a restarted process would.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from sync.engine.cycle import CycleReport
from sync.extras.seam import HookFactory
from sync.runtime import Runtime, Settings, open_runtime
from sync.sandbox import InProcessAdapter, Sandbox, build_sandbox
from sync.sheet.base import SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Owner
from sync.sheet.google import GoogleSheet, credentials_from_file, gspread_client
from tests.conftest import NOW
from tests.fakes.sheets import (
    GOOGLE_TOKEN_URL,
    FakeSheets,
    build_fake_sheets,
    fake_service_account_info,
    mount_fake_sheets,
)

WIX_BASE = "https://www.wixapis.com"  # the production default: the adapter answers it
ZONE = ZoneInfo("America/Denver")
TAB = "Attendance"
HEADER = [c.header for c in DEFAULT_COLUMNS if c.owner == Owner.VOLUNTEER]
VOLUNTEER_KEYS = [c.key for c in DEFAULT_COLUMNS if c.owner == Owner.VOLUNTEER]


def undated(status: str) -> str:
    """A Status without its session ("Booked · Mon 15 Jun 06:30 · paid cash" → "Booked ·
    paid cash"), for tests about what follows it."""
    return re.sub(r"^Booked · \w{3} \d{1,2} \w{3}(?: \d\d:\d\d)?(?= · |$)", "Booked", status)


def day_label(when: datetime = NOW) -> str:
    """The session day as a volunteer types it ("6/15")."""
    local = when.astimezone(ZONE)
    return f"{local.month}/{local.day}"


def line(
    name: str,
    email: str,
    payment: str = "cash",
    plan: str = "",
    attended: str = "x",
    *,
    class_name: str = "Open Water Swim",
    day: str | None = None,
    time: str = "",
) -> list[str]:
    """One volunteer row in the default column order."""
    return [day or day_label(), time, class_name, name, email, payment, plan, attended]


@dataclass
class Captured(logging.Handler):
    """Every log record the product emits while a world runs (for the secrets checks)."""

    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def __hash__(self) -> int:
        return id(self)


class World:
    def __init__(
        self,
        folder: Path,
        rows: list[list[Any]],
        *,
        header: list[Any] | None = None,
        seed: dict[str, Any] | None = None,
        sandbox: Sandbox | None = None,
        hooks: list[HookFactory] | None = None,
        lease: bool = True,
    ) -> None:
        self.folder = folder
        #: hold the sheet's lease (sync.sheet.lease) as `wixsync run` does; off only in
        #: suites that count the Sheets requests of the roster, dropdowns or summary (the
        #: lease's own requests are measured in tests/lease)
        self.lease = lease
        self.hooks = list(hooks or [])  # what a cycle does besides the rows (Settings.hooks)
        folder.mkdir(parents=True, exist_ok=True)
        self.sandbox = sandbox or build_sandbox(seed, now=NOW, rate_limit=None)
        self.sheets: FakeSheets = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
        self.key = self.sheets.create_spreadsheet({TAB: [header or HEADER, *rows]})
        self.credentials = folder / "service-account.json"
        self.credentials.write_text(json.dumps(fake_service_account_info(GOOGLE_TOKEN_URL)))
        self.credentials.chmod(0o600)
        self.state_path = folder / "state" / "state.sqlite3"
        self.now = NOW.timestamp()
        self.sheet_sleeps: list[float] = []
        self.wix_sleeps: list[float] = []

    # -- the fakes ----------------------------------------------------------------------------
    @property
    def api_key(self) -> str:
        return self.sandbox.site.api_keys["sync"].key

    def human(self) -> Any:
        return self.sheets.human(self.key, TAB)

    def grid(self) -> list[list[Any]]:
        return self.sheets.values(self.key, TAB)

    def records(self) -> list[dict[str, Any]]:
        """The sheet's rows below the header as {header: value}."""
        grid = self.grid()
        if not grid:
            return []
        head = [str(h) for h in grid[0]]
        return [
            dict(zip(head, [*r, *[""] * (len(head) - len(r))], strict=False))
            for r in grid[1:]
            if any(str(c).strip() for c in r)
        ]

    # -- the product --------------------------------------------------------------------------
    def _open_sheet(self) -> SheetBackend:
        client = gspread_client(credentials_from_file(self.credentials), timeout=(1.0, 1.0))
        mount_fake_sheets(client.http_client.session, self.sheets)
        return GoogleSheet(client, self.key, attempts=3, sleep=self.sheet_sleeps.append)

    def settings(self) -> Settings:
        session = requests.Session()
        session.mount(WIX_BASE, InProcessAdapter(self.sandbox))
        return Settings(
            state_path=self.state_path,
            time_zone="America/Denver",
            sheet=self._open_sheet,
            site_id=self.sandbox.site.site_id,
            api_key=lambda: self.api_key,
            base_url=WIX_BASE,
            rate_per_minute=0,
            timeout=(1.0, 0.5),
            wix_session=session,
            sleep=self.wix_sleeps.append,
            clock=lambda: self.now,
            today=self.today,
            hooks=list(self.hooks),
            lease=self.lease,
        )

    def today(self) -> date:
        return datetime.fromtimestamp(self.now, UTC).astimezone(ZONE).date()

    @contextmanager
    def open(self) -> Iterator[Runtime]:
        with open_runtime(self.settings()) as runtime:
            yield runtime

    def cycle(self, *, force: bool = False) -> CycleReport:
        """One cycle in a fresh process (open the state, run, close)."""
        with self.open() as runtime:
            return runtime.engine.run_cycle(force=force)


class Loop:
    """The daemon (``sync.daemon.Daemon``) on simulated time: every tick is one poll later.
    The engine reads the wall clock (``world.now``, which a test may set back or forward);
    the loop's own clock is monotonic, as ``time.monotonic`` is in production."""

    def __init__(
        self, world: World, runtime: Runtime, *, poll: float = 15.0, alerts: Any = None
    ) -> None:
        from sync.daemon import Daemon

        self.world, self.poll = world, poll
        self.said: list[str] = []
        self.monotonic = 0.0
        self.daemon = Daemon(
            runtime.engine.run_cycle,
            poll_seconds=poll,
            state_path=world.state_path,
            say=self.said.append,
            clock=lambda: self.monotonic,
            alerts=alerts,
        )

    def run(self, seconds: float) -> None:
        end = self.monotonic + seconds
        while self.monotonic < end:
            self.daemon.tick()
            self.world.now += self.poll
            self.monotonic += self.poll

    def count(self, words: str) -> int:
        return sum(words in s for s in self.said)
