"""One sheet row's cells → the :class:`Attendee` it asks for, or every problem it has.

Pure: no I/O, and it never raises on what a cell holds (50,000 characters, a formula, a
float, a checkbox…): it returns problems, all of them at once, so the volunteer fixes the
row in one go. A row with nothing typed in it is ``blank`` (ignored, not an error); an
unticked Attended checkbox alone counts as nothing typed.

Cells arrive typed as Google (UNFORMATTED values: str, int, float, bool) or an ``.xlsx``
(also datetime, date, time) gives them. A leading apostrophe, Sheets' "this is text"
marker, is dropped first (and ‘ or ’, what a phone's smart punctuation makes of it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from email_validator import validate_email

from sync.engine.dates import DATE_ORDERS, read_date, read_time
from sync.engine.input_problems import (
    AmbiguousDate,
    BadAttended,
    BadDate,
    BadEmail,
    BadTime,
    FarDate,
    Formula,
    InputProblem,
    LabelConflict,
    MissingField,
    NotAName,
    SheetError,
    TooLong,
    UnknownPayment,
    WeekdayMismatch,
)
from sync.engine.session_label import SessionLabel, read_label
from sync.engine.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from sync.flows.attendee import Attendee, Payment
from sync.sheet.columns import DEFAULT_COLUMNS

__all__ = [
    "AmbiguousDate",
    "BadAttended",
    "BadDate",
    "BadEmail",
    "BadTime",
    "FarDate",
    "Formula",
    "InputProblem",
    "LabelConflict",
    "MissingField",
    "NotAName",
    "Parsed",
    "SheetError",
    "TooLong",
    "UnknownPayment",
    "WeekdayMismatch",
    "parse_row",
]

#: the volunteer's columns, in sheet order (problems are reported in this order)
FIELDS = ("date", "time", "class_name", "name", "email", "payment", "plan", "attended")
HEADERS = {c.key: c.header for c in DEFAULT_COLUMNS}
MAX_TEXT = 200  # characters in a name, a class or a plan
MAX_EMAIL = 320
FAR_DAYS = 183  # a session date further from today than this is a mistyped year
SHEET_ERRORS = frozenset(
    ("#NAME?", "#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#ERROR!", "#NUM!", "#NULL!", "#SPILL!")
)
# invisible characters phones and copy-paste leave behind; ZWJ/ZWNJ stay (emoji, Persian)
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# an address pasted from a mail app: "Ana Lee <ana@x.org>", "<ana@x.org>"
_DISPLAY_NAME = re.compile(r"[^<>@]*<([^<>]*)>")
_QUOTES = "\"'“”‘’«»()[]"
# misspellings of the domains most swimmers use, and endings no address has
DOMAIN_TYPOS = {
    **dict.fromkeys(
        ("gmial.com", "gmai.com", "gmal.com", "gamil.com", "gnail.com", "gmaill.com", "gmail.co"),
        "gmail.com",
    ),
    **dict.fromkeys(("hotmial.com", "hotmal.com", "hotmai.com", "hotmail.co"), "hotmail.com"),
    **dict.fromkeys(("yahooo.com", "yaho.com", "yhoo.com", "yahoo.co"), "yahoo.com"),
    **dict.fromkeys(("outlok.com", "outloo.com", "outlook.co"), "outlook.com"),
    **dict.fromkeys(("iclod.com", "icoud.com", "icloud.co"), "icloud.com"),
}
ENDING_TYPOS = {
    **dict.fromkeys(("con", "cmo", "ocm", "vom", "xom", "comm", "coom"), "com"),
    **dict.fromkeys(("orgg", "ogr", "rog"), "org"),
    **dict.fromkeys(("nte", "nett"), "net"),
}
# an amount where a payment word belongs: "$15", "15,00", "15 €", "cash $15"
_AMOUNT = re.compile(
    r"^\s*\d[\d.,\s]*$|[$€£¥₹]\s*\d|\d\s*(?:[$€£¥₹]|usd\b|eur\b|gbp\b|dollars?\b|euros?\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Parsed:
    """``attendee`` is set exactly when the row is not blank and has no problem."""

    attendee: Attendee | None = None
    problems: tuple[InputProblem, ...] = ()
    blank: bool = False
    #: the session's date when the Date cell (or the Class label) read as one, also when
    #: another cell did not: a row before the start date is left alone either way
    session_date: date | None = None


@dataclass(frozen=True)
class _Context:
    today: date
    order: str
    vocabulary: Vocabulary


Reader = Callable[[object, _Context], Any]  # the value, None, or an InputProblem


def parse_row(
    cells: Mapping[str, object],
    *,
    row_id: str,
    today: date,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    date_order: str = "MDY",
) -> Parsed:
    """Read a row's volunteer cells (keys as in ``sync.sheet.columns``; others ignored)."""
    order = date_order.upper()
    if order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    memo = _memo(vocabulary)
    context = None
    values: dict[str, object] = {}
    read: dict[str, Any] = {}
    for key in FIELDS:
        raw = cells.get(key)
        seen = (key, type(raw), raw, today, order) if key == "date" else (key, type(raw), raw)
        found = memo.get(seen)
        if found is None:
            context = context or _Context(today, order, vocabulary)
            value = _prepare(raw)
            found = _keep(memo, seen, (value, _read(key, value, context)))
        values[key], read[key] = found
    if _is_blank(values):
        return Parsed(blank=True)
    if read["payment"] is not Payment.PLAN:
        read["plan"] = None
    label = _label(values["class_name"], today, order, memo)
    if label is not None:
        _take_session(read, values, label)
    problems = tuple(read[k] for k in FIELDS if isinstance(read[k], InputProblem))
    if problems:
        day = read["date"] if isinstance(read["date"], date) else None
        return Parsed(problems=problems, session_date=day)
    if read["payment"] is Payment.CASH:
        said = values["payment"]
        seen = ("method", type(said), said)
        read["method"] = memo.get(seen) or _keep(memo, seen, vocabulary.method(as_text(said)))
    return Parsed(_attendee(row_id, read), session_date=read["date"])


