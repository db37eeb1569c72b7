"""End to end through the CLI: the demo, then cycles on its sheet against the local Wix."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sync import exit_codes
from sync.cli import main
from sync.sandbox.persist import load


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["demo"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)
    return tmp_path / "wixsync-demo"


def _when() -> str:
    """The demo's session as its Status names it ("Mon 15 Jun 06:30")."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from sync.words import session_when

    return session_when(datetime.now(ZoneInfo("America/Denver")).date(), time(6, 30))


def _sync(folder: Path, code: int = exit_codes.ROWS_WAIT) -> str:
    result = CliRunner().invoke(
        main, ["sync", "--once", "--config", str(folder / "wixsync.toml")], env={"COLUMNS": "200"}
    )
    # the demo's sheet keeps 7 rows with typing mistakes: they wait for a person (exit 3)
    assert result.exit_code == code, result.output
    return result.output


def _edit(folder: Path, name: str, column: int, value: str) -> None:
    book = load_workbook(folder / "attendance.xlsx")
    for row in book.worksheets[0].iter_rows(min_row=2):
        if row[3].value == name:
            row[column].value = value
    book.save(folder / "attendance.xlsx")


def _wix(folder: Path) -> dict:
    """Every object the local Wix holds (without its clock)."""
    dump = load(folder / "state" / "sandbox.json").site.dump()
    dump.pop("site")
    return dump


def test_demo_books_the_class_and_reports_typing_mistakes(demo: Path) -> None:
    grid = [
        [c.value for c in r] for r in load_workbook(demo / "attendance.xlsx").worksheets[0].rows
    ]
    header = grid[0]
    by_name: dict[str, dict] = {}
    for r in grid[1:]:
        by_name.setdefault(r[3], dict(zip(header, r, strict=False)))
    assert by_name["Ivan Novak"]["Status"] == f"Booked · {_when()} · paid cash · checked in"
    assert by_name["Ana Lee"]["Status"] == f"Booked · {_when()} · 10 Swim Pass, 5 left · checked in"
    assert "holds 2 plans" in by_name["Eve Martin"]["Error"]
    assert "has more than one @" in by_name["Amir Said"]["Error"]
    assert by_name["Gus Petrov"]["Status"] == f"Booked · {_when()} · paid online · checked in"
    assert by_name["Lena Berg"]["Status"] == f"Booked · {_when()} · paid by card · checked in"
    assert "Payment 'csah' is not one of" in by_name["Dora Mills"]["Error"]


def test_second_cycle_without_edits_makes_no_wix_writes(demo: Path) -> None:
    before = _wix(demo)
    output = _sync(demo)
    assert "Nothing to do" in output
    assert _wix(demo) == before


def test_unpaid_to_cash_makes_exactly_one_payment(demo: Path) -> None:
    _edit(demo, "Jade Kim", 5, "cash")
    _sync(demo)
    _sync(demo)
    site = load(demo / "state" / "sandbox.json").site
    jade = next(
        b
        for b in site.bookings.values()
        if b["contactDetails"].get("email", "").lower() == "jade.kim@example.org"
    )
    order = next(o for o, b in site.order_links.items() if b == jade["id"])
    assert site.orders[order]["paymentStatus"] == "PAID"
    assert len(site.payments[order]) == 1


def test_plan_shows_the_edit_and_sends_nothing(demo: Path) -> None:
    _edit(demo, "Amir Said", 4, "amir.said@example.org")
    before = _wix(demo)
    result = CliRunner().invoke(
        main, ["plan", "--config", str(demo / "wixsync.toml")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "sync (edited)" in result.output
    assert _wix(demo) == before


def test_status_shows_runs_version_and_schema(demo: Path) -> None:
    result = CliRunner().invoke(
        main, ["status", "--config", str(demo / "wixsync.toml")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    from sync.state.db import MIGRATIONS

    assert f"state schema {MIGRATIONS[-1][0]}" in result.output
    # the last cycle's rows, each counted once: they add up to the 29 rows of the sheet
    text = " ".join(result.output.split())
    last = re.search(r"Last cycle: 29 rows: (.*?)\.", text)
    assert last is not None, text
    assert "7 wait for a person (see Error)" in last[1]
    assert sum(int(part.split()[0]) for part in last[1].split(" · ")) == 29


def test_the_header_shows_when_the_daemon_last_synced(demo: Path) -> None:
    header = [c.value for c in next(load_workbook(demo / "attendance.xlsx").worksheets[0].rows)]
    beat = next(h for h in header if str(h).startswith("Synced at"))
    assert beat.startswith("Synced at (last sync ")
    assert beat.endswith(" · 29 rows)")


def test_the_demo_sheet_gets_the_owners_summary(demo: Path) -> None:
    book = load_workbook(demo / "attendance.xlsx")
    assert book.sheetnames[1:] == ["Summary"]
    lines = [list(r) for r in book["Summary"].iter_rows(values_only=True)]
    figures = {str(r[0]).strip(): r[1:] for r in lines if r[0]}
    assert figures["Attendees"][0] == 22
    # 15 rows pay cash (Lena pays by card: an in-person payment, but not cash)
    assert figures["Cash to collect"][0] == figures["Cash recorded"][0] == "225.00"
    assert figures["Did not show"] == [1, "Sam Whitaker"]
    assert figures["Rows to fix"][0] == 7
    assert book.worksheets[0]["D1"].value == "Name"  # the attendance stays the first sheet


def test_a_missing_api_key_variable_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "wixsync.toml"
    (tmp_path / "attendance.csv").write_text("Date,Class,Name,Email,Payment\n")
    config.write_text(
        '[sheet]\nfile = "attendance.csv"\n\n[wix]\n'
        'site_id = "0b7e5b4c-0000-4000-8000-000000000000"\n'
        'api_key_env = "WIXSYNC_NOT_SET"\ntime_zone = "America/Denver"\n'
    )
    result = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)], env={})
    assert result.exit_code == exit_codes.CONFIG_UNUSABLE, result.output
    assert "WIXSYNC_NOT_SET" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
