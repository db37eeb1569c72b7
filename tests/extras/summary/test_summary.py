"""The owner's summary tab: each figure of the pure builder, then the whole product — a class
on the fake Google Sheet synced into the sandbox — whose Summary tab says what Wix holds,
is written RAW in one request, not at all when nothing changed, and leaves nothing stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from sync.extras.summary import UPDATED_AT, ClassInfo, RowFacts, build_summary
from sync.extras.summary_hook import SummaryHook, summary_factory
from sync.flows.attendee import Attendee, Payment
from sync.runtime import Runtime
from sync.state import Point, RowRecord
from tests.flows.invariants import ACTIVE
from tests.proof.world import World, line

DAY = date(2026, 6, 15)
OWS = {"open water swim": ClassInfo("Open Water Swim", Decimal("15.00"))}


# -- the pure builder -------------------------------------------------------------------------
def facts(
    row: int,
    name: str,
    payment: Payment = Payment.CASH,
    *,
    paid_via: str | None = None,
    booked: bool = True,
    point: str = Point.PAID,
    amount_due: str | None = None,
    plan: str | None = None,
    attendance: str | None = None,
    error: str = "",
    at: time | None = time(6, 30),
    day: date = DAY,
    class_name: str = "Open Water Swim",
) -> RowFacts:
    first, last = name.split()
    attendee = Attendee(
        f"r{row}", first, last, f"{first}@x.org", class_name, day, payment, at, plan
    )
    record = RowRecord(
        f"r{row}",
        point=point,
        booking_id=f"b{row}" if booked else None,
        order_id=f"o{row}" if booked else None,
        paid_via=paid_via,
        plan_name=plan,
        amount_due=amount_due,
        attendance=attendance,
    )
    return RowFacts(row, name, error, attendee, record)


def figures(grid: list[list[Any]]) -> dict[str, list[Any]]:
    """label → (value, detail) for the first session's block."""
    out: dict[str, list[Any]] = {}
    for label, *rest in grid[4:]:
        if label == "":
            break
        out.setdefault(str(label).strip(), rest)
    return out


def sessions(grid: list[list[Any]]) -> list[str]:
    """The session labels, in order: the lines after a blank line, but the rows to fix."""
    return [str(r[0]) for p, r in pairwise(grid) if p[0] == "" and r[0] and r[0] != "Rows to fix"]


def test_attendees_are_counted_by_how_they_paid() -> None:
    rows = [
        facts(2, "Ivan Novak", paid_via="mark_as_paid"),
        facts(3, "Hana Sato", paid_via="add_payment"),
        facts(4, "Ana Lee", Payment.PLAN, paid_via="plan_checkout", plan="10 Swim Pass"),
        facts(5, "Gus Petrov", Payment.UNPAID, paid_via="online"),
        facts(6, "Jade Kim", Payment.UNPAID, point=Point.OWED, amount_due="15.00"),
        facts(7, "Lena Berg", Payment.CANCEL, point=Point.CANCELLED),
        facts(8, "Kofi Mensah", booked=False, error="Wix refused"),
    ]
    got = figures(build_summary(rows, classes=OWS))
    assert got["Attendees"][0] == 5
    counts = {k: got[k][0] for k in ("Cash", "Plan", "Paid online", "Owes", "Cancelled")}
    assert counts == {"Cash": 2, "Plan": 1, "Paid online": 1, "Owes": 1, "Cancelled": 1}
    assert got["Not booked (see rows to fix)"][0] == 1


