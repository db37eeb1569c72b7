"""The move itself: copy, verify the copy, delete the originals — journaled, resumable.

One move takes up to ``rows_per_move`` chosen rows (:mod:`sync.extras.archive.select`) through the
points of :mod:`sync.extras.archive.store`. Every step reads the sheet first and decides from what
it finds, so a step cut short — by a crash, a kill, or an answer from Google that never came
— is finished by the next run without losing or repeating a row:

* **copy**: each row goes to the archive row recorded for it at ``planned``. A row already
  holding it is left; a blank one is written; one holding something else (typed there
  meanwhile) makes the row take the next free one, recorded before anything is written.
  Writing the same cells at the same rows twice gives the same tab.
* **verify**: the copies are read back and compared cell by cell with the cells recorded at
  ``planned``; a copy that differs is written once more, and if it still differs its row is
  ``kept`` (it stays in the attendance tab; its copy is taken back at the last step).
* **delete**: the attendance tab is read again; a row is deleted only when its Row ID is
  found on exactly one row whose cells are still those copied — an edit since, or a copy of
  the row, keeps it (``kept``). A row no longer there (deleted by a run cut short after
  its delete, or by a person) is archived: its copy is verified. The deletes go bottom-up
  in one request, never repeated by itself.
* **done**: the copies of kept rows (found by Row ID) are deleted from the archive tab, and
  each archived row's place there is recorded as it is now.

Steps are named in :data:`STEPS`; ``step`` (a callable) is told each one as it is reached.
"""

from __future__ import annotations

import logging
import sqlite3
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sync import stopping
from sync.engine.rowstate import RowStates
from sync.extras.archive import store
from sync.extras.archive.cells import (
    Encoded,
    column_names,
    decode,
    encode,
    key_of,
    lay_out,
    row_cells,
    same_row,
)
from sync.extras.archive.report import ArchiveSummary
from sync.extras.archive.select import Candidate, Selection, select
from sync.extras.archive.store import ArchivedRow, Move, MovePoint, RowPoint
from sync.extras.archive.tabs import ArchiveStopped, ArchiveTabs, TabView, TabWrite
from sync.sheet.columns import DEFAULT_COLUMNS, Column, HeaderProblem, Layout, match_headers
from sync.sheet.writeback import _text
from sync.state import Journal

log = logging.getLogger("wixsync.archive")
#: the points a move passes, in order ("… sent": a request went, its answer came back)
STEPS = (
    "planned",
    "copy sent",
    "copied",
    "verified",
    "delete sent",
    "deleted",
    "unwind sent",
    "done",
)


@dataclass(frozen=True)
class ArchiveOptions:
    after_days: int = 7
    tab: str = "Archive {year}"
    hour: int = 3

    def tab_for(self, day: date) -> str:
        return self.tab.replace("{year}", f"{day.year:04d}")


@dataclass
class Parts:
    """What the archive works with: the sheet's archive operations, the state database
    (row states, journal) and the clock; ``lease`` holds the sheet before each write."""

    tabs: ArchiveTabs
    db: sqlite3.Connection
    states: RowStates
    journal: Journal
    today: Callable[[], date]
    columns: tuple[Column, ...] = DEFAULT_COLUMNS
    lease: Callable[[], None] | None = None


