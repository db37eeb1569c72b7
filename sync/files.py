"""The files wixsync writes (the state database, its lock, the log), opened safely, and the
modes of the files it reads.

* **No links followed.** A file wixsync writes is opened with ``O_NOFOLLOW``: a symbolic
  link planted at the lock, state or log path would otherwise make it truncate or append to
  whatever the link points at. Such a link, or a path that is not a regular file (a FIFO, a
  folder), is refused with :class:`UnsafeFile`, whose text says what to do. Every file is
  also opened ``O_CLOEXEC`` (no child process inherits it) and ``O_NONBLOCK`` (a FIFO at the
  path cannot hang the open; the flag is cleared again once the file is known to be regular).
* **Created private.** A file is created 0600 and a folder 0700 (a umask only narrows).
* **Lax modes are said, with the fix.** :func:`lax_modes` lists a state folder more open
  than 0700, a state, lock or log file more open than 0600, and a config, key or environment
  file that others can read (or that anyone but its owner can write); :func:`offer_fixes`
  asks before it changes any of them.

What is *not* covered: a link in a folder *above* the file (``O_NOFOLLOW`` checks the last
part of the path only; the state folder is 0700, so nobody else can plant one there), and
SQLite's own ``-wal``/``-shm`` files, which SQLite opens itself beside the database.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shlex
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Protocol

from sync.exit_codes import STATE_UNUSABLE

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SHARED_SECRET = 0o640  # root:wixsync, as deploy/install.sh leaves the config and the key


class UnsafeFile(Exception):
    """A file wixsync writes cannot be used safely: ``path`` is a link or not a file."""

    exit_code = STATE_UNUSABLE

    def __init__(self, path: Path, role: str, problem: str, fix: str) -> None:
        self.path, self.role, self.problem, self.fix = path, role, problem, fix
        super().__init__(f"The {role} {path} {problem}. {fix}")


class SymlinkRefused(UnsafeFile):
    """The path is a symbolic link: wixsync never writes through one."""

    def __init__(self, path: Path, role: str) -> None:
        try:
            target = f" (to {os.readlink(path)})"
        except OSError:
            target = ""
        super().__init__(
            path,
            role,
            f"is a symbolic link{target}; wixsync does not write through links, since a "
            "planted one would make it overwrite another file",
            f"Remove the link (rm {shlex.quote(str(path))}), or set the real path in the "
            "config, then start wixsync again.",
        )


def open_nofollow(path: Path, flags: int, *, role: str, mode: int = PRIVATE_FILE) -> int:
    """``os.open`` that refuses a symbolic link and anything but a regular file; a file it
    creates gets ``mode`` (0600 unless told; a umask can only narrow it). An existing file
    keeps its mode (:func:`lax_modes` says if it is too open). Returns the descriptor."""
    path = Path(path)
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, mode)
    except OSError:
        if path.is_symlink():
            raise SymlinkRefused(path, role) from None
        if path.exists() and not path.is_file():  # a FIFO with no reader: ENXIO
            raise _not_a_file(path, role) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_a_file(path, role)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_a_file(path: Path, role: str) -> UnsafeFile:
    return UnsafeFile(
        path,
        role,
        "is not a regular file",
        f"Move it away (mv {shlex.quote(str(path))} …), then start wixsync again.",
    )


def private_folder(path: Path) -> None:
    """Create ``path`` (and its parents) 0700 when missing; an existing folder is left as it
    is (:func:`lax_modes` says if it is too open)."""
    Path(path).mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)


def open_lock(path: Path) -> int:
    """The lock file beside the state (``<state>.lock``), opened read-write and created 0600,
    never through a link: ``sync.lock.state_lock`` takes an ``flock`` on it."""
    path = Path(path)
    private_folder(path.parent)
    return open_nofollow(path, os.O_RDWR | os.O_CREAT, role="lock file")


def open_log(path: Path, *, encoding: str = "utf-8", errors: str | None = None) -> IO[str]:
    """The log file, opened for appending and created 0600, never through a link."""
    path = Path(path)
    fd = open_nofollow(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, role="log file")
    return os.fdopen(fd, "a", encoding=encoding, errors=errors)


def touch_state(path: Path) -> None:
    """Create the state database 0600 (and its folder 0700) if missing, never through a link;
    an existing one must be a regular file wixsync can read and write."""
    path = Path(path)
    private_folder(path.parent)
    os.close(open_nofollow(path, os.O_RDWR | os.O_CREAT, role="state file"))


# -- the state database cannot be used -------------------------------------------------------
class Unusable(StrEnum):
    CORRUPT = "corrupt"
    READ_ONLY = "read-only"
    DISK_FULL = "disk full"
    IO = "I/O error"
    UNSAFE = "unsafe path"
    CANNOT_OPEN = "cannot open"


class StateUnusable(Exception):
    """The state database cannot be used at start: one plain sentence with the fix, never
    SQLite's traceback. ``wixsync`` ends with :data:`sync.exit_codes.STATE_UNUSABLE`, which
    systemd does not restart on."""

    exit_code = STATE_UNUSABLE

    def __init__(self, path: Path, reason: Unusable, detail: str = "") -> None:
        self.path, self.reason, self.detail = Path(path), reason, detail
        super().__init__(state_unusable_said(self.path, reason, detail))


def state_unusable_said(path: Path, reason: Unusable, detail: str = "") -> str:
    """The owner's sentence for each reason: what is wrong, and what to do next."""
    return " ".join(part for part in state_unusable_parts(path, reason, detail) if part)