def test_cash_to_collect_against_cash_recorded_names_what_wix_lacks() -> None:
    rows = [
        facts(2, "Ivan Novak", paid_via="mark_as_paid"),
        facts(3, "Hana Sato", paid_via="cash"),
        facts(4, "Maya Okafor", point=Point.ORDERED, amount_due="15.00"),  # not recorded
        facts(5, "Gus Petrov", paid_via="online"),  # wrote cash, but had paid online
        facts(6, "Kofi Mensah", booked=False, error="No session"),  # not booked: not counted
    ]
    got = figures(build_summary(rows, classes=OWS))
    assert got["Cash to collect"] == ["45.00", "3 people"]
    assert got["Cash recorded"] == ["30.00", "2 people"]
    assert got["Cash not in Wix yet"] == ["15.00", "Maya Okafor"]


def test_card_cheque_and_transfer_are_not_counted_as_cash() -> None:
    def paid(row: int, name: str, method: str) -> RowFacts:
        f = facts(row, name, paid_via="mark_as_paid")
        assert f.record is not None
        assert f.attendee is not None
        record = replace(f.record, paid_method=method)
        return RowFacts(f.row, f.name, f.error, replace(f.attendee, method=method), record)

    unrecorded = facts(6, "Maya Okafor", point=Point.ORDERED, amount_due="15.00")
    assert unrecorded.attendee is not None
    rows = [
        paid(2, "Ivan Novak", "cash"),
        paid(3, "Hana Sato", "card"),
        paid(4, "Gus Petrov", "check"),
        paid(5, "Jade Kim", "bank_transfer"),
        RowFacts(
            6,
            "Maya Okafor",
            "",
            replace(unrecorded.attendee, method="card"),
            unrecorded.record,
        ),
    ]
    got = figures(build_summary(rows, classes=OWS))
    # the cash box holds Ivan's money only
    assert got["Cash"][0] == 1
    assert got["Cash to collect"] == ["15.00", "1 person"]
    assert got["Cash recorded"] == ["15.00", "1 person"]
    assert "Cash not in Wix yet" not in got
    assert got["In person, not cash"] == [3, "bank transfer 1 · card 1 · cheque 1"]
    assert got["Other payments recorded"] == ["45.00", "bank transfer 1 · card 1 · cheque 1"]
    assert got["Other payments not in Wix yet"] == ["15.00", "Maya Okafor"]
    assert got["Maya Okafor"] == ["15.00", "card written, not recorded"]


def test_a_pending_plan_charge_is_not_a_credit_used_and_a_declined_one_owes() -> None:
    rows = [
        facts(2, "Ana Lee", Payment.PLAN, paid_via="plan_billing", plan="10 Swim Pass"),
        facts(
            3,
            "Dan Fischer",
            Payment.PLAN,
            paid_via="plan_billing",
            plan="10 Swim Pass",
            point=Point.CHARGING,
        ),
        facts(
            4,
            "Cara Nguyen",
            Payment.PLAN,
            paid_via="plan_declined",
            plan="Unlimited Summer",
            point=Point.ORDERED,
            error="declined",
        ),
    ]
    got = figures(build_summary(rows, classes=OWS))
    assert got["Attendees"][0] == 3
    assert got["Plan"][0] == 1
    assert got["Plan charge pending"] == [1, "10 Swim Pass 1"]
    assert got["Plan credits used"] == [1, "10 Swim Pass 1"]
    assert got["Owes"][0] == 1
    assert got["Cara Nguyen"] == ["15.00", "plan charge declined"]
    assert got["Cash recorded"] == ["0.00", "0 people"]


def test_an_unknown_price_is_said_not_guessed() -> None:
    rows = [facts(2, "Ivan Novak", paid_via="mark_as_paid")]
    got = figures(build_summary(rows))
    assert got["Cash recorded"][0] == "0.00 + 1 at an unknown price"


def test_plan_credits_used_are_counted_by_plan() -> None:
    rows = [
        facts(2, "Ana Lee", Payment.PLAN, paid_via="plan_checkout", plan="10 Swim Pass"),
        facts(3, "Dan Fischer", Payment.PLAN, paid_via="plan_billing", plan="10 Swim Pass"),
        facts(4, "Cara Nguyen", Payment.PLAN, paid_via="plan_checkout", plan="Unlimited Summer"),
        facts(5, "Eve Martin", Payment.PLAN, booked=False, error="holds 2 plans"),
    ]
    got = figures(build_summary(rows, classes=OWS))
    assert got["Plan credits used"] == [3, "10 Swim Pass 2 · Unlimited Summer 1"]


