"""The words for wixsync's own errors (the config, the key file, the state and lock files,
the sandbox's seed and address) and the machine's (the state database, files, the disk)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sync import exit_codes
from sync.failures.failure import Failure


# -- wixsync's own errors ------------------------------------------------------------------------
def ours(exc: BaseException, _state: Path | None) -> Failure | None:
    from sync.config import ConfigError
    from sync.files import StateUnusable, UnsafeFile, state_unusable_parts
    from sync.sheet.keyfile import KeyFileUnusable

    if isinstance(exc, ConfigError):
        todo = exc.fix or (
            "Fix what it names in the config file (wixsync.example.toml explains every key), "
            "then run the command again."
        )
        return Failure(str(exc), todo, exit_codes.CONFIG_UNUSABLE)
    if isinstance(exc, KeyFileUnusable):
        return _key_file(exc)
    if isinstance(exc, StateUnusable):
        what, todo = state_unusable_parts(exc.path, exc.reason, exc.detail)
        return Failure(what, todo, exit_codes.STATE_UNUSABLE)
    if isinstance(exc, UnsafeFile):
        what = f"The {exc.role} {exc.path} {exc.problem}."
        return Failure(what, exc.fix, exit_codes.STATE_UNUSABLE)
    from sync.lock import AlreadyRunning
    from sync.sandbox.seed import SeedError

    if isinstance(exc, AlreadyRunning):
        return Failure(
            str(exc),
            "Stop the other one first (sudo systemctl stop wixsync), or wait until it has "
            "finished: one wixsync at a time per state file.",
            exit_codes.FAILED,
        )
    from sync.sandbox.transport import NotLoopback

    if isinstance(exc, NotLoopback):
        return Failure(
            f"{str(exc)[:1].upper()}{str(exc)[1:]}.",
            "The sandbox and the fake Sheets API are for this machine only: give 127.0.0.1, "
            "::1 or localhost.",
            exit_codes.CONFIG_UNUSABLE,
        )
    if isinstance(exc, SeedError):
        return Failure(
            f"The seed {exc.path} is not a sandbox seed: {exc.detail}.",
            "Start from a copy of the built-in seed, sync/sandbox/default_seed.json (README: "
            '"The default seed"), or leave out --seed.',
            exit_codes.CONFIG_UNUSABLE,
        )
    return None


def _key_file(exc: object) -> Failure:
    from sync.sheet.keyfile import KeyProblem

    path, problem, detail = exc.path, exc.problem, exc.detail  # type: ignore[attr-defined]
    make = (
        "In the Google Cloud console open IAM & Admin → Service accounts → your account → "
        'Keys → Add key → Create new key → JSON (README: "Setup for real use", step 1), and '
        "point [sheet] credentials (or --credentials) at the file it downloads."
    )
    code = exit_codes.CONFIG_UNUSABLE
    match problem:
        case KeyProblem.MISSING:
            return Failure(
                f"The key file {path} does not exist.",
                "Check the path in [sheet] credentials (or --credentials); a relative path "
                "starts from the config file's folder.",
                code,
            )
        case KeyProblem.UNREADABLE:
            return Failure(
                f"The key file {path} cannot be read ({detail}).",
                f"Check that the user running wixsync may read it (ls -l {path}).",
                code,
            )
        case KeyProblem.NOT_JSON:
            return Failure(
                f"The key file {path} is not a JSON key file.",
                "Download the service account's key as JSON (not P12). " + make,
                code,
            )
        case KeyProblem.OAUTH_CLIENT:
            return Failure(
                f"The key file {path} is an OAuth client ID file, not a service account's key.",
                make,
                code,
            )
        case KeyProblem.EXAMPLE:
            return Failure(
                f"The key file {path} is the example file (credentials.example.json): its key "
                "is not real.",
                make,
                code,
            )
        case KeyProblem.NOT_SERVICE_ACCOUNT:
            return Failure(
                f"The key file {path} is not a service account's key ({detail}).",
                make,
                code,
            )
    return Failure(
        f"The key file {path} holds no usable private key ({detail}): it may be cut short or "
        "edited.",
        "Download the key again. " + make,
        code,
    )


# -- the machine: the state database, files, the disk ---------------------------------------------
def local(exc: BaseException, state: Path | None) -> Failure | None:
    import zipfile

    from sync.files import Unusable, state_reason, state_unusable_parts

    broken = exit_codes.STATE_UNUSABLE
    if isinstance(exc, sqlite3.Error):
        reason = state_reason(exc, state.parent if state is not None else None)
        if state is not None:
            what, todo = state_unusable_parts(state, reason, str(exc))
            return Failure(what, todo, broken)
        if reason is Unusable.DISK_FULL:
            return Failure(
                "The state file cannot be written: the disk is full.",
                "Free some space (df -h); nothing synced is lost.",
                broken,
            )
        return Failure(
            f"The state file cannot be used ({exc}).",
            "Check [daemon] state and that the user running wixsync owns its folder.",
            broken,
        )
    if isinstance(exc, zipfile.BadZipFile):
        return Failure(
            "The sheet file is not a readable .xlsx workbook (damaged, or still being saved).",
            "Open it in a spreadsheet program, save it again as .xlsx, then run the command again.",
            exit_codes.CONFIG_UNUSABLE,
        )
    if not isinstance(exc, OSError):
        return None
    name = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Failure(
            f"A file cannot be written: the disk is full{name}.",
            "Free some space (df -h); nothing synced is lost.",
            broken,
        )
    if isinstance(exc, FileNotFoundError):
        return Failure(
            f"No such file{name}.",
            "Check the path (in the config file, a relative path starts from its folder).",
            exit_codes.CONFIG_UNUSABLE,
        )
    if isinstance(exc, PermissionError):
        return Failure(
            f"Permission denied{name}.",
            "Check that the user running wixsync owns the file and its folder.",
            broken,
        )
    return Failure(
        f"{exc.strerror or type(exc).__name__}{name}.",
        "Check the file and its disk (df -h, sudo dmesg).",
        broken,
    )
