"""The roster: before each class, the people already booked in Wix appear on the sheet.

``lead_minutes`` before a session starts, its bookings are read from Wix — one Extended
Bookings query (with the order) for every session then open — and each person booked online
who is not on the sheet yet gets a row: Date, Time, Class, Name, Email, Payment, Plan, Booking
ID, Order ID and a Status saying what is left to do at the door. Volunteers then only tick
Attended, or write cash over an empty Payment.

A row the roster adds is the booking's row from the start: its Row ID is made from the
booking id, and the journal and the row state are written before the row is appended, so
the next cycle sees an unchanged, booked row (no Wix call), and a volunteer's edit later
(Attended ticked, cash written) runs the row flows on that same booking and order — never a
second booking. Payment words, chosen so the row needs nothing unless someone acts:

==========================  =============  ===================================================
booked in Wix               Payment        Status
==========================  =============  ===================================================
paid online                 paid           Booked online · paid
paid with a plan            plan (+ Plan)  Booked online · <plan>
a plan, not charged yet     plan           Booked online · plan not charged yet
to pay at the door          (empty)        Booked online · owes 15.00
==========================  =============  ===================================================

(a club whose vocabulary lacks "paid" or an empty Payment gets "cash" or "unpaid").

Until the class starts the session is read again every ``check_seconds``: a booking made
since is added, and a booking cancelled in Wix gets Status "Cancelled in Wix" on its row (the
row is never deleted, and a person's cells are never touched). Each booking is added at most
once — a row a volunteer deleted does not come back — and bookings this daemon made (for
walk-ins) are never added: their rows exist, or were deleted on purpose.

Wix calls: none between checks; at a check, one Extended Bookings query for every open
session (the sessions' start times come from :mod:`sync.extras.upcoming`, read again at most hourly
for the roster — the dropdowns keep it fresher). Sheets: one append when someone is added,
one write when a row is marked cancelled, one read after either.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync import words
from sync.engine.planner import identity
from sync.engine.rowstate import RowState
from sync.extras.seam import HookParts
from sync.extras.upcoming import Session, Upcoming
from sync.flows.attendee import Payment
from sync.sheet.base import Cell
from sync.sheet.columns import Layout
from sync.sheet.session import Snapshot
from sync.sheet.writeback import _text, fingerprint
from sync.state import Point
from sync.state.db import transaction

log = logging.getLogger("wixsync.roster")

LISTED = ("PENDING", "CONFIRMED")  # CREATED: the customer never finished the checkout
GONE = ("CANCELED", "DECLINED")
SCHEDULE_MAX_AGE = 3600.0
#: Payment words to try, by what the booking still needs (the first the club's vocabulary
#: reads as that meaning is written)
WORDS = {
    Payment.CASH: ("paid", "cash"),
    Payment.PLAN: ("plan",),
    Payment.UNPAID: ("", "unpaid"),
}


@dataclass(frozen=True)
class RosterOptions:
    lead_minutes: int = 120
    classes: tuple[str, ...] = ()  # empty: every class
    check_seconds: float = 60.0


def roster_factory(section: Any) -> Callable[[HookParts], RosterHook]:
    """The hook factory for ``Settings.hooks``, from the config's ``[roster]``."""
    options = RosterOptions(
        section.lead_minutes, tuple(section.classes), float(section.check_seconds)
    )
    return lambda parts: RosterHook(parts, options)


def roster_row_id(booking_id: str) -> str:
    """The Row ID of the row added for a booking: the same every time, so a retried append
    and the journal agree on it."""
    return "r" + hashlib.sha256(f"roster:{booking_id}".encode()).hexdigest()[:12]


@dataclass
class _Added:
    """One row to append, with what to remember about it once it is on the sheet."""

    row_id: str
    booking_id: str
    event_id: str
    cells: list[Cell]


