"""A local fake of the Google Sheets v4 REST API, driven by the real gspread.

Build one with :func:`build_fake_sheets`, seed it (``fake.create_spreadsheet({...})``), and
point real gspread at it. Layout like moto: :mod:`.a1` (A1 notation), :mod:`.cells` (value
input and rendering), :mod:`.models` (the spreadsheets), :mod:`.values` and :mod:`.batch`
(the API's rules), :mod:`.state` (what the fake holds), :mod:`.control` (``/_fake/`` control
plane), :mod:`.app` (HTTP edge), :mod:`.faults`, :mod:`.auth`, :mod:`.transport`.

The seam for production code
----------------------------
Production code keeps building its client the normal way::

    creds = Credentials.from_service_account_file(path, scopes=SCOPES)
    gc = gspread.Client(auth=creds)            # same as gspread.authorize(creds)
    gc.set_timeout((5, 60))

and accepts one optional hook, called with the client's session right after it is built,
e.g. ``make_sheets_client(creds, *, transport=None)`` doing
``if transport: transport(gc.http_client.session)``. Tests pass
``transport=lambda s: mount_fake_sheets(s, server)`` (or ``fake`` for no socket); nothing
else changes: real URLs, real ``AuthorizedSession``, real token refresh, real ``APIError``.
A test then reads::

    fake = build_fake_sheets()
    key = fake.create_spreadsheet({"Attendance": [["Name", "Paid"], ["Ann", "cash"]]})
    with FakeSheetsServer(fake) as server:
        creds = fake_service_account_credentials(server.token_uri)
        gc = make_sheets_client(creds, transport=lambda s: mount_fake_sheets(s, server))
        ...                                     # the code under test, unchanged
        fake.human(key, "Attendance").insert_rows(above=2)   # a volunteer, mid-cycle
        assert fake.counts().value_input_options == {"RAW": 1}

For a ``wixsync`` command or a daemon in a subprocess, the product's own setting does the
same: ``[sheet] api_url = "http://127.0.0.1:PORT"`` (``init --sheets-api-url``) mounts
:class:`LoopbackSheetsAdapter` through :func:`sync.sheet.endpoint.point_at`.

The fake lives in the tests, not in the installed package: no user-facing command needs it.

Credentials in tests are real service-account credentials with a key generated at run time
(:func:`fake_service_account_info`); their ``token_uri`` is the server's ``/token``
(``server.token_uri``), or Google's own token URL when it is mounted by
:func:`mount_fake_sheets` too. :func:`gspread_client_for` does all of this in one call.

What is simulated, and what is not
----------------------------------
Simulated: spreadsheets.get; values get/batchGet/update/batchUpdate/append/clear/batchClear;
spreadsheets:batchUpdate with addSheet, deleteSheet, updateSheetProperties (field masks),
appendDimension, insertDimension, deleteDimension, updateDimensionProperties, sortRange,
setDataValidation, add/deleteProtectedRange, addConditionalFormatRule, repeatCell,
updateCells, create/deleteDeveloperMetadata; developerMetadata:search; the service-account
token endpoint and bearer auth; Google's error envelope and the recorded error texts; quota 429s;
injected 500/503/502-HTML/hangs/drops; volunteers' edits (type, insert, delete, sort,
rename) between the daemon's calls.

Not simulated (see each module's docstring): real formula evaluation (only arithmetic on
literals), dates and locale-aware parsing or display, Drive (``gc.open(title)``, sharing,
create/copy), named ranges, merges, filters, ``includeGridData``, ``fields`` projections,
``…ByDataFilter`` value endpoints, R1C1 notation, JWT signature checks, and sharing
permissions. Messages Google's recordings do not show are approximate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tests.fakes.sheets.app import FakeSheets
from tests.fakes.sheets.auth import (
    GOOGLE_TOKEN_URL,
    SCOPE_SPREADSHEETS,
    SCOPE_SPREADSHEETS_READONLY,
    TokenBook,
    fake_service_account_credentials,
    fake_service_account_info,
)
from tests.fakes.sheets.control import CONTROL_PREFIX, Counts, Human, ProtectedCell
from tests.fakes.sheets.faults import Fault, FaultBook, Quota
from tests.fakes.sheets.models import Ids
from tests.fakes.sheets.state import LogEntry
from tests.fakes.sheets.transport import (
    SHEETS_BASE_URL,
    FakeSheetsServer,
    InProcessSheetsAdapter,
    LoopbackSheetsAdapter,
    adapter_for,
    gspread_client_for,
    mount_fake_sheets,
)

__all__ = [
    "CONTROL_PREFIX",
    "GOOGLE_TOKEN_URL",
    "SCOPE_SPREADSHEETS",
    "SCOPE_SPREADSHEETS_READONLY",
    "SHEETS_BASE_URL",
    "Counts",
    "FakeSheets",
    "FakeSheetsServer",
    "Fault",
    "Human",
    "InProcessSheetsAdapter",
    "LogEntry",
    "LoopbackSheetsAdapter",
    "ProtectedCell",
    "adapter_for",
    "build_fake_sheets",
    "fake_service_account_credentials",
    "fake_service_account_info",
    "gspread_client_for",
    "mount_fake_sheets",
]


def build_fake_sheets(
    spreadsheets: Mapping[str, Mapping[str, Sequence[Sequence[Any]]]] | None = None,
    *,
    reads_per_minute: int | None = 60,
    writes_per_minute: int | None = 60,
    token_lifetime: int = 3600,
    require_auth: bool = True,
    seed: int = 0,
    clock: Callable[[], float] | None = None,
) -> FakeSheets:
    """A fake with Google's per-user quota (60 reads and 60 writes a minute; ``None`` turns
    a limit off) and tokens lasting ``token_lifetime`` seconds.

    ``spreadsheets`` seeds it: ``{spreadsheet_id: {sheet_title: rows}}`` (values stored RAW).
    ``seed`` makes generated IDs repeat between runs; ``clock`` (monotonic seconds) drives
    the quota window and token expiry."""
    kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    fake = FakeSheets(
        ids=Ids(seed),
        tokens=TokenBook(lifetime=token_lifetime, **kwargs),
        faults=FaultBook(),
        quota=Quota(reads_per_minute, writes_per_minute, **kwargs),
        require_auth=require_auth,
    )
    for spreadsheet_id, sheets in (spreadsheets or {}).items():
        fake.create_spreadsheet(sheets, spreadsheet_id=spreadsheet_id)
    return fake
