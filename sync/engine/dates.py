"""Dates and times as volunteers type them on phones, and as sheets hand them over.

A closed list of forms, on purpose (no guessing library): a typo must become a question to
the volunteer, never a booking on the wrong day.

Dates: a date cell; a Sheets/Excel serial number; "today", "yesterday", "tomorrow"; a
weekday ("Sat": the most recent one, today included); ISO "2026-06-28"; "6/28", "6/28/26",
"6/28/2026" (month first for "MDY", day first for "DMY"; when only the other reading is a
real date, that one); dotted "28.06.2026", "28.6." (always day first); month names ("Jun
28", "28 June", "June 28th, 2026", "Sat 28 Jun"). Without a year, the year that puts the
date nearest to today. A time after a date ("6/28/2026 6:30:00") is ignored.

Times: a time cell; a fraction of a day (0.2708… = 6:30); what Sheets makes of typed
numbers (630 → 6:30, 6.3 → 6:30, 18 → 18:00); "6:30", "06:30", "6.30", "0630", "18h30",
"6:30am", "6:30 PM", "6am", "6:30:00 AM", "noon".
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from sync.engine.input_problems import (
    AmbiguousDate,
    BadDate,
    BadTime,
    InputProblem,
    WeekdayMismatch,
)

EPOCH = date(1899, 12, 30)  # day 0 of Sheets and Excel serial dates
SERIALS = (date(2000, 1, 1), date(2100, 1, 1))  # plausible serial dates
AMBIGUOUS_DAYS = 31  # a year-less date this close to halfway between two years is asked
DATE_ORDERS = ("MDY", "DMY")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})?)?")
_TRAILING_TIME = re.compile(r"(?:\s+|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?|z)?$")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?(?::(?P<s>\d{2}))?h?(?P<half>[ap]m?)?")
_HHMM = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})(?P<half>[ap]m?)?")
_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}

Found = date | InputProblem | None  # None: not this form


# -- dates ----------------------------------------------------------------------------------
def read_date(value: object, shown: str, *, today: date, order: str) -> date | InputProblem:
    """A non-blank Date cell → the session's date, or what is wrong with it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return BadDate(shown, order)
    if isinstance(value, int | float):
        return _serial(value) or BadDate(shown, order)
    if isinstance(value, str) and len(value) <= 60:
        found = _date_text(value, shown, today, order)
        if found is not None:
            return found
    return BadDate(shown, order)


def _serial(number: float) -> date | None:
    low, high = ((d - EPOCH).days for d in SERIALS)
    if not low <= number < high:  # also NaN, infinities and huge integers
        return None
    return EPOCH + timedelta(days=math.floor(number))


def _date_text(text: str, shown: str, today: date, order: str) -> Found:
    text = _TRAILING_TIME.sub("", " ".join(text.casefold().split()))
    if text in RELATIVE:
        return _shift(today, RELATIVE[text])
    weekday, rest = _leading_weekday(text)
    if weekday is not None and not rest:
        return _shift(today, -((today.weekday() - weekday) % 7))
    found = (
        _iso(rest, shown, order)
        or _numeric(rest, shown, today, order)
        or _dotted(rest, shown, today, order)
        or _named(rest, shown, today, order)
    )
    if isinstance(found, date) and weekday is not None and found.weekday() != weekday:
        return WeekdayMismatch(shown, WEEKDAYS[weekday].title(), found)
    return found


def _leading_weekday(text: str) -> tuple[int | None, str]:
    first, _, rest = text.partition(" ")
    weekday = _weekday(first.strip(",."))
    return (weekday, rest.strip(" ,")) if weekday is not None else (None, text)


def _weekday(word: str) -> int | None:
    word = "wednesday" if word == "weds" else word
    if len(word) < 3 or not word.isalpha():
        return None
    matches = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _month(word: str) -> int | None:
    if len(word) < 3 or not word.isalpha():
        return None
    matches = [i + 1 for i, name in enumerate(MONTHS) if name.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _iso(text: str, shown: str, order: str) -> Found:
    match = _ISO.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return _make(year, month, day) or BadDate(shown, order)


def _numeric(text: str, shown: str, today: date, order: str) -> Found:
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), match[3]
    month, day = (first, second) if order == "MDY" else (second, first)
    if not _make(2000, month, day) and _make(2000, day, month):
        month, day = day, month  # "28/6" with month first: only June 28 is a date
    return _complete(month, day, year, shown, today, order)


