"""The roster: before the 18:00 Masters Swim, the people booked online appear on the sheet
(the real gspread against the fake Google Sheet, the Wix client against the sandbox), and a
volunteer's tick or cash on such a row lands on that same booking and order."""

from __future__ import annotations

from pathlib import Path

from sync.extras.roster import RosterOptions, roster_row_id
from tests.extras.roster.club import (
    book_online,
    book_with_plan,
    booking_of,
    by_name,
    cancel_in_wix,
    denver,
    evening_world,
    later,
    orders_of,
    set_clock,
)
from tests.proof.world import World, line, undated

GUS, HANA, ANA, IVAN = (
    "gus.petrov@example.org",
    "hana.sato@example.org",
    "ana.lee@example.org",
    "ivan.novak@example.org",
)


def _evening(tmp_path: Path) -> World:
    world = evening_world(tmp_path, at=denver(15, 55))
    book_with_plan(world, ANA, "10 Swim Pass")  # booked in the afternoon, paid with her pass
    set_clock(world, denver(16, 30))
    return world


def test_before_the_class_the_people_booked_online_appear_with_their_booking_ids(
    tmp_path: Path,
) -> None:
    world = _evening(tmp_path)
    world.cycle()
    rows = by_name(world)
    assert sorted(rows) == ["Ana Lee", "Gus Petrov", "Hana Sato"]
    for name, email in (("Gus Petrov", GUS), ("Hana Sato", HANA), ("Ana Lee", ANA)):
        row = rows[name]
        (booking,) = booking_of(world, email)
        (order,) = orders_of(world, booking["id"])
        assert row["Booking ID"] == booking["id"]
        assert row["Order ID"] == order["id"]
        assert row["Row ID"] == roster_row_id(booking["id"])
        assert (row["Date"], row["Time"], row["Class"], row["Email"]) == (
            "2026-06-15",
            "18:00",
            "Masters Swim",
            email,
        )
        assert (row["Attended"], row["Error"]) == ("", "")
    # what is left to do at the door, in the volunteers' words
    assert (rows["Gus Petrov"]["Payment"], rows["Gus Petrov"]["Status"]) == (
        "paid",
        "Booked online · paid",
    )
    assert (rows["Hana Sato"]["Payment"], rows["Hana Sato"]["Status"]) == (
        "",
        "Booked online · owes 20.00",
    )
    assert (rows["Ana Lee"]["Payment"], rows["Ana Lee"]["Plan"], rows["Ana Lee"]["Status"]) == (
        "plan",
        "10 Swim Pass",
        "Booked online · 10 Swim Pass",
    )


def test_a_second_cycle_adds_nothing_and_asks_nothing(tmp_path: Path) -> None:
    world = _evening(tmp_path)
    world.cycle()
    grid = world.grid()
    before = world.sheets.counts()
    later(world, seconds=30)
    report = world.cycle()
    assert world.grid() == grid
    assert report.wix_calls == 0
    assert report.plan.syncs == []
    counts = world.sheets.counts()
    assert counts.writes == before.writes  # nothing written
    assert counts.by_endpoint["values.get"] == before.by_endpoint["values.get"] + 1  # one read
    later(world, minutes=5)  # the next check reads the session again: still nothing to add
    report = world.cycle()
    assert world.grid() == grid
    assert report.wix_calls == 1  # one Extended Bookings query


def test_a_volunteer_checks_in_prefilled_people_on_their_own_bookings(tmp_path: Path) -> None:
    world = _evening(tmp_path)
    world.cycle()
    site = world.sandbox.site
    bookings, orders, credits = len(site.bookings), len(site.orders), _credits(world, ANA)
    human = world.human()
    rows = {r["Name"]: i + 2 for i, r in enumerate(world.records())}
    set_clock(world, denver(17, 55))
    human.set_cell(f"H{rows['Gus Petrov']}", True)
    human.set_cell(f"F{rows['Hana Sato']}", "cash")  # she pays at the door
    human.set_cell(f"H{rows['Hana Sato']}", True)
    human.set_cell(f"H{rows['Ana Lee']}", True)
    report = world.cycle()
    assert {o.error for o in report.outcomes.values()} == {None}
    # no second booking, no second order, no second plan charge
    assert (len(site.bookings), len(site.orders)) == (bookings, orders)
    assert _credits(world, ANA) == credits
    for email in (GUS, HANA, ANA):
        (booking,) = booking_of(world, email)
        (order,) = orders_of(world, booking["id"])
        assert order["paymentStatus"] == "PAID"
        attendance = [a for a in site.attendance.values() if a["bookingId"] == booking["id"]]
        assert [a["status"] for a in attendance] == ["ATTENDED"]
    rows_now = by_name(world)
    assert undated(rows_now["Hana Sato"]["Status"]) == "Booked · paid cash · checked in"
    assert undated(rows_now["Gus Petrov"]["Status"]) == "Booked · paid online · checked in"
    assert undated(rows_now["Ana Lee"]["Status"]).startswith("Booked · 10 Swim Pass")
    assert rows_now["Ana Lee"]["Status"].endswith("· checked in")


