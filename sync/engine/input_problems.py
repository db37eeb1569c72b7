"""What is wrong with what a volunteer typed in a row, as types carrying data.

Each problem keeps the value as it was typed (or the column's header, for a missing or
too long one); ``sync.words.input_problem`` turns it into a sentence for the Error column.
Nothing here is sent to Wix: a row with a problem waits until a person edits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InputProblem:
    """Base of every problem found while reading a row's cells."""


@dataclass(frozen=True)
class MissingField(InputProblem):
    field_header: str  # "Email"


@dataclass(frozen=True)
class TooLong(InputProblem):
    field_header: str
    length: int
    limit: int = 200


@dataclass(frozen=True)
class Formula(InputProblem):
    """A formula's text ("=HYPERLINK(…)") where a plain value belongs."""

    field_header: str
    value: str


@dataclass(frozen=True)
class SheetError(InputProblem):
    """The sheet shows an error value (``#NAME?``), usually text that began with = + -."""

    field_header: str
    value: str


@dataclass(frozen=True)
class BadEmail(InputProblem):
    value: str
    #: why, when it is plain: "no_at", "many_at", "space", "comma", "typo" ("" = not clear)
    reason: str = ""
    suggestion: str = ""  # for a typo of a well-known domain: the address they meant


@dataclass(frozen=True)
class NotAName(InputProblem):
    """A Name with no letter in it (a number, a formula's result, only emoji) or a tick box."""

    value: str
    checkbox: bool = False


@dataclass(frozen=True)
class BadDate(InputProblem):
    value: str
    date_order: str = "MDY"  # so the example in the message is written the club's way


@dataclass(frozen=True)
class FarDate(InputProblem):
    """A real date more than half a year from today: nearly always a mistyped year."""

    value: str
    actual: date
    ahead: bool


@dataclass(frozen=True)
class AmbiguousDate(InputProblem):
    """A date without a year about halfway between two of its occurrences."""

    value: str
    options: tuple[date, ...]


@dataclass(frozen=True)
class WeekdayMismatch(InputProblem):
    """ "Sat 6/26" when 6/26 is a Friday: which one did they mean?"""

    value: str
    weekday: str  # the day written, e.g. "Saturday"
    actual: date  # the date written


@dataclass(frozen=True)
class BadTime(InputProblem):
    value: str


@dataclass(frozen=True)
class LabelConflict(InputProblem):
    """A session picked in Class ("Sat 28 Apr 06:30 · Open Water Swim · 42/150") and a Date
    or Time cell that names another day or time."""

    field_header: str  # "Date" or "Time"
    value: str  # what the Date or Time cell holds
    session: str  # what the picked session says: "Sat 28 Apr" or "06:30"


@dataclass(frozen=True)
class UnknownPayment(InputProblem):
    value: str
    known: tuple[str, ...]
    amount: bool = False  # "$15", "15,00", "cash 15 €": an amount, not a payment word
    near: str | None = None  # the Payment word it is likely a slip for ("csah" → cash)


@dataclass(frozen=True)
class BadAttended(InputProblem):
    value: str


@dataclass(frozen=True)
class SameSeat(InputProblem):
    """Another row asks for the same person (email and name) and session. ``row`` is the
    sheet row number, as it is now, of the row that keeps the seat: the one holding the
    booking, else the first (so the sentence is the same before and after it is booked)."""

    row: int


@dataclass(frozen=True)
class AfterCancel(InputProblem):
    """Another row, now set to cancel, holds the booking for this row's person and session:
    this cycle cancels it, and this row is booked at the next one. ``row``: that row's
    number as it is now."""

    row: int


@dataclass(frozen=True)
class HeldByDeletedRow(InputProblem):
    """Not a problem with the row's cells: the row's cancel is done (or found nothing to
    cancel), but a booking for the same person and session, made by a row since deleted
    from the sheet, is still active in Wix (a deleted row cancels nothing)."""

    name: str
    booking_id: str


@dataclass(frozen=True)
class MovedBooking(InputProblem):
    """A booked row whose person, class or date was changed: Wix is not changed. ``was`` is
    what the booking is for (``sync.engine.planner.identity``)."""

    was: str
