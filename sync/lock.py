"""One wixsync at a time per state file: an exclusive ``flock`` on ``<state>.lock``, which
holds the pid of the process that has it (``wixsync run``, ``sync``, ``archive``)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sync.files import open_lock


class AlreadyRunning(Exception):
    def __init__(self, lock: Path, holder: str) -> None:
        super().__init__(
            f"Another wixsync is already running with this state file "
            f"({lock.name} is held{' by pid ' + holder if holder else ''})."
        )


@contextmanager
def state_lock(state_path: Path) -> Iterator[None]:
    lock = state_path.with_name(state_path.name + ".lock")
    fd = open_lock(lock)  # never through a symlink someone planted
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise AlreadyRunning(lock, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
