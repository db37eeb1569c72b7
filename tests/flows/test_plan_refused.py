"""A plan Wix refuses to charge (here: Finn's 5 Masters Pass, which does not cover Open Water
Swim — a refusal the plan check cannot see ahead, the class listing no plans): a booking
made for the plan is undone, so the row starts clean; a booking the row held before its
Payment was changed to the plan stays, owed on its order."""

from __future__ import annotations

from sync.flows import Payment
from sync.state import Point
from tests.flows.conftest import Harness, person
from tests.flows.invariants import bookings_of

FINN = "finn.walsh@example.org"


def _active(harness: Harness, attendee: object) -> list[dict[str, object]]:
    return [b for b in bookings_of(harness.sandbox, attendee) if b["status"] != "CANCELED"]


def test_a_row_typed_with_a_plan_wix_refuses_leaves_no_booking(harness: Harness) -> None:
    flows = harness.flows()
    finn = person("r1", FINN, Payment.PLAN, plan="5 Masters Pass")
    (out,) = flows.run([finn])
    assert "5 Masters Pass" in (out.error or ""), out
    assert _active(harness, finn) == []
    assert flows.journal.get("r1").booking_id is None


def test_unpaid_changed_to_a_plan_wix_refuses_keeps_the_booking_owed(harness: Harness) -> None:
    flows = harness.flows()
    unpaid = person("r1", FINN, Payment.UNPAID)
    (booked,) = flows.run([unpaid])
    assert booked.error is None, booked
    assert booked.booking_id
    (out,) = flows.run([person("r1", FINN, Payment.PLAN, plan="5 Masters Pass")])
    assert "5 Masters Pass" in (out.error or ""), out
    assert out.booking_id == booked.booking_id
    assert "owes" in out.status, out.status
    (kept,) = _active(harness, unpaid)
    assert kept["id"] == booked.booking_id
    assert flows.journal.get("r1").point == Point.OWED
    (cash,) = flows.run([person("r1", FINN, Payment.CASH)])  # the fix the row suggests
    assert cash.error is None, cash
    assert cash.booking_id == booked.booking_id
    assert flows.journal.get("r1").point == Point.PAID
