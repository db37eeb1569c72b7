"""Issue 16: a whole season in one sheet. An idle cycle costs what changed, not the number of
rows: one read of the sheet, the journal and the row states taken from memory, no row parsed,
no pandas — and still, a row typed into, a new day, a back-off that ends and a write by
another process are each seen by the next cycle.

Through the product's path: real gspread against the fake Google Sheet, the local Wix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sync.config import load_config
from sync.demo import HEADER
from sync.engine.rowstate import RowStates
from sync.runtime import Runtime, open_runtime, settings_from_config
from sync.sandbox import Fault
from sync.state import connect
from tests.fakes.club_config import sandbox_config
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.fakes.sheets import fake_service_account_info as service_account

ROOT = Path(__file__).resolve().parents[2]
TAB = "Attendance"
ZONE = ZoneInfo("America/Denver")
PAYMENTS = ["cash", "unpaid", "cash", "card", "unpaid", "cash"]


def _rows() -> list[list[Any]]:
    today = datetime.now(ZONE)
    day = f"{today.month}/{today.day}"
    return [HEADER] + [
        [day, "06:30", "Open Water Swim", f"Swimmer {i} Lake", f"s{i}@example.org", pay, "", "x"]
        for i, pay in enumerate(PAYMENTS)
    ]


@pytest.fixture
def sheets() -> Iterator[tuple[FakeSheets, FakeSheetsServer]]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        yield fake, server


@pytest.fixture
def club(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> tuple[FakeSheets, str, Path]:
    """A class synced, then one more cycle: every row done, nothing left to write."""
    fake, server = sheets
    key = fake.create_spreadsheet({TAB: _rows()})
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account(server.token_uri)))
    credentials.chmod(0o600)
    config = sandbox_config(
        tmp_path, f'google = "{key}"\ncredentials = "sa.json"\napi_url = "{server.url}"'
    )
    with _runtime(config) as runtime:
        report = runtime.engine.run_cycle()
        assert len(report.plan.syncs) == len(PAYMENTS), report.plan.actions
        runtime.engine.run_cycle()
    return fake, key, config


@contextmanager
def _runtime(config: Path) -> Iterator[Runtime]:
    with open_runtime(settings_from_config(load_config(config))) as runtime:
        yield runtime


def _parses(runtime: Runtime) -> list[str]:
    """The rows the engine parses from now on (the real parser, counted)."""
    seen: list[str] = []
    parse = runtime.engine.parse

    def counted(cells: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["row_id"])
        return parse(cells, **kwargs)

    runtime.engine.parse = counted
    return seen


def _status(fake: FakeSheets, key: str, name: str) -> str:
    grid = fake.values(key, TAB)
    at = {h: i for i, h in enumerate(grid[0])}
    line = next(r for r in grid[1:] if r[at["Name"]] == name)
    return str(line[at["Status"]]) + " " + str(line[at["Error"]] if len(line) > at["Error"] else "")


def test_an_idle_cycle_reads_the_sheet_once_and_the_state_from_memory(
    club: tuple[FakeSheets, str, Path],
) -> None:
    fake, _key, config = club
    with _runtime(config) as runtime:
        runtime.engine.run_cycle()  # a start reads the state once
        statements: list[str] = []
        runtime.journal.db.set_trace_callback(statements.append)
        parsed = _parses(runtime)
        before = fake.counts()
        report = runtime.engine.run_cycle()
        after = fake.counts()
        runtime.journal.db.set_trace_callback(None)
    assert not report.plan.actions
    assert (after.reads - before.reads, after.writes - before.writes) == (1, 0)
    kept = re.compile(r"\b(FROM|INTO|UPDATE)\s+(rows|sheet_rows|journal)\b", re.IGNORECASE)
    assert [s for s in statements if kept.search(s)] == []
    assert parsed == []


def test_a_new_day_parses_no_row_whose_day_is_pinned(club: tuple[FakeSheets, str, Path]) -> None:
    _fake, _key, config = club
    with _runtime(config) as runtime:
        runtime.engine.run_cycle()
        parsed = _parses(runtime)
        tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
        runtime.engine.today = lambda: tomorrow
        report = runtime.engine.run_cycle()
    assert parsed == [], "each row is read as on the day it was first read"
    assert not report.plan.actions


def test_a_row_typed_into_between_idle_cycles_is_synced(club: tuple[FakeSheets, str, Path]) -> None:
    fake, key, config = club
    with _runtime(config) as runtime:
        runtime.engine.run_cycle()
        runtime.engine.run_cycle()
        fake.human(key, TAB).set_cell("F3", "cash")  # Swimmer 1 pays after all
        report = runtime.engine.run_cycle()
    assert [a.row_id for a in report.plan.syncs] == [report.rows[1].row_id]
    assert "paid cash" in _status(fake, key, "Swimmer 1 Lake")


def test_a_state_written_by_another_process_is_planned_from(
    club: tuple[FakeSheets, str, Path], tmp_path: Path
) -> None:
    fake, key, config = club
    with _runtime(config) as runtime:
        runtime.engine.run_cycle()
        first = runtime.engine.run_cycle().rows[0].row_id
        other = connect(tmp_path / "state" / "state.sqlite3")  # e.g. a second deployment
        RowStates(other).forget([first])
        other.close()
        bookings = len(runtime.sandbox.site.bookings)
        report = runtime.engine.run_cycle()
        assert [a.row_id for a in report.plan.syncs] == [first], "no memory of it: a new row"
        assert len(runtime.sandbox.site.bookings) == bookings, "its booking found, not made"
    assert "paid cash" in _status(fake, key, "Swimmer 0 Lake")


def test_a_row_in_its_back_off_is_tried_again_when_it_ends(
    club: tuple[FakeSheets, str, Path],
) -> None:
    fake, key, config = club
    with _runtime(config) as runtime:
        now = [runtime.engine.clock()]
        runtime.engine.clock = lambda: now[0]
        runtime.engine.run_cycle()
        fake.human(key, TAB).set_cell("F3", "cash")  # paid now, but Wix fails to record it
        fault = Fault("orders.mark_as_paid", "error", times=None, status=503)
        bulk = Fault("orders.bulk_mark_as_paid", "error", times=None, status=503)
        runtime.sandbox.faults.add(fault)
        runtime.sandbox.faults.add(bulk)
        fake.human(key, TAB).set_cell("H4", "no")  # and another row is edited meanwhile
        runtime.engine.run_cycle()
        assert "paid cash" not in _status(fake, key, "Swimmer 1 Lake")
        runtime.sandbox.faults.clear()
        for _ in range(2):  # the sheet unchanged, the row waiting out its back-off
            now[0] += 5
            assert not runtime.engine.run_cycle().plan.actions
        now[0] += 3600
        report = runtime.engine.run_cycle()
    assert [a.why for a in report.plan.syncs] == ["retry"]
    assert "paid cash" in _status(fake, key, "Swimmer 1 Lake")


def test_an_idle_daemon_never_imports_pandas(club: tuple[FakeSheets, str, Path]) -> None:
    _fake, _key, config = club
    script = (
        "import sys\n"
        "from sync.config import load_config\n"
        "from sync.runtime import open_runtime, settings_from_config\n"
        f"with open_runtime(settings_from_config(load_config({str(config)!r}))) as runtime:\n"
        "    for _ in range(3):\n"
        "        assert not runtime.engine.run_cycle().plan.actions\n"
        "print('pandas' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
