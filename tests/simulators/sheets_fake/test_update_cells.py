"""``updateCells``: CellData over a range (what the rows leave out is cleared) or from a start
coordinate, in the request shape of the Sheets v4 reference (``UpdateCellsRequest``)."""

from __future__ import annotations

from typing import Any

import gspread

from tests.fakes.sheets import FakeSheets
from tests.simulators.sheets_fake.batch import refused, run


def rows(*lines: list[Any]) -> list[dict[str, Any]]:
    def cell(value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        kind = "numberValue" if isinstance(value, int | float) else "stringValue"
        return {"userEnteredValue": {kind: value}}

    return [{"values": [cell(v) for v in line]} for line in lines]


def test_a_whole_sheet_range_replaces_every_value_and_clears_the_rest(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    log = fake.sheet(key, "Log")
    log.set_value(5, 7, "stale")  # H6: left by an earlier, longer write
    log.set_value(0, 3, "old")
    (reply,) = run(
        sh,
        {
            "updateCells": {
                "range": {"sheetId": log.sheet_id},
                "rows": rows(["Summary", None], ["Cash", 15], ["=1+2"]),
                "fields": "userEnteredValue",
            }
        },
    )
    assert reply == {}
    assert fake.values(key, "Log") == [["Summary"], ["Cash", 15], ["=1+2"]]
    assert fake.cells(key, "Log")["A3"] == {"stringValue": "=1+2"}  # text, not a formula


def test_a_bounded_range_clears_only_inside_it(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    run(
        sh,
        {
            "updateCells": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 1,
                    "endRowIndex": 3,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                },
                "rows": rows(["Zed"]),
                "fields": "userEnteredValue",
            }
        },
    )
    grid = fake.values(key, "Attendance")
    assert grid[1][:3] == ["Zed", "", "cash"]
    assert grid[2][:3] == ["", "", "pass"]
    assert grid[3][:2] == ["Cy Dunn", "Masters"]


def test_start_writes_rows_of_any_width_and_keeps_the_rest(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    run(
        sh,
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 4},
                "rows": rows(["b-1"], ["b-2", "extra"]),
                "fields": "userEnteredValue",
            }
        },
    )
    grid = fake.values(key, "Attendance")
    assert [r[4:6] for r in grid[1:3]] == [["b-1"], ["b-2", "extra"]]
    assert grid[1][0] == "Ann Lee"


def test_the_mask_decides_what_is_set_and_cleared(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    run(
        sh,
        {
            "repeatCell": {
                "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2},
                "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                "fields": "userEnteredFormat.numberFormat",
            }
        },
        {
            "updateCells": {
                "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2},
                "rows": rows(["Ann"]),
                "fields": "userEnteredValue",
            }
        },
    )
    assert fake.sheet(key, 0).is_text_format(1, 0)  # the format was not in the mask: kept
    run(
        sh,
        {
            "updateCells": {
                "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2},
                "rows": [{"values": [{"userEnteredValue": {"boolValue": True}}]}],
                "fields": "*",
            }
        },
    )
    assert fake.values(key, "Attendance")[1][0] is True
    assert not fake.sheet(key, 0).is_text_format(1, 0)  # "*" cleared the format


def test_bad_requests_are_refused_and_change_nothing(
    gc: gspread.Client, key: str, fake: FakeSheets
) -> None:
    sh = gc.open_by_key(key)
    before = fake.values(key, "Attendance")
    both = {"updateCells": {"rows": [], "fields": "userEnteredValue"}}
    assert "exactly one of start or range" in refused(sh, both)
    no_mask = {"updateCells": {"start": {"sheetId": 0}, "rows": rows(["x"])}}
    assert "'fields' is required" in refused(sh, no_mask)
    read_only = {"updateCells": {"start": {"sheetId": 0}, "rows": [], "fields": "effectiveValue"}}
    assert "can't be written" in refused(sh, read_only)
    too_many = {
        "updateCells": {
            "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
            "rows": rows(["a"], ["b"]),
            "fields": "userEnteredValue",
        }
    }
    assert "more than the range" in refused(sh, too_many)
    past_grid = {
        "updateCells": {
            "start": {"sheetId": 0, "rowIndex": 999},
            "rows": rows(["a"], ["b"]),
            "fields": "userEnteredValue",
        }
    }
    assert "exceeds grid limits" in refused(sh, past_grid)
    assert fake.values(key, "Attendance") == before
