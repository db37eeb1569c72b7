"""``batchUpdate`` sub-requests that change a sheet's shape: add/delete/rename sheets, grow,
insert, delete, hide and sort rows or columns.

Grid sizes follow Google: ``addSheet`` defaults to 1000×26; ``appendDimension`` grows
relative to the current size (safe when volunteers grew the grid); ``updateSheetProperties``
with ``gridProperties/rowCount`` is absolute and shrinking it deletes data (reference §1.8).
Messages Google's recordings do not show are approximate.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets.context import Context, bounded, field_paths, registry
from tests.fakes.sheets.models import DEFAULT_COLS, DEFAULT_ROWS, Sheet

HANDLERS, handler = registry()

_GRID_PATHS = (
    "gridProperties.rowCount",
    "gridProperties.columnCount",
    "gridProperties.frozenRowCount",
    "gridProperties.frozenColumnCount",
)
#: accepted and ignored (presentation only)
_IGNORED_PATHS = (
    "gridProperties.hideGridlines",
    "gridProperties.rowGroupControlAfter",
    "gridProperties.columnGroupControlAfter",
    "tabColor",
    "tabColorStyle",
    "rightToLeft",
)


def _title_taken(ctx: Context, title: str, but: Sheet | None = None) -> bool:
    return any(
        s.title.casefold() == title.casefold() for s in ctx.spreadsheet.sheets if s is not but
    )


def _taken(ctx: Context, title: str) -> Exception:
    return ctx.fail(f'A sheet with the name "{title}" already exists. Please enter another name.')


@handler("addSheet")
def add_sheet(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    props = params.get("properties") or {}
    sheets = ctx.spreadsheet.sheets
    title = props.get("title")
    if not title:
        number = len(sheets) + 1
        while _title_taken(ctx, f"Sheet{number}"):
            number += 1
        title = f"Sheet{number}"
    if _title_taken(ctx, title):
        raise _taken(ctx, title)
    sheet_id = props.get("sheetId")
    if sheet_id is not None:
        if ctx.spreadsheet.sheet_by_id(int(sheet_id)) is not None:
            raise ctx.fail(f"Sheet with id {sheet_id} already exists.")
        ctx.ids.reserve(int(sheet_id))
    else:
        sheet_id = ctx.ids.integer()
    grid = props.get("gridProperties") or {}
    sheet = Sheet(
        int(sheet_id),
        str(title),
        int(grid.get("rowCount") or DEFAULT_ROWS),
        int(grid.get("columnCount") or DEFAULT_COLS),
        frozen_rows=int(grid.get("frozenRowCount") or 0),
        frozen_cols=int(grid.get("frozenColumnCount") or 0),
        hidden=bool(props.get("hidden")),
    )
    index = props.get("index")
    index = len(sheets) if index is None else max(0, min(int(index), len(sheets)))
    sheets.insert(index, sheet)
    return {"addSheet": {"properties": sheet.properties(index)}}


@handler("deleteSheet")
def delete_sheet(ctx: Context, params: dict[str, Any]) -> None:
    sheet = ctx.sheet(params.get("sheetId"))
    if len(ctx.spreadsheet.sheets) == 1:
        raise ctx.fail("You can't remove all the sheets in a document.")
    ctx.spreadsheet.sheets.remove(sheet)


@handler("updateSheetProperties")
def update_sheet_properties(ctx: Context, params: dict[str, Any]) -> None:
    props = params.get("properties") or {}
    sheet = ctx.sheet(props.get("sheetId"))
    paths = field_paths(ctx, params.get("fields"))
    if "*" in paths:
        paths = ["title", "index", "hidden", *_GRID_PATHS]
    if "gridProperties" in paths:
        paths = [p for p in paths if p != "gridProperties"] + list(_GRID_PATHS)
    grid = props.get("gridProperties") or {}
    for path in paths:
        if path == "title":
            title = props.get("title")
            if not title:
                raise ctx.fail("a sheet's title can't be empty")
            if _title_taken(ctx, title, but=sheet):
                raise _taken(ctx, title)
            sheet.title = str(title)
        elif path == "index":
            sheets = ctx.spreadsheet.sheets
            sheets.remove(sheet)
            sheets.insert(max(0, min(int(props.get("index") or 0), len(sheets))), sheet)
        elif path == "hidden":
            sheet.hidden = bool(props.get("hidden"))
            if all(s.hidden for s in ctx.spreadsheet.sheets):
                raise ctx.fail("You can't hide all the sheets in a document.")
        elif path in ("gridProperties.rowCount", "gridProperties.columnCount"):
            rows = path.endswith("rowCount")
            count = int(grid.get("rowCount" if rows else "columnCount") or 0)
            if count < 1:
                raise ctx.fail(f"{'rowCount' if rows else 'columnCount'} must be at least 1")
            if rows:
                sheet.resize(rows=count)
            else:
                sheet.resize(cols=count)
        elif path in ("gridProperties.frozenRowCount", "gridProperties.frozenColumnCount"):
            rows = path.endswith("frozenRowCount")
            count = int(grid.get("frozenRowCount" if rows else "frozenColumnCount") or 0)
            if count >= (sheet.row_count if rows else sheet.col_count):
                word = "rows" if rows else "columns"
                raise ctx.fail(f"You can't freeze all visible {word} on the sheet.")
            if rows:
                sheet.frozen_rows = count
            else:
                sheet.frozen_cols = count
        elif path not in _IGNORED_PATHS:
            raise ctx.fail(f"Invalid field mask path '{path}' (not simulated by the fake)")


@handler("appendDimension")
def append_dimension(ctx: Context, params: dict[str, Any]) -> None:
    sheet = ctx.sheet(params.get("sheetId"))
    dimension = params.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise ctx.fail(f"dimension must be ROWS or COLUMNS, not {dimension!r}")
    length = int(params.get("length") or 0)
    if length < 1:
        raise ctx.fail("length must be greater than 0")
    sheet.insert(dimension, sheet.size(dimension), length)


@handler("insertDimension")
def insert_dimension(ctx: Context, params: dict[str, Any]) -> None:
    sheet, dimension, start, end = ctx.dimension_range(params.get("range"), inserting=True)
    before = bool(params.get("inheritFromBefore"))
    if before and start == 0:
        raise ctx.fail("inheritFromBefore can't be true when inserting at the start")
    if not before and start == sheet.size(dimension):
        raise ctx.fail("inheritFromBefore must be true when inserting at the end")
    sheet.insert(dimension, start, end - start)


@handler("deleteDimension")
def delete_dimension(ctx: Context, params: dict[str, Any]) -> None:
    sheet, dimension, start, end = ctx.dimension_range(params.get("range"))
    if end - start >= sheet.size(dimension):
        word = "rows" if dimension == "ROWS" else "columns"
        raise ctx.fail(f"You can't delete all the {word} on the sheet.")
    sheet.delete(dimension, start, end)


@handler("updateDimensionProperties")
def update_dimension_properties(ctx: Context, params: dict[str, Any]) -> None:
    sheet, dimension, start, end = ctx.dimension_range(params.get("range"))
    props = params.get("properties") or {}
    paths = field_paths(ctx, params.get("fields"))
    if "*" in paths:
        paths = ["hiddenByUser", "pixelSize"]
    for path in paths:
        if path not in ("hiddenByUser", "pixelSize", "developerMetadata"):
            raise ctx.fail(f"Invalid field mask path '{path}' (not simulated by the fake)")
    table = sheet.dim_props[dimension]
    for index in range(start, end):
        entry = table.setdefault(index, {})
        for path in paths:
            if props.get(path) in (None, False, 0):
                entry.pop(path, None)
            else:
                entry[path] = props[path]
        if not entry:
            del table[index]


@handler("sortRange")
def sort_range(ctx: Context, params: dict[str, Any]) -> None:
    sheet, area = ctx.grid_range(params.get("range"))
    area = bounded(sheet, area)
    assert area.col0 is not None
    assert area.col1 is not None
    specs: list[tuple[int, bool]] = []
    for spec in params.get("sortSpecs") or []:
        column = int(spec.get("dimensionIndex") or 0)
        if not area.col0 <= column < area.col1:
            raise ctx.fail(f"sortSpecs dimensionIndex {column} is outside the range")
        order = spec.get("sortOrder") or "ASCENDING"
        if order not in ("ASCENDING", "DESCENDING", "SORT_ORDER_UNSPECIFIED"):
            raise ctx.fail(f"sortOrder must be ASCENDING or DESCENDING, not {order!r}")
        specs.append((column, order == "DESCENDING"))
    if not specs:
        raise ctx.fail("at least one sortSpec is required")
    sheet.sort(area, specs)
