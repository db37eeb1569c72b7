"""A club set up as the README says — a Google Sheet (the fake Sheets API, driven by the real
gspread), a Wix site (the sandbox over loopback), a config file, a key file — and each thing
an owner gets wrong, made wrong for real: the wrong file, a closed port, a damaged state.
(The owner's summary tab is off: how it weathers an outage is tests/extras/summary's.)"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner, Result

from sync.cli import main
from sync.demo import demo_rows
from sync.sandbox import LoopbackServer, Sandbox, build_sandbox
from tests.fakes.sheets import FakeSheets, FakeSheetsServer
from tests.fakes.sheets import fake_service_account_info as service_account

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/Denver"


def closed_port() -> int:
    """A loopback port nobody listens on (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def today_label() -> str:
    now = datetime.now(ZoneInfo(ZONE))
    return f"{now.month}/{now.day}"


@dataclass
class World:
    folder: Path
    sheets: FakeSheets
    sheets_server: FakeSheetsServer
    sandbox: Sandbox
    wix_url: str
    key: str = ""
    env: dict[str, str] = field(default_factory=dict)
    rows: int = 1
    token_uri: str = ""
    base_url: str = ""
    credentials: str = "sa.json"

    @property
    def config(self) -> Path:
        return self.folder / "wixsync.toml"

    @property
    def state(self) -> Path:
        return self.folder / "state" / "state.sqlite3"

    def write(self) -> None:
        """The sheet (its header and ``rows`` people for today's class), the key file, the
        config: as the owner sets them up."""
        grid = demo_rows(today_label())
        people = [r for r in grid[1:] if r[5] == "cash" and r[4].count("@") == 1][: self.rows]
        more = [
            [today_label(), "06:30", "Open Water Swim", f"Swimmer {i}", f"s{i}@example.org", "cash"]
            for i in range(max(0, self.rows - len(people)))
        ]
        self.key = self.sheets.create_spreadsheet({"Attendance": [grid[0], *people, *more]})
        info = service_account(self.token_uri or self.sheets_server.token_uri)
        (self.folder / "sa.json").write_text(json.dumps(info), encoding="utf-8")
        (self.folder / "sa.json").chmod(0o600)
        self.config.write_text(
            f'[sheet]\ngoogle = "{self.key}"\ncredentials = "{self.credentials}"\n'
            f'api_url = "{self.sheets_server.url}"\n\n'
            f'[wix]\nsite_id = "{self.sandbox.site.site_id}"\n'
            f'base_url = "{self.base_url or self.wix_url}"\ntime_zone = "{ZONE}"\n\n'
            '[daemon]\nstate = "state/state.sqlite3"\n\n'
            "[summary]\nenabled = false\n",  # its own outages: tests/extras/summary
            encoding="utf-8",
        )
        self.env = {"WIX_API_KEY": self.sandbox.site.api_keys["sync"].key, "COLUMNS": "80"}

    def invoke(self, *args: str) -> Result:
        """A command, in this process, as the user types it (from the club's folder)."""
        cwd = Path.cwd()
        os.chdir(self.folder)
        try:
            return CliRunner().invoke(main, list(args), env=self.env)
        finally:
            os.chdir(cwd)

    def daemon(self, *, until: tuple[str, ...]) -> tuple[int, str]:
        """``wixsync run`` as the user starts it, in this process: as soon as a log line holds
        one of ``until``, a SIGTERM (what systemd sends) stops it. Its exit code and all it
        said (its log goes to standard error)."""

        class StopAt(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if any(mark in record.getMessage() for mark in until):
                    os.kill(os.getpid(), signal.SIGTERM)

        stop_at = StopAt()
        logger = logging.getLogger("wixsync")
        logger.addHandler(stop_at)
        try:
            result = self.invoke("run", "--config", str(self.config))
        finally:
            logger.removeHandler(stop_at)
        return result.exit_code, result.output


@contextmanager
def club(folder: Path, **settings: Any) -> Iterator[World]:
    from tests.fakes.sheets import build_fake_sheets

    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    sandbox = build_sandbox(rate_limit=None)
    with FakeSheetsServer(fake) as sheets_server, LoopbackServer(sandbox) as wix:
        world = World(folder, fake, sheets_server, sandbox, wix.url, **settings)
        world.write()
        yield world


Breaker = Callable[[World], None]
