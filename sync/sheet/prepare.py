"""``wixsync init``: make a Google Sheet easy for volunteers on phones.

One atomic ``spreadsheets:batchUpdate``:

* the header row frozen;
* the daemon's columns protected with a *warning* (the owner may still edit them);
* a dropdown for Payment (the configured words) and for Class (the Wix class names);
* a checkbox for Attended;
* a conditional format that turns a row red while its Error cell is filled;
* the Row ID column hidden.

An empty tab gets the header row first (the configured columns); missing daemon columns are
added first (relatively, never by resizing). The batch is marked by a developer-metadata
stamp holding a hash of what was applied; running ``init`` again with the same settings
finds the stamp and sends nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sync.sheet.base import CellWrite
from sync.sheet.columns import DEFAULT_COLUMNS, Column, Owner, match_headers
from sync.sheet.google import GoogleSheet

STAMP_KEY = "wixsync.init"
ERROR_RED = {"red": 0.98, "green": 0.80, "blue": 0.80}


@dataclass(frozen=True)
class Prepared:
    changed: bool
    steps: tuple[str, ...]


def header_written(columns: tuple[Column, ...]) -> str:
    return (
        f"wrote the header row ({len(columns)} columns: {columns[0].header}, "
        f"{columns[1].header}, … {columns[-1].header})"
    )


def _column_letter(index: int) -> str:
    from gspread.utils import rowcol_to_a1

    return rowcol_to_a1(1, index + 1)[:-1]


def prepare_sheet(
    sheet: GoogleSheet,
    *,
    payment_words: list[str],
    class_names: list[str],
    columns: tuple[Column, ...] = DEFAULT_COLUMNS,
) -> Prepared:
    grid = sheet.read()
    steps: list[str] = []
    if not grid:  # an empty tab: give it the default header row
        sheet.write([CellWrite(0, i, c.header) for i, c in enumerate(columns)])
        steps.append(header_written(columns))
        grid = sheet.read()
    layout = match_headers(grid[0], columns)
    if layout.missing_daemon:
        sheet.add_columns([c.header for c in layout.missing_daemon], at=len(grid[0]))
        steps.append("added columns " + ", ".join(c.header for c in layout.missing_daemon))
        grid = sheet.read()
        layout = match_headers(grid[0], columns)
    sheet_id = sheet.worksheet.id
    spec = {"positions": layout.positions, "payment": payment_words, "classes": class_names}
    stamp = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    metadata = sheet.spreadsheet.fetch_sheet_metadata()
    ours = [
        m
        for s in metadata.get("sheets", [])
        if s["properties"]["sheetId"] == sheet_id
        for m in s.get("developerMetadata", [])
        if m.get("metadataKey") == STAMP_KEY
    ]
    if any(m.get("metadataValue") == stamp for m in ours) and not steps:
        return Prepared(False, ())
    requests: list[dict[str, Any]] = []
    for old in ours:
        requests.append(
            {
                "deleteDeveloperMetadata": {
                    "dataFilter": {"developerMetadataLookup": {"metadataId": old["metadataId"]}}
                }
            }
        )
    for protected in _our_protections(metadata, sheet_id):
        requests.append({"deleteProtectedRange": {"protectedRangeId": protected}})

    def col_range(key: str) -> dict[str, Any]:
        index = layout.positions[key]
        return {
            "sheetId": sheet_id,
            "startRowIndex": 1,
            "startColumnIndex": index,
            "endColumnIndex": index + 1,
        }

    requests.append(
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        }
    )
    steps.append("froze the header row")
    for column in columns:
        if column.owner == Owner.DAEMON and column.key in layout.positions:
            index = layout.positions[column.key]
            requests.append(
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {
                                "sheetId": sheet_id,
                                "startColumnIndex": index,
                                "endColumnIndex": index + 1,
                            },
                            "description": f"wixsync: {column.header} is written by the daemon",
                            "warningOnly": True,
                        }
                    }
                }
            )
    steps.append("protected the daemon's columns (with a warning)")
    requests.append(_list_rule(col_range("payment"), payment_words))
    steps.append("Payment dropdown")
    if class_names:
        requests.append(_list_rule(col_range("class_name"), class_names))
        steps.append("Class dropdown")
    if "attended" in layout.positions:
        requests.append(
            {
                "setDataValidation": {
                    "range": col_range("attended"),
                    "rule": {"condition": {"type": "BOOLEAN"}, "showCustomUi": True},
                }
            }
        )
        steps.append("Attended checkbox")
    error = _column_letter(layout.positions["error"])
    if not _has_error_format(metadata, sheet_id, error):
        requests.append(
            {
                "addConditionalFormatRule": {
                    "index": 0,
                    "rule": {
                        "ranges": [{"sheetId": sheet_id, "startRowIndex": 1}],
                        "booleanRule": {
                            "condition": {
                                "type": "CUSTOM_FORMULA",
                                "values": [{"userEnteredValue": f'=${error}2<>""'}],
                            },
                            "format": {"backgroundColor": ERROR_RED},
                        },
                    },
                }
            }
        )
        steps.append("rows with an Error turn red")
    row_id = layout.positions["row_id"]
    requests.append(
        {
            "updateDimensionProperties": {
                "range": {
                    "sheetId": sheet_id,
                    "dimension": "COLUMNS",
                    "startIndex": row_id,
                    "endIndex": row_id + 1,
                },
                "properties": {"hiddenByUser": True},
                "fields": "hiddenByUser",
            }
        }
    )
    steps.append("hid the Row ID column")
    requests.append(
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": STAMP_KEY,
                    "metadataValue": stamp,
                    "location": {"sheetId": sheet_id},
                    "visibility": "DOCUMENT",
                }
            }
        }
    )
    sheet.spreadsheet.batch_update({"requests": requests})
    return Prepared(True, tuple(steps))


def _list_rule(grid_range: dict[str, Any], words: list[str]) -> dict[str, Any]:
    return {
        "setDataValidation": {
            "range": grid_range,
            "rule": {
                "condition": {
                    "type": "ONE_OF_LIST",
                    "values": [{"userEnteredValue": w} for w in words],
                },
                "showCustomUi": True,
                "strict": False,
            },
        }
    }


def _our_protections(metadata: dict[str, Any], sheet_id: int) -> list[int]:
    return [
        p["protectedRangeId"]
        for s in metadata.get("sheets", [])
        if s["properties"]["sheetId"] == sheet_id
        for p in s.get("protectedRanges", [])
        if str(p.get("description", "")).startswith("wixsync:")
    ]


def _has_error_format(metadata: dict[str, Any], sheet_id: int, error_letter: str) -> bool:
    formula = f'=${error_letter}2<>""'
    for s in metadata.get("sheets", []):
        if s["properties"]["sheetId"] != sheet_id:
            continue
        for rule in s.get("conditionalFormats", []):
            values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
            if any(v.get("userEnteredValue") == formula for v in values):
                return True
    return False
