""" "Set Payment to cancel, then add a new row" — what the Error column tells a volunteer to
do to move a booking or to pay another way — books the new row, whichever row stands first
and whether the two edits reach one cycle or two, with never two active bookings for the
seat."""

from __future__ import annotations

from pathlib import Path

from sync.sandbox.models import bookings as bk
from tests.extras.roster.club import cancel_in_wix
from tests.proof.world import World, line, undated

ZOE = ("Zoe Quinn", "zoe.quinn@example.org")
ANA = ("Ana Lee", "ana.lee@example.org")  # holds the 10 Swim Pass
IVAN = ("Ivan Novak", "ivan.novak@example.org")


def _rows(world: World, who: tuple[str, str] = ZOE) -> list[dict]:
    return [r for r in world.records() if r["Name"] == who[0]]


def _active(world: World, who: tuple[str, str] = ZOE) -> list[dict]:
    return [
        b
        for b in world.sandbox.site.bookings.values()
        if b["status"] == "CONFIRMED" and b["contactDetails"].get("email") == who[1]
    ]


def _booked_world(tmp_path: Path, first: list[str]) -> World:
    world = World(tmp_path, [first, line("Ivan Novak", "ivan.novak@example.org")])
    for _ in range(3):  # a plan charge settles a cycle or two later
        world.now += 15
        world.cycle()
    assert len(_active(world, (first[3], first[4]))) == 1
    return world


def test_a_new_row_after_the_cancel_is_done_is_booked(tmp_path: Path) -> None:
    world = _booked_world(tmp_path, line(*ZOE))
    first = _active(world)[0]["id"]
    world.human().set_cell("F2", "cancel")
    world.cycle()
    world.human().set_row(4, line(*ZOE, "unpaid"))
    world.cycle()
    cancelled, again = _rows(world)
    assert cancelled["Status"] == "Cancelled"
    assert cancelled["Booking ID"] == first
    assert not again["Error"], again
    assert undated(again["Status"]).startswith("Booked · owes"), again
    assert [b["id"] for b in _active(world)] == [again["Booking ID"]] != [first]


def test_a_new_row_above_the_cancelled_one_is_booked_too(tmp_path: Path) -> None:
    world = _booked_world(tmp_path, line(*ZOE))
    world.human().set_cell("F2", "cancel")
    world.cycle()
    world.human().insert_rows(2)
    world.human().set_row(2, line(*ZOE, "cash"))
    world.cycle()
    again, cancelled = _rows(world)
    assert cancelled["Status"] == "Cancelled"
    assert not again["Error"]
    assert undated(again["Status"]).startswith("Booked · paid cash")
    assert [b["id"] for b in _active(world)] == [again["Booking ID"]]


def test_both_edits_in_one_cycle_book_the_new_row_once_the_cancel_is_done(
    tmp_path: Path,
) -> None:
    """Paid by plan, and to pay cash instead: the plan's credit comes back, then cash."""
    world = _booked_world(tmp_path, line(*ANA, "plan", "10 Swim Pass"))
    first = _active(world, ANA)[0]["id"]
    world.human().set_cell("F2", "cancel")
    world.human().set_row(4, line(*ANA, "cash"))
    world.cycle()
    cancelled, again = _rows(world, ANA)
    assert cancelled["Status"] == "Cancelled"
    assert again["Error"].startswith("Row 2 cancels this person's booking"), again
    assert not again["Booking ID"]
    assert not _active(world, ANA)
    world.now += 15
    world.cycle()
    cancelled, again = _rows(world, ANA)
    assert not again["Error"], again
    assert undated(again["Status"]).startswith("Booked · paid cash"), again
    assert [b["id"] for b in _active(world, ANA)] == [again["Booking ID"]] != [first]


def test_a_second_row_for_a_booked_seat_is_still_a_duplicate(tmp_path: Path) -> None:
    """Only a cancel row gives its seat up: a second cash row for a booked seat is told to
    go, as before."""
    world = _booked_world(tmp_path, line(*ZOE))
    world.human().set_row(4, line(*ZOE, "unpaid"))
    world.cycle()
    _, extra = _rows(world)
    assert extra["Error"].startswith("Same person and session as row 2"), extra
    assert len(_active(world)) == 1


def _rebooked_then_deleted(tmp_path: Path) -> tuple[World, str]:
    """Zoe cancelled (row 2), booked again on a new row (row 4), that row then deleted."""
    world = _booked_world(tmp_path, line(*ZOE))
    world.human().set_cell("F2", "cancel")
    world.cycle()
    world.human().set_row(4, line(*ZOE, "cash"))
    world.cycle()
    again = _rows(world)[1]["Booking ID"]
    world.human().delete_rows(4)
    world.cycle()
    return world, again


def test_a_cancelled_row_says_when_a_deleted_rows_booking_still_holds_its_seat(
    tmp_path: Path,
) -> None:
    """Deleting a row cancels nothing, so Zoe is still booked: the only row left for her
    seat, which says Cancelled, says so too, and nothing is cancelled by itself."""
    world, again = _rebooked_then_deleted(tmp_path)
    (cancelled,) = _rows(world)
    assert cancelled["Status"] == "Cancelled"
    assert cancelled["Error"].startswith(
        f"Zoe Quinn is still booked for this session in Wix (booking {again})"
    ), cancelled
    assert [b["id"] for b in _active(world)] == [again]
    before = len(world.sandbox.log)
    world.now += 15
    world.cycle()  # said once: no Wix call, no write
    assert len(world.sandbox.log) == before
    assert _rows(world)[0]["Error"] == cancelled["Error"]


