"""Faults at the edges, through the daemon loop (``sync.daemon.Daemon``) on simulated time:
Google answering 429 and 500 for minutes, Wix down for a whole cycle, the network dropping
mid-write, the state file's disk filling up, the clock jumping. Each time the daemon keeps
running, says what is wrong once, and catches up — and nothing happens twice in Wix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.flows import Attendee
from sync.sandbox import Fault
from tests.fakes.sheets import Fault as SheetFault
from tests.flows.conftest import person
from tests.flows.invariants import bookings_of, linked_orders
from tests.proof.corpus import READ_ROUTES
from tests.proof.world import Loop, World, line

ROWS = [
    line("Zoe Quinn", "zoe.quinn@example.org", "cash"),
    line("Ivan Novak", "ivan.novak@example.org", "cash"),
    line("Ana Lee", "ana.lee@example.org", "plan", "10 Swim Pass"),
    line("Jade Kim", "jade.kim@example.org", "unpaid"),
    line("Maya Okafor", "maya.okafor@example.org", "cash", attended="no"),
]
POLL = 15.0
#: Wix settles a plan charge a read or two after it is sent: the most polls that takes
SETTLE_POLLS = 3


def settle(world: World, loop: Loop) -> None:
    """Poll (at most ``SETTLE_POLLS`` times) until no row's plan charge is pending."""
    for _ in range(SETTLE_POLLS):
        if not any("plan charge pending" in r["Status"] for r in world.records()):
            return
        loop.run(POLL)
    assert not any("plan charge pending" in r["Status"] for r in world.records())


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path, ROWS)


@pytest.fixture
def loop(world: World) -> Iterator[Loop]:
    with world.open() as runtime:
        yield Loop(world, runtime)


def assert_all_synced_once(world: World, rows: int = len(ROWS)) -> None:
    records = world.records()
    assert len(records) == rows
    for r in records:
        assert r["Booking ID"], r
        assert r["Order ID"], r
        assert not r["Error"], r
    site = world.sandbox.site
    held: dict[tuple[str, str], int] = {}
    for b in site.bookings.values():
        if b["status"] in ("CREATED", "PENDING", "CONFIRMED"):
            key = (b["contactDetails"]["contactId"], b["bookedEntity"]["slot"]["eventId"])
            held[key] = held.get(key, 0) + 1
    assert max(held.values()) == 1, "someone holds two bookings for one session"
    for r in records:
        booking = site.bookings[r["Booking ID"]]
        assert booking["status"] == "CONFIRMED"
        (order,) = linked_orders(world.sandbox, booking["id"])
        cash = [x for x in site.payments.get(order["id"], []) if x.get("status") == "APPROVED"]
        assert len(cash) <= 1
        if r["Payment"] == "cash":
            assert order["paymentStatus"] == "PAID"
    charges = [x for x in site.redemptions if x["type"] == "REDEEM" and not x["canceled"]]
    assert len(charges) == 1, "Ana's plan is charged once"


@pytest.mark.parametrize(
    "faults",
    [
        [("quota", 429)],
        [("error", 500)],
        [("quota", 429), ("error", 503)],  # 429 for five minutes, then 503 for five more
    ],
    ids=["429", "500", "429-then-503"],
)
def test_google_failing_for_minutes(world: World, loop: Loop, faults: list) -> None:
    for kind, status in faults:
        fault = world.sheets.faults.add(SheetFault("*", kind, times=None, status=status))
        loop.run(300)
        assert fault.fired > 0
        world.sheets.faults.clear()
    assert "Booking ID" not in world.grid()[0], "nothing could be read or written"
    assert len(world.sandbox.log) == 0, "nothing was sent to Wix while the sheet was unread"
    loop.run(900)
    assert loop.count("cannot sync") == 1, loop.said
    assert "Google Sheets" in next(s for s in loop.said if "cannot sync" in s)
    assert loop.count("reachable again") == 1, loop.said
    assert_all_synced_once(world)


@pytest.mark.parametrize("kind", ["error", "drop", "hang"])
def test_wix_down_for_a_whole_cycle(world: World, loop: Loop, kind: str) -> None:
    world.sandbox.faults.add(Fault(route="*", kind=kind, times=None, seconds=1.0))  # type: ignore[arg-type]
    loop.run(POLL)  # one cycle: every call fails
    assert loop.count("cannot sync") == 1, loop.said
    assert all(r["Error"] for r in world.records()), "each row says it will be retried"
    world.sandbox.faults.clear()
    loop.run(600)
    assert loop.count("cannot sync") == 1, loop.said
    assert loop.count("reachable again") == 1, loop.said
    assert_all_synced_once(world)


def test_wix_down_for_an_hour_catches_up_as_soon_as_it_is_back(world: World, loop: Loop) -> None:
    world.sandbox.faults.add(Fault(route="*", kind="error", times=None))
    loop.run(3600)
    tries = loop.daemon.cycles
    assert tries < 20, f"backed off instead of trying every {POLL} s ({tries} cycles in 1 h)"
    world.sandbox.faults.clear()
    loop.run(601)  # the daemon's back-off is at most 10 minutes; rows have none of their own
    assert_all_synced_once(world)
    assert loop.count("cannot sync") == 1