class RosterHook:
    def __init__(self, parts: HookParts, options: RosterOptions) -> None:
        self.session = parts.session
        self.clock, self.today, self.parse = parts.clock, parts.today, parts.parse
        self.journal = parts.journal
        self.states = parts.states
        self.client = parts.client
        self.db: sqlite3.Connection = parts.db
        self.options = options
        catalog = parts.catalog
        self.class_map = catalog.class_map
        self.upcoming = Upcoming(
            parts.client, self.db, time_zone=catalog.time_zone, clock=self.clock
        )
        self.classes = {self._wix_name(c) for c in options.classes}

    def _wix_name(self, class_name: str) -> str:
        name = class_name.strip().casefold()
        return self.class_map.get(name, class_name).strip().casefold()

    # -- the hook ----------------------------------------------------------------------------
    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        if not snapshot.grid or snapshot.layout.index("row_id") is None:
            return None
        now = self.clock()
        lead = self.options.lead_minutes * 60
        # only start times matter here: the schedule may be an hour old (the dropdowns keep
        # the counts fresh), so an idle cycle asks Wix nothing until a session opens
        sessions = self.upcoming.sessions(
            days=self.options.lead_minutes // 1440 + 2, max_age=SCHEDULE_MAX_AGE
        )
        zone = self.upcoming.zone
        opened = [
            s
            for s in sessions
            if not s.cancelled
            and (not self.classes or s.class_name.strip().casefold() in self.classes)
            and s.start(zone).timestamp() - lead <= now < s.start(zone).timestamp()
        ]
        checked = {
            r["event_id"]: r["checked_at"]
            for r in self.db.execute("SELECT event_id, checked_at FROM roster_sessions")
        }
        due = [
            s
            for s in opened
            if not 0 <= now - checked.get(s.event_id, -1e18) < self.options.check_seconds
        ]
        if not due:
            return None
        found = self.client.query_extended_bookings(
            {"bookedEntity.item.slot.eventId": {"$in": sorted(s.event_id for s in due)}}
        )
        changed, complete = self._apply(snapshot, due, found)
        if complete:
            self._checked(due, now)
        return self.session.read() if changed else None

    def after_cycle(self, snapshot: Snapshot, report: Any) -> None:
        return None

    # -- one check of the open sessions ------------------------------------------------------
    def _apply(
        self, snapshot: Snapshot, due: list[Session], found: list[dict[str, Any]]
    ) -> tuple[bool, bool]:
        """Mark the cancelled, add the new; returns (sheet changed, everything written)."""
        on_sheet = {}
        for row in snapshot.rows:
            booking_id = _text(row.cells.get("booking_id"))
            if booking_id:
                on_sheet.setdefault(booking_id, row)
        held = {r.booking_id: r for r in self.journal.all() if r.booking_id}
        added = {r[0] for r in self.db.execute("SELECT booking_id FROM roster_bookings")}
        sessions = {s.event_id: s for s in due}
        marks: dict[str, dict[str, Cell]] = {}
        wanted: list[tuple[Session, dict[str, Any]]] = []
        for item in found:
            booking = item["booking"]
            booking_id = booking["id"]
            row = on_sheet.get(booking_id)
            if booking["status"] in GONE:
                if (
                    row is not None
                    and not row.new
                    and self._cancelled(booking_id, row.row_id, row.cells, held)
                ):
                    marks[row.row_id] = {"status": words.CANCELLED_IN_WIX}
                continue
            if row is not None and row.row_id == roster_row_id(booking_id):
                if booking_id not in added:  # appended, but the answer was lost on the way
                    self._remember([_Added(row.row_id, booking_id, _event_of(item), [])])
                continue
            holder = held.get(booking_id)
            mine = str(booking.get("externalUserId") or "").startswith("wixsync:")
            if (
                booking["status"] not in LISTED
                or mine
                or row is not None
                or booking_id in added
                or (holder is not None and holder.row_id != roster_row_id(booking_id))
            ):
                continue
            event = _event_of(item)
            if event in sessions:
                wanted.append((sessions[event], item))
        changed = False
        if marks:
            self.session.write_back(snapshot, marks)
            changed = True
        wanted = self._not_typed_yet(snapshot, wanted)
        if not wanted:
            return changed, True
        rows = [self._prepare(snapshot.layout, s, item) for s, item in wanted]
        try:
            self.session.backend.append_rows([r.cells for r in rows])
        except Exception as exc:  # the next check reads the sheet and tries again
            log.warning("could not add %d booked people to the sheet: %s", len(rows), exc)
            return changed, False
        self._remember(rows)
        log.info("roster: added %d people booked in Wix", len(rows))
        return True, True

    def _cancelled(
        self, booking_id: str, row_id: str, cells: dict[str, Cell], held: dict[str, Any]
    ) -> bool:
        """A booking cancelled in Wix: its row is to be marked (True), unless it says so
        already or the row's own "cancel" did it. The journal lets the booking go, so the
        row, if edited later (the person came after all), is booked afresh."""
        if _text(cells.get("status")) == words.CANCELLED_IN_WIX:
            return False
        record = held.get(booking_id)
        if record is not None:
            if record.point == Point.CANCELLED:
                return False
            self.journal.restart_booking(record.row_id, "cancelled in Wix")
        with transaction(self.db):
            self.db.execute(
                "UPDATE roster_bookings SET cancelled_at = ? WHERE booking_id = ?",
                (self.clock(), booking_id),
            )
        log.info("roster: booking of row %s was cancelled in Wix", row_id)
        return True

    def _not_typed_yet(
        self, snapshot: Snapshot, wanted: list[tuple[Session, dict[str, Any]]]
    ) -> list[tuple[Session, dict[str, Any]]]:
        """Leave out people a volunteer already wrote on the sheet for that session (same
        email, class and day; the time too when written): the row flows attach that row
        to their booking."""
        emails = {_email(item) for _, item in wanted} - {""}
        typed: set[tuple[str, str, str, str]] = set()
        today = self.today()
        for row in snapshot.rows:
            cell = str(row.cells.get("email") or "").casefold()
            if not any(e in cell for e in emails):
                continue
            a = self.parse(row.cells, row_id=row.row_id, today=today).attendee
            if a is None:
                continue
            at = a.session_time.strftime("%H:%M") if a.session_time else ""
            typed.add((a.email, self._wix_name(a.class_name), a.session_date.isoformat(), at))
        return [
            (s, item)
            for s, item in wanted
            if not {
                (_email(item), s.class_name.strip().casefold(), s.day.isoformat(), at)
                for at in ("", s.time_text)
            }
            & typed
        ]

    # -- a new row ----------------------------------------------------------------------------
    def _prepare(self, layout: Layout, session: Session, item: dict[str, Any]) -> _Added:
        """The row's cells; and, when they read as the booking they are for, its journal
        record and row state, written now so the row is known the moment it is read."""
        booking = item["booking"]
        contact = booking.get("contactDetails") or {}
        order = item.get("order") or None
        if order and order.get("status") == "CANCELED":
            order = None
        charged = (item.get("transactions") or {}).get("chargedMembershipPaymentDetails") or {}
        plan = ((charged.get("name") or {}).get("original") or "").strip()
        paid = bool(order and order.get("paymentStatus") == "PAID")
        due = None if paid or not order else ((order.get("balance") or {}).get("amount"))
        pending = booking["status"] == "PENDING"
        by_plan = bool(plan) or (
            not paid and str(booking.get("selectedPaymentOption", "")).startswith("MEMBERSHIP")
        )
        kind = Payment.PLAN if by_plan else Payment.CASH if paid else Payment.UNPAID
        row_id = roster_row_id(booking["id"])
        status = words.prefilled_status(
            paid=paid, plan=plan, amount_due=due, pending=pending, plan_due=by_plan and not plan
        )
        values: dict[str, Cell] = {
            "date": session.day.isoformat(),
            "time": session.time_text,
            "class_name": session.class_name,
            "name": " ".join(
                p for p in (contact.get("firstName"), contact.get("lastName")) if p
            ).strip(),
            "email": str(contact.get("email") or ""),
            "plan": plan,
            "booking_id": booking["id"],
            "order_id": order["id"] if order else "",
            "status": status,
            "row_id": row_id,
        }
        width = max(layout.width, max(layout.positions.values(), default=-1) + 1)
        today = self.today()
        attendee = None
        for word in WORDS[kind]:
            values["payment"] = word
            cells = [""] * width
            for key, col in layout.positions.items():
                cells[col] = values.get(key, "")
            volunteer = {k: cells[c] for k, c in layout.positions.items()}
            parsed = self.parse(volunteer, row_id=row_id, today=today)
            if parsed.attendee is not None and parsed.attendee.payment == kind:
                attendee = parsed.attendee
                break
        if attendee is None:  # it cannot be read (no email, say): the row says what to fix
            values["payment"] = WORDS[kind][0]
            for key, col in layout.positions.items():
                cells[col] = values.get(key, "")
            return _Added(row_id, booking["id"], session.event_id, cells)
        point = Point.PAID if paid else (Point.OWED if kind == Payment.UNPAID else Point.ORDERED)
        credits = charged.get("credits") or {}
        try:
            self.journal.advance(
                row_id,
                point if order else Point.BOOKED,
                "added by the roster (booked in Wix)",
                contact_id=contact.get("contactId"),
                service_id=session.service_id,
                event_id=session.event_id,
                booking_id=booking["id"],
                order_id=order["id"] if order else None,
                paid_via=("plan_checkout" if plan else "online") if paid else None,
                plan_name=plan or None,
                credits_left=(str(credits["remaining"]) if "remaining" in credits else "unlimited")
                if plan and paid
                else None,
                amount_due=due,
                payment_kind=str(kind),
                prebooked=1,
            )
        except sqlite3.IntegrityError:  # another row holds that booking or order
            log.warning("roster: booking %s is held by another row; not added", booking["id"])
            return _Added(row_id, booking["id"], session.event_id, cells)
        written = {"booking_id": booking["id"], "order_id": values["order_id"], "status": status}
        self.states.save(
            [RowState(row_id, fingerprint(cells, layout), identity(attendee), written)]
        )
        return _Added(row_id, booking["id"], session.event_id, cells)

    # -- what the roster remembers -------------------------------------------------------------
    def _remember(self, rows: list[_Added]) -> None:
        now = self.clock()
        with transaction(self.db):
            for row in rows:
                self.db.execute(
                    "INSERT OR IGNORE INTO roster_bookings (booking_id, event_id, row_id, "
                    "added_at) VALUES (?, ?, ?, ?)",
                    (row.booking_id, row.event_id, row.row_id, now),
                )

    def _checked(self, sessions: list[Session], now: float) -> None:
        with transaction(self.db):
            for s in sessions:
                self.db.execute(
                    "INSERT INTO roster_sessions (event_id, class_name, local_start, "
                    "prefilled_at, checked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id) "
                    "DO UPDATE SET checked_at = excluded.checked_at",
                    (s.event_id, s.class_name, s.local_start, now, now),
                )


def _event_of(item: dict[str, Any]) -> str:
    return str(item["booking"]["bookedEntity"]["slot"]["eventId"])


def _email(item: dict[str, Any]) -> str:
    return str((item["booking"].get("contactDetails") or {}).get("email") or "").casefold()
