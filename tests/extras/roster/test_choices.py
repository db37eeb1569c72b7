"""Live dropdowns on the fake Google Sheet: Class offers the coming sessions with their
counts (rewritten only when the list changes), Plan offers each person's plans with credits
left; a session picked from the dropdown is synced; and the Wix calls of an idle cycle."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sync.extras.choices import ChoicesOptions
from tests.extras.roster.club import (
    book_online,
    booking_of,
    by_name,
    denver,
    evening_world,
    event,
    later,
)
from tests.proof.world import World, line, undated

CHOICES = ChoicesOptions(days=7, refresh_seconds=60)
ANA, BEN, EVE, IVAN = (
    "ana.lee@example.org",
    "ben.ortiz@example.org",
    "eve.martin@example.org",
    "ivan.novak@example.org",
)


def validations(world: World) -> dict[str, Any]:
    return world.sheets.describe(world.key)["sheets"][0]["validations"]


def offered(world: World, cell: str) -> list[str] | None:
    rule = validations(world).get(cell)
    if rule is None:
        return None
    assert rule["condition"]["type"] == "ONE_OF_LIST"
    assert (rule["strict"], rule["showCustomUi"]) == (False, True)  # other typing allowed
    return [v["userEnteredValue"] for v in rule["condition"]["values"]]


def batch_updates(world: World) -> int:
    return world.sheets.counts().by_endpoint.get("spreadsheets.batchUpdate", 0)


def test_the_class_dropdown_offers_the_coming_sessions_with_their_counts(tmp_path: Path) -> None:
    world = evening_world(tmp_path, roster=None, choices=CHOICES, at=denver(8))
    world.cycle()
    values = offered(world, "C2")
    assert values is not None
    assert values[:4] == [
        "Mon 15 Jun 06:30 · Open Water Swim · 2/150",  # Gus and Hana, booked online
        "Mon 15 Jun 18:00 · Masters Swim · 2/30",
        "Tue 16 Jun 06:30 · Open Water Swim · 0/150",
        "Tue 16 Jun 18:00 · Masters Swim · 0/30",
    ]
    assert values[-3:] == [
        "Sun 21 Jun 18:00 · Masters Swim · 0/30",
        "Masters Swim",
        "Open Water Swim",
    ]
    assert len(values) == 7 * 2 + 2
    assert offered(world, "C900") == values  # the whole column, rows people add included
    assert offered(world, "C1") is None  # not the header


def test_the_class_dropdown_is_rewritten_only_when_its_list_changes(tmp_path: Path) -> None:
    world = evening_world(tmp_path, roster=None, choices=CHOICES, at=denver(8))
    world.cycle()
    assert batch_updates(world) == 1
    later(world, seconds=61)
    world.cycle()  # the sessions read again: nothing changed, nothing sent
    assert batch_updates(world) == 1
    book_online(world, IVAN)  # someone books the Masters online
    later(world, seconds=30)
    world.cycle()  # not yet time to read the sessions again
    assert batch_updates(world) == 1
    later(world, seconds=31)
    world.cycle()
    assert batch_updates(world) == 2  # one request for the change
    assert "Mon 15 Jun 18:00 · Masters Swim · 3/30" in (offered(world, "C2") or [])
    # a cycle that books someone refreshes the counts at once
    human = world.human()
    human.set_row(2, line("Kofi Mensah", "kofi.mensah@example.org", class_name="Masters Swim"))
    report = world.cycle()
    assert report.plan.syncs
    assert batch_updates(world) == 3
    assert "Mon 15 Jun 18:00 · Masters Swim · 4/30" in (offered(world, "C2") or [])


def test_the_plan_dropdown_offers_the_plans_each_person_holds(tmp_path: Path) -> None:
    rows = [
        line("Ana Lee", ANA, "plan", "10 Swim Pass"),
        line("Eve Martin", EVE, "plan"),  # two plans: which one?
        line("Ben Ortiz", BEN, "plan"),  # his pass has no sessions left
        line("Ivan Novak", IVAN, "cash"),  # no member, no plan
    ]
    world = evening_world(tmp_path, rows, roster=None, choices=CHOICES, at=denver(8))
    world.cycle()
    assert offered(world, "G2") == ["10 Swim Pass"]
    assert offered(world, "G3") == ["10 Swim Pass", "Unlimited Summer"]
    assert offered(world, "G4") is None
    assert offered(world, "G5") is None
    assert "write which one in Plan" in by_name(world)["Eve Martin"]["Error"]
    # Ana's plan charge settles later (Wix settles it asynchronously)
    assert undated(by_name(world)["Ana Lee"]["Status"]).startswith(
        "Booked · 10 Swim Pass · plan charge pending"
    )
    # the volunteer picks one from Eve's dropdown: synced, and her plans are not looked up
    # again for the dropdown (same person, same day): the only plan reads are the row
    # flows' own check before booking her
    world.human().set_cell("G3", "Unlimited Summer")
    seen = len(world.sandbox.log)
    report = world.cycle()
    assert len(report.outcomes) == 2  # Eve's row, and Ana's pending charge looked at again
    assert [o.error for o in report.outcomes.values()] == [None, None]
    assert undated(by_name(world)["Ana Lee"]["Status"]).startswith("Booked · 10 Swim Pass, 5 left")
    assert undated(by_name(world)["Eve Martin"]["Status"]).startswith(
        "Booked · Unlimited Summer · plan charge pending"
    )
    routes = [e.route for e in world.sandbox.log[seen:]]
    assert "contacts.query" not in routes
    assert routes.count("plans.list_orders") == 1
    assert routes.count("pools.query") == 1
    # and the next cycles settle her charge, with no dropdown lookup either
    seen = len(world.sandbox.log)
    for _ in range(3):
        world.cycle()
    assert undated(by_name(world)["Eve Martin"]["Status"]).startswith("Booked · Unlimited Summer")
    assert "pending" not in by_name(world)["Eve Martin"]["Status"]
    routes = [e.route for e in world.sandbox.log[seen:]]
    assert not {"contacts.query", "plans.list_orders", "pools.query"} & set(routes)


def test_a_session_picked_from_the_class_dropdown_is_synced(tmp_path: Path) -> None:
    world = evening_world(tmp_path, roster=None, choices=CHOICES, at=denver(8))
    world.cycle()
    label = "Tue 16 Jun 06:30 · Open Water Swim · 0/150"
    assert label in (offered(world, "C2") or [])
    human = world.human()
    human.set_row(2, ["", "", label, "Ivan Novak", IVAN, "cash", "", ""])
    human.set_row(3, ["6/17", "", label, "Jade Kim", "jade.kim@example.org", "cash", "", ""])
    world.cycle()
    rows = by_name(world)
    assert booking_of(world, IVAN, "Open Water Swim") == []  # nothing for today's session…
    tomorrow = event(world, "Open Water Swim", "2026-06-16")["id"]
    booked = [
        b
        for b in world.sandbox.site.bookings.values()
        if b["bookedEntity"]["slot"]["eventId"] == tomorrow and b["contactDetails"]["email"] == IVAN
    ]
    assert len(booked) == 1  # …but one for Tuesday's
    assert rows["Ivan Novak"]["Booking ID"] == booked[0]["id"]
    assert rows["Ivan Novak"]["Error"] == ""
    assert rows["Jade Kim"]["Booking ID"] == ""
    assert rows["Jade Kim"]["Error"] == (
        "Date '6/17' is not the day of the session picked in Class (Tue 16 Jun): empty Date, "
        "or pick the right session."
    )


def test_an_idle_cycle_with_the_roster_and_the_dropdowns_asks_wix_at_most_twice(
    tmp_path: Path,
) -> None:
    world = evening_world(tmp_path, choices=CHOICES, at=denver(16, 30))
    world.cycle()  # the roster opens: Gus and Hana added, their plans looked up
    assert len(world.records()) == 2
    calls = []
    for _ in range(6):
        later(world, seconds=20)
        calls.append(world.cycle().wix_calls)
    # every 60 s: the sessions (one List Event Time Slots) and the roster's check (one
    # Extended Bookings query); in between: nothing
    assert calls == [0, 0, 2, 0, 0, 2]
    assert max(calls) <= 2


def test_a_long_running_daemon_costs_the_same(tmp_path: Path) -> None:
    world = evening_world(tmp_path, choices=CHOICES, at=denver(16, 30))
    with world.open() as runtime:  # one process, many cycles (wixsync run)
        runtime.engine.run_cycle()
        assert len(world.records()) == 2
        calls = []
        for _ in range(6):
            later(world, seconds=20)
            calls.append(runtime.engine.run_cycle().wix_calls)
    assert calls == [0, 0, 2, 0, 0, 2]


def test_a_plan_dropdown_is_not_looked_up_again_the_same_day_whatever_row_comes_last(
    tmp_path: Path,
) -> None:
    # the last row is for a later session: what is remembered is the day the plans were
    # looked up on, never that row's session date
    rows = [
        line("Ana Lee", ANA, "plan", "10 Swim Pass"),
        line("Ivan Novak", IVAN, "cash", attended="", day="tomorrow"),
    ]
    world = evening_world(tmp_path, rows, roster=None, choices=CHOICES, at=denver(8))
    world.cycle()
    assert offered(world, "G2") == ["10 Swim Pass"]
    world.human().set_cell("H3", "")  # a cell the dropdowns do not depend on
    seen = len(world.sandbox.log)
    world.cycle()
    routes = [e.route for e in world.sandbox.log[seen:]]
    assert "plans.list_orders" not in routes
    db = sqlite3.connect(world.state_path)
    try:
        remembered = [json.loads(v) for (v,) in db.execute("SELECT value FROM sheet_choices")]
    finally:
        db.close()
    days = {r["day"] for r in remembered if isinstance(r, dict) and "day" in r}
    assert days == {world.today().isoformat()}
