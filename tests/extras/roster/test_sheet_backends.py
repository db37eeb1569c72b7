"""The two backend operations the roster and the dropdowns use — ``append_rows`` and
``set_choices`` — on each backend: the Google Sheet (real gspread, fake API), an ``.xlsx``
file (real openpyxl dropdowns) and a ``.csv`` file (rows appended; no dropdowns)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sync.sheet.base import Choices
from sync.sheet.localfile import LocalSheet
from tests.proof.world import HEADER, World, line

ROW = ["2026-06-15", "18:00", "Masters Swim", "Gus Petrov", "gus@example.org", "paid", "", ""]


# -- Google ---------------------------------------------------------------------------------
def test_google_rows_are_inserted_below_the_table_in_one_raw_request(tmp_path: Path) -> None:
    world = World(tmp_path, [line("Ana Lee", "ana@example.org")])
    sheet = world._open_sheet()
    human = world.human()
    human.set_cell("A4", "a note two rows below the table")  # a volunteer's cell below a gap
    before = world.sheets.counts()
    sheet.append_rows([ROW, [*ROW[:3], "=1+2", "x@example.org", "", "", ""]])
    counts = world.sheets.counts()
    assert counts.writes - before.writes == 1
    assert counts.by_endpoint["values.append"] == 1
    assert counts.value_input_options.get("RAW", 0) >= 1
    grid = world.grid()
    assert grid[2][:5] == ROW[:5]
    assert grid[3][3] == "=1+2"  # stored as text, never evaluated
    assert grid[5][0] == "a note two rows below the table"  # moved down, not overwritten
    cells = world.sheets.cells(world.key, "Attendance")
    assert cells["D4"] == {"stringValue": "=1+2"}


def test_google_dropdowns_are_set_and_removed_in_one_request(tmp_path: Path) -> None:
    world = World(tmp_path, [line("Ana Lee", "ana@example.org")] * 3)
    sheet = world._open_sheet()
    before = world.sheets.counts().writes
    sheet.set_choices(
        [
            Choices(2, 1, None, ("Mon 15 Jun 18:00 · Masters Swim · 2/30", "Masters Swim")),
            Choices(6, 1, 3, ("10 Swim Pass",)),
        ]
    )
    assert world.sheets.counts().writes - before == 1
    rules = world.sheets.describe(world.key)["sheets"][0]["validations"]
    assert rules["C2"]["condition"]["values"][0] == {
        "userEnteredValue": "Mon 15 Jun 18:00 · Masters Swim · 2/30"
    }
    assert (rules["C2"]["strict"], rules["C2"]["showCustomUi"]) == (False, True)
    assert ("G2" in rules, "G3" in rules, "G4" in rules) == (True, True, False)
    sheet.set_choices([Choices(6, 2, 3, None)])  # removed from one row
    rules = world.sheets.describe(world.key)["sheets"][0]["validations"]
    assert ("G2" in rules, "G3" in rules) == (True, False)


# -- local files -----------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_local_file_gets_the_rows_below_its_last_row(tmp_path: Path, suffix: str) -> None:
    sheet = LocalSheet(tmp_path / f"class{suffix}")
    sheet.create([HEADER, line("Ana Lee", "ana@example.org")])
    sheet.append_rows([ROW, [*ROW[:3], "=1+2", "x@example.org", "", "", ""]])
    grid = sheet.read()
    assert len(grid) == 4
    assert grid[2][:5] == ROW[:5]
    if suffix == ".csv":
        with (tmp_path / "class.csv").open() as handle:
            assert list(csv.reader(handle))[3][3] == "'=1+2"  # never a formula elsewhere
    else:
        book = load_workbook(tmp_path / "class.xlsx")
        assert book.worksheets[0]["D4"].data_type == "s"


def test_an_xlsx_file_gets_real_dropdowns_and_a_csv_file_none(tmp_path: Path) -> None:
    xlsx = LocalSheet(tmp_path / "class.xlsx")
    xlsx.create([HEADER, *[line("Ana Lee", "ana@example.org")] * 4])
    labels = tuple(f"Mon 15 Jun 18:00 · Masters Swim · {n}/30" for n in range(20))  # > 255
    xlsx.set_choices([Choices(2, 1, None, labels), Choices(6, 1, 3, ("10 Swim Pass",))])
    xlsx.set_choices([Choices(6, 2, 3, ("10 Swim Pass", "Unlimited Summer"))])
    book = load_workbook(tmp_path / "class.xlsx")
    sheet = book.worksheets[0]
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    lists = book["wixsync lists"]
    assert lists.sheet_state == "hidden"

    def values(sqref: str) -> list[str]:
        rule = rules[sqref]
        assert (rule.type, rule.showErrorMessage) == ("list", False)  # other typing allowed
        column = rule.formula1.split("!$", 1)[1][0]
        return [c.value for c in lists[column] if c.value is not None]

    assert values("C2:C1048576") == list(labels)
    assert values("G2") == ["10 Swim Pass"]
    assert values("G3") == ["10 Swim Pass", "Unlimited Summer"]
    assert xlsx.read()[1][3] == "Ana Lee"  # the attendance tab is still the one read
    # removing one leaves the others
    xlsx.set_choices([Choices(6, 1, 2, None)])
    book = load_workbook(tmp_path / "class.xlsx")
    sqrefs = {str(dv.sqref) for dv in book.worksheets[0].data_validations.dataValidation}
    assert sqrefs == {"C2:C1048576", "G3"}
    csv_sheet = LocalSheet(tmp_path / "class.csv")
    csv_sheet.create([HEADER])
    before = (tmp_path / "class.csv").read_bytes()
    csv_sheet.set_choices([Choices(2, 1, None, labels)])
    assert (tmp_path / "class.csv").read_bytes() == before
