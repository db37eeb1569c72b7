"""The log file stays 0600 across rotation, and a symbolic link at its path is refused."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.files import SymlinkRefused, UnsafeFile
from sync.logs import PrivateRotatingFileHandler, setup_logging


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The umask that made the standard handler's rotated log 0644 (and worse)."""
    old = os.umask(0o000)
    yield
    os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_every_log_file_is_0600_after_rotations(tmp_path: Path) -> None:
    path = tmp_path / "wixsync.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=200, backupCount=3, encoding="utf-8")
    logger = logging.Logger("wixsync.rotation-test")
    logger.addHandler(handler)
    for i in range(40):
        logger.warning("line %d %s", i, "x" * 40)
    handler.close()
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [
        "wixsync.log",
        "wixsync.log.1",
        "wixsync.log.2",
        "wixsync.log.3",
    ]
    assert {f.name: f.stat().st_mode & 0o777 for f in files} == {f.name: 0o600 for f in files}


@pytest.mark.usefixtures("restore_logging")
def test_a_symlinked_log_is_refused_and_its_target_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "passwd-copy"
    target.write_text("root:x:0:0\n")
    link = tmp_path / "wixsync.log"
    link.symlink_to(target)
    with pytest.raises(SymlinkRefused) as caught:
        setup_logging(link)
    assert f"rm {link}" in str(caught.value)
    assert "symbolic link" in str(caught.value)
    assert target.read_text() == "root:x:0:0\n"


@pytest.mark.usefixtures("restore_logging")
def test_a_fifo_at_the_log_path_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "wixsync.log"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeFile, match="not a regular file"):
        setup_logging(fifo)


@pytest.mark.usefixtures("restore_logging", "open_umask")
def test_setup_logging_creates_the_file_0600_in_a_0700_folder(tmp_path: Path) -> None:
    setup_logging(tmp_path / "logs" / "wixsync.log")
    logging.getLogger("wixsync.test").info("hello")
    assert (tmp_path / "logs").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "logs" / "wixsync.log").stat().st_mode & 0o777 == 0o600
    assert "hello" in (tmp_path / "logs" / "wixsync.log").read_text()
