"""Each row's parsed cells, kept between cycles: they parse the same way until the cells
change, or the day the row is read as on does (:func:`sync.engine.meaning.read_day`).

A row read as the last cycle read it — the same sheet row (cells and place), the same row
state, the same today — costs a look-up. A row whose cells are the same but whose day
changed is parsed again; the day changes for a row whose date is not pinned by its state
(never synced yet) on a new local day, but a pinned row keeps its day: the first cycle of a
new day parses only the rows it must, never the whole season.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sync.engine.meaning import read_day
from sync.engine.planner import RowInput
from sync.engine.rowstate import RowState
from sync.sheet.session import SheetRow

#: (cells, row_id=, today=) → the parsed row (sync.engine.parse.parse_row)
Parse = Callable[..., Any]


@dataclass(frozen=True)
class _Kept:
    row: SheetRow
    state: RowState | None
    today: date
    day: date
    input: RowInput


class ParsedRows:
    """The last cycle's parsed rows, by row id."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}

    def inputs(
        self,
        rows: list[SheetRow],
        pin: Callable[[SheetRow], RowState | None],
        today: date,
        parse: Parse,
    ) -> tuple[list[RowInput], dict[str, date]]:
        """The planner's input for ``rows``, and the day each row is read as on. ``pin``: the
        row state that pins a row's day (:func:`read_day`)."""
        kept, fresh = self._kept, {}
        inputs: list[RowInput] = []
        days: dict[str, date] = {}
        for row in rows:
            state = pin(row)
            last = kept.get(row.row_id)
            if (
                last is None
                or last.row is not row
                or last.state is not state
                or last.today != today
            ):
                day = read_day(state, row.cells, today)
                if (
                    last is not None
                    and last.input.fingerprint == row.fingerprint
                    and last.day == day
                ):
                    parsed = last.input.parsed  # the same cells read as on the same day
                else:
                    parsed = parse(row.cells, row_id=row.row_id, today=day)
                last = _Kept(
                    row,
                    state,
                    today,
                    day,
                    RowInput(row.row_id, row.index + 1, row.fingerprint, parsed),
                )
            fresh[row.row_id] = last
            inputs.append(last.input)
            days[row.row_id] = last.day
        self._kept = fresh
        return inputs, days
