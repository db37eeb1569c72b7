"""A club's attendance sheet driven through the CLI, on either backend: a local ``.csv`` file
or the fake Google Sheet (real gspread over loopback), with the local Wix (``sandbox = true``,
kept on disk) — as an owner runs ``wixsync sync --once`` from a shell.

Volunteers' edits are made on the whole grid (sort, insert, copy a row with its hidden Row
ID, type over cells), then written back as they would leave the sheet.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner, Result

from sync.cli import main
from sync.demo import HEADER
from sync.sandbox.persist import load
from sync.sheet.localfile import LocalSheet
from sync.words import session_when
from tests.fakes.sheets import FakeSheets, FakeSheetsServer
from tests.fakes.sheets import fake_service_account_info as service_account
from tests.fakes.sheets.a1 import cell_name

ZONE = ZoneInfo("America/Denver")
TAB = "Attendance"
OWS = "Open Water Swim"


def today() -> date:
    return datetime.now(ZONE).date()


def when(day: date | None = None) -> str:
    """The demo session (06:30) as a Status names it: "Mon 15 Jun 06:30"."""
    return session_when(day or today(), time(6, 30))


def person(name: str, email: str, payment: str = "cash", *, day: str | None = None) -> list[Any]:
    label = day or f"{today().month}/{today().day}"
    return [label, "06:30", OWS, name, email, payment, "", "x"]


class Club:
    def __init__(
        self, folder: Path, backend: str, rows: list[list[Any]], sheets: Any = None
    ) -> None:
        self.folder, self.backend = folder, backend
        folder.mkdir(parents=True, exist_ok=True)
        tail = '[wix]\nsandbox = true\ntime_zone = "America/Denver"\n\n'
        tail += '[daemon]\nstate = "state/state.sqlite3"\n'
        if backend == "local":
            self.path = folder / "attendance.csv"
            LocalSheet(self.path).create([HEADER, *rows])
            head = '[sheet]\nfile = "attendance.csv"\n\n'
        else:
            fake, server = sheets
            self.fake: FakeSheets = fake
            self.server: FakeSheetsServer = server
            self.key = fake.create_spreadsheet({TAB: [HEADER, *rows]})
            credentials = folder / "sa.json"
            credentials.write_text(json.dumps(service_account(server.token_uri)))
            credentials.chmod(0o600)
            head = (
                f'[sheet]\ngoogle = "{self.key}"\ncredentials = "sa.json"\n'
                f'api_url = "{server.url}"\n\n'
            )
        self.head = head
        self.config = folder / "wixsync.toml"
        self.config.write_text(head + tail)

    # -- the sheet ------------------------------------------------------------------------
    def grid(self) -> list[list[Any]]:
        if self.backend == "local":
            return [list(r) for r in LocalSheet(self.path).read()]
        return [list(r) for r in self.fake.values(self.key, TAB)]

    def put(self, grid: list[list[Any]]) -> None:
        """The sheet as a volunteer left it (every cell, daemon cells and Row ID included)."""
        width = max(len(r) for r in grid)
        grid = [[*r, *[""] * (width - len(r))] for r in grid]
        if self.backend == "local":
            LocalSheet(self.path).create(grid)
            return
        before = len(self.fake.values(self.key, TAB))
        human = self.fake.human(self.key, TAB)
        for r, line in enumerate(grid + [[""] * width] * max(before - len(grid), 0)):
            for c, value in enumerate(line):
                human.set_cell(cell_name(r, c), value if value != "" else None, input="RAW")

    def records(self) -> list[dict[str, Any]]:
        grid = self.grid()
        head = [re.sub(r" \(last sync .*\)$", "", str(h)) for h in grid[0]]
        return [
            dict(zip(head, [*r, *[""] * (len(head) - len(r))], strict=False))
            for r in grid[1:]
            if any(str(c).strip() for c in r)
        ]

    def row(self, name: str) -> dict[str, Any]:
        (found,) = [r for r in self.records() if r["Name"] == name]
        return found

    def summary(self) -> list[list[Any]]:
        if self.backend == "local":
            return [list(r) for r in LocalSheet(self.folder / "attendance.Summary.csv").read()]
        return [list(r) for r in self.fake.values(self.key, "Summary")]

    # -- the product ----------------------------------------------------------------------
    def cli(self, *args: str, config: Path | None = None) -> Result:
        return CliRunner().invoke(
            main,
            [*args, "--config", str(config or self.config)],
            env={"COLUMNS": "250", "WIX_API_KEY": "IST.not-a-real-key"},
        )

    def sync(self, code: int) -> str:
        result = self.cli("sync", "--once")
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())

    def bookings(self) -> dict[str, dict[str, Any]]:
        """Wix's bookings: id → (status, contact name)."""
        site = load(self.folder / "state" / "sandbox.json").site
        return {
            b["id"]: {
                "status": b["status"],
                "name": " ".join(
                    filter(None, (b["contactDetails"].get(k) for k in ("firstName", "lastName")))
                ),
            }
            for b in site.bookings.values()
        }

    def site(self) -> Any:
        return load(self.folder / "state" / "sandbox.json").site


def counts_of(output: str, rows: int) -> dict[str, int]:
    """ "3 rows: 1 synced · 2 unchanged" → {"synced": 1, "unchanged": 2}, checked to add up
    to ``rows``."""
    found = re.search(rf"\b{rows} rows?: ", output)
    assert found is not None, output
    part = re.compile(
        r"(\d+) (to sync|synced|unchanged|waits? for (?:a person|Wix))(?: \([^)]*\))?"
    )
    parts: dict[str, int] = {}
    at = found.end()
    while (match := part.match(output, at)) is not None:
        what = match[2].replace("waits ", "wait ")
        parts[what] = int(match[1])
        at = match.end()
        if not output.startswith(" · ", at) or re.match(r" · \d+ Wix call", output[at:]):
            break
        at += 3
    assert sum(parts.values()) == rows, (parts, output)
    return parts