class Archiver:
    def __init__(
        self,
        parts: Parts,
        options: ArchiveOptions,
        *,
        step: Callable[[str], None] | None = None,
        max_moves: int = 100,
    ) -> None:
        self.parts, self.options = parts, options
        self.db = parts.db
        self.tabs = parts.tabs
        self.step = step or (lambda _name: None)
        self.max_moves = max_moves
        row_id = next(c for c in parts.columns if c.key == "row_id")
        self._id_keys = {key_of(n) for n in (row_id.header, *row_id.aliases)}

    # -- the run ------------------------------------------------------------------------------
    def run(self, *, dry_run: bool = False) -> ArchiveSummary:
        today = self.parts.today()
        summary = ArchiveSummary(
            dry_run, self.options.after_days, today - timedelta(days=self.options.after_days)
        )
        unfinished = store.pending(self.db)
        if unfinished is not None:
            summary.resumed = len(store.rows_of(self.db, unfinished.move_id))
            if not dry_run:
                self._finish(unfinished, summary)
        numbered: dict[str, int] = {}  # row id → its row number as first read
        for _ in range(self.max_moves):
            live, _views = self.tabs.read({}, live=True)
            layout, names = self._layout(live or [])
            chosen = self._select(live or [], layout, names, today)
            if not numbered:
                self._what_stays(summary, chosen)
                numbered = {c.row_id: c.index + 1 for c in chosen.chosen}
            summary.live_rows = chosen.rows
            if dry_run:
                for c in chosen.chosen:
                    summary.moved.setdefault(c.tab, []).append(c.index + 1)
                return summary
            batch = chosen.chosen[: self.tabs.rows_per_move or None]
            if not batch:
                break
            move, views = self._plan(batch, names)
            archived = self._finish(move, summary, views=views, numbered=numbered)
            summary.live_rows = chosen.rows - archived
            if len(batch) == len(chosen.chosen) or not archived or stopping.stop_requested():
                break  # done; or nothing moved; or asked to stop: the next run goes on
        summary.tab_rows = {t: n - 2 for t, n in store.next_rows(self.db).items()}
        return summary

    def _layout(self, live: list[list[object]]) -> tuple[Layout, list[str]]:
        if not live:
            return Layout(), []
        try:
            layout = match_headers(live[0], self.parts.columns)
        except HeaderProblem as problem:
            raise ArchiveStopped(f"nothing was archived: {problem}") from None
        if layout.index("row_id") is None:
            raise ArchiveStopped("nothing was archived: the sheet has no Row ID column yet")
        return layout, column_names(live[0], layout, self.parts.columns)

    def _select(
        self, live: list[list[object]], layout: Layout, names: list[str], today: date
    ) -> Selection:
        if not names:
            return Selection()
        done = store.archived_ids(self.db, RowPoint.ARCHIVED)
        return select(
            live,
            layout,
            names,
            self.parts.states.load(),
            {r.row_id: r for r in self.parts.journal.all()},
            today=today,
            after_days=self.options.after_days,
            tab_for=self.options.tab_for,
            archived=done,
            moving=store.archived_ids(self.db) - done,
        )

    @staticmethod
    def _what_stays(summary: ArchiveSummary, chosen: Selection) -> None:
        summary.not_done = chosen.not_done
        summary.near_edit = chosen.near_edit
        summary.put_back = chosen.put_back
        summary.recent = chosen.recent

    def _finish(
        self,
        move: Move,
        summary: ArchiveSummary,
        *,
        views: dict[str, TabView] | None = None,
        numbered: dict[str, int] | None = None,
    ) -> int:
        """Take ``move`` from its point to ``done``; the rows archived."""
        live = None
        if move.point == MovePoint.PLANNED:
            move = self._copy(move, views)
        if move.point == MovePoint.COPIED:
            move, live = self._verify(move)
        if move.point == MovePoint.VERIFIED:
            move = self._delete(move, live)
        rows = store.rows_of(self.db, move.move_id)
        if move.point == MovePoint.DELETED:
            move = self._unwind(move, rows)
        summary.moves += 1
        archived = [r for r in rows if r.point == RowPoint.ARCHIVED]
        for r in archived:
            number = (numbered or {}).get(r.row_id, r.from_row)
            summary.moved.setdefault(r.tab, []).append(number)
        summary.changed += [r.from_row for r in rows if r.point == RowPoint.KEPT]
        return len(archived)

    # -- planned ------------------------------------------------------------------------------
    def _plan(self, batch: list[Candidate], names: list[str]) -> tuple[Move, dict[str, TabView]]:
        """Point 1: where each row goes, recorded before anything is written."""
        titles = sorted({c.tab for c in batch})
        after = store.next_rows(self.db)
        _live, views = self.tabs.read({t: after.get(t, 2) for t in titles}, live=False)
        headers: dict[str, list[str]] = {}
        free: dict[str, int] = {}
        for title in titles:
            view = views[title]
            existing = [_text(h) for h in view.header]
            if not view.exists or not any(existing):
                headers[title] = list(names)
            else:
                have = {key_of(h) for h in existing if h}
                headers[title] = existing + [n for n in names if key_of(n) not in have]
            free[title] = max(view.end, 2)
        placed: list[tuple[Candidate, int]] = []
        for c in batch:
            placed.append((c, free[c.tab]))
            free[c.tab] += 1
        move = store.plan(self.db, placed, headers)
        self.step("planned")
        return move, views

    # -- copied -------------------------------------------------------------------------------
    def _copy(self, move: Move, views: dict[str, TabView] | None) -> Move:
        """Point 2: every row of the move holds its copy (written now, or found written)."""
        rows = [r for r in store.rows_of(self.db, move.move_id) if r.point == RowPoint.PLANNED]
        if views is None or any(r.tab not in views for r in rows):
            _live, views = self.tabs.read(self._windows(rows), live=False)
        writes: dict[str, TabWrite] = {}
        moved: dict[str, int] = {}
        for title in sorted({r.tab for r in rows}):
            view, header = views[title], move.headers[title]
            mine = [r for r in rows if r.tab == title]
            free = max([view.end, *(r.tab_row + 1 for r in mine)])
            write = TabWrite(None, {})
            for r in mine:
                at = view.row(r.tab_row)
                if any(_text(c) for c in at) and self._row_id(at, header) != r.row_id:
                    moved[r.row_id] = free  # typed there meanwhile: the next free row
                    free += 1
                    write.rows[moved[r.row_id]] = self._laid(r, header)
                elif not same_row(row_cells(header, at), self._expected(r)):
                    write.rows[r.tab_row] = self._laid(r, header)
            if [_text(h) for h in view.header] != header:
                write.header = list(header)
            if write.rows or write.header is not None:
                writes[title] = write
        if moved:
            store.place(self.db, moved)
        if writes:
            self._lease()
            self.tabs.write(writes)
            self.step("copy sent")
        move = store.advance(self.db, move, MovePoint.COPIED)
        self.step("copied")
        return move

    # -- verified -----------------------------------------------------------------------------
    def _verify(self, move: Move) -> tuple[Move, list[list[object]] | None]:
        """Point 3: the copies read back, cell by cell, as recorded; the attendance tab
        read in the same request (the read the delete step works from)."""
        rows = [r for r in store.rows_of(self.db, move.move_id) if r.point == RowPoint.PLANNED]
        live, views = self.tabs.read(self._windows(rows), live=True)
        bad = [r for r in rows if not self._copied(r, views[r.tab], move.headers[r.tab])]
        if bad:  # written once more where the copy is (or was to be)
            log.info("archive: %d copies differ from the rows read; writing them again", len(bad))
            writes: dict[str, TabWrite] = {}
            for r in bad:
                at = views[r.tab].row(r.tab_row)
                if not any(_text(c) for c in at) or self._row_id(at, move.headers[r.tab]) == (
                    r.row_id
                ):
                    write = writes.setdefault(r.tab, TabWrite(None, {}))
                    write.rows[r.tab_row] = self._laid(r, move.headers[r.tab])
            if writes:
                self._lease()
                self.tabs.write(writes)
            live, views = self.tabs.read(self._windows(rows), live=True)
            bad = [r for r in rows if not self._copied(r, views[r.tab], move.headers[r.tab])]
            if bad:  # the sheet will not hold them as they are (a secret redacted, say)
                log.warning("archive: %d rows could not be copied as they are; kept", len(bad))
                store.mark_kept(self.db, [r.row_id for r in bad])
        move = store.advance(self.db, move, MovePoint.VERIFIED)
        self.step("verified")
        return move, live

    # -- deleted ------------------------------------------------------------------------------
    def _delete(self, move: Move, live: list[list[object]] | None) -> Move:
        """Point 4: the originals deleted (only rows still exactly as copied), bottom-up."""
        rows = [r for r in store.rows_of(self.db, move.move_id) if r.point == RowPoint.PLANNED]
        if live is None:
            live, _views = self.tabs.read({}, live=True)
        live = live or []
        layout, names = self._layout(live)
        id_col = layout.index("row_id")
        where: dict[str, list[int]] = {}
        for index in range(1, len(live)):
            row = live[index]
            row_id = _text(row[id_col]) if id_col is not None and id_col < len(row) else ""
            if row_id:
                where.setdefault(row_id, []).append(index)
        delete: list[int] = []
        archived: list[ArchivedRow] = []
        kept: list[str] = []
        for r in rows:
            places = where.get(r.row_id, [])
            if not places:
                archived.append(r)  # gone already: its verified copy is the row
            elif len(places) == 1 and same_row(row_cells(names, live[places[0]]), r.cells):
                delete.append(places[0])
                archived.append(r)
            else:
                kept.append(r.row_id)  # edited since it was copied, or copied whole
        if delete:
            self._lease()
            self.tabs.delete_live(delete)
            self.step("delete sent")
        move = store.deleted(self.db, move, archived, kept)
        self.parts.states.forget([r.row_id for r in archived])
        self.parts.states.place(_numbers_after(where, delete))  # for `wixsync status`
        self.step("deleted")
        return move

    # -- done ---------------------------------------------------------------------------------
    def _unwind(self, move: Move, rows: list[ArchivedRow]) -> Move:
        """Point 5: copies of the kept rows taken back out of the archive tab."""
        kept = {r.row_id for r in rows if r.point == RowPoint.KEPT}
        titles = sorted({r.tab for r in rows if r.point == RowPoint.KEPT})
        positions: dict[str, int] = {}
        if kept:
            _live, views = self.tabs.read({t: 2 for t in titles}, live=False)
            archived = store.archived_ids(self.db) - kept
            remove: dict[str, list[int]] = {}
            for title in titles:
                view = views[title]
                header = [_text(h) for h in view.header]
                found = [
                    (number, self._row_id(view.row(number), header))
                    for number in range(view.first, view.end)
                ]
                gone = sorted(n for n, row_id in found if row_id in kept)
                remove[title] = gone
                for number, row_id in found:
                    if row_id in archived:
                        positions[row_id] = number - sum(1 for g in gone if g < number)
            if any(remove.values()):
                self._lease()
                self.tabs.delete_rows({t: n for t, n in remove.items() if n})
                self.step("unwind sent")
        move = store.done(self.db, move, positions)
        self.step("done")
        return move

    # -- helpers ------------------------------------------------------------------------------
    def _lease(self) -> None:
        if self.parts.lease is not None:
            self.parts.lease()  # LeaseHeld: another wixsync holds the sheet; nothing written

    @staticmethod
    def _windows(rows: list[ArchivedRow]) -> dict[str, int]:
        windows: dict[str, int] = {}
        for r in rows:
            windows[r.tab] = min(windows.get(r.tab, r.tab_row), r.tab_row)
        return windows

    def _row_id(self, row: list[object], header: list[str]) -> str:
        for index, name in enumerate(header):
            if key_of(name) in self._id_keys and index < len(row):
                return _text(row[index])
        return ""

    def _expected(self, r: ArchivedRow) -> dict[str, Encoded]:
        """The row's cells as the archive tab holds them once written."""
        found = {k: encode(self.tabs.stored(decode(v))) for k, v in r.cells.items()}
        return {k: v for k, v in found.items() if v is not None}

    def _laid(self, r: ArchivedRow, header: list[str]) -> list[object]:
        return lay_out(r.cells, header)

    def _copied(self, r: ArchivedRow, view: TabView, header: list[str]) -> bool:
        return same_row(row_cells(header, view.row(r.tab_row)), self._expected(r))


def _numbers_after(where: dict[str, list[int]], deleted: list[int]) -> dict[str, int]:
    """Each live row's number in the sheet once the ``deleted`` grid rows are gone (the
    rows below a deleted one move up), by Row ID: its first row, as a cycle reads it."""
    gone, removed = sorted(deleted), set(deleted)
    return {
        row_id: places[0] + 1 - bisect_left(gone, places[0])
        for row_id, places in where.items()
        if places[0] not in removed
    }
