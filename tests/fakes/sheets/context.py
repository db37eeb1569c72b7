"""What a ``batchUpdate`` sub-request handler works with: the working copy of the
spreadsheet, the ID source, and checked readers for ``GridRange``/``DimensionRange``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.sheets import errors
from tests.fakes.sheets.a1 import Area, format_open_area, quote_title
from tests.fakes.sheets.models import Ids, Sheet, Spreadsheet


@dataclass
class Context:
    """What a sub-request handler works on: the working copy, the ID source, its position."""

    spreadsheet: Spreadsheet
    ids: Ids
    index: int
    kind: str

    def fail(self, message: str) -> errors.BadRequest:
        return errors.invalid_request(self.index, self.kind, message)

    def sheet(self, sheet_id: Any) -> Sheet:
        wanted = _as_int(self, sheet_id or 0, "sheetId")
        found = self.spreadsheet.sheet_by_id(wanted)
        if found is None:
            raise self.fail(f"No grid with id: {wanted}")
        return found

    def grid_range(self, value: Any) -> tuple[Sheet, Area]:
        """A ``GridRange`` checked against its sheet's grid (open sides stay open)."""
        value = value or {}
        if not isinstance(value, dict):
            raise self.fail("range must be a GridRange object")
        sheet = self.sheet(value.get("sheetId"))
        get = {k: _as_int(self, value.get(k), k) for k in _GRID_FIELDS}
        area = Area(
            get["startRowIndex"], get["endRowIndex"], get["startColumnIndex"], get["endColumnIndex"]
        )
        for low, high, size in (
            (area.row0, area.row1, sheet.row_count),
            (area.col0, area.col1, sheet.col_count),
        ):
            if (low is not None and low < 0) or (high is not None and high > size):
                raise self.fail(
                    f"Range ({quote_title(sheet.title)}!{_describe(area)}) exceeds grid limits. "
                    f"Max rows: {sheet.row_count}, max columns: {sheet.col_count}"
                )
            if low is not None and high is not None and low >= high:
                raise self.fail("the range's start index must be less than its end index")
        return sheet, area

    def dimension_range(
        self, value: Any, *, inserting: bool = False
    ) -> tuple[Sheet, str, int, int]:
        value = value or {}
        sheet = self.sheet(value.get("sheetId"))
        dimension = value.get("dimension")
        if dimension not in ("ROWS", "COLUMNS"):
            raise self.fail(f"dimension must be ROWS or COLUMNS, not {dimension!r}")
        start = _as_int(self, value.get("startIndex") or 0, "startIndex")
        end = _as_int(self, value.get("endIndex"), "endIndex")
        size = sheet.size(dimension)
        if end is None or start < 0 or end <= start:
            raise self.fail("endIndex must be greater than startIndex")
        if (start > size) if inserting else (end > size):
            raise self.fail(
                f"Range exceeds grid limits. Max {dimension.lower()}: {size} "
                f"(asked for [{start}, {end}))"
            )
        return sheet, dimension, start, end


_GRID_FIELDS = ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")


def _describe(area: Area) -> str:
    try:
        return format_open_area(area)
    except ValueError:
        return str(area.to_grid_range())


def _as_int(ctx: Context, value: Any, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ctx.fail(f"{name} must be an integer")
    try:
        return int(value)
    except ValueError:
        raise ctx.fail(f"{name} must be an integer") from None


def bounded(sheet: Sheet, area: Area) -> Area:
    return Area(
        area.row0 or 0,
        sheet.row_count if area.row1 is None else area.row1,
        area.col0 or 0,
        sheet.col_count if area.col1 is None else area.col1,
    )


def field_paths(ctx: Context, fields: Any) -> list[str]:
    """A FieldMask (``a/b,c`` or ``a.b,c``; ``*`` for all) as dotted paths."""
    if not fields or not isinstance(fields, str):
        raise ctx.fail("'fields' is required (a field mask such as 'title')")
    return [p.strip().replace("/", ".") for p in fields.split(",") if p.strip()]


Handler = Callable[[Context, dict[str, Any]], dict[str, Any] | None]


def registry() -> tuple[dict[str, Handler], Callable[[str], Callable[[Handler], Handler]]]:
    """A fresh ``{kind: handler}`` table and the decorator that fills it."""
    table: dict[str, Handler] = {}

    def handler(kind: str) -> Callable[[Handler], Handler]:
        def register(function: Handler) -> Handler:
            table[kind] = function
            return function

        return register

    return table, handler
