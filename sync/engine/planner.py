"""The pure middle: sheet rows + what the daemon remembers → the actions of this cycle.

No I/O. ``wixsync plan`` prints exactly this list, and a cycle runs exactly this list.

Decision table, one branch per real case (each has a test named after it):

1. a blank row                                     → nothing
2. a row whose cells do not parse                  → report the problems (nothing sent to Wix)
3. the same person and session as an earlier row   → report a duplicate
4. a booked row whose person, class or date changed → report how to move it (never re-book)
5. an unchanged row already done                   → nothing
6. an unchanged row that failed for content         → nothing: waits for a person to edit it
7. an unchanged row that failed for Wix/network     → sync again once its back-off has passed
8. a new or edited row                             → sync
A row that disappeared from the sheet is never cancelled: only Payment = cancel cancels.
Brakes: a sheet that suddenly reads empty, or a plan touching far more rows than allowed,
stops the cycle unless forced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.engine.diff import diff
from sync.engine.rowstate import RowState
from sync.flows.attendee import Attendee

#: seconds a row that failed for Wix or the network waits, after its 1st, 2nd, … failure
BACKOFF = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


class ParsedLike(Protocol):
    attendee: Attendee | None
    problems: tuple[Any, ...]
    blank: bool


@dataclass(frozen=True)
class RowInput:
    row_id: str
    index: int  # sheet row number (1-based, as people see it)
    fingerprint: str
    parsed: ParsedLike


@dataclass(frozen=True)
class Sync:
    row_id: str
    attendee: Attendee
    why: str  # "new row", "edited", "retry"


@dataclass(frozen=True)
class Report:
    row_id: str
    messages: tuple[str, ...]


@dataclass
class Plan:
    actions: list[Sync | Report] = field(default_factory=list)
    brake: str | None = None
    rows_seen: int = 0

    @property
    def syncs(self) -> list[Sync]:
        return [a for a in self.actions if isinstance(a, Sync)]


def identity(a: Attendee) -> str:
    at = a.session_time.strftime("%H:%M") if a.session_time else ""
    return f"{a.email}|{a.class_name.casefold()}|{a.session_date.isoformat()}|{at}"


def describe(a: Attendee) -> str:
    at = f" {a.session_time:%H:%M}" if a.session_time else ""
    return f"{a.class_name} on {a.session_date:%a %-d %b}{at} for {a.email}"


def plan(
    rows: list[RowInput],
    states: Mapping[str, RowState],
    booked: Mapping[str, str],
    *,
    now: float,
    render: Any,
    max_rows: int | None = None,
    force: bool = False,
    changes: Mapping[str, str] | None = None,
) -> Plan:
    """``booked``: row id → identity of the booking the journal holds for it.
    ``render``: turns an input problem into a sentence (``sync.words.input_problem``).
    ``changes``: row id → new / edited / unchanged / gone (:func:`sync.engine.diff.diff`)."""
    if changes is None:
        changes = diff(((r.row_id, r.fingerprint) for r in rows), states)
    result = Plan(rows_seen=sum(1 for r in rows if not r.parsed.blank))
    known = [s for s in states.values() if s.identity]
    if result.rows_seen == 0 and len(known) >= 3 and not force:
        result.brake = (
            f"The sheet reads empty, but {len(known)} rows were synced before. "
            "Nothing was changed. If the rows were removed on purpose, run with "
            "--force."
        )
        return result
    first_row: dict[str, int] = {}
    for row in rows:
        parsed, state = row.parsed, states.get(row.row_id)
        # 1. a blank row
        if parsed.blank:
            continue
        # 2. cells that do not parse
        if parsed.problems or parsed.attendee is None:
            result.actions.append(Report(row.row_id, tuple(render(p) for p in parsed.problems)))
            continue
        attendee = parsed.attendee
        key = identity(attendee)
        # 3. the same person and session as an earlier row
        if key in first_row and attendee.payment.value != "cancel":
            result.actions.append(
                Report(
                    row.row_id,
                    (
                        f"Same person and session as row {first_row[key]}: delete this row, "
                        "or fix the email, class or date.",
                    ),
                )
            )
            continue
        first_row.setdefault(key, row.index)
        # 4. booked, then the person, class or date changed
        # (only when the cells changed: an unchanged "today" means another day tomorrow)
        unchanged = changes.get(row.row_id) == "unchanged"
        was = booked.get(row.row_id)
        if was and was != key and not unchanged:
            result.actions.append(
                Report(
                    row.row_id,
                    (
                        "This row was booked for another person, class or date; Wix was not "
                        "changed. To move it: put the old details back and set Payment to "
                        "cancel, then add a new row.",
                    ),
                )
            )
            continue
        if unchanged and state is not None:
            # 5. done, or 6. failed for its content: leave it until a person edits it
            if not state.retry:
                continue
            # 7. failed for Wix or the network: wait out the back-off (a wait longer than
            # any back-off means the clock was set back: the row is due now)
            if now < state.next_try <= now + BACKOFF[-1]:
                continue
            result.actions.append(Sync(row.row_id, attendee, "retry"))
            continue
        # 8. new or edited
        result.actions.append(Sync(row.row_id, attendee, "edited" if state else "new row"))
    # a row reported before and not edited since waits for a person: say it once
    result.actions = [
        a
        for a in result.actions
        if not (
            isinstance(a, Report)
            and (s := states.get(a.row_id)) is not None
            and changes.get(a.row_id) == "unchanged"
            and not s.retry
            and s.written.get("error") == " ".join(a.messages)
        )
    ]
    if max_rows is not None and len(result.syncs) > max_rows and not force:
        result.brake = (
            f"This cycle would touch {len(result.syncs)} rows (the limit is "
            f"{max_rows}). Nothing was sent. Check the sheet; if it is right, run "
            "with --force."
        )
    return result
