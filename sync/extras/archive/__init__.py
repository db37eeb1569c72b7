"""The season archive (``[archive]`` in the config; off by default).

Rows of sessions more than ``after_days`` days past that are fully done — booked, paid in
person or charged to a plan, attendance set, no Error, nothing pending — are moved, once,
from the attendance tab to a yearly tab of the same spreadsheet (``Archive 2026``): copied,
the copy read back and compared cell by cell, then the originals deleted, each step a
recovery point in the state database, so a crash in the middle neither loses nor duplicates
a row. A row being edited (changed since the last cycle, new, or beside such a row) is left
alone, and the attendance tab is read again just before deleting: only rows whose Row ID
and cells are still those copied are deleted, bottom-up.

Archived rows keep their Row ID (in the archive tab) and are recorded in the state
(``archived_rows``: the tab and row they went to), so ``wixsync status`` tells an archived
row from a deleted one (:func:`archived_rows`).

Public API:

* :func:`run_archive` — one run (``dry_run``: read only, say what would move);
* :func:`sync.runtime.open_archive` — the parts of a run from a config, without Wix
  (``wixsync archive``);
* :func:`archive_factory` — the daemon's hook (once a day, at the end of an idle cycle);
* :func:`archived_rows`, :func:`archive_status` — every row archived, and the lines
  ``wixsync status`` shows for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync.extras.archive.move import STEPS, ArchiveOptions, Archiver, ArchiveStopped, Parts
from sync.extras.archive.report import ArchiveSummary
from sync.extras.archive.store import ArchivedRow, archived_rows

if TYPE_CHECKING:
    from sync.engine.cycle import CycleHook
    from sync.extras.seam import HookParts

__all__ = [
    "STEPS",
    "ArchiveOptions",
    "ArchiveStopped",
    "ArchiveSummary",
    "ArchivedRow",
    "Parts",
    "archive_factory",
    "archive_status",
    "archived_rows",
    "options_from",
    "parts_of",
    "run_archive",
]


def archive_factory(options: ArchiveOptions, time_zone: str) -> Callable[[HookParts], CycleHook]:
    """The daemon's hook (:mod:`sync.extras.archive.hook`, imported only by the daemon: it
    needs the engine, ``wixsync status`` does not)."""
    from sync.extras.archive.hook import archive_factory as factory

    return factory(options, time_zone)


def parts_of(hooks: HookParts) -> Parts | None:
    """The parts of a run from a ready runtime's (``Runtime.parts``: the daemon's, a test's,
    a bench's); None when its sheet has no archive operations."""
    from sync.extras.archive.hook import parts_of as of

    return of(hooks)


def run_archive(
    parts: Parts,
    options: ArchiveOptions,
    *,
    dry_run: bool = False,
    step: Callable[[str], None] | None = None,
) -> ArchiveSummary:
    """One archive run: first any move left unfinished, then the rows due now, in moves of
    at most the backend's ``rows_per_move``. ``dry_run`` reads the sheet and the state
    only. ``step`` is told each recovery point as it is reached (:data:`STEPS`)."""
    return Archiver(parts, options, step=step).run(dry_run=dry_run)


def archive_status(totals: list[tuple[str, int, int, int, str]]) -> list[str]:
    """For ``wixsync status``: per archive tab, the rows archived there, from its totals
    (:func:`sync.extras.archive.store.tab_totals`, read from the state only). Each archived
    row's tab and row are in ``archived_rows`` (:func:`archived_rows`)."""
    return [
        f"Archived: {count:,} row{'s' if count != 1 else ''} in {tab} (its rows "
        f"{first:,}–{last:,}), the last on {day}; each keeps its Row ID."
        for tab, count, first, last, day in totals
    ]


def options_from(section: Any) -> ArchiveOptions:
    """The run's options from the config's ``[archive]`` section."""
    return ArchiveOptions(after_days=section.after_days, tab=section.tab, hour=section.hour)
