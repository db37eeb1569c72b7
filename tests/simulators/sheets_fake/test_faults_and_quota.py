"""Failures the daemon must survive: quota 429s, 5xx, an HTML 502, hangs and dropped
connections (reference §2, §5), injected per endpoint."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import gspread
import pytest
import requests

from tests.fakes.sheets import (
    FakeSheets,
    FakeSheetsServer,
    build_fake_sheets,
    fake_service_account_credentials,
    mount_fake_sheets,
)
from tests.simulators.sheets_fake.conftest import ROWS


def test_a_quota_fault_surfaces_as_api_error_429_with_googles_body(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    fake.inject("values.get", "quota")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get_all_values()
    error = caught.value
    assert error.code == 429
    assert error.response.status_code == 429
    assert error.error["status"] == "RESOURCE_EXHAUSTED"
    assert error.error["message"].startswith("Quota exceeded for quota metric 'Read requests'")
    assert error.error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    assert error.error["details"][0]["metadata"]["quota_limit"] == "ReadRequestsPerMinutePerUser"
    assert ws.get_all_values()[1][0] == "Ann Lee"  # times=1: the next call goes through


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limited(clock: Clock) -> Iterator[tuple[FakeSheets, gspread.Worksheet]]:
    fake = build_fake_sheets(reads_per_minute=3, writes_per_minute=1, clock=clock)
    key = fake.create_spreadsheet({"Attendance": ROWS})
    with FakeSheetsServer(fake) as server:
        gc = gspread.Client(auth=fake_service_account_credentials(server.token_uri))
        mount_fake_sheets(gc.http_client.session, server)
        yield fake, gc.open_by_key(key).sheet1  # 2 reads


def test_the_per_minute_quota_refuses_reads_and_writes_separately(
    limited: tuple[FakeSheets, gspread.Worksheet], clock: Clock
) -> None:
    _, ws = limited
    ws.get_all_values()  # read 3 of 3
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get_all_values()
    assert caught.value.code == 429
    ws.update([["ok"]], "E2")  # writes have their own bucket
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.update([["again"]], "E2")
    assert "'Write requests'" in caught.value.error["message"]
    clock.now += 60  # the window slides
    assert ws.get("E2") == [["ok"]]


@pytest.mark.parametrize(("status", "word"), [(500, "INTERNAL"), (503, "UNAVAILABLE")])
def test_server_errors_are_answered_before_anything_is_applied(
    ws: gspread.Worksheet, fake: FakeSheets, key: str, status: int, word: str
) -> None:
    fake.inject("writes", "error", status=status)
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.update([["BK-1"]], "E2")
    assert (caught.value.code, caught.value.error["status"]) == (status, word)
    assert "E2" not in fake.cells(key, "Attendance")


def test_an_html_502_gives_code_minus_one_so_retry_on_the_http_status(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    fake.inject("*", "bad_gateway")
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get_all_values()
    assert caught.value.code == -1
    assert caught.value.response.status_code == 502
    assert caught.value.response.headers["Content-Type"].startswith("text/html")


def test_a_hang_past_the_read_timeout_is_a_read_timeout_and_may_have_committed(
    gc: gspread.Client, ws: gspread.Worksheet, fake: FakeSheets, key: str
) -> None:
    gc.set_timeout((2, 0.3))
    fake.inject("values.update", "hang", seconds=5, commit=True)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        ws.update([["BK-1"]], "E2")
    assert time.monotonic() - started < 2
    assert fake.cells(key, "Attendance")["E2"] == {"stringValue": "BK-1"}  # outcome unknown


@pytest.mark.parametrize("commit", [True, False])
def test_a_dropped_connection_is_a_connection_error(
    ws: gspread.Worksheet, fake: FakeSheets, key: str, commit: bool
) -> None:
    fake.inject("values.batchUpdate", "drop", commit=commit)
    body: dict[str, Any] = {
        "valueInputOption": "RAW",
        "data": [{"range": "Attendance!E2", "values": [["BK-1"]]}],
    }
    with pytest.raises(requests.exceptions.ConnectionError):
        ws.spreadsheet.values_batch_update(body)
    assert ("E2" in fake.cells(key, "Attendance")) is commit


def test_after_lets_calls_through_first(ws: gspread.Worksheet, fake: FakeSheets) -> None:
    fault = fake.inject("values.get", "quota", after=1, times=None)
    ws.get_all_values()
    for _ in range(2):
        with pytest.raises(gspread.exceptions.APIError):
            ws.get_all_values()
    assert (fault.seen, fault.fired) == (3, 2)


def test_unknown_paths_and_methods_get_the_error_envelope(
    server: FakeSheetsServer, fake: FakeSheets
) -> None:
    token = fake.tokens.issue()
    answer = requests.delete(
        f"{server.url}/v4/spreadsheets/x", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert answer.status_code == 404
    assert answer.json()["error"]["status"] == "NOT_FOUND"
    answer = requests.get(
        f"{server.url}/v4/spreadsheets/nope",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert answer.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }
