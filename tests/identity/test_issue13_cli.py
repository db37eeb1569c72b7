"""Issue 13, through the CLI, on a local ``.csv`` sheet and on the fake Google Sheet: a row
keeps its meaning whatever volunteers do to the sheet (sort it, copy a row with its hidden
Row ID, insert above, type "today" and edit a week later, share one email between two
children), and every count the CLI prints adds up to the rows of the sheet.

Each case ends with: the right booking on the right row; no booking made or cancelled that
the volunteer did not ask for; messages naming the rows' current numbers; counts that add
up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from sync import exit_codes
from sync.demo import demo_rows
from tests.fakes.sheets import FakeSheetsServer, build_fake_sheets
from tests.identity.club import Club, counts_of, person, today, when

ZOE = ("Zoe Quinn", "zoe.quinn@example.org")
IVAN = ("Ivan Novak", "ivan.novak@example.org")


@pytest.fixture(params=["local", "google"])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[str, object]]:
    if request.param == "local":
        yield "local", None
        return
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        yield "google", (fake, server)


def club(tmp_path: Path, backend: tuple[str, object], rows: list[list[object]]) -> Club:
    return Club(tmp_path / "club", backend[0], rows, backend[1])


# -- case 1: duplicates depend on row order ---------------------------------------------------
def test_after_a_sort_the_booked_row_stays_and_the_duplicate_names_it(tmp_path, backend) -> None:
    c = club(tmp_path, backend, [person(*ZOE), person(*IVAN), person(*ZOE, "unpaid")])
    counts_of(c.sync(exit_codes.ROWS_WAIT), 3)
    booked = c.records()[0]
    assert booked["Booking ID"]
    assert c.records()[2]["Error"].startswith("Same person and session as row 2")
    wix = c.bookings()
    # sort by Payment, descending: the unbooked duplicate ("unpaid") comes first
    grid = c.grid()
    payment = grid[0].index("Payment")
    c.put([grid[0], *sorted(grid[1:], key=lambda r: str(r[payment]), reverse=True)])
    out = c.sync(exit_codes.ROWS_WAIT)
    assert counts_of(out, 3) == {"wait for a person": 1, "unchanged": 2}
    duplicate, original, _ivan = c.records()
    assert (original["Booking ID"], original["Status"]) == (booked["Booking ID"], booked["Status"])
    assert not original["Error"]
    assert duplicate["Error"].startswith("Same person and session as row 3:")
    assert not duplicate["Booking ID"]
    assert c.bookings() == wix, "nothing booked or cancelled"
    # a new person inserted above everyone: the duplicate's message names row 4 now
    grid = c.grid()
    c.put([grid[0], person("Maya Okafor", "maya.okafor@example.org"), *grid[1:]])
    out = c.sync(exit_codes.ROWS_WAIT)
    assert counts_of(out, 4) == {"synced": 1, "wait for a person": 1, "unchanged": 2}
    assert c.row("Maya Okafor")["Booking ID"]
    assert c.records()[1]["Error"].startswith("Same person and session as row 4:")
    assert c.row("Ivan Novak")["Booking ID"] == _ivan["Booking ID"]
    assert set(c.bookings()) - set(wix) == {c.row("Maya Okafor")["Booking ID"]}


# -- case 2: a row copied whole, typed over with another person -------------------------------
def test_a_pasted_copy_typed_over_never_takes_the_originals_booking(tmp_path, backend) -> None:
    c = club(tmp_path, backend, [person(*ZOE), person(*IVAN)])
    counts_of(c.sync(exit_codes.OK), 2)
    zoe = c.row("Zoe Quinn")
    wix = c.bookings()
    # insert a row above Zoe, paste her whole row into it (the hidden Row ID comes along),
    # and type another person over it
    grid = c.grid()
    copy = list(grid[1])
    copy[3], copy[4] = "Mia Chen", "mia.chen@example.org"
    c.put([grid[0], copy, *grid[1:]])
    out = c.sync(exit_codes.OK)
    assert counts_of(out, 3) == {"synced": 1, "unchanged": 2}
    mia, original, _ivan = c.records()
    assert original["Name"] == "Zoe Quinn"
    assert (original["Booking ID"], original["Order ID"], original["Row ID"]) == (
        zoe["Booking ID"],
        zoe["Order ID"],
        zoe["Row ID"],
    )
    assert original["Status"] == zoe["Status"]
    assert mia["Booking ID"]
    assert mia["Booking ID"] != zoe["Booking ID"]
    assert mia["Order ID"] != zoe["Order ID"]
    assert mia["Row ID"] != zoe["Row ID"]
    assert mia["Status"].startswith(f"Booked · {when()} · paid cash")
    assert not mia["Error"]
    assert not original["Error"]
    now = c.bookings()
    assert set(now) - set(wix) == {mia["Booking ID"]}
    assert now[mia["Booking ID"]]["name"] == "Mia Chen"
    assert all(now[b]["status"] == "CONFIRMED" for b in wix), "nothing cancelled"
    # and the next cycle has nothing to do
    assert counts_of(c.sync(exit_codes.OK), 3) == {"unchanged": 3}


# -- case 3: "today" typed, edited a week later -----------------------------------------------
def test_today_keeps_its_date_when_the_row_is_edited_a_week_later(
    tmp_path, backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = today()
    c = club(tmp_path, backend, [person("Jade Kim", "jade.kim@example.org", "unpaid", day="today")])
    counts_of(c.sync(exit_codes.OK), 1)
    jade = c.row("Jade Kim")
    assert jade["Status"].startswith(f"Booked · {when(day)} · owes")
    wix = c.bookings()
    # a week on, she pays: Payment unpaid → cash, the Date cell still says "today"
    monkeypatch.setattr("sync.runtime._today", lambda _zone: lambda: day + timedelta(days=7))
    grid = c.grid()
    grid[1][grid[0].index("Payment")] = "cash"
    c.put(grid)
    out = c.sync(exit_codes.OK)
    assert counts_of(out, 1) == {"synced": 1}
    paid = c.row("Jade Kim")
    assert not paid["Error"], paid["Error"]
    assert paid["Booking ID"] == jade["Booking ID"]
    assert paid["Status"].startswith(f"Booked · {when(day)} · paid cash")
    site = c.site()
    assert site.orders[paid["Order ID"]]["paymentStatus"] == "PAID"
    assert len(site.payments[paid["Order ID"]]) == 1
    assert c.bookings() == wix


# -- case 6: two children on a parent's email (engine side) -----------------------------------
def test_two_children_on_one_email_are_two_seats_and_a_repeat_is_a_duplicate(
    tmp_path, backend
) -> None:
    family = "lee.family@example.org"
    c = club(
        tmp_path,
        backend,
        [person("Tom Lee", family), person("Mia Lee", family), person("tom  lee", family)],
    )
    result = c.cli("plan")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert counts_of(out, 3) == {"to sync": 2, "wait for a person": 1}
    assert "Same person and session as row 2: delete this row" in out


# -- case 7: counts that add up, exit codes that are true -------------------------------------
def test_every_count_adds_up_and_the_exit_code_says_what_is_left(tmp_path, backend) -> None:
    rows = demo_rows(f"{today().month}/{today().day}")[1:]
    c = club(tmp_path, backend, rows)
    out = c.sync(exit_codes.ROWS_WAIT)  # 7 rows wait for a person
    parts = counts_of(out, 29)
    assert parts["wait for a person"] == 7
    assert parts["synced"] + parts.get("wait for Wix", 0) == 22  # plan charges settling
    # the owner's summary agrees: 7 rows to fix, 3 of them in the session
    summary = {str(r[0]).strip(): r[1:] for r in c.summary() if r and r[0]}
    assert [str(v) for v in summary["Rows to fix"][:2]] == [
        "7",
        "3 in the sessions above · 4 in no session",
    ]
    assert str(summary["Rows to fix in this session"][0]) == "3"
    # idle: nothing to do, but not "every row is in sync" while 7 rows hold errors
    for _ in range(3):
        out = c.sync(exit_codes.ROWS_WAIT)
    assert out.startswith("Nothing to do now. 29 rows: 7 wait for a person")
    assert "every row is in sync" not in out
    assert counts_of(out, 29) == {"wait for a person": 7, "unchanged": 22}
    # Wix cannot be reached: a row edited since waits for Wix, and the exit code says so
    grid = c.grid()
    jade = next(r for r in grid if r[3] == "Jade Kim")
    jade[grid[0].index("Payment")] = "cash"
    c.put(grid)
    down = c.folder / "down.toml"
    site_id = c.site().site_id
    down.write_text(
        c.head + f'[wix]\nsite_id = "{site_id}"\nbase_url = "http://127.0.0.1:9"\n'
        'time_zone = "America/Denver"\ntimeout_seconds = [0.5, 0.5]\n\n'
        '[daemon]\nstate = "state/state.sqlite3"\n'
    )
    result = c.cli("sync", "--once", config=down)
    out = " ".join(result.output.split())
    assert result.exit_code == exit_codes.UNREACHABLE, out
    assert counts_of(out, 29) == {"wait for a person": 7, "wait for Wix": 1, "unchanged": 21}
    assert "synced" not in out.split("Wix calls")[0]
    # back: Jade's cash is recorded once
    out = c.sync(exit_codes.ROWS_WAIT)
    assert counts_of(out, 29) == {"synced": 1, "wait for a person": 7, "unchanged": 21}
    assert c.row("Jade Kim")["Status"].startswith(f"Booked · {when()} · paid cash")


def test_google_that_cannot_be_reached_exits_69(tmp_path) -> None:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        c = Club(tmp_path / "club", "google", [person(*ZOE)], (fake, server))
        counts_of(c.sync(exit_codes.OK), 1)
    result = c.cli("sync", "--once")  # the Sheets API is gone
    assert result.exit_code == exit_codes.UNREACHABLE, result.output
    assert "Error: Cannot reach Google" in result.output  # then what to do (sync.failures)
    assert "Traceback" not in result.output


def test_two_children_on_one_email_each_get_their_own_booking(tmp_path, backend) -> None:
    family = "lee.family@example.org"
    c = club(tmp_path, backend, [person("Tom Lee", family), person("Mia Lee", family)])
    out = c.sync(exit_codes.OK)
    assert counts_of(out, 2) == {"synced": 2}
    tom, mia = c.row("Tom Lee"), c.row("Mia Lee")
    assert tom["Booking ID"]
    assert mia["Booking ID"]
    assert tom["Booking ID"] != mia["Booking ID"]
    assert tom["Order ID"] != mia["Order ID"]
    assert {c.bookings()[r["Booking ID"]]["status"] for r in (tom, mia)} == {"CONFIRMED"}


def test_a_copy_synced_before_it_is_typed_over_still_leaves_the_booking_with_its_person(
    tmp_path, backend
) -> None:
    """The volunteer inserts a row above, pastes the whole row into it, a cycle runs (the two
    rows are alike: the first keeps the Row ID, the other is a duplicate), then they type
    another person over the copy: the Row ID and the booking follow the person to the
    original row, and the newcomer is booked as a new row."""
    c = club(tmp_path, backend, [person(*ZOE), person(*IVAN)])
    counts_of(c.sync(exit_codes.OK), 2)
    zoe = c.row("Zoe Quinn")
    wix = c.bookings()
    grid = c.grid()
    c.put([grid[0], list(grid[1]), *grid[1:]])
    out = c.sync(exit_codes.ROWS_WAIT)  # the exact copy is a duplicate until typed over
    assert counts_of(out, 3)["wait for a person"] == 1
    grid = c.grid()
    grid[1][3], grid[1][4] = "Mia Chen", "mia.chen@example.org"
    c.put(grid)
    out = c.sync(exit_codes.OK)
    assert counts_of(out, 3) == {"synced": 2, "unchanged": 1}
    mia, original, _ivan = c.records()
    assert (original["Name"], original["Booking ID"]) == ("Zoe Quinn", zoe["Booking ID"])
    assert original["Row ID"] == zoe["Row ID"]
    assert not original["Error"]
    assert mia["Booking ID"] not in ("", zoe["Booking ID"])
    assert not mia["Error"]
    now = c.bookings()
    assert set(now) - set(wix) == {mia["Booking ID"]}
    assert all(now[b]["status"] == "CONFIRMED" for b in wix), "nothing cancelled"


def test_a_booked_row_typed_over_while_its_person_is_on_a_copy_gives_the_copy_its_id(
    tmp_path, backend
) -> None:
    """A row pasted above its original, a cycle (the first keeps the Row ID), then another
    person typed over the *original*: the booking stays with the person, on the copy, and
    the newcomer is booked as a new row — never "booked for another person"."""
    c = club(tmp_path, backend, [person(*ZOE), person(*IVAN)])
    counts_of(c.sync(exit_codes.OK), 2)
    zoe = c.row("Zoe Quinn")
    wix = c.bookings()
    grid = c.grid()
    c.put([grid[0], list(grid[1]), *grid[1:]])
    counts_of(c.sync(exit_codes.ROWS_WAIT), 3)
    grid = c.grid()
    grid[2][3], grid[2][4] = "Mia Chen", "mia.chen@example.org"
    c.put(grid)
    out = c.sync(exit_codes.OK)
    assert counts_of(out, 3) == {"synced": 1, "unchanged": 2}
    copy, mia, _ivan = c.records()
    assert (copy["Name"], copy["Booking ID"], copy["Row ID"]) == (
        "Zoe Quinn",
        zoe["Booking ID"],
        zoe["Row ID"],
    )
    assert not copy["Error"]
    assert mia["Booking ID"] not in ("", zoe["Booking ID"])
    assert not mia["Error"]
    now = c.bookings()
    assert set(now) - set(wix) == {mia["Booking ID"]}
    assert all(now[b]["status"] == "CONFIRMED" for b in wix), "nothing cancelled"


def test_a_cancel_told_another_row_holds_the_seat_cancels_once_that_row_is_deleted(
    tmp_path, backend
) -> None:
    """A cancel row for a seat another row holds is refused; once the holding row is
    deleted, the cancel row — untouched — carries the booking on and cancels it."""
    c = club(tmp_path, backend, [person(*ZOE)])
    c.sync(exit_codes.OK)
    booked = c.records()[0]["Booking ID"]
    grid = c.grid()
    grid.append(person(*ZOE, "cancel"))
    c.put(grid)
    c.sync(exit_codes.ROWS_WAIT)
    assert "already booked for this session by another row" in c.records()[1]["Error"]
    c.put([c.grid()[0], c.grid()[2]])  # the booked row is deleted
    c.sync(exit_codes.OK)
    (row,) = c.records()
    assert row["Status"] == "Cancelled"
    assert row["Error"] == ""
    assert row["Booking ID"] == booked
    assert c.bookings()[row["Booking ID"]]["status"] == "CANCELED"
