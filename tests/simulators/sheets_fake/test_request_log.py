"""The request log answers "how many reads and writes did that cost, and were they RAW?"
(reference §1.4, §2, §5.13)."""

from __future__ import annotations

import gspread
import requests

from tests.fakes.sheets import FakeSheets, FakeSheetsServer


def test_open_then_select_costs_two_reads(gc: gspread.Client, fake: FakeSheets, key: str) -> None:
    gc.open_by_key(key).worksheet("Attendance")
    counts = fake.counts()
    assert (counts.reads, counts.writes, counts.tokens) == (2, 0, 1)


def test_a_cycle_of_one_read_and_one_raw_batch_write(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    mark = fake.log[-1].seq
    ws.get_all_values()
    ws.spreadsheet.values_batch_update(
        {"valueInputOption": "RAW", "data": [{"range": "'Attendance'!E2", "values": [["BK-1"]]}]}
    )
    counts = fake.counts(since=mark)
    assert (counts.reads, counts.writes) == (1, 1)
    assert counts.by_endpoint == {"values.get": 1, "values.batchUpdate": 1}
    assert counts.value_input_options == {"RAW": 1}


def test_each_write_records_its_value_input_option(ws: gspread.Worksheet, fake: FakeSheets) -> None:
    ws.update([["x"]], "E2")
    ws.update([["=1"]], "E3", raw=False)
    ws.append_rows([["y"]], value_input_option="USER_ENTERED")
    assert fake.counts().value_input_options == {"RAW": 1, "USER_ENTERED": 2}
    assert [e.value_input_option for e in fake.log if e.kind == "write"] == [
        "RAW",
        "USER_ENTERED",
        "USER_ENTERED",
    ]


def test_the_log_keeps_the_raw_path_gspread_sent(ws: gspread.Worksheet, fake: FakeSheets) -> None:
    ws.append_rows([["y"]], table_range="A1")
    assert fake.log[-1].path.endswith("/values/%27Attendance%27%21A1:append")
    assert fake.log[-1].body == {"values": [["y"]]}


def test_the_log_and_counts_over_http(server: FakeSheetsServer, ws: gspread.Worksheet) -> None:
    counts = requests.get(f"{server.url}/_fake/counts", timeout=5).json()
    assert counts["reads"] == 2
    log = requests.get(f"{server.url}/_fake/requests", params={"since": 2}, timeout=5).json()
    assert [e["endpoint"] for e in log["requests"]] == ["spreadsheets.get"]
    requests.delete(f"{server.url}/_fake/requests", timeout=5)
    assert requests.get(f"{server.url}/_fake/counts", timeout=5).json()["reads"] == 0