@pytest.mark.parametrize("commit", [True, False], ids=["applied", "not-applied"])
def test_the_network_drops_while_the_sheet_is_written(
    world: World, loop: Loop, commit: bool
) -> None:
    world.sheets.faults.add(SheetFault("values.batchUpdate", "drop", commit=commit))
    loop.run(POLL)
    loop.run(120)
    assert_all_synced_once(world)
    assert world.sheets.faults.listing()[0]["fired"] == 1


@pytest.mark.parametrize(
    "route",
    [
        "bookings.bulk_create",
        "cart.create",
        "cart.place_order",
        "orders.mark_as_paid",
        "billing.charge_memberships",
    ],
)
def test_the_network_drops_while_wix_is_written(world: World, loop: Loop, route: str) -> None:
    fault = Fault(route=route, kind="drop")
    world.sandbox.faults.add(fault)
    loop.run(300)
    assert_all_synced_once(world)
    assert fault.fired == 1, f"no {route} call was dropped"


@pytest.mark.parametrize("room", [0, 1, 2, 4, 8])
def test_the_state_files_disk_fills_up(tmp_path: Path, room: int) -> None:
    """The state file may grow by ``room`` pages and no more (SQLite then answers "database
    or disk is full", as on a full disk): the disk fills at some point of the cycle — before
    or after some bookings — then space comes back."""
    many = ROWS + [line(f"Swimmer {i}", f"swimmer{i}@example.org") for i in range(25)]
    world = World(tmp_path, many)
    with world.open() as runtime:
        loop = Loop(world, runtime)
        db = runtime.states.db
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + room}")
        loop.run(600)
        assert loop.count("cannot sync") == 1, loop.said
        assert "the disk is full" in loop.said[0]
        db.execute("PRAGMA max_page_count = 1073741823")  # space is freed
        loop.run(900)
        assert loop.count("reachable again") == 1, loop.said
    assert_all_synced_once(world, len(many))


def test_the_clock_jumping_back_does_not_hold_a_row_back(world: World, loop: Loop) -> None:
    fault = Fault(route="cart.place_order", kind="error", times=1)
    world.sandbox.faults.add(fault)
    loop.run(POLL)  # one order fails, the rest succeed: that row backs off for 30 s
    assert fault.fired == 1
    assert sum(1 for r in world.records() if r["Error"]) == 1
    world.now -= 86400  # NTP sets the clock back a day
    loop.run(POLL * 2)
    assert_all_synced_once(world)


def test_the_clock_jumping_forward_resends_nothing(world: World, loop: Loop) -> None:
    loop.run(POLL)
    settle(world, loop)
    assert_all_synced_once(world)
    before = len(world.sandbox.log)
    world.now += 86400 * 3  # three days later: "today" is another day
    loop.run(POLL * 4)
    writes = [e for e in world.sandbox.log[before:] if e.route not in READ_ROUTES]
    assert writes == [], "nothing is sent for rows already done"
    assert all(not r["Error"] for r in world.records())


def test_a_row_dated_today_stays_booked_the_next_day(world: World, loop: Loop) -> None:
    world.human().set_row(7, line("Wen Li", "wen.li@example.org", day="today"))
    loop.run(POLL)
    wen = next(r for r in world.records() if r["Name"] == "Wen Li")
    assert wen["Booking ID"], wen
    world.now += 86400
    loop.run(POLL * 2)
    wen = next(r for r in world.records() if r["Name"] == "Wen Li")
    assert wen["Booking ID"], wen
    assert not wen["Error"], wen
    assert len(bookings_of(world.sandbox, _attendee("wen.li@example.org"))) == 1


def _attendee(email: str) -> Attendee:
    return person("x", email)


def test_googles_token_service_failing_is_an_outage_not_a_crash(world: World, loop: Loop) -> None:
    world.sheets.faults.add(SheetFault("token", "error", times=None))
    loop.run(300)
    assert loop.count("cannot sync") == 1, loop.said
    assert "sign-in" in next(s for s in loop.said if "cannot sync" in s)
    world.sheets.faults.clear()
    loop.run(900)
    assert_all_synced_once(world)


def test_a_sheet_not_shared_or_not_found_is_said_once_and_the_daemon_keeps_running(
    tmp_path: Path,
) -> None:
    from sync.sheet.google import GoogleSheet

    world = World(tmp_path, ROWS)
    world.key, real = "1NoSuchSheet0000000000000000000000000000000", world.key
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(300)
        assert loop.count("cannot sync") == 1, loop.said
        assert "The Google Sheet was not found" in loop.said[0]
        backend = runtime.engine.session.backend
        assert isinstance(backend, GoogleSheet)
        backend.key, backend._spreadsheet = real, None  # the owner fixes the key
        world.key = real
        loop.run(900)
    assert_all_synced_once(world)
