"""The production sheet code (sync.sheet.google over real gspread and google-auth) against
the fake Sheets v4 API on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sync.sheet.google import GoogleSheet, gspread_client
from tests.fakes.sheets import (
    FakeSheets,
    FakeSheetsServer,
    build_fake_sheets,
    fake_service_account_credentials,
)

HEADER = ["Date", "Class", "Name", "Email", "Payment", "Plan", "Attended"]


def rows(n: int) -> list[list[Any]]:
    return [HEADER] + [
        [
            "6/15",
            "Open Water Swim",
            f"Swimmer {i}",
            f"s{i}@example.org",
            ["cash", "plan", "unpaid"][i % 3],
            "",
            True,
        ]
        for i in range(n)
    ]


@pytest.fixture
def fake() -> FakeSheets:
    return build_fake_sheets(reads_per_minute=None, writes_per_minute=None)


@pytest.fixture
def server(fake: FakeSheets) -> Iterator[FakeSheetsServer]:
    with FakeSheetsServer(fake) as running:
        yield running


def google_sheet(server: FakeSheetsServer, key: str, **kwargs: Any) -> GoogleSheet:
    client = gspread_client(
        fake_service_account_credentials(server.token_uri), timeout=(2, 2), api_url=server.url
    )
    return GoogleSheet(client, key, sleep=lambda _s: None, **kwargs)
