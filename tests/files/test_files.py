"""``sync.files``: the lock is never opened through a link, and lax modes are said with the
fix and fixed only when the owner agrees."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from sync.files import (
    LaxMode,
    SymlinkRefused,
    UnsafeFile,
    lax_modes,
    lax_modes_of,
    offer_fixes,
    open_lock,
)


def test_the_lock_file_is_created_0600_and_can_be_flocked(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        fd = open_lock(tmp_path / "state" / "state.sqlite3.lock")
    finally:
        os.umask(old)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert os.get_inheritable(fd) is False  # O_CLOEXEC: no child keeps the lock
        assert not fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK
    finally:
        os.close(fd)
    lock = tmp_path / "state" / "state.sqlite3.lock"
    assert lock.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "state").stat().st_mode & 0o777 == 0o700


def test_a_planted_symlink_at_the_lock_path_is_refused_and_its_target_kept(
    tmp_path: Path,
) -> None:
    """The daemon truncated the lock file to write its pid: through a link, that emptied
    whatever the link pointed at."""
    target = tmp_path / "important.conf"
    target.write_text("do not truncate me")
    lock = tmp_path / "state.sqlite3.lock"
    lock.symlink_to(target)
    with pytest.raises(SymlinkRefused) as caught:
        open_lock(lock)
    assert target.read_text() == "do not truncate me"
    message = str(caught.value)
    assert message.startswith(f"The lock file {lock} is a symbolic link (to {target})")
    assert f"rm {lock}" in message


def test_a_folder_at_the_lock_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3.lock").mkdir()
    with pytest.raises(UnsafeFile, match="not a regular file"):
        open_lock(tmp_path / "state.sqlite3.lock")


def _config(tmp_path: Path) -> SimpleNamespace:
    """A config's paths, every one as private as it should be (whatever the umask)."""
    state = tmp_path / "state"
    state.mkdir()
    state.chmod(0o700)
    for path in (state / "state.sqlite3", tmp_path / "wixsync.toml", tmp_path / "sa.json"):
        path.touch()
        path.chmod(0o600)
    return SimpleNamespace(
        path=tmp_path / "wixsync.toml",
        state_path=state / "state.sqlite3",
        credentials_path=tmp_path / "sa.json",
        log_path=None,
    )


def test_private_modes_give_no_warning(tmp_path: Path) -> None:
    assert lax_modes_of(_config(tmp_path)) == []


def test_an_open_state_folder_and_state_file_and_key_are_each_said_with_the_fix(
    tmp_path: Path,
) -> None:
    config = _config(tmp_path)
    config.state_path.parent.chmod(0o777)
    config.state_path.chmod(0o644)
    config.credentials_path.chmod(0o644)
    found = lax_modes_of(config)
    said = [str(lax) for lax in found]
    assert said == [
        f"The state folder {tmp_path / 'state'} is open to its group and other users "
        f"(mode 0777): run chmod 700 {tmp_path / 'state'}",
        f"The state file {config.state_path} is open to its group and other users "
        f"(mode 0644): run chmod 600 {config.state_path}",
        f"The key file {config.credentials_path} is open to its group and other users "
        f"(mode 0644): run chmod 600 {config.credentials_path}",
    ]


def test_a_config_group_writable_is_lax_even_in_the_service_group(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.path.chmod(0o660)
    (lax,) = lax_modes(secrets=[config.path])
    assert lax.wanted in (0o600, 0o640)
    assert lax.fix.startswith("chmod ")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_a_secret_owned_by_another_user_and_read_through_our_group_may_be_0640(
    tmp_path: Path,
) -> None:
    """deploy/install.sh leaves the config and the key root:wixsync 0640: the service reads
    them through its group and cannot change them, which is not lax; readable by others, it
    is. (Here the test's own group stands for wixsync's, and another user for root.)"""
    key = tmp_path / "service-account.json"
    key.touch()
    os.chown(key, 65534, os.getegid())
    key.chmod(0o640)
    assert lax_modes(secrets=[key]) == []
    key.chmod(0o644)
    (lax,) = lax_modes(secrets=[key])
    assert (lax.wanted, lax.fix) == (0o640, f"chmod 640 {key}")
    assert "open to other users (mode 0644)" in str(lax)


def test_missing_paths_are_not_warned_about(tmp_path: Path) -> None:
    assert lax_modes(state_folder=tmp_path / "nope", private=[tmp_path / "x.lock", None]) == []


def test_fixes_are_applied_only_where_the_owner_says_yes(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.state_path.parent.chmod(0o755)
    config.state_path.chmod(0o644)
    found = lax_modes_of(config)
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return "state folder" in question

    said = offer_fixes(found, confirm)
    assert len(asked) == 2
    assert all(q.endswith("Fix it now?") for q in asked)
    assert said == [
        f"fixed: {config.state_path.parent} is 0700 now",
        f"left as it is: {config.state_path} (to fix it later: chmod 600 {config.state_path})",
    ]
    assert config.state_path.parent.stat().st_mode & 0o777 == 0o700
    assert config.state_path.stat().st_mode & 0o777 == 0o644


def test_a_fix_that_cannot_be_made_says_how_to_make_it(tmp_path: Path) -> None:
    gone = LaxMode(tmp_path / "vanished.toml", "config file", 0o644, 0o600)
    (said,) = offer_fixes([gone], lambda _q: True)
    assert said.startswith(f"could not change {gone.path}")
