"""The row journal: where each attendee's Wix work has got to, and the IDs it made.

A row advances through named recovery points::

    NEW → CONTACT → BOOKED → CHECKOUT → ORDERED → PAID      (paid in person)
                                             ↘ CHARGING → PAID   (plan charge settled)
                                             ↘ OWED      (not paid yet)

``checkout_id`` holds the Cart V2 cart id (or, on the Checkout v1 fallback, the checkout
id): it is journaled before the order is placed.
    any point with a booking → CANCELLED

Every remote ID is stored in the same SQLite transaction that advances the point. Before
a call that is not safe to repeat (create booking, checkout, order, payment, plan charge)
the call is written down as ``inflight``; a restart that finds it there looks the object
up in Wix before sending anything again.

The records are read from SQLite once per process and kept in memory (:mod:`sync.state.kept`):
a write reaches memory only once its transaction has committed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from sys import intern
from types import MappingProxyType
from typing import Any

from sync.state.db import transaction
from sync.state.kept import kept_for


class Point(StrEnum):
    NEW = "new"
    CONTACT = "contact"
    BOOKED = "booked"
    CHECKOUT = "checkout"
    ORDERED = "ordered"
    OWED = "owed"
    CHARGING = "charging"  # a plan charge sent and accepted, not yet settled by Wix
    PAID = "paid"
    CANCELLED = "cancelled"


ORDER_OF_POINTS = [
    Point.NEW,
    Point.CONTACT,
    Point.BOOKED,
    Point.CHECKOUT,
    Point.ORDERED,
    Point.OWED,
    Point.CHARGING,
    Point.PAID,
]


@dataclass
class RowRecord:
    row_id: str
    point: str = Point.NEW
    inflight: str | None = None
    payment_kind: str | None = None
    contact_id: str | None = None
    member_id: str | None = None
    service_id: str | None = None
    event_id: str | None = None
    booking_id: str | None = None
    checkout_id: str | None = None
    line_item_id: str | None = None
    order_id: str | None = None
    paid_via: str | None = None
    plan_name: str | None = None
    credits_left: str | None = None
    amount_due: str | None = None
    attendance: str | None = None
    prebooked: int = 0
    updated_at: str = ""
    #: the in-person method recorded: cash, check, bank_transfer or a custom word ("card")
    paid_method: str | None = None
    #: the membership a plan charge used, as ``<kind>:<id>`` (kind: order or pool)
    membership_ref: str | None = None

    def reached(self, point: Point) -> bool:
        if self.point == Point.CANCELLED:
            return False
        here = ORDER_OF_POINTS.index(Point(self.point))
        return here >= ORDER_OF_POINTS.index(point)


COLUMNS = [f.name for f in fields(RowRecord)]
#: the columns whose values repeat from row to row (a point, a service, a payment): held
#: once in memory, however many records hold them
_REPEATING = [
    COLUMNS.index(c)
    for c in (
        "point",
        "inflight",
        "payment_kind",
        "contact_id",  # a regular's, on each of their rows
        "member_id",
        "service_id",
        "event_id",
        "paid_via",
        "plan_name",
        "credits_left",
        "amount_due",
        "attendance",
        "paid_method",
        "updated_at",  # to the second: every row one cycle wrote
    )
]


#: the columns that are ids the sheet and the row states hold too: interned
#: (:func:`sys.intern`), so a season holds each once in memory
_IDS = [COLUMNS.index(c) for c in ("row_id", "booking_id", "order_id")]


def _read_records(db: sqlite3.Connection) -> dict[str, RowRecord]:
    """Every record of the ``rows`` table, by row id."""
    cursor = db.cursor()
    cursor.row_factory = None  # plain tuples, in the order of COLUMNS
    cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM rows ORDER BY row_id")  # noqa: S608
    pool: dict[Any, Any] = {}
    found = {}
    for row in cursor:
        values = list(row)
        for at in _REPEATING:
            values[at] = pool.setdefault(values[at], values[at])
        for at in _IDS:  # the sheet's cells and the row states hold the same ids: once
            if values[at] is not None:
                values[at] = intern(values[at])
        found[values[0]] = RowRecord(*values)
    return found


def _copy(record: RowRecord) -> RowRecord:
    """A copy of a record (``dataclasses.replace`` costs ten times more)."""
    copy = RowRecord.__new__(RowRecord)
    copy.__dict__.update(record.__dict__)
    return copy


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class _Rows:
    """The ``rows`` table as kept in memory."""

    by_id: dict[str, RowRecord]
    ordered: list[RowRecord] | None = field(default=None)


class Journal:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._kept = kept_for(db)
        self._bookings: tuple[int, dict[str, str]] | None = None  # (generation, bookings())

    def _rows(self) -> _Rows:
        """Every record: read from SQLite the first time, then kept."""
        rows = self._kept.get(self.db, "rows")
        if rows is None:
            rows = _Rows(_read_records(self.db))
            self._kept.put("rows", rows)
        return rows

    def _remember(self, record: RowRecord | None, gone: str | None = None) -> None:
        """After a commit: memory says what SQLite now holds."""
        self._kept.changed()
        rows = self._kept.peek("rows")
        if rows is None:
            return  # not read yet (or another connection wrote): the next read loads it all
        if gone is not None:
            rows.by_id.pop(gone, None)
        if record is not None:
            rows.by_id[record.row_id] = _copy(record)
        rows.ordered = None

    def get(self, row_id: str) -> RowRecord:
        """The row's record (a copy: change it through :meth:`advance`)."""
        found = self._rows().by_id.get(row_id)
        return _copy(found) if found is not None else RowRecord(row_id)

    def generation(self) -> int:
        """Changes whenever a record may have (:meth:`sync.state.kept.Kept.generation`)."""
        return self._kept.generation(self.db)

    def bookings(self) -> dict[str, str]:
        """Row id → point, for each record holding a booking ID: from memory when the records
        are kept, else one narrow read — a start's first cycle, with nothing to sync, need
        not load every record of the season. The dict is kept until a record is written:
        read it, never change it."""
        generation = self.generation()
        if self._bookings is not None and self._bookings[0] == generation:
            return self._bookings[1]  # nothing written since: the same (read them only)
        rows = self._kept.get(self.db, "rows")
        if rows is not None:
            found = {rid: r.point for rid, r in rows.by_id.items() if r.booking_id}
        else:
            cursor = self.db.cursor()
            cursor.row_factory = None
            read = cursor.execute(
                "SELECT row_id, point FROM rows WHERE booking_id IS NOT NULL AND booking_id != ''"
            )
            found = {intern(rid): point for rid, point in read}
        self._bookings = (generation, found)
        return found

    def by_row(self) -> Mapping[str, RowRecord]:
        """Every record by row id, as the journal keeps them (nothing copied): read them,
        never change them."""
        return MappingProxyType(self._rows().by_id)

    def all(self) -> list[RowRecord]:
        """Every record, by row id. They are the journal's own: read them, never change
        them."""
        rows = self._rows()
        if rows.ordered is None:
            rows.ordered = sorted(rows.by_id.values(), key=lambda r: r.row_id)
        return list(rows.ordered)

    def _write(self, record: RowRecord, detail: str) -> None:
        record.updated_at = _now()
        values = [getattr(record, c) for c in COLUMNS]
        # an upsert on row_id only: a booking or order id another row holds fails loudly
        # (INSERT OR REPLACE would silently delete that other row's record)
        self.db.execute(
            f"INSERT INTO rows ({', '.join(COLUMNS)}) "  # noqa: S608 — fixed names
            f"VALUES ({', '.join('?' * len(COLUMNS))}) ON CONFLICT(row_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "row_id"),
            values,
        )
        self.db.execute(
            "INSERT INTO journal (row_id, point, detail, at) VALUES (?, ?, ?, ?)",
            (record.row_id, record.point, detail, record.updated_at),
        )

    def advance(
        self, row_id: str, point: Point | None = None, detail: str = "", **changes: Any
    ) -> RowRecord:
        """Move a row to ``point`` and store ``changes`` (IDs) in one transaction; clears the
        in-flight marker unless ``inflight`` is among the changes."""
        with transaction(self.db):
            record = self.get(row_id)
            changes.setdefault("inflight", None)
            for name, value in changes.items():
                if name not in COLUMNS:
                    raise KeyError(name)
                setattr(record, name, value)
            if point is not None:
                record.point = point
            self._write(record, detail or (point or "update"))
        self._remember(record)
        return record

    def sending(self, row_id: str, call: str) -> RowRecord:
        """Write down that a call which is not safe to repeat is about to be sent."""
        return self.advance(row_id, None, f"sending {call}", inflight=call)

    def restart_booking(self, row_id: str, why: str) -> RowRecord:
        """Forget a booking that was cancelled so the row can be booked afresh."""
        return self.advance(
            row_id,
            Point.CONTACT,
            f"restart: {why}",
            booking_id=None,
            checkout_id=None,
            line_item_id=None,
            order_id=None,
            paid_via=None,
            paid_method=None,
            membership_ref=None,
            plan_name=None,
            credits_left=None,
            amount_due=None,
            attendance=None,
            prebooked=0,
        )

    def book_again(self, row_id: str, why: str) -> RowRecord:
        """A row whose booking was cancelled asks for a seat again (Payment changed from
        cancel, or another person typed over it): it starts from nothing — person, session,
        booking, order and payments all found or made anew — so the new booking gets an
        order and payment of its own and never another person's contact."""
        fresh = {c: None for c in COLUMNS if c not in ("row_id", "point", "updated_at")}
        return self.advance(row_id, Point.NEW, f"book again: {why}", **{**fresh, "prebooked": 0})

    def adopt(self, row_id: str, from_row: str, why: str) -> RowRecord:
        """Hand the record of a row that left the sheet (``from_row``) to ``row_id``, which
        holds the same person and session: its booking, order and payments carry on there
        instead of being made twice. ``row_id``'s own record can hold no live booking: one
        it held and cancelled stays in its history lines only."""
        with transaction(self.db):
            mine = self.get(row_id)
            if (mine.booking_id or mine.order_id) and mine.point != Point.CANCELLED:
                raise ValueError(f"{row_id} already holds a booking")
            self.db.execute("DELETE FROM rows WHERE row_id = ?", (row_id,))
            self.db.execute("UPDATE rows SET row_id = ? WHERE row_id = ?", (row_id, from_row))
            theirs = self._rows().by_id.get(from_row)
            record = replace(theirs, row_id=row_id) if theirs is not None else RowRecord(row_id)
            self._write(record, f"adopted from {from_row}: {why}")
        self._remember(None, gone=from_row)
        self._remember(record)
        return record

    def history(self, row_id: str) -> list[tuple[str, str]]:
        return [
            (r["point"], r["detail"])
            for r in self.db.execute(
                "SELECT point, detail FROM journal WHERE row_id = ? ORDER BY seq", (row_id,)
            )
        ]

    def last_line(self) -> int:
        """The number of the journal's last line: it grows with each record written, by any
        process (0: none yet)."""
        row = self.db.execute("SELECT max(seq) FROM journal").fetchone()
        return int(row[0] or 0)

    def setting(self, name: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else default

    def set_setting(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (name, value))

    def set_settings(self, values: dict[str, str]) -> None:
        """Several settings in one statement: written together, or not at all."""
        if not values:
            return
        rows = ", ".join("(?, ?)" for _ in values)
        flat = [v for pair in values.items() for v in pair]
        self.db.execute(f"INSERT OR REPLACE INTO settings VALUES {rows}", flat)  # noqa: S608
