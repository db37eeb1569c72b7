"""``[sheet] api_url``: the product's own adapter (``sync.sheet.endpoint``) sends gspread's
Sheets and token requests to a Sheets API on this machine, and nowhere else."""

from __future__ import annotations

import pytest
import requests

from sync.sandbox.transport import NotLoopback
from sync.sheet.endpoint import GOOGLE_TOKEN_URL, SHEETS_BASE_URL, point_at
from sync.sheet.google import gspread_client
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, fake_service_account_credentials


def test_credentials_naming_googles_token_url_refresh_at_the_local_api(
    server: FakeSheetsServer, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"Attendance": [["Name"], ["Ann"]]})
    credentials = fake_service_account_credentials()  # token_uri: Google's
    assert credentials._token_uri == GOOGLE_TOKEN_URL
    client = gspread_client(credentials, timeout=(2, 2), api_url=server.url)
    assert client.open_by_key(key).sheet1.get("A2") == [["Ann"]]
    assert fake.tokens.requests == 1  # the refresh went to the local API, not to Google
    assert set(fake.counts().by_status) == {200}


@pytest.mark.parametrize("url", ["http://192.0.2.1:8080", "https://sheets.example.org"])
def test_an_api_url_off_this_machine_is_refused_before_anything_is_mounted(url: str) -> None:
    session = requests.Session()
    before = dict(session.adapters)
    with pytest.raises(NotLoopback):
        point_at(session, url)
    assert session.adapters == before
    assert SHEETS_BASE_URL not in session.adapters
