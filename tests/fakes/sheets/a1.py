"""A1 notation, as the Sheets API reads it (reference §4.3).

::

    range := sheet | [sheet "!"] area
    sheet := "'" (char-except-' | "''")* "'" | bare-name
    area  := cell | cell ":" cell | col ":" col | row ":" row | cell ":" col | cell ":" row
    cell  := col row ;  col := [A-Za-z]{1,3} (bijective base 26)  ;  row := [1-9][0-9]*

Everything here is pure: it turns text into an :class:`Area` (0-based, half-open, ``None``
for an unbounded side, exactly like a ``GridRange``) and back. Which sheet a name means, and
what the grid clamps an open side to, is the models' business.

Not simulated: R1C1 notation (gspread never sends it), named ranges (a bare token that is not
an area is looked up as a sheet title only), and the lone-column / lone-row forms ``A`` and
``5`` without a colon (refused: Google documents only the colon forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ZZZ, the widest column Google Sheets allows (18,278 columns).
MAX_COLUMN = 18278

_CELL = re.compile(r"^([A-Za-z]{1,3})([1-9][0-9]*)$")
_COL = re.compile(r"^([A-Za-z]{1,3})$")
_ROW = re.compile(r"^([1-9][0-9]*)$")
_BARE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_R1C1 = re.compile(r"^[Rr][0-9]*[Cc][0-9]*$")


class A1Error(ValueError):
    """The text is not A1 notation the fake understands."""


@dataclass(frozen=True)
class Area:
    """A rectangle of a sheet: 0-based, half-open; ``None`` = unbounded on that side."""

    row0: int | None = None
    row1: int | None = None
    col0: int | None = None
    col1: int | None = None

    @property
    def is_cell(self) -> bool:
        return (
            self.row0 is not None
            and self.col0 is not None
            and self.row1 == self.row0 + 1
            and self.col1 == self.col0 + 1
        )

    def to_grid_range(self) -> dict[str, int]:
        """The ``GridRange`` fields for this area (unbounded sides left out, like gspread)."""
        fields = {
            "startRowIndex": self.row0,
            "endRowIndex": self.row1,
            "startColumnIndex": self.col0,
            "endColumnIndex": self.col1,
        }
        return {name: value for name, value in fields.items() if value is not None}


WHOLE_SHEET = Area()


@dataclass(frozen=True)
class ParsedRange:
    """``sheet`` is the title as written (quotes removed), or ``None`` when absent.

    ``area`` is ``None`` when the text has no area part (``'Sheet1'``, or a bare token that
    is not an area and so can only be a sheet title)."""

    sheet: str | None
    area: Area | None


def column_index(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``ZZZ`` → 18278 (bijective base 26)."""
    if not letters or not letters.isascii() or not letters.isalpha():
        raise A1Error(f"not a column: {letters!r}")
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number


