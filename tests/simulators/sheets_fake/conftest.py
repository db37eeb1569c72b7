"""Fixtures: a fresh fake per test, served on loopback, reached by the real gspread through
real service-account credentials (key generated at run time, ``token_uri`` = the fake)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import gspread
import pytest

from tests.fakes.sheets import (
    FakeSheets,
    FakeSheetsServer,
    build_fake_sheets,
    fake_service_account_credentials,
    mount_fake_sheets,
)

HEADER = ["Name", "Class", "Paid", "Phone", "Booking ID"]
ROWS: list[list[Any]] = [
    HEADER,
    ["Ann Lee", "Open Water", "cash", "0123", ""],
    ["Bob Ray", "Open Water", "pass", "+4477", ""],
    ["Cy Dunn", "Masters", "unpaid", "", ""],
]


@pytest.fixture
def fake() -> FakeSheets:
    return build_fake_sheets()


@pytest.fixture
def server(fake: FakeSheets) -> Iterator[FakeSheetsServer]:
    with FakeSheetsServer(fake) as running:
        yield running


@pytest.fixture
def credentials(server: FakeSheetsServer) -> Any:
    return fake_service_account_credentials(server.token_uri)


@pytest.fixture
def gc(server: FakeSheetsServer, credentials: Any) -> gspread.Client:
    """Built the way production builds it; the test only mounts the transport."""
    client = gspread.Client(auth=credentials)
    client.set_timeout((2, 5))
    mount_fake_sheets(client.http_client.session, server)
    return client


@pytest.fixture
def key(fake: FakeSheets) -> str:
    return fake.create_spreadsheet({"Attendance": ROWS, "Log": []})


@pytest.fixture
def ws(gc: gspread.Client, key: str) -> gspread.Worksheet:
    return gc.open_by_key(key).worksheet("Attendance")


def seed(fake: FakeSheets, rows: Sequence[Sequence[Any]], **options: Any) -> str:
    return fake.create_spreadsheet({"Attendance": rows}, **options)
