"""A row as the archive sees it: its cells by column, kept with their types, compared exactly.

A column is known by its header as people read it, matched without case, spaces or
punctuation (:func:`sync.sheet.columns.normalise`): the archive tab's columns line up with
the attendance tab's even after a volunteer adds or moves a column there. The daemon's own
columns are named by their header in the config ("Synced at", without the heartbeat note);
a column with no header is named by its letter ("Column M").

Values keep their type — text, number, true/false, and in an ``.xlsx`` file a date cell as
a date — and are compared exactly: "6/15" is not 6.15, TRUE is not "TRUE", 15 is 15.0.
Empty cells are left out, so a row compares the same however wide the grid is.

Pure: no I/O.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from gspread.utils import rowcol_to_a1

from sync.sheet.columns import Column, Layout, normalise

#: a cell as stored in the state (JSON): text, number, bool, or a tagged date/time
Encoded = Any


def column_names(header: list[Any], layout: Layout, columns: tuple[Column, ...]) -> list[str]:
    """A name for each column of ``header`` (same length), unique by :func:`key_of`."""
    by_position = {i: k for k, i in layout.positions.items()}
    headers = {c.key: c.header for c in columns}
    names: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(header):
        known = by_position.get(index)
        text = headers[known] if known is not None else str(cell if cell is not None else "")
        name = text.strip() or f"Column {rowcol_to_a1(1, index + 1)[:-1]}"
        base, n = name, 2
        while key_of(name) in taken:
            name, n = f"{base} {n}", n + 1
        taken.add(key_of(name))
        names.append(name)
    return names


def key_of(name: object) -> str:
    """How a column name is matched: :func:`normalise` (a name of symbols only, as is)."""
    return normalise(name) or str(name).strip().casefold()


def encode(value: Any) -> Encoded:
    """A cell value for JSON; ``None`` for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    return str(value)


def decode(value: Encoded) -> Any:
    """The cell value to write for an encoded one."""
    if isinstance(value, dict):
        kind, text = next(iter(value.items()))
        return {"datetime": datetime, "date": date, "time": time}[kind].fromisoformat(text)
    return "" if value is None else value


def row_cells(names: list[str], row: list[Any]) -> dict[str, Encoded]:
    """The row's non-empty cells by column key, encoded."""
    found: dict[str, Encoded] = {}
    for name, value in zip(names, row, strict=False):
        encoded = encode(value)
        if encoded is not None:
            found[key_of(name)] = encoded
    return found


def same_value(a: Encoded, b: Encoded) -> bool:
    """Exactly the same cell: a bool only equals a bool; numbers compare as numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def same_row(a: dict[str, Encoded], b: dict[str, Encoded]) -> bool:
    return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)


def lay_out(cells: dict[str, Encoded], names: list[str]) -> list[Any]:
    """The row's cells in the order of the header ``names`` (missing ones empty)."""
    return [decode(cells.get(key_of(name))) for name in names]
