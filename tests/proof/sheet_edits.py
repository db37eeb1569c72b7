"""Volunteers handling the sheet the way they really do, for issue 13's figures.

A seeded random sequence of sheet edits — rows added (seeded people and new ones, children on
a parent's email, dates typed exactly, as ``today``/``tomorrow`` or as a weekday), the sheet
sorted by any column, a whole row copied with its hidden Row ID into a new row and another
person typed over it, blank rows inserted, rows deleted, a deleted row typed again with
``cancel``, Payment changed on a booked row, the clock moved by hours or a day — with one
daemon cycle after each edit, through the whole product (:class:`tests.proof.world.World`:
``open_runtime`` as ``wixsync run`` wires it, the real gspread against the fake Sheets API,
the Wix client against the sandbox, :class:`sync.daemon.Daemon` ticking).

The judge is a model of what the volunteers asked for, kept outside the product:

* a *seat* is (email, name, class, session day); a row asks for its seat, or asks to cancel
  it when Payment says ``cancel``;
* a row's day is pinned when the daemon first sees the row (a relative date means the day it
  meant then); a row never booked may be read again on a later day, so it may mean either;
  a copy of a row with a relative date may mean the day it says now or its source's day;
* nothing here ever retypes a row's person, class or date: a copy typed over is a new row.

and Wix's own state (the sandbox's bookings) plus the sheet's cells:

* every booking Wix makes must be for a seat some row asks for; every booking Wix cancels
  must be for a seat some row asks to cancel;
* one active booking per seat;
* a row's Booking ID is the booking of that row's seat; no Booking ID on two rows;
* a message naming a row number names a row of the same seat, as the sheet stands;
* no row is told it "was booked for another person, class or date";
* no row says ``Cancelled`` while Wix keeps its seat and no other row asks for it.

Each edit is recorded as plain operations (:class:`Op`), so a failing run can be replayed and
shrunk (:func:`replay`, :func:`shrink`).

An extra column, ``Notes``, carries a mark per row (``n7``) so the judge can follow rows
through sorts and inserts; the product ignores a column it does not know.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sync.daemon import Daemon
from sync.engine.cycle import CycleReport
from sync.runtime import Runtime
from tests.proof.world import HEADER, World

NOTES = "Notes"
COLUMNS = [*HEADER, NOTES]  # Date Time Class Name Email Payment Plan Attended Notes
DATE, TIME, CLASS, NAME, EMAIL, PAYMENT, PLAN, ATTENDED, MARK = range(9)
POLL = 15.0
ACTIVE = ("CREATED", "PENDING", "CONFIRMED")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OPEN_WATER, MASTERS = "Open Water Swim", "Masters Swim"
#: the sandbox's sessions run from 7 days before the start to 30 after; the clock stays inside
MAX_DAYS_MOVED = 14

#: (name, email, plans held: {plan: classes it pays for})
PEOPLE: list[tuple[str, str, dict[str, tuple[str, ...]]]] = [
    ("Ana Lee", "ana.lee@example.org", {"10 Swim Pass": (OPEN_WATER, MASTERS)}),
    ("Cara Nguyen", "cara.nguyen@example.org", {"Unlimited Summer": (OPEN_WATER,)}),
    ("Eve Martin", "eve.martin@example.org", {"10 Swim Pass": (OPEN_WATER, MASTERS)}),
    ("Finn Walsh", "finn.walsh@example.org", {"5 Masters Pass": (MASTERS,)}),
    ("Ben Ortiz", "ben.ortiz@example.org", {}),  # a pass with no sessions left
    ("Gus Petrov", "gus.petrov@example.org", {}),  # booked online for today's swim
    ("Hana Sato", "hana.sato@example.org", {}),  # booked online, unpaid
    ("Ivan Novak", "ivan.novak@example.org", {}),
    ("Jade Kim", "jade.kim@example.org", {}),
    ("Kofi Mensah", "kofi.mensah@example.org", {}),
    ("Lena Berg", "lena.berg@example.org", {}),
    ("Zoe Quinn", "zoe.quinn@example.org", {}),  # new to Wix
    ("Maya Okafor", "maya.okafor@example.org", {}),  # new
    ("Tom Reyes", "tom.reyes@example.org", {}),  # new
    ("Mia Novak", "ivan.novak@example.org", {}),  # Ivan's children, on his email
    ("Leo Novak", "ivan.novak@example.org", {}),
    ("Sara Berg", "lena.berg@example.org", {}),  # Lena's daughter
    ("Noor Quinn", "zoe.quinn@example.org", {}),  # Zoe's son (a new email shared)
]
SORT_COLUMNS = [*HEADER[:7], "Booking ID", "Status", "Row ID"]
#: how often each edit is drawn
KINDS: dict[str, int] = {
    "add": 30,
    "change payment": 14,
    "sort": 10,
    "copy row over": 10,
    "insert blank": 6,
    "delete": 10,
    "retype deleted": 8,
    "hours pass": 8,
    "a day passes": 4,
}
ROW_NUMBER = re.compile(r"\brows? (\d+)\b")
MOVED = "booked for another person"
#: the messages that say another row holds (or asks for) this row's seat
TAKEN = (
    "already booked for this session by another row",
    "on another row for this same session",
    "Same person and session as row",
)
BOOKING_IN_TEXT = re.compile(r"\(booking ([0-9a-f-]{36})\)")


# -- the operations an edit is made of ---------------------------------------------------------
@dataclass(frozen=True)
class Op:
    """One thing a volunteer (or time) does to the world; replayable as it stands.

    ``type``: cells typed into a row (``args = (row, cells)``; ``None`` keeps a cell);
    ``insert``: blank rows above a row (``(above, count)``); ``delete``: a row (``(row,)``);
    ``sort``: the rows by a header (``(header, descending)``); ``paste``: a whole row, all
    cells including the hidden ones, over another (``(source, target)``); ``wait``: seconds
    pass; ``cycle``: the daemon runs a cycle now (in the middle of an edit)."""

    kind: str
    args: tuple[Any, ...]

    def __str__(self) -> str:
        match self.kind:
            case "type":
                row, cells = self.args
                typed = ", ".join(
                    f"{COLUMNS[i]}={v!r}" for i, v in enumerate(cells) if v is not None
                )
                return f"type row {row}: {typed}"
            case "insert":
                return f"insert {self.args[1]} blank row(s) above row {self.args[0]}"
            case "delete":
                return f"delete row {self.args[0]}"
            case "sort":
                return f"sort by {self.args[0]}{' descending' if self.args[1] else ''}"
            case "paste":
                return f"paste row {self.args[0]} (with its hidden cells) over row {self.args[1]}"
            case "wait":
                return f"{self.args[0] / 3600:g} h pass"
            case "cycle":
                return "a cycle runs"
        return f"{self.kind} {self.args}"


@dataclass(frozen=True)
class Edit:
    kind: str
    ops: tuple[Op, ...]

    def __str__(self) -> str:
        return f"[{self.kind}] " + "; ".join(map(str, self.ops))


# -- the judge's view of the sheet ---------------------------------------------------------------
Seat = tuple[str, str, str, date]  # email, name, class, session day (all but the day folded)


def fold(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def resolve(text: str, today: date) -> date | None:
    """The day a Date cell means on ``today`` (only the forms this driver types)."""
    word = fold(text)
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    named = [i for i, day in enumerate(WEEKDAYS) if len(word) >= 3 and day.startswith(word)]
    if len(named) == 1:
        return today - timedelta(days=(today.weekday() - named[0]) % 7)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})", word)
    if match:
        return date(today.year, int(match[1]), int(match[2]))
    return None


def is_relative(text: str) -> bool:
    return re.fullmatch(r"\d{1,2}/\d{1,2}", fold(text)) is None


def day_text(day: date) -> str:
    return f"{day.month}/{day.day}"


@dataclass
class Line:
    """One sheet row as the judge reads it."""

    number: int  # 1-based, as a person sees it
    cells: dict[str, str]

    def get(self, header: str) -> str:
        return self.cells.get(header, "")

    @property
    def mark(self) -> str:
        return self.get(NOTES)

    @property
    def blank(self) -> bool:
        return not any(self.cells.get(h, "").strip() for h in HEADER)

    @property
    def cancels(self) -> bool:
        return fold(self.get("Payment")) == "cancel"


@dataclass
class Marked:
    """What the judge remembers of a row (by its mark): the days it may mean."""

    days: set[date] = field(default_factory=set)
    ever_booked: bool = False


def read_lines(world: World) -> list[Line]:
    grid = world.grid()
    if not grid:
        return []
    head = [str(h) for h in grid[0]]
    head = ["Synced at" if h.startswith("Synced at") else h for h in head]
    lines = []
    for index, row in enumerate(grid[1:], start=2):
        values = [str(c) for c in row] + [""] * (len(head) - len(row))
        lines.append(Line(index, dict(zip(head, values, strict=False))))
    return lines


def booking_seat(booking: dict[str, Any]) -> Seat:
    details = booking.get("contactDetails") or {}
    name = f"{details.get('firstName', '')} {details.get('lastName', '')}"
    slot = booking["bookedEntity"]["slot"]
    return (
        fold(details.get("email", "")),
        fold(name),
        fold(booking["bookedEntity"].get("title", "")),
        date.fromisoformat(slot["startDate"][:10]),
    )


def describe_seat(seat: Seat) -> str:
    return f"{seat[1].title()} <{seat[0]}> {seat[2].title()} {seat[3]:%a %-d %b}"


# -- the figures ---------------------------------------------------------------------------------
@dataclass
class Finding:
    check: str
    edit: int  # the edit after which the cycle found it (0 = the first rows)
    detail: str

    def __str__(self) -> str:
        return f"after edit {self.edit}: {self.detail}"


#: (check, what it counts, a target of 0?)
CHECKS: list[tuple[str, str, bool]] = [
    ("wrong booking", "rows ending with someone else's booking", True),
    ("made unasked", "bookings made that were not asked for", True),
    ("cancelled unasked", "bookings cancelled that were not asked for", True),
    ("duplicate", "seats with two active bookings", True),
    ("shared id", "Booking IDs ending on two rows", True),
    ("stale number", "rows ending with a stale row number in a message", True),
    ("moved advice", "rows ending told they were 'booked for another person'", True),
    ("false duplicate", "rows ending told another row has their seat, when none has", True),
    (
        "cancelled kept",
        "rows ending 'Cancelled' while Wix keeps the seat, their Error not saying so",
        True,
    ),
    ("crash", "cycles that raised", True),
    ("unbooked silent", "rows asking for a seat Wix does not hold, with no Error", False),
    ("cancel not done", "rows asking to cancel a seat Wix still holds, with no Error", False),
]
#: checks judged on the sheet as it ends (the others count every event of the run)
AT_END = {
    "wrong booking",
    "shared id",
    "stale number",
    "moved advice",
    "false duplicate",
    "cancelled kept",
    "unbooked silent",
    "cancel not done",
}


@dataclass
class Figures:
    edits: int
    seed: int
    by_kind: Counter[str] = field(default_factory=Counter)
    cycles: int = 0
    wix_calls: int = 0
    wix_requests: int = 0  # as the sandbox counted them
    rows: int = 0
    bookings_made: int = 0
    bookings_cancelled: int = 0
    found: dict[str, list[Finding]] = field(default_factory=dict)  # at the end / whole run
    during: Counter[str] = field(default_factory=Counter)  # sheet checks after any cycle
    first_seen: dict[str, int] = field(default_factory=dict)  # check -> first edit number
    history: list[Edit] = field(default_factory=list)

    def count(self, check: str) -> int:
        return len(self.found.get(check, []))

    @property
    def missed(self) -> list[str]:
        return [c for c, _, target in CHECKS if target and self.count(c)]

    @property
    def ok(self) -> bool:
        return not self.missed

    def lines(self, *, details: int = 3) -> list[str]:
        kinds = ", ".join(f"{k} {self.by_kind[k]}" for k in KINDS if self.by_kind[k])
        out = [
            f"{self.edits} edits (seed {self.seed}): {kinds}",
            f"{self.cycles} cycles, {self.wix_calls} Wix calls ({self.wix_requests} requests"
            f" served); {self.bookings_made} bookings made, {self.bookings_cancelled}"
            f" cancelled; {self.rows} rows at the end",
        ]
        for check, words, target in CHECKS:
            n = self.count(check)
            mark = ("ok  " if n == 0 else "FAIL") if target else "    "
            extra = ""
            if check in AT_END and self.during[check]:
                extra = f" (seen after {self.during[check]} cycle(s) during the run"
                extra += f", first after edit {self.first_seen[check]})"
            goal = " (target 0)" if target else ""
            out.append(f"{mark} {words}: {n}{goal}{extra}")
            out.extend(f"       {f}" for f in self.found.get(check, [])[:details])
        return out


# -- the driver ----------------------------------------------------------------------------------
class Volunteers:
    """The world, the daemon on simulated time, the judge's memory, and the edits."""

    def __init__(
        self,
        folder: Path,
        *,
        seed: int = 1,
        after_tick: Callable[[World], None] | None = None,
    ) -> None:
        self.world = World(folder, [], header=COLUMNS)
        self.after_tick = after_tick  # for the judge's own tests: Wix changed behind its back
        self.rng = random.Random(seed)
        self.stack = ExitStack()
        self.runtime: Runtime | None = None
        self.daemon: Daemon | None = None
        self.report: CycleReport | None = None
        self.marked: dict[str, Marked] = {}
        self.pasted: dict[int, str] = {}  # row number -> the mark of the row pasted into it
        self.copied_from: dict[str, str] = {}  # a copy's mark -> its source's mark
        self.deleted: list[tuple[Line, Marked]] = []
        self.next_mark = 0
        self.days_moved = 0
        self.edit_no = 0
        self.figures = Figures(0, seed)
        self.monotonic = 0.0
        self._sync_sandbox_clock()

    # -- time and the daemon ---------------------------------------------------------------------
    def today(self) -> date:
        return self.world.today()

    def _sync_sandbox_clock(self) -> None:
        self.world.sandbox.site.frozen_now = datetime.fromtimestamp(self.world.now, UTC)

    def wait(self, seconds: float) -> None:
        self.world.now += seconds
        self.monotonic += seconds
        self._sync_sandbox_clock()

    def _open(self) -> Daemon:
        if self.daemon is None:
            self.runtime = self.stack.enter_context(self.world.open())
            engine = self.runtime.engine

            def cycle() -> CycleReport:
                self.report = engine.run_cycle()
                return self.report

            self.daemon = Daemon(
                cycle,
                poll_seconds=POLL,
                state_path=self.world.state_path,
                say=lambda _s: None,
                clock=lambda: self.monotonic,
            )
        return self.daemon

    def close(self) -> None:
        self.stack.close()
        self.stack, self.runtime, self.daemon = ExitStack(), None, None

    def cycle(self) -> CycleReport | None:
        """One daemon tick, judged: the sheet as the cycle reads it, Wix before and after."""
        lines = read_lines(self.world)
        self._pin(lines)
        asks, cancels = self._asks(lines)
        before = {b["id"]: b["status"] for b in self._bookings()}
        calls = len(self.world.sandbox.log)
        self.report = None
        try:
            self._open().tick()
        except Exception as exc:  # the product crashed: a restarted process carries on
            self._find("crash", f"{type(exc).__name__}: {exc} ({_where(exc)})")
            self.close()
        if self.after_tick is not None:
            self.after_tick(self.world)
        self.figures.cycles += 1
        if self.report is not None:
            self.figures.wix_calls += self.report.wix_calls
        self.figures.wix_requests += len(self.world.sandbox.log) - calls
        self.wait(POLL)
        self._judge_wix(before, asks, cancels)
        self._judge_sheet(read_lines(self.world), final=False)
        return self.report

    def settle(self, most: int = 8) -> None:
        """Cycles until one has nothing to do (plan charges settle a cycle or two later)."""
        for _ in range(most):
            self.wait(60)
            report = self.cycle()
            pending = any("pending" in line.get("Status") for line in read_lines(self.world))
            if report is not None and not report.plan.actions and not pending:
                break

    # -- the judge -------------------------------------------------------------------------------
    def _bookings(self) -> list[dict[str, Any]]:
        return list(self.world.sandbox.site.dump()["bookings"])

    def _pin(self, lines: list[Line]) -> None:
        """A row's day is the one it meant when the daemon first saw it; a row never booked
        may be read again on a later day."""
        for line in lines:
            if line.blank or not line.mark:
                continue
            day = resolve(line.get("Date"), self.today())
            new = line.mark not in self.marked
            memory = self.marked.setdefault(line.mark, Marked())
            if day is not None and (not memory.days or not memory.ever_booked):
                memory.days.add(day)
            source = self.marked.get(self.copied_from.get(line.mark, ""))
            if new and source is not None and is_relative(line.get("Date")):
                # a copy of "tomorrow" typed yesterday: the day it says now, or the day its
                # source meant (the issue pins a copy's day when it is first synced; a
                # volunteer who copied the row may have meant the source's session)
                memory.days |= source.days

    def seats(self, line: Line) -> set[Seat]:
        memory = self.marked.get(line.mark)
        if line.blank or memory is None:
            return set()
        who = (fold(line.get("Email")), fold(line.get("Name")), fold(line.get("Class")))
        return {(*who, day) for day in memory.days}

    def _asks(self, lines: list[Line]) -> tuple[set[Seat], set[Seat]]:
        asks: set[Seat] = set()
        cancels: set[Seat] = set()
        for line in lines:
            (cancels if line.cancels else asks).update(self.seats(line))
        return asks, cancels

    def _find(self, check: str, detail: str) -> None:
        self.figures.found.setdefault(check, []).append(Finding(check, self.edit_no, detail))
        self.figures.first_seen.setdefault(check, self.edit_no)

    def _judge_wix(self, before: dict[str, str], asks: set[Seat], cancels: set[Seat]) -> None:
        active: dict[tuple[str, str, str], list[str]] = {}
        for booking in self._bookings():
            seat = booking_seat(booking)
            was = before.get(booking["id"])
            if was is None:
                self.figures.bookings_made += 1
                if seat not in asks:
                    self._find(
                        "made unasked", f"booking {booking['id'][:8]} for {describe_seat(seat)}"
                    )
            elif was in ACTIVE and booking["status"] not in ACTIVE:
                self.figures.bookings_cancelled += 1
                if seat not in cancels:
                    self._find(
                        "cancelled unasked",
                        f"booking {booking['id'][:8]} for {describe_seat(seat)}"
                        + (" (a row still asks for it)" if seat in asks else ""),
                    )
            if booking["status"] in ACTIVE:
                slot = booking["bookedEntity"]["slot"]
                active.setdefault((seat[0], seat[1], slot["eventId"]), []).append(booking["id"])
        for (email, name, _event), ids in active.items():
            if len(ids) > 1:
                already = {f.detail for f in self.figures.found.get("duplicate", [])}
                detail = f"{name.title()} <{email}>: {len(ids)} active bookings " + ", ".join(
                    i[:8] for i in sorted(ids)
                )
                if detail not in already:
                    self._find("duplicate", detail)

    def _judge_sheet(self, lines: list[Line], *, final: bool) -> dict[str, list[str]]:
        """The sheet's checks; during the run they only count, at the end they are found."""
        bookings = {b["id"]: b for b in self._bookings()}
        active_ids: dict[Seat, list[str]] = {}
        for b in bookings.values():
            if b["status"] in ACTIVE:
                active_ids.setdefault(booking_seat(b), []).append(b["id"])
        active_seats = set(active_ids)
        asks, _ = self._asks(lines)
        by_number = {line.number: line for line in lines}
        holders = Counter(line.get("Booking ID") for line in lines if line.get("Booking ID"))
        out: dict[str, list[str]] = {}

        def note(check: str, line: Line, detail: str) -> None:
            who = f"row {line.number} ({line.get('Name')}, {line.mark})"
            out.setdefault(check, []).append(f"{who}: {detail}")

        for line in lines:
            if line.blank:
                continue
            seats = self.seats(line)
            booking_id = line.get("Booking ID")
            memory = self.marked.get(line.mark)
            if booking_id and memory is not None:
                memory.ever_booked = True
            if booking_id:
                booking = bookings.get(booking_id)
                if booking is None:
                    note("wrong booking", line, f"Booking ID {booking_id[:8]} is not in Wix")
                elif booking_seat(booking) not in seats:
                    note(
                        "wrong booking",
                        line,
                        f"shows {booking_id[:8]}, the booking of "
                        f"{describe_seat(booking_seat(booking))}",
                    )
                if holders[booking_id] > 1:
                    note("shared id", line, f"Booking ID {booking_id[:8]} is on another row too")
            message = f"{line.get('Status')} {line.get('Error')}"
            for number in map(int, ROW_NUMBER.findall(message)):
                other = by_number.get(number)
                if other is None or other is line or not (self.seats(other) & seats):
                    named = f"({other.get('Name')} {other.get('Class')})" if other else "(none)"
                    note("stale number", line, f"names row {number} {named}: {message.strip()!r}")
                elif "holds the booking" in message and not other.get("Booking ID"):
                    note("stale number", line, f"row {number} holds no booking: {message!r}")
            if any(words in message for words in TAKEN):
                others = [o for o in lines if o is not line and self.seats(o) & seats]
                named = BOOKING_IN_TEXT.search(message)
                if not others:
                    note("false duplicate", line, f"no other row has its seat: {message.strip()!r}")
                elif named and (
                    named[1] not in bookings or booking_seat(bookings[named[1]]) not in seats
                ):
                    whose = bookings.get(named[1])
                    note(
                        "false duplicate",
                        line,
                        f"names {named[1][:8]}, the booking of "
                        f"{describe_seat(booking_seat(whose)) if whose else '(none)'}",
                    )
            if MOVED in message:
                note("moved advice", line, repr(line.get("Error") or line.get("Status")))
            error = line.get("Error").strip()
            if line.cancels:
                # the seat its Booking ID shows, when it shows one: the session the row's
                # Status speaks of (a copy of "today" may have meant either of two days)
                shows = bookings.get(booking_id)
                cancelled = {booking_seat(shows)} & seats if shows is not None else seats
                kept = (cancelled or seats) & active_seats
                told = any(b in error for s in kept for b in active_ids.get(s, ()))
                if kept and not (seats & asks):
                    if line.get("Status").startswith("Cancelled") and not told:
                        note("cancelled kept", line, f"{describe_seat(min(kept))} still active")
                    elif not error and final:
                        note("cancel not done", line, f"{describe_seat(min(kept))} still active")
            elif final and not error and seats and not seats & active_seats:
                note("unbooked silent", line, f"Status {line.get('Status')!r}")
        if not final:
            for check in out:
                if check in AT_END:
                    self.figures.during[check] += 1
                    self.figures.first_seen.setdefault(check, self.edit_no)
        return out

    def finish(self) -> Figures:
        lines = read_lines(self.world)
        for check, found in self._judge_sheet(lines, final=True).items():
            for detail in found:
                self.figures.found.setdefault(check, []).append(
                    Finding(check, self.edit_no, detail)
                )
        self.figures.rows = sum(not line.blank for line in lines)
        return self.figures

    # -- applying edits --------------------------------------------------------------------------
    def apply(self, edit: Edit) -> None:
        sheet = self.world.human()
        for op in edit.ops:
            match op.kind:
                case "type":
                    row, cells = op.args
                    self._grow(row)
                    if None not in cells and not self._empty(row):
                        # a new row goes into an empty one (a shrunk replay may find it full)
                        raise ValueError(f"row {row} is not empty")
                    sheet.set_row(row, cells)
                    if len(cells) > MARK and cells[MARK] is not None and row in self.pasted:
                        self.copied_from[cells[MARK]] = self.pasted.pop(row)
                case "insert":
                    sheet.insert_rows(*op.args)
                case "delete":
                    sheet.delete_rows(*op.args)
                case "sort":
                    sheet.sort(op.args[0], descending=op.args[1])
                case "paste":
                    self._paste(*op.args)
                case "wait":
                    self.wait(op.args[0])
                case "cycle":
                    self.cycle()
        self.figures.by_kind[edit.kind] += 1
        self.figures.history.append(edit)

    def _grow(self, row: int) -> None:
        sheet = self.world.sheets.sheet(self.world.key, "Attendance")
        if row > sheet.row_count:
            self.world.human().insert_rows(sheet.row_count + 1, row - sheet.row_count)

    def _empty(self, row: int) -> bool:
        lines = {line.number: line for line in self._lines()}
        return row not in lines or not any(v.strip() for v in lines[row].cells.values())

    def _paste(self, source: int, target: int) -> None:
        lines = {line.number: line for line in self._lines()}
        if source in lines and lines[source].mark:
            self.pasted[target] = lines[source].mark
        fake = self.world.sheets
        with fake.lock:
            sheet = fake.sheet(self.world.key, "Attendance")
            sheet.rows[target - 1].clear()
            sheet.rows[target - 1].update(sheet.rows[source - 1])

    def run(self, edits: int) -> Figures:
        self.figures.edits = edits
        for _ in range(edits):
            edit = self.draw()
            self.edit_no += 1
            self.apply(edit)
            self.cycle()
        self.settle()
        return self.finish()

    def replay(self, history: Sequence[Edit]) -> Figures:
        self.figures.edits = len(history)
        for edit in history:
            self.edit_no += 1
            try:
                self.apply(edit)
            except ValueError:  # a shrunk history may name a row that is not there
                continue
            self.cycle()
        self.settle()
        return self.finish()

    # -- drawing edits -----------------------------------------------------------------------------
    def _mark(self) -> str:
        self.next_mark += 1
        return f"n{self.next_mark}"

    def _lines(self) -> list[Line]:
        return read_lines(self.world)

    def _filled(self) -> list[Line]:
        return [line for line in self._lines() if not line.blank]

    def _end(self) -> int:
        """The row below the last one with anything in it."""
        used = [line.number for line in self._lines() if any(v for v in line.cells.values())]
        return max(used, default=1) + 1

    def draw(self) -> Edit:
        while True:
            kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            edit = getattr(self, "_draw_" + kind.replace(" ", "_"))()
            if edit is not None:
                return Edit(kind, tuple(edit))

    def _person_row(self) -> list[str]:
        rng = self.rng
        name, email, plans = rng.choice(PEOPLE)
        class_name = rng.choice([OPEN_WATER, OPEN_WATER, MASTERS])
        today = self.today()
        roll = rng.random()
        if roll < 0.4:
            day = today + timedelta(days=rng.randint(-2, 6))
            typed = day_text(day)
        elif roll < 0.65:
            typed, day = "today", today
        elif roll < 0.8:
            typed, day = "tomorrow", today + timedelta(days=1)
        else:
            day = today - timedelta(days=rng.randint(0, 6))
            typed = rng.choice([WEEKDAYS[day.weekday()].title(), WEEKDAYS[day.weekday()][:3]])
        payment = rng.choice(["cash", "cash", "card", "unpaid", ""])
        plan = ""
        if plans and rng.random() < 0.6:
            payment, plan = "plan", rng.choice(sorted(plans))
            if name == "Ana Lee" and rng.random() < 0.5:
                plan = ""  # the only plan held: Plan may stay empty
        attended = rng.choice(["x", ""]) if day <= today else ""
        return [typed, "", class_name, name, email, payment, plan, attended, self._mark()]

    def _draw_add(self) -> list[Op]:
        blanks = [n for n in range(2, self._end()) if self._empty(n)]
        row = self.rng.choice(blanks) if blanks and self.rng.random() < 0.4 else self._end()
        return [Op("type", (row, self._person_row()))]

    def _draw_change_payment(self) -> list[Op] | None:
        booked = [line for line in self._filled() if line.get("Booking ID")]
        if not booked:
            return None
        line = self.rng.choice(booked)
        choices = ["cash", "card", "unpaid", "plan", "cancel", "cancel"]
        payment = self.rng.choice([p for p in choices if p != fold(line.get("Payment"))])
        return [Op("type", (line.number, [None] * PAYMENT + [payment]))]

    def _draw_sort(self) -> list[Op] | None:
        if len(self._filled()) < 2:
            return None
        return [Op("sort", (self.rng.choice(SORT_COLUMNS), self.rng.random() < 0.4))]

    def _draw_copy_row_over(self) -> list[Op] | None:
        """Insert a row, paste a whole row into it (the hidden Row ID comes along), type
        another person over it — with a cycle in between, sometimes."""
        rng = self.rng
        filled = self._filled()
        if not filled:
            return None
        source = rng.choice(filled)
        target = rng.randint(2, source.number + 1)
        moved = source.number + 1 if target <= source.number else source.number
        ops = [
            Op("insert", (target, 1)),
            Op("paste", (moved, target)),
            Op("type", (target, [None] * MARK + [self._mark()])),
        ]
        if rng.random() < 0.3:
            ops.append(Op("cycle", ()))  # the daemon sees the copy before it is typed over
        name, email, _ = rng.choice(
            [
                p
                for p in PEOPLE
                if (fold(p[0]), fold(p[1])) != (fold(source.get("Name")), fold(source.get("Email")))
            ]
        )
        over: list[str | None] = [None] * (MARK + 1)
        over[NAME], over[EMAIL] = name, email
        if fold(source.get("Payment")) in ("plan", "cancel") or rng.random() < 0.3:
            over[PAYMENT], over[PLAN] = rng.choice(["cash", "unpaid", "card"]), ""
        ops.append(Op("type", (target, over)))
        return ops

    def _draw_insert_blank(self) -> list[Op]:
        return [Op("insert", (self.rng.randint(2, self._end()), self.rng.choice([1, 1, 2])))]

    def _draw_delete(self) -> list[Op] | None:
        lines = [line for line in self._lines() if line.number < self._end()]
        filled = [line for line in lines if not line.blank]
        if not filled:
            return None
        line = self.rng.choice(filled if self.rng.random() < 0.85 else lines)
        if not line.blank and line.mark in self.marked:
            self.deleted.append((line, self.marked[line.mark]))
        return [Op("delete", (line.number,))]

    def _draw_retype_deleted(self) -> list[Op] | None:
        """A deleted row typed again: mostly with cancel (they are not coming after all),
        else as it was (deleted by mistake). A relative date is typed as the day it meant."""
        if not self.deleted:
            return None
        line, memory = self.rng.choice(self.deleted)
        if len(memory.days) != 1:
            return None  # the judge does not know which day the row meant
        cells = [line.get(h) for h in HEADER] + [self._mark()]
        (day,) = memory.days
        if is_relative(cells[DATE]) and resolve(cells[DATE], self.today()) != day:
            cells[DATE] = day_text(day)
        if self.rng.random() < 0.75:
            cells[PAYMENT], cells[PLAN] = "cancel", ""
        return [Op("type", (self._end(), cells))]

    def _draw_hours_pass(self) -> list[Op]:
        return [Op("wait", (3600.0 * self.rng.choice([1, 2, 3, 6]),))]

    def _draw_a_day_passes(self) -> list[Op]:
        if self.days_moved >= MAX_DAYS_MOVED:
            return [Op("wait", (3600.0,))]
        self.days_moved += 1
        return [Op("wait", (86400.0,))]


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "/sync/" in f.filename] or frames
    last = inside[-1]
    return f"{Path(last.filename).name}:{last.lineno}"


