"""Issue 14: Wix (or whatever stands in front of it) answering in ways it should not.

A loopback server answers each path the hostile way under test; the production client
(:class:`sync.wix.WixHTTP` and :class:`sync.wix.WixClient`) must never hang past its
deadline, never follow a redirect, never take a body it cannot read as success, and turn a
refused key into one site-wide error."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sync.wix import (
    KeyRejected,
    OutcomeUnknown,
    RateLimiter,
    RetryPolicy,
    UnexpectedAnswer,
    WixAPIError,
    WixClient,
    WixHTTP,
)

Answer = Callable[[BaseHTTPRequestHandler], None]


class Hostile:
    def __init__(self) -> None:
        self.answer: Answer = lambda h: _json(h, 200, {})
        self.seen: list[tuple[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                owner.seen.append((self.command, self.path))
                owner.answer(self)

            do_GET = do_POST = do_PATCH = _any

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _json(h: BaseHTTPRequestHandler, status: int, body: object, **headers: str) -> None:
    data = json.dumps(body).encode()
    h.send_response(status)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(data)))
    for name, value in headers.items():
        h.send_header(name.replace("_", "-"), value)
    h.end_headers()
    h.wfile.write(data)


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    yield server
    server.close()


def _http(url: str, *, sleeps: list[float] | None = None, key: str = "IST.k") -> WixHTTP:
    return WixHTTP(
        url,
        key,
        "site",
        timeout=(1.0, 3.0),
        limiter=RateLimiter(None),
        retry=RetryPolicy(attempts=3, total_seconds=30),
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
        deadline=2.0,
    )


def test_a_huge_retry_after_is_not_waited(hostile: Hostile) -> None:
    hostile.answer = lambda h: _json(h, 429, {"message": "slow down"}, Retry_After="86400")
    sleeps: list[float] = []
    with pytest.raises(WixAPIError) as caught:
        _http(hostile.url, sleeps=sleeps).request("POST", "/x", body={}, safe_to_repeat=True)
    assert caught.value.status == 429
    assert sleeps == [], "a day is never slept"
    assert len(hostile.seen) == 1


def test_a_short_retry_after_is_honoured(hostile: Hostile) -> None:
    calls = iter([429, 200])

    def answer(h: BaseHTTPRequestHandler) -> None:
        status = next(calls)
        _json(h, status, {"ok": True} if status == 200 else {}, Retry_After="2")

    hostile.answer = answer
    sleeps: list[float] = []
    assert _http(hostile.url, sleeps=sleeps).request("GET", "/x", safe_to_repeat=True)["ok"]
    assert sleeps == [2.0]


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_never_followed(hostile: Hostile, status: int) -> None:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", "http://127.0.0.2:9/elsewhere")
        h.send_header("Content-Length", "0")
        h.end_headers()

    hostile.answer = answer
    with pytest.raises(WixAPIError) as caught:
        _http(hostile.url).request("POST", "/x", body={"email": "a@b.c"}, safe_to_repeat=False)
    assert caught.value.status == status
    assert hostile.seen == [("POST", "/x")], "the body went nowhere else"


def test_a_server_that_dribbles_is_cut_off_at_the_deadline(hostile: Hostile) -> None:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        try:
            for _ in range(100):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    hostile.answer = answer
    started = time.monotonic()
    with pytest.raises(OutcomeUnknown):
        _http(hostile.url).request("POST", "/x", body={}, safe_to_repeat=False)
    assert time.monotonic() - started < 4.0


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, {"message": "Unauthorized"}),
        (403, {"message": "Missing or wrong wix-site-id header for this API key"}),
    ],
)
def test_a_refused_key_is_one_site_wide_error(hostile: Hostile, status: int, body: dict) -> None:
    hostile.answer = lambda h: _json(h, status, body)
    http = _http(hostile.url)
    with pytest.raises(KeyRejected):
        http.request("POST", "/x", body={}, safe_to_repeat=False)
    assert http.key_refused is not None


def test_a_missing_permission_is_not_a_key_problem(hostile: Hostile) -> None:
    body = {
        "message": "Missing required permission ECOM.MODIFY_ORDERS",
        "details": {"applicationError": {"code": "PERMISSION_DENIED",
                                         "data": {"permission": "ECOM.MODIFY_ORDERS"}}},
    }  # fmt: skip
    hostile.answer = lambda h: _json(h, 403, body)
    with pytest.raises(WixAPIError) as caught:
        _http(hostile.url).request("POST", "/x", body={}, safe_to_repeat=False)
    assert not isinstance(caught.value, KeyRejected)


def test_a_key_with_a_character_no_key_has_is_a_key_problem_not_a_crash(hostile: Hostile) -> None:
    with pytest.raises(KeyRejected):
        _http(hostile.url, key="IST.ab\u201ccd").request("GET", "/x", safe_to_repeat=True)
    assert hostile.seen == []


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda w: w.create_cart("b", "a@b.c", "A", "B"), {}),
        (lambda w: w.create_cart("b", "a@b.c", "A", "B"), {"cart": {"id": "c", "lineItems": [{}]}}),
        (lambda w: w.place_order("c"), {}),
        (lambda w: w.place_order("c"), {"orderId": None}),
        (lambda w: w.mark_as_paid("o", {"predefined": "CASH"}), {"order": {}}),
        (lambda w: w.bulk_create_bookings([{}]), {"results": [{}]}),
        (lambda w: w.bulk_create_bookings([{}]), {"results": "none"}),
        (lambda w: w.create_booking({}), {"booking": None}),
        (lambda w: w.get_order("o"), {"order": []}),
        (lambda w: w.create_contact("A", "B", "a@b.c"), {"contact": {}}),
    ],
)
def test_a_200_that_lacks_what_is_read_is_an_outcome_unknown(
    hostile: Hostile, call: Callable[[WixClient], object], body: dict
) -> None:
    hostile.answer = lambda h: _json(h, 200, body)
    with pytest.raises(UnexpectedAnswer):
        call(WixClient(_http(hostile.url)))


@pytest.mark.parametrize("raw", [b"<html>502 Bad Gateway</html>", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_never_success(hostile: Hostile, raw: bytes) -> None:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(raw)))
        h.end_headers()
        h.wfile.write(raw)

    hostile.answer = answer
    with pytest.raises(OutcomeUnknown):
        _http(hostile.url).request("POST", "/x", body={}, safe_to_repeat=False)


def test_a_non_json_error_page_is_not_quoted(hostile: Hostile) -> None:
    page = b"<html>Authorization: IST.secret-in-the-proxy-page</html>"

    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(400)
        h.send_header("Content-Length", str(len(page)))
        h.end_headers()
        h.wfile.write(page)

    hostile.answer = answer
    with pytest.raises(WixAPIError) as caught:
        _http(hostile.url).request("POST", "/x", body={}, safe_to_repeat=False)
    assert "secret" not in str(caught.value)