def test_who_still_owes_is_named_with_the_amount() -> None:
    rows = [
        facts(2, "Jade Kim", Payment.UNPAID, point=Point.OWED, amount_due="15.00"),
        facts(3, "Uma Patel", Payment.UNPAID, point=Point.OWED, amount_due="20.00"),
        facts(4, "Ivan Novak", paid_via="mark_as_paid"),
    ]
    grid = build_summary(rows, classes=OWS)
    at = next(i for i, r in enumerate(grid) if r[0] == "Still owes")
    assert grid[at] == ["Still owes", 2, "35.00"]
    assert grid[at + 1 : at + 3] == [["  Jade Kim", "15.00", ""], ["  Uma Patel", "20.00", ""]]


def test_who_did_not_show_is_named() -> None:
    rows = [
        facts(2, "Sam Whitaker", paid_via="mark_as_paid", attendance="NOT_ATTENDED"),
        facts(3, "Ivan Novak", paid_via="mark_as_paid", attendance="ATTENDED"),
        facts(4, "Kofi Mensah", paid_via="mark_as_paid"),  # not recorded either way
    ]
    assert figures(build_summary(rows, classes=OWS))["Did not show"] == [1, "Sam Whitaker"]


def test_every_row_in_error_has_its_message_and_a_link() -> None:
    unparsed = RowFacts(9, "Amir Said", "Email 'a@@x' has more than one @.")
    rows = [facts(3, "Ben Ortiz", Payment.PLAN, booked=False, error="No sessions left."), unparsed]
    grid = build_summary(rows, classes=OWS, link=lambda row: f"https://sheet/#A{row}")
    at = next(i for i, r in enumerate(grid) if r[0] == "Rows to fix")
    assert grid[at][1:] == [2, "1 in the sessions above · 1 in no session"]
    assert grid[at + 1 :] == [
        ["Row 3 · Ben Ortiz", "No sessions left.", "https://sheet/#A3"],
        ["Row 9 · Amir Said", "Email 'a@@x' has more than one @.", "https://sheet/#A9"],
    ]
    # the unparsed row has no session
    assert figures(grid)["Rows to fix in this session"] == [1, "row 3"]


def test_a_row_waiting_for_wix_is_not_a_row_to_fix() -> None:
    down = "Could not reach Wix to create the booking; will try again."
    booked_nowhere = facts(3, "Ben Ortiz", Payment.CASH, booked=False)
    rows = [
        RowFacts(3, "Ben Ortiz", down, booked_nowhere.attendee, booked_nowhere.record, True),
        facts(5, "Ivan Novak", paid_via="cash"),
    ]
    grid = build_summary(rows, classes=OWS)
    assert figures(grid)["Rows to fix in this session"] == [0, ""]
    assert figures(grid)["Rows waiting for Wix"] == [1, "row 3"]
    ends = {r[0]: r[1:] for r in grid if r[0] in ("Rows to fix", "Rows waiting for Wix")}
    assert ends == {"Rows to fix": [0, ""], "Rows waiting for Wix": [1, ""]}


def test_a_row_without_the_time_joins_the_days_only_timed_session() -> None:
    rows = [facts(2, "Ivan Novak", paid_via="cash"), facts(3, "Jade Kim", paid_via="cash", at=None)]
    grid = build_summary(rows, classes=OWS)
    assert sessions(grid) == ["Mon 15 Jun 06:30 · Open Water Swim"]
    assert figures(grid)["Attendees"][0] == 2


def test_sessions_are_newest_first_and_grouped_by_wix_class_name() -> None:
    rows = [
        facts(2, "Ivan Novak", paid_via="cash", day=date(2026, 6, 14)),
        facts(3, "Jade Kim", paid_via="cash", class_name="open water SWIM"),
        facts(4, "Finn Walsh", paid_via="cash", class_name="Masters Swim", at=time(18)),
    ]
    classes = {**OWS, "masters swim": ClassInfo("Masters Swim", Decimal("20.00"))}
    assert sessions(build_summary(rows, classes=classes)) == [
        "Mon 15 Jun 06:30 · Open Water Swim",
        "Mon 15 Jun 18:00 · Masters Swim",
        "Sun 14 Jun 06:30 · Open Water Swim",
    ]


def test_a_row_naming_no_wix_class_is_only_among_the_rows_to_fix() -> None:
    rows = [
        facts(2, "Ivan Novak", paid_via="cash"),
        facts(3, "Bea Costa", booked=False, class_name="Open Water Swm", error="No class"),
    ]
    grid = build_summary(rows, classes=OWS)
    assert sessions(grid) == ["Mon 15 Jun 06:30 · Open Water Swim"]
    assert grid[-1][0] == "Row 3 · Bea Costa"


def test_the_last_updated_line_is_the_only_line_that_depends_on_the_time() -> None:
    rows = [facts(2, "Ivan Novak", paid_via="cash")]
    one = build_summary(rows, classes=OWS, updated="Mon 15 Jun 08:00")
    two = build_summary(rows, classes=OWS, updated="Mon 15 Jun 09:00")
    row, col = UPDATED_AT
    assert one[row] == ["Last updated", "Mon 15 Jun 08:00", ""]
    two[row][col] = one[row][col]
    assert one == two


def test_an_empty_sheet_says_so() -> None:
    grid = build_summary([])
    assert ["No sessions in the sheet yet", "", ""] in grid
    assert grid[-1] == ["Rows to fix", 0, ""]


# -- the whole product: the Summary tab against what Wix holds -------------------------------
TAB = "Summary"
CLASS_ROWS = [
    line("Ana Lee", "ana.lee@example.org", "plan", "10 Swim Pass"),
    line("Cara Nguyen", "cara.nguyen@example.org", "plan"),
    line("Gus Petrov", "gus.petrov@example.org", ""),  # booked online and paid
    line("Hana Sato", "hana.sato@example.org", "cash"),  # booked online, pays at the door
    line("Ivan Novak", "ivan.novak@example.org", "cash"),
    line("Jade Kim", "jade.kim@example.org", "unpaid"),
    line("Kofi Mensah", "kofi.mensah@example.org", "cash", attended="no"),  # no-show
    line("Eve Martin", "eve.martin@example.org", "plan"),  # two plans: an error
    line("Ben Ortiz", "ben.ortiz@example.org", "plan"),  # no credits left: an error
    line("Amir Said", "amir.said@@example.org", "cash"),  # does not parse
    line("Bea Costa", "bea.costa@example.org", "cash", class_name="Open Water Swm"),
    line("Lena Berg", "lena.berg@example.org", "card"),  # paid at the door, not in cash
]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path, [list(r) for r in CLASS_ROWS], hooks=[summary_factory(TAB)], lease=False)


def summary_of(world: World) -> list[list[Any]]:
    """The tab as read back, each line padded to the builder's three columns."""
    return [[*r, "", "", ""][:3] for r in world.sheets.values(world.key, TAB)]


def block(grid: list[list[Any]]) -> dict[str, list[Any]]:
    head = [i for i, r in enumerate(grid) if str(r[0]).endswith("· Open Water Swim")]
    assert len(head) == 1, grid
    out: dict[str, list[Any]] = {}
    for r in grid[head[0] + 1 :]:
        if r[0] == "":
            break
        out.setdefault(str(r[0]).strip(), r[1:])
    return out


