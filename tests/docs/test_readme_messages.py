"""Every message the program can put in the Error column, print or log is in the README: the
Error column's words and the brakes match a pattern of the Troubleshooting tables (``…`` is
any text); everything else said by the commands, the config checks, doctor, the daemon and
the log matches a Troubleshooting pattern or appears in the README as shown.

A new problem type without a sample here fails ``test_every_problem_type_has_samples``; a new
message in a message module or a new log line fails the template tests until the README
says it."""

from __future__ import annotations

import errno
import itertools
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from google.auth.exceptions import RefreshError
from gspread.exceptions import APIError as SheetsAPIError

from sync import words
from sync.daemon import Daemon, run_daemons
from sync.engine import input_problems as ip
from sync.engine.cycle import CycleReport
from sync.engine.planner import Report, RowInput, identity, plan
from sync.engine.rowstate import RowState
from sync.flows import Attendee, Payment
from sync.flows import problems as p
from sync.flows.task import RowOutcome
from sync.lock import AlreadyRunning
from sync.sheet.columns import HeaderProblem
from sync.wix import WixError
from tests.docs.messages import (
    MESSAGE_MODULES,
    explained,
    in_troubleshooting,
    log_templates,
    module_templates,
)

DAY = date(2026, 6, 28)

# -- the Error column: one or more samples per problem type ----------------------------------
ROW_SAMPLES: dict[type, list[p.RowProblem]] = {
    p.ClassNotFound: [
        p.ClassNotFound("Open Watr", ("Open Water Swim", "Masters Swim")),
        p.ClassNotFound("Yoga"),
    ],
    p.SessionNotFound: [
        p.SessionNotFound("Open Water Swim", "Sun 28 Jun"),
        p.SessionNotFound("Open Water Swim", "Sun 28 Jun", "07:00", ("06:30",)),
        p.SessionNotFound("Masters Swim", "Sun 28 Jun", "07:00"),
    ],
    p.BookedByAnotherRow: [p.BookedByAnotherRow("Zoe Quinn", "c61b5eca-1111")],
    p.SameSessionTwice: [p.SameSessionTwice("Zoe Quinn")],
    p.NoMemberAccount: [p.NoMemberAccount("Ivan Novak")],
    p.NoActivePlan: [p.NoActivePlan("Lena Berg")],
    p.PlanNotHeld: [
        p.PlanNotHeld("Ana Lee", "Gold", ("10 Swim Pass",)),
        p.PlanNotHeld("Lena Berg", "Gold", ()),
    ],
    p.PlanChoiceNeeded: [p.PlanChoiceNeeded("Eve Martin", ("10 Swim Pass", "Unlimited Summer"))],
    p.PlanCannotPay: [
        p.PlanCannotPay("Ben Ortiz", "10 Swim Pass", reason)
        for reason in (*words.REASONS, "SOMETHING_NEW")
    ],
    p.SessionFull: [p.SessionFull("Masters Swim", "Sun 28 Jun")],
    p.TooLateToBook: [p.TooLateToBook("Open Water Swim", "Sun 28 Jun")],
    p.WixRefused: [
        p.WixRefused("create the booking", "SLOT_NOT_AVAILABLE", "no seat", "req-1"),
        p.WixRefused("record attendance", "BOOKING_NOT_FOUND", ""),
    ],
    p.WixUnavailable: [p.WixUnavailable("create the order", "HTTP 503")],
    p.PaymentNotShown: [p.PaymentNotShown("10042"), p.PaymentNotShown()],
    p.MissingPermission: [
        p.MissingPermission("BOOKINGS.BOOKING_CREATE", "create the booking"),
        p.MissingPermission("MEMBERS.MEMBER_READ", "members"),
    ],
    p.WillRetry: [p.WillRetry("this site charges plans after the order; rebooking")],
    p.Unexpected: [p.Unexpected("record the payment")],
    p.OrderLineRefused: [
        p.OrderLineRefused("Hana Sato", "payment option FULL_PAYMENT_ONLINE"),
        p.OrderLineRefused("Hana Sato", "line status NOT_AVAILABLE"),
        p.OrderLineRefused("Hana Sato", "15.00 to pay now"),
        p.OrderLineRefused("Hana Sato", "violations of error severity"),
        p.OrderLineRefused("Ivan Novak", "payment option FULL_PAYMENT_ONLINE", booked_online=True),
    ],
    p.PlanChargeDeclined: [p.PlanChargeDeclined("Ana Lee", "10 Swim Pass")],
    p.CheckoutWantsAddress: [p.CheckoutWantsAddress()],
    p.NothingToCancel: [p.NothingToCancel("Jade Kim", "Open Water Swim", "Mon 15 Jun")],
    p.PaidAlready: [
        p.PaidAlready("Ivan Novak", "cash", "unpaid"),
        p.PaidAlready("Ivan Novak", "cash", "card"),
        p.PaidAlready("Ana Lee", "plan 10 Swim Pass", "cash"),
    ],
    p.OrderPathRemoved: [
        p.OrderPathRemoved("ecom:v2:cart (Cart V2)"),
        p.OrderPathRemoved("ecom:v2:cart:create_cart"),
    ],
}
INPUT_SAMPLES: dict[type, list[ip.InputProblem]] = {
    ip.MissingField: [ip.MissingField("Email")],
    ip.TooLong: [ip.TooLong("Name", 50_000)],
    ip.Formula: [ip.Formula("Email", "=HYPERLINK(A1)")],
    ip.SheetError: [ip.SheetError("Name", "#NAME?")],
    ip.BadEmail: [
        *(ip.BadEmail("ana@", reason=r) for r in (*words.EMAIL_REASONS, "")),
        ip.BadEmail("ana@gmial.con", reason="typo", suggestion="ana@gmail.com"),
        ip.BadEmail("ana@gmial.con", reason="typo"),
    ],
    ip.NotAName: [ip.NotAName("12345"), ip.NotAName("TRUE", checkbox=True)],
    ip.BadDate: [ip.BadDate("31/31"), ip.BadDate("31/31", date_order="DMY")],
    ip.FarDate: [
        ip.FarDate("6/15/1926", date(1926, 6, 15), ahead=False),
        ip.FarDate("6/15/2062", date(2062, 6, 15), ahead=True),
    ],
    ip.AmbiguousDate: [ip.AmbiguousDate("12/15", (date(2025, 12, 15), date(2026, 12, 15)))],
    ip.WeekdayMismatch: [ip.WeekdayMismatch("Sat 6/26", "Saturday", date(2026, 6, 26))],
    ip.BadTime: [ip.BadTime("25:00")],
    ip.LabelConflict: [
        ip.LabelConflict("Date", "6/29", "Sun 28 Jun"),
        ip.LabelConflict("Time", "7:00", "06:30"),
    ],
    ip.UnknownPayment: [
        ip.UnknownPayment("venmo", ("cash", "plan", "unpaid", "cancel")),
        ip.UnknownPayment("$15", (), amount=True),
    ],
    ip.BadAttended: [ip.BadAttended("maybe")],
    ip.SameSeat: [ip.SameSeat(8)],
    ip.MovedBooking: [ip.MovedBooking("ana@example.org|open water swim|2026-06-15|")],
    ip.AfterCancel: [ip.AfterCancel(4)],
    ip.HeldByDeletedRow: [ip.HeldByDeletedRow("Zoe Quinn", "0f644d3b-8906-4c11-85c3-de5e2058243d")],
}


