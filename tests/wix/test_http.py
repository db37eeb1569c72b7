"""The request choke point: three kinds of failure, retry discipline, rate limit, no secrets.

Everything goes through real HTTP machinery: the sandbox in-process or over loopback, and a
closed loopback port for "never sent"."""

from __future__ import annotations

import logging
import socket

import pytest
import requests

from sync.sandbox import Fault, LoopbackServer, Sandbox
from sync.wix import NotSent, OutcomeUnknown, RateLimiter, RetryPolicy, WixAPIError, WixHTTP
from tests.flows.conftest import make_client

QUERY = "/contacts/v4/contacts/query"
CREATE = "/contacts/v4/contacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_not_sent_and_retried_up_to_the_cap() -> None:
    sleeps: list[float] = []
    http = WixHTTP(
        f"http://127.0.0.1:{_free_port()}",
        "IST.secret-key",
        "site",
        timeout=(0.2, 0.2),
        limiter=RateLimiter(None),
        retry=RetryPolicy(attempts=3),
        sleep=sleeps.append,
    )
    with pytest.raises(NotSent):
        http.request("POST", CREATE, body={}, safe_to_repeat=False)
    assert http.stats.sent == 3
    assert len(sleeps) == 2


def test_5xx_on_a_write_is_outcome_unknown_and_not_resent(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(route="contacts.create", kind="error", status=503, times=None))
    client = make_client(sandbox)
    with pytest.raises(OutcomeUnknown):
        client.http.request(
            "POST",
            CREATE,
            safe_to_repeat=False,
            body={"info": {"emails": {"items": [{"email": "x@y.z"}]}}},
        )
    assert client.http.stats.sent == 1


def test_5xx_on_a_read_is_retried(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(route="contacts.query", kind="error", status=500, times=2))
    client = make_client(sandbox)
    assert client.query_contacts({"info.emails.email": "ana.lee@example.org"})
    assert client.http.stats.sent == 3


def test_dropped_write_is_outcome_unknown_but_the_object_exists(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(route="checkout.create", kind="drop"))
    client = make_client(sandbox)
    booking = next(iter(sandbox.site.bookings))
    before = len(sandbox.site.checkouts)
    with pytest.raises(OutcomeUnknown, match="connection dropped"):
        client.create_checkout(booking, None, "Hana", "Sato")
    assert len(sandbox.site.checkouts) == before + 1


def test_read_timeout_on_a_write_is_outcome_unknown(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(route="checkout.create", kind="hang", seconds=5))
    client = make_client(sandbox)
    with pytest.raises(OutcomeUnknown, match="no answer"):
        client.create_checkout(next(iter(sandbox.site.bookings)), None, "Hana", "Sato")


def test_429_waits_retry_after_and_goes_again_even_for_a_write(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(route="contacts.create", kind="rate_limit", retry_after=7))
    sleeps: list[float] = []
    client = make_client(sandbox)
    client.http.sleep = sleeps.append
    contact = client.create_contact("Mo", "Diaz", "mo@example.org")
    assert contact["id"]
    assert sleeps == [7.0]


def test_a_4xx_is_rejected_at_once_with_code_and_request_id(sandbox: Sandbox) -> None:
    client = make_client(sandbox)
    with pytest.raises(WixAPIError) as caught:
        client.http.request(
            "POST", QUERY, body={"query": {"filter": {"shoe": 1}}}, safe_to_repeat=True
        )
    error = caught.value
    assert (error.status, error.code, error.rejected) == (400, "UNSUPPORTED_FILTER", True)
    assert error.request_id
    assert client.http.stats.sent == 1


def test_duplicate_contact_409_carries_the_existing_id(sandbox: Sandbox) -> None:
    client = make_client(sandbox)
    with pytest.raises(WixAPIError) as caught:
        client.create_contact("Ana", "Lee", "ana.lee@example.org")
    assert caught.value.code == "DUPLICATE_CONTACT_EXISTS"
    assert caught.value.data["duplicateContactId"]


def test_the_key_never_appears_in_logs_errors_or_repr(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    key = sandbox.site.api_keys["sync"].key
    caplog.set_level(logging.DEBUG)
    sandbox.faults.add(Fault(route="contacts.query", kind="error", times=1))
    client = make_client(sandbox)
    client.query_contacts({})
    texts = [r.getMessage() for r in caplog.records] + [repr(client.http)]
    with pytest.raises(WixAPIError) as caught:
        client.http.request("POST", "/nope", body={}, safe_to_repeat=True)
    texts.append(str(caught.value))
    assert texts
    assert not any(key in text for text in texts)


def test_over_loopback_the_client_sends_the_raw_key_and_site_id(sandbox: Sandbox) -> None:
    with LoopbackServer(sandbox) as server:
        http = WixHTTP(
            server.url,
            sandbox.site.api_keys["sync"].key,
            sandbox.site.site_id,
            limiter=RateLimiter(None),
            session=requests.Session(),
        )
        assert http.request("POST", QUERY, body={"query": {}}, safe_to_repeat=True)["contacts"]


def test_rate_limiter_spaces_requests_to_the_budget() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3, clock=lambda: now[0], sleep=sleep)
    for _ in range(7):
        limiter.acquire()
    assert len(slept) == 2
    assert now[0] >= 120.0


def test_rate_limiter_keeps_a_margin_of_the_minute_unused() -> None:
    """Wix counts a request when it arrives, the limiter when it is sent: 190 of Wix's 200
    go in a minute, so a late-arriving request at the window's edge is not the 201st."""
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(200, clock=lambda: now[0], sleep=sleep)
    for _ in range(190):
        limiter.acquire()
    assert not slept
    limiter.acquire()
    assert now[0] >= 60.0, "the 191st waits for the minute to pass"
    assert RateLimiter(6000).budget == 5700
    assert RateLimiter(10).budget == 10  # a small rate keeps none back


def test_client_rate_limit_keeps_a_busy_site_under_the_sandbox_limit(sandbox: Sandbox) -> None:
    now = [0.0]
    sandbox.rate_limiter.per_minute = 5
    sandbox.rate_limiter._clock = lambda: now[0]  # the site's minute follows the fake clock

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = make_client(sandbox)
    client.http.limiter = RateLimiter(5, clock=lambda: now[0], sleep=sleep)
    for _ in range(12):
        client.query_contacts({})
    assert all(e.status == 200 for e in sandbox.log)