def wix_holds(world: World) -> dict[str, Any]:
    """The session's figures counted from the sandbox's own objects."""
    site = world.sandbox.site
    event = next(
        e["id"]
        for e in site.events.values()
        if e["serviceId"]
        == next(s["id"] for s in site.services.values() if s["name"] == "Open Water Swim")
        and e["localStart"].startswith(world.today().isoformat())
    )
    bookings = [
        b
        for b in site.bookings.values()
        if b["bookedEntity"]["slot"]["eventId"] == event and b["status"] in ACTIVE
    ]
    name = {
        b["id"]: f"{b['contactDetails']['firstName']} {b['contactDetails']['lastName']}"
        for b in bookings
    }
    orders = {
        b: site.orders[o]
        for o, b in site.order_links.items()
        if b in name and site.orders[o]["status"] != "CANCELED"
    }

    def offline(o: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            p
            for p in site.payments.get(o["id"], [])
            if (p.get("regularPaymentDetails") or {}).get("offlinePayment")
        ]

    def method(p: dict[str, Any]) -> dict[str, Any]:
        return (p["regularPaymentDetails"].get("paymentMethodName") or {}).get(
            "userDefinedName"
        ) or {}

    def by_plan(status: str) -> set[str]:
        return {
            b
            for b, o in orders.items()
            if any(
                p.get("membershipPaymentDetails") and p["status"] == status
                for p in site.payments.get(o["id"], [])
            )
        }

    cash = {
        b
        for b, o in orders.items()
        if any(
            method(p).get("predefined", "CASH") == "CASH" and not method(p).get("custom")
            for p in offline(o)
        )
    }
    other = {b for b, o in orders.items() if offline(o)} - cash
    plan, pending = by_plan("APPROVED"), by_plan("PENDING")  # a pending charge is not settled
    charged = [
        r
        for r in site.redemptions
        if r["type"] == "REDEEM"
        and not r["canceled"]
        and r.get("orderId") in {orders[b]["id"] for b in plan}
    ]
    unpaid = {b for b, o in orders.items() if o["paymentStatus"] != "PAID"} - pending
    online = {b for b, o in orders.items() if o["paymentStatus"] == "PAID"} - cash - other - plan
    absent = {a["bookingId"] for a in site.attendance.values() if a["status"] == "NOT_ATTENDED"}

    def total(which: set[str]) -> str:
        amounts = [Decimal(orders[b]["priceSummary"]["total"]["amount"]) for b in which]
        return f"{sum(amounts, Decimal(0)):.2f}"

    return {
        "Attendees": len(bookings),
        "Cash": len(cash),
        "In person, not cash": len(other),
        "Plan": len(plan),
        "Plan charge pending": len(pending),
        "Paid online": len(online),
        "Owes": len(unpaid),
        "Cash recorded": total(cash),
        "Other payments recorded": total(other),
        "Plan credits used": len(charged),
        "Still owes": sorted(
            (name[b], orders[b]["balanceSummary"]["balance"]["amount"]) for b in unpaid
        ),
        "Did not show": sorted(name[b] for b in absent if b in name),
    }


def settle(world: World, runtime: Runtime, *, cycles: int = 5) -> None:
    """Cycles (a minute apart) until no plan charge is pending: Wix settles them later."""
    for _ in range(cycles):
        if not any(r.point == Point.CHARGING for r in runtime.journal.all()):
            return
        world.now += 60
        runtime.engine.run_cycle()
    raise AssertionError("plan charges still pending")


FIGURES = (
    "Attendees",
    "Cash",
    "In person, not cash",
    "Plan",
    "Plan charge pending",
    "Paid online",
    "Owes",
    "Plan credits used",
)


