"""Each row's parsed cells, kept between cycles: they parse the same way until the cells
change, or the day the row is read as on does (:func:`sync.engine.meaning.read_day`).

A row read as the last cycle read it — the same sheet row (cells and place), the same row
state, the same today — costs a look-up. A row whose cells are the same but whose day
changed is parsed again; the day changes for a row whose date is not pinned by its state
(never synced yet) on a new local day, but a pinned row keeps its day: the first cycle of a
new day parses only the rows it must, never the whole season.

A row read as it was synced, with nothing left to do (:func:`sync.engine.planner.settled`),
is not parsed at all until something asks for its attendee (:class:`PutOff`): the planner
plans it from its row state, so the first cycle after a start parses only the rows that are
new, edited or not done — not the whole season.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sync.engine.meaning import read_day
from sync.engine.planner import RowInput, Settled, settled
from sync.engine.rowstate import RowState
from sync.sheet.session import SheetRow

#: (cells, row_id=, today=) → the parsed row (sync.engine.parse.parse_row)
Parse = Callable[..., Any]


#: set by the test suite: each parse put off is done at once too, and checked to read as
#: the row state says (a settled row whose cells would not is a bug in :func:`settled`)
CHECK = False


class PutOff:
    """A settled row's parse, done the first time its attendee or problems are asked for.
    What the row state already tells costs nothing: a settled row is not blank, and its
    session's date is known."""

    __slots__ = ("_cells", "_day", "_parse", "_parsed", "_row_id", "session_date")
    blank = False

    def __init__(self, parse: Parse, row: SheetRow, day: date, done: Settled) -> None:
        self._parse, self._cells, self._row_id, self._day = parse, row.cells, row.row_id, day
        self._parsed: Any = None
        self.session_date = done.session_date
        if CHECK:
            _check(self.parsed, done, row.row_id)

    @property
    def parsed(self) -> Any:
        if self._parsed is None:
            self._parsed = self._parse(self._cells, row_id=self._row_id, today=self._day)
        return self._parsed

    @property
    def attendee(self) -> Any:
        return self.parsed.attendee

    @property
    def problems(self) -> tuple[Any, ...]:
        return tuple(self.parsed.problems)


def _check(parsed: Any, done: Settled, row_id: str) -> None:
    a = parsed.attendee
    found = (parsed.blank, tuple(parsed.problems), a and a.seat_key, a and a.session_key)
    if found != (False, (), done.seat, done.identity) or parsed.session_date != done.session_date:
        raise AssertionError(f"row {row_id} is not as its state says: {found} against {done}")


@dataclass(frozen=True, slots=True)
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
                done = None
                if not row.new and not row.carried and state is not None:
                    done = settled(state, row.fingerprint)
                if (
                    last is not None
                    and last.input.fingerprint == row.fingerprint
                    and last.day == day
                ):
                    parsed = last.input.parsed  # the same cells read as on the same day
                elif done is not None:
                    parsed = PutOff(parse, row, day, done)  # planned from its state alone
                else:
                    parsed = parse(row.cells, row_id=row.row_id, today=day)
                last = _Kept(
                    row,
                    state,
                    today,
                    day,
                    RowInput(row.row_id, row.index + 1, row.fingerprint, parsed, done),
                )
            fresh[row.row_id] = last
            inputs.append(last.input)
            days[row.row_id] = last.day
        self._kept = fresh
        return inputs, days
