"""The control plane: seed spreadsheets, look inside them, play a volunteer, read the request
log, inject faults, set the quota. Every control is a Python method on
:class:`~tests.fakes.sheets.app.FakeSheets` and also an HTTP call under ``/_fake/`` (never a
Sheets path, never logged, never counted against the quota):

=======  =============================================  ====================================
method   path                                           does
=======  =============================================  ====================================
POST     /_fake/spreadsheets                            create one: ``{title?, spreadsheetId?,
                                                        sheets: {title: rows}, input?}``
GET      /_fake/spreadsheets/{id}                       dump it: metadata, typed cells, rules
GET      /_fake/spreadsheets/{id}/values?sheet=&render=  one sheet's values, trimmed
POST     /_fake/spreadsheets/{id}/human/{action}        ``set-cell``, ``set-row``,
                                                        ``insert-rows``, ``delete-rows``,
                                                        ``sort``, ``rename`` (body: ``sheet``
                                                        plus the method's keyword arguments)
GET      /_fake/requests?since=N  (DELETE clears)       the request log
GET      /_fake/counts?since=N                          reads / writes / tokens / by endpoint
GET POST DELETE /_fake/faults                           list / add (one or a list) / clear
POST     /_fake/quota                                   ``{readsPerMinute, writesPerMinute}``
GET      /_fake/tokens ; POST /_fake/tokens/revoke      token requests issued; revoke all
POST     /_fake/reset                                   forget everything
=======  =============================================  ====================================
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response

from tests.fakes.sheets import cells, values
from tests.fakes.sheets.a1 import A1Error, Area, cell_name, column_index, parse_area
from tests.fakes.sheets.faults import Fault
from tests.fakes.sheets.models import DEFAULT_COLS, DEFAULT_ROWS, Sheet, Spreadsheet
from tests.fakes.sheets.state import FakeState

CONTROL_PREFIX = "/_fake"
SheetRef = str | int
HUMAN_ACTIONS = ("set_cell", "set_row", "insert_rows", "delete_rows", "sort", "rename")


class ProtectedCell(Exception):
    """A human edit refused because the cell is in a (non warning-only) protected range."""


@dataclass
class Counts:
    reads: int = 0
    writes: int = 0
    tokens: int = 0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    #: writes by the ``valueInputOption`` they used (``RAW``, ``USER_ENTERED``)
    value_input_options: dict[str, int] = field(default_factory=dict)
    by_status: dict[int, int] = field(default_factory=dict)


class Human:
    """A volunteer editing one sheet between the daemon's calls: applied at once, bypassing
    auth, quota, faults and the request log. Rows are 1-based, as a person sees them."""

    def __init__(self, fake: Controls, spreadsheet_id: str, sheet: SheetRef) -> None:
        self.fake, self.spreadsheet_id, self.ref = fake, spreadsheet_id, sheet

    def _sheet(self) -> Sheet:
        return self.fake.sheet(self.spreadsheet_id, self.ref)

    def set_cell(
        self, a1: str, value: Any, *, input: str = "USER_ENTERED", respect_protection: bool = False
    ) -> None:
        """Type ``value`` into ``a1`` (``""`` or ``None`` empties it). With
        ``respect_protection`` a protected, non-warning-only cell raises ProtectedCell."""
        with self.fake.lock:
            sheet = self._sheet()
            area = parse_area(a1)
            assert area.row0 is not None
            assert area.col0 is not None
            if not (area.is_cell and area.row0 < sheet.row_count and area.col0 < sheet.col_count):
                raise A1Error(f"{a1} is not a cell inside the grid")
            if respect_protection and _protected(sheet, area.row0, area.col0):
                raise ProtectedCell(f"{a1} is protected")
            text = sheet.is_text_format(area.row0, area.col0)
            content = None if value is None else cells.from_input(value, input, text_format=text)
            sheet.set_value(area.row0, area.col0, content)

    def set_row(self, row: int, line: Sequence[Any], *, input: str = "USER_ENTERED") -> None:
        """Type a whole row from column A (``None`` leaves a cell as it is)."""
        for offset, value in enumerate(line):
            if value is not None:
                self.set_cell(cell_name(row - 1, offset), value, input=input)

    def insert_rows(self, above: int, count: int = 1) -> None:
        """Insert ``count`` empty rows above row ``above`` (everything below moves down)."""
        with self.fake.lock:
            sheet = self._sheet()
            if not 1 <= above <= sheet.row_count + 1:
                raise ValueError(f"row {above} is outside the grid")
            sheet.insert("ROWS", above - 1, count)

    def delete_rows(self, row: int, count: int = 1) -> None:
        with self.fake.lock:
            sheet = self._sheet()
            if row < 1 or count < 1 or row - 1 + count > sheet.row_count:
                raise ValueError(f"rows {row}..{row + count - 1} are not all inside the grid")
            if count >= sheet.row_count:
                raise ValueError("You can't delete all the rows on the sheet.")
            sheet.delete("ROWS", row - 1, row - 1 + count)

    def sort(self, column: str | int, *, descending: bool = False, header_rows: int = 1) -> None:
        """Sort the sheet's rows below ``header_rows`` by one column: a header text from the
        first row (``"Email"``), else column letters (``"C"``), or a 1-based number."""
        with self.fake.lock:
            sheet = self._sheet()
            col = _column_of(sheet, column, header_rows) - 1
            if not 0 <= col < sheet.col_count:
                raise ValueError(f"column {column!r} is outside the grid")
            sheet.sort(Area(header_rows, sheet.row_count, 0, sheet.col_count), [(col, descending)])

    def rename(self, title: str) -> None:
        with self.fake.lock:
            sheet = self._sheet()
            others = self.fake.spreadsheet(self.spreadsheet_id).sheets
            if any(s is not sheet and s.title.casefold() == title.casefold() for s in others):
                raise ValueError(f"a sheet is already titled {title!r}")
            sheet.title = title
            self.ref = sheet.sheet_id


def _column_of(sheet: Sheet, column: str | int, header_rows: int) -> int:
    if isinstance(column, int):
        return column
    if header_rows:
        for index, cell in sorted(sheet.rows[0].items()):
            if cell.value == column:
                return index + 1
    if not (1 <= len(column) <= 3 and column.isascii() and column.isalpha()):
        raise ValueError(f"no header {column!r} in row 1, and it is not column letters")
    return column_index(column)


def _protected(sheet: Sheet, row: int, col: int) -> bool:
    for item in sheet.protected:
        if item.warning_only:
            continue
        area = item.area
        if (area.row0 or 0) <= row < (area.row1 if area.row1 is not None else sheet.row_count) and (
            area.col0 or 0
        ) <= col < (area.col1 if area.col1 is not None else sheet.col_count):
            return True
    return False


class Controls(FakeState):
    """The control plane on the fake's state; ``FakeSheets`` adds the HTTP edge."""

    # -- spreadsheets -------------------------------------------------------------------
    def create_spreadsheet(
        self,
        sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None,
        *,
        title: str = "wixsync test sheet",
        spreadsheet_id: str | None = None,
        row_count: int = DEFAULT_ROWS,
        column_count: int = DEFAULT_COLS,
        input: str = "RAW",
    ) -> str:
        """Create a spreadsheet with one tab per entry of ``sheets`` (title → rows; the
        first tab gets sheetId 0, like Google's) and return its ID. Values are stored as
        ``input`` says (``RAW``: as given). The grid grows to fit the rows."""
        with self.lock:
            key = spreadsheet_id or self.ids.spreadsheet_key()
            spreadsheet = Spreadsheet(key, title)
            for index, (name, rows) in enumerate((sheets or {"Sheet1": []}).items()):
                width = max((len(r) for r in rows), default=0)
                sheet = Sheet(
                    0 if index == 0 else self.ids.integer(),
                    name,
                    max(row_count, len(rows)),
                    max(column_count, width),
                )
                for r, line in enumerate(rows):
                    for c, value in enumerate(line):
                        if value is not None:
                            sheet.set_value(r, c, cells.from_input(value, input))
                spreadsheet.sheets.append(sheet)
            self.store[key] = spreadsheet
        return key

    def spreadsheet(self, spreadsheet_id: str) -> Spreadsheet:
        with self.lock:
            return self.store[spreadsheet_id]

    def sheet(self, spreadsheet_id: str, ref: SheetRef) -> Sheet:
        spreadsheet = self.spreadsheet(spreadsheet_id)
        found = (
            spreadsheet.sheet_by_id(ref)
            if isinstance(ref, int)
            else spreadsheet.sheet_by_title(ref)
        )
        if found is None:
            raise KeyError(f"no sheet {ref!r} in {spreadsheet_id}")
        return found

    def values(
        self, spreadsheet_id: str, sheet: SheetRef, render: str = "UNFORMATTED_VALUE"
    ) -> list[list[Any]]:
        """Every value of one sheet, trimmed like the API (not padded)."""
        with self.lock:
            found = self.sheet(spreadsheet_id, sheet)
            rect = values.Rect(found, 0, found.row_count, 0, found.col_count)
            return values.read(rect, render).get("values", [])

    def cells(self, spreadsheet_id: str, sheet: SheetRef) -> dict[str, dict[str, Any]]:
        """Non-empty cells as ``{"B3": {"numberValue": 3}, "C3": {"formulaValue": "=1+2"}}``."""
        with self.lock:
            found = self.sheet(spreadsheet_id, sheet)
            return {
                cell_name(r, c): cells.typed(cell.value)
                for r, row in enumerate(found.rows)
                for c, cell in sorted(row.items())
                if cell.value is not None
            }

    def describe(self, spreadsheet_id: str) -> dict[str, Any]:
        from tests.fakes.sheets.shapes import spreadsheet_json

        with self.lock:
            spreadsheet = self.spreadsheet(spreadsheet_id)
            answer = spreadsheet_json(spreadsheet)
            for entry, sheet in zip(answer["sheets"], spreadsheet.sheets, strict=True):
                entry["cells"] = self.cells(spreadsheet_id, sheet.sheet_id)
                entry["numberFormats"] = _per_cell(sheet, "number_format")
                entry["validations"] = _per_cell(sheet, "validation")
                entry["dimensionProperties"] = {
                    dim: {str(i): p for i, p in sorted(props.items())}
                    for dim, props in sheet.dim_props.items()
                }
            return answer

    def human(self, spreadsheet_id: str, sheet: SheetRef) -> Human:
        return Human(self, spreadsheet_id, sheet)

    # -- the log, faults, quota, tokens -------------------------------------------------
    def counts(self, since: int = 0) -> Counts:
        with self.lock:
            entries = [e for e in self.log if e.seq > since]
        counts = Counts(
            reads=sum(1 for e in entries if e.kind == "read"),
            writes=sum(1 for e in entries if e.kind == "write"),
            tokens=sum(1 for e in entries if e.kind == "token"),
        )
        counts.by_endpoint = dict(Counter(e.endpoint or "?" for e in entries))
        counts.value_input_options = dict(
            Counter(e.value_input_option for e in entries if e.value_input_option)
        )
        counts.by_status = dict(Counter(e.status for e in entries))
        return counts

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    def inject(self, endpoint: str, kind: str, **options: Any) -> Fault:
        """Add a fault (see :mod:`~tests.fakes.sheets.faults`) and return it."""
        return self.faults.add(Fault(endpoint, kind, **options))  # type: ignore[arg-type]

    def reset(self) -> None:
        with self.lock:
            self.store.clear()
            self.log.clear()
            self.faults.clear()
            self.quota.reset()
            self.tokens.revoke_all()

    # -- HTTP ---------------------------------------------------------------------------
    def handle_control(self, request: Request, path: str) -> Response:
        parts = [p for p in path[len(CONTROL_PREFIX) :].split("/") if p]
        try:
            body = json.loads(request.data) if request.data else {}
            result = _dispatch(self, request.method, parts, body, request.args.to_dict())
        except (KeyError, ValueError, TypeError, A1Error, ProtectedCell) as exc:
            return _json(400, {"error": f"{type(exc).__name__}: {exc}"})
        if result is None:
            return _json(404, {"error": f"no control action {request.method} {path}"})
        return _json(200, result)


