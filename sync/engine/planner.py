"""The pure middle: sheet rows + what the daemon remembers → the actions of this cycle.

No I/O. ``wixsync plan`` prints exactly this list, and a cycle runs exactly this list.

Decision table, one branch per real case (each has a test named after it):

1. a blank row                                     → nothing
1b. a row for a session before the start date,     → left alone: listed in the plan, nothing
    never synced before                              sent, nothing written (``include_older``
                                                     syncs it; once synced it is a row like
                                                     any other)
2. a row whose cells do not parse                  → report the problems (nothing sent to Wix)
3. the same person and session as another row      → report a duplicate: the row that holds
                                                     the booking stays, whatever the order (a
                                                     cancel row holds a seat for no other row:
                                                     one asking after it is booked once the
                                                     cancel is done)
4. a booked row whose person, class or date changed → report how to move it (never re-book)
5. an unchanged row already done                   → nothing
5a. an unchanged row holding no booking (a cancel  → a note in its Error, its Status kept;
    done), whose seat a deleted row's booking still  taken back once the seat is free or a
    holds and no row asks for                        row holds it (never cancelled by itself)
6. an unchanged row that failed for content         → nothing: waits for a person to edit it
6a. an unchanged row refused for something in Wix   → sync again, once, after the site was
    or the key, the site checked since               checked (doctor); then waits again
7. an unchanged row that failed for Wix/network     → sync again once its back-off has passed
8. a new or edited row                             → sync
A row that disappeared from the sheet is never cancelled: only Payment = cancel cancels.
"The same person" is the same email *and* name: two children on a parent's email are two
seats. A message names rows by their number now, and is written again when that changes.
Brakes: a sheet that suddenly reads empty, or a plan touching far more rows than allowed,
stops the cycle unless forced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from sync.engine.diff import diff
from sync.engine.input_problems import AfterCancel, HeldByDeletedRow, MovedBooking, SameSeat
from sync.engine.rowstate import SITE_SEEN, RowState
from sync.flows.attendee import Attendee
from sync.flows.attendee import name_key as name_key  # where sync.engine.meaning finds it

DUPLICATE = "duplicate"
#: a Report's kind: a note on a row done (its Status stays), not a problem with its cells
NOTICE = "notice"
#: in a row state's ``written``: the id of the row holding this row's seat in Wix
HELD_BY = "held_by"
#: seconds a row that failed for Wix or the network waits, after its 1st, 2nd, … failure
BACKOFF = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


class ParsedLike(Protocol):
    attendee: Attendee | None
    problems: tuple[Any, ...]
    blank: bool
    #: the session's date when the Date cell read as one, even if another cell did not
    session_date: date | None


@dataclass(frozen=True, slots=True)
class Settled:
    """A row whose cells are those it was synced with, with nothing left to do (branch 5),
    as its row state alone tells: the planner needs no parse of its cells
    (:func:`settled`)."""

    #: :attr:`Attendee.seat_key` and :attr:`Attendee.session_key` of the row's attendee
    seat: str
    identity: str
    session_date: date


@dataclass(frozen=True, slots=True)
class RowInput:
    row_id: str
    index: int  # sheet row number (1-based, as people see it)
    fingerprint: str
    parsed: ParsedLike
    #: set for a row read as it was synced (its ``parsed`` may then be a parse put off)
    settled: Settled | None = None


def settled(state: RowState | None, fingerprint: str) -> Settled | None:
    """The row read with ``fingerprint`` is settled when its state says it was synced with
    these very cells (booked: an identity and a name), wrote no error, waits for no retry,
    and holds its own seat (no duplicate, no seat held by another row)."""
    if state is None or state.fingerprint != fingerprint or not state.identity:
        return None
    written = state.written
    if (
        not state.seat_name
        or state.retry
        or written.get("error")
        or written.get("said") == DUPLICATE
        or written.get(HELD_BY)
    ):
        return None
    try:  # "email|class|2026-06-15|06:30": the date is the next-to-last part
        day = iso_day(state.identity.rsplit("|", 2)[1])
    except (IndexError, ValueError):
        return None
    return Settled(f"{state.identity}|{_name_key(state.seat_name)}", state.identity, day)


# a season's rows name a few hundred days and a club's people: each worked out once
iso_day = lru_cache(maxsize=4096)(date.fromisoformat)
_name_key = lru_cache(maxsize=8192)(name_key)


@dataclass(frozen=True)
class Sync:
    row_id: str
    attendee: Attendee
    why: str  # "new row", "edited", "retry", "site checked"


@dataclass(frozen=True)
class Report:
    row_id: str
    messages: tuple[str, ...]
    #: "duplicate": said because of another row (branch 3), not of the row's own cells —
    #: looked at again, unedited, once that other row is gone
    kind: str = ""


@dataclass(frozen=True)
class LeftAlone:
    """A row for a session before the start date that was never synced (branch 1b): not
    an action — nothing is sent or written for it; ``wixsync plan`` lists it."""

    row_id: str
    index: int
    session_date: date


@dataclass
class Plan:
    actions: list[Sync | Report] = field(default_factory=list)
    brake: str | None = None
    rows_seen: int = 0
    #: rows before the start date, left alone this cycle (branch 1b)
    left_alone: list[LeftAlone] = field(default_factory=list)
    start_date: date | None = None

    @property
    def syncs(self) -> list[Sync]:
        return [a for a in self.actions if isinstance(a, Sync)]


def identity(a: Attendee) -> str:
    """The person and session a booking is for (:attr:`Attendee.session_key`)."""
    return a.session_key


def seat(a: Attendee) -> str:
    """The person and session a row asks for: :func:`identity` and the name, so that two
    people sharing one email are two seats (:attr:`Attendee.seat_key`)."""
    return a.seat_key


def seat_and_identity(row: RowInput) -> tuple[str, str] | None:
    """The seat a row names and the session it is for: from its row state when it is
    settled (its cells unparsed), else from its cells; None for a blank or unreadable row."""
    if row.settled is not None:
        return row.settled.seat, row.settled.identity
    a = row.parsed.attendee
    if row.parsed.blank or row.parsed.problems or a is None:
        return None
    return seat(a), identity(a)


def cancelling(row: RowInput) -> bool:
    """The row says cancel and was read from its cells (not settled): a booking it holds
    is cancelled by this cycle."""
    a = row.parsed.attendee if row.settled is None else None
    return a is not None and a.payment.value == "cancel"


def keepers(
    rows: list[RowInput], booked: Mapping[str, str]
) -> tuple[dict[str, RowInput], dict[str, str]]:
    """For each seat, the row that keeps it: the first (in sheet order) whose journal holds
    the booking for this session; else the first that asks for the seat; else the first —
    so a sort never moves a booking's seat. A ``cancel`` row asks for no seat, nor does a
    settled row whose booking is cancelled: "set Payment to cancel, then add a new row"
    books the new row, wherever the two rows stand. Also: the seats only such rows name
    (seat → session), which a deleted row's booking may still hold (:func:`left_held`)."""
    found: dict[str, RowInput] = {}
    holds: set[str] = set()
    spare: dict[str, tuple[RowInput, str]] = {}
    for row in rows:
        if row.settled is not None:  # (most rows of a season: read from the state alone)
            key, its = row.settled.seat, row.settled.identity
            asks = False  # holding its booking (below), or its booking cancelled
        elif (named := seat_and_identity(row)) is not None:
            key, its = named
            asks = not cancelling(row)
        else:
            continue
        if booked.get(row.row_id) == its and key not in holds:
            found[key] = row
            holds.add(key)
        elif asks:
            found.setdefault(key, row)
        else:
            spare.setdefault(key, (row, its))
    idle = {key: its for key, (_, its) in spare.items() if key not in found}
    for key, (row, _) in spare.items():
        found.setdefault(key, row)
    return found, idle


