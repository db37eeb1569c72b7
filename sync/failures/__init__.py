"""What stops a command, in the owner's words: one line saying what is wrong, one saying what
to do, and the exit code it ends with (:mod:`sync.exit_codes`).

This is the one mapping from an error to its message: every ``wixsync`` command goes through
:func:`exits` (the CLI's group wraps each command in it), and the daemon's ``cannot sync (…)``
line and the alerts say the same words (:func:`outage`). Each case is a type (or an
error number an OS or SQLite error carries), never the text of an error:

=====================================================  ====  ==================================
error                                                  code  case
=====================================================  ====  ==================================
:class:`~sync.config.ConfigError`                      78    the config file, a missing secret
:class:`~sync.sheet.keyfile.KeyFileUnusable`           78    an OAuth client, the example, …
:class:`~sync.sandbox.seed.SeedError`                  78    a sandbox seed that is not one
``FileNotFoundError``                                  78    a file the config names is gone
:class:`~sync.files.StateUnusable`, ``UnsafeFile``     74    the state, lock or log file
``sqlite3.Error``, ``OSError`` (full disk, …)          74    the state, a log, a file written
Wix (:class:`~sync.wix.WixError`)                      69    refused key, not reached, failing
Google (sign-in, Sheets API, gspread, the network)     69    refused key, not found, not shared
:class:`~sync.lock.AlreadyRunning`                     1     another wixsync on this state
anything else (a bug)                                  1     ``-v`` shows the traceback
=====================================================  ====  ==================================

Every text is redacted (:mod:`sync.redact`) before it is shown. The words are in
:mod:`.local` (wixsync's own errors, the machine) and :mod:`.remote` (Wix, Google); this
module sits above every module whose errors it maps, and none of those imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sync import exit_codes
from sync.failures.failure import ExitWith, Failure
from sync.failures.local import local, ours
from sync.failures.remote import google, wix

if TYPE_CHECKING:
    from sync.engine.counts import Counts

__all__ = [
    "ExitWith",
    "Failure",
    "about_state",
    "config_unusable",
    "cycle_exit",
    "exits",
    "failure_of",
    "outage",
    "rows_not_reached",
]

#: the state file of the command running, when it is known (its path goes in the words)
_STATE: list[Path] = []


def about_state(path: Path | None) -> None:
    """Name the state file the command uses, for the words of a state failure."""
    _STATE[:] = [Path(path)] if path is not None else []


@contextmanager
def exits(*, verbose: Callable[[], int] = lambda: 0) -> Iterator[None]:
    """Around a command: any failure this module knows ends the program with its two lines
    and its code (click prints ``Error: …`` to standard error), never a traceback. An error
    it does not know is a bug: one line saying so, exit 1, and with ``-v`` the traceback."""
    import click

    try:
        yield
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as exc:
        failure = failure_of(exc, state=_STATE[0] if _STATE else None)
        if failure is None:
            if verbose():
                raise
            failure = Failure(
                f"Something unexpected went wrong ({type(exc).__name__}: {exc}).",
                "This is a bug in wixsync: run the command again with -v to see where, and "
                "report it with that output.",
                exit_codes.FAILED,
            )
        raise ExitWith(failure.message, failure.code) from exc


def rows_not_reached() -> Failure:
    """A cycle that ran, but every row it sent failed because of Wix or the network."""
    return Failure(
        "Wix could not be reached (or failed) for every row sent: nothing was synced; each "
        "row's Error says so.",
        "Check the machine's network and [wix] base_url; the rows are tried again by the next "
        "cycle (wixsync sync, or the daemon).",
        exit_codes.UNREACHABLE,
    )


def failure_of(exc: BaseException, *, state: Path | None = None) -> Failure | None:
    """The words and the exit code for ``exc``; None for an error that is not one of the
    known problems (a bug)."""
    for known in (ours, wix, google, local):
        found = known(exc, state)
        if found is not None:
            return found
    return None


def outage(exc: BaseException) -> str:
    """Why a whole cycle (or a phase of it) could not run, for the owner reading the log or
    an alert: once per outage. The words of :func:`failure_of`, the one mapping the commands
    use."""
    found = failure_of(exc)
    return found.line if found is not None else f"{type(exc).__name__}: {exc}"


def cycle_exit(counts: Counts) -> int:
    """The exit code of ``wixsync sync --once`` after a cycle that ran."""
    if counts.unreached:
        return exit_codes.UNREACHABLE
    if counts.to_fix:
        return exit_codes.ROWS_WAIT
    return exit_codes.OK


def config_unusable(exc: BaseException, prefix: str = "") -> ExitWith:
    """``raise config_unusable(exc, "club-a: ") from exc``: a site's config problem in
    ``wixsync run`` with several sites, named by the site (every other failure goes through
    :func:`exits`)."""
    found = failure_of(exc)
    message = found.message if found is not None else str(exc)
    return ExitWith(f"{prefix}{message}", exit_codes.CONFIG_UNUSABLE)
