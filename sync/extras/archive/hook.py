"""The daemon's archive (``[archive] enabled = true``): once a day, at the end of an idle
cycle, from ``hour`` o'clock (site time) on.

* **Idle cycle**: the cycle planned nothing and wrote everything it had to — no write-back
  is pending whose rows a delete could move. A cycle that synced rows, was braked, or left
  a row unplaced is not idle.
* **Once a day**: the local day of the last finished run is kept in the state database
  (``archive.last_day``), so a restart does not run it twice.
* **A move left unfinished** (a crash, Google not answering) is finished at the next idle
  cycle, whatever the hour. After a failure the archive waits ``RETRY_SECONDS`` before it
  tries again; the sync of the rows is never affected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests
from gspread.exceptions import GSpreadException

from sync.engine.cycle import CycleHook, CycleReport
from sync.extras.archive import store
from sync.extras.archive.backends import tabs_for
from sync.extras.archive.move import ArchiveOptions, Archiver, ArchiveStopped, Parts
from sync.extras.seam import HookParts
from sync.sheet.lease import LeaseHeld
from sync.sheet.session import Snapshot

log = logging.getLogger("wixsync.archive")
LAST_DAY = "archive.last_day"
RETRY_SECONDS = 900.0
#: what stops an archive run but may pass (the move resumes at the next try)
PASSING = (
    GSpreadException,
    requests.exceptions.RequestException,
    OSError,
    LeaseHeld,
    ArchiveStopped,
)


class ArchiveHook:
    def __init__(self, parts: Parts, options: ArchiveOptions, time_zone: str, clock: Any) -> None:
        self.parts, self.options = parts, options
        self.zone = ZoneInfo(time_zone)
        self.clock: Callable[[], float] = clock
        self._retry_at = 0.0

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        return None

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        if report.plan.actions or report.brake or report.skipped_rows:
            return  # not idle: results were written (or wait to be) by row number
        now = self.clock()
        if now < self._retry_at or not self.due(now):
            return
        self._retry_at = now + RETRY_SECONDS  # until this run finishes
        try:
            summary = Archiver(self.parts, self.options).run()
        except PASSING as exc:
            log.warning("archive stopped (%s); it carries on at a later idle cycle", exc)
            return
        day = datetime.fromtimestamp(now, UTC).astimezone(self.zone).date().isoformat()
        self.parts.journal.set_setting(LAST_DAY, day)
        self._retry_at = 0.0
        if summary.archived or summary.resumed:
            log.info(
                "archive: %d rows moved (%s); the attendance tab holds %d rows",
                summary.archived,
                ", ".join(f"{len(v)} to {t}" for t, v in sorted(summary.moved.items())),
                summary.live_rows,
            )

    def due(self, now: float) -> bool:
        """A move is unfinished, or today's run has not been made and it is ``hour`` o'clock
        or later."""
        if store.pending(self.parts.db) is not None:
            return True
        local = datetime.fromtimestamp(now, UTC).astimezone(self.zone)
        if local.hour < self.options.hour:
            return False
        return self.parts.journal.setting(LAST_DAY) != local.date().isoformat()


def parts_of(hooks: HookParts) -> Parts | None:
    """The archive's parts from a ready runtime's; None when its sheet has no archive
    operations."""
    tabs = tabs_for(hooks.session.backend)
    if tabs is None:
        return None
    return Parts(
        tabs,
        hooks.db,
        hooks.states,
        hooks.journal,
        hooks.today,
        hooks.session.columns,
        hooks.hold,
    )


class _Off:
    """The hook for a sheet with no archive operations: does nothing."""

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        return None

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        return None


def archive_factory(options: ArchiveOptions, time_zone: str) -> Callable[[HookParts], CycleHook]:
    """For ``Settings.hooks``: makes the hook from the ready runtime's parts."""

    def make(hooks: HookParts) -> ArchiveHook | _Off:
        parts = parts_of(hooks)
        if parts is None:
            return _Off()
        return ArchiveHook(parts, options, time_zone, hooks.clock)

    return make
