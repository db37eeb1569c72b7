"""One cycle: read the sheet once, plan, run the row flows, write back once, remember.

Only rows whose daemon cells would change are written, so an idle cycle is one read and no
write. A row whose values could not be placed (it vanished, or was being typed into) is not
remembered as written: the next cycle tries again, and the row flows — journaled — send
nothing twice.

A row keeps what it meant when it was first read: a Row ID copied onto another row stays
with the row whose person and session the daemon remembers for it (:meth:`Engine.keeper`),
and while its Date cell says the same ("today", "Sat", "6/28") the row is read as on the day
it was first read (:func:`read_day`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sync import words
from sync.engine.counts import Counts, count_rows
from sync.engine.diff import diff
from sync.engine.meaning import holds, read_day, session_said
from sync.engine.planner import (
    BACKOFF,
    Plan,
    RowInput,
    Sync,
    identity,
    plan,
)
from sync.engine.rowstate import RowState, RowStates
from sync.flows import RowFlows, RowOutcome
from sync.sheet.base import CellWrite
from sync.sheet.columns import HeaderProblem
from sync.sheet.lease import LeaseHeld
from sync.sheet.session import SheetRow, SheetSession, Snapshot
from sync.sheet.writeback import _text
from sync.state import Point

log = logging.getLogger("wixsync.engine")
DAEMON_VALUES = ("booking_id", "order_id", "status", "error")


@dataclass
class CycleReport:
    plan: Plan = field(default_factory=Plan)
    outcomes: dict[str, RowOutcome] = field(default_factory=dict)
    written_rows: int = 0
    skipped_rows: list[str] = field(default_factory=list)
    brake: str | None = None
    wix_calls: int = 0
    rows: list[RowInput] = field(default_factory=list)
    known: dict[str, RowState] = field(default_factory=dict)  # row states as read
    holding: set[str] = field(default_factory=set)  # rows whose journal holds a booking
    days: dict[str, date] = field(default_factory=dict)  # the day each row was read as on

    @property
    def wix_down(self) -> bool:
        """Every row the cycle tried failed for a reason a retry may fix: Wix is down (or
        the network), not these rows."""
        return bool(self.outcomes) and all(o.retry for o in self.outcomes.values())

    @property
    def counts(self) -> Counts:
        """Each row once: synced, waiting for a person, waiting for Wix, or unchanged."""
        return count_rows(self)

    @property
    def errors(self) -> int:
        """The rows waiting for a person (their Error says what to fix)."""
        return self.counts.to_fix


class CycleHook(Protocol):
    """Work a cycle does besides the rows (the roster, the dropdowns, the owner's summary,
    alerts). A hook's failure is logged and never stops the sync of the rows."""

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        """May change the sheet (add rows, say); returns the snapshot to plan from, re-read
        if it changed the sheet, or ``None`` to keep ``snapshot``."""
        ...

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        """Runs after the rows' results are written and remembered."""
        ...


