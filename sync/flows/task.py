"""One row's work during a run: the attendee, its journal record and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.flows.attendee import Attendee, Payment
from sync.flows.problems import RowProblem
from sync.state import Point, RowRecord


@dataclass
class Task:
    attendee: Attendee
    record: RowRecord
    problem: RowProblem | None = None
    slot: dict[str, Any] | None = None
    service: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def row_id(self) -> str:
        return self.attendee.row_id

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def wants_booking(self) -> bool:
        return self.attendee.payment != Payment.CANCEL

    @property
    def booked(self) -> bool:
        return bool(self.record.booking_id) and self.record.point != Point.CANCELLED


@dataclass(frozen=True)
class RowOutcome:
    row_id: str
    booking_id: str | None
    order_id: str | None
    status: str
    error: str | None
    retry: bool
    #: nothing failed, but Wix has not settled the row's plan charge yet: the next cycle
    #: looks again (not counted as a failure, no back-off)
    pending: bool = False
    #: the booked session's start as Wix gives it, local ISO ("2026-06-15T06:30"), when the
    #: flows know it (the slot); the engine keeps it with the row and the Status shows it
    session_start: str | None = None
    #: the row id of the row holding this row's seat (:class:`problems.BookedByAnotherRow`)
    held_by: str | None = None
    #: refused for something in Wix or the key, not in the row: tried again, unedited,
    #: after the owner's next ``wixsync doctor`` (:attr:`problems.RowProblem.site_side`)
    site_side: bool = False
    #: failed in a way no one foresaw (:class:`problems.Unexpected`): retried after the
    #: row's own back-off, never taken for Wix being down
    unforeseen: bool = False
