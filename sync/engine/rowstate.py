"""What the daemon remembers about each sheet row between cycles, and its run history.

The row states are read from SQLite once per process and kept in memory
(:mod:`sync.state.kept`): a cycle writes only the states that changed, and memory follows
once the transaction has committed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from sys import intern
from typing import Any

from sync.state.db import transaction
from sync.state.kept import kept_for

#: kept with a row refused for something in Wix or the key (a permission, a class's settings):
#: the site checks (:func:`sync.flows.strategy.site_checks`) counted when it was refused
SITE_SEEN = "site_checks"


@dataclass(slots=True)
class RowState:
    row_id: str
    fingerprint: str
    identity: str = ""
    #: the daemon values last written to the row (booking_id, order_id, status, error)
    written: dict[str, Any] = field(default_factory=dict)
    retry: bool = False
    failures: int = 0
    next_try: float = 0.0
    #: the person's name as read ("Ana Lee"): with ``identity``, the seat the row holds
    seat_name: str = ""
    #: the Date cell as typed and the day it was read on (ISO): while the cell says the same,
    #: the row is read as on that day, so "today" or "Sat" keep the date they meant
    date_typed: str = ""
    read_on: str = ""
    #: the session's start as Wix gave it, local ISO ("2026-06-15T06:30"), for the Status
    session_at: str = ""
    #: the row's number in the sheet when a cycle last read it; 0: no longer in the sheet
    #: (kept by :meth:`RowStates.place`, shown by ``wixsync status``)
    row_number: int = 0


def waiting_for_the_site(states: dict[str, RowState]) -> list[int]:
    """The sheet rows (by number) refused for something in Wix or the key and not retried
    since: the next site check sends them again."""
    return sorted(
        s.row_number
        for s in states.values()
        if s.row_number and not s.retry and isinstance(s.written.get(SITE_SEEN), int)
    )


def rows_placed(states: dict[str, RowState], runs: list[dict[str, Any]]) -> bool:
    """Whether a cycle has placed the rows (:meth:`RowStates.place`), so that a state
    numbered 0 is a row no longer in the sheet: some state has a number, or the last cycle
    found the sheet empty. A state from before row numbers were kept has none, and its rows
    count as in the sheet. ``runs``: newest first (:meth:`RowStates.recent_runs`)."""
    if any(s.row_number for s in states.values()):
        return True
    last = next((r for r in runs if r["result"] == "ok"), None)
    return last is not None and last["rows_seen"] == 0


_COLUMNS = (
    "row_id",
    "fingerprint",
    "identity",
    "written",
    "retry",
    "failures",
    "next_try",
    "seen_at",
    "seat_name",
    "date_typed",
    "read_on",
    "session_at",
    "row_number",
)


#: the values written whose text repeats from row to row
_REPEATING = ("status", "error", "said")
#: the values written that are ids: interned (:func:`sys.intern`), as the sheet's cells and
#: the journal's records hold them, so a season holds each id once in memory
_IDS = ("booking_id", "order_id")


class RowStates:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._kept = kept_for(db)
        #: each known row's number as last written (:meth:`place`), read once
        self._placed: dict[str, int] | None = None

    def load(self) -> dict[str, RowState]:
        """Row id → state: read from SQLite the first time, then kept. The dict is the
        caller's; the states in it are the kept ones: read them, never change them (a new
        state goes through :meth:`save`)."""
        kept = self._kept.get(self.db, "sheet_rows")
        if kept is None:
            kept = self._read()
            self._kept.put("sheet_rows", kept)
        return dict(kept)

    def _remembered(self) -> dict[str, RowState] | None:
        """After a commit: the states kept in memory, if they are, to update."""
        self._kept.changed()
        kept = self._kept.peek("sheet_rows")
        return kept if isinstance(kept, dict) else None

    def generation(self) -> int:
        """Changes whenever a state may have (:meth:`sync.state.kept.Kept.generation`)."""
        return self._kept.generation(self.db)

    def _read(self) -> dict[str, RowState]:
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a season is tens of thousands of rows
        rows = cursor.execute(
            "SELECT row_id, fingerprint, identity, written, retry, failures, next_try,"
            " seat_name, date_typed, read_on, session_at, row_number FROM sheet_rows"
        ).fetchall()
        # every row's values written, decoded at once (each key then held once)
        writtens = json.loads("[" + ",".join(r[3] or "{}" for r in rows) + "]")
        # the texts that repeat from row to row (a Status, a date, a name) are held once in
        # memory, however many states hold them
        pool: dict[Any, Any] = {}
        one = pool.setdefault
        found = {}
        for r, written in zip(rows, writtens, strict=True):
            for key in _REPEATING:
                if key in written:
                    written[key] = one(written[key], written[key])
            for key in _IDS:  # the sheet's cells and the journal hold the same ids: once
                if type(written.get(key)) is str:
                    written[key] = intern(written[key])
            row_id = intern(r[0])
            found[row_id] = RowState(
                row_id,
                r[1],
                r[2],
                written,
                bool(r[4]),
                r[5],
                r[6],
                one(r[7], r[7]),
                one(r[8], r[8]),
                one(r[9], r[9]),
                one(r[10], r[10]),
                row_number=r[11],
            )
        return found

    def save(self, states: list[RowState]) -> None:
        if not states:
            return  # an idle cycle writes nothing
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if self._placed is not None:  # a new state has no number yet: place() sets it
            self._placed.update((s.row_id, s.row_number) for s in states)
        with transaction(self.db):
            for s in states:
                self.db.execute(
                    f"INSERT OR REPLACE INTO sheet_rows ({', '.join(_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                    (
                        s.row_id,
                        s.fingerprint,
                        s.identity,
                        json.dumps(s.written),
                        int(s.retry),
                        s.failures,
                        s.next_try,
                        now,
                        s.seat_name,
                        s.date_typed,
                        s.read_on,
                        s.session_at,
                        s.row_number,
                    ),
                )
        kept = self._remembered()
        if kept is not None:
            kept.update((s.row_id, s) for s in states)

    def place(self, numbers: dict[str, int]) -> None:
        """Remember each known row's number in the sheet as a cycle read it (``numbers``: row
        id → row number); a known row not in ``numbers`` has left the sheet (0). Only the
        numbers that changed are written: a cycle over an unchanged sheet writes none."""
        if self._placed is None:  # the numbers as read with the states (none placed since)
            self._placed = {rid: s.row_number for rid, s in self.load().items()}
        placed = self._placed
        moved = [(n, rid) for rid, n in numbers.items() if rid in placed and placed[rid] != n]
        moved += [(0, rid) for rid, n in placed.items() if n and rid not in numbers]
        if not moved:
            return
        with transaction(self.db):
            self.db.executemany("UPDATE sheet_rows SET row_number = ? WHERE row_id = ?", moved)
        placed.update((rid, n) for n, rid in moved)
        kept = self._remembered()
        for n, rid in moved if kept is not None else ():
            if rid in kept:
                kept[rid] = replace(kept[rid], row_number=n)

    def forget(self, row_ids: list[str]) -> None:
        """Forget the rows that left the sheet for good (moved to the season archive,
        :mod:`sync.extras.archive`, which keeps their state in ``archived_rows``). Repeating it is
        harmless."""
        if not row_ids:
            return
        with transaction(self.db):
            self.db.executemany(
                "DELETE FROM sheet_rows WHERE row_id = ?", [(row_id,) for row_id in row_ids]
            )
        kept = self._remembered()
        for row_id in row_ids if kept is not None else ():
            kept.pop(row_id, None)

    # -- run history -------------------------------------------------------------------------
    def start_run(self) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (started_at) VALUES (?)",
            (datetime.now(UTC).isoformat(timespec="seconds"),),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        *,
        seen: int,
        synced: int,
        errors: int,
        calls: int,
        result: str,
        waiting_wix: int = 0,
    ) -> None:
        """``synced``, ``errors`` (rows waiting for a person) and ``waiting_wix``: each row
        of ``seen`` is in at most one; the others were unchanged."""
        self.db.execute(
            "UPDATE runs SET finished_at = ?, rows_seen = ?, rows_synced = ?, rows_in_error = ?,"
            " rows_waiting_wix = ?, wix_calls = ?, result = ? WHERE run_id = ?",
            (
                datetime.now(UTC).isoformat(timespec="seconds"),
                seen,
                synced,
                errors,
                waiting_wix,
                calls,
                result,
                run_id,
            ),
        )
        if synced == 0 and calls == 0 and result == "ok":
            # a run of idle cycles keeps only its latest: a week at 15 s is 40,000 cycles
            self.db.execute(
                "DELETE FROM runs WHERE run_id = (SELECT MAX(run_id) FROM runs WHERE run_id < ?)"
                " AND rows_synced = 0 AND wix_calls = 0 AND result = 'ok'",
                (run_id,),
            )

    def recent_runs(self, limit: int = 10) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", (limit,))
        ]
