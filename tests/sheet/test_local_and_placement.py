"""Header matching, placing values by Row ID, and the local-file sheet."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from sync.sheet import (
    CellWrite,
    HeaderProblem,
    LocalSheet,
    RowUpdate,
    fingerprint,
    match_headers,
    place,
)

HEADER = [
    "Date",
    "Class",
    "Name",
    "Email",
    "Payment",
    "Plan",
    "Attended",
    "Booking ID",
    "Order ID",
    "Status",
    "Error",
    "Synced at",
    "Row ID",
]


def test_headers_match_case_space_and_aliases() -> None:
    layout = match_headers([" date ", "CLASS", "full_name", "E-mail", "paid", "attended"])
    assert layout.positions == {
        "date": 0,
        "class_name": 1,
        "name": 2,
        "email": 3,
        "payment": 4,
        "attended": 5,
    }
    assert [c.header for c in layout.missing_daemon] == [
        "Booking ID",
        "Order ID",
        "Status",
        "Error",
        "Synced at",
        "Row ID",
    ]


def test_headers_match_whatever_symbols_or_invisible_marks_surround_them() -> None:
    layout = match_headers(
        ["Date:", "Class 🏊", "\u200bName", "📧 Email", "Payment\u00a0", "ＰＬＡＮ", "Attended ✓"]
    )
    assert list(layout.positions) == [
        "date", "class_name", "name", "email", "payment", "plan", "attended"
    ]  # fmt: skip


def test_missing_and_duplicated_headers_are_an_owner_facing_problem() -> None:
    with pytest.raises(HeaderProblem) as caught:
        match_headers(["Date", "Class", "Name", "Email", "Email", "Notes"])
    message = str(caught.value)
    assert "no column 'Payment'" in message
    assert "more than one column is called 'Email'" in message


def _grid() -> list[list[object]]:
    return [
        HEADER,
        ["6/15", "Open Water Swim", "Ana Lee", "ana@x.org", "plan", "", True] + [""] * 5 + ["r-a"],
        ["6/15", "Open Water Swim", "Ben O", "ben@x.org", "cash", "", True] + [""] * 6,
    ]


def test_values_go_to_the_row_with_the_row_id_after_a_sort() -> None:
    grid = _grid()
    layout = match_headers(grid[0])
    read_ben = fingerprint(grid[2], layout)
    grid[1], grid[2] = grid[2], grid[1]  # a volunteer sorted the sheet
    result = place(
        grid,
        layout,
        [
            RowUpdate("r-a", {"status": "Booked"}),
            RowUpdate(
                "r-b", {"status": "Booked · paid cash"}, new=True, fingerprint=read_ben, read_at=2
            ),
        ],
    )
    assert sorted(result.placed) == ["r-a", "r-b"]
    cells = {(w.row, w.col): w.value for w in result.writes}
    assert cells[(2, HEADER.index("Status"))] == "Booked"
    assert cells[(1, HEADER.index("Status"))] == "Booked · paid cash"
    assert cells[(1, HEADER.index("Row ID"))] == "r-b"


def test_a_vanished_or_edited_new_row_is_skipped_never_misplaced() -> None:
    grid = _grid()
    layout = match_headers(grid[0])
    read_ben = fingerprint(grid[2], layout)
    grid[2][4] = "plan"  # typed into between read and write
    del grid[1]  # and Ana's row deleted
    result = place(
        grid,
        layout,
        [
            RowUpdate("r-a", {"status": "x"}),
            RowUpdate("r-b", {"status": "y"}, new=True, fingerprint=read_ben, read_at=2),
        ],
    )
    assert result.writes == []
    assert sorted(result.skipped) == ["r-a", "r-b"]


def test_unchanged_values_are_not_written_again() -> None:
    grid = _grid()
    grid[1][HEADER.index("Status")] = "Booked"
    layout = match_headers(grid[0])
    assert place(grid, layout, [RowUpdate("r-a", {"status": "Booked"})]).writes == []


@pytest.mark.parametrize("seed", range(50))
def test_random_sorts_inserts_and_deletes_never_misplace_a_value(seed: int) -> None:
    rng = random.Random(seed)
    rows = [
        ["6/15", "Open Water Swim", f"P{i}", f"p{i}@x.org", "cash", "", ""]
        + [""] * 5
        + ([f"id{i}"] if i % 2 else [""])
        for i in range(30)
    ]
    grid = [HEADER, *rows]
    layout = match_headers(HEADER)
    updates = [
        RowUpdate(
            f"id{i}",
            {"booking_id": f"B{i}"},
            new=not i % 2,
            fingerprint=fingerprint(grid[i + 1], layout),
            read_at=i + 1,
        )
        for i in range(30)
    ]
    body = grid[1:]
    for _ in range(rng.randint(1, 6)):
        action = rng.choice(["sort", "insert", "delete"])
        if action == "sort":
            rng.shuffle(body)
        elif action == "insert":
            body.insert(
                rng.randrange(len(body) + 1),
                ["6/16", "Masters Swim", "New", "n@x.org", "cash", "", ""] + [""] * 6,
            )
        elif body:
            body.pop(rng.randrange(len(body)))
    grid = [HEADER, *body]
    result = place(grid, layout, updates)
    for write in result.writes:
        if write.col == HEADER.index("Booking ID"):
            name = grid[write.row][HEADER.index("Name")]
            assert write.value == f"B{name[1:]}", "a value landed on someone else's row"


def test_csv_sheet_keeps_people_cells_and_stores_formulas_as_text(tmp_path: Path) -> None:
    sheet = LocalSheet(tmp_path / "class.csv")
    sheet.create(
        [
            HEADER,
            [
                "6/15",
                "Open Water Swim",
                '=HYPERLINK("x")',
                "a@x.org",
                "cash",
                "",
                "x",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    sheet.write([CellWrite(1, HEADER.index("Error"), "=cmd|' /C calc'!A0")])
    with (tmp_path / "class.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][2] == '=HYPERLINK("x")', "a person's cell is never changed"
    assert rows[1][HEADER.index("Error")] == "'=cmd|' /C calc'!A0"


def test_xlsx_sheet_writes_text_never_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = LocalSheet(tmp_path / "class.xlsx")
    sheet.create([HEADER, ["6/15", "Open Water Swim", "Ana", "a@x.org", "cash"]])
    sheet.write([CellWrite(1, HEADER.index("Error"), "=1+1")])
    cell = load_workbook(tmp_path / "class.xlsx").worksheets[0].cell(2, HEADER.index("Error") + 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert sheet.read()[1][2] == "Ana"


def test_local_writes_replace_the_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    sheet = LocalSheet(path)
    sheet.create([HEADER])
    path.chmod(0o640)
    sheet.add_columns(["Extra"], at=len(HEADER))
    assert sheet.read()[0][-1] == "Extra"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["class.csv"], "no temporary file left"


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        LocalSheet(tmp_path / "class.ods")