def test_the_summary_tab_says_what_wix_holds(world: World) -> None:
    with world.open() as runtime:
        runtime.engine.run_cycle()
        # the plan charges were sent; Wix settles them later: pending, not credits used
        got, wix = block(summary_of(world)), wix_holds(world)
        for figure in FIGURES:
            assert got[figure][0] == wix[figure], figure
        assert got["Plan charge pending"] == [2, "10 Swim Pass 1 · Unlimited Summer 1"]
        assert (got["Plan"][0], got["Plan credits used"][0]) == (0, 0)
        settle(world, runtime)
    grid = summary_of(world)
    got, wix = block(grid), wix_holds(world)
    for figure in FIGURES:
        assert got[figure][0] == wix[figure], figure
    assert got["Plan charge pending"][0] == 0
    assert got["Plan credits used"] == [2, "10 Swim Pass 1 · Unlimited Summer 1"]
    assert got["Cash recorded"][0] == wix["Cash recorded"]
    # the cash box: every booked row written "cash" was recorded in Wix (Gus paid online);
    # Lena's card payment is recorded too, but is not in the cash box
    assert got["Cash to collect"][0] == wix["Cash recorded"] == "45.00"
    assert got["In person, not cash"] == [1, "card 1"]
    assert got["Other payments recorded"] == [wix["Other payments recorded"], "card 1"]
    assert wix["Other payments recorded"] == "15.00"
    owes_at = next(i for i, r in enumerate(grid) if r[0] == "Still owes")
    owed = [(str(r[0]).strip(), r[1]) for r in grid[owes_at + 1 : owes_at + 1 + got["Owes"][0]]]
    assert owed == wix["Still owes"] == [("Jade Kim", "15.00")]
    assert got["Did not show"] == [1, ", ".join(wix["Did not show"])] == [1, "Kofi Mensah"]
    # every row in error, with its message and a link to its row
    at = next(i for i, r in enumerate(grid) if r[0] == "Rows to fix")
    people = {r["Name"]: (i + 2, r["Error"]) for i, r in enumerate(world.records())}
    in_error = {n: v for n, v in people.items() if v[1]}
    assert grid[at][1] == len(in_error) == 4
    url = f"https://docs.google.com/spreadsheets/d/{world.key}/edit#gid=0&range=A"
    assert grid[at + 1 :] == [
        [f"Row {row} · {n}", message, f"{url}{row}"]
        for n, (row, message) in sorted(in_error.items(), key=lambda kv: kv[1][0])
    ]


def test_one_raw_request_per_cycle_and_none_when_idle(world: World) -> None:
    with world.open() as runtime:
        runtime.engine.run_cycle()
        (created,) = [e for e in world.sheets.log if e.endpoint == "spreadsheets.batchUpdate"]
        settle(world, runtime)  # the plan charges' rows change until Wix settles them
        names = [r["Name"] for r in world.records()]
        world.human().set_cell(f"F{names.index('Jade Kim') + 2}", "cash")
        world.now += 60
        before = world.sheets.counts()
        runtime.engine.run_cycle()  # a change: the rows' results and the summary
        changed = world.sheets.counts()
        world.now += 60
        runtime.engine.run_cycle()  # nothing changed: the summary is not written
        idle = world.sheets.counts()
    # the first cycle creates and fills the tab in one batch (after one metadata read)
    assert [next(iter(r)) for r in created.body["requests"]] == ["addSheet", "updateCells"]
    update = created.body["requests"][1]["updateCells"]
    assert update["range"] == {"sheetId": update["range"]["sheetId"]}  # the whole tab
    assert update["fields"] == "userEnteredValue"
    values = [v for row in update["rows"] for v in row["values"]]
    assert {k for v in values for k in v.get("userEnteredValue", {})} == {
        "stringValue",
        "numberValue",
    }
    assert (
        changed.by_endpoint.get("spreadsheets.batchUpdate", 0)
        - before.by_endpoint.get("spreadsheets.batchUpdate", 0)
        == 1
    )
    assert (changed.reads - before.reads, changed.writes - before.writes) == (2, 2)
    assert set(changed.value_input_options) == {"RAW"}
    assert (idle.reads - changed.reads, idle.writes - changed.writes) == (1, 0)


