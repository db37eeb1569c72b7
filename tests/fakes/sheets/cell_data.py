"""``updateCells``: write ``CellData`` rows over a range, or from a start coordinate.

The request as documented (Sheets v4 ``UpdateCellsRequest``): ``rows`` (``RowData``, each
``{"values": [CellData]}``), ``fields`` (a mask rooted at ``CellData``, required; ``*`` for
every field) and exactly one of ``start`` (a ``GridCoordinate``: any number of rows and
columns is written from there) or ``range`` (a ``GridRange``: "if the data in rows does not
cover the entire requested range, the fields matching those set in fields will be
cleared"). A ``GridRange`` holding only ``sheetId`` is the whole sheet, so one request can
replace a tab's contents. Within a written cell, a masked field the ``CellData`` leaves out
is cleared too (``{}`` with ``fields: "userEnteredValue"`` empties the cell).

Simulated fields: ``userEnteredValue`` (``stringValue``, ``numberValue``, ``boolValue``,
``formulaValue``), ``userEnteredFormat.numberFormat`` (its ``type`` is recorded, as by
``repeatCell``) and ``dataValidation``. Accepted and ignored (presentation only): ``note``,
``textFormatRuns`` and the rest of ``userEnteredFormat``. Refused: read-only fields
(``effectiveValue``…), pivot tables and data sources. Stances where Google's answer is not
recorded (messages approximate): rows running past ``range`` are refused rather than
truncated, and writing past the grid from ``start`` is refused as for values.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets.context import Context, bounded, field_paths, registry
from tests.fakes.sheets.models import Sheet
from tests.fakes.sheets.rules import NUMBER_FORMAT_TYPES, _condition, _extended_value

HANDLERS, handler = registry()

#: CellData fields this fake applies; "*" means all of them
_APPLIED = ("userEnteredValue", "userEnteredFormat.numberFormat", "dataValidation")
#: presentation only: accepted, not stored
_IGNORED_ROOTS = ("note", "textFormatRuns", "userEnteredFormat")
#: real CellData fields that a write may not set, or that the fake does not simulate
_REFUSED_ROOTS = (
    "effectiveValue",
    "formattedValue",
    "effectiveFormat",
    "hyperlink",
    "pivotTable",
    "dataSourceTable",
    "dataSourceFormula",
    "chipRuns",
)


def _applied(ctx: Context, fields: Any) -> set[str]:
    """Which of the simulated fields the mask names."""
    paths = field_paths(ctx, fields)
    if "*" in paths:
        return set(_APPLIED)
    chosen: set[str] = set()
    for path in paths:
        root = path.split(".")[0]
        if path in ("userEnteredFormat", "userEnteredFormat.numberFormat") or path.startswith(
            "userEnteredFormat.numberFormat."
        ):
            chosen.add("userEnteredFormat.numberFormat")
        elif root in ("userEnteredValue", "dataValidation"):
            chosen.add(root)
        elif root in _REFUSED_ROOTS:
            raise ctx.fail(f"Invalid field mask path '{path}': {root} can't be written")
        elif root not in _IGNORED_ROOTS:
            raise ctx.fail(f"Invalid field mask path '{path}': no such field in CellData")
    return chosen


def _changes(ctx: Context, data: Any, applied: set[str]) -> dict[str, Any]:
    """One ``CellData`` as the cell fields it sets (a masked field left out → ``None``)."""
    if not isinstance(data, dict):
        raise ctx.fail("each of rows[].values[] must be a CellData object")
    changes: dict[str, Any] = {}
    if "userEnteredValue" in applied:
        changes["value"] = _extended_value(ctx, data.get("userEnteredValue"))
    if "userEnteredFormat.numberFormat" in applied:
        kind = ((data.get("userEnteredFormat") or {}).get("numberFormat") or {}).get("type")
        if kind is not None and kind not in NUMBER_FORMAT_TYPES:
            raise ctx.fail(f"Invalid numberFormat type: {kind!r}")
        changes["number_format"] = kind
    if "dataValidation" in applied:
        rule = data.get("dataValidation")
        if rule is not None:
            _condition(ctx, rule.get("condition"))
        changes["validation"] = rule
    return changes


def _rows(ctx: Context, params: dict[str, Any]) -> list[list[Any]]:
    rows = params.get("rows") or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ctx.fail("rows must be a list of RowData objects")
    out = []
    for row in rows:
        values = row.get("values") or []
        if not isinstance(values, list):
            raise ctx.fail("rows[].values must be a list of CellData")
        out.append(values)
    return out


@handler("updateCells")
def update_cells(ctx: Context, params: dict[str, Any]) -> None:
    applied = _applied(ctx, params.get("fields"))
    rows = _rows(ctx, params)
    start, area = params.get("start"), params.get("range")
    if (start is None) == (area is None):
        raise ctx.fail("exactly one of start or range must be set")
    if start is not None:
        if not isinstance(start, dict):
            raise ctx.fail("start must be a GridCoordinate object")
        sheet = ctx.sheet(start.get("sheetId"))
        row0, col0 = int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0)
        width = max((len(r) for r in rows), default=0)
        _inside(ctx, sheet, row0, row0 + len(rows), col0, col0 + width)
        for r, values in enumerate(rows):
            for c, data in enumerate(values):
                sheet.change(row0 + r, col0 + c, **_changes(ctx, data, applied))
        return
    sheet, open_area = ctx.grid_range(area)
    box = bounded(sheet, open_area)
    assert box.row0 is not None
    assert box.row1 is not None
    assert box.col0 is not None
    assert box.col1 is not None
    width = max((len(r) for r in rows), default=0)
    if len(rows) > box.row1 - box.row0 or width > box.col1 - box.col0:
        raise ctx.fail(
            f"the rows hold {len(rows)}×{width} cells, more than the range's "
            f"{box.row1 - box.row0}×{box.col1 - box.col0}"
        )
    cleared = dict.fromkeys(_changes(ctx, {}, applied))
    for row in range(box.row0, box.row1):
        given = rows[row - box.row0] if row - box.row0 < len(rows) else []
        for c, data in enumerate(given):
            sheet.change(row, box.col0 + c, **_changes(ctx, data, applied))
        # the rest of the row's range: only cells that hold something need clearing
        for col in [k for k in sheet.rows[row] if box.col0 + len(given) <= k < box.col1]:
            sheet.change(row, col, **cleared)


def _inside(ctx: Context, sheet: Sheet, row0: int, row1: int, col0: int, col1: int) -> None:
    if row0 < 0 or col0 < 0 or row1 > sheet.row_count or col1 > sheet.col_count:
        raise ctx.fail(
            f"Range exceeds grid limits. Max rows: {sheet.row_count}, "
            f"max columns: {sheet.col_count}"
        )
