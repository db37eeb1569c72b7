"""Exactly once under faults on every write step and crashes between recovery points.

After faults stop (and after a restart from the journal on disk), every attendee ends with
one booking, one linked order, at most one cash payment and at most one plan charge, and the
booking shows its order in Extended Bookings.
"""

from __future__ import annotations

import pytest

from sync.flows import Payment
from sync.sandbox import Fault
from tests.flows.conftest import Harness, person
from tests.flows.invariants import assert_exactly_once, bookings_of

PEOPLE = [
    person("r1", "zoe.quinn@example.org"),  # new contact, cash
    person("r2", "ivan.novak@example.org"),  # contact, cash
    person("r3", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass"),  # plan
    person("r4", "jade.kim@example.org", Payment.UNPAID),  # owes
    person("r5", "hana.sato@example.org"),  # booked online
]
FAULTS = {
    "error": {"kind": "error", "status": 500},
    "drop": {"kind": "drop"},
    "hang": {"kind": "hang", "seconds": 1.0},
    "rate_limit": {"kind": "rate_limit", "retry_after": 1},
}
WRITE_ROUTES = [
    "bookings.bulk_create",
    "cart.create",
    "cart.place_order",
    "orders.mark_as_paid",
    "billing.charge_memberships",
    "attendance.bulk_set",
]


def _shows_order(harness: Harness) -> None:
    from sync.sandbox.models import extended_bookings

    for a in PEOPLE:
        (booking,) = bookings_of(harness.sandbox, a)
        (item,) = extended_bookings.query_extended_bookings(
            harness.sandbox.site,
            {"id": booking["id"]},
            None,
            with_order=True,
            with_attendance=True,
            with_actions=False,
        )
        assert item["order"]["id"], f"{a.row_id}: Extended Bookings shows no order"
        assert item["attendance"]["status"] == "ATTENDED"


@pytest.mark.parametrize("kind", sorted(FAULTS))
@pytest.mark.parametrize("route", WRITE_ROUTES)
def test_fault_on_a_write_step_still_ends_exactly_once(
    harness: Harness, route: str, kind: str
) -> None:
    harness.sandbox.faults.add(Fault(route=route, times=2, **FAULTS[kind]))
    outcomes = harness.run_until_settled(PEOPLE)
    assert harness.sandbox.faults.listing()[0]["fired"] >= 1, "the fault never fired"
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)
    assert all(o.error is None for o in outcomes.values()), outcomes
    _shows_order(harness)


@pytest.mark.parametrize("kind", sorted(FAULTS))
@pytest.mark.parametrize("route", ["transactions.add_payment", "transactions.list", "orders.get"])
def test_fault_on_the_add_payment_path(harness: Harness, route: str, kind: str) -> None:
    harness.switch(mark_as_paid_allowed=False, add_payment_marks_order_paid=True)
    harness.sandbox.faults.add(Fault(route=route, times=2, **FAULTS[kind]))
    harness.run_until_settled(PEOPLE)
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


@pytest.mark.parametrize("kind", sorted(FAULTS))
@pytest.mark.parametrize("route", ["checkout.create", "checkout.create_order"])
def test_fault_on_the_checkout_v1_fallback(harness: Harness, route: str, kind: str) -> None:
    from sync.flows import OrderVia, Strategies

    harness.switch(checkout_requires_billing_address=False)
    Strategies(order=OrderVia.CHECKOUT_V1).save(harness.flows().journal)
    harness.sandbox.faults.add(Fault(route=route, times=2, **FAULTS[kind]))
    harness.run_until_settled(PEOPLE)
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


@pytest.mark.parametrize("repeat_rejected", [True, False])
def test_a_dropped_plan_charge_is_not_sent_twice(harness: Harness, repeat_rejected: bool) -> None:
    """Where Wix would charge a repeat, only the journal stands between a member and a
    double charge: the in-flight charge is looked up in the order's transactions first."""
    harness.switch(charge_memberships_rejects_repeat=repeat_rejected)
    harness.sandbox.faults.add(Fault(route="billing.charge_memberships", kind="drop"))
    harness.run_until_settled(PEOPLE)
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


class Crash(BaseException):
    """The process dies here: a kill, which no ``except Exception`` of the product sees."""


def test_crash_between_any_two_recovery_points_resumes_exactly_once(tmp_path) -> None:
    """Kill the run at every recovery point in turn (the journal is on disk, the process is
    gone), start again from the file, and check nothing happened twice."""
    from sync.sandbox import build_sandbox
    from tests.conftest import NOW

    clean = Harness(build_sandbox(now=NOW, rate_limit=None), tmp_path / "clean.sqlite3")
    points: list[str] = []
    clean.flows(progress=lambda _row, point: points.append(point)).run(PEOPLE)
    assert len(points) > 30
    for at, point in enumerate(points):
        harness = Harness(build_sandbox(now=NOW, rate_limit=None), tmp_path / f"{at}.sqlite3")
        count = 0

        def crash(_row: str, _point: str, at: int = at) -> None:
            nonlocal count
            count += 1
            if count == at + 1:
                raise Crash(at)

        with pytest.raises(Crash):
            harness.flows(progress=crash).run(PEOPLE)
        harness.run_until_settled(PEOPLE)
        try:
            assert_exactly_once(harness.sandbox, PEOPLE, settled=True)
            _shows_order(harness)
        except AssertionError as exc:
            raise AssertionError(f"crash after point {at} ({point}): {exc}") from exc
