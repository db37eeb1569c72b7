"""Issue 16: a batch of many plan holders, rows typed one at a time into a running daemon,
and what the daemon keeps between cycles — never trusted over what Wix says now.

A "warm daemon" is one :class:`sync.flows.RowFlows` run again and again, as ``wixsync run``
does; each run is a cycle."""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sync import words
from sync.flows import Attendee, Payment
from sync.flows import problems as p
from sync.flows.catalog import day_label
from sync.flows.kept_plans import PLANS_MAX_AGE
from sync.sandbox import Sandbox, build_sandbox
from sync.sandbox.models import plans
from sync.sandbox.seed import default_seed
from sync.state import Point
from tests.conftest import NOW
from tests.flows.conftest import TODAY, Harness, person
from tests.flows.invariants import bookings_of, plan_charges


def _routes(sandbox: Sandbox, since: int) -> Counter[str]:
    return Counter(e.route or e.path for e in sandbox.log[since:])


def _today_event(sandbox: Sandbox, local_start: str = "2026-06-15T06:30:00") -> dict[str, Any]:
    return next(e for e in sandbox.site.events.values() if e["localStart"] == local_start)


def test_150_plan_holders_are_each_found_a_member(tmp_path: Path) -> None:
    """The issue's bug: members were asked 100 at a time and never paged, so the rest of a
    big batch read "has no member account". Here every holder's pass is used up, so each row
    stops at the plan check — after its member was found — and says so."""
    seed = copy.deepcopy(default_seed())
    holders = []
    for i in range(150):
        email = f"holder{i:03d}@example.org"
        seed["contacts"].append(
            {
                "first": "Holder",
                "last": f"{i:03d}",
                "email": email,
                "member": True,
                "plans": [{"plan": "10 Swim Pass", "creditsLeft": 0, "toDay": 60}],
            }
        )
        holders.append(person(f"h{i:03d}", email, Payment.PLAN, plan="10 Swim Pass"))
    sandbox = build_sandbox(seed, now=NOW, rate_limit=None)
    harness = Harness(sandbox, tmp_path / "state.sqlite3")
    out = harness.run(holders)
    expected = {
        words.problem(p.PlanCannotPay(h.name, "10 Swim Pass", "OUT_OF_CREDITS")) for h in holders
    }
    assert {o.error for o in out.values()} == expected
    asked = _routes(sandbox, 0)
    assert asked["members.query"] == 2  # 100 contact ids a query, every page of each
    assert asked["bookings.bulk_create"] == 0


def test_a_warm_daemon_asks_nothing_it_already_knows(harness: Harness) -> None:
    """Classes, sessions, contacts and members found in one cycle serve the next: Ana's plan
    row for tomorrow asks for tomorrow's sessions and looks for her existing bookings, and
    asks nothing about the classes or about who she is."""
    flows = harness.flows()
    flows.run([person("r1", "ana.lee@example.org", Payment.PLAN, attended=None)])
    since = len(harness.sandbox.log)
    tomorrow = person(
        "r2", "ana.lee@example.org", Payment.PLAN, attended=None, day=TODAY + timedelta(days=1)
    )
    out = flows.run([tomorrow])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["slots.list_event"] == 1
    assert asked["extended_bookings.query"] == 1
    assert asked["services.query"] == asked["contacts.query"] == asked["members.query"] == 0


def test_a_newcomer_typed_alone_is_not_looked_up_for_bookings(harness: Harness) -> None:
    """An email no contact holds cannot have a booking: the row costs the contacts query
    and its own writes."""
    flows = harness.flows()
    flows.run([person("r1", "ivan.novak@example.org", attended=None)])
    since = len(harness.sandbox.log)
    out = flows.run([person("r2", "new.comer@example.org", attended=None)])
    assert out[0].error is None
    assert _routes(harness.sandbox, since) == Counter(
        {
            "contacts.query": 1,
            "bookings.bulk_create": 1,
            "cart.create": 1,
            "cart.place_order": 1,
            "orders.mark_as_paid": 1,
        }
    )


