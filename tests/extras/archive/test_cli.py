"""``wixsync archive`` as an owner runs it from a shell, on a club synced by ``wixsync sync``
(the local Wix, a ``.csv`` sheet, the real clock): ``--dry-run`` says which rows would move
and changes nothing, even beside a running daemon; without it the rows move, once; while a
daemon holds the state file it refuses and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

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