@contextmanager
def quiet() -> Iterator[None]:
    before = logging.root.manager.disable
    logging.disable(max(before, logging.WARNING))  # the product's warnings are expected
    try:
        yield
    finally:
        logging.disable(before)


def run_sheet_edits(edits: int = 200, *, seed: int = 1, folder: Path | None = None) -> Figures:
    """``edits`` random edits (seeded), a cycle after each, then cycles until idle."""
    with _folder(folder) as where, quiet():
        volunteers = Volunteers(where, seed=seed)
        try:
            return volunteers.run(edits)
        finally:
            volunteers.close()


def replay(
    history: Sequence[Edit],
    *,
    folder: Path | None = None,
    after_tick: Callable[[World], None] | None = None,
) -> Figures:
    """The same edits again, in a world of its own (a cycle after each, then until idle)."""
    with _folder(folder) as where, quiet():
        volunteers = Volunteers(where, after_tick=after_tick)
        try:
            return volunteers.replay(history)
        finally:
            volunteers.close()


def shrink(
    history: Sequence[Edit], fails: Callable[[Figures], bool], *, budget: int = 300
) -> list[Edit]:
    """A shorter history that still ``fails`` (delta debugging: drop runs of edits, halving
    the run until single edits; each try is a replay in a world of its own)."""
    current = list(history)
    tries, chunk = 0, max(1, len(current) // 2)
    while tries < budget:
        index, dropped = 0, False
        while index < len(current) and tries < budget:
            candidate = current[:index] + current[index + chunk :]
            tries += 1
            if candidate and fails(replay(candidate)):
                current, dropped = candidate, True
            else:
                index += chunk
        if chunk == 1 and not dropped:
            break
        chunk = max(1, chunk // 2) if not dropped else chunk
    return current


@contextmanager
def _folder(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        yield folder
        return
    where = Path(tempfile.mkdtemp(prefix="wixsync-edits-"))
    try:
        yield where
    finally:
        shutil.rmtree(where, ignore_errors=True)