def test_a_session_full_since_it_was_kept_is_asked_again_and_the_walk_in_booked(
    harness: Harness,
) -> None:
    """Kept from an earlier cycle, tomorrow's session read as having room; Wix refuses the
    seat as full; the day is asked again, and the walk-in is booked past the limit (a walk-in
    is there: a full class still takes them, as a fresh read would have said at once)."""
    tomorrow = TODAY + timedelta(days=1)
    flows = harness.flows()
    flows.run([person("r1", "ivan.novak@example.org", attended=None, day=tomorrow)])
    _today_event(harness.sandbox, "2026-06-16T06:30:00")["capacity"] = 1  # Ivan's seat only
    since = len(harness.sandbox.log)
    jade = person("r2", "jade.kim@example.org", attended=None, day=tomorrow)
    out = flows.run([jade])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["bookings.bulk_create"] == 2  # refused full, then sent past the limit
    assert asked["slots.list_event"] == 1
    (booking,) = bookings_of(harness.sandbox, jade)
    assert booking["id"] == out[0].booking_id


def test_a_session_cancelled_since_it_was_kept_says_so_and_books_nothing(
    harness: Harness,
) -> None:
    flows = harness.flows()
    flows.run([person("r1", "ivan.novak@example.org", attended=None)])
    _today_event(harness.sandbox)["cancelled"] = True
    out = flows.run([person("r2", "jade.kim@example.org", attended=None)])
    assert out[0].booking_id is None
    gone = p.SessionNotFound("Open Water Swim", day_label(TODAY), None, ())
    assert out[0].error == words.problem(gone)
    assert not bookings_of(harness.sandbox, person("r2", "jade.kim@example.org"))


def test_a_session_moved_since_it_was_kept_is_found_at_its_new_time(harness: Harness) -> None:
    """A miss on what an earlier cycle kept asks Wix again before saying "not found"."""
    flows = harness.flows()
    flows.run([person("r1", "ivan.novak@example.org", attended=None)])
    event = _today_event(harness.sandbox)
    event["localStart"], event["localEnd"] = "2026-06-15T07:00:00", "2026-06-15T08:00:00"
    event["start"], event["end"] = "2026-06-15T13:00:00.000Z", "2026-06-15T14:00:00.000Z"
    moved = dataclasses.replace(
        person("r2", "jade.kim@example.org", attended=None), session_time=time(7, 0)
    )
    since = len(harness.sandbox.log)
    out = flows.run([moved])
    assert out[0].error is None, out[0].error
    assert _routes(harness.sandbox, since)["slots.list_event"] == 1


def test_a_contact_whose_email_changed_since_it_was_kept_is_looked_up_again(
    harness: Harness,
) -> None:
    """Ivan's contact id was kept from his first row; then his contact's email changed in
    the dashboard. Wix refuses the booking for that contact, the daemon forgets it, looks
    the email up again (no contact holds it now), and Create Booking makes one."""
    flows = harness.flows()
    flows.run([person("r1", "ivan.novak@example.org", attended=None)])
    site = harness.sandbox.site
    contact = next(
        c
        for c in site.contacts.values()
        if c["id"] == flows.known_contacts["ivan.novak@example.org"]
    )
    contact["info"]["emails"]["items"][0]["email"] = "ivan.n@example.org"
    since = len(harness.sandbox.log)
    ivan = person("r2", "ivan.novak@example.org", attended=None, day=TODAY + timedelta(days=1))
    out = flows.run([ivan])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["bookings.bulk_create"] == 2  # refused for the contact, then sent again
    assert asked["contacts.query"] == 1
    booking = site.bookings[out[0].booking_id or ""]
    assert booking["contactDetails"]["contactId"] != contact["id"]


def test_a_cold_run_asks_again_nothing_it_just_asked(harness: Harness) -> None:
    """A class name no class has is said at once when the classes were just asked: the
    ask-again is for what an earlier cycle kept."""
    flows = harness.flows()
    out = flows.run([person("r1", "ivan.novak@example.org", class_name="Open Water Swm")])
    assert out[0].error is not None
    assert _routes(harness.sandbox, 0)["services.query"] == 1


