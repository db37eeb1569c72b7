"""The fake's HTTP edge: routing on the raw path, auth, quota, faults, the request log.

Nothing here knows a Sheets rule; :mod:`values`, :mod:`batch` and :mod:`models` do. Routes
(reference §4.1) under ``/v4/spreadsheets``:

=====  ==========================================  ==========================  =====
verb   path                                        endpoint name               kind
=====  ==========================================  ==========================  =====
GET    ``/{id}``                                   ``spreadsheets.get``        read
POST   ``/{id}:batchUpdate``                       ``spreadsheets.batchUpdate`` write
GET    ``/{id}/values/{range}``                    ``values.get``              read
GET    ``/{id}/values:batchGet``                   ``values.batchGet``         read
PUT    ``/{id}/values/{range}``                    ``values.update``           write
POST   ``/{id}/values:batchUpdate``                ``values.batchUpdate``      write
POST   ``/{id}/values/{range}:append``             ``values.append``           write
POST   ``/{id}/values/{range}:clear``              ``values.clear``            write
POST   ``/{id}/values:batchClear``                 ``values.batchClear``       write
POST   ``/{id}/developerMetadata:search``          ``developerMetadata.search`` read
=====  ==========================================  ==========================  =====

plus ``POST /token`` (the service-account token endpoint) and the control plane under
``/_fake/`` (:mod:`control`). gspread percent-encodes the range (``%27Sheet1%27%21A1``) but
keeps the verb's colon literal, so the verb is split off the *raw* path before decoding.

Not simulated: Drive endpoints (``gc.open(title)``, sharing, create, copy), ``sheets/{id}
:copyTo``, the ``…ByDataFilter`` values endpoints, ``fields`` projections (a superset is
always answered) and ``includeGridData``.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from werkzeug.wrappers import Request, Response

from sync.sandbox.app import IN_PROCESS, DropConnection, Hang
from tests.fakes.sheets import batch, errors, values
from tests.fakes.sheets.auth import TokenError
from tests.fakes.sheets.control import CONTROL_PREFIX, Controls
from tests.fakes.sheets.faults import Fault
from tests.fakes.sheets.models import Spreadsheet
from tests.fakes.sheets.rules import matches
from tests.fakes.sheets.shapes import all_metadata, developer_metadata, spreadsheet_json
from tests.fakes.sheets.state import LogEntry

_ID = r"/v4/spreadsheets/(?P<id>[^/:]+)"
ROUTES: tuple[tuple[str, str, re.Pattern[str], str], ...] = tuple(
    (name, verb, re.compile(f"^{pattern}$"), kind)
    for name, verb, pattern, kind in (
        ("spreadsheets.get", "GET", _ID, "read"),
        ("spreadsheets.batchUpdate", "POST", _ID + ":batchUpdate", "write"),
        ("values.batchGet", "GET", _ID + "/values:batchGet", "read"),
        ("values.batchUpdate", "POST", _ID + "/values:batchUpdate", "write"),
        ("values.batchClear", "POST", _ID + "/values:batchClear", "write"),
        ("developerMetadata.search", "POST", _ID + "/developerMetadata:search", "read"),
        ("values.append", "POST", _ID + "/values/(?P<range>[^/]+):append", "write"),
        ("values.clear", "POST", _ID + "/values/(?P<range>[^/]+):clear", "write"),
        ("values.get", "GET", _ID + "/values/(?P<range>[^/]+)", "read"),
        ("values.update", "PUT", _ID + "/values/(?P<range>[^/]+)", "write"),
    )
)


@dataclass(eq=False, repr=False)
class FakeSheets(Controls):
    """A WSGI application simulating the Sheets v4 REST API, plus its control plane.

    Drive it from Python with the :class:`~tests.fakes.sheets.control.Controls` methods
    (``create_spreadsheet``, ``values``, ``cells``, ``describe``, ``human``, ``counts``,
    ``inject``, ``reset``) or over HTTP under ``/_fake/``. ``tokens``, ``faults`` and
    ``quota`` are the live books behind them (the state is :class:`~.state.FakeState`'s)."""

    def __repr__(self) -> str:
        return f"<FakeSheets spreadsheets={sorted(self.store)} requests={len(self.log)}>"

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.full_path
        path = urlsplit(raw).path
        if path.startswith(CONTROL_PREFIX):
            response = self.handle_control(request, path)
        elif path == "/token":
            response = self._token(request, environ)
        else:
            response = self._api(request, path, environ)
        return response(environ, start_response)

    def _token(self, request: Request, environ: dict[str, Any]) -> Response:
        entry = self._record(request, "/token", "token", "token", None)
        self.tokens.count_request()
        fired = self.faults.pick("token", None)
        entry.fault = ",".join(sorted(fired)) or None
        if "latency" in fired:
            self.stopping.wait(fired["latency"].seconds)
        if "bad_gateway" in fired:
            entry.status = 502
            return Response(errors.BAD_GATEWAY_HTML, status=502, mimetype="text/html")
        for kind, status, code in (("quota", 429, "rate_limit_exceeded"), ("error", 0, "")):
            if kind in fired:
                entry.status = status or fired[kind].status
                code = code or ("internal_failure" if entry.status == 500 else "unavailable")
                return _json(entry.status, {"error": code, "error_description": "(injected)"})
        try:
            answer = self.tokens.grant(request.form.to_dict())
        except TokenError as exc:
            entry.status = exc.status
            return _json(exc.status, exc.body())
        entry.status = 200
        return self._deliver(environ, fired, _json(200, answer), entry)

    def _api(self, request: Request, path: str, environ: dict[str, Any]) -> Response:
        name, kind, params = _route(request.method, path)
        entry = self._record(request, path, name, kind, params.get("id"))
        fired = self.faults.pick(name, kind) if name else {}
        entry.fault = ",".join(sorted(fired)) or None
        delay = self.latency + (fired["latency"].seconds if "latency" in fired else 0.0)
        if delay:
            self.stopping.wait(delay)
        try:
            if name is None or kind is None:
                raise errors.NotFound(f"Method not found: {request.method} {path}")
            if self.require_auth:
                self.tokens.check(request.headers.get("Authorization"), kind)
            if "quota" in fired or not self.quota.admit(kind):
                raise errors.QuotaExceeded(kind)
            if "error" in fired:
                raise errors.ServerError(fired["error"].status)
            if "bad_gateway" in fired:
                entry.status = 502
                return Response(errors.BAD_GATEWAY_HTML, status=502, mimetype="text/html")
            commits = all(f.commit for k, f in fired.items() if k in ("hang", "drop"))
            result: dict[str, Any] = {}
            if commits:
                result = self._dispatch(name, params, request, entry)
        except errors.SheetsError as exc:
            entry.status = exc.code
            return _json(exc.code, exc.body())
        if not commits:  # hang or drop before anything is applied
            entry.status = 503
            failure = errors.ServerError(503)
            return self._deliver(environ, fired, _json(503, failure.body()), entry)
        entry.status = 200
        return self._deliver(environ, fired, _json(200, result), entry)

    def _dispatch(
        self, name: str, params: dict[str, str], request: Request, entry: LogEntry
    ) -> dict[str, Any]:
        body = _body(request)
        query = {k: request.args.get(k) for k in request.args}
        entry.body = body
        option = query.get("valueInputOption") or (body.get("valueInputOption") if body else None)
        entry.value_input_option = str(option) if option else None
        text = unquote(params.get("range", ""))
        with self.lock:
            spreadsheet = self.store.get(params["id"])
            if spreadsheet is None:
                raise errors.NotFound()
            if name == "spreadsheets.get":
                return spreadsheet_json(spreadsheet)
            if name == "values.get":
                return values.get(spreadsheet, text, query)
            if name == "values.batchGet":
                return values.batch_get(spreadsheet, request.args.getlist("ranges"), query)
            if name == "developerMetadata.search":
                return _search(spreadsheet, body)
            with spreadsheet.transaction():  # a failing write leaves no trace
                if name == "spreadsheets.batchUpdate":
                    return batch.run(spreadsheet, body, self.ids)
                return _values_write(name, spreadsheet, text, query, body)

    # -- delivery: hangs and drops ------------------------------------------------------
    def _deliver(
        self, environ: dict[str, Any], fired: dict[str, Fault], response: Response, entry: LogEntry
    ) -> Response:
        if "drop" in fired:
            entry.status = 0
            sock = environ.get("werkzeug.socket")
            if sock is not None:  # over loopback: close the socket under the server's feet
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            raise DropConnection("dropped the connection (injected)")
        if "hang" in fired:
            seconds = fired["hang"].seconds
            if environ.get(IN_PROCESS):
                raise Hang(seconds, response)
            self.stopping.wait(seconds)
        return response

    def _record(
        self, request: Request, path: str, name: str | None, kind: str | None, key: str | None
    ) -> LogEntry:
        with self.lock:
            entry = LogEntry(
                seq=len(self.log) + 1,
                at=time.time(),
                method=request.method,
                path=path,
                endpoint=name,
                kind=kind,
                spreadsheet_id=key,
                query={k: request.args.getlist(k) for k in request.args},
            )
            self.log.append(entry)
        return entry


def _route(method: str, path: str) -> tuple[str | None, str | None, dict[str, str]]:
    for name, verb, pattern, kind in ROUTES:
        match = pattern.match(path)
        if match and verb == method:
            return name, kind, {k: v for k, v in match.groupdict().items() if v is not None}
    return None, None, {}


def _values_write(
    name: str, spreadsheet: Spreadsheet, text: str, query: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    if name == "values.update":
        return values.update(spreadsheet, text, query, body)
    if name == "values.batchUpdate":
        return values.batch_update(spreadsheet, body)
    if name == "values.append":
        return values.append(spreadsheet, text, query, body)
    if name == "values.clear":
        return values.clear(spreadsheet, text)
    return values.batch_clear(spreadsheet, body)


def _search(spreadsheet: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """``developerMetadata:search`` by ``developerMetadataLookup`` filters only."""
    found = []
    for data_filter in body.get("dataFilters") or []:
        lookup = data_filter.get("developerMetadataLookup")
        if not isinstance(lookup, dict):
            raise errors.BadRequest("only developerMetadataLookup data filters are simulated")
        for sheet, item in all_metadata(spreadsheet):
            if matches(lookup, item):
                found.append(
                    {
                        "developerMetadata": developer_metadata(sheet, item),
                        "dataFilters": [data_filter],
                    }
                )
    return {"matchedDeveloperMetadata": found} if found else {}


def _body(request: Request) -> dict[str, Any]:
    if not request.data:
        return {}
    try:
        decoded = json.loads(request.data)
    except ValueError:
        raise errors.BadRequest("Invalid JSON payload received. Unexpected token.") from None
    if not isinstance(decoded, dict):
        raise errors.BadRequest("Invalid JSON payload received. Expected an object.")
    return decoded


def _json(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")
