"""A Google Sheet through gspread 6.2, done the way a daemon needs it.

* One request per read: ``values.get`` of the whole tab (``UNFORMATTED_VALUE`` so numbers
  and checkboxes are locale-free, ``FORMATTED_STRING`` for dates); columns are typed by us,
  never by ``get_all_records`` (which turns "0123" into 123).
* One RAW ``values:batchUpdate`` per write, daemon cells only; a row's cells are sent as
  one range in which ``null`` skips the cells people own. Never ``update_cell`` (it
  evaluates what it writes) and never ``add_cols``/``resize`` (they set an absolute size
  from a cached one and can shrink a grid volunteers grew): missing columns are added with
  the relative ``appendDimension``.
* The worksheet is kept open across cycles and addressed by its tab id: a renamed tab is
  found again by id (one metadata read) when Google answers "Unable to parse range".
* Explicit timeouts (gspread has none); our own retry (tenacity) on 429, 5xx and network
  errors for reads and for the value writes, which are idempotent — not gspread's
  ``BackOffHTTPClient``, whose stop condition never fires in 6.2.1.
"""

from __future__ import annotations

import logging
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import gspread
import requests
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.service_account import Credentials
from gspread.utils import absolute_range_name, rowcol_to_a1
from tenacity import Retrying, retry_if_exception, stop_after_attempt, stop_after_delay
from tenacity import wait_random_exponential as backoff

from sync.sheet.base import Cell, CellWrite, pad

log = logging.getLogger("wixsync.sheet")
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
T = TypeVar("T")


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, gspread.exceptions.APIError):
        status = exc.response.status_code if exc.response is not None else 0
        return status == 429 or status >= 500
    return isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout)


def _headers_only(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def credentials_from_file(path: str | Path) -> Credentials:
    """Load a service-account key; warn when other users can read the file."""
    path = Path(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "%s can be read by other users (mode %o): run chmod 600 %s",
            path.name,
            mode & 0o777,
            path,
        )
    return Credentials.from_service_account_file(str(path), scopes=SCOPES)


def gspread_client(
    credentials: Credentials,
    *,
    timeout: tuple[float, float] = (5.0, 30.0),
    api_url: str | None = None,
) -> gspread.Client:
    """A plain gspread client (no back-off client) with explicit timeouts.

    ``api_url`` points the client at the local fake of the Sheets API (loopback only; for
    the demo and tests): the same gspread code then talks to it instead of Google.
    """
    session = AuthorizedSession(credentials)
    # the bearer token is the only auth: with none set, requests would read ~/.netrc and send
    # its password (HTTP Basic) instead, to the API and to the token endpoint (google-auth's
    # own session, the one sync.sandbox.sheets.mount_fake_sheets also reaches)
    for each in (session, getattr(session, "_auth_request_session", None)):
        if isinstance(each, requests.Session):
            each.auth = _headers_only
    client = gspread.Client(auth=credentials, session=session)
    client.set_timeout(timeout)
    if api_url:
        from sync.sandbox.sheets import mount_fake_sheets
        from sync.sandbox.transport import assert_loopback

        assert_loopback(requests.utils.urlparse(api_url).hostname or "")
        mount_fake_sheets(client.http_client.session, api_url)
    return client


class GoogleSheet:
    def __init__(
        self,
        client: gspread.Client,
        key: str,
        *,
        gid: int | None = None,
        attempts: int = 5,
        total_seconds: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.key = key
        self.gid = gid
        self._retry = (attempts, total_seconds, sleep)
        self._spreadsheet: gspread.Spreadsheet | None = None
        self._worksheet: gspread.Worksheet | None = None

    @property
    def label(self) -> str:
        return self.worksheet.title

    # -- opening ----------------------------------------------------------------------------
    @property
    def spreadsheet(self) -> gspread.Spreadsheet:
        if self._spreadsheet is None:
            self._spreadsheet = self._call(self.client.open_by_key, self.key)
        return self._spreadsheet

    @property
    def worksheet(self) -> gspread.Worksheet:
        if self._worksheet is None:
            sheet = self.spreadsheet
            self._worksheet = (
                sheet.sheet1
                if self.gid is None
                else self._call(sheet.get_worksheet_by_id, self.gid)
            )
            self.gid = self._worksheet.id
        return self._worksheet

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        attempts, total, sleep = self._retry
        retrying = Retrying(
            stop=stop_after_attempt(attempts) | stop_after_delay(total),
            wait=backoff(multiplier=0.5, max=20),
            sleep=sleep,
            retry=retry_if_exception(_transient),
            reraise=True,
        )
        return retrying(fn, *args, **kwargs)

    def _by_title(self, fn: Callable[[str], T]) -> T:
        """Run ``fn(title)``; if the tab was renamed, find it again by its id and retry."""
        try:
            return fn(self.worksheet.title)
        except gspread.exceptions.APIError as exc:
            if "Unable to parse range" not in str(exc):
                raise
            log.info("tab renamed? looking the worksheet up again by id %s", self.gid)
            self._worksheet = self._call(self.spreadsheet.get_worksheet_by_id, self.gid)
            return fn(self.worksheet.title)

    # -- the interface ----------------------------------------------------------------------
    def read(self) -> list[list[Cell]]:
        def get(title: str) -> list[list[Cell]]:
            answer = self._call(
                self.spreadsheet.values_get,
                absolute_range_name(title),
                params={
                    "valueRenderOption": "UNFORMATTED_VALUE",
                    "dateTimeRenderOption": "FORMATTED_STRING",
                    "majorDimension": "ROWS",
                },
            )
            return pad(answer.get("values", []))

        return self._by_title(get)

    def write(self, cells: list[CellWrite]) -> None:
        if not cells:
            return
        by_row: dict[int, dict[int, Cell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, {})[cell.col] = cell.value

        def send(title: str) -> None:
            data = []
            for row, values in sorted(by_row.items()):
                first, last = min(values), max(values)
                span = [values.get(c) for c in range(first, last + 1)]  # None = leave as is
                a1 = f"{rowcol_to_a1(row + 1, first + 1)}:{rowcol_to_a1(row + 1, last + 1)}"
                data.append({"range": absolute_range_name(title, a1), "values": [span]})
            self._call(
                self.spreadsheet.values_batch_update, {"valueInputOption": "RAW", "data": data}
            )

        self._by_title(send)

    def add_columns(self, headers: list[str], at: int) -> None:
        width = at
        grid_columns = self.worksheet.col_count
        if width + len(headers) > grid_columns:
            self._call(
                self.spreadsheet.batch_update,
                {
                    "requests": [
                        {
                            "appendDimension": {
                                "sheetId": self.worksheet.id,
                                "dimension": "COLUMNS",
                                "length": width + len(headers) - grid_columns,
                            }
                        }
                    ]
                },
            )
            self._worksheet = None  # cached grid size is stale now
        self.write([CellWrite(0, width + i, header) for i, header in enumerate(headers)])


def sheet_key(text: str) -> str:
    """A spreadsheet key from a key or a full URL."""
    from gspread.utils import extract_id_from_url

    return extract_id_from_url(text) if text.startswith("http") else text
