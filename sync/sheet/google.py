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
* Secrets (:mod:`sync.redact`): the key file's private key and ``private_key_id`` are
  registered when it is read, each access token when google-auth obtains it; an error answer
  from the Sheets API or the token endpoint is redacted as it arrives (before gspread or
  google-auth quote it in an exception) — all in the client, :mod:`sync.sheet.google_auth` —
  and every value written passes :func:`sync.sheet.base.clean`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

import gspread
import requests
from gspread.urls import SPREADSHEET_VALUES_URL
from gspread.utils import absolute_range_name, quote, rowcol_to_a1
from tenacity import Retrying, retry_if_exception, stop_after_attempt, stop_after_delay
from tenacity import wait_random_exponential as backoff

from sync.sheet.base import Cell, CellWrite, Choices, clean, clean_cells, clean_grid, pad
from sync.sheet.google_auth import SCOPES, credentials_from_file, gspread_client

#: the client's names, for callers that open a sheet (:mod:`sync.sheet.google_auth`)
__all__ = ["SCOPES", "GoogleSheet", "credentials_from_file", "gspread_client", "sheet_key"]

log = logging.getLogger("wixsync.sheet")
#: how the attendance tab is read: numbers and checkboxes locale-free, dates as shown
_READ = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "FORMATTED_STRING",
    "majorDimension": "ROWS",
}
T = TypeVar("T")
#: bytes read at a time from a values.get answer
_CHUNK = 1 << 20


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, gspread.exceptions.APIError):
        status = exc.response.status_code if exc.response is not None else 0
        return status == 429 or status >= 500
    return isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout)


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
        self._tabs: dict[str, tuple[int, int, int]] = {}  # other tabs: title → id, rows, cols
        #: the last answer to :meth:`read` (its URL and digest), and the grid it held
        self._last_read: tuple[tuple[str, bytes], list[list[Cell]]] | None = None

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
        """One ``values.get`` of the whole tab (gspread's request, as its ``values_get``
        sends it). An answer the same, byte for byte, as the last one is not decoded again:
        the grid read then is returned — the same object (a grid is for reading, never for
        changing), so an unchanged sheet costs the request and a digest of its answer."""

        def get(title: str) -> list[list[Cell]]:
            url = SPREADSHEET_VALUES_URL % (self.spreadsheet.id, quote(absolute_range_name(title)))
            chunks = self._call(self._get_values, url)
            digest = hashlib.sha256()
            for chunk in chunks:
                digest.update(chunk)
            seen = (url, digest.digest())
            if self._last_read is not None and self._last_read[0] == seen:
                return self._last_read[1]
            grid = pad(json.loads(b"".join(chunks)).get("values", []))
            self._last_read = (seen, grid)
            return grid

        return self._by_title(get)

    def _get_values(self, url: str) -> list[bytes]:
        """The body of a ``values.get``, sent as gspread's ``HTTPClient.request`` sends it
        (its session, its timeout; an answer not 2xx raised as its ``APIError``), but read
        in large chunks: requests reads a body 10 KiB at a time, and a season's tab is
        megabytes, read once per cycle (and joined only when it changed)."""
        http = self.client.http_client
        answer = http.session.request("get", url, params=_READ, timeout=http.timeout, stream=True)
        try:
            if not answer.ok:
                raise gspread.exceptions.APIError(answer)
            return list(answer.iter_content(chunk_size=_CHUNK))
        finally:
            answer.close()  # read to the end: the connection goes back to the pool

    def write(self, cells: list[CellWrite]) -> None:
        if not cells:
            return
        cells = clean_cells(cells)
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

    # -- other tabs (the owner's summary) -----------------------------------------------------
    def row_link(self, row: int) -> str | None:
        return (
            f"https://docs.google.com/spreadsheets/d/{self.key}/edit"
            f"#gid={self.worksheet.id}&range=A{row}"
        )

    def write_tab(self, title: str, grid: list[list[Cell]]) -> None:
        """One ``spreadsheets.batchUpdate``: ``addSheet`` when the tab is missing (or
        ``appendDimension`` when it is too small), then ``updateCells`` over the whole tab (a
        ``GridRange`` holding only its ``sheetId``) with ``fields: userEnteredValue`` — the
        grid's cells are set as typed values (``stringValue``/``numberValue``/``boolValue``,
        never a formula) and every other value in the tab is cleared, so a shorter grid
        leaves nothing stale; formatting is kept. The tab is found by title once (one
        metadata read) and remembered; if Google refuses the batch because the tab changed
        meanwhile (deleted, shrunk, or created by a retry answered late), it is looked up
        again and the batch sent once more."""
        if title.strip().casefold() == self.worksheet.title.strip().casefold():
            raise ValueError(f"{title!r} is the attendance tab: the summary needs its own tab")
        grid = clean_grid(grid)
        for attempt in (1, 2):
            known = self._tabs.get(title) if attempt == 1 else None
            used: set[int] = set()
            if known is None:
                known, used = self._find_tab(title)
            requests_, size = _tab_requests(title, known, grid, used)
            try:
                self._call(self.spreadsheet.batch_update, {"requests": requests_})
            except gspread.exceptions.APIError as exc:
                self._tabs.pop(title, None)
                if attempt == 2 or exc.code != 400:
                    raise
                log.info("tab %r changed meanwhile; looking it up again", title)
                continue
            self._tabs[title] = size
            return

    def _find_tab(self, title: str) -> tuple[tuple[int, int, int] | None, set[int]]:
        """The tab titled ``title`` (Google's titles ignore case) as (id, rows, columns), and
        every tab id in use."""
        metadata = self._call(self.spreadsheet.fetch_sheet_metadata)
        found = None
        used: set[int] = set()
        for sheet in metadata.get("sheets", []):
            props = sheet.get("properties", {})
            used.add(int(props.get("sheetId", 0)))
            if str(props.get("title", "")).casefold() == title.casefold():
                grid = props.get("gridProperties", {})
                found = (
                    int(props.get("sheetId", 0)),
                    int(grid.get("rowCount", 0)),
                    int(grid.get("columnCount", 0)),
                )
        return found, used

    # -- the roster and the dropdowns (sync.extras.roster, sync.extras.choices) ---------------
    def append_rows(self, rows: list[list[Cell]]) -> None:
        """One RAW ``values.append`` with ``INSERT_ROWS`` on the header row's range, so the
        rows go below the table that starts at the header, into rows inserted for them (a
        volunteer typing in the row below loses nothing). Sent once, never retried here:
        append is not idempotent (reference: sheets.md §1.7), so after an unclear failure
        the caller reads the sheet before trying again."""
        if not rows:
            return
        rows = clean_grid(rows)
        width = max(1, max(len(r) for r in rows))

        def send(title: str) -> None:
            self.spreadsheet.values_append(
                absolute_range_name(title, f"A1:{rowcol_to_a1(1, width)}"),
                params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                body={"majorDimension": "ROWS", "values": rows},
            )

        self._by_title(send)

    def set_choices(self, choices: list[Choices]) -> None:
        """One ``spreadsheets.batchUpdate`` of ``setDataValidation`` requests: a
        ``ONE_OF_LIST`` rule with ``strict: false`` (other typing stays allowed) and
        ``showCustomUi`` (a dropdown); a request without ``rule`` removes one. Setting a
        rule twice gives the same sheet, so it is retried like a value write."""
        if not choices:
            return
        sheet_id = self.worksheet.id
        requests_: list[dict[str, Any]] = []
        for choice in choices:
            grid: dict[str, Any] = {
                "sheetId": sheet_id,
                "startRowIndex": choice.first_row,
                "startColumnIndex": choice.col,
                "endColumnIndex": choice.col + 1,
            }
            if choice.end_row is not None:
                grid["endRowIndex"] = choice.end_row
            request: dict[str, Any] = {"range": grid}
            if choice.values:
                request["rule"] = {
                    "condition": {
                        "type": "ONE_OF_LIST",
                        "values": [{"userEnteredValue": clean(v)} for v in choice.values],
                    },
                    "strict": False,
                    "showCustomUi": True,
                }
            requests_.append({"setDataValidation": request})
        self._call(self.spreadsheet.batch_update, {"requests": requests_})