def _attendee(row_id: str, read: dict[str, Any]) -> Attendee:
    first, last = read["name"]
    return Attendee(
        row_id=row_id,
        first=first,
        last=last,
        email=read["email"],
        class_name=read["class_name"],
        session_date=read["date"],
        payment=read["payment"],
        session_time=read["time"],
        plan=read["plan"],
        attended=read["attended"],
        method=read.get("method", "cash"),
    )


def _label(value: object, today: date, order: str, memo: dict[Any, Any]) -> SessionLabel | None:
    seen = ("label", type(value), value, today, order)
    found = memo.get(seen, _UNREAD)
    if found is _UNREAD:
        plain = isinstance(value, str) and not _not_plain("class_name", value)
        found = _keep(memo, seen, read_label(value, today=today, order=order) if plain else None)
    return found  # type: ignore[no-any-return]


def _take_session(read: dict[str, Any], values: Mapping[str, object], label: SessionLabel) -> None:
    """A session picked from the Class dropdown gives the class, and the date and time when
    their cells are empty; a Date or Time that says another day or time is a problem."""
    read["class_name"] = label.class_name
    said = {"date": (label.day, f"{label.day:%a} {label.day.day} {label.day:%b}")}
    said["time"] = (label.at, label.at.strftime("%H:%M"))
    for key, (wanted, shown) in said.items():
        if _is_empty(values[key]):
            read[key] = wanted
        elif not isinstance(read[key], InputProblem) and read[key] != wanted:
            read[key] = LabelConflict(HEADERS[key], as_text(values[key]), shown)