def _subclasses(base: type) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_problem_type_has_samples() -> None:
    assert _subclasses(p.RowProblem) <= set(ROW_SAMPLES), "add samples for the new types"
    assert _subclasses(ip.InputProblem) <= set(INPUT_SAMPLES), "add samples for the new types"


ERROR_COLUMN = [
    *(words.problem(s) for samples in ROW_SAMPLES.values() for s in samples),
    *(words.input_problem(s) for samples in INPUT_SAMPLES.values() for s in samples),
    words.problem(p.RowProblem()),  # the fallback for a type words.py does not know
    words.input_problem(ip.InputProblem()),
]


@pytest.mark.parametrize("message", ERROR_COLUMN)
def test_every_error_column_message_is_in_troubleshooting(message: str) -> None:
    assert in_troubleshooting(message), message


# -- what the planner writes: duplicates, moved rows, the brakes -------------------------------
class _Parsed:
    def __init__(self, attendee: Attendee | None) -> None:
        self.attendee, self.problems, self.blank = attendee, (), attendee is None


def _row(row_id: str, email: str = "ana@example.org", index: int = 2) -> RowInput:
    who = Attendee(row_id, "Ana", "Lee", email, "Open Water Swim", DAY, Payment.CASH)
    return RowInput(row_id, index, f"fp-{row_id}", _Parsed(who))