# -- the members' plans, kept (sync.flows.kept_plans) --------------------------------------
def _plan_id(sandbox: Sandbox, name: str) -> str:
    return next(x["id"] for x in sandbox.site.plans.values() if x["name"] == name)


def _buys(sandbox: Sandbox, member_id: str, plan: str) -> dict[str, Any]:
    """The member buys ``plan`` at the desk (between two cycles), valid from the day's start."""
    return plans.seed_holding(
        sandbox.site,
        member_id=member_id,
        plan_id=_plan_id(sandbox, plan),
        start=datetime.combine(TODAY, time(0, 0), tzinfo=ZoneInfo("America/Denver")),
        end=NOW + timedelta(days=60),
    )


def _ends(sandbox: Sandbox, member_id: str) -> None:
    """Every plan the member holds is cancelled in the dashboard."""
    for order in sandbox.site.plan_orders.values():
        if order["buyer"]["memberId"] == member_id:
            order["status"] = "CANCELED"
    for pool in sandbox.site.pools.values():
        if pool["beneficiary"]["memberId"] == member_id:
            pool["status"] = "ENDED"


def _ana(row: str, days: int) -> Attendee:
    return person(
        row, "ana.lee@example.org", Payment.PLAN, attended=None, day=TODAY + timedelta(days)
    )


def test_a_members_plans_are_kept_between_cycles_and_the_credits_read_afresh(
    harness: Harness,
) -> None:
    """Ana's plan orders and pools, read for her first row, serve her second; her credits
    are read again (she used one online meanwhile: the row says what is left now)."""
    flows = harness.flows()
    flows.run([_ana("r1", 0)])
    member = flows.journal.get("r1").member_id or ""
    (balance,) = (
        b for b in harness.sandbox.site.balances.values() if b["beneficiary"]["memberId"] == member
    )
    balance["amount"]["available"] = "3"  # two used online since (5 were left)
    since = len(harness.sandbox.log)
    out = flows.run([_ana("r2", 1)])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["plans.list_orders"] == asked["pools.query"] == 0
    assert asked["balances.query"] == 1
    assert asked["billing.charge_memberships"] == 1
    assert flows.journal.get("r2").credits_left == "2"


def test_credits_used_up_online_since_the_plans_were_kept_refuse_the_row_unbooked(
    harness: Harness,
) -> None:
    """The balance is Wix's word of now: Ana's last credits used online between two cycles
    refuse her next row, with nothing written (her plans are read afresh before refusing;
    the balances, read a moment ago, are not read twice)."""
    flows = harness.flows()
    flows.run([_ana("r1", 0)])
    member = flows.journal.get("r1").member_id or ""
    for balance in harness.sandbox.site.balances.values():
        if balance["beneficiary"]["memberId"] == member:
            balance["amount"]["available"] = "0"
    since = len(harness.sandbox.log)
    ana = _ana("r2", 1)
    out = flows.run([ana])
    assert out[0].error == words.problem(
        p.PlanCannotPay(ana.name, "10 Swim Pass", "OUT_OF_CREDITS")
    )
    asked = _routes(harness.sandbox, since)
    assert asked["balances.query"] == asked["plans.list_orders"] == asked["pools.query"] == 1
    assert asked["bookings.bulk_create"] == asked["cart.create"] == 0


def test_a_members_plans_are_asked_again_after_their_age(harness: Harness) -> None:
    now = [1000.0]
    flows = harness.flows()
    flows.catalog.clock = lambda: now[0]
    flows.run([_ana("r1", 0)])
    now[0] += PLANS_MAX_AGE - 1
    since = len(harness.sandbox.log)
    flows.run([_ana("r2", 1)])
    assert _routes(harness.sandbox, since)["plans.list_orders"] == 0
    now[0] += 2
    since = len(harness.sandbox.log)
    out = flows.run([_ana("r3", 2)])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["plans.list_orders"] == asked["pools.query"] == 1


