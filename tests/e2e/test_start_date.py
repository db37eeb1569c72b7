"""The start date through the commands: rows for sessions before it are listed by ``plan``,
left alone by ``sync`` (no booking, no Wix call, nothing written, counted unchanged) until
``sync --include-older`` syncs them once — and the start date stays as it was."""

from __future__ import annotations

import csv
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from sync.cli import main
from sync.sandbox.persist import load
from tests.fakes.club_config import sandbox_config

HEADER = ["Date", "Time", "Class", "Name", "Email", "Payment", "Plan", "Attended"]


def _folder(tmp_path: Path) -> Path:
    today = datetime.now(ZoneInfo("America/Denver")).date()
    before = today - timedelta(days=2)
    ows = ["06:30", "Open Water Swim"]
    rows = [
        HEADER,
        [f"{before:%-m/%-d}", *ows, "Ana Lee", "ana.lee@example.org", "cash"],
        [f"{today:%-m/%-d}", *ows, "Hana Sato", "hana.sato@example.org", "cash"],
        [f"{before:%-m/%-d}", *ows, "Old Typo", "old@@example.org", "cash"],
    ]
    with (tmp_path / "attendance.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    sandbox_config(
        tmp_path,
        f'file = "attendance.csv"\nstart_date = {today.isoformat()}',
        extra="[summary]\nenabled = false\n",
    )
    return tmp_path


def _run(folder: Path, *args: str) -> tuple[int, str]:
    config = ["--config", str(folder / "wixsync.toml")]
    result = CliRunner().invoke(main, [*args, *config], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _grid(folder: Path) -> list[dict[str, str]]:
    with (folder / "attendance.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _booked(folder: Path) -> set[str]:
    site = load(folder / "state" / "sandbox.json").site
    return {b["contactDetails"].get("email", "") for b in site.bookings.values()}


def test_rows_before_the_start_date_wait_for_include_older(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    today = datetime.now(ZoneInfo("America/Denver")).date()
    code, said = _run(folder, "plan")
    assert code == 0, said
    assert (
        f"Left alone: 2 rows before the start date {today:%a} {today.day} {today:%b} (rows 2, 4); "
        "run `wixsync sync --once --include-older` to sync them." in " ".join(said.split())
    )
    assert "Hana Sato" in said
    assert "Ana Lee" not in said

    code, said = _run(folder, "plan", "--include-older")
    assert code == 0, said
    assert "Ana Lee" in said
    assert "Left alone" not in said

    code, said = _run(folder, "sync", "--once")
    assert code == 0, said  # nobody has anything to fix: the old rows count as unchanged
    assert "3 rows: 1 synced · 2 unchanged" in said
    rows = _grid(folder)
    assert rows[1]["Booking ID"]
    assert not rows[0].get("Booking ID")
    assert not rows[2].get("Error"), "an old row's typing mistake is not written over"
    assert "ana.lee@example.org" not in _booked(folder)

    code, said = _run(folder, "sync", "--once", "--include-older")
    assert code == 3, said  # the old row with a typing mistake now waits for a person
    rows = _grid(folder)
    assert rows[0]["Booking ID"]
    assert "more than one @" in rows[2]["Error"]
    assert "ana.lee@example.org" in _booked(folder)
    config = tomllib.loads((folder / "wixsync.toml").read_text(encoding="utf-8"))
    assert config["sheet"]["start_date"] == today, "--include-older does not move it"

    # synced once, the old rows are rows like any other: an idle cycle leaves them be
    code, said = _run(folder, "sync", "--once")
    assert "Left alone" not in said