class Engine:
    def __init__(
        self,
        session: SheetSession,
        flows: RowFlows,
        states: RowStates,
        *,
        parse: Callable[..., Any],
        today: Callable[[], date],
        max_rows: int | None = 200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.session = session
        self.flows = flows
        self.states = states
        self.parse = parse  # (cells, row_id=, today=) -> Parsed
        self.today = today
        self.max_rows = max_rows
        self.clock = clock
        self.hooks: list[CycleHook] = []
        #: holds the sheet's lease or raises LeaseHeld (sync.sheet.lease); None: no lease
        self.lease: Callable[[], None] | None = None
        self._parsed: dict[tuple[str, str, date], Any] = {}
        self.heartbeat_seconds = 600.0
        self._last_beat = clock()  # the first idle cycle of a start writes nothing
        session.keeper = self.keeper
        session.rehome = self.rehome

    def _seat_of(self, row: SheetRow, state: RowState | None, row_id: str) -> Any:
        day = read_day(state, row.cells, self.today())
        return getattr(self.parse(row.cells, row_id=row_id, today=day), "attendee", None)

    def rehome(self, rows: list[SheetRow]) -> list[tuple[int, int]]:
        """A booked row typed over with another person, while the person it is booked for is
        on another row holding no booking (a copy pasted, the copy given a new id, then the
        original typed over): the two rows trade ids, so the booking stays with its person
        and the newcomer is a new row. Pairs of positions in ``rows``."""
        states = self.states.load()
        holding = {
            r.row_id
            for r in self.flows.journal.all()
            if r.booking_id and r.point != Point.CANCELLED
        }
        booked = {r.row_id for r in rows if r.row_id in holding and r.row_id in states}
        swaps: list[tuple[int, int]] = []
        used: set[int] = set()
        for at, row in enumerate(rows):
            state = states.get(row.row_id)
            if row.row_id not in booked or state is None or row.fingerprint == state.fingerprint:
                continue
            now = self._seat_of(row, state, row.row_id)
            if now is None or holds(state, now):
                continue  # its own person still (an edit of Payment, say), or unreadable
            for other, candidate in enumerate(rows):
                if other == at or other in used or candidate.row_id in booked:
                    continue
                there = self._seat_of(candidate, states.get(candidate.row_id), candidate.row_id)
                if there is not None and holds(state, there):
                    swaps.append((at, other))
                    used |= {at, other}
                    break
        return swaps

    def keeper(self, row_id: str, rows: list[SheetRow]) -> int:
        """Which of the rows carrying ``row_id`` (a row copied whole) keeps it: the one whose
        person and session are those the daemon remembers for it, the one read unchanged
        among those, else the first. The others are new rows."""
        state = self.states.load().get(row_id)
        if state is None:
            return 0
        same = []
        for at, row in enumerate(rows):
            attendee = self._seat_of(row, state, row_id)
            if attendee is not None and holds(state, attendee):
                same.append(at)
        unchanged = [at for at, r in enumerate(rows) if r.fingerprint == state.fingerprint]
        for choice in ([a for a in same if a in unchanged], same, unchanged):
            if choice:
                # rows alike (a copy not typed over yet): nothing in the sheet tells them
                # apart (pasted below, or inserted above and pasted into, look the same);
                # the first keeps the id, and when one of them is typed over later the
                # booking follows its person (:meth:`rehome`)
                return choice[0]
        return 0

    # -- plan --------------------------------------------------------------------------------
    def read_and_plan(
        self, *, force: bool = False, dry_run: bool = False
    ) -> tuple[Snapshot | None, CycleReport]:
        """``dry_run`` (``wixsync plan``): read and plan only; the hooks change nothing."""
        report = CycleReport()
        try:
            snapshot = self.session.read()
        except HeaderProblem as problem:
            report.brake = str(problem)
            return None, report
        if self.lease is not None and not dry_run:
            try:  # one sheet, one worker: before anything is written (fails closed)
                self.lease()
            except LeaseHeld as held:
                report.brake = str(held)
                return None, report
        for hook in [] if dry_run else self.hooks:
            try:
                snapshot = hook.before_plan(snapshot) or snapshot
            except HeaderProblem as problem:
                report.brake = str(problem)
                return None, report
            except Exception:
                log.exception("%s failed before planning; the rows are synced anyway", _name(hook))
        today = self.today()
        states = self.states.load()
        # a row's cells parse the same way until they change (or the day does): the daemon
        # keeps the parsed rows of the last cycle, so an idle cycle parses nothing
        cache: dict[tuple[str, str, date], Any] = {}
        report.rows = []
        for r in snapshot.rows:
            day = read_day(states.get(r.row_id), r.cells, today)
            key = (r.row_id, r.fingerprint, day)
            parsed = self._parsed.get(key) or self.parse(r.cells, row_id=r.row_id, today=day)
            cache[key] = parsed
            report.days[r.row_id] = day
            report.rows.append(RowInput(r.row_id, r.index + 1, r.fingerprint, parsed))
        self._parsed = cache
        report.known = states
        journal = {r.row_id: r for r in self.flows.journal.all()}
        report.holding = {rid for rid, r in journal.items() if r.booking_id}
        booked = {
            rid: s.identity
            for rid, s in states.items()
            if rid in journal and journal[rid].booking_id and journal[rid].point != Point.CANCELLED
        }
        changes = diff(((r.row_id, r.fingerprint) for r in report.rows), states)
        for r in snapshot.rows:
            # no Row ID in the sheet although the daemon knows the row: it was typed again
            # after a delete, or its results never reached the sheet — write them (again)
            if r.new and changes.get(r.row_id) == "unchanged":
                changes[r.row_id] = "edited"
        report.plan = plan(
            report.rows,
            states,
            booked,
            changes=changes,
            now=self.clock(),
            render=words.input_problem,
            max_rows=self.max_rows,
            force=force,
        )
        report.brake = report.plan.brake
        return snapshot, report

    # -- run ---------------------------------------------------------------------------------
    def run_cycle(self, *, force: bool = False) -> CycleReport:
        run_id = self.states.start_run()
        calls_before = self.flows.client.http.stats.sent
        snapshot, report = self.read_and_plan(force=force)
        if report.brake or snapshot is None:
            self.states.finish_run(
                run_id,
                seen=report.plan.rows_seen,
                synced=0,
                errors=0,
                calls=0,
                result=f"stopped: {report.brake}",
            )
            return report
        syncs = report.plan.syncs
        if syncs:
            outcomes = self.flows.run(
                [s.attendee for s in syncs], present=[r.row_id for r in snapshot.rows]
            )
            report.outcomes = {o.row_id: o for o in outcomes}
        values, states = self._results(snapshot, report)
        beat = self._heartbeat(snapshot, report, force=bool(values))
        if values or beat:
            placement = self.session.write_back(snapshot, values, beat)
            report.written_rows = len(placement.placed)
            report.skipped_rows = placement.skipped
            placed = set(placement.placed)
            states = [s for s in states if s.row_id in placed or s.row_id not in values]
        self.states.save(states)
        for hook in self.hooks:
            try:
                hook.after_cycle(snapshot, report)
            except Exception:
                log.exception("%s failed after the cycle; the rows were synced", _name(hook))
        report.wix_calls = self.flows.client.http.stats.sent - calls_before
        counts = report.counts
        self.states.finish_run(
            run_id,
            seen=report.plan.rows_seen,
            synced=counts.synced,
            errors=counts.to_fix,
            waiting_wix=counts.waiting_wix,
            calls=report.wix_calls,
            result="ok",
        )
        return report

    def _heartbeat(
        self,
        snapshot: Snapshot,
        report: CycleReport,
        *,
        force: bool,
    ) -> list[CellWrite]:
        """ "Synced at (last sync 10:32:05 · 3 rows)" in the header, so the owner sees the
        daemon is alive: written with the cycle's results, or every ``heartbeat_seconds``."""
        col = snapshot.layout.index("synced_at")
        due = self.clock() - self._last_beat >= self.heartbeat_seconds
        if col is None or not (force or due):
            return []
        self._last_beat = self.clock()
        stamp = datetime.fromtimestamp(self.clock(), UTC).astimezone().strftime("%H:%M:%S")
        text = f"Synced at (last sync {stamp} · {report.plan.rows_seen} rows)"
        return [CellWrite(0, col, text)]

    def _results(
        self,
        snapshot: Snapshot,
        report: CycleReport,
    ) -> tuple[dict[str, dict[str, Any]], list[RowState]]:
        by_id = {r.row_id: r for r in snapshot.rows}
        inputs = {r.row_id: r for r in report.rows}
        old = report.known
        now = self.clock()
        stamp = datetime.fromtimestamp(self.clock(), UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        values: dict[str, dict[str, Any]] = {}
        states: list[RowState] = []
        # when Wix is down the daemon backs off as a whole, and the rows are due again as
        # soon as it tries (no back-off of their own)
        outage = report.wix_down
        for action in report.plan.actions:
            row = by_id[action.row_id]
            previous = old.get(action.row_id)
            pinned = {
                "date_typed": _text(row.cells.get("date")),
                "read_on": report.days[action.row_id].isoformat(),
            }
            if isinstance(action, Sync):
                outcome = report.outcomes[action.row_id]
                attendee = action.attendee
                session_at = ""
                if outcome.booking_id:
                    session_at = outcome.session_start or (
                        previous.session_at
                        if previous and previous.identity == identity(attendee)
                        else ""
                    )
                wanted = {
                    "booking_id": outcome.booking_id or "",
                    "order_id": outcome.order_id or "",
                    "status": (
                        words.dated(outcome.status, session_said(attendee, session_at))
                        if outcome.booking_id
                        else outcome.status
                    ),
                    "error": outcome.error or "",
                }
                failures = (
                    previous.failures + 1 if outcome.retry and previous else int(outcome.retry)
                )
                if outage:
                    failures = 0
                state = RowState(
                    action.row_id,
                    inputs[action.row_id].fingerprint,
                    identity(attendee) if outcome.booking_id else "",
                    wanted,
                    outcome.retry or outcome.pending,
                    failures,
                    now + BACKOFF[min(failures, len(BACKOFF)) - 1] if failures else 0,
                    seat_name=attendee.name,
                    session_at=session_at,
                    **pinned,
                )
            else:
                wanted = {"error": " ".join(action.messages)}
                if action.row_id not in report.holding:
                    # a row copied whole carries another row's IDs and status: not its own
                    wanted.update(booking_id="", order_id="", status="")
                state = RowState(
                    action.row_id,
                    inputs[action.row_id].fingerprint,
                    previous.identity if previous else "",
                    {**wanted, "said": action.kind} if action.kind else wanted,
                    seat_name=previous.seat_name if previous else "",
                    session_at=previous.session_at if previous else "",
                    **pinned,
                )
            states.append(state)
            changed = {k: v for k, v in wanted.items() if _text(row.cells.get(k)) != _text(v)}
            if changed or row.new:
                values[action.row_id] = {**changed, "synced_at": stamp}
        return values, states


def _name(hook: object) -> str:
    return type(hook).__name__
