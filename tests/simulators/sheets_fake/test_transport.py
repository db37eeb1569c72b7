"""Ways for unchanged gspread code to reach the fake: a loopback server behind a forwarding
adapter (scheme and host rewritten, nothing else), or an in-process adapter (no socket)."""

from __future__ import annotations

import gspread
import pytest
import requests

from tests.fakes.sheets import (
    FakeSheets,
    FakeSheetsServer,
    LoopbackSheetsAdapter,
    build_fake_sheets,
    fake_service_account_credentials,
    gspread_client_for,
    mount_fake_sheets,
)
from tests.simulators.sheets_fake.conftest import ROWS


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3"])  # noqa: S104 (the point: refused)
def test_only_loopback_is_served_or_forwarded_to(fake: FakeSheets, host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeSheetsServer(fake, host=host)
    with pytest.raises(ValueError, match="loopback"):
        LoopbackSheetsAdapter(f"http://{host}:1")


def test_forwarding_keeps_the_real_url_on_the_response(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    response = ws.client.request(
        "get", f"https://sheets.googleapis.com/v4/spreadsheets/{ws.spreadsheet_id}"
    )
    assert response.url.startswith("https://sheets.googleapis.com/v4/spreadsheets/")
    assert fake.log[-1].query == {}


def test_gspread_client_for_a_server_with_real_credentials(
    server: FakeSheetsServer, key: str
) -> None:
    gc = gspread_client_for(server, fake_service_account_credentials(server.token_uri))
    assert gc.open_by_key(key).sheet1.get("A2") == [["Ann Lee"]]
    assert gc.http_client.timeout == (5, 60)


def test_in_process_with_anonymous_credentials() -> None:
    fake = build_fake_sheets(require_auth=False)
    key = fake.create_spreadsheet({"Attendance": ROWS})
    ws = gspread_client_for(fake).open_by_key(key).sheet1
    ws.update([["BK-1"]], "E2")
    assert fake.values(key, "Attendance")[1][4] == "BK-1"
    assert fake.counts().tokens == 0


def test_in_process_with_service_account_credentials() -> None:
    fake = build_fake_sheets()
    key = fake.create_spreadsheet({"Attendance": ROWS})
    gc = gspread.Client(auth=fake_service_account_credentials())
    mount_fake_sheets(gc.http_client.session, fake)
    assert gc.open_by_key(key).sheet1.get("A1") == [["Name"]]
    assert fake.tokens.requests == 1


def test_in_process_faults_raise_what_a_network_would() -> None:
    fake = build_fake_sheets(require_auth=False)
    key = fake.create_spreadsheet({"Attendance": ROWS})
    gc = gspread_client_for(fake, timeout=(1, 0.5))
    ws = gc.open_by_key(key).sheet1
    fake.inject("values.get", "hang", seconds=30, commit=False)
    with pytest.raises(requests.exceptions.ReadTimeout):
        ws.get_all_values()
    fake.inject("values.update", "drop")
    with pytest.raises(requests.exceptions.ConnectionError, match="Connection aborted"):
        ws.update([["BK-1"]], "E2")
    assert fake.values(key, "Attendance")[1][4] == "BK-1"  # committed, then dropped
    fake.inject("values.get", "latency", seconds=0.05)
    assert ws.get("A1") == [["Name"]]