def test_a_plan_bought_since_the_plans_were_kept_is_charged_not_refused(
    harness: Harness,
) -> None:
    """Lena held no plan when her first row came (refused); she buys a pass at the desk;
    her row typed again is charged: the kept "no plan" is asked again before refusing."""
    flows = harness.flows()
    lena = person("r1", "lena.berg@example.org", Payment.PLAN, attended=None)
    first = flows.run([lena])
    assert first[0].error == words.problem(p.NoActivePlan(lena.name))
    member = flows.journal.get("r1").member_id or ""
    bought = _buys(harness.sandbox, member, "10 Swim Pass")
    since = len(harness.sandbox.log)
    out = flows.run([dataclasses.replace(lena, row_id="r2")])
    assert out[0].error is None, out[0].error
    asked = _routes(harness.sandbox, since)
    assert asked["plans.list_orders"] == asked["pools.query"] == 1
    assert asked["billing.charge_memberships"] == 1
    (booking,) = bookings_of(harness.sandbox, lena)
    assert booking["id"] == out[0].booking_id
    assert flows.journal.get("r2").membership_ref == f"order:{bought['order']['id']}"


def test_a_plan_ended_since_the_plans_were_kept_is_asked_again_and_nothing_stays_booked(
    harness: Harness,
) -> None:
    """Ana's pass was cancelled in the dashboard after her first row: the kept pass looks
    good, Wix refuses its charge; her plans are read afresh (she holds none now), the row
    says so, the booking is cancelled, and she is forgotten (her next row asks again)."""
    flows = harness.flows()
    flows.run([_ana("r1", 0)])
    member = flows.journal.get("r1").member_id or ""
    _ends(harness.sandbox, member)
    since = len(harness.sandbox.log)
    ana = _ana("r2", 1)
    out = flows.run([ana])
    assert out[0].error == words.problem(p.PlanNotHeld(ana.name, "10 Swim Pass", ()))
    asked = _routes(harness.sandbox, since)
    assert asked["billing.charge_memberships"] == 1
    assert asked["plans.list_orders"] == 1  # after the refusal
    assert not bookings_of(harness.sandbox, ana)
    assert [b["status"] for b in bookings_of(harness.sandbox, ana, active=False)] == ["CANCELED"]
    assert member not in flows.known_plans
    since = len(harness.sandbox.log)
    flows.run([_ana("r3", 2)])
    assert _routes(harness.sandbox, since)["plans.list_orders"] == 1


def test_a_charge_refused_on_a_kept_plan_charges_the_plan_bought_since(
    harness: Harness,
) -> None:
    """Ana's old pass was cancelled and she bought a new one: the charge on the kept pass
    is refused (nothing charged), her plans are read afresh, and the new pass is charged,
    once."""
    flows = harness.flows()
    flows.run([_ana("r1", 0)])
    member = flows.journal.get("r1").member_id or ""
    _ends(harness.sandbox, member)
    bought = _buys(harness.sandbox, member, "10 Swim Pass")
    for _ in range(3):  # the charge, then its settling
        out = flows.run([_ana("r2", 1)])
        assert out[0].error is None, out[0].error
    record = flows.journal.get("r2")
    assert record.point == Point.PAID
    assert record.membership_ref == f"order:{bought['order']['id']}"
    balances = harness.sandbox.site.balances
    assert balances[bought["balance"]["id"]]["amount"]["available"] == "9"
    assert record.credits_left == "9"
    old = [
        b
        for b in balances.values()
        if b["beneficiary"]["memberId"] == member and b is not balances[bought["balance"]["id"]]
    ]
    assert [b["amount"]["available"] for b in old] == ["5"]  # the cancelled pass: untouched
    (booking,) = bookings_of(harness.sandbox, _ana("r2", 1))
    assert booking["id"] == out[0].booking_id
    assert len(plan_charges(harness.sandbox, record.order_id or "")) == 1
