"""``wixsync archive`` as an owner runs it from a shell, on a club synced by ``wixsync sync``
(the local Wix, a ``.csv`` sheet, the real clock): ``--dry-run`` says which rows would move
and changes nothing, even beside a running daemon; without it the rows move, once; while a
daemon holds the state file it refuses and changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sync.daemon import state_lock
from sync.sheet.localfile import LocalSheet
from tests.identity.club import Club, person, today

ARCHIVE_TAB = f"Archive {(today() - timedelta(days=2)).year}"


def club(tmp_path: Path) -> Club:
    past = today() - timedelta(days=2)  # a session the local Wix still has
    day = f"{past.month}/{past.day}"
    rows = [
        person("Ana Lee", "ana@example.org", day=day),
        person("Ben Ortiz", "ben@example.org", "unpaid", day=day),
        person("Cara Nguyen", "cara@example.org", day=day),
    ]
    club = Club(tmp_path, "local", rows)
    club.sync(0)
    club.config.write_text(club.config.read_text() + "\n[archive]\nafter_days = 1\n")
    return club


def _json(owner: Club, *args: str) -> Any:
    result = owner.cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("attendance*")}


def test_a_dry_run_then_the_move_by_hand(tmp_path: Path) -> None:
    owner = club(tmp_path)
    before = files(tmp_path)
    with state_lock(tmp_path / "state" / "state.sqlite3"):  # the daemon is running
        dry = owner.cli("archive", "--dry-run")
        refused = owner.cli("archive")
    assert dry.exit_code == 0, dry.output
    assert f"Would move 2 rows to {ARCHIVE_TAB}: rows 2, 4." in dry.output
    assert "owes money: row 3" in dry.output
    assert all(len(line) <= 80 for line in dry.output.splitlines())
    assert refused.exit_code != 0
    assert "already running" in refused.output
    assert files(tmp_path) == before  # neither changed anything
    moved = owner.cli("archive")
    assert moved.exit_code == 0, moved.output
    assert f"Moved 2 rows to {ARCHIVE_TAB} (it holds 2 rows now): rows 2, 4." in moved.output
    assert [r["Name"] for r in owner.records()] == ["Ben Ortiz"]
    tab = LocalSheet(tmp_path / f"attendance.{ARCHIVE_TAB}.csv").read()
    assert [r[3] for r in tab[1:]] == ["Ana Lee", "Cara Nguyen"]
    again = owner.cli("archive")
    assert "Moved no row." in again.output
    status = owner.cli("status")
    assert status.exit_code == 0
    assert f"Archived: 2 rows in {ARCHIVE_TAB} (its rows 2–3)" in status.output


def test_status_finds_a_row_in_the_attendance_tab_an_archive_tab_or_deleted(
    tmp_path: Path,
) -> None:
    """The archived rows stay findable by ``status``: by a part of the name or email, a Row
    ID, a Booking ID; so is a row still in the attendance tab, and one a person deleted."""
    owner = club(tmp_path)
    assert owner.cli("archive").exit_code == 0
    ana = owner.cli("status", "--find", "ANA@example")  # any case, a part
    assert ana.exit_code == 0, ana.output
    assert "Rows matching 'ANA@example' (1):" in ana.output
    assert f"{ARCHIVE_TAB}, row 2" in ana.output
    assert "Ana Lee" in ana.output
    ben = owner.cli("status", "--find", "ben ortiz")
    assert "attendance tab, row 2" in ben.output, ben.output
    found = _json(owner, "status", "--find", "cara")["found"]
    assert [(f["where"], f["tab"], f["row"], f["name"]) for f in found] == [
        ("archive", ARCHIVE_TAB, 3, "Cara Nguyen")
    ]
    by_booking = _json(owner, "status", "--find", found[0]["booking_id"])["found"]
    assert [f["row_id"] for f in by_booking] == [found[0]["row_id"]]
    owner.put(owner.grid()[:1])  # Ben's row deleted by a person
    owner.sync(0)
    gone = _json(owner, "status", "--find", "ben@example.org")["found"]
    assert [(f["where"], f["row"]) for f in gone] == [("gone", None)], gone
    assert "deleted from the sheet" in owner.cli("status", "--find", "ben").output
    none = owner.cli("status", "--find", "nobody at all")
    assert none.exit_code == 0
    assert "No row matches 'nobody at all'" in none.output
    tabs = _json(owner, "status")["archived"]
    assert [(t["tab"], t["rows"], t["first_row"], t["last_row"]) for t in tabs] == [
        (ARCHIVE_TAB, 2, 2, 3)
    ]