def state_unusable_parts(path: Path, reason: Unusable, detail: str = "") -> tuple[str, str]:
    """What is wrong, and what to do (:mod:`sync.failures` prints them on two lines)."""
    quoted = shlex.quote(str(path))
    said = f" ({detail})" if detail else ""
    match reason:
        case Unusable.CORRUPT:
            return (
                f"The state file {path} is damaged or is not a wixsync state file{said}.",
                f"Stop wixsync, move it aside (mv {quoted} {quoted}.broken), restore it from "
                "a backup if you have one, then start wixsync again; without a backup, a new "
                "state file is made and rows already synced must be checked by hand in Wix.",
            )
        case Unusable.READ_ONLY:
            return (
                f"The state file {path} cannot be written{said}.",
                f"Give it back to the user wixsync runs as (sudo chown wixsync: {quoted} && "
                f"sudo chmod 600 {quoted}), or remount its disk read-write, then start "
                "wixsync again.",
            )
        case Unusable.DISK_FULL:
            return (
                f"The disk holding the state file {path} is full{said}.",
                f"Free some space (df -h {shlex.quote(str(path.parent))}), then start "
                "wixsync again.",
            )
        case Unusable.IO:
            return (
                f"The disk holding the state file {path} failed to read or write it{said}.",
                "Check the disk (sudo dmesg | tail; df -h), then start wixsync again.",
            )
        case Unusable.UNSAFE:
            return detail, ""  # UnsafeFile's own sentence, which already says what to do
        case _:
            return (
                f"The state file {path} cannot be opened{said}.",
                "Check that its folder exists and belongs to the user wixsync runs as, then "
                "start wixsync again.",
            )


def state_reason(exc: BaseException, folder: Path | None = None) -> Unusable:
    """Which :class:`Unusable` an error from opening or migrating the state is. An I/O error
    on a disk with (almost) no space left is a full disk: SQLite says "disk I/O error" when
    a write is cut short for a reason it does not know as "full"."""
    if isinstance(exc, UnsafeFile):
        return Unusable.UNSAFE
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return Unusable.DISK_FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return Unusable.READ_ONLY
        return Unusable.CANNOT_OPEN
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return Unusable.DISK_FULL
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return Unusable.READ_ONLY
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return Unusable.DISK_FULL if folder is not None and _nearly_full(folder) else Unusable.IO
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED")):
        return Unusable.CANNOT_OPEN
    # SQLITE_CORRUPT, SQLITE_NOTADB ("file is not a database"), a failed quick_check
    return Unusable.CORRUPT


def _nearly_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 1_000_000 or info.f_favail == 0