def test_a_booking_cancelled_in_wix_before_class_is_marked_on_its_row(tmp_path: Path) -> None:
    world = _evening(tmp_path)
    world.cycle()
    (gus,) = booking_of(world, GUS)
    before = by_name(world)["Gus Petrov"]
    later(world, minutes=20)
    cancel_in_wix(world, gus["id"])
    later(world, minutes=2)
    world.cycle()
    after = by_name(world)["Gus Petrov"]
    assert after["Status"] == "Cancelled in Wix"  # the row stays; only the daemon's cell changes
    assert {k: v for k, v in after.items() if k != "Status"} == {
        k: v for k, v in before.items() if k != "Status"
    }
    writes = world.sheets.counts().writes
    later(world, minutes=2)
    world.cycle()
    assert world.sheets.counts().writes == writes  # said once
    # the person came after all: the ticked row is booked afresh, the cancelled one stays so
    human = world.human()
    row = next(i + 2 for i, r in enumerate(world.records()) if r["Name"] == "Gus Petrov")
    human.set_cell(f"F{row}", "cash")
    human.set_cell(f"H{row}", True)
    report = world.cycle()
    assert {o.error for o in report.outcomes.values()} == {None}
    statuses = sorted(b["status"] for b in booking_of(world, GUS))
    assert statuses == ["CANCELED", "CONFIRMED"]
    assert undated(by_name(world)["Gus Petrov"]["Status"]) == "Booked · paid cash · checked in"


def test_a_late_booking_is_added_and_a_deleted_row_never_comes_back(tmp_path: Path) -> None:
    world = _evening(tmp_path)
    world.cycle()
    gus_row = next(i + 2 for i, r in enumerate(world.records()) if r["Name"] == "Gus Petrov")
    world.human().delete_rows(gus_row)  # a volunteer removes Gus: he is not coming
    later(world, minutes=10)
    book_online(world, IVAN)  # Ivan books online at 16:40
    later(world, minutes=1)
    world.cycle()
    assert sorted(by_name(world)) == ["Ana Lee", "Hana Sato", "Ivan Novak"]
    assert undated(by_name(world)["Ivan Novak"]["Status"]) == "Booked online"
    later(world, minutes=10)
    world.cycle()
    assert sorted(by_name(world)) == ["Ana Lee", "Hana Sato", "Ivan Novak"]


def test_someone_already_written_down_is_not_added_again(tmp_path: Path) -> None:
    typed = [line("Gus Petrov", GUS, "", attended="x", class_name="Masters Swim")]
    world = evening_world(tmp_path, typed, at=denver(16, 30))
    world.cycle()
    rows = world.records()
    assert [r["Name"] for r in rows] == ["Gus Petrov", "Hana Sato"]
    (gus,) = booking_of(world, GUS)
    assert rows[0]["Booking ID"] == gus["id"]  # the volunteer's row found his booking
    assert undated(rows[0]["Status"]) == "Booked · paid online · checked in"


def test_nothing_is_added_before_the_lead_time_or_once_the_class_started(tmp_path: Path) -> None:
    world = evening_world(tmp_path, at=denver(15, 59))
    assert world.cycle().wix_calls == 2  # the classes and the sessions, once
    assert world.records() == []
    set_clock(world, denver(18, 1))
    world.cycle()
    assert world.records() == []
    # and a class the roster is not for stays empty even when it opens
    other = evening_world(
        tmp_path / "ows", roster=RosterOptions(classes=("Open Water Swim",)), at=denver(16, 30)
    )
    other.cycle()
    assert other.records() == []


def test_an_append_whose_answer_was_lost_is_not_repeated(tmp_path: Path) -> None:
    world = _evening(tmp_path)
    world.sheets.inject("values.append", "drop")  # applied, then the connection drops
    world.cycle()
    assert sorted(by_name(world)) == ["Ana Lee", "Gus Petrov", "Hana Sato"]
    world.cycle()  # the check runs again, finds them on the sheet
    later(world, minutes=5)
    world.cycle()
    assert len(world.records()) == 3
    assert world.sheets.counts().by_endpoint.get("values.append") == 1


def _credits(world: World, email: str) -> list[str]:
    site = world.sandbox.site
    member = next(
        m["id"]
        for m in site.members.values()
        if site.contacts[m["contactId"]]["primaryInfo"]["email"] == email
    )
    return [
        b["amount"]["available"]
        for b in site.balances.values()
        if b["beneficiary"].get("memberId") == member
    ]
