"""A volunteer edits the sheet between the daemon's calls (control plane, reference §3):
rows move under the daemon, so a row number read earlier may name someone else."""

from __future__ import annotations

import gspread
import pytest
import requests

from tests.fakes.sheets import FakeSheets, FakeSheetsServer, ProtectedCell


def names(fake: FakeSheets, key: str) -> list[str]:
    return [row[0] if row else "" for row in fake.values(key, "Attendance")]


def test_inserting_rows_above_shifts_everything_below(
    ws: gspread.Worksheet, fake: FakeSheets, key: str
) -> None:
    stale = ws.get_all_values()  # the daemon read Bob at row 3
    assert stale[2][0] == "Bob Ray"
    fake.human(key, "Attendance").insert_rows(above=2, count=2)
    ws.update([["BK-1"]], "E3")  # ...and writes Bob's booking at row 3: the hazard
    assert names(fake, key) == ["Name", "", "", "Ann Lee", "Bob Ray", "Cy Dunn"]
    assert fake.values(key, "Attendance")[2] == ["", "", "", "", "BK-1"]


def test_deleting_a_row_shifts_everything_below_up(fake: FakeSheets, key: str) -> None:
    fake.human(key, "Attendance").delete_rows(2)
    assert names(fake, key) == ["Name", "Bob Ray", "Cy Dunn"]
    assert fake.sheet(key, "Attendance").row_count == 999


def test_sorting_by_a_column_keeps_the_header(fake: FakeSheets, key: str) -> None:
    fake.human(key, "Attendance").sort("C", descending=True)
    assert names(fake, key) == ["Name", "Cy Dunn", "Bob Ray", "Ann Lee"]  # unpaid, pass, cash


def test_typing_is_parsed_like_the_ui(fake: FakeSheets, key: str) -> None:
    volunteer = fake.human(key, "Attendance")
    volunteer.set_row(5, ["Dee Fox", "Masters", "cash", "0123", None])
    volunteer.set_cell("E2", "'=not a formula")
    assert fake.cells(key, "Attendance")["D5"] == {"numberValue": 123}  # the leading 0 is lost
    assert fake.cells(key, "Attendance")["E2"] == {"stringValue": "=not a formula"}


def test_protected_cells_can_refuse_a_volunteer(
    gc: gspread.Client, fake: FakeSheets, key: str
) -> None:
    gc.open_by_key(key).worksheet("Attendance").add_protected_range("E1:E1000")
    with pytest.raises(ProtectedCell):
        fake.human(key, "Attendance").set_cell("E2", "typed", respect_protection=True)
    fake.human(key, "Attendance").set_cell("D2", "typed", respect_protection=True)


def test_the_control_plane_over_http(server: FakeSheetsServer, fake: FakeSheets) -> None:
    base = f"{server.url}/_fake"
    created = requests.post(
        f"{base}/spreadsheets",
        json={"sheets": {"Attendance": [["Name"], ["Ann"], ["Bob"]]}, "spreadsheetId": "demo"},
        timeout=5,
    ).json()
    assert created == {"spreadsheetId": "demo"}
    for action, body in (
        ("insert-rows", {"above": 2}),
        ("set-cell", {"a1": "A2", "value": "Zed"}),
        ("sort", {"column": "A"}),
    ):
        answer = requests.post(
            f"{base}/spreadsheets/demo/human/{action}",
            json={"sheet": "Attendance", **body},
            timeout=5,
        )
        assert answer.status_code == 200, answer.text
    values = requests.get(
        f"{base}/spreadsheets/demo/values", params={"sheet": "Attendance"}, timeout=5
    )
    assert values.json() == {"values": [["Name"], ["Ann"], ["Bob"], ["Zed"]]}
    requests.post(
        f"{base}/spreadsheets/demo/human/rename", json={"sheet": 0, "title": "Att"}, timeout=5
    )
    dump = requests.get(f"{base}/spreadsheets/demo", timeout=5).json()
    assert dump["sheets"][0]["properties"]["title"] == "Att"
    bad = requests.post(
        f"{base}/spreadsheets/demo/human/delete-rows",
        json={"sheet": "Att", "row": 0},
        timeout=5,
    )
    assert bad.status_code == 400
    assert (
        requests.get(f"{base}/counts", timeout=5).json()["reads"] == 0
    )  # controls are not counted


def test_sorting_by_a_header_name(fake: FakeSheets, key: str) -> None:
    fake.human(key, "Attendance").sort("Paid")
    assert names(fake, key) == ["Name", "Ann Lee", "Bob Ray", "Cy Dunn"]  # cash, pass, unpaid
    with pytest.raises(ValueError, match="no header"):
        fake.human(key, "Attendance").sort("Nowhere")