def test_a_shorter_summary_after_fixes_leaves_no_stale_line(world: World) -> None:
    with world.open() as runtime:
        runtime.engine.run_cycle()
        before = summary_of(world)
        volunteer = world.human()
        names = [r["Name"] for r in world.records()]
        volunteer.set_cell(f"G{names.index('Eve Martin') + 2}", "Unlimited Summer")
        volunteer.set_cell(f"E{names.index('Amir Said') + 2}", "amir.said@example.org")
        volunteer.delete_rows(names.index("Bea Costa") + 2)
        world.now += 60
        runtime.engine.run_cycle()
        after = summary_of(world)
        writes = [e for e in world.sheets.log if e.endpoint == "spreadsheets.batchUpdate"]
        pending = block(after)["Plan charge pending"][0]
        settle(world, runtime)
        settled = summary_of(world)
    assert len(after) == len(before) - 3
    # the tab ends with the one row still to fix: nothing of the longer summary is left
    assert after[-2][:2] == ["Rows to fix", 1]
    assert after[-1][0] == "Row 10 · Ben Ortiz"
    # the second write only fills the tab it found: no addSheet
    assert [next(iter(r)) for r in writes[-1].body["requests"]] == ["updateCells"]
    assert block(after)["Plan"][0] + pending == 3  # Ana, Cara and now Eve
    assert block(after)["Cash"][0] == 4  # Hana, Ivan, Kofi and now Amir
    assert pending >= 1  # Eve's charge, sent this cycle, is not settled yet
    assert (block(settled)["Plan"][0], block(settled)["Plan charge pending"][0]) == (3, 0)
    assert len(settled) == len(after)


def test_a_sort_with_nothing_to_sync_still_moves_the_rows_to_fix(world: World) -> None:
    with world.open() as runtime:
        runtime.engine.run_cycle()
        settle(world, runtime)  # nothing left to sync
        world.human().sort("Name")
        world.now += 60
        report = runtime.engine.run_cycle()
    assert not report.plan.syncs
    rows = {r["Name"]: i + 2 for i, r in enumerate(world.records())}
    grid = summary_of(world)
    at = next(i for i, r in enumerate(grid) if r[0] == "Rows to fix")
    assert [r[0] for r in grid[at + 1 :]] == [
        f"Row {row} · {name}"
        for name, row in sorted(rows.items(), key=lambda kv: kv[1])
        if name in ("Eve Martin", "Ben Ortiz", "Amir Said", "Bea Costa")
    ]


def test_the_summary_is_made_again_when_the_owner_deletes_the_tab(world: World) -> None:
    with world.open() as runtime:
        runtime.engine.run_cycle()
        spreadsheet = world.sheets.spreadsheet(world.key)
        spreadsheet.sheets.remove(world.sheets.sheet(world.key, TAB))
        volunteer = world.human()
        names = [r["Name"] for r in world.records()]
        volunteer.set_cell(f"F{names.index('Jade Kim') + 2}", "cash")
        world.now += 60
        runtime.engine.run_cycle()
    assert block(summary_of(world))["Owes"][0] == 0


def test_the_hook_refuses_to_write_over_the_attendance_tab(world: World) -> None:
    world.hooks = [summary_factory("attendance")]
    world.cycle()  # the hook's failure is logged; the rows are synced anyway
    assert world.records()[0]["Booking ID"]
    assert world.sheets.values(world.key, "Attendance")[0][0] == "Date"


def test_the_hook_is_built_from_the_runtime(world: World) -> None:
    with world.open() as runtime:
        hook = runtime.engine.hooks[0]
        assert isinstance(hook, SummaryHook)
        assert hook.tab == TAB
        assert hook.before_plan(runtime.engine.session.read()) is None