def left_held(
    idle: Mapping[str, str],
    present: set[str],
    states: Mapping[str, RowState],
    booked: Mapping[str, str],
) -> dict[str, HeldByDeletedRow]:
    """Of the seats only rows holding no booking name (``idle``), those a row that left the
    sheet still holds a booking for (deleted: a deleted row cancels nothing): seat → what
    those rows are told. Nothing to look at while no such row is in the sheet."""
    if not idle:
        return {}
    sessions = set(idle.values())
    found: dict[str, HeldByDeletedRow] = {}
    for rid, its in booked.items():
        if its not in sessions or rid in present:
            continue
        state = states.get(rid)
        if state is None or not state.seat_name:
            continue
        key = f"{its}|{_name_key(state.seat_name)}"
        if key in idle:
            found[key] = HeldByDeletedRow(state.seat_name, state.written.get("booking_id", ""))
    return found


def notice(
    row: RowInput,
    state: RowState,
    booked: Mapping[str, str],
    held: Mapping[str, HeldByDeletedRow],
    render: Any,
) -> Report | None:
    """For an unchanged row holding no booking — a cancel done, or one that found nothing to
    cancel — whose seat a deleted row's booking still holds: say so on the row (never
    cancelled by itself). Said again if that changes; taken back once the seat is free or
    a row holds it. Not for a cancel row told another row held the seat: that one carries
    the booking on and cancels it once the other row is deleted (branch 6)."""
    named = seat_and_identity(row)
    if state.written.get(HELD_BY) or named is None:
        return None
    key, its = named
    if booked.get(row.row_id) == its or (row.settled is None and not cancelling(row)):
        return None
    if key in held:
        return Report(row.row_id, (render(held[key]),), NOTICE)
    if state.written.get("said") == NOTICE:
        return Report(row.row_id, (), NOTICE)  # the seat is free, or a row holds it now
    return None


