"""Rows deleted and typed again, and one person on two rows: never a second booking, and
the row a person can see always shows where it stands."""

from __future__ import annotations

from pathlib import Path

from tests.proof.world import World, line, undated


def _row(world: World, name: str) -> dict:
    return next(r for r in world.records() if r["Name"] == name)


def test_a_deleted_row_typed_again_differently_carries_on_its_booking(tmp_path: Path) -> None:
    world = World(
        tmp_path,
        [
            line("Zoe Quinn", "zoe.quinn@example.org", "unpaid"),
            line("Ivan Novak", "ivan.novak@example.org"),
        ],
    )
    world.cycle()
    booked = _row(world, "Zoe Quinn")
    world.human().delete_rows(2)
    # typed again with capitals in the email (another row to the sheet) and paid now
    world.human().set_row(3, line("Zoe Quinn", "Zoe.Quinn@example.org", "cash"))
    world.cycle()
    zoe = _row(world, "Zoe Quinn")
    assert (zoe["Booking ID"], zoe["Order ID"]) == (booked["Booking ID"], booked["Order ID"])
    assert undated(zoe["Status"]).startswith("Booked · paid cash"), zoe
    site = world.sandbox.site
    assert site.orders[zoe["Order ID"]]["paymentStatus"] == "PAID"
    assert len(site.payments[zoe["Order ID"]]) == 1


def test_a_deleted_row_typed_again_the_same_gets_its_ids_back(tmp_path: Path) -> None:
    rows = [
        line("Zoe Quinn", "zoe.quinn@example.org"),
        line("Ivan Novak", "ivan.novak@example.org"),
    ]
    world = World(tmp_path, rows)
    world.cycle()
    booked = _row(world, "Zoe Quinn")
    world.human().delete_rows(2)
    world.cycle()
    world.human().set_row(3, rows[0])
    before = len(world.sandbox.log)
    world.cycle()
    zoe = _row(world, "Zoe Quinn")
    assert zoe["Booking ID"] == booked["Booking ID"], zoe
    assert zoe["Row ID"], zoe
    assert not [
        e for e in world.sandbox.log[before:] if "query" not in e.path and e.method != "GET"
    ]


def test_a_reported_row_typed_again_gets_its_message_again(tmp_path: Path) -> None:
    rows = [line("Amir Said", "amir.said@example"), line("Ivan Novak", "ivan.novak@example.org")]
    world = World(tmp_path, rows)
    world.cycle()
    world.human().delete_rows(2)
    world.cycle()
    world.human().set_row(3, rows[0])
    world.cycle()
    assert "is not valid" in _row(world, "Amir Said")["Error"]


def test_one_person_on_two_rows_written_differently_is_booked_once(tmp_path: Path) -> None:
    world = World(
        tmp_path,
        [
            line("Zoe Quinn", "zoe.quinn@example.org"),
            line("Zoe Quinn", "zoe.quinn@example.org", "unpaid", time="06:30"),
        ],
    )
    world.cycle()
    first, second = world.records()
    assert first["Booking ID"]
    assert not first["Error"]
    assert not second["Booking ID"]
    assert "on another row for this same session" in second["Error"]
    world.human().set_cell("F3", "cash")  # edited later, once the first row is booked
    world.cycle()
    second = world.records()[1]
    assert not second["Booking ID"]
    assert "already booked for this session by another row" in second["Error"]
    active = [b for b in world.sandbox.site.bookings.values() if b["status"] == "CONFIRMED"]
    assert sum(1 for b in active if b.get("externalUserId", "").startswith("wixsync:")) == 1


def _retype_as(
    tmp_path: Path, first: str, again: str, plan: str = "", *, duplicate: bool = True
) -> World:
    """Ana's row booked with ``first``, a duplicate cash row of hers refused, both rows
    deleted, then typed again (the booked one now ``again``) — the case the stateful
    suite found: the retyped row takes over the booking the deleted row left."""
    world = World(tmp_path, [line("Ana Lee", "ana.lee@example.org", first, attended="")])
    world.cycle()
    world.human().set_row(3, line("Ana Lee", "ana.lee@example.org", "cash", attended=""))
    world.cycle()
    world.human().delete_rows(3)
    world.cycle()
    world.human().delete_rows(2)
    world.cycle()
    world.human().set_row(2, line("Ana Lee", "ana.lee@example.org", again, plan, attended=""))
    if duplicate:
        world.human().set_row(3, line("Ana Lee", "ana.lee@example.org", "cash", attended=""))
    for _ in range(3):
        world.now += 3600
        world.cycle()
    return world


def test_a_booking_carried_over_by_a_row_now_on_a_plan_charges_the_plan(tmp_path: Path) -> None:
    world = _retype_as(tmp_path, "unpaid", "plan", "10 Swim Pass")
    ana, duplicate = world.records()
    assert ana["Booking ID"], ana
    assert not ana["Error"], ana
    assert "10 Swim Pass" in ana["Status"], ana
    assert "owes" not in ana["Status"], ana
    site = world.sandbox.site
    assert site.orders[ana["Order ID"]]["paymentStatus"] == "PAID"
    charged = [r for r in site.redemptions if r["orderId"] == ana["Order ID"]]
    assert len(charged) == 1
    assert "Same person and session" in duplicate["Error"]


def test_a_paid_booking_carried_over_by_a_row_now_on_a_plan_is_not_charged(
    tmp_path: Path,
) -> None:
    world = _retype_as(tmp_path, "cash", "plan", "10 Swim Pass", duplicate=False)
    ana = world.records()[0]
    assert "already holds Ana Lee's payment as cash" in ana["Error"], ana
    assert "paid cash" in ana["Status"]
    assert not world.sandbox.site.redemptions
