"""The exit codes ``wixsync`` ends with, in one place.

Under systemd (``deploy/wixsync.service``) ``Restart=on-failure`` restarts the daemon after
any failure *except* the codes listed in ``RestartPreventExitStatus=``: those mean a person
has to change something first, and restarting every 30 seconds would only repeat the same
message. The unit's list is tested against :data:`NO_RESTART`.

=====  ==================  =================================================================
code   name                meaning
=====  ==================  =================================================================
0      ``OK``              done (or stopped by SIGTERM / Ctrl+C); after ``sync --once``:
                           every row is synced or unchanged (a plan charge Wix is still
                           settling counts as done: it updates by itself)
1      ``FAILED``          anything else: a failed check, a brake, a bug; systemd restarts it
3      ``ROWS_WAIT``       ``sync --once`` ran, and at least one row waits for a person: its
                           Error says what to fix
69     ``UNREACHABLE``     ``sync --once`` (or ``plan``) could not reach Wix or Google, or Wix
                           refused the key: the cycle stopped,
                           or rows wait for Wix and are tried again by the next cycle
                           (``EX_UNAVAILABLE``); it wins over 3
74     ``STATE_UNUSABLE``  a file wixsync keeps cannot be used: the state database is corrupt,
                           truncated, read-only or on a full disk, or the state, lock or log
                           path is a symbolic link or not a regular file (``EX_IOERR``)
78     ``CONFIG_UNUSABLE`` the configuration cannot be used: the config file is missing or
                           invalid, or a secret it names is missing (``EX_CONFIG``)
=====  ==================  =================================================================

69, 74 and 78 are the ``sysexits.h`` numbers for the same cases; all are outside the range
systemd uses for its own failures (200 and up). 3 and 69 are only ever the exit of ``wixsync
sync --once`` (for a cron job or a script), and 69 of ``wixsync plan``; ``wixsync run``
carries on through both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sync.engine.counts import Counts

OK = 0
FAILED = 1
ROWS_WAIT = 3
UNREACHABLE = 69
STATE_UNUSABLE = 74
CONFIG_UNUSABLE = 78

#: the codes systemd must not restart on (``RestartPreventExitStatus=``)
NO_RESTART = (STATE_UNUSABLE, CONFIG_UNUSABLE)


class ExitWith(click.ClickException):
    """A click error that ends the program with ``code`` (click prints ``Error: message``)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def cycle_exit(counts: Counts) -> int:
    """The exit code of ``wixsync sync --once`` after a cycle that ran."""
    if counts.unreached:
        return UNREACHABLE
    if counts.to_fix:
        return ROWS_WAIT
    return OK


def state_unusable(exc: BaseException) -> ExitWith:
    """``raise state_unusable(exc) from exc`` at the CLI's edge, for
    :class:`sync.files.StateUnusable` and :class:`sync.files.UnsafeFile`."""
    return ExitWith(str(exc), STATE_UNUSABLE)


def config_unusable(exc: BaseException, prefix: str = "") -> ExitWith:
    """``raise config_unusable(exc) from exc`` at the CLI's edge, for
    :class:`sync.config.ConfigError` in ``wixsync run``."""
    return ExitWith(f"{prefix}{exc}", CONFIG_UNUSABLE)


@contextmanager
def unusable_exits(prefix: str = "") -> Iterator[None]:
    """Around a command's body: a config that cannot be used ends the program with
    :data:`CONFIG_UNUSABLE`, a state file (or lock, or log) that cannot be used with
    :data:`STATE_UNUSABLE`, each as one ``Error: …`` line, never a traceback."""
    from sync.config import ConfigError
    from sync.files import StateUnusable, UnsafeFile

    try:
        yield
    except ConfigError as exc:
        raise config_unusable(exc, prefix) from exc
    except (StateUnusable, UnsafeFile) as exc:
        raise state_unusable(exc) from exc
