"""``spreadsheets:batchUpdate``: sheets, dimensions, rules, metadata; one batch is atomic
(reference §1.8, §1.9, §4.1)."""

from __future__ import annotations

import gspread
from gspread.utils import ValidationConditionType

from tests.fakes.sheets import FakeSheets
from tests.simulators.sheets_fake.batch import refused, run


def test_add_worksheet_assigns_an_id_and_google_defaults(gc: gspread.Client, key: str) -> None:
    sh = gc.open_by_key(key)
    ws = sh.add_worksheet("Run log", rows=10, cols=3)
    assert ws.id > 0
    assert [w.title for w in sh.worksheets()] == ["Attendance", "Log", "Run log"]
    (reply,) = run(sh, {"addSheet": {}})
    assert reply["addSheet"]["properties"]["title"] == "Sheet4"
    assert reply["addSheet"]["properties"]["gridProperties"] == {
        "rowCount": 1000,
        "columnCount": 26,
    }


def test_a_duplicate_title_is_refused_with_googles_text(gc: gspread.Client, key: str) -> None:
    assert refused(gc.open_by_key(key), {"addSheet": {"properties": {"title": "log"}}}) == (
        'Invalid requests[0].addSheet: A sheet with the name "log" already exists. '
        "Please enter another name."
    )


