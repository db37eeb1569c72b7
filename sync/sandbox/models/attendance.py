"""Attendance: Set Attendance (an upsert per booking and session) and Query Attendance.

Follows ``@wix/auto_sdk_bookings_attendance`` (versions in ``../shared/reference``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.bookings import get_booking
from sync.sandbox.models.site import Site


class AttendanceStatus(StrEnum):
    NOT_SET = "NOT_SET"
    ATTENDED = "ATTENDED"
    NOT_ATTENDED = "NOT_ATTENDED"


ATTENDANCE_FILTERS = {
    "id": q.path("id"),
    "bookingId": q.path("bookingId"),
    "eventId": q.path("eventId"),
    "sessionId": q.path("sessionId"),
    "status": q.path("status"),
    "numberOfAttendees": q.path("numberOfAttendees"),
}


def set_attendance(site: Site, attendance: dict[str, Any]) -> dict[str, Any]:
    """Set Attendance: an upsert per (booking, session); the same body twice gives the same
    state."""
    booking_id = attendance.get("bookingId")
    if not booking_id:
        raise errors.required("attendance.bookingId")
    status = attendance.get("status")
    if not status:
        raise errors.required("attendance.status")
    if status not in AttendanceStatus.__members__:
        raise errors.invalid("attendance.status", "is not an AttendanceStatus", "ENUM")
    booking = get_booking(site, booking_id)
    booked_event = booking["bookedEntity"]["slot"]["eventId"]
    event_id = attendance.get("eventId") or booked_event
    if event_id != booked_event:
        raise errors.InvalidArgument(
            "SESSION_ID_NOT_PROVIDED", "attendance.eventId is not the booking's session"
        )
    count = attendance.get("numberOfAttendees", 1)
    if not isinstance(count, int) or count < 0:
        raise errors.invalid("attendance.numberOfAttendees", "must be a whole number")
    existing = next(
        (
            a
            for a in site.attendance.values()
            if a["bookingId"] == booking_id and a["eventId"] == event_id
        ),
        None,
    )
    if existing is None:
        existing = {"id": site.ids.guid(), "bookingId": booking_id, "eventId": event_id}
        site.attendance[existing["id"]] = existing
    existing["status"] = status
    existing["numberOfAttendees"] = count
    return existing


def query_attendance(site: Site, filt: Any) -> list[dict[str, Any]]:
    match = q.compile_filter(filt, ATTENDANCE_FILTERS)
    return sorted((a for a in site.attendance.values() if match(a)), key=lambda a: a["id"])