def column_letters(number: int) -> str:
    """1 → ``A``, 27 → ``AA``: the inverse of :func:`column_index`."""
    if number < 1:
        raise A1Error(f"columns start at 1, not {number}")
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based ``(row, col)`` → ``B3``."""
    return f"{column_letters(col + 1)}{row + 1}"


def split_sheet(text: str) -> tuple[str | None, str | None, bool]:
    """``'Jon''s'!A1`` → ``("Jon's", "A1", True)``; the flag says the title was quoted."""
    if text.startswith("'"):
        index, title = 1, []
        while index < len(text):
            char = text[index]
            if char == "'":
                if text[index + 1 : index + 2] == "'":
                    title.append("'")
                    index += 2
                    continue
                rest = text[index + 1 :]
                if rest == "":
                    return "".join(title), None, True
                if rest.startswith("!"):
                    return "".join(title), rest[1:], True
                raise A1Error(f"unexpected text after the quoted sheet name: {rest!r}")
            title.append(char)
            index += 1
        raise A1Error("unterminated quoted sheet name")
    if "!" in text:
        title, _, area = text.rpartition("!")
        return title, area, False
    return None, text, False


def parse_area(text: str) -> Area:
    """``B2:A1`` → the normalised area A1:B2; raises :class:`A1Error` for anything else."""
    start, colon, end = text.strip().partition(":")
    if not colon:
        match = _CELL.match(start)
        if not match:
            raise A1Error(f"not a cell: {text!r}")
        col, row = column_index(match.group(1)) - 1, int(match.group(2)) - 1
        return Area(row, row + 1, col, col + 1)
    first, second = _endpoint(start), _endpoint(end)
    kinds = (first[0], second[0])
    if kinds in (
        ("cell", "cell"),
        ("col", "col"),
        ("row", "row"),
        ("cell", "col"),
        ("cell", "row"),
    ):
        rows = _span(first[1], second[1])
        cols = _span(first[2], second[2])
        if kinds == ("cell", "col"):
            rows = (first[1], None)
        if kinds == ("cell", "row"):
            cols = (first[2], None)
        return Area(rows[0], rows[1], cols[0], cols[1])
    raise A1Error(f"unsupported A1 area: {text!r}")


def _endpoint(text: str) -> tuple[str, int | None, int | None]:
    """(kind, 0-based row, 0-based col) of one side of a colon."""
    if match := _CELL.match(text):
        return "cell", int(match.group(2)) - 1, column_index(match.group(1)) - 1
    if match := _COL.match(text):
        return "col", None, column_index(match.group(1)) - 1
    if match := _ROW.match(text):
        return "row", int(match.group(1)) - 1, None
    raise A1Error(f"not a cell, column or row: {text!r}")


def _span(a: int | None, b: int | None) -> tuple[int | None, int | None]:
    """Two 0-based indexes → a half-open span, reversed corners normalised."""
    if a is None or b is None:
        return (None, None)
    low, high = sorted((a, b))
    return low, high + 1


def parse_range(text: str) -> ParsedRange:
    """Split a range into sheet title and area.

    A bare token without ``!`` is an area when it parses as one (``A1``, ``A:B``), otherwise
    it can only be a sheet title: so a tab titled like a cell must be quoted, as in Google.
    """
    if not text or not text.strip():
        raise A1Error("empty range")
    sheet, area_text, quoted = split_sheet(text)
    if area_text is None:
        return ParsedRange(sheet, None)
    if sheet is None and not quoted:
        try:
            return ParsedRange(None, parse_area(area_text))
        except A1Error:
            return ParsedRange(area_text, None)
    if not sheet:
        raise A1Error("empty sheet name")
    return ParsedRange(sheet, parse_area(area_text))


def quote_title(title: str) -> str:
    """A title as Google echoes it: bare when it is a plain identifier that cannot be read as
    a cell (``Sheet1``, ``Log``), otherwise quoted with inner quotes doubled
    (``'Jon''s data'``, ``'A1'``, ``'2026'``).

    The exact rule Google uses is not documented; this one matches every recorded echo
    (reference §4.2)."""
    if _BARE_TITLE.match(title) and not _CELL.match(title) and not _R1C1.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_area(row0: int, row1: int, col0: int, col1: int) -> str:
    """A bounded half-open rectangle as ``A1:B2`` (``A1`` when it is one cell)."""
    first = cell_name(row0, col0)
    if row1 - row0 == 1 and col1 - col0 == 1:
        return first
    return f"{first}:{cell_name(row1 - 1, col1 - 1)}"


def format_range(title: str, row0: int, row1: int, col0: int, col1: int) -> str:
    """``Sheet1!A1:Z1000``, the way Google echoes a range back."""
    return f"{quote_title(title)}!{format_area(row0, row1, col0, col1)}"


def format_open_area(area: Area) -> str:
    """An area as written, keeping open sides open (``A5:B``, ``3:4``, ``C:C``)."""

    def side(row: int | None, col: int | None) -> str:
        return (column_letters(col + 1) if col is not None else "") + (
            str(row + 1) if row is not None else ""
        )

    start = side(area.row0, area.col0)
    end = side(
        area.row1 - 1 if area.row1 is not None else None,
        area.col1 - 1 if area.col1 is not None else None,
    )
    return start if area.is_cell else f"{start}:{end}"