def test_update_sheet_properties_applies_only_the_masked_fields(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    props = {
        "sheetId": 0,
        "title": "Renamed",
        "gridProperties": {"frozenRowCount": 1, "rowCount": 5},
    }
    run(
        sh,
        {"updateSheetProperties": {"properties": props, "fields": "gridProperties/frozenRowCount"}},
    )
    sheet = fake.sheet(key, 0)
    assert (sheet.title, sheet.frozen_rows, sheet.row_count) == ("Attendance", 1, 1000)
    assert (
        sh.fetch_sheet_metadata()["sheets"][0]["properties"]["gridProperties"]["frozenRowCount"]
        == 1
    )


def test_a_batch_with_one_bad_request_applies_none(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    held = fake.sheet(key, 0)  # a reference taken before the batch stays the live sheet
    message = refused(
        sh,
        {"addSheet": {"properties": {"title": "New"}}},
        {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 2}},
        {
            "deleteDimension": {
                "range": {"sheetId": 999, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}
            }
        },
    )
    assert message == "Invalid requests[2].deleteDimension: No grid with id: 999"
    assert [s.title for s in fake.spreadsheet(key).sheets] == ["Attendance", "Log"]
    assert fake.sheet(key, 0).col_count == 26
    assert fake.sheet(key, 0) is held


def test_a_later_request_may_use_a_sheet_added_earlier_in_the_batch(
    gc: gspread.Client, key: str
) -> None:
    replies = run(
        gc.open_by_key(key),
        {"addSheet": {"properties": {"title": "New", "sheetId": 77}}},
        {"appendDimension": {"sheetId": 77, "dimension": "ROWS", "length": 5}},
    )
    assert replies[1] == {}


def test_unknown_and_unsimulated_request_kinds(gc: gspread.Client, key: str) -> None:
    sh = gc.open_by_key(key)
    assert refused(sh, {"frobnicate": {}}) == (
        "Invalid JSON payload received. Unknown name \"frobnicate\" at 'requests[0]': "
        "Cannot find field."
    )
    assert "does not simulate" in refused(sh, {"mergeCells": {"range": {}}})


def test_insert_and_delete_dimension_move_values(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    run(
        sh,
        {
            "insertDimension": {
                "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}
            }
        },
    )
    assert fake.values(key, 0)[0][:2] == ["", "Name"]
    run(
        sh,
        {
            "deleteDimension": {
                "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}
            }
        },
    )
    assert [r[1] for r in fake.values(key, 0)] == ["Name", "Cy Dunn"]
    assert fake.sheet(key, 0).row_count == 998


def test_validation_and_protection_as_gspread_sends_them(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    ws = gc.open_by_key(key).worksheet("Attendance")
    ws.add_validation(
        "C2:C1000", ValidationConditionType.one_of_list, ["cash", "pass"], strict=True
    )
    answer = ws.add_protected_range(
        "E1:E1000", editor_users_emails=["sa@x.iam.gserviceaccount.com"]
    )
    reply = answer["replies"][0]["addProtectedRange"]["protectedRange"]
    assert reply["range"] == {"endRowIndex": 1000, "startColumnIndex": 4, "endColumnIndex": 5}
    assert reply["requestingUserCanEdit"] is True
    assert isinstance(reply["protectedRangeId"], int)
    listed = ws.spreadsheet.list_protected_ranges(ws.id)
    assert [p["protectedRangeId"] for p in listed] == [reply["protectedRangeId"]]
    rule = fake.describe(key)["sheets"][0]["validations"]["C2"]
    assert rule["condition"] == {
        "type": "ONE_OF_LIST",
        "values": [{"userEnteredValue": "cash"}, {"userEnteredValue": "pass"}],
    }


def test_whole_sheet_protection_twice_is_refused(gc: gspread.Client, key: str) -> None:
    sh = gc.open_by_key(key)
    request = {
        "addProtectedRange": {"protectedRange": {"range": {"sheetId": 0}, "warningOnly": True}}
    }
    run(sh, request)
    assert refused(sh, request) == (
        "Invalid requests[0].addProtectedRange: "
        "The sheet 'Attendance' already has sheet protection."
    )


def test_inserting_rows_moves_protection_rules_and_metadata_with_them(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    at_row_3 = {"sheetId": 0, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}
    run(
        sh,
        {
            "addProtectedRange": {
                "protectedRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 4}}
            }
        },
        {
            "addConditionalFormatRule": {
                "rule": {
                    "ranges": [{"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3}],
                    "booleanRule": {"condition": {"type": "NOT_BLANK"}, "format": {}},
                }
            }
        },
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": "wixsync.rowKey",
                    "metadataValue": "u-1",
                    "visibility": "DOCUMENT",
                    "location": {"dimensionRange": at_row_3},
                }
            }
        },
        {
            "updateDimensionProperties": {
                "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 4, "endIndex": 5},
                "properties": {"hiddenByUser": True},
                "fields": "hiddenByUser",
            }
        },
    )
    fake.human(key, "Attendance").insert_rows(above=1, count=2)
    sheet = sh.fetch_sheet_metadata()["sheets"][0]
    assert sheet["protectedRanges"][0]["range"] == {"startRowIndex": 3, "endRowIndex": 6}
    assert sheet["conditionalFormats"][0]["ranges"] == [{"startRowIndex": 4, "endRowIndex": 5}]
    found = sh.client.request(
        "post",
        f"https://sheets.googleapis.com/v4/spreadsheets/{key}/developerMetadata:search",
        json={"dataFilters": [{"developerMetadataLookup": {"metadataValue": "u-1"}}]},
    ).json()
    location = found["matchedDeveloperMetadata"][0]["developerMetadata"]["location"]
    assert location["locationType"] == "ROW"
    assert location["dimensionRange"]["startIndex"] == 4
    assert fake.describe(key)["sheets"][0]["dimensionProperties"]["COLUMNS"] == {
        "4": {"hiddenByUser": True}
    }


def test_deleting_a_row_deletes_its_metadata(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    row = {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}
    (reply,) = run(
        sh,
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": "k",
                    "visibility": "DOCUMENT",
                    "location": {"dimensionRange": row},
                }
            }
        },
    )
    assert (
        reply["createDeveloperMetadata"]["developerMetadata"]["location"]["locationType"] == "ROW"
    )
    fake.human(key, "Attendance").delete_rows(2)
    assert fake.spreadsheet(key).sheets[0].metadata == []


def test_sort_range_sorts_numbers_then_text_with_blanks_last(
    gc: gspread.Client, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"S": [["k"], ["b"], [""], [2], ["A"], [10], [True]]})
    sh = gc.open_by_key(key)
    run(
        sh,
        {
            "sortRange": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 7,
                    "startColumnIndex": 0,
                    "endColumnIndex": 1,
                },
                "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}],
            }
        },
    )
    assert fake.values(key, "S") == [["k"], [2], [10], ["A"], ["b"], [True]]
