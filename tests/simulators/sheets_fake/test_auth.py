"""Service-account auth: the JWT-bearer grant at ``/token``, bearer tokens on every call,
refresh on expiry or 401, scopes (reference §1.2, §1.11)."""

from __future__ import annotations

import base64
import json
import time

import gspread
import pytest
import requests
from google.auth.exceptions import RefreshError

from tests.fakes.sheets import (
    SCOPE_SPREADSHEETS,
    SCOPE_SPREADSHEETS_READONLY,
    FakeSheets,
    FakeSheetsServer,
    build_fake_sheets,
    fake_service_account_credentials,
    mount_fake_sheets,
)
from tests.simulators.sheets_fake.conftest import ROWS


def test_the_first_call_fetches_a_token_with_the_service_accounts_claims(
    ws: gspread.Worksheet, fake: FakeSheets, gc: gspread.Client
) -> None:
    assert fake.tokens.requests == 1
    (token,) = fake.tokens.issued
    assert token.client_email == "wixsync@wixsync-test.iam.gserviceaccount.com"
    assert token.scopes == {SCOPE_SPREADSHEETS}
    assert gc.expiry is not None
    assert fake.log[-1].path == "/v4/spreadsheets/" + ws.spreadsheet_id


def test_a_revoked_token_gets_401_and_google_auth_refreshes_and_retries(
    ws: gspread.Worksheet, fake: FakeSheets
) -> None:
    fake.tokens.revoke_all()
    assert ws.get("A2") == [["Ann Lee"]]
    assert fake.tokens.requests == 2
    assert [e.status for e in fake.log if e.endpoint == "values.get"] == [401, 200]


def test_a_short_lived_token_is_refreshed_before_use() -> None:
    fake = build_fake_sheets(token_lifetime=60)  # inside google-auth's 3 min 45 s margin
    key = fake.create_spreadsheet({"Attendance": ROWS})
    with FakeSheetsServer(fake) as server:
        gc = gspread.Client(auth=fake_service_account_credentials(server.token_uri))
        mount_fake_sheets(gc.http_client.session, server)
        ws = gc.open_by_key(key).sheet1
        ws.get_all_values()
    assert fake.tokens.requests == 3  # one per API call
    assert fake.counts().by_status == {200: 6}


def test_googles_own_token_url_can_be_routed_to_the_fake(
    server: FakeSheetsServer, fake: FakeSheets
) -> None:
    key = fake.create_spreadsheet({"S": [["x"]]})
    gc = gspread.Client(auth=fake_service_account_credentials())  # token_uri: oauth2.googleapis.com
    mount_fake_sheets(gc.http_client.session, server)
    assert gc.open_by_key(key).sheet1.get("A1") == [["x"]]
    assert fake.tokens.requests == 1


def test_calls_without_a_token_it_issued_are_401(server: FakeSheetsServer, key: str) -> None:
    url = f"{server.url}/v4/spreadsheets/{key}"
    missing = requests.get(url, timeout=5)
    assert missing.status_code == 401
    assert missing.json()["error"]["status"] == "UNAUTHENTICATED"
    assert missing.json()["error"]["message"].startswith(
        "Request is missing required authentication"
    )
    forged = requests.get(url, headers={"Authorization": "Bearer ya29.made-up"}, timeout=5)
    assert forged.json()["error"]["message"].startswith("Request had invalid authentication")


def test_a_read_only_scope_can_read_but_not_write(server: FakeSheetsServer, key: str) -> None:
    creds = fake_service_account_credentials(
        server.token_uri, scopes=(SCOPE_SPREADSHEETS_READONLY,)
    )
    gc = gspread.Client(auth=creds)
    mount_fake_sheets(gc.http_client.session, server)
    ws = gc.open_by_key(key).worksheet("Attendance")
    assert ws.get("A1") == [["Name"]]
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.update([["x"]], "E2")
    assert caught.value.code == 403
    assert caught.value.error["message"] == "Request had insufficient authentication scopes."


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


#: a well-formed grant issued in 1970: outside "a reasonable timeframe"
STALE_CLAIMS = {"iss": "a", "aud": "x/token", "iat": 0, "exp": 3600, "scope": "s"}


@pytest.mark.parametrize(
    ("assertion", "error"),
    [
        ("not-a-jwt", "invalid_grant"),
        (f"{b64({'alg': 'HS256'})}.{b64({})}.c2ln", "invalid_grant"),
        (f"{b64({'alg': 'RS256'})}.{b64(STALE_CLAIMS)}.c2ln", "invalid_grant"),
    ],
)
def test_malformed_grants_are_refused(server: FakeSheetsServer, assertion: str, error: str) -> None:
    answer = requests.post(
        server.token_uri,
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
        timeout=5,
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == error


def test_only_the_jwt_bearer_grant_is_accepted(server: FakeSheetsServer) -> None:
    answer = requests.post(server.token_uri, data={"grant_type": "password"}, timeout=5)
    assert answer.json()["error"] == "unsupported_grant_type"


def test_a_skewed_clock_fails_the_refresh_with_refresh_error_not_api_error(
    gc: gspread.Client, fake: FakeSheets, key: str
) -> None:
    fake.tokens.wall_clock = lambda: time.time() + 3600  # our clock is an hour behind
    with pytest.raises(RefreshError, match="reasonable timeframe"):
        gc.open_by_key(key)
    assert fake.counts().by_endpoint == {"token": 1}