def _dotted(text: str, shown: str, today: date, order: str) -> Found:
    match = _DOTTED.fullmatch(text)
    if not match:
        return None
    return _complete(int(match[2]), int(match[1]), match[3], shown, today, order)


def _named(text: str, shown: str, today: date, order: str) -> Found:
    words = [w for w in re.split(r"[\s,./-]+", _ORDINAL.sub(r"\1", text)) if w and w != "of"]
    if len(words) not in (2, 3):
        return None
    for month_at, day_at in ((0, 1), (1, 0)):
        month = _month(words[month_at])
        if month is not None and words[day_at].isdecimal() and len(words[day_at]) <= 2:
            year = words[2] if len(words) == 3 else None
            if year is not None and not (year.isdecimal() and len(year) in (2, 4)):
                return None
            return _complete(month, int(words[day_at]), year, shown, today, order)
    return None


def _complete(
    month: int, day: int, year: str | None, shown: str, today: date, order: str
) -> date | InputProblem:
    if year is None:
        return _nearest(month, day, shown, today, order)
    full = int(year) + (2000 if len(year) == 2 else 0)
    return _make(full, month, day) or BadDate(shown, order)


def _nearest(month: int, day: int, shown: str, today: date, order: str) -> date | InputProblem:
    """The year that puts month/day nearest to today; asked when two are about as near."""
    years = (today.year - 1, today.year, today.year + 1)
    candidates = sorted(
        (d for d in (_make(y, month, day) for y in years) if d),
        key=lambda d: abs((d - today).days),
    )
    if not candidates:
        return BadDate(shown, order)
    if len(candidates) > 1:
        first, second = (abs((d - today).days) for d in candidates[:2])
        if second - first < AMBIGUOUS_DAYS:
            return AmbiguousDate(shown, tuple(sorted(candidates[:2])))
    return candidates[0]


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # only at the ends of the calendar
        return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- times ----------------------------------------------------------------------------------
def read_time(value: object, shown: str) -> time | InputProblem:
    """A non-blank Time cell → the session's start time, or what is wrong with it."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, bool):
        return BadTime(shown)
    if isinstance(value, int | float):
        return _time_number(value) or BadTime(shown)
    if isinstance(value, str) and len(value) <= 30:
        return _time_text(value) or BadTime(shown)
    return BadTime(shown)


def _time_number(number: float) -> time | None:
    """Sheets turns a typed "6:30" into 0.2708…, "0630" into 630 and "6.30" into 6.3."""
    if not 0 <= number < 1e6:  # also NaN, infinities and huge integers
        return None
    if number < 1:
        minutes = round(number * 24 * 60)
        return time(*divmod(minutes, 60)) if minutes < 24 * 60 else None
    if float(number).is_integer():
        whole = int(number)
        if whole < 24:
            return _clock(whole, 0)
        return _clock(*divmod(whole, 100)) if 100 <= whole < 2400 else None
    hundredths = round(number * 100)
    if number >= 24 or abs(number * 100 - hundredths) > 1e-6:
        return None
    return _clock(*divmod(hundredths, 100))


def _time_text(text: str) -> time | None:
    text = re.sub(r"\s+", "", text.casefold())
    text = re.sub(r"([ap])\.?m\.?$", r"\1m", text)
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    match = _CLOCK.fullmatch(text) or _HHMM.fullmatch(text)
    if not match:
        return None
    groups = match.groupdict()
    hour, minute = int(groups["h"]), int(groups["m"] or 0)
    if int(groups.get("s") or 0) > 59:
        return None
    half = groups["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    return _clock(hour, minute)


def _clock(hour: int, minute: int) -> time | None:
    return time(hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None
