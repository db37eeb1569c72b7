"""Issue 13, the row-flow side: payment changes after the fact, cancel that finds the real
booking, two children on one parent's email, and a Status rebuilt from Wix that tells the
truth."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sync.flows import Payment
from sync.sandbox.routes import all_routes
from tests.flows.conftest import Harness, person
from tests.flows.invariants import approved_cash, bookings_of, linked_orders, plan_charges

WRITES = {r.name for r in all_routes() if r.writes}


def _writes_since(harness: Harness, mark: int) -> list[str]:
    return [e.route or "" for e in harness.sandbox.log[mark:] if e.route in WRITES]


# -- payment changes after a payment was recorded ------------------------------------------
@pytest.mark.parametrize(
    ("first", "then", "said"),
    [
        ("cash", (Payment.UNPAID, None, "cash"), "wixsync never removes a payment"),
        ("cash", (Payment.PLAN, None, "cash"), "Wix already holds Ivan Novak's payment as cash"),
        ("cash", (Payment.CASH, None, "card"), "Wix cannot change a payment's method"),
        ("card", (Payment.CASH, None, "cash"), "Wix already holds Ivan Novak's payment as card"),
    ],
)
def test_a_payment_change_after_an_in_person_payment_is_said_and_not_done(
    harness: Harness, first: str, then: tuple, said: str
) -> None:
    ivan = replace(person("r1", "ivan.novak@example.org"), method=first)
    out = harness.run([ivan])["r1"]
    paid_status = out.status
    mark = len(harness.sandbox.log)
    payment, _plan, method = then
    changed = replace(person("r1", "ivan.novak@example.org", payment), method=method)
    again = harness.run([changed])["r1"]
    assert again.error is not None
    assert said in again.error
    assert again.status == paid_status, "the Status says what Wix holds"
    assert _writes_since(harness, mark) == []
    assert len(approved_cash(harness.sandbox, out.order_id)) == 1
    back = harness.run([ivan])["r1"]
    assert back.error is None, "writing the old payment back clears it"


def test_plan_to_cash_after_the_charge_says_to_cancel_and_add_a_row(harness: Harness) -> None:
    ana = person("r1", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass")
    out = harness.run_until_settled([ana])["r1"]
    mark = len(harness.sandbox.log)
    cash = harness.run([person("r1", "ana.lee@example.org", Payment.CASH)])["r1"]
    assert cash.error is not None
    assert "already charged to the 10 Swim Pass" in cash.error
    assert "set Payment to cancel" in cash.error
    assert cash.status == out.status
    assert _writes_since(harness, mark) == []
    assert len(plan_charges(harness.sandbox, out.order_id)) == 1


def test_a_payment_refunded_in_the_dashboard_lets_the_new_payment_through(
    harness: Harness,
) -> None:
    ivan = person("r1", "ivan.novak@example.org")
    out = harness.run([ivan])["r1"]
    site = harness.sandbox.site
    for payment in site.payments[out.order_id or ""]:  # the owner refunded the cash
        payment["status"] = "REFUNDED"
    site.orders[out.order_id or ""]["paymentStatus"] = "FULLY_REFUNDED"
    owed = harness.run([person("r1", "ivan.novak@example.org", Payment.UNPAID)])["r1"]
    assert owed.error is None
    assert owed.status.startswith("Booked · owes")
    assert owed.order_id == out.order_id


# -- cancel finds the real booking -----------------------------------------------------------
def test_cancel_retyped_after_the_booked_row_was_deleted_cancels_the_real_booking(
    harness: Harness,
) -> None:
    ivan = person("r1", "ivan.novak@example.org")
    out = harness.run([ivan])["r1"]
    retyped = person("r9", "ivan.novak@example.org", Payment.CANCEL)
    done = {o.row_id: o for o in harness.flows().run([retyped], present=["r9"])}["r9"]
    assert done.error is None
    assert done.status == "Cancelled"
    assert done.booking_id == out.booking_id
    assert bookings_of(harness.sandbox, ivan) == [], "Wix holds it cancelled"


def test_a_cancelled_row_set_back_to_cash_is_booked_ordered_and_paid_anew(
    harness: Harness,
) -> None:
    ivan = person("r1", "ivan.novak@example.org")
    first = harness.run([ivan])["r1"]
    assert harness.run([person("r1", "ivan.novak@example.org", Payment.CANCEL)])["r1"].status
    again = harness.run([ivan])["r1"]
    assert again.error is None
    assert again.booking_id not in (None, first.booking_id)
    assert again.order_id not in (None, first.order_id), "an order of its own"
    (booking,) = bookings_of(harness.sandbox, ivan)
    assert booking["id"] == again.booking_id
    assert [o["id"] for o in linked_orders(harness.sandbox, booking["id"])] == [again.order_id]
    assert len(approved_cash(harness.sandbox, again.order_id or "")) == 1


def test_a_cancelled_row_typed_over_with_another_person_books_that_person(
    harness: Harness,
) -> None:
    harness.run([person("r1", "ivan.novak@example.org")])
    harness.run([person("r1", "ivan.novak@example.org", Payment.CANCEL)])
    jade = person("r1", "jade.kim@example.org")
    out = harness.run([jade])["r1"]
    assert out.error is None, out.error
    (booking,) = bookings_of(harness.sandbox, jade)
    assert booking["id"] == out.booking_id
    assert bookings_of(harness.sandbox, person("r1", "ivan.novak@example.org")) == []


def test_cancel_for_a_booking_another_present_row_holds_is_refused(harness: Harness) -> None:
    ivan = person("r1", "ivan.novak@example.org")
    harness.run([ivan])
    other = person("r9", "ivan.novak@example.org", Payment.CANCEL)
    done = {o.row_id: o for o in harness.flows().run([other], present=["r1", "r9"])}["r9"]
    assert done.error is not None
    assert done.status != "Cancelled"
    assert len(bookings_of(harness.sandbox, ivan)) == 1, "the real booking stays"


def test_cancel_for_someone_wix_holds_no_booking_for_says_so(harness: Harness) -> None:
    mark = len(harness.sandbox.log)
    out = harness.run([person("r1", "jade.kim@example.org", Payment.CANCEL)])["r1"]
    assert out.status == ""
    assert out.error is not None
    assert "nothing to cancel" in out.error
    assert _writes_since(harness, mark) == []


def test_cancel_of_a_booking_made_online_finds_it_by_person_and_session(harness: Harness) -> None:
    hana = person("r1", "hana.sato@example.org", Payment.CANCEL)
    (booking,) = bookings_of(harness.sandbox, hana)
    out = harness.run([hana])["r1"]
    assert out.status == "Cancelled"
    assert out.booking_id == booking["id"]
    assert bookings_of(harness.sandbox, hana) == []


# -- two children on one parent's email --------------------------------------------------------
@pytest.mark.parametrize("known", [True, False], ids=["contact", "new-email"])
def test_two_children_on_one_email_get_two_seats_under_one_contact(
    harness: Harness, known: bool
) -> None:
    email = "ivan.novak@example.org" if known else "parent.new@example.org"
    mia = person("r1", email, first="Mia", last="Novak")
    leo = person("r2", email, first="Leo", last="Novak")
    out = harness.run([mia, leo])
    assert all(o.error is None for o in out.values()), out
    assert out["r1"].booking_id != out["r2"].booking_id
    assert out["r1"].order_id != out["r2"].order_id
    site = harness.sandbox.site
    booked = [site.bookings[o.booking_id or ""] for o in out.values()]
    assert len({b["contactDetails"]["contactId"] for b in booked}) == 1, "one contact"
    assert {b["contactDetails"]["firstName"] for b in booked} == {"Mia", "Leo"}
    for o in out.values():
        assert len(linked_orders(harness.sandbox, o.booking_id or "")) == 1
    again = harness.run([mia, leo])
    assert {o.booking_id for o in again.values()} == {o.booking_id for o in out.values()}


def test_one_email_and_one_name_twice_is_still_one_seat(harness: Harness) -> None:
    a = person("r1", "ivan.novak@example.org")
    b = person("r2", "ivan.novak@example.org")
    out = harness.run([a, b])
    assert out["r1"].error is None
    assert out["r2"].error is not None
    assert "another row for this same session" in out["r2"].error
    assert len(bookings_of(harness.sandbox, a)) == 1


# -- the state file lost: the Status rebuilt from Wix ------------------------------------------
def test_a_status_rebuilt_from_wix_shows_the_real_payment(harness: Harness, tmp_path) -> None:
    rows = [
        person("r1", "ivan.novak@example.org"),
        replace(person("r2", "jade.kim@example.org"), method="card"),
        person("r3", "kofi.mensah@example.org", Payment.UNPAID),
        person("r4", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass"),
    ]
    before = harness.run_until_settled(rows)
    harness.journal_path = tmp_path / "lost-and-rebuilt.sqlite3"
    mark = len(harness.sandbox.log)
    after = harness.run(rows)
    assert _writes_since(harness, mark) == [], "nothing is made or paid again"
    for row in ("r1", "r2", "r3"):
        assert after[row].status == before[row].status, row
    assert after["r4"].status.startswith("Booked · 10 Swim Pass")
    assert after["r2"].status == "Booked · paid by card · checked in"
    assert "owes 15.00" in after["r3"].status
