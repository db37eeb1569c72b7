"""``spreadsheets.values.*``: get, batchGet, update, batchUpdate, append, clear, batchClear.

Each function takes a :class:`~tests.fakes.sheets.models.Spreadsheet` and the request's
parameters, applies Google's rules (reference §1.5–1.7, §4.2) and returns the response body.

* Ranges resolve against the spreadsheet: an unknown sheet is 400 ``Unable to parse range``;
  a range with no sheet means the first visible sheet. Open sides are clamped to the grid;
  a bounded side outside the grid is 400 ``Range (…) exceeds grid limits…`` for reads,
  clears and writes alike (strict, see §4.2: whether Google clamps a read that merely
  extends past the grid is unverified).
* Reads drop trailing empty cells and rows, answer inner empty rows as ``[]``, and leave out
  ``values`` when there is nothing. ``range`` is echoed normalised (``Sheet1!A1:Z1000``).
* Writes: ``null`` skips a cell, ``""`` clears it. A one-cell range is an anchor that may
  run to the grid's edge; any other range bounds the write. Overflow is 400 ``Requested
  writing within range [...], but tried writing to row [N]`` (or ``column [X]``).
* Append finds the "table" (see :func:`find_table`) and writes below it, from its first
  column. ``INSERT_ROWS`` inserts rows; ``OVERWRITE`` grows the grid only past its end.

Not simulated: named ranges, data-filter variants (``…ByDataFilter``), and
``updatedData`` shaping beyond a plain read of the written range. ``updatedCells`` counts the
non-null cells written (Google's exact counting with nulls is unverified).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.sheets import cells, errors
from tests.fakes.sheets.a1 import A1Error, Area, column_letters, format_open_area, format_range
from tests.fakes.sheets.a1 import parse_range as parse_a1
from tests.fakes.sheets.a1 import quote_title as quoted
from tests.fakes.sheets.models import LimitExceeded, Sheet, Spreadsheet


@dataclass(frozen=True)
class Rect:
    """A bounded half-open rectangle of one sheet."""

    sheet: Sheet
    row0: int
    row1: int
    col0: int
    col1: int

    @property
    def echo(self) -> str:
        return format_range(self.sheet.title, self.row0, self.row1, self.col0, self.col1)


def resolve(spreadsheet: Spreadsheet, text: str) -> tuple[Sheet, Area]:
    """The sheet and (possibly open) area a range names."""
    try:
        parsed = parse_a1(text)
    except A1Error:
        raise errors.unparsable_range(text) from None
    if parsed.sheet is None:
        sheet = spreadsheet.first_visible()
    else:
        found = spreadsheet.sheet_by_title(parsed.sheet)
        if found is None:
            raise errors.unparsable_range(text)
        sheet = found
    return sheet, parsed.area or Area()


def clamp(sheet: Sheet, area: Area) -> Rect:
    """Open sides clamp to the grid; bounded sides must lie inside it."""
    rows, cols = sheet.row_count, sheet.col_count
    row0, col0 = area.row0 or 0, area.col0 or 0
    row1 = rows if area.row1 is None else area.row1
    col1 = cols if area.col1 is None else area.col1
    if row0 >= rows or col0 >= cols or row1 > rows or col1 > cols:
        raise errors.exceeds_grid(f"{quoted(sheet.title)}!{format_open_area(area)}", rows, cols)
    return Rect(sheet, row0, row1, col0, col1)


def target(spreadsheet: Spreadsheet, text: str) -> Rect:
    sheet, area = resolve(spreadsheet, text)
    return clamp(sheet, area)


# -- reads ------------------------------------------------------------------------------------
def read(rect: Rect, render: str = "FORMATTED_VALUE", major: str = "ROWS") -> dict[str, Any]:
    """A ``ValueRange`` for ``rect``, trimmed the way Google trims."""
    rows = rect.sheet.rows
    # only the cells that hold something are visited: the grid's empty tail is trimmed anyway
    last = max(
        (
            r
            for r in range(rect.row0, rect.row1)
            if any(rect.col0 <= c < rect.col1 for c in rows[r])
        ),
        default=rect.row0 - 1,
    )
    width = max(
        (c + 1 for r in range(rect.row0, last + 1) for c in rows[r] if rect.col0 <= c < rect.col1),
        default=rect.col0,
    )
    if major == "COLUMNS":
        last, width = rect.row1 - 1, rect.col1  # columns are trimmed per column below
    grid = [
        [rect.sheet.value(r, c) for c in range(rect.col0, width)]
        for r in range(rect.row0, last + 1)
    ]
    if major == "COLUMNS":
        grid = [list(column) for column in zip(*grid, strict=True)] if grid else []
    lines: list[list[Any]] = []
    for line in grid:
        while line and line[-1] is None:
            line.pop()
        lines.append(["" if v is None else cells.render(v, render) for v in line])
    while lines and not lines[-1]:
        lines.pop()
    answer: dict[str, Any] = {"range": rect.echo, "majorDimension": major}
    if lines:
        answer["values"] = lines
    return answer


def read_options(query: dict[str, str | None]) -> tuple[str, str]:
    render = query.get("valueRenderOption") or "FORMATTED_VALUE"
    major = query.get("majorDimension") or "ROWS"
    dates = query.get("dateTimeRenderOption") or "SERIAL_NUMBER"
    _check_enum("valueRenderOption", render, cells.VALUE_RENDER_OPTIONS)
    _check_enum("majorDimension", major, ("ROWS", "COLUMNS"))
    _check_enum("dateTimeRenderOption", dates, cells.DATE_TIME_RENDER_OPTIONS)
    return render, major


def get(spreadsheet: Spreadsheet, text: str, query: dict[str, str | None]) -> dict[str, Any]:
    render, major = read_options(query)
    return read(target(spreadsheet, text), render, major)


def batch_get(
    spreadsheet: Spreadsheet, ranges: list[str], query: dict[str, str | None]
) -> dict[str, Any]:
    render, major = read_options(query)
    rects = [target(spreadsheet, text) for text in ranges]
    return {
        "spreadsheetId": spreadsheet.spreadsheet_id,
        "valueRanges": [read(rect, render, major) for rect in rects],
    }


# -- writes -----------------------------------------------------------------------------------
@dataclass
class Write:
    """One planned write: validated, not yet applied."""

    sheet: Sheet
    row0: int
    col0: int
    grid: list[list[Any]]
    option: str

    @property
    def height(self) -> int:
        return len(self.grid)

    @property
    def width(self) -> int:
        return max((len(line) for line in self.grid), default=0)

    def apply(self) -> dict[str, Any]:
        written_rows: set[int] = set()
        written_cols: set[int] = set()
        for i, line in enumerate(self.grid):
            for j, raw in enumerate(line):
                if raw is None:
                    continue
                row, col = self.row0 + i, self.col0 + j
                text_format = self.sheet.is_text_format(row, col)
                self.sheet.set_value(
                    row, col, cells.from_input(raw, self.option, text_format=text_format)
                )
                written_rows.add(i)
                written_cols.add(j)
        rows, cols = max(self.height, 1), max(self.width, 1)
        answer: dict[str, Any] = {
            "updatedRange": format_range(
                self.sheet.title, self.row0, self.row0 + rows, self.col0, self.col0 + cols
            )
        }
        count = sum(1 for line in self.grid for v in line if v is not None)
        for name, value in (
            ("updatedRows", len(written_rows)),
            ("updatedColumns", len(written_cols)),
            ("updatedCells", count),
        ):
            if value:  # proto3 JSON leaves zeros out
                answer[name] = value
        return answer


def value_input(option: Any, *, batch: bool) -> str:
    if not option:
        raise errors.BadRequest(
            "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
            if batch
            else "'valueInputOption' is required but not specified"
        )
    _check_enum("valueInputOption", option, cells.VALUE_INPUT_OPTIONS)
    return str(option)


def plan_write(
    spreadsheet: Spreadsheet, text: str, body: dict[str, Any], option: str, where: str
) -> Write:
    """Check one ``ValueRange`` against the grid; raises before anything is applied."""
    sheet, area = resolve(spreadsheet, text)
    grid = _grid(body.get("values"), body.get("majorDimension"), where)
    clamp(sheet, area)  # refuses a start outside the grid, naming the range as written
    if area.is_cell:  # an anchor: the window runs to the grid's edge
        assert area.row0 is not None
        assert area.col0 is not None
        area = Area(area.row0, None, area.col0, None)
    window = clamp(sheet, area)
    write = Write(sheet, window.row0, window.col0, grid, option)
    if write.height > window.row1 - window.row0:
        raise errors.writing_outside(window.echo, f"row [{window.row1 + 1}]")
    if write.width > window.col1 - window.col0:
        raise errors.writing_outside(window.echo, f"column [{column_letters(window.col1 + 1)}]")
    _check_values(grid, option, where)
    return write


def _check_values(grid: list[list[Any]], option: str, where: str) -> None:
    for i, line in enumerate(grid):
        for j, raw in enumerate(line):
            if raw is not None:
                try:
                    cells.from_input(raw, option)
                except cells.BadValue:
                    raise errors.BadRequest(
                        f"Invalid value at '{where}[{i}][{j}]' "
                        f"(type.googleapis.com/google.protobuf.Value), {raw!r}"
                    ) from None


def _grid(values: Any, major: Any, where: str) -> list[list[Any]]:
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(line, list) for line in values):
        raise errors.BadRequest(
            f"Invalid value at '{where}' (type.googleapis.com/google.protobuf.ListValue)"
        )
    _check_enum("majorDimension", major or "ROWS", ("ROWS", "COLUMNS"))
    if major == "COLUMNS":
        height = max((len(line) for line in values), default=0)
        return [[line[i] if i < len(line) else None for line in values] for i in range(height)]
    return [list(line) for line in values]


def update(
    spreadsheet: Spreadsheet, text: str, query: dict[str, str | None], body: dict[str, Any]
) -> dict[str, Any]:
    option = value_input(query.get("valueInputOption"), batch=False)
    write = plan_write(spreadsheet, text, body, option, "data.values")
    answer = {"spreadsheetId": spreadsheet.spreadsheet_id, **write.apply()}
    _include_values(spreadsheet, answer, query.get("includeValuesInResponse"), query)
    return answer


def batch_update(spreadsheet: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    option = value_input(body.get("valueInputOption"), batch=True)
    data = body.get("data") or []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise errors.BadRequest("Invalid value at 'data' (a list of ValueRange objects)")
    writes = [
        plan_write(spreadsheet, str(item.get("range", "")), item, option, f"data[{i}].values")
        for i, item in enumerate(data)
    ]
    responses = [{"spreadsheetId": spreadsheet.spreadsheet_id, **w.apply()} for w in writes]
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    totals = {
        "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
        "totalUpdatedColumns": sum(r.get("updatedColumns", 0) for r in responses),
        "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
        "totalUpdatedSheets": len({id(w.sheet) for w in writes if any(_values(w))}),
    }
    answer.update({name: value for name, value in totals.items() if value})
    for response in responses:
        _include_values(spreadsheet, response, body.get("includeValuesInResponse"), body)
    if responses:
        answer["responses"] = responses
    return answer


def _values(write: Write) -> list[Any]:
    return [v for line in write.grid for v in line if v is not None]


def _include_values(
    spreadsheet: Spreadsheet, answer: dict[str, Any], flag: Any, options: dict[str, Any]
) -> None:
    if str(flag).lower() != "true":
        return
    render = options.get("responseValueRenderOption") or "FORMATTED_VALUE"
    _check_enum("responseValueRenderOption", render, cells.VALUE_RENDER_OPTIONS)
    answer["updatedData"] = read(target(spreadsheet, answer["updatedRange"]), render)


def find_table(sheet: Sheet, area: Area) -> Rect | None:
    """Google's "logical table" for append (an approximation that matches the recordings
    and gspread's own two-step ``insert_rows``/``insert_cols``, reference §4.2): the
    contiguous block of rows holding data in the range's columns, spanning the columns that
    hold data in it.

    A one-row range (``A5``, ``A5:E5``) must have its table start on that row and may run
    below it; for a one-cell anchor only the anchor's column decides which rows belong to
    the table, so an empty anchor cell means "write here". A taller range, or a whole sheet,
    looks for the first row inside it that holds data."""
    rect = clamp(sheet, area)
    one_row = area.row0 is not None and area.row1 == area.row0 + 1
    last = sheet.row_count if one_row else rect.row1
    wide = sheet.col_count if area.is_cell else rect.col1  # where the table's columns may lie

    def filled(row: int) -> bool:
        return sheet.row_has_values(row, rect.col0, rect.col1)

    start = next((r for r in range(rect.row0, last) if filled(r)), None)
    if start is None or (one_row and start != rect.row0):
        return None
    end = start
    while end + 1 < last and filled(end + 1):
        end += 1
    used = [
        k
        for r in range(start, end + 1)
        for k, c in sheet.rows[r].items()
        if rect.col0 <= k < wide and c.value is not None
    ]
    return Rect(sheet, start, end + 1, min(used), max(used) + 1)


def append(
    spreadsheet: Spreadsheet, text: str, query: dict[str, str | None], body: dict[str, Any]
) -> dict[str, Any]:
    option = value_input(query.get("valueInputOption"), batch=False)
    insert = query.get("insertDataOption") or "OVERWRITE"
    _check_enum("insertDataOption", insert, ("OVERWRITE", "INSERT_ROWS"))
    sheet, area = resolve(spreadsheet, text)
    table = find_table(sheet, area)
    start = clamp(sheet, area)
    row0, col0 = (table.row1, table.col0) if table else (start.row0, start.col0)
    grid = _grid(body.get("values"), body.get("majorDimension"), "data.values")
    _check_values(grid, option, "data.values")
    height = len(grid)
    width = max((len(line) for line in grid), default=0)
    try:
        if insert == "INSERT_ROWS" and height:
            sheet.insert("ROWS", row0, height)
        elif row0 + height > sheet.row_count:
            sheet.insert("ROWS", sheet.row_count, row0 + height - sheet.row_count)
        if col0 + width > sheet.col_count:
            sheet.insert("COLUMNS", sheet.col_count, col0 + width - sheet.col_count)
        spreadsheet.check_limits()
    except LimitExceeded as exc:
        raise errors.BadRequest(str(exc)) from None
    write = plan_write(
        spreadsheet, f"{quoted(sheet.title)}!{_cell(row0, col0)}", body, option, "data.values"
    )
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if table:
        answer["tableRange"] = table.echo
    updates = {"spreadsheetId": spreadsheet.spreadsheet_id, **write.apply()}
    _include_values(spreadsheet, updates, query.get("includeValuesInResponse"), query)
    answer["updates"] = updates
    return answer


def _cell(row: int, col: int) -> str:
    return f"{column_letters(col + 1)}{row + 1}"


# -- clears -----------------------------------------------------------------------------------
def clear_rect(rect: Rect) -> None:
    for r in range(rect.row0, rect.row1):
        for c in [k for k in rect.sheet.rows[r] if rect.col0 <= k < rect.col1]:
            rect.sheet.set_value(r, c, None)


def clear(spreadsheet: Spreadsheet, text: str) -> dict[str, Any]:
    rect = target(spreadsheet, text)
    clear_rect(rect)
    return {"spreadsheetId": spreadsheet.spreadsheet_id, "clearedRange": rect.echo}


def batch_clear(spreadsheet: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    rects = [target(spreadsheet, str(text)) for text in body.get("ranges") or []]
    for rect in rects:
        clear_rect(rect)
    answer: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
    if rects:
        answer["clearedRanges"] = [rect.echo for rect in rects]
    return answer


def _check_enum(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        field = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        raise errors.BadRequest(f"Invalid value at '{field}' (TYPE_ENUM), \"{value}\"")