def _cell_data(value: Cell) -> dict[str, Any]:
    """A value as ``CellData`` with a typed ``userEnteredValue`` (never ``formulaValue``:
    text starting with ``=`` stays text); an empty cell clears."""
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def _tab_requests(
    title: str,
    known: tuple[int, int, int] | None,
    grid: list[list[Cell]],
    used: set[int],
) -> tuple[list[dict[str, Any]], tuple[int, int, int]]:
    """The batch that makes the tab hold exactly ``grid``, and the tab's size after it."""
    height, width = len(grid), max((len(r) for r in grid), default=0)
    requests_: list[dict[str, Any]] = []
    if known is None:
        sheet_id = zlib.crc32(title.encode()) & 0x7FFFFFFF
        while sheet_id in used or sheet_id == 0:
            sheet_id = (sheet_id + 1) & 0x7FFFFFFF
        rows, cols = max(height, 100), max(width, 4)
        requests_.append(
            {
                "addSheet": {
                    "properties": {
                        "sheetId": sheet_id,
                        "title": title,
                        "gridProperties": {"rowCount": rows, "columnCount": cols},
                    }
                }
            }
        )
    else:
        sheet_id, rows, cols = known
        for dimension, have, need in (("ROWS", rows, height), ("COLUMNS", cols, width)):
            if need > have:
                requests_.append(
                    {
                        "appendDimension": {
                            "sheetId": sheet_id,
                            "dimension": dimension,
                            "length": need - have,
                        }
                    }
                )
        rows, cols = max(rows, height), max(cols, width)
    requests_.append(
        {
            "updateCells": {
                "range": {"sheetId": sheet_id},  # the whole tab: what the grid leaves, clears
                "rows": [{"values": [_cell_data(v) for v in row]} for row in grid],
                "fields": "userEnteredValue",
            }
        }
    )
    return requests_, (sheet_id, rows, cols)


def sheet_key(text: str) -> str:
    """A spreadsheet key from a key or a full URL."""
    from gspread.utils import extract_id_from_url

    return extract_id_from_url(text) if text.startswith("http") else text