def test_the_note_goes_once_the_deleted_row_is_typed_again(tmp_path: Path) -> None:
    world, again = _rebooked_then_deleted(tmp_path)
    world.human().set_row(4, line(*ZOE, "cash"))  # deleted by mistake
    world.cycle()
    cancelled, back = _rows(world)
    assert back["Booking ID"] == again, back
    assert not back["Error"], back
    assert cancelled["Status"] == "Cancelled", cancelled
    assert not cancelled["Error"], cancelled
    assert [b["id"] for b in _active(world)] == [again]


def test_the_note_goes_once_a_new_cancel_row_cancels_that_booking(tmp_path: Path) -> None:
    world, again = _rebooked_then_deleted(tmp_path)
    world.human().set_row(4, line(*ZOE, "cancel"))  # not coming after all
    world.cycle()
    world.now += 15
    world.cycle()
    first, second = _rows(world)
    assert second["Booking ID"] == again, second
    assert second["Status"] == "Cancelled", second
    assert first["Status"] == "Cancelled", first
    assert not first["Error"], first
    assert not _active(world)


def test_a_cancelled_row_edited_again_stays_cancelled(tmp_path: Path) -> None:
    """Attended ticked on a row whose cancel is done: still Cancelled, no Error (it said
    "Wix holds no booking … nothing to cancel. Check the name…"), and no Wix write."""
    world = _booked_world(tmp_path, line(*ZOE, attended=""))
    world.human().set_cell("F2", "cancel")
    world.cycle()
    first = _rows(world)[0]
    before = len(world.sandbox.log)
    world.human().set_cell("H2", "x")
    world.cycle()
    (row,) = _rows(world)
    assert row["Status"] == "Cancelled"
    assert not row["Error"], row
    assert row["Booking ID"] == first["Booking ID"]
    reads = {  # the session and the person's bookings there, looked at: nothing written
        "/_api/bookings/v2/services/query",
        "/_api/service-availability/v2/time-slots/event",
        "/_api/bookings-reader/v2/extended-bookings/query",
    }
    assert {e.path for e in world.sandbox.log[before:]} <= reads


def test_editing_the_cancelled_row_cancels_the_deleted_rows_booking(tmp_path: Path) -> None:
    """An edit of the row says cancel again: it carries the deleted row's booking on and
    cancels it, as a new cancel row would."""
    world, again = _rebooked_then_deleted(tmp_path)
    world.human().set_cell("H2", "")
    world.cycle()
    (row,) = _rows(world)
    assert row["Booking ID"] == again
    assert row["Status"] == "Cancelled"
    assert not row["Error"], row
    assert not _active(world)


def test_the_note_goes_once_that_booking_cancelled_in_wix_and_a_cell_retyped(
    tmp_path: Path,
) -> None:
    """The owner cancels that booking in the Wix dashboard instead, then retypes a cell of
    the row: Wix, asked by id, shows it cancelled, so nothing holds the seat any more."""
    world, again = _rebooked_then_deleted(tmp_path)
    cancel_in_wix(world, again)
    world.human().set_cell("H2", "")
    world.cycle()
    world.now += 15
    world.cycle()
    (row,) = _rows(world)
    assert row["Status"] == "Cancelled"
    assert not row["Error"], row
    assert not _active(world)


def _booked_online_unpaid(world: World, email: str) -> str:
    """A booking made on the web to pay online, whose payment never happened: no order."""
    site = world.sandbox.site
    contact = next(c for c in site.contacts.values() if c["primaryInfo"].get("email") == email)
    service = next(s for s in site.services.values() if s["name"] == "Open Water Swim")
    today = site.today_local().date().isoformat()
    event = next(
        e
        for e in site.events.values()
        if e["serviceId"] == service["id"] and e["localStart"].startswith(today)
    )
    booking = bk.create_booking(
        site,
        {
            "bookedEntity": {"slot": {"serviceId": service["id"], "eventId": event["id"]}},
            "contactDetails": {"contactId": contact["id"], "email": email},
            "totalParticipants": 1,
            "selectedPaymentOption": "ONLINE",
        },
        notify=None,
        send_sms=False,
        flow={"skipAvailabilityValidation": True},
        can=lambda *_: None,
    )
    return str(booking["id"])


def test_a_booking_made_online_to_pay_online_is_paid_cash_by_cancel_and_a_new_row(
    tmp_path: Path,
) -> None:
    """Ivan booked on the web to pay online and never paid; at the door he pays cash. Wix
    keeps that booking's payment online, so the row says so and what to do — set Payment to
    cancel, add a new row — and doing it books him again, paid cash, with one booking."""
    world = World(tmp_path, [])
    online = _booked_online_unpaid(world, IVAN[1])
    world.human().set_row(2, line(*IVAN, "cash"))
    world.cycle()
    (row,) = _rows(world, IVAN)
    assert row["Booking ID"] == online, row
    assert row["Error"].startswith(
        "Ivan Novak booked online to pay online, and Wix keeps that booking's payment online"
    ), row
    assert "set Payment to cancel on this row and add a new row" in row["Error"], row
    world.human().set_cell("F2", "cancel")
    world.human().set_row(3, line(*IVAN, "cash"))
    for _ in range(2):  # the cancel first, the new row a cycle later
        world.now += 15
        world.cycle()
    cancelled, again = _rows(world, IVAN)
    assert cancelled["Status"] == "Cancelled", cancelled
    assert not cancelled["Error"], cancelled
    assert not again["Error"], again
    assert undated(again["Status"]).startswith("Booked · paid cash"), again
    assert [b["id"] for b in _active(world, IVAN)] == [again["Booking ID"]] != [online]
