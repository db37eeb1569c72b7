"""The planner's decision table: one test per branch, named after the case."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sync.engine.input_problems import AfterCancel, SameSeat
from sync.engine.planner import (
    DUPLICATE,
    HELD_BY,
    LeftAlone,
    Report,
    RowInput,
    Sync,
    identity,
    plan,
    settled,
)
from sync.engine.rowstate import SITE_SEEN, RowState, waiting_for_the_site
from sync.flows import Attendee, Payment
from sync.words import input_problem


@dataclass(frozen=True)
class Parsed:
    attendee: Attendee | None = None
    problems: tuple[Any, ...] = ()
    blank: bool = False
    session_date: date | None = None


def person(
    row: str = "r1",
    email: str = "ana@x.org",
    payment: Payment = Payment.CASH,
    day: date = date(2026, 6, 15),
) -> Attendee:
    return Attendee(row, "Ana", "Lee", email, "Open Water Swim", day, payment)


def row(
    row_id: str = "r1", parsed: Parsed | None = None, fp: str = "f1", index: int = 2
) -> RowInput:
    return RowInput(row_id, index, fp, parsed or Parsed(person(row_id)))


def _render(problem: Any) -> str:
    """Problems as the Error column says them (plain strings stand for parse problems)."""
    return problem if isinstance(problem, str) else input_problem(problem)


def run(
    rows: list[RowInput],
    states: dict[str, RowState] | None = None,
    booked: dict[str, str] | None = None,
    **kw: Any,
):
    return plan(rows, states or {}, booked or {}, now=1000.0, render=_render, **kw)


def test_blank_row_is_left_alone() -> None:
    assert run([row(parsed=Parsed(blank=True))]).actions == []


def test_row_that_does_not_parse_is_reported_and_not_synced() -> None:
    result = run([row(parsed=Parsed(problems=("Missing Email",)))])
    assert result.actions == [Report("r1", ("Missing Email",))]


def test_second_row_for_the_same_person_and_session_is_a_duplicate() -> None:
    result = run([row("r1"), row("r2", fp="f2", index=3)])
    assert isinstance(result.actions[0], Sync)
    assert isinstance(result.actions[1], Report)
    assert "Same person and session as row 2" in result.actions[1].messages[0]


def test_booked_row_whose_date_changed_is_not_rebooked() -> None:
    moved = person(day=date(2026, 6, 16))
    result = run(
        [row(parsed=Parsed(moved), fp="f2")],
        states={"r1": RowState("r1", "f1", identity(person()))},
        booked={"r1": identity(person())},
    )
    assert isinstance(result.actions[0], Report)
    assert "To move it" in result.actions[0].messages[0]


def test_unchanged_row_already_done_is_left_alone() -> None:
    assert run([row()], states={"r1": RowState("r1", "f1")}).actions == []


def test_unchanged_row_rejected_for_its_content_waits_for_an_edit() -> None:
    assert run([row()], states={"r1": RowState("r1", "f1", retry=False)}).actions == []


def test_unchanged_row_refused_for_something_in_wix_goes_again_once_the_site_was_checked() -> None:
    refused = {"r1": RowState("r1", "f1", written={"error": "…", SITE_SEEN: 2})}
    assert run([row()], states=refused, site_checks=2).actions == []  # not checked since
    assert run([row()], states=refused, site_checks=3).actions == [
        Sync("r1", person(), "site checked")
    ]
    for_content = {"r1": RowState("r1", "f1", written={"error": "…"})}
    assert run([row()], states=for_content, site_checks=3).actions == []
    assert waiting_for_the_site({**refused, "r2": for_content["r1"]}) == []  # no row number
    numbered = {"r1": replace(refused["r1"], row_number=7)}
    assert waiting_for_the_site({**numbered, "r2": for_content["r1"]}) == [7]


def test_unchanged_row_that_failed_for_wix_is_retried_after_its_backoff() -> None:
    waiting = {"r1": RowState("r1", "f1", retry=True, failures=1, next_try=2000.0)}
    assert run([row()], states=waiting).actions == []
    due = {"r1": RowState("r1", "f1", retry=True, failures=1, next_try=500.0)}
    assert run([row()], states=due).actions == [Sync("r1", person(), "retry")]


def test_new_and_edited_rows_are_synced() -> None:
    result = run(
        [row("r1"), row("r2", Parsed(person("r2", "ben@x.org")), "f9", 3)],
        states={"r2": RowState("r2", "f2")},
    )
    assert [(a.row_id, a.why) for a in result.actions] == [("r1", "new row"), ("r2", "edited")]


def test_a_sheet_that_suddenly_reads_empty_stops_the_cycle() -> None:
    states = {f"r{i}": RowState(f"r{i}", "f", identity="x") for i in range(5)}
    result = run([], states=states)
    assert result.brake is not None
    assert "reads empty" in result.brake
    assert run([], states=states, force=True).brake is None


def test_a_plan_touching_too_many_rows_stops_unless_forced() -> None:
    rows = [row(f"r{i}", Parsed(person(f"r{i}", f"p{i}@x.org")), f"f{i}", i + 2) for i in range(5)]
    assert run(rows, max_rows=3).brake is not None
    assert run(rows, max_rows=3, force=True).brake is None


def test_a_deleted_row_cancels_nothing() -> None:
    result = run(
        [row("r2", Parsed(person("r2", "ben@x.org")), "f2")],
        states={"r1": RowState("r1", "f1", identity="ana")},
    )
    assert all(a.row_id != "r1" for a in result.actions)


def test_a_row_already_reported_is_not_reported_again_until_edited() -> None:
    bad = Parsed(problems=("Missing Email",))
    done = {"r1": RowState("r1", "f1", written={"error": "Missing Email"})}
    assert run([row(parsed=bad)], states=done).actions == []
    assert run([row(parsed=bad, fp="f2")], states=done).actions == [
        Report("r1", ("Missing Email",))
    ]


def test_diff_labels_new_edited_unchanged_and_gone_rows() -> None:
    from sync.engine.diff import diff

    states = {"a": RowState("a", "f1"), "b": RowState("b", "f2"), "c": RowState("c", "f3")}
    assert diff([("a", "f1"), ("b", "f9"), ("d", "f4")], states) == {
        "a": "unchanged",
        "b": "edited",
        "c": "gone",
        "d": "new",
    }


# -- issue 13: the booked row stays, whatever the order; one email, two people ------------------
def test_the_row_holding_the_booking_stays_when_a_duplicate_is_sorted_above_it() -> None:
    booked = {"r1": identity(person("r1"))}
    states = {"r1": RowState("r1", "f1", identity(person("r1")))}
    rows = [row("r2", Parsed(person("r2")), "f2", 2), row("r1", index=3)]
    result = run(rows, states=states, booked=booked)
    assert result.actions == [
        Report(
            "r2",
            (
                "Same person and session as row 3: delete this row, or fix the name, email, "
                "class or date.",
            ),
            DUPLICATE,
        )
    ]


def test_a_duplicates_message_is_rewritten_when_the_booked_rows_number_changes() -> None:
    booked = {"r1": identity(person("r1"))}
    said = _render(SameSeat(3))
    states = {"r2": RowState("r2", "f2", written={"error": said}), "r1": RowState("r1", "f1")}
    same_place = [row("r2", Parsed(person("r2")), "f2", 2), row("r1", index=3)]
    assert run(same_place, states=states, booked=booked).actions == []  # said once
    moved = [row("r0", Parsed(person("r0", "ben@x.org")), "f0", 2)]
    moved += [row("r2", Parsed(person("r2")), "f2", 3), row("r1", index=4)]
    states["r0"] = RowState("r0", "f0")
    (report,) = run(moved, states=states, booked=booked).actions
    assert report == Report("r2", (_render(SameSeat(4)),), DUPLICATE)


def _cancelled(row_id: str, index: int) -> RowInput:
    """A cancel row whose booking is cancelled, read as it was synced (settled)."""
    a = person(row_id, payment=Payment.CANCEL)
    state = RowState(row_id, "fc", identity(a), written={"status": "Cancelled"}, seat_name=a.name)
    done = settled(state, "fc")
    assert done is not None
    return RowInput(row_id, index, "fc", Parsed(a), done)


def test_a_row_added_after_a_cancel_row_for_the_same_seat_is_booked() -> None:
    """The README's "set Payment to cancel, then add a new row": the cancelled row asks for
    no seat, so the new row books, above or below it."""
    cancelled = _cancelled("r1", 2)
    states = {"r1": RowState("r1", "fc", cancelled.settled.identity, seat_name="Ana Lee")}
    for rows in ([cancelled, row("r2", fp="f2", index=3)], [row("r2", fp="f2"), cancelled]):
        assert run(rows, states=states).actions == [Sync("r2", person("r2"), "new row")]


def test_a_row_waits_while_the_seats_booking_is_being_cancelled_by_its_row() -> None:
    """The booked row set to cancel and a new row added in one go: the new row is told it
    is booked after the cancel (re-planned at the next cycle), never "delete this row"."""
    key = identity(person("r1"))
    states = {"r1": RowState("r1", "f1", key, seat_name="Ana Lee")}
    rows = [
        row("r2", fp="f2", index=2),
        row("r1", Parsed(person("r1", payment=Payment.CANCEL)), "f9", 3),
    ]
    result = run(rows, states=states, booked={"r1": key})
    assert result.actions == [
        Report("r2", (_render(AfterCancel(3)),), DUPLICATE),
        Sync("r1", person("r1", payment=Payment.CANCEL), "edited"),
    ]
    # the next cycle: the cancel is done (the journal holds no booking), the row is booked
    states["r1"] = RowState("r1", "fc", key, written={"status": "Cancelled"}, seat_name="Ana Lee")
    states["r2"] = RowState("r2", "f2", written={"error": "…", "said": DUPLICATE})
    rows = [row("r2", fp="f2", index=2), _cancelled("r1", 3)]
    assert run(rows, states=states).actions == [Sync("r2", person("r2"), "edited")]


def test_a_cancelled_row_is_told_when_a_deleted_rows_booking_holds_its_seat() -> None:
    """Branch 5a: Ana cancelled on r1; r9, which booked her again, left the sheet. r1 keeps
    its Status and says so (kind notice); a row asking for the seat again silences it, and
    once nothing holds the seat the note is taken back (a Report with no message)."""
    from sync.engine.input_problems import HeldByDeletedRow
    from sync.engine.planner import NOTICE

    key = identity(person("r1"))
    cancelled = _cancelled("r1", 2)
    states = {
        "r1": RowState("r1", "fc", key, written={"status": "Cancelled"}, seat_name="Ana Lee"),
        "r9": RowState("r9", "f9", key, written={"booking_id": "b-9"}, seat_name="Ana Lee"),
    }
    said = _render(HeldByDeletedRow("Ana Lee", "b-9"))
    assert run([cancelled], states=states, booked={"r9": key}).actions == [
        Report("r1", (said,), NOTICE)
    ]
    again = [cancelled, row("r2", fp="f2", index=3)]  # typed again: it takes the booking on
    assert [type(a) for a in run(again, states=states, booked={"r9": key}).actions] == [Sync]
    states["r1"] = RowState(
        "r1", "fc", key, written={"status": "Cancelled", "error": said, "said": NOTICE},
        seat_name="Ana Lee",
    )  # fmt: skip
    rows = [RowInput("r1", 2, "fc", cancelled.parsed)]  # (a row with an Error is not settled)
    assert run(rows, states=states, booked={"r9": key}).actions == []  # said once
    assert run(rows, states=states, booked={}).actions == [Report("r1", (), NOTICE)]


def test_two_people_sharing_an_email_are_two_seats() -> None:
    tom = Attendee(
        "r1", "Tom", "Lee", "lee@x.org", "Open Water Swim", date(2026, 6, 15), Payment.CASH
    )
    mia = Attendee(
        "r2", "Mia", "Lee", "lee@x.org", "Open Water Swim", date(2026, 6, 15), Payment.CASH
    )
    again = Attendee(
        "r3", "tom", "LEE", "lee@x.org", "Open Water Swim", date(2026, 6, 15), Payment.CASH
    )
    result = run(
        [row("r1", Parsed(tom)), row("r2", Parsed(mia), "f2", 3), row("r3", Parsed(again), "f3", 4)]
    )
    assert [type(a).__name__ for a in result.actions] == ["Sync", "Sync", "Report"]
    assert result.actions[2].messages[0].startswith("Same person and session as row 2:")


# -- issue 15: the start date (branch 1b) -------------------------------------------------------
START = date(2026, 6, 15)


def test_a_row_before_the_start_date_never_synced_is_left_alone() -> None:
    older = row(parsed=Parsed(person(day=date(2026, 6, 14))), index=5)
    result = run([older], start_date=START)
    assert result.actions == []
    assert result.left_alone == [LeftAlone("r1", 5, date(2026, 6, 14))]
    assert result.rows_seen == 1


def test_a_row_on_the_start_date_is_synced() -> None:
    result = run([row()], start_date=START)
    assert result.actions == [Sync("r1", person(), "new row")]
    assert result.left_alone == []


def test_a_row_before_the_start_date_is_synced_when_older_rows_are_included() -> None:
    older = person(day=date(2026, 6, 1))
    result = run([row(parsed=Parsed(older))], start_date=START, include_older=True)
    assert result.actions == [Sync("r1", older, "new row")]
    assert result.left_alone == []


def test_a_row_before_the_start_date_synced_once_is_a_row_like_any_other() -> None:
    older = person(day=date(2026, 6, 1))
    states = {"r1": RowState("r1", "f1", identity(older))}
    edited = run([row(parsed=Parsed(older), fp="f2")], states=states, start_date=START)
    assert edited.actions == [Sync("r1", older, "edited")]
    assert run([row(parsed=Parsed(older))], states=states, start_date=START).actions == []


def test_a_row_before_the_start_date_with_a_typing_mistake_gets_no_error() -> None:
    bad = Parsed(problems=("Missing Email",), session_date=date(2026, 6, 2))
    result = run([row(parsed=bad)], start_date=START)
    assert result.actions == []
    assert [a.row_id for a in result.left_alone] == ["r1"]


def test_a_row_whose_date_does_not_read_is_reported_whatever_the_start_date() -> None:
    bad = Parsed(problems=("Date '31/31' is not a date",))
    assert run([row(parsed=bad)], start_date=START).actions == [
        Report("r1", ("Date '31/31' is not a date",))
    ]


def test_no_start_date_syncs_every_row() -> None:
    older = person(day=date(2020, 1, 1))
    assert run([row(parsed=Parsed(older))]).actions == [Sync("r1", older, "new row")]


# -- 5, from the row state alone: a settled row is planned without its cells parsed ---------
class Unparsed:
    """A parse put off that must stay put off: any question but the cheap ones fails."""

    blank = False
    session_date = date(2026, 6, 15)

    @property
    def attendee(self) -> Attendee:
        raise AssertionError("the planner parsed a settled row")

    problems = attendee


def booked_state(row_id: str = "r1", fp: str = "f1", **kw: Any) -> RowState:
    a = person(row_id)
    return RowState(row_id, fp, identity(a), **{"seat_name": a.name, **kw})


def test_a_settled_row_is_planned_from_its_state_without_a_parse() -> None:
    state = booked_state()
    done = settled(state, "f1")
    assert done is not None
    assert (done.seat, done.session_date) == (person().seat_key, date(2026, 6, 15))
    rows = [RowInput("r1", 2, "f1", Unparsed(), done)]
    result = run(rows, states={"r1": state}, booked={"r1": identity(person())})
    assert (result.actions, result.rows_seen) == ([], 1)


def test_only_a_row_with_nothing_left_to_do_is_settled() -> None:
    assert settled(None, "f1") is None
    assert settled(booked_state(), "f2") is None  # edited since
    assert settled(RowState("r1", "f1"), "f1") is None  # never booked
    assert settled(booked_state(seat_name=""), "f1") is None  # no seat remembered
    assert settled(booked_state(retry=True), "f1") is None  # waits for Wix
    assert settled(booked_state(written={"error": "No such class"}), "f1") is None
    assert settled(booked_state(written={"said": DUPLICATE}), "f1") is None
    assert settled(booked_state(written={HELD_BY: "r9"}), "f1") is None
    assert settled(RowState("r1", "f1", "not an identity", seat_name="Ana"), "f1") is None


def test_a_settled_row_a_new_row_duplicates_keeps_its_seat() -> None:
    state = booked_state()
    rows = [
        row("r2", Parsed(person("r2")), "f2", 2),
        RowInput("r1", 3, "f1", Unparsed(), settled(state, "f1")),
    ]
    result = run(rows, states={"r1": state}, booked={"r1": identity(person())})
    assert [(a.row_id, type(a)) for a in result.actions] == [("r2", Report)]
    assert result.actions[0].kind == DUPLICATE