def _site_fixed(state: RowState, site_checks: int) -> bool:
    """Refused for something in Wix or the key, and the site was checked since."""
    seen = state.written.get(SITE_SEEN)
    return isinstance(seen, int) and seen < site_checks


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
    start_date: date | None = None,
    include_older: bool = False,
    site_checks: int = 0,
) -> Plan:
    """``booked``: row id → identity of the booking the journal holds for it.
    ``render``: turns an input problem into a sentence (``sync.words.input_problem``).
    ``changes``: row id → new / edited / unchanged / gone (:func:`sync.engine.diff.diff`).
    ``start_date``: rows for sessions before it that were never synced are left alone,
    unless ``include_older`` (``wixsync sync --include-older``).
    ``site_checks``: the site's checks so far; a row refused for something in Wix or the key
    before the last of them is tried again, unedited."""
    if changes is None:
        changes = diff(((r.row_id, r.fingerprint) for r in rows), states)
    result = Plan(rows_seen=sum(1 for r in rows if not r.parsed.blank), start_date=start_date)
    known = [s for s in states.values() if s.identity]
    if result.rows_seen == 0 and len(known) >= 3 and not force:
        result.brake = (
            f"The sheet reads empty, but {len(known)} rows were synced before. "
            "Nothing was changed. If the rows were removed on purpose, run with "
            "--force."
        )
        return result
    keeper, idle = keepers(rows, booked)
    present = {r.row_id for r in rows}
    held = left_held(idle, present, states, booked)
    for row in rows:
        parsed, state = row.parsed, states.get(row.row_id)
        # 5a. the seat of a row holding no booking still booked by a deleted row: said
        if (
            state is not None
            and (
                (held and (row.settled is None or row.settled.seat in held))
                or state.written.get("said") == NOTICE
            )
            and changes.get(row.row_id) == "unchanged"
            and not state.retry
            and (said := notice(row, state, booked, held, render)) is not None
        ):
            result.actions.append(said)
            continue
        # 5. done, known from the row state alone (:func:`settled`): its cells unparsed
        done = row.settled
        if (
            done is not None
            and state is not None
            and changes.get(row.row_id) == "unchanged"
            and (keeper.get(done.seat) is row or booked.get(row.row_id) != done.identity)
        ):
            continue  # (a row holding no booking: a cancel done, or cancelled in Wix)
        # 1. a blank row
        if parsed.blank:
            continue
        # 1b. before the start date and never synced: left alone until the owner says so
        day = parsed.attendee.session_date if parsed.attendee else parsed.session_date
        if start_date and not include_older and state is None and day and day < start_date:
            result.left_alone.append(LeftAlone(row.row_id, row.index, day))
            continue
        # 2. cells that do not parse
        if parsed.problems or parsed.attendee is None:
            result.actions.append(Report(row.row_id, tuple(render(p) for p in parsed.problems)))
            continue
        attendee = parsed.attendee
        key = identity(attendee)
        # 3. the same person and session as another row: the row holding the booking stays
        stays = keeper[seat(attendee)]
        if stays is not row and attendee.payment.value != "cancel":
            # (the seat's booking being cancelled by its row: this row books once it is)
            wait = booked.get(stays.row_id) == key and cancelling(stays)
            said = (render(AfterCancel(stays.index) if wait else SameSeat(stays.index)),)
            result.actions.append(Report(row.row_id, said, DUPLICATE))
            continue
        # 4. booked, then the person, class or date changed
        # (only when the cells changed; "today" keeps its day: the engine reads a row as on
        # the day it was first read, while its Date cell says the same)
        unchanged = changes.get(row.row_id) == "unchanged"
        was = booked.get(row.row_id)
        if was and was != key and not unchanged:
            result.actions.append(Report(row.row_id, (render(MovedBooking(was)),)))
            continue
        if unchanged and state is not None:
            # 5. done, or 6. failed for its content: leave it until a person edits it — but
            # a duplicate whose other row is gone is a row of its own now
            holder = state.written.get(HELD_BY)
            fixed = _site_fixed(state, site_checks)  # 6a
            if (
                not state.retry
                and state.written.get("said") != DUPLICATE
                and not (holder and holder not in present)
                and not fixed
            ):
                continue
            if not state.retry:
                result.actions.append(
                    Sync(row.row_id, attendee, "site checked" if fixed else "edited")
                )
                continue
            # 7. failed for Wix or the network: wait out the back-off (a wait longer than
            # any back-off means the clock was set back: the row is due now)
            if now < state.next_try <= now + BACKOFF[-1]:
                continue
            result.actions.append(Sync(row.row_id, attendee, "retry"))
            continue
        # 8. new or edited
        result.actions.append(Sync(row.row_id, attendee, "edited" if state else "new row"))
    # a row reported before and not edited since waits for a person: say it once (a
    # message naming another row's number is said again when that number changed)
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