# -- modes of the files wixsync keeps and reads ----------------------------------------------
@dataclass(frozen=True)
class LaxMode:
    """``path`` (a ``role``) has ``mode``; it should have at most ``wanted``."""

    path: Path
    role: str
    mode: int
    wanted: int

    @property
    def fix(self) -> str:
        return f"chmod {self.wanted:o} {shlex.quote(str(self.path))}"

    def __str__(self) -> str:
        extra = self.mode & ~self.wanted & 0o777
        who = [w for w, bits in (("its group", 0o070), ("other users", 0o007)) if extra & bits]
        return (
            f"The {self.role} {self.path} is open to {' and '.join(who) or 'more than its owner'} "
            f"(mode {self.mode:04o}): run {self.fix}"
        )


def _lax(path: Path | None, role: str, wanted: Callable[[os.stat_result], int]) -> LaxMode | None:
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None  # missing: the code that opens it says so
    mode = stat.S_IMODE(info.st_mode)
    want = wanted(info)
    return LaxMode(Path(path), role, mode, want) if mode & ~want & 0o777 else None


def _secret_mode(info: os.stat_result) -> int:
    """0640 for the install script's layout (owned by someone else, root, and readable by the
    service's own group); 0600 otherwise. Nobody but the owner may ever write it."""
    shared = info.st_uid != os.geteuid() and info.st_gid == os.getegid()
    return SHARED_SECRET if shared else PRIVATE_FILE


def lax_modes(
    *,
    state_folder: Path | None = None,
    private: Iterable[Path | None] = (),
    secrets: Iterable[Path | None] = (),
) -> list[LaxMode]:
    """Every path given that is more open than it should be: the state folder (0700), the
    files wixsync keeps (``private``: state, lock, log; 0600), the files holding secrets
    (``secrets``: config, service-account key, environment file; 0600, or 0640 when owned
    by root and readable by the service's group, as ``deploy/install.sh`` leaves them)."""
    found = [_lax(state_folder, "state folder", lambda _i: PRIVATE_FOLDER)]
    found += [_lax(p, _role(p, "file wixsync keeps"), lambda _i: PRIVATE_FILE) for p in private]
    found += [_lax(p, _role(p, "file holding a secret"), _secret_mode) for p in secrets]
    return [lax for lax in found if lax is not None]


def _role(path: Path | None, default: str) -> str:
    name = Path(path or "").name
    for ending, role in (
        (".lock", "lock file"),
        (".log", "log file"),
        (".sqlite3", "state file"),
        (".toml", "config file"),
        (".json", "key file"),
        (".env", "environment file"),
    ):
        if name.endswith(ending):
            return role
    return default


class _Paths(Protocol):
    path: Path
    state_path: Path
    credentials_path: Path | None
    log_path: Path | None


def lax_modes_of(config: _Paths) -> list[LaxMode]:
    """:func:`lax_modes` for a loaded :class:`sync.config.Config`."""
    state = Path(config.state_path)
    return lax_modes(
        state_folder=state.parent,
        private=[state, state.with_name(state.name + ".lock"), config.log_path],
        secrets=[config.path, config.credentials_path],
    )


def offer_fixes(found: Iterable[LaxMode], confirm: Callable[[str], bool]) -> list[str]:
    """Ask ``confirm`` (``click.confirm`` in a terminal) about each lax mode, and ``chmod``
    the ones agreed to. Returns one line per path: fixed, left, or why it could not be."""
    said = []
    for lax in found:
        if not confirm(f"{lax}. Fix it now?"):
            said.append(f"left as it is: {lax.path} (to fix it later: {lax.fix})")
            continue
        try:
            os.chmod(lax.path, lax.wanted)
        except OSError as exc:
            said.append(
                f"could not change {lax.path} ({exc.strerror}): run sudo {lax.fix}"
                if exc.errno in (errno.EPERM, errno.EACCES)
                else f"could not change {lax.path} ({exc.strerror})"
            )
        else:
            said.append(f"fixed: {lax.path} is {lax.wanted:04o} now")
    return said