def _planner_messages() -> list[str]:
    say: list[str] = []
    twice = plan([_row("a"), _row("b", index=3)], {}, {}, now=0, render=words.input_problem)
    say += [m for a in twice.actions if isinstance(a, Report) for m in a.messages]
    other = identity(_row("x", "ben@example.org").parsed.attendee)  # type: ignore[arg-type]
    moved = plan(
        [_row("a")], {"a": RowState("a", "old")}, {"a": other}, now=0, render=words.input_problem
    )
    say += [m for a in moved.actions if isinstance(a, Report) for m in a.messages]
    synced = {f"r{i}": RowState(f"r{i}", "fp", identity=f"id{i}") for i in range(3)}
    empty = plan([], synced, {}, now=0, render=words.input_problem)
    many = plan(
        [_row("a"), _row("b", "ben@example.org")],
        {},
        {},
        now=0,
        render=words.input_problem,
        max_rows=1,
    )
    return [*say, empty.brake or "", many.brake or ""]


@pytest.mark.parametrize("message", _planner_messages())
def test_every_planner_message_is_in_troubleshooting(message: str) -> None:
    assert message
    assert in_troubleshooting(message), message


@pytest.mark.parametrize(
    "problem",
    [
        HeaderProblem(missing=("Payment",)),
        HeaderProblem(duplicated=("Email",)),
        HeaderProblem(missing=("Date", "Class"), duplicated=("Name",)),
    ],
)
def test_every_header_problem_is_in_troubleshooting(problem: HeaderProblem) -> None:
    assert in_troubleshooting(str(problem)), problem


# -- what the daemon says: outages, back again, brakes, start and stop --------------------------
def _sheets_error(status: int) -> SheetsAPIError:
    response = requests.Response()
    response.status_code = status
    response._content = (
        b'{"error": {"code": %d, "message": "The caller does not have permission"}}' % status
    )
    return SheetsAPIError(response)


OUTAGES: list[BaseException] = [
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.OperationalError("unable to open database file"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EACCES, "Permission denied", "/var/lib/wixsync/state.sqlite3"),
    PermissionError(),  # what gspread raises for a sheet not shared with the account
    _sheets_error(429),
    _sheets_error(503),
    _sheets_error(403),
    RefreshError("invalid_grant: Invalid JWT Signature."),  # a deleted service-account key
    WixError("POST /contacts/v4/contacts/query -> HTTP 503"),
    requests.exceptions.ReadTimeout("read timed out"),
    requests.exceptions.ConnectionError("Name or service not known"),
]


def _said(cycles: list[Any], tmp_path: Path) -> list[str]:
    said: list[str] = []
    queue = list(cycles)

    def cycle() -> CycleReport:
        step = queue.pop(0)
        if isinstance(step, BaseException):
            raise step
        if not queue:
            daemon.stop()
        return step

    hours = itertools.count(0.0, 3600.0)  # each look at the clock: an hour later, past any wait
    daemon = Daemon(
        cycle, poll_seconds=0.01, state_path=tmp_path / "state.sqlite3", say=said.append,
        clock=lambda: next(hours), sleep=lambda _s: None,
    )  # fmt: skip
    run_daemons([daemon], max_cycles=len(cycles) + 1)
    return said


def _report(*, brake: str | None = None, synced: int = 0) -> CycleReport:
    report = CycleReport(brake=brake)
    for i in range(synced):
        report.outcomes[f"r{i}"] = RowOutcome(f"r{i}", "b", "o", "Booked", None, False)
    return report


def test_every_outage_the_daemon_reports_is_in_troubleshooting(tmp_path: Path) -> None:
    for exc in OUTAGES:
        said = _said([exc, _report(synced=1)], tmp_path)
        told = next(s for s in said if s.startswith("cannot sync"))
        assert in_troubleshooting(told), told
        assert explained(next(s for s in said if s.startswith("reachable again"))), said


def test_every_line_the_daemon_says_is_in_the_readme(tmp_path: Path) -> None:
    said = _said([_report(synced=2), _report(brake=_planner_messages()[-1])], tmp_path)
    assert said[0].startswith("started: "), said
    assert said[-1] == "stopped", said
    for line in said:
        assert explained(line), line


def test_a_second_daemon_on_the_same_state_is_explained(tmp_path: Path) -> None:
    message = str(AlreadyRunning(tmp_path / "state.sqlite3.lock", "4242"))
    assert in_troubleshooting(message), message


# -- every message template of the message modules, and every log line ------------------------
TEMPLATES = [pytest.param(t, id=where) for m in MESSAGE_MODULES for where, t in module_templates(m)]
LOG_LINES = [pytest.param(t, id=where) for where, t in log_templates()]


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_message_of_the_commands_config_and_doctor_is_in_the_readme(template: str) -> None:
    assert explained(template), template


@pytest.mark.parametrize("template", LOG_LINES)
def test_every_log_line_is_in_the_readme(template: str) -> None:
    assert explained(template), template
