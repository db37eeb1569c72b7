"""The row parser: what volunteers type on phones → an Attendee, or every problem at once."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.engine import input_problems as ip
from sync.engine.parse import FIELDS, Parsed, parse_row
from sync.engine.vocabulary import DEFAULT_VOCABULARY, Vocabulary, fold
from sync.flows.attendee import Attendee, Payment
from sync.words import input_problem

TODAY = date(2026, 6, 24)  # a Wednesday
ROW: dict[str, Any] = {
    "date": "6/24",
    "time": "",
    "class_name": "Open Water Swim",
    "name": "Ana Lee",
    "email": "ana@x.org",
    "payment": "cash",
    "plan": "",
    "attended": "",
}
LONG = "x" * 50_000
FALLBACK = input_problem(object())  # the sentence for a problem nobody wrote words for


def parse(cells: dict[str, Any] | None = None, **kwargs: Any) -> Parsed:
    return parse_row({**ROW, **(cells or {})}, row_id="r1", today=TODAY, **kwargs)


def attendee(**cells: Any) -> Attendee:
    parsed = parse(cells)
    assert parsed.problems == (), [input_problem(p) for p in parsed.problems]
    assert parsed.attendee is not None
    return parsed.attendee


def messages(**cells: Any) -> list[str]:
    parsed = parse(cells)
    assert parsed.attendee is None
    assert not parsed.blank
    return [input_problem(p) for p in parsed.problems]


# -- a good row ---------------------------------------------------------------------------
def test_complete_row_becomes_the_attendee_it_asks_for() -> None:
    row = {"time": "6:30", "payment": "Plan", "plan": " 10 Swim Pass ", "attended": True}
    assert attendee(**row) == Attendee(
        row_id="r1",
        first="Ana",
        last="Lee",
        email="ana@x.org",
        class_name="Open Water Swim",
        session_date=date(2026, 6, 24),
        payment=Payment.PLAN,
        session_time=time(6, 30),
        plan="10 Swim Pass",
        attended=True,
    )


def test_daemon_columns_in_the_cells_are_ignored() -> None:
    assert attendee(status="Booked", error="old", row_id="abc").email == "ana@x.org"


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", date(2026, 6, 24)),
        ("Today", date(2026, 6, 24)),
        ("yesterday", date(2026, 6, 23)),
        ("tomorrow", date(2026, 6, 25)),
        ("Sat", date(2026, 6, 20)),
        ("saturday", date(2026, 6, 20)),
        ("Wed", date(2026, 6, 24)),  # today is a Wednesday: today counts
        ("thurs", date(2026, 6, 18)),
        ("2026-06-28", date(2026, 6, 28)),
        ("2026/6/28", date(2026, 6, 28)),
        ("6/28", date(2026, 6, 28)),
        ("6/28/26", date(2026, 6, 28)),
        ("6/28/2026", date(2026, 6, 28)),
        ("6-28-2026", date(2026, 6, 28)),
        ("28/6", date(2026, 6, 28)),  # only June 28 is a date
        ("28.06.2026", date(2026, 6, 28)),
        ("28.6.", date(2026, 6, 28)),
        ("1.7.26", date(2026, 7, 1)),  # dotted is always day first
        ("Jun 28", date(2026, 6, 28)),
        ("28 June", date(2026, 6, 28)),
        ("June 28th, 2026", date(2026, 6, 28)),
        ("28-Jun-2026", date(2026, 6, 28)),
        ("Sept 1st", date(2026, 9, 1)),
        ("Sat 20 Jun", date(2026, 6, 20)),
        ("Sunday, June 28, 2026", date(2026, 6, 28)),
        ("6/28/2026 6:30:00", date(2026, 6, 28)),  # a datetime shown as text
        ("today 6:30pm", date(2026, 6, 24)),
        ("Mar 1", date(2026, 3, 1)),  # no year: the nearest March 1st
        ("10/1", date(2026, 10, 1)),
        ("'6/28", date(2026, 6, 28)),
        (46201, date(2026, 6, 28)),  # a Sheets serial
        (46201.75, date(2026, 6, 28)),  # a serial with a time of day
        (date(2026, 6, 28), date(2026, 6, 28)),
        (datetime(2026, 6, 28, 6, 30), date(2026, 6, 28)),
    ],
)
def test_date_is_read_in_every_form_volunteers_type(typed: object, expected: date) -> None:
    assert attendee(date=typed).session_date == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("28/6", date(2026, 6, 28)),
        ("1/7", date(2026, 7, 1)),
        ("1/7/2026", date(2026, 7, 1)),
        ("6/28", date(2026, 6, 28)),  # only June 28 is a date
        ("1.7.", date(2026, 7, 1)),
    ],
)
def test_day_first_clubs_read_slashed_dates_day_first(typed: str, expected: date) -> None:
    parsed = parse({"date": typed}, date_order="DMY")
    assert parsed.attendee is not None
    assert parsed.attendee.session_date == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/31", "Date '31/31' is not a date: write it like 6/28 or 28.06.2026."),
        ("2/30/2026", "Date '2/30/2026' is not a date: write it like 6/28 or 28.06.2026."),
        ("2026-13-01", "Date '2026-13-01' is not a date: write it like 6/28 or 28.06.2026."),
        ("banana", "Date 'banana' is not a date: write it like 6/28 or 28.06.2026."),
        ("6.30", "Date '6.30' is not a date: write it like 6/28 or 28.06.2026."),
        ("Jun 31", "Date 'Jun 31' is not a date: write it like 6/28 or 28.06.2026."),
        ("Jun ²", "Date 'Jun ²' is not a date: write it like 6/28 or 28.06.2026."),
        (5, "Date '5' is not a date: write it like 6/28 or 28.06.2026."),
        (True, "Date 'TRUE' is not a date: write it like 6/28 or 28.06.2026."),
        (float("nan"), "Date 'nan' is not a date: write it like 6/28 or 28.06.2026."),
        (
            "Dec 24",
            "Date 'Dec 24' could be Wed 24 Dec 2025 or Thu 24 Dec 2026: add the year.",
        ),
        (
            "Sat 6/26",
            "Date 'Sat 6/26': 26 Jun 2026 is a Friday, not a Saturday. Fix the day or the date.",
        ),
    ],
)
def test_impossible_or_unclear_date_asks_the_volunteer(typed: object, message: str) -> None:
    assert messages(date=typed) == [message]


@pytest.mark.parametrize(
    ("today", "typed", "expected"),
    [
        (date(2026, 1, 2), "12/30", date(2025, 12, 30)),
        (date(2026, 12, 30), "1/2", date(2027, 1, 2)),
        (date(2026, 12, 30), "Jan 2nd", date(2027, 1, 2)),
    ],
)
def test_date_without_a_year_takes_the_year_nearest_today(
    today: date, typed: str, expected: date
) -> None:
    parsed = parse_row({**ROW, "date": typed}, row_id="r1", today=today)
    assert parsed.attendee is not None
    assert parsed.attendee.session_date == expected


@pytest.mark.parametrize(
    ("typed", "shown", "when"),
    [
        ("6/24/2025", "Tue 24 Jun 2025", "ago"),
        ("6/24/1926", "Thu 24 Jun 1926", "ago"),
        ("6/24/2027", "Thu 24 Jun 2027", "ahead"),
        (36526, "Sat 1 Jan 2000", "ago"),
    ],
)
def test_date_far_from_today_asks_for_the_year(typed: object, shown: str, when: str) -> None:
    assert messages(date=typed) == [
        f"Date '{typed}' is {shown}, more than 6 months {when}: check the year."
    ]


def test_date_up_to_six_months_away_is_taken() -> None:
    assert attendee(date="1/1/2026").session_date == date(2026, 1, 1)
    assert attendee(date="12/1/2026").session_date == date(2026, 12, 1)


def test_bad_date_example_follows_the_clubs_date_order() -> None:
    parsed = parse({"date": "31/31"}, date_order="DMY")
    assert [input_problem(p) for p in parsed.problems] == [
        "Date '31/31' is not a date: write it like 28/6 or 28.06.2026."
    ]


def test_unknown_date_order_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="YMD"):
        parse(date_order="YMD")


# -- times --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6:30", time(6, 30)),
        ("06:30", time(6, 30)),
        ("6.30", time(6, 30)),
        ("0630", time(6, 30)),
        ("630", time(6, 30)),
        ("6:30am", time(6, 30)),
        ("6:30 PM", time(18, 30)),
        ("6:30 p.m.", time(18, 30)),
        ("18:00", time(18, 0)),
        ("6am", time(6, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("6:30:00 AM", time(6, 30)),  # Sheets' formatted time
        ("18h30", time(18, 30)),
        ("noon", time(12, 0)),
        ("'0630", time(6, 30)),
        (0.2708333333333333, time(6, 30)),  # a time cell: a fraction of a day
        (0.75, time(18, 0)),
        (630, time(6, 30)),  # "0630" typed into Sheets
        (6.3, time(6, 30)),  # "6.30" typed into Sheets
        (18, time(18, 0)),
        (time(6, 30, 15), time(6, 30)),
        (datetime(2026, 6, 28, 18, 0), time(18, 0)),
        ("", None),
        (None, None),
    ],
)
def test_time_is_read_in_every_form_volunteers_type(typed: object, expected: time | None) -> None:
    assert attendee(time=typed).session_time == expected


@pytest.mark.parametrize(
    "typed", ["25:00", "6:75", "13pm", "0am", "soon", "6:30:99", 2500, 6.75, 6.305, -0.5, True]
)
def test_impossible_time_asks_the_volunteer(typed: object) -> None:
    (message,) = messages(time=typed)
    assert message.startswith("Time '")
    assert message.endswith("is not a time: write it like 6:30, 6:30pm or 18:00.")


# -- emails -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ana @ x.org", "ana@x.org"),
        ("ana@ x.org", "ana@x.org"),
        ("ana@x. org", "ana@x.org"),  # the phone's space after a dot
        ("  ANA@X.ORG ", "ana@x.org"),
        ("Ana.Lee+swim@X.org", "ana.lee+swim@x.org"),
        ("ana@x.org.", "ana@x.org"),
        ("mailto:ana@x.org", "ana@x.org"),
        ("'ana@x.org", "ana@x.org"),
        ("ana\u200b@x.org", "ana@x.org"),  # a zero-width space from copy-paste
        ("JOSÉ@BÜCHER.DE", "josé@bücher.de"),
        ("用户@例子.广告", "用户@例子.广告"),
    ],
)
def test_email_is_trimmed_lowered_and_accepts_unicode(typed: str, expected: str) -> None:
    assert attendee(email=typed).email == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("ana@@x.org", "has more than one @"),
        ("ana@x", "is not valid"),
        ("ana.x.org", "has no @"),
        ("ana@gmail,com", "has a comma in it"),
        ("ana lee@x.org", "has a space in it"),
        ("ana@x..org", "is not valid"),
        ("ana@x.org; ben@x.org", "has more than one @"),
        (12, "has no @"),
        (True, "has no @"),
    ],
)
def test_email_with_a_typo_is_quoted_back_saying_what_is_wrong(typed: object, why: str) -> None:
    shown = "TRUE" if typed is True else str(typed)
    assert messages(email=typed) == [f"Email '{shown}' {why}: write it like ana@example.org."]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ana@gmial.con", "ana@gmail.com"),
        ("ana@gmail.co", "ana@gmail.com"),
        ("ana@hotmial.com", "ana@hotmail.com"),
        ("ana@example.cmo", "ana@example.com"),
        ("Ana@Example.ORGG", "ana@example.org"),
    ],
)
def test_email_with_a_mistyped_domain_suggests_the_address_meant(typed: str, meant: str) -> None:
    assert messages(email=typed) == [f"Email '{typed}' looks mistyped: did you mean {meant}?"]


def test_email_ending_in_one_letter_is_mistyped() -> None:
    assert messages(email="ana@example.c") == [
        "Email 'ana@example.c' looks mistyped: check the part after the @."
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "ana\uff20x.org",  # a fullwidth @ from a CJK keyboard
        "\uff41na@x.org",  # a fullwidth letter
        "“ana@x.org”",  # smart quotes around a pasted address
        '"ana@x.org"',
        "<ana@x.org>",
        "Ana Lee <ana@x.org>",  # pasted from a mail app
        "ana@x.org,",  # the comma of a pasted list
        "ana@x.org;",
        "ana@x.\u200dorg",  # a zero-width joiner
        "\u00a0ana@x.org\u00a0",  # non-breaking spaces
    ],
)
def test_email_as_phones_and_paste_deliver_it_is_the_plain_address(typed: str) -> None:
    assert attendee(email=typed).email == "ana@x.org"


# -- names and classes --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("Ana Lee", "Ana", "Lee"),
        ("  Ana   Lee ", "Ana", "Lee"),
        ("Ana\u00a0Lee", "Ana", "Lee"),
        ("Ana", "Ana", ""),
        ("Ana María de la Cruz", "Ana María de la", "Cruz"),
        ("Lee, Ana", "Ana", "Lee"),
        ("Ana Lee 🏊\u200d♀️", "Ana", "Lee 🏊\u200d♀️"),
        ("محمد علي", "محمد", "علي"),
        ("Ana\x00 Lee\n", "Ana", "Lee"),
        ("Cafe\u0301 Ole", "Café", "Ole"),  # NFC: one é, as Wix stores it
        ("'Ana Lee", "Ana", "Lee"),
        ("נועה כהן", "נועה", "כהן"),
        ("N/A", "N/A", ""),
    ],
)
def test_name_is_cleaned_and_split_into_first_and_last(
    typed: object, first: str, last: str
) -> None:
    person = attendee(name=typed)
    assert (person.first, person.last) == (first, last)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (1234, "Name '1234' has no letters: type the person's name."),
        (3, "Name '3' has no letters: type the person's name."),  # what "=1+2" shows
        ("🏊", "Name '🏊' has no letters: type the person's name."),
        ("?", "Name '?' has no letters: type the person's name."),
        (True, "Name 'TRUE' is a tick box: type the person's name."),
        ("+cmd", "Name '+cmd' is a formula: type the name itself."),
        ("-1+2", "Name '-1+2' has no letters: type the person's name."),
        ("-Ana", "Name '-Ana' is a formula: type the name itself."),
        ("@SUM(A1)", "Name '@SUM(A1)' is a formula: type the name itself."),
    ],
)
def test_name_that_names_nobody_asks_for_the_name(typed: object, message: str) -> None:
    assert messages(name=typed) == [message]


def test_class_name_is_trimmed_and_collapsed() -> None:
    assert attendee(class_name="  Open   Water Swim\t").class_name == "Open Water Swim"


# -- payments and plans -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cash", Payment.CASH),
        ("CASH ", Payment.CASH),
        ("Card", Payment.CASH),
        ("chq", Payment.CASH),
        ("Cheque", Payment.CASH),
        ("bank transfer", Payment.CASH),
        ("PAID", Payment.CASH),
        ("paid!", Payment.CASH),
        ("$", Payment.CASH),
        ("Plan", Payment.PLAN),
        ("pass", Payment.PLAN),
        ("MemberShip", Payment.PLAN),
        ("package", Payment.PLAN),
        ("", Payment.UNPAID),
        (None, Payment.UNPAID),
        ("unpaid", Payment.UNPAID),
        ("Not paid", Payment.UNPAID),
        ("not-paid", Payment.UNPAID),
        ("owes", Payment.UNPAID),
        ("Owing", Payment.UNPAID),
        ("later", Payment.UNPAID),
        ("cancel", Payment.CANCEL),
        ("Cancelled", Payment.CANCEL),
        ("canceled", Payment.CANCEL),
        ("Cancélled", Payment.CANCEL),
    ],
)
def test_payment_words_are_matched_loosely(typed: object, expected: Payment) -> None:
    assert attendee(payment=typed).payment == expected


@pytest.mark.parametrize(
    ("typed", "shown"), [("venmo", "venmo"), (True, "TRUE"), ("10 Swim Pass", "10 Swim Pass")]
)
def test_unknown_payment_lists_the_words_to_use(typed: object, shown: str) -> None:
    assert messages(payment=typed) == [
        f"Payment '{shown}' is not one of: cash, plan, unpaid, cancel."
    ]


@pytest.mark.parametrize(
    ("typed", "near"),
    [
        ("csah", "cash"),
        ("Cahs", "cash"),
        ("crad", "card"),
        ("pln", "plan"),
        ("unpiad", "unpaid"),
        ("Not payed", "not paid"),
        ("cancle", "canceled"),
    ],
)
def test_a_slip_of_one_word_is_suggested_and_never_taken(typed: str, near: str) -> None:
    parsed = parse({"payment": typed})
    assert parsed.attendee is None  # nothing goes to Wix for a guess
    assert [input_problem(p) for p in parsed.problems] == [
        f"Payment '{typed}' is not one of: cash, plan, unpaid, cancel. Did you mean {near}?"
    ]


def test_the_clubs_own_payment_words_are_suggested_as_the_owner_wrote_them() -> None:
    club = Vocabulary.from_config({"cash": ["Efectivo"]})
    parsed = parse({"payment": "efectivio"}, vocabulary=club)
    assert [input_problem(p) for p in parsed.problems] == [
        "Payment 'efectivio' is not one of: cash, plan, unpaid, cancel. Did you mean Efectivo?"
    ]
    # "blank" stands for an empty cell: it is never suggested
    assert Vocabulary.from_config({"unpaid": [""]}).nearest_payment("blnak") is None


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(15, "15"), (15.5, "15.5"), ("$15", "$15"), ("15,00", "15,00"), ("€ 15", "€ 15"),
     ("cash $15", "cash $15"), ("15 USD", "15 USD")],
)  # fmt: skip
def test_amount_in_payment_asks_for_the_word(typed: object, shown: str) -> None:
    assert messages(payment=typed) == [
        f"Payment '{shown}' has an amount in it: write just cash if they paid, or unpaid if "
        "they owe (Wix knows the price)."
    ]


@pytest.mark.parametrize(
    ("payment", "plan", "expected"),
    [
        ("plan", "  10  Swim Pass ", "10 Swim Pass"),
        ("plan", "", None),
        ("cash", "10 Swim Pass", None),  # a plan beside cash is ignored
        ("cash", LONG, None),
        ("unpaid", "=A1", None),
    ],
)
def test_plan_is_kept_only_for_plan_payments(payment: str, plan: str, expected: str | None) -> None:
    assert attendee(payment=payment, plan=plan).plan == expected


# -- attended -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (True, True),
        (False, False),
        ("x", True),
        ("X", True),
        ("yes", True),
        ("Y", True),
        ("✓", True),
        ("✔️", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        (1.0, True),
        ("came", True),
        ("Here", True),
        ("present", True),
        ("no", False),
        ("N", False),
        ("FALSE", False),
        ("0", False),
        (0, False),
        ("no-show", False),
        ("No Show", False),
        ("noshow", False),
        ("Absent", False),
        ("", None),
        (None, None),
    ],
)
def test_attended_variants(typed: object, expected: bool | None) -> None:
    assert attendee(attended=typed).attended is expected


@pytest.mark.parametrize(("typed", "shown"), [("maybe", "maybe"), (2, "2"), ("-", "-")])
def test_attended_word_not_understood_is_quoted_back(typed: object, shown: str) -> None:
    assert messages(attended=typed) == [
        f"Attended '{shown}' is not understood: tick the box, or write yes or no."
    ]


# -- whatever a cell may hold -------------------------------------------------------------
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"name": LONG}, ["Name is 50,000 characters long: shorten it to 200 at most."]),
        ({"class_name": "c" * 201}, ["Class is 201 characters long: shorten it to 200 at most."]),
        (
            {"payment": "plan", "plan": LONG},
            ["Plan is 50,000 characters long: shorten it to 200 at most."],
        ),
        ({"email": LONG}, [f"Email '{'x' * 39}…' is not valid: write it like ana@example.org."]),
        ({"date": LONG}, [f"Date '{'x' * 39}…' is not a date: write it like 6/28 or 28.06.2026."]),
        ({"payment": LONG}, [f"Payment '{'x' * 39}…' is not one of: cash, plan, unpaid, cancel."]),
        (
            {"name": '=HYPERLINK("https://swim.example.org","Ana Lee")'},
            [
                'Name \'=HYPERLINK("https://swim.example.org","…\' is a formula: '
                "type the name itself."
            ],
        ),
        ({"date": "=TODAY()"}, ["Date '=TODAY()' is a formula: type the date itself."]),
        ({"email": "'=1+1"}, ["Email '=1+1' is a formula: type the email itself."]),
        (
            {"name": "#NAME?"},
            [
                "Name shows the sheet error '#NAME?': type it again, with an apostrophe (') "
                "first if it starts with = + or -."
            ],
        ),
        (
            {"time": "line\none\ttwo"},
            ["Time 'line one two' is not a time: write it like 6:30, 6:30pm or 18:00."],
        ),
    ],
)
def test_any_cell_content_becomes_a_problem_never_an_exception(
    cells: dict[str, Any], expected: list[str]
) -> None:
    assert messages(**cells) == expected


def test_curly_apostrophe_of_smart_punctuation_is_dropped_like_the_plain_one() -> None:
    person = attendee(date="‘6/28", time="’06:30", name="‘Ana’ Lee")
    assert (person.session_date, person.session_time) == (date(2026, 6, 28), time(6, 30))
    assert person.first == "‘Ana’"  # a quote, not a text marker


def test_leading_apostrophe_marks_text_and_is_dropped() -> None:
    person = attendee(name="'Ana Lee", email="'ana@x.org", date="'2026-06-28", payment="'cash")
    assert (person.name, person.email, person.session_date) == (
        "Ana Lee",
        "ana@x.org",
        date(2026, 6, 28),
    )


# -- half-filled and blank rows -----------------------------------------------------------
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"name": "Ana Lee"}, ["Missing Date.", "Missing Class.", "Missing Email."]),
        ({"date": "today", "class_name": "Masters Swim"}, ["Missing Name.", "Missing Email."]),
        (
            {
                "name": "Ana",
                "email": "ana@@x.org",
                "date": "31/31",
                "payment": "venmo",
                "attended": "?",
            },
            [
                "Date '31/31' is not a date: write it like 6/28 or 28.06.2026.",
                "Missing Class.",
                "Email 'ana@@x.org' has more than one @: write it like ana@example.org.",
                "Payment 'venmo' is not one of: cash, plan, unpaid, cancel.",
                "Attended '?' is not understood: tick the box, or write yes or no.",
            ],
        ),
    ],
)
def test_half_filled_row_reports_every_problem_together(
    cells: dict[str, Any], expected: list[str]
) -> None:
    parsed = parse_row(cells, row_id="r1", today=TODAY)
    assert parsed.attendee is None
    assert [input_problem(p) for p in parsed.problems] == expected


@pytest.mark.parametrize(
    "cells",
    [
        {},
        dict.fromkeys(FIELDS, ""),
        dict.fromkeys(FIELDS),
        {**dict.fromkeys(FIELDS, "  "), "attended": False},  # an unticked checkbox
        {"name": "'", "status": "Booked", "row_id": "abc"},
    ],
)
def test_totally_blank_row_is_ignored_not_an_error(cells: dict[str, Any]) -> None:
    assert parse_row(cells, row_id="r1", today=TODAY) == Parsed(blank=True)


def test_ticked_checkbox_alone_is_not_blank() -> None:
    parsed = parse_row({"attended": True}, row_id="r1", today=TODAY)
    assert not parsed.blank
    assert parsed.problems


# -- the vocabulary -----------------------------------------------------------------------
def test_custom_vocabulary_adds_words_and_keeps_the_canonical_ones() -> None:
    club = Vocabulary.from_config({"cash": ["efectivo"], "plan": ["bono"]}, ["sí"], ["no vino"])
    assert attendee_with(club, payment="Efectivo", attended="SI").payment == Payment.CASH
    assert attendee_with(club, payment="cash", attended="No vino").attended is False
    assert attendee_with(club, payment="bono").payment == Payment.PLAN


def test_custom_vocabulary_without_blank_reports_a_missing_payment() -> None:
    club = Vocabulary.from_config({"unpaid": ["debe"]})
    parsed = parse({"payment": ""}, vocabulary=club)
    assert [input_problem(p) for p in parsed.problems] == ["Missing Payment."]


@pytest.mark.parametrize(
    ("payment", "yes", "no", "named"),
    [
        ({"cash": ["x"], "plan": ["X"]}, None, None, "'X' (plan) vs 'x' (cash)"),
        ({"plan": ["Cash"]}, None, None, "'Cash' (plan) vs 'cash' (cash)"),
        ({}, ["si"], ["SÍ"], "'SÍ' (did not come) vs 'si' (came)"),
        ({"cheque": ["chq"]}, None, None, "unknown payment 'cheque'"),
        ({"cash": ["!!"]}, None, None, "'!!' has no letters"),
    ],
)
def test_conflicting_vocabulary_is_refused_naming_the_words(
    payment: dict[str, list[str]], yes: list[str] | None, no: list[str] | None, named: str
) -> None:
    with pytest.raises(ValueError, match=named.replace("(", r"\(").replace(")", r"\)")):
        Vocabulary.from_config(payment, yes, no)


@pytest.mark.parametrize(
    ("a", "b"), [("Not paid", "notpaid"), ("NO-SHOW", "no show"), ("Cancélled", "cancelled")]
)
def test_matching_ignores_case_accents_spaces_and_punctuation(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def attendee_with(vocabulary: Vocabulary, **cells: Any) -> Attendee:
    parsed = parse(cells, vocabulary=vocabulary)
    assert parsed.attendee is not None, parsed.problems
    return parsed.attendee


# -- the sentences ------------------------------------------------------------------------
SENTENCES = [
    (ip.MissingField("Email"), "Missing Email."),
    (ip.TooLong("Name", 201), "Name is 201 characters long: shorten it to 200 at most."),
    (ip.Formula("Class", "=A2"), "Class '=A2' is a formula: type the class itself."),
    (
        ip.SheetError("Email", "#VALUE!"),
        "Email shows the sheet error '#VALUE!': type it again, with an apostrophe (') first "
        "if it starts with = + or -.",
    ),
    (ip.BadEmail("ana@@x.org"), "Email 'ana@@x.org' is not valid: write it like ana@example.org."),
    (
        ip.BadEmail("ana@gmial.com", "typo", "ana@gmail.com"),
        "Email 'ana@gmial.com' looks mistyped: did you mean ana@gmail.com?",
    ),
    (ip.NotAName("12"), "Name '12' has no letters: type the person's name."),
    (
        ip.FarDate("6/28/2062", date(2062, 6, 28), ahead=True),
        "Date '6/28/2062' is Wed 28 Jun 2062, more than 6 months ahead: check the year.",
    ),
    (ip.BadDate("31/31"), "Date '31/31' is not a date: write it like 6/28 or 28.06.2026."),
    (
        ip.AmbiguousDate("12/24", (date(2025, 12, 24), date(2026, 12, 24))),
        "Date '12/24' could be Wed 24 Dec 2025 or Thu 24 Dec 2026: add the year.",
    ),
    (
        ip.WeekdayMismatch("Sat 6/26", "Saturday", date(2026, 6, 26)),
        "Date 'Sat 6/26': 26 Jun 2026 is a Friday, not a Saturday. Fix the day or the date.",
    ),
    (ip.BadTime("25:00"), "Time '25:00' is not a time: write it like 6:30, 6:30pm or 18:00."),
    (
        ip.LabelConflict("Date", "6/28", "Sat 27 Jun"),
        "Date '6/28' is not the day of the session picked in Class (Sat 27 Jun): empty Date, "
        "or pick the right session.",
    ),
    (
        ip.UnknownPayment("venmo", DEFAULT_VOCABULARY.payment_names),
        "Payment 'venmo' is not one of: cash, plan, unpaid, cancel.",
    ),
    (
        ip.UnknownPayment("$15", DEFAULT_VOCABULARY.payment_names, amount=True),
        "Payment '$15' has an amount in it: write just cash if they paid, or unpaid if they "
        "owe (Wix knows the price).",
    ),
    (
        ip.BadAttended("maybe"),
        "Attended 'maybe' is not understood: tick the box, or write yes or no.",
    ),
    (
        ip.SameSeat(8),
        "Same person and session as row 8: delete this row, or fix the name, email, class or date.",
    ),
    (
        ip.AfterCancel(4),
        "Row 4 cancels this person's booking for this session first; this row is booked once "
        "that is done (a cycle later).",
    ),
    (
        ip.HeldByDeletedRow("Zoe Quinn", "b-1"),
        "Zoe Quinn is still booked for this session in Wix (booking b-1), by a row since "
        "deleted: deleting a row cancels nothing. If they are not coming, add a row for them "
        "with Payment cancel; if that row was deleted by mistake, type it again.",
    ),
    (
        ip.MovedBooking("ana@x.org|open water swim|2026-06-15|"),
        "This row was booked for another person, class or date; Wix was not changed. To move "
        "it: put the old details back and set Payment to cancel, then add a new row.",
    ),
]


@pytest.mark.parametrize(("problem", "sentence"), SENTENCES)
def test_each_problem_reads_as_a_plain_sentence(problem: ip.InputProblem, sentence: str) -> None:
    assert input_problem(problem) == sentence


def test_every_problem_type_has_its_own_sentence() -> None:
    assert {type(p) for p, _ in SENTENCES} == set(ip.InputProblem.__subclasses__())


def test_problems_carry_data_not_sentences() -> None:
    for problem, _ in SENTENCES:
        assert fields(problem), type(problem).__name__


# -- whatever the cells hold, the parser answers -----------------------------------------
PLAUSIBLE = st.sampled_from(
    ["today", "Sat", "6/28", "28.6.", "6:30", "cash", "plan", "ana@x.org", "Ana Lee", "x", "'"]
)
CELLS = st.one_of(
    st.none(),
    st.text(max_size=80),
    PLAUSIBLE,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.dictionaries(st.sampled_from((*FIELDS, "status")), CELLS),
    order=st.sampled_from(["MDY", "DMY"]),
)
def test_parser_never_raises_and_answers_attendee_or_problems(
    cells: dict[str, Any], order: str
) -> None:
    parsed = parse_row(cells, row_id="r1", today=TODAY, date_order=order)
    if parsed.blank:
        assert parsed.attendee is None
        assert parsed.problems == ()
    else:
        assert (parsed.attendee is None) == bool(parsed.problems)
    for problem in parsed.problems:
        sentence = input_problem(problem)
        assert sentence != FALLBACK
        assert len(sentence) < 250


def test_an_email_with_a_look_alike_letter_of_another_alphabet_is_refused() -> None:
    """A Cyrillic "а" in "аna.lee@…" reads like Ana's address but is another one: Wix
    would make a second contact (issue 14)."""
    from sync import words
    from sync.engine.parse import parse_row

    cells = {
        "date": "6/15",
        "class_name": "Open Water Swim",
        "name": "Ana Lee",
        "email": "\u0430na.lee@example.org",
        "payment": "cash",
    }
    parsed = parse_row(cells, row_id="r1", today=date(2026, 6, 15))
    assert parsed.attendee is None
    (problem,) = parsed.problems
    assert "two alphabets" in words.input_problem(problem)
    accented = parse_row(
        {**cells, "email": "josé@example.org"}, row_id="r2", today=date(2026, 6, 15)
    )
    assert accented.attendee is not None, "one script with accents is fine"
