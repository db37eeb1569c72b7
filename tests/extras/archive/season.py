"""A few weeks of a season, synced through the whole product, on each sheet backend.

:class:`Season` is :class:`tests.proof.world.World` — ``open_runtime`` as ``wixsync run``
wires it, the Wix sandbox and (for ``google``) the real gspread against the fake Sheets API
— with the sheet as a Google Sheet, an ``.xlsx`` or a ``.csv`` file. The rows are synced
once by a real cycle on Mon 15 Jun; :meth:`Season.clone` then copies the state file and the
sheet, so each test starts from a synced season without paying for the sync again. The
archive runs three weeks later (``AFTER`` days past the sessions), with nothing else to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from sync.extras.archive import ArchiveOptions, Parts, parts_of
from sync.runtime import Runtime
from sync.sheet.base import CellWrite
from sync.sheet.localfile import LocalSheet
from tests.fakes.sheets import build_fake_sheets
from tests.fakes.sheets.a1 import cell_name
from tests.proof.world import HEADER, TAB, World, line

DAY = 86400.0
#: the archive runs this many days after the sessions (``after_days`` is 7)
LATER = 21
OPTIONS = ArchiveOptions(after_days=7, tab="Archive {year}", hour=3)
ARCHIVE = "Archive 2026"

#: name → why it stays in the attendance tab ("" = fully done: it moves)
ROWS: list[tuple[list[str], str]] = [
    (line("Ana Lee", "ana@example.org"), ""),
    (line("Ben Ortiz", "ben.o@example.org"), ""),
    (line("Owen Wu", "owen@example.org", "unpaid"), "owes money"),
    (line("Cal Diaz", "cal@example.org"), ""),
    (line("Dee Noor", "dee@example.org", attended=""), "no attendance"),
    (line("Eve Moss", "eve.m@example.org"), ""),
    (line("Fay Ruiz", "fay@example.org"), ""),
    (line("Gus Hale", "gus.h@example.org"), ""),
    (line("Hal Ames", "hal@@example.org"), "an Error"),
    (line("Ivy Park", "ivy@example.org"), ""),
    (line("Jon Bell", "jon@example.org"), ""),
    (line("Kim Roe", "kim@example.org"), ""),
    (line("Lou Tan", "lou@example.org", day="7/3"), "recent"),  # 3 days before the run
]
DONE = {r[0][3] for r in ROWS if not r[1]}


class Season(World):
    def __init__(self, folder: Path, backend: str = "google", rows: Any = None) -> None:
        super().__init__(folder, [r for r, _ in ROWS] if rows is None else rows)
        self.backend = backend
        self.path = folder / f"attendance.{backend}"
        if backend != "google":
            LocalSheet(self.path).create([HEADER, *[r for r, _ in ROWS]])

    # -- the sheet --------------------------------------------------------------------------
    def _open_sheet(self) -> Any:
        return super()._open_sheet() if self.backend == "google" else LocalSheet(self.path)

    def grid(self) -> list[list[Any]]:
        if self.backend == "google":
            return [list(r) for r in self.sheets.values(self.key, TAB)]
        return [list(r) for r in LocalSheet(self.path).read()]

    def tab(self, title: str = ARCHIVE) -> list[list[Any]]:
        """An archive tab's rows ([] when it does not exist)."""
        if self.backend == "google":
            try:
                return [list(r) for r in self.sheets.values(self.key, title)]
            except KeyError:
                return []
        if self.backend == "csv":
            path = LocalSheet(self.path).tab_path(title)
            return [list(r) for r in LocalSheet(path).read()] if path.exists() else []
        book = load_workbook(self.path, data_only=True)
        if title not in book.sheetnames:
            return []
        rows = book[title].iter_rows(values_only=True)
        return [["" if v is None else v for v in r] for r in rows]

    def edit(self, name: str, header: str, value: Any) -> None:
        """A volunteer types ``value`` into the row of ``name``, column ``header``."""
        grid = self.grid()
        row = next(i for i, r in enumerate(grid) if len(r) > 3 and r[3] == name)
        col = next(i for i, h in enumerate(grid[0]) if str(h).startswith(header))
        if self.backend == "google":
            self.human().set_cell(cell_name(row, col), value, input="RAW")
        else:
            LocalSheet(self.path).write([CellWrite(row, col, value)])

    def by_id(self, grid: list[list[Any]]) -> dict[str, dict[str, Any]]:
        """Rows of a grid by Row ID, as {header: value} (empty cells left out; the heartbeat
        note of the Synced at header left out)."""
        head = [str(h).split(" (")[0] for h in grid[0]] if grid else []
        id_col = head.index("Row ID") if "Row ID" in head else None
        found: dict[str, dict[str, Any]] = {}
        for row in grid[1:]:
            if id_col is None or id_col >= len(row) or not row[id_col]:
                continue
            cells = {h: v for h, v in zip(head, row, strict=False) if v not in ("", None)}
            assert row[id_col] not in found, f"Row ID {row[id_col]} twice"
            found[row[id_col]] = cells
        return found

    def parts(self, runtime: Runtime) -> Parts:
        parts = parts_of(runtime.parts)
        assert parts is not None
        return parts

    # -- copies -----------------------------------------------------------------------------
    def clone(self, folder: Path) -> Season:
        """The same season in ``folder``: the state file, the sheet and Wix as they are now."""
        other = Season.__new__(Season)
        other.__dict__.update(self.__dict__)
        other.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.state_path.parent, folder / "state")
        other.state_path = folder / "state" / self.state_path.name
        shutil.copy2(self.credentials, folder / self.credentials.name)
        other.credentials = folder / self.credentials.name
        other.sheet_sleeps, other.wix_sleeps = [], []
        other.path = folder / self.path.name
        if self.backend == "google":
            other.sheets = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
            other.key = other.sheets.create_spreadsheet({TAB: self.grid()})
        else:
            shutil.copy2(self.path, other.path)
        return other


def synced(folder: Path, backend: str) -> Season:
    """The season synced on Mon 15 Jun, and the clock moved on ``LATER`` days (08:00)."""
    season = Season(folder, backend)
    report = season.cycle()
    assert report.counts.synced >= len(DONE), report.counts
    season.now += LATER * DAY
    assert not season.cycle().plan.actions  # three weeks on: nothing to do
    return season
