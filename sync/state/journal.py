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
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sync.state.db import transaction


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Journal:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def get(self, row_id: str) -> RowRecord:
        row = self.db.execute("SELECT * FROM rows WHERE row_id = ?", (row_id,)).fetchone()
        return RowRecord(**dict(row)) if row else RowRecord(row_id)

    def all(self) -> list[RowRecord]:
        return [RowRecord(**dict(r)) for r in self.db.execute("SELECT * FROM rows ORDER BY row_id")]

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

    def adopt(self, row_id: str, from_row: str, why: str) -> RowRecord:
        """Hand the record of a row that left the sheet (``from_row``) to ``row_id``, which
        holds the same person and session: its booking, order and payments carry on there
        instead of being made twice. ``row_id``'s own record can hold no booking yet."""
        with transaction(self.db):
            mine = self.get(row_id)
            if mine.booking_id or mine.order_id:
                raise ValueError(f"{row_id} already holds a booking")
            self.db.execute("DELETE FROM rows WHERE row_id = ?", (row_id,))
            self.db.execute("UPDATE rows SET row_id = ? WHERE row_id = ?", (row_id, from_row))
            record = self.get(row_id)
            self._write(record, f"adopted from {from_row}: {why}")
        return record

    def history(self, row_id: str) -> list[tuple[str, str]]:
        return [
            (r["point"], r["detail"])
            for r in self.db.execute(
                "SELECT point, detail FROM journal WHERE row_id = ? ORDER BY seq", (row_id,)
            )
        ]

    def setting(self, name: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else default

    def set_setting(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (name, value))