# -- cells ----------------------------------------------------------------------------------
def _prepare(value: object) -> object:
    """Strings lose surrounding spaces, invisible characters and a leading apostrophe (also
    the curly one a phone's smart punctuation makes of it, unless it opens a quote)."""
    if not isinstance(value, str):
        return value
    text = _INVISIBLE.sub("", value).strip()
    curly = text[:1] in "‘’" and "’" not in text[1:]
    return text[1:].strip() if text.startswith("'") or curly else text


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def _is_blank(values: Mapping[str, object]) -> bool:
    unticked = values["attended"] is False
    return all(_is_empty(v) or (k == "attended" and unticked) for k, v in values.items())


def as_text(value: object) -> str:
    """A cell as the volunteer sees it, to quote it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) and value.bit_length() > 256:
        return "(a very long number)"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _clean(text: str) -> str:
    """NFC, no control characters, one space between words."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


def _not_plain(key: str, value: object) -> InputProblem | None:
    if not isinstance(value, str):
        return None
    if value.startswith("="):
        return Formula(HEADERS[key], value)
    if value.upper() in SHEET_ERRORS:
        return SheetError(HEADERS[key], value)
    return None


# -- fields ---------------------------------------------------------------------------------
def _read(key: str, value: object, context: _Context) -> Any:
    """One field: None for an optional blank, the value, or an InputProblem."""
    return _not_plain(key, value) or READERS[key](value, context)


# -- each cell read once ----------------------------------------------------------------------
# A season repeats its dates, classes, names, emails and payment words again and again: each
# cell is read once per distinct value (a date's reading, and a Class label's, also per day
# and date order), per vocabulary, and found again at the cost of a look-up — in the first
# cycle after a start, and for the rows a new day reads again. Every reading is immutable.
_MEMO_MAX = 100_000  # readings kept per vocabulary (some 20 MB at most); then it starts again
_MEMOS: dict[int, tuple[Vocabulary, dict[Any, Any]]] = {}
_UNREAD = object()


def _memo(vocabulary: Vocabulary) -> dict[Any, Any]:
    """The readings made with ``vocabulary`` (held here, so its id is not reused meanwhile)."""
    found = _MEMOS.get(id(vocabulary))
    if found is None or found[0] is not vocabulary:
        if len(_MEMOS) >= 8:  # a process uses one or two; tests make many
            _MEMOS.clear()
        found = _MEMOS[id(vocabulary)] = (vocabulary, {})
    return found[1]


def _keep(memo: dict[Any, Any], seen: tuple[Any, ...], reading: Any) -> Any:
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[seen] = reading
    return reading


def _date(value: object, context: _Context) -> Any:
    if _is_empty(value):
        return MissingField(HEADERS["date"])
    shown = as_text(value)
    found = read_date(value, shown, today=context.today, order=context.order)
    if isinstance(found, date) and abs((found - context.today).days) > FAR_DAYS:
        return FarDate(shown, found, found > context.today)
    return found


def _time(value: object, _context: _Context) -> Any:
    return None if _is_empty(value) else read_time(value, as_text(value))


def _text_field(key: str, required: bool) -> Reader:
    def read(value: object, _context: _Context) -> Any:
        text = _clean(as_text(value))
        if not text:
            return MissingField(HEADERS[key]) if required else None
        return TooLong(HEADERS[key], len(text), MAX_TEXT) if len(text) > MAX_TEXT else text

    return read


def _name(value: object, context: _Context) -> Any:
    if isinstance(value, bool):
        return NotAName(as_text(value), checkbox=True)
    text = _name_text(value, context)
    if not isinstance(text, str):
        return text
    if not any(unicodedata.category(c).startswith("L") for c in text):
        return NotAName(text)  # "12345", "3" (from "=1+2"), "-1+2", "?", only emoji
    if len(text) > 1 and text[0] in "+-@" and not text[1].isspace():
        return Formula(HEADERS["name"], text)  # "+cmd", "@SUM(A1)": never a name
    return _split_name(text)


