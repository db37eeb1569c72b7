"""The sandbox's HTTP edge: auth, rate limit, faults, routing, serialisation.

Nothing here knows a Wix business rule; handlers in ``sync.sandbox.routes`` parse a request
into arguments for the models and shape their answer. Every answer carries
``x-wix-request-id``. Errors are rendered from :mod:`sync.sandbox.errors`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import MethodNotAllowed
from werkzeug.exceptions import NotFound as RouteNotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from sync.sandbox import errors
from sync.sandbox.control import ControlPlane
from sync.sandbox.faults import FaultBook, RateLimiter
from sync.sandbox.models.site import ApiKey, Ids, Site
from sync.sandbox.request_log import LogEntry

CONTROL_PREFIX = "/_sandbox"
#: set in the WSGI environ of a request handed over in-process (no socket to drop or hang)
IN_PROCESS = "fake.in_process"


class DropConnection(Exception):
    """Raised (after a commit, or not) to make the transport drop the connection unanswered;
    shared by both fakes (the Wix sandbox and the Sheets API)."""


class Hang(Exception):
    """Raised in-process to stand for a server that answers only after ``seconds``."""

    def __init__(self, seconds: float, response: Response) -> None:
        super().__init__(seconds)
        self.seconds = seconds
        self.response = response


@dataclass
class Call:
    """One parsed API call, as a handler sees it."""

    site: Site
    key: ApiKey
    params: dict[str, str]
    body: dict[str, Any]
    query: dict[str, list[Any]]

    def require(self, permission: str, why: str = "") -> None:
        if not self.key.allows(permission):
            raise errors.PermissionDenied(permission, why)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    """One Wix endpoint. ``paths`` lists the path the official SDK calls first, then the
    documented alternative forms on the same host."""

    name: str
    method: str
    paths: tuple[str, ...]
    handler: Handler
    #: any one of these lets the key call the endpoint (the SDK's ``@permissionId`` values)
    permissions: tuple[str, ...]
    #: top-level body fields the SDK typings declare; ``None`` = no body check
    fields: frozenset[str] | None = None
    writes: bool = True
    #: whether the site still serves the path at this index of ``paths`` (a removed API, an
    #: unmapped SDK path); ``None`` = always. Not served answers 404 like an unknown path.
    served: Callable[[Site, int], bool] | None = None


@dataclass
class Sandbox:
    """A WSGI application simulating one Wix site, plus its control plane."""

    site: Site
    routes: list[Route]
    rate_limiter: RateLimiter = field(default_factory=RateLimiter)
    faults: FaultBook = field(default_factory=FaultBook)
    latency: float = 0.0
    #: each request's latency varies by up to this much either way (seeded): a request
    #: sent later can arrive sooner, as on a real network
    jitter: float = 0.0
    log: list[LogEntry] = field(default_factory=list)
    seed_document: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._request_ids = Ids(self.site.random_seed + 1)
        self._jitter = random.Random(self.site.random_seed + 2)
        rules = []
        self._by_endpoint: dict[str, Route] = {}
        for route in self.routes:
            for index, path in enumerate(route.paths):
                endpoint = f"{route.name}#{index}"
                self._by_endpoint[endpoint] = route
                rules.append(Rule(path, methods=[route.method], endpoint=endpoint))
        self._map = Map(rules, strict_slashes=False, merge_slashes=False)
        self.control = ControlPlane(self)

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(CONTROL_PREFIX):
            response = self.control.handle(request)
        else:
            response = self._api(request, environ)
        return response(environ, start_response)

    # -- the Wix API --------------------------------------------------------------------
    def _api(self, request: Request, environ: dict[str, Any]) -> Response:
        adapter = self._map.bind_to_environ(environ)
        route: Route | None = None
        params: dict[str, str] = {}
        path_index = 0
        try:
            endpoint, params = adapter.match()
            route = self._by_endpoint[str(endpoint)]
            path_index = int(str(endpoint).rpartition("#")[2])
        except (RouteNotFound, MethodNotAllowed):
            route = None
        body = _json_body(request)
        entry = self._record(request, route, body)
        fired = self.faults.pick(route.name) if route else []
        by_kind = {f.kind: f for f in fired}
        entry.fault = ",".join(sorted(by_kind)) or None
        delay = self.latency + (by_kind["latency"].seconds if "latency" in by_kind else 0.0)
        if self.jitter:
            with self._lock:
                delay = max(delay + self._jitter.uniform(-self.jitter, self.jitter), 0.0)
        if delay:
            time.sleep(delay)
        try:
            retry_after = self.rate_limiter.admit()
            if retry_after is not None:
                raise errors.TooManyRequests(retry_after)
            if "rate_limit" in by_kind:
                raise errors.TooManyRequests(by_kind["rate_limit"].retry_after)
            key = self._authenticate(request)
            if route is None or (route.served and not route.served(self.site, path_index)):
                raise errors.NotFound(
                    "NOT_FOUND", f"No Wix endpoint {request.method} {request.path}"
                )
            if "error" in by_kind:
                raise errors.WixError(
                    "INTERNAL", "Injected failure before commit", status=by_kind["error"].status
                )
            hang = by_kind.get("hang")
            if hang and not hang.commit:
                return self._hang(environ, hang.seconds, errors.InternalError("timed out"))
            call = Call(self.site, key, params, body, _query(request))
            if not any(key.allows(p) for p in route.permissions):
                raise errors.PermissionDenied(route.permissions[0])
            _check_fields(route, body, params)
            with self._lock:
                if route.writes:
                    with self.site.transaction():
                        result = route.handler(call)
                else:
                    result = route.handler(call)
        except errors.WixError as exc:
            entry.status = exc.status
            return self._error(exc)
        if "drop" in by_kind:
            entry.status = 0
            self._drop(environ)
        entry.status = 200
        response = self._json(200, result)
        if hang:
            return self._hang(environ, hang.seconds, response)
        return response

    def _authenticate(self, request: Request) -> ApiKey:
        supplied = request.headers.get("Authorization", "")
        if not supplied:
            raise errors.Unauthenticated("Missing Authorization header (the API key, no 'Bearer ')")
        key = next((k for k in self.site.api_keys.values() if k.key == supplied), None)
        if key is None:
            if supplied.startswith("Bearer ") and any(
                k.key == supplied[7:] for k in self.site.api_keys.values()
            ):
                raise errors.Unauthenticated("Send the API key as it is, without 'Bearer '")
            raise errors.Unauthenticated("Unknown API key")
        if request.headers.get("wix-account-id") and request.headers.get("wix-site-id"):
            raise errors.WixError(
                "PERMISSION_DENIED", "Send wix-site-id or wix-account-id, not both", status=403
            )
        if request.headers.get("wix-site-id") != self.site.site_id:
            raise errors.WixError(
                "PERMISSION_DENIED",
                "Missing or wrong wix-site-id header for this API key",
                status=403,
            )
        return key

    def _record(self, request: Request, route: Route | None, body: Any) -> LogEntry:
        with self._lock:
            entry = LogEntry(
                seq=len(self.log) + 1,
                at=time.time(),
                method=request.method,
                path=request.path,
                route=route.name if route else None,
                status=0,
                body=body,
                query=_logged_query(request),
            )
            self.log.append(entry)
        return entry

    def _json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        response = Response(json.dumps(payload), status=status, mimetype="application/json")
        with self._lock:
            response.headers["x-wix-request-id"] = self._request_ids.token(24)
        for name, value in (headers or {}).items():
            response.headers[name] = value
        return response

    def _error(self, exc: errors.WixError) -> Response:
        headers = {}
        if (
            isinstance(exc, errors.TooManyRequests)
            and self.site.switches.rate_limit_sends_retry_after
        ):
            headers["Retry-After"] = str(exc.retry_after)
        return self._json(exc.status, exc.body(), headers)

    def _drop(self, environ: dict[str, Any]) -> None:
        sock = environ.get("werkzeug.socket")
        if sock is not None:  # over loopback: close the socket under the server's feet
            import socket

            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        raise DropConnection("committed, then dropped the connection (injected)")

    def _hang(
        self, environ: dict[str, Any], seconds: float, answer: Response | errors.WixError
    ) -> Response:
        response = answer if isinstance(answer, Response) else self._error(answer)
        if environ.get(IN_PROCESS):
            raise Hang(seconds, response)
        time.sleep(seconds)
        return response


def _json_body(request: Request) -> Any:
    if not request.data:
        return {}
    try:
        return json.loads(request.data)
    except ValueError:
        return {"_unparseable": request.data.decode("utf-8", "replace")[:200]}


def _query(request: Request) -> dict[str, list[Any]]:
    """Query parameters as lists. The official SDK sends a GET whose options nest objects as
    one ``.r`` parameter holding the whole request as base64url JSON (tests/sdk/WIRE.md §6);
    a ``.r`` that is not a base64url JSON object is a 400 ``validationError``."""
    packed = request.args.get(".r")
    if packed:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
        except ValueError:  # bad base64 (binascii.Error), bad UTF-8, bad JSON
            decoded = None
        if not isinstance(decoded, dict):
            raise errors.invalid(".r", "is not base64url JSON")
        return {k: v if isinstance(v, list) else [v] for k, v in decoded.items()}
    return {name: request.args.getlist(name) for name in request.args}


def _logged_query(request: Request) -> dict[str, list[Any]]:
    """The query for the request log: decoded when it can be, else as sent (the call itself
    answers 400 from inside the error handling)."""
    try:
        return _query(request)
    except errors.WixError:
        return request.args.to_dict(flat=False)


def _check_fields(route: Route, body: Any, params: dict[str, str]) -> None:
    """Top-level body fields must be ones the SDK typings declare.

    Wix's handling of unknown fields is undocumented; the sandbox refuses them so that a
    field our client invents fails loudly here instead of being ignored there. The path's
    own parameters are allowed in the body too: the official SDK repeats them there
    (``tests/sdk/WIRE.md``).
    """
    if not isinstance(body, dict):
        raise errors.invalid("body", "must be a JSON object")
    if "_unparseable" in body:
        raise errors.invalid("body", "is not valid JSON")
    if route.fields is None:
        return
    unknown = sorted(set(body) - route.fields - set(params))
    if unknown:
        raise errors.ValidationFailed(
            [(name, "is not a field of this request", "UNKNOWN_FIELD") for name in unknown]
        )