def _dispatch(
    fake: Controls, method: str, parts: list[str], body: Any, args: dict[str, str]
) -> Any:
    head = parts[0] if parts else ""
    if head == "spreadsheets":
        if method == "POST" and len(parts) == 1:
            sheets = body.get("sheets") or {}
            if isinstance(sheets, list):
                sheets = {s["title"]: s.get("rows", []) for s in sheets}
            key = fake.create_spreadsheet(
                sheets,
                title=body.get("title", "wixsync test sheet"),
                spreadsheet_id=body.get("spreadsheetId"),
                input=body.get("input", "RAW"),
            )
            return {"spreadsheetId": key}
        if method == "GET" and len(parts) == 2:
            return fake.describe(parts[1])
        if method == "GET" and parts[2:] == ["values"]:
            sheet: SheetRef = args["sheet"]
            return {"values": fake.values(parts[1], sheet, args.get("render", "UNFORMATTED_VALUE"))}
        if method == "POST" and len(parts) == 4 and parts[2] == "human":
            action = parts[3].replace("-", "_")
            if action not in HUMAN_ACTIONS:
                return None
            kwargs = dict(body)
            human = fake.human(parts[1], kwargs.pop("sheet"))
            getattr(human, action)(**kwargs)
            return {"done": action}
    if head == "requests":
        if method == "DELETE":
            fake.clear_log()
            return {"cleared": True}
        since = int(args.get("since", 0))
        return {"requests": [asdict(e) for e in fake.log if e.seq > since]}
    if head == "counts":
        return asdict(fake.counts(int(args.get("since", 0))))
    if head == "faults":
        if method == "DELETE":
            fake.faults.clear()
        elif method == "POST":
            for item in body if isinstance(body, list) else [body]:
                fake.faults.add(Fault(**item))
        return {"faults": fake.faults.listing()}
    if head == "quota" and method == "POST":
        fake.quota.set(body.get("readsPerMinute"), body.get("writesPerMinute"))
        return {"limits": fake.quota.limits}
    if head == "tokens":
        if parts[1:] == ["revoke"] and method == "POST":
            return {"revoked": fake.tokens.revoke_all()}
        return {"requests": fake.tokens.requests, "issued": len(fake.tokens.issued)}
    if head == "reset" and method == "POST":
        fake.reset()
        return {"reset": True}
    return None


def _per_cell(sheet: Sheet, attribute: str) -> dict[str, Any]:
    return {
        cell_name(r, c): getattr(cell, attribute)
        for r, row in enumerate(sheet.rows)
        for c, cell in sorted(row.items())
        if getattr(cell, attribute) is not None
    }


def _json(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload, default=str), status=status, mimetype="application/json")
