"""What the daemon remembers about each sheet row between cycles, and its run history."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.state.db import transaction


@dataclass
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
)


class RowStates:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def load(self) -> dict[str, RowState]:
        found = {}
        for r in self.db.execute("SELECT * FROM sheet_rows"):
            found[r["row_id"]] = RowState(
                r["row_id"],
                r["fingerprint"],
                r["identity"],
                json.loads(r["written"] or "{}"),
                bool(r["retry"]),
                r["failures"],
                r["next_try"],
                r["seat_name"],
                r["date_typed"],
                r["read_on"],
                r["session_at"],
            )
        return found

    def save(self, states: list[RowState]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
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
                    ),
                )

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
