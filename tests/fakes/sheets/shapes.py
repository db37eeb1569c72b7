"""Model objects as Sheets v4 JSON (``Spreadsheet``, ``GridRange``, ``ProtectedRange``,
``DeveloperMetadata``, ``ConditionalFormatRule``).

Like Google's proto3 JSON, zero and empty fields are left out of replies: a range on sheet
0 starting at A1 comes back without ``sheetId``, ``startRowIndex`` or ``startColumnIndex``
(reference §1.9), so callers must read replies with ``.get``.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets.a1 import Area
from tests.fakes.sheets.models import (
    ConditionalFormat,
    DeveloperMetadata,
    ProtectedRange,
    Sheet,
    Spreadsheet,
)

SPREADSHEET_URL = "https://docs.google.com/spreadsheets/d/{}/edit"


def grid_range(sheet_id: int, area: Area) -> dict[str, Any]:
    fields = {"sheetId": sheet_id, **area.to_grid_range()}
    return {name: value for name, value in fields.items() if value}


def protected_range(sheet: Sheet, item: ProtectedRange) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "protectedRangeId": item.protected_range_id,
        "range": grid_range(sheet.sheet_id, item.area),
        "requestingUserCanEdit": True,
    }
    if item.description:
        answer["description"] = item.description
    if item.warning_only:
        answer["warningOnly"] = True
    elif item.editors:
        answer["editors"] = {k: v for k, v in item.editors.items() if v}
    return answer


def developer_metadata(sheet: Sheet | None, item: DeveloperMetadata) -> dict[str, Any]:
    kind = item.location[0]
    location: dict[str, Any]
    if kind == "SPREADSHEET":
        location = {"locationType": "SPREADSHEET", "spreadsheet": True}
    elif kind == "SHEET":
        assert sheet is not None
        location = {"locationType": "SHEET", "sheetId": sheet.sheet_id}
    else:
        assert sheet is not None
        location = {
            "locationType": "ROW" if kind == "ROWS" else "COLUMN",
            "dimensionRange": {
                "sheetId": sheet.sheet_id,
                "dimension": kind,
                "startIndex": item.location[1],
                "endIndex": item.location[2],
            },
        }
    answer: dict[str, Any] = {
        "metadataId": item.metadata_id,
        "metadataKey": item.key,
        "location": location,
        "visibility": item.visibility,
    }
    if item.value is not None:
        answer["metadataValue"] = item.value
    return answer


def conditional_format(sheet: Sheet, item: ConditionalFormat) -> dict[str, Any]:
    return {"ranges": [grid_range(sheet.sheet_id, a) for a in item.areas], **item.rule}


def sheet_json(sheet: Sheet, index: int) -> dict[str, Any]:
    answer: dict[str, Any] = {"properties": sheet.properties(index)}
    if sheet.protected:
        answer["protectedRanges"] = [protected_range(sheet, p) for p in sheet.protected]
    if sheet.conditional_formats:
        answer["conditionalFormats"] = [
            conditional_format(sheet, c) for c in sheet.conditional_formats
        ]
    on_sheet = [m for m in sheet.metadata if m.location[0] == "SHEET"]
    if on_sheet:
        answer["developerMetadata"] = [developer_metadata(sheet, m) for m in on_sheet]
    return answer


def spreadsheet_json(spreadsheet: Spreadsheet) -> dict[str, Any]:
    """``spreadsheets.get`` without grid data (``includeGridData`` is not simulated)."""
    answer: dict[str, Any] = {
        "spreadsheetId": spreadsheet.spreadsheet_id,
        "properties": {
            "title": spreadsheet.title,
            "locale": spreadsheet.locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": spreadsheet.time_zone,
        },
        "sheets": [sheet_json(s, i) for i, s in enumerate(spreadsheet.sheets)],
        "spreadsheetUrl": SPREADSHEET_URL.format(spreadsheet.spreadsheet_id),
    }
    if spreadsheet.metadata:
        answer["developerMetadata"] = [developer_metadata(None, m) for m in spreadsheet.metadata]
    return answer


def all_metadata(spreadsheet: Spreadsheet) -> list[tuple[Sheet | None, DeveloperMetadata]]:
    found: list[tuple[Sheet | None, DeveloperMetadata]] = [(None, m) for m in spreadsheet.metadata]
    for sheet in spreadsheet.sheets:
        found.extend((sheet, m) for m in sheet.metadata)
    return found
