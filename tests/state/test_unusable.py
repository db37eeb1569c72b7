"""A state file that cannot be used is one plain message with a fix, never SQLite's
traceback: damaged, truncated, not a database, read-only, on a full disk, or a link."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from sync import exit_codes
from sync.files import StateUnusable, Unusable
from sync.state import connect
from sync.state import db as state_db


def _state_with_rows(path: Path) -> None:
    db = connect(path)
    db.executemany(
        "INSERT INTO settings VALUES (?, ?)", [(f"k{i}", "x" * 2000) for i in range(100)]
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


def _refused(path: Path) -> StateUnusable:
    with pytest.raises(StateUnusable) as caught:
        connect(path)
    err = caught.value
    assert err.exit_code == exit_codes.STATE_UNUSABLE
    assert "Traceback" not in str(err)
    assert "then start wixsync again" in str(err)
    return err


def test_a_new_state_file_is_created_0600_in_a_0700_folder(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        connect(tmp_path / "state" / "state.sqlite3").close()
    finally:
        os.umask(old)
    assert (tmp_path / "state").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "state" / "state.sqlite3").stat().st_mode & 0o777 == 0o600


def test_a_truncated_state_file_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    _state_with_rows(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = _refused(path)
    assert err.reason is Unusable.CORRUPT
    assert f"mv {path} {path}.broken" in str(err)


def test_a_file_that_is_not_a_database_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database, just text someone saved here\n" * 100)
    assert _refused(path).reason is Unusable.CORRUPT


def test_a_state_file_with_a_damaged_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    _state_with_rows(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xff" * page  # one b-tree page overwritten
    path.write_bytes(bytes(data))
    assert _refused(path).reason is Unusable.CORRUPT


def test_a_symlink_at_the_state_path_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    path = tmp_path / "state.sqlite3"
    path.symlink_to(target)
    err = _refused(path)
    assert err.reason is Unusable.UNSAFE
    assert "symbolic link" in str(err)
    assert f"rm {path}" in str(err)
    assert target.read_text() == "keep me"
    assert not Path(f"{path}-wal").exists()


def test_a_dangling_symlink_at_the_state_path_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.symlink_to(tmp_path / "elsewhere.sqlite3")
    assert _refused(path).reason is Unusable.UNSAFE
    assert not (tmp_path / "elsewhere.sqlite3").exists()


def test_a_fifo_at_the_state_path_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    os.mkfifo(path)
    err = _refused(path)
    assert err.reason is Unusable.UNSAFE
    assert "not a regular file" in str(err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a 0400 file")
def test_a_read_only_state_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    connect(path).close()
    path.chmod(0o400)
    err = _refused(path)
    assert err.reason is Unusable.READ_ONLY
    assert "chown wixsync" in str(err)


def test_a_state_file_the_os_will_not_open_for_writing_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the test above cannot run: the OS's refusal is the same error, made here."""

    def refuse(_path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(state_db, "touch_state", refuse)
    assert _refused(tmp_path / "state.sqlite3").reason is Unusable.READ_ONLY


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (sqlite3.OperationalError("database or disk is full"), Unusable.DISK_FULL),
        (OSError(28, "No space left on device"), Unusable.DISK_FULL),
        (sqlite3.OperationalError("attempt to write a readonly database"), Unusable.READ_ONLY),
        (OSError(30, "Read-only file system"), Unusable.READ_ONLY),
        (sqlite3.DatabaseError("database disk image is malformed"), Unusable.CORRUPT),
        (sqlite3.OperationalError("disk I/O error"), Unusable.IO),
    ],
    ids=["sqlite-full", "enospc", "sqlite-readonly", "erofs", "malformed", "io-error"],
)
def test_each_failure_at_start_is_one_state_unusable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, reason: Unusable
) -> None:
    """A full disk (or a read-only mount) at start, as SQLite or the OS reports it while the
    state is migrated: one message, the fix, the state-unusable exit code."""

    def fail(_db: sqlite3.Connection) -> list[str]:
        raise error

    monkeypatch.setattr(state_db, "migrate", fail)
    err = _refused(tmp_path / "state.sqlite3")
    assert err.reason is reason
    assert err.__cause__ is error
    if reason is Unusable.DISK_FULL:
        assert "Free some space" in str(err)


def test_a_good_state_file_still_opens_and_keeps_what_it_held(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    _state_with_rows(path)
    db = connect(path)
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 100
    db.close()


def test_a_path_with_uri_characters_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "club #1 ?a=b%20" / "state.sqlite3"
    connect(path).close()
    assert path.is_file()
