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
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sync import words
from sync.engine.diff import diff
from sync.engine.early import EARLY_AFTER, EarlyWrites
from sync.engine.meaning import holds, read_day, session_said
from sync.engine.parsed import ParsedRows
from sync.engine.planner import BACKOFF, HELD_BY, NOTICE, Sync, identity, plan
from sync.engine.report import CycleHook, CycleReport
from sync.engine.rowstate import SITE_SEEN, RowState, RowStates
from sync.engine.unchanged import LastIdle
from sync.flows import RowFlows
from sync.flows.strategy import site_checks
from sync.sheet.base import CellWrite
from sync.sheet.columns import HeaderProblem
from sync.sheet.lease import LeaseHeld
from sync.sheet.session import SheetRow, SheetSession, Snapshot
from sync.sheet.writeback import _text
from sync.state import Point

log = logging.getLogger("wixsync.engine")
DAEMON_VALUES = ("booking_id", "order_id", "status", "error")


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
        start_date: date | None = None,
        time_zone: str | None = None,
    ) -> None:
        #: the club's time zone: the times written to the sheet are the club's, not the server's
        self.zone = ZoneInfo(time_zone) if time_zone else None
        self.session = session
        #: ``[sheet] start_date``: rows for sessions before it, never synced, are left alone
        self.start_date = start_date
        self.flows = flows
        self.states = states
        self.parse = parse  # (cells, row_id=, today=) -> Parsed
        self.today = today
        self.max_rows = max_rows
        self.clock = clock
        self.hooks: list[CycleHook] = []
        #: holds the sheet's lease or raises LeaseHeld (sync.sheet.lease); None: no lease
        self.lease: Callable[[], None] | None = None
        self._parsed = ParsedRows()  # the rows' parsed cells, kept between cycles
        self._idle = LastIdle()  # the last idle cycle's plan, for an unchanged sheet and state
        self._placed: list[SheetRow] | None = None  # the rows whose numbers were kept last
        self.heartbeat_seconds = 600.0
        #: a cycle running longer writes each group of rows done while it goes on
        self.early_after = EARLY_AFTER
        self._last_beat = clock()  # the first idle cycle of a start writes nothing
        session.keeper = self.keeper
        session.rehome = self.rehome
        session.known = self.known_ids
        session.token = self._token

    def _token(self) -> tuple[int, int, date]:
        """What a row's id, parsing and plan are worked out from besides the sheet: the state
        (its generation: any write changes it) and the day."""
        return (self.states.generation(), self.flows.journal.generation(), self.today())

    def known_ids(self) -> dict[str, str]:
        """Row ID → the fingerprint a new row must have to take that id again (its content
        gives it the id: :func:`sync.sheet.session.new_row_id`). A row that left the sheet on
        an earlier day is not taken again by a row typed with the same cells: that is a new
        row, read as on today — its "today" is not the day the deleted one meant."""
        today = self.today().isoformat()
        return {
            i: "" if s.row_number == 0 and s.read_on and s.read_on != today else s.fingerprint
            for i, s in self.states.load().items()
        }

    def _seat_of(self, row: SheetRow, state: RowState | None, row_id: str) -> Any:
        day = read_day(state, row.cells, self.today())
        return getattr(self.parse(row.cells, row_id=row_id, today=day), "attendee", None)

    @staticmethod
    def _pin(row: SheetRow, states: dict[str, RowState]) -> RowState | None:
        """The row state whose first reading pins ``row``'s relative date: its own, else, for
        a copy given an id of its own this cycle, its original's — a pasted "tomorrow" meant
        the day the original meant, not the day after the paste."""
        return states.get(row.row_id) or (states.get(row.carried) if row.carried else None)

    def rehome(self, rows: list[SheetRow]) -> list[tuple[int, int]]:
        """A booked row typed over with another person, while the person it is booked for is
        on another row holding no booking (a copy pasted, the copy given a new id, then the
        original typed over): the two rows trade ids, so the booking stays with its person
        and the newcomer is a new row. Pairs of positions in ``rows``."""
        states = self.states.load()
        holding = {
            rid for rid, point in self.flows.journal.bookings().items() if point != Point.CANCELLED
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
            # the row as it was booked (moved or pasted whole) before any other row holding
            # the seat (a second row for the person, told it repeats the seat)
            for other, candidate in sorted(
                enumerate(rows), key=lambda c: c[1].fingerprint != state.fingerprint
            ):
                if other == at or other in used or candidate.row_id in booked:
                    continue
                there = self._seat_of(candidate, self._pin(candidate, states), candidate.row_id)
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
        self, *, force: bool = False, dry_run: bool = False, include_older: bool = False
    ) -> tuple[Snapshot | None, CycleReport]:
        """``dry_run`` (``wixsync plan``): read and plan only; the hooks change nothing.
        ``include_older``: rows before the start date are synced too (this cycle only)."""
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
        # the same rows as the last cycle's, the same state and day: the same (idle) plan
        key = (*self._token(), force, include_older, self.start_date, self.max_rows)
        again = self._idle.again(snapshot.rows, key)
        if again is not None:
            return snapshot, again
        today = self.today()
        states = self.states.load()
        # a row's cells parse the same way until they change (or the day it is read as on
        # does): the daemon keeps the parsed rows of the last cycle, so an idle cycle parses
        # nothing, and the first of a new day only the rows whose day is not pinned
        report.rows, report.days = self._parsed.inputs(
            snapshot.rows, lambda r: self._pin(r, states), today, self.parse
        )
        report.known = states
        bookings = self.flows.journal.bookings()  # row id → point, for rows holding one
        report.holding = set(bookings)
        report.cancelled = {rid for rid, point in bookings.items() if point == Point.CANCELLED}
        booked = {
            rid: s.identity
            for rid, s in states.items()
            if rid in bookings and bookings[rid] != Point.CANCELLED
        }
        report.site_checks = site_checks(self.flows.journal)
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
            start_date=self.start_date,
            include_older=include_older,
            site_checks=report.site_checks,
        )
        report.brake = report.plan.brake
        timed = any(s.retry for s in states.values())  # a back-off: the plan depends on now
        self._idle.remember(snapshot.rows, key, report, timed=timed)
        return snapshot, report

    # -- run ---------------------------------------------------------------------------------
    def run_cycle(self, *, force: bool = False, include_older: bool = False) -> CycleReport:
        run_id = self.states.start_run()
        calls_before = self.flows.client.http.stats.sent
        snapshot, report = self.read_and_plan(force=force, include_older=include_older)
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
        log.debug(
            "%d rows read: %d to sync, %d said to a person",
            report.plan.rows_seen,
            len(syncs),
            len(report.plan.actions) - len(syncs),
        )
        early = EarlyWrites(self, snapshot, report)  # a long cycle shows rows as they are done
        if syncs:
            # rows typed over with another seat than the one their booking was for (a live
            # booking is never moved: the planner said how to; so that one was cancelled)
            known = report.known
            retyped = {
                s.row_id
                for s in syncs
                if (was := known.get(s.row_id)) is not None
                and was.identity
                and not holds(was, s.attendee)
            }
            outcomes = self.flows.run(
                [s.attendee for s in syncs],
                present=[r.row_id for r in snapshot.rows],
                on_done=early,
                retyped=retyped,
            )
            report.outcomes = {o.row_id: o for o in outcomes}
        values, states = self._results(snapshot, report)
        values = early.left(values)
        beat = self._heartbeat(snapshot, report, force=bool(values) or bool(early.writes))
        if values or beat:
            placement = self.session.write_back(snapshot, values, beat)
            report.written_rows = len(placement.placed)
            report.skipped_rows = placement.skipped
            placed = set(placement.placed)
            states = [s for s in states if s.row_id in placed or s.row_id not in values]
        report.written_rows += early.written
        self.states.save(states)
        if states or snapshot.rows is not self._placed:  # else every number is as kept
            self.states.place({r.row_id: r.index + 1 for r in snapshot.rows})  # for `status`
            self._placed = snapshot.rows
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
        stamp = datetime.fromtimestamp(self.clock(), UTC).astimezone(self.zone).strftime("%H:%M:%S")
        text = f"Synced at (last sync {stamp} · {words.plural(report.plan.rows_seen, 'row')})"
        return [CellWrite(0, col, text)]

    def _results(
        self,
        snapshot: Snapshot,
        report: CycleReport,
        only: set[str] | None = None,
    ) -> tuple[dict[str, dict[str, Any]], list[RowState]]:
        """The cells to write and the states to remember for the plan's rows (``only``
        those, when given: the rows done so far of a long cycle)."""
        if not report.plan.actions:
            return {}, []  # an idle cycle: nothing to look up, row by row
        by_id = {r.row_id: r for r in snapshot.rows}
        inputs = {r.row_id: r for r in report.rows}
        old = report.known
        now = self.clock()
        local = datetime.fromtimestamp(self.clock(), UTC).astimezone(self.zone)
        stamp = local.strftime("%Y-%m-%d %H:%M")
        values: dict[str, dict[str, Any]] = {}
        states: list[RowState] = []
        # when Wix is down the daemon backs off as a whole, and the rows are due again as
        # soon as it tries (no back-off of their own)
        outage = report.wix_down
        for action in report.plan.actions:
            if only is not None and action.row_id not in only:
                continue
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
                    {
                        **wanted,
                        **({HELD_BY: outcome.held_by} if outcome.held_by else {}),
                        **({SITE_SEEN: report.site_checks} if outcome.site_side else {}),
                    },
                    outcome.retry or outcome.pending,
                    failures,
                    now + BACKOFF[min(failures, len(BACKOFF)) - 1] if failures else 0,
                    seat_name=attendee.name,
                    session_at=session_at,
                    **pinned,
                )
            elif action.kind == NOTICE and previous is not None:
                # a note on a row done: what it shows stays, the Error says it (or is emptied)
                shows = {k: v for k, v in previous.written.items() if k != "said"}
                wanted = {**shows, "error": " ".join(action.messages)}
                state = replace(
                    previous,
                    fingerprint=inputs[action.row_id].fingerprint,
                    written={**wanted, "said": NOTICE} if action.messages else wanted,
                    **pinned,
                )
            else:
                wanted = {"error": " ".join(action.messages)}
                asks = getattr(inputs[action.row_id].parsed, "attendee", None)
                if action.row_id not in report.holding or (
                    # typed over with another seat than its cancelled booking's
                    action.row_id in report.cancelled
                    and previous is not None
                    and asks is not None
                    and not holds(previous, asks)
                ):
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