def _split_name(name: str) -> tuple[str, str]:
    """First and last name: "Ana María Lee" → ("Ana María", "Lee"), "Lee, Ana" → ("Ana",
    "Lee"), "Ana" → ("Ana", ""). The last name is the last word with a letter in it; emoji
    after it stay with it."""
    name = name.strip(" ,")
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last:
            return first, last
    words = name.split(" ")
    lettered = [i for i, w in enumerate(words) if any(c.isalpha() for c in w)]
    if not lettered or lettered[-1] == 0:
        return name, ""
    at = lettered[-1]
    return " ".join(words[:at]), " ".join(words[at:])


_name_text = _text_field("name", required=True)


def _email(value: object, _context: _Context) -> Any:
    typed = as_text(value)
    # NFKC: the fullwidth "＠" and letters of CJK keyboards; then no invisible format marks
    text = _clean(unicodedata.normalize("NFKC", typed))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    if not text:
        return MissingField(HEADERS["email"])
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    pasted = _DISPLAY_NAME.fullmatch(text)
    text = (pasted[1] if pasted else text).strip(_QUOTES + " ")
    text = re.sub(r"\s*([@.])\s*", r"\1", text).rstrip(".,;:")  # "ana @ x. org", as phones type
    if len(text) > MAX_EMAIL:
        return BadEmail(typed)
    reason = _email_reason(text)
    if reason:
        return BadEmail(typed, reason)
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except ValueError:  # EmailNotValidError, and any codec error underneath it
        return BadEmail(typed)
    email = checked.normalized.lower()
    if _mixed_scripts(email):  # a Cyrillic "а" in a Latin address: a second contact
        return BadEmail(typed, "mixed_script")
    meant = _meant(email)
    return BadEmail(typed, "typo", meant) if meant is not None else email


def _mixed_scripts(email: str) -> bool:
    """Letters of more than one script in one part of the address (a homoglyph: "аna" with
    a Cyrillic "а" looks like "ana" but is another address, so another contact)."""
    for part in email.split("@"):
        scripts = {
            unicodedata.name(c, "?").split(" ")[0] for c in part if c.isalpha()
        }  # fmt: skip
        if len(scripts) > 1:
            return True
    return False


def _email_reason(text: str) -> str:
    ats = text.count("@")
    if ats != 1:
        return "no_at" if ats == 0 else "many_at"
    return "space" if " " in text else "comma" if "," in text else ""


def _meant(email: str) -> str | None:
    """The address a typo of a well-known domain or ending stands for ("" when the ending
    is wrong but the right one is unclear); None when nothing looks mistyped."""
    local, _, domain = email.rpartition("@")
    name, _, ending = domain.rpartition(".")
    fixed = f"{name}.{ENDING_TYPOS.get(ending, ending)}"
    fixed = DOMAIN_TYPOS.get(fixed, fixed)
    if fixed != domain:
        return f"{local}@{fixed}"
    return "" if len(ending) < 2 else None


def _payment(value: object, context: _Context) -> Any:
    vocabulary = context.vocabulary
    if _is_empty(value):
        return vocabulary.blank_payment or MissingField(HEADERS["payment"])
    text = as_text(value)
    payment = vocabulary.payment(text)
    if payment is not None:
        return payment
    amount = bool(_AMOUNT.search(text[:100]))
    near = None if amount else vocabulary.nearest_payment(text)
    return UnknownPayment(text, vocabulary.payment_names, amount=amount, near=near)


def _attended(value: object, context: _Context) -> Any:
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        return value  # a checkbox
    text = as_text(value)
    came = context.vocabulary.attended(text)
    return BadAttended(text) if came is None else came


READERS: dict[str, Reader] = {
    "date": _date,
    "time": _time,
    "class_name": _text_field("class_name", required=True),
    "name": _name,
    "email": _email,
    "payment": _payment,
    "plan": _text_field("plan", required=False),
    "attended": _attended,
}
