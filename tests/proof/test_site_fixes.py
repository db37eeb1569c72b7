"""A row refused for something in Wix or the key — a permission, the old checkout's billing
address — goes again by itself once the owner has fixed it and checked the site (``wixsync
doctor``, or the daemon finding Cart V2 allowed): nobody retypes a cell, and until then
nothing is sent for it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from sync.cli import main
from sync.flows.strategy import OrderVia, Strategies, site_checked
from sync.state import Journal, connect
from tests.fakes.club_config import sandbox_config
from tests.proof.world import World, line, undated

ZOE = ("Zoe Quinn", "zoe.quinn@example.org")
IVAN = ("Ivan Novak", "ivan.novak@example.org")
ATTENDANCE = "BOOKINGS.ATTENDANCE_SET"  # no other way to record it


def _take(world: World, *permissions: str) -> frozenset[str]:
    """The owner's key loses ``permissions``; what it held, to give back."""
    keys = world.sandbox.site.api_keys
    held = keys["sync"].permissions
    keys["sync"] = replace(keys["sync"], permissions=held - set(permissions))
    return held


def _give_back(world: World, held: frozenset[str]) -> None:
    keys = world.sandbox.site.api_keys
    keys["sync"] = replace(keys["sync"], permissions=held)


def _orders_of(world: World, booking_id: str) -> int:
    lines = [i for o in world.sandbox.site.orders.values() for i in o["lineItems"]]
    return sum(i["catalogReference"]["catalogItemId"] == booking_id for i in lines)


def _status(world: World) -> str:
    """What ``wixsync status`` prints of the world's state file."""
    config = sandbox_config(world.folder, 'file = "unused.csv"', state=world.state_path)
    result = CliRunner().invoke(main, ["status", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def _doctor_checked(world: World) -> None:
    """What ``wixsync doctor`` writes into the state once the key is accepted."""
    journal = Journal(connect(world.state_path))
    site_checked(journal)
    journal.db.close()


def test_a_row_refused_a_permission_goes_again_once_the_site_was_checked(
    tmp_path: Path,
) -> None:
    world = World(tmp_path, [line(*ZOE), line(*IVAN)])
    held = _take(world, ATTENDANCE)
    world.cycle()
    refused = world.records()
    assert all("The Wix API key may not" in r["Error"] for r in refused), refused
    assert all(undated(r["Status"]) == "Booked · paid cash" for r in refused), refused
    for _ in range(3):  # nobody has fixed anything: nothing is sent for them again
        world.now += 15
        assert world.cycle().wix_calls == 0
    said = " ".join(_status(world).split())
    assert "2 of them wait for a fix in Wix or the key" in said, said
    _give_back(world, held)
    world.now += 15
    assert world.cycle().wix_calls == 0, "fixed in Wix, but the site not checked yet"
    _doctor_checked(world)
    world.now += 15
    world.cycle()
    done = world.records()
    assert [r["Error"] for r in done] == ["", ""], done
    assert all(undated(r["Status"]) == "Booked · paid cash · checked in" for r in done), done
    booked = [r["Booking ID"] for r in refused]
    assert [r["Booking ID"] for r in done] == booked
    theirs = [b for b in world.sandbox.site.bookings.values() if b["id"] in booked]
    assert len(theirs) == 2, "no second booking"
    assert [_orders_of(world, b) for b in booked] == [1, 1], "one order each"
    world.now += 15
    assert world.cycle().wix_calls == 0


def test_a_row_still_refused_after_the_check_waits_again_without_calls(tmp_path: Path) -> None:
    world = World(tmp_path, [line(*ZOE)])
    _take(world, ATTENDANCE)
    world.cycle()
    _doctor_checked(world)  # the owner checked, but did not add the permission
    world.now += 15
    assert world.cycle().wix_calls > 0  # tried once
    assert "The Wix API key may not" in world.records()[0]["Error"]
    for _ in range(3):
        world.now += 15
        assert world.cycle().wix_calls == 0


def test_a_class_wix_does_not_hold_is_the_rows_to_fix_and_waits_for_an_edit(
    tmp_path: Path,
) -> None:
    world = World(tmp_path, [line(*ZOE, class_name="Open Water Swm")])
    world.cycle()
    assert world.records()[0]["Error"].startswith("No class called 'Open Water Swm'")
    assert "wait for a fix in Wix" not in _status(world)
    _doctor_checked(world)
    world.now += 15
    assert world.cycle().plan.actions == [], "a typo is not sent again by a site check"


def test_rows_the_old_checkout_refused_go_by_cart_v2_once_the_daemon_finds_it_allowed(
    tmp_path: Path,
) -> None:
    """The key may not use Cart V2 and the old checkout wants a billing address (the
    sandbox's default): the rows wait. The owner gives the key Cart V2 and runs nothing:
    the next day's first order finds Cart V2 allowed, and the waiting rows get their
    orders too, unedited — each booking one order."""
    world = World(tmp_path, [line(*ZOE), line(*IVAN)])
    held = _take(world, *(p for p in world.sandbox.site.api_keys["sync"].permissions
                          if p.startswith("ecom:v2:cart:")))  # fmt: skip
    world.cycle()
    assert all("old checkout" in r["Error"] for r in world.records()), world.records()
    _give_back(world, held)
    world.now += 24 * 3600  # the next day: a new row, typed before the class
    world.human().set_row(4, line("Pat Byrne", "pat.byrne@example.org", attended=""))
    world.cycle()
    world.now += 15
    world.cycle()
    rows = world.records()
    assert [r["Error"] for r in rows] == ["", "", ""], rows
    assert all(undated(r["Status"]).startswith("Booked · paid cash") for r in rows[:2]), rows
    journal = Journal(connect(world.state_path))
    assert Strategies.load(journal).order == OrderVia.CART_V2
    assert [_orders_of(world, r["Booking ID"]) for r in rows] == [1, 1, 1], "one order each"


def test_doctor_names_the_rows_it_sends_again(tmp_path: Path) -> None:
    """``wixsync doctor`` on the demo's local Wix: it counts a site check, and says which
    rows refused for something in Wix or the key go again."""
    folder = tmp_path / "club"
    folder.mkdir()
    (folder / "attendance.csv").write_text(
        "Date,Time,Class,Name,Email,Payment,Plan,Attended\n", encoding="utf-8"
    )
    config = str(sandbox_config(folder))
    assert CliRunner().invoke(main, ["sync", "--once", "--config", config]).exit_code == 0
    from sync.engine.rowstate import SITE_SEEN, RowState, RowStates

    db = connect(folder / "state" / "state.sqlite3")
    RowStates(db).save([RowState("r1", "f", "", {"error": "x", SITE_SEEN: 0}, row_number=7)])
    db.close()
    said = CliRunner().invoke(main, ["doctor", "--config", config], env={"COLUMNS": "200"})
    expected = "Tried again at the next cycle: 1 row refused for something in Wix or the key"
    assert f"{expected} (row 7)." in said.output, said.output
    as_json = CliRunner().invoke(main, ["doctor", "--json", "--config", config])
    assert json.loads(as_json.stdout)["tried_again"] == [7], as_json.output
