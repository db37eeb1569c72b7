"""The one-page volunteer guide in the README says what the program really says: every
Status it writes, every default word, and every Error a volunteer can fix."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from sync import words
from sync.engine import input_problems as ip
from sync.flows import problems as p

README = Path(__file__).resolve().parents[2] / "README.md"


def _guide() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- volunteer-guide:start -->")
    return text[start : text.index("<!-- volunteer-guide:end -->")]


def _error_patterns() -> list[re.Pattern[str]]:
    table = _guide().split("**Error**", 1)[1]
    found = []
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split("|")[1]
        for quoted in re.findall(r"`([^`]+)`", first):
            found.append(re.compile(".*".join(re.escape(part) for part in quoted.split("…"))))
    return found


def test_the_guide_fits_on_one_printed_page() -> None:
    lines = _guide().strip().splitlines()
    assert len(lines) <= 60, len(lines)


@pytest.mark.parametrize(
    "status",
    [
        words.booked_status(
            paid_via=via, plan=plan, credits_left=left, amount_due=due, attended=None,
            cancelled=False, when=words.session_when(date(2026, 6, 15), time(6, 30)),
        )
        for via, plan, left, due in [
            (None, None, None, None),
            ("mark_as_paid", None, None, None),
            ("online", None, None, None),
            ("plan_checkout", "10 Swim Pass", "5", None),
            (None, None, None, "15.00"),
        ]
    ]
    + ["Cancelled"],
)  # fmt: skip
def test_every_status_is_explained(status: str) -> None:
    assert f"`{status}`" in _guide()


def test_checked_in_and_no_show_are_explained() -> None:
    for attended in ("ATTENDED", "NOT_ATTENDED"):
        status = words.booked_status(
            paid_via=None, plan=None, credits_left=None, amount_due=None, attended=attended,
            cancelled=False,
        )  # fmt: skip
        suffix = status.removeprefix("Booked")
        assert f"`…{suffix}`" in _guide()


def test_the_payment_words_are_the_defaults() -> None:
    guide = _guide()
    for word in ("cash", "plan", "unpaid", "cancel", "card", "pass", "owes"):
        assert f"`{word}`" in guide or f"**{word}**" in guide


VOLUNTEER_FIXES = [
    words.input_problem(ip.MissingField("Email")),
    words.input_problem(ip.BadDate("6/31")),
    words.input_problem(ip.BadTime("25:00")),
    words.input_problem(ip.BadEmail("ana@", reason="")),
    words.input_problem(ip.BadEmail("ana@gmial.con", reason="typo", suggestion="ana@gmail.com")),
    words.input_problem(ip.UnknownPayment("chash", ("cash", "plan", "unpaid", "cancel"))),
    words.input_problem(ip.UnknownPayment("$15", (), amount=True)),
    words.problem(p.PlanChoiceNeeded("Eve Martin", ("10 Swim Pass", "Unlimited Summer"))),
    words.problem(p.PlanNotHeld("Ana Lee", "Gold", ("10 Swim Pass",))),
    words.problem(p.PlanCannotPay("Ben Ortiz", "10 Swim Pass", "OUT_OF_CREDITS")),
    words.problem(p.PlanCannotPay("Dan Fischer", "10 Swim Pass", "ENDED")),
    words.problem(p.NoMemberAccount("Ivan Novak")),
    words.problem(p.NoActivePlan("Ivan Novak")),
    words.problem(p.SameSessionTwice("Zoe Quinn")),
    words.problem(p.ClassNotFound("Open Watr", ("Open Water Swim",))),
    words.problem(p.SessionNotFound("Open Water Swim", "Sat 28 Jun")),
    words.problem(p.WixUnavailable("create the order")),
]


@pytest.mark.parametrize("message", VOLUNTEER_FIXES)
def test_every_error_a_volunteer_can_fix_is_in_the_guide(message: str) -> None:
    assert any(pattern.search(message) for pattern in _error_patterns()), message


def test_a_far_date_and_a_duplicate_row_have_their_words_too() -> None:
    far = words.input_problem(ip.FarDate("6/15/1926", date(1926, 6, 15), ahead=False))
    assert far.startswith("Date '6/15/1926' is")
    assert "Same person and session as row" in _guide()
