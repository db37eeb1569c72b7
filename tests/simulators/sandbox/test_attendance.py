"""Attendance: set (an upsert), bulk set (at most 8), query."""

from __future__ import annotations

import pytest

from tests.conftest import Wix, booking_body

SET = "/bookings/bookings-attendance/set"


def _booking(wix: Wix, email: str = "ivan.novak@example.org") -> dict:
    return wix.ok(
        "POST",
        "/_api/bookings-service/v2/bookings",
        booking_body(wix, email, skipAvailabilityValidation=True),
    )["booking"]


@pytest.mark.evidence("wix-bookings.md §7: Set Attendance is an upsert; numberOfAttendees")
def test_set_attendance_twice_gives_one_record(wix: Wix) -> None:
    booking = _booking(wix)
    body = {
        "attendance": {
            "bookingId": booking["id"],
            "eventId": wix.today_event(),
            "status": "ATTENDED",
            "numberOfAttendees": 1,
        },
        "participantNotification": {"notifyParticipants": False},
    }
    first = wix.ok("POST", SET, body)["attendance"]
    second = wix.ok("POST", SET, body)["attendance"]
    assert first == second
    body["attendance"]["status"] = "NOT_ATTENDED"
    assert wix.ok("POST", SET, body)["attendance"]["id"] == first["id"]
    found = wix.ok(
        "POST",
        "/bookings/bookings-attendance/query",
        {"query": {"filter": {"bookingId": {"$in": [booking["id"]]}}}},
    )
    assert [a["status"] for a in found["attendances"]] == ["NOT_ATTENDED"]


def test_attendance_needs_booking_and_status(wix: Wix) -> None:
    response = wix.call("POST", SET, {"attendance": {"status": "ATTENDED"}})
    assert response.status_code == 400
    response = wix.call("POST", SET, {"attendance": {"bookingId": "nope", "status": "ATTENDED"}})
    assert response.status_code == 404


def test_bulk_attendance_takes_at_most_eight(wix: Wix) -> None:
    booking = _booking(wix)
    detail = {"attendance": {"bookingId": booking["id"], "status": "ATTENDED"}}
    assert (
        wix.call(
            "POST", "/bookings/v2/bulk/attendance/set", {"attendanceDetails": [detail] * 9}
        ).status_code
        == 400
    )
    result = wix.ok(
        "POST",
        "/bookings/v2/bulk/attendance/set",
        {
            "attendanceDetails": [
                detail,
                {"attendance": {"bookingId": "missing", "status": "ATTENDED"}},
            ],
            "returnFullEntity": True,
        },
    )
    assert [r["itemMetadata"]["success"] for r in result["results"]] == [True, False]
    assert result["results"][0]["item"]["eventId"] == wix.today_event()


def test_extended_bookings_show_attendance(wix: Wix) -> None:
    booking = _booking(wix)
    wix.ok("POST", SET, {"attendance": {"bookingId": booking["id"], "status": "ATTENDED"}})
    found = wix.ok(
        "POST",
        "/_api/bookings-reader/v2/extended-bookings/query",
        {"query": {"filter": {"id": booking["id"]}}, "withBookingAttendanceInfo": True},
    )
    assert found["extendedBookings"][0]["attendance"]["status"] == "ATTENDED"
