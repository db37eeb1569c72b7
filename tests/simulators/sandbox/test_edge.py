"""The sandbox's HTTP edge: auth as Wix does it for site API keys, error bodies, request ids,
rate limit, faults and the control plane. Every test runs in-process and over loopback."""

from __future__ import annotations

import base64
import time
from urllib.parse import urlencode

import pytest
import requests

from sync.sandbox import LoopbackServer, assert_loopback
from tests.conftest import Wix, booking_body

QUERY_CONTACTS = "/contacts/v4/contacts/query"


@pytest.mark.evidence("wix-bookings.md §1.1: Authorization is the raw key, plus wix-site-id")
def test_raw_key_and_site_id_authenticate(wix: Wix) -> None:
    response = wix.call("POST", QUERY_CONTACTS, {"query": {}})
    assert response.status_code == 200
    assert response.headers["x-wix-request-id"]


def test_missing_key_is_401_with_a_wix_error_body(wix: Wix) -> None:
    response = wix.call("POST", QUERY_CONTACTS, {"query": {}}, key=None)
    assert response.status_code == 401
    assert response.json()["details"]["applicationError"]["code"] == "UNAUTHENTICATED"
    assert response.headers["x-wix-request-id"]


def test_bearer_prefix_is_refused_with_a_hint(wix: Wix) -> None:
    response = wix.call(
        "POST",
        QUERY_CONTACTS,
        {"query": {}},
        key=None,
        headers={"Authorization": f"Bearer {wix.key()}"},
    )
    assert response.status_code == 401
    assert "without 'Bearer '" in response.json()["message"]


def test_wrong_site_id_is_403(wix: Wix) -> None:
    response = wix.call(
        "POST",
        QUERY_CONTACTS,
        {"query": {}},
        headers={"wix-site-id": "00000000-0000-4000-8000-000000000000"},
    )
    assert response.status_code == 403


def test_missing_permission_is_403_naming_it(wix: Wix) -> None:
    order_id = "00000000-0000-4000-8000-000000000001"
    response = wix.call(
        "POST", f"/ecom/v1/payments-collector/orders/{order_id}/mark-as-paid", {}, key="no-payments"
    )
    assert response.status_code == 403
    assert "ECOM.MODIFY_ORDERS" in response.json()["message"]


def test_unknown_path_is_404_with_a_wix_error_body(wix: Wix) -> None:
    response = wix.call("POST", "/bookings/v1/bookings", {})
    assert response.status_code == 404
    assert response.json()["details"]["applicationError"]["code"] == "NOT_FOUND"


def test_a_field_the_sdk_does_not_declare_is_refused(wix: Wix) -> None:
    response = wix.call("POST", QUERY_CONTACTS, {"query": {}, "idempotencyKey": "x"})
    assert response.status_code == 400
    violation = response.json()["details"]["validationError"]["fieldViolations"][0]
    assert violation["field"] == "idempotencyKey"


@pytest.mark.parametrize(
    "packed",
    [
        "%%%not-base64%%%",
        base64.urlsafe_b64encode(b"{not json").decode().rstrip("="),
        base64.urlsafe_b64encode(b"[1, 2]").decode().rstrip("="),
    ],
    ids=["not-base64", "not-json", "not-an-object"],
)
def test_an_undecodable_dot_r_parameter_is_a_validation_error(wix: Wix, packed: str) -> None:
    wix.control("DELETE", "requests")
    response = wix.call("GET", f"/pricing-plans/v2/orders?{urlencode({'.r': packed})}")
    assert response.status_code == 400
    violation = response.json()["details"]["validationError"]["fieldViolations"][0]
    assert (violation["field"], violation["description"]) == (".r", "is not base64url JSON")
    assert response.headers["x-wix-request-id"]
    (entry,) = wix.control("GET", "requests")["requests"]
    assert (entry["route"], entry["status"], entry["query"]) == (
        "plans.list_orders",
        400,
        {".r": [packed]},
    )


@pytest.mark.evidence("wix-bookings.md §1.4: 200 requests per minute per instance")
def test_rate_limit_answers_429_with_retry_after(wix: Wix) -> None:
    wix.control("POST", "rate-limit", {"perMinute": 3})
    statuses = [wix.call("POST", QUERY_CONTACTS, {"query": {}}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = wix.call("POST", QUERY_CONTACTS, {"query": {}})
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["details"]["applicationError"]["code"] == "TOO_MANY_REQUESTS"


def test_retry_after_can_be_switched_off(wix: Wix) -> None:
    wix.control("POST", "switches", {"rate_limit_sends_retry_after": False})
    wix.control("POST", "faults", {"route": "contacts.query", "kind": "rate_limit"})
    limited = wix.call("POST", QUERY_CONTACTS, {"query": {}})
    assert limited.status_code == 429
    assert "Retry-After" not in limited.headers


def _bookings(wix: Wix) -> int:
    return len(wix.control("GET", "state")["bookings"])


def test_error_fault_fails_before_anything_is_committed(wix: Wix) -> None:
    before = _bookings(wix)
    wix.control("POST", "faults", {"route": "bookings.create", "kind": "error", "status": 503})
    response = wix.call(
        "POST",
        "/_api/bookings-service/v2/bookings",
        booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
    )
    assert response.status_code == 503
    assert _bookings(wix) == before
    again = wix.call(
        "POST",
        "/_api/bookings-service/v2/bookings",
        booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
    )
    assert again.status_code == 200, "a fault with times=1 fires once"


def test_drop_fault_commits_then_drops_the_connection(wix: Wix) -> None:
    before = _bookings(wix)
    wix.control("POST", "faults", {"route": "bookings.create", "kind": "drop"})
    with pytest.raises(requests.exceptions.ConnectionError):
        wix.call(
            "POST",
            "/_api/bookings-service/v2/bookings",
            booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
        )
    assert _bookings(wix) == before + 1, "the booking exists although the caller saw no answer"


def test_hang_fault_commits_and_times_the_client_out(wix: Wix) -> None:
    before = _bookings(wix)
    wix.control("POST", "faults", {"route": "bookings.create", "kind": "hang", "seconds": 0.6})
    with pytest.raises(requests.exceptions.ReadTimeout):
        wix.call(
            "POST",
            "/_api/bookings-service/v2/bookings",
            booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
            timeout=(1, 0.3),
        )
    assert _bookings(wix) == before + 1


def test_hang_fault_without_commit_leaves_nothing(wix: Wix) -> None:
    before = _bookings(wix)
    wix.control(
        "POST",
        "faults",
        {"route": "bookings.create", "kind": "hang", "seconds": 0.6, "commit": False},
    )
    with pytest.raises(requests.exceptions.ReadTimeout):
        wix.call(
            "POST",
            "/_api/bookings-service/v2/bookings",
            booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
            timeout=(1, 0.3),
        )
    assert _bookings(wix) == before


def test_fault_can_skip_calls_and_fire_with_a_probability(wix: Wix) -> None:
    wix.control(
        "POST", "faults", {"route": "contacts.query", "kind": "error", "after": 2, "times": None}
    )
    statuses = [wix.call("POST", QUERY_CONTACTS, {"query": {}}).status_code for _ in range(4)]
    assert statuses == [200, 200, 500, 500]
    wix.control("DELETE", "faults")
    assert wix.call("POST", QUERY_CONTACTS, {"query": {}}).status_code == 200


def _timed_query(wix: Wix) -> float:
    started = time.monotonic()
    assert wix.call("POST", QUERY_CONTACTS, {"query": {}}).status_code == 200
    return time.monotonic() - started


def test_latency_fault_delays_the_calls_it_matches(wix: Wix) -> None:
    wix.control("DELETE", "requests")
    wix.control("POST", "faults", {"route": "contacts.query", "kind": "latency", "seconds": 0.05})
    assert _timed_query(wix) >= 0.05
    _timed_query(wix)
    log = wix.control("GET", "requests")["requests"]
    assert [(e["fault"], e["status"]) for e in log] == [("latency", 200), (None, 200)]
    (fault,) = wix.control("GET", "faults")["faults"]
    assert fault["fired"] == 1, "a fault with times=1 fires once"


def test_global_latency_delays_every_api_call_until_set_back(wix: Wix) -> None:
    assert wix.control("POST", "latency", {"seconds": 0.05}) == {"seconds": 0.05}
    assert _timed_query(wix) >= 0.05
    assert _timed_query(wix) >= 0.05
    assert wix.control("POST", "latency", {"seconds": 0}) == {"seconds": 0.0}
    assert wix.sandbox.latency == 0.0


def test_request_log_records_every_call_with_its_route_and_status(wix: Wix) -> None:
    wix.control("DELETE", "requests")
    wix.call("POST", QUERY_CONTACTS, {"query": {"filter": {"info.emails.email": "a@b.c"}}})
    wix.call("POST", QUERY_CONTACTS, {"query": {}}, key=None)
    log = wix.control("GET", "requests")["requests"]
    assert [(e["route"], e["status"]) for e in log] == [
        ("contacts.query", 200),
        ("contacts.query", 401),
    ]
    assert log[0]["body"]["query"]["filter"] == {"info.emails.email": "a@b.c"}
    assert "Authorization" not in str(log)


def test_request_log_since_returns_only_later_entries(wix: Wix) -> None:
    wix.call("POST", QUERY_CONTACTS, {"query": {}})
    wix.call("POST", QUERY_CONTACTS, {"query": {}})
    mark = wix.control("GET", "requests")["requests"][-1]["seq"]
    wix.call("POST", "/bookings/v1/bookings", {})
    later = wix.control("GET", f"requests?since={mark}")["requests"]
    assert [(e["seq"], e["route"], e["status"]) for e in later] == [(mark + 1, None, 404)]
    assert wix.control("GET", f"requests?since={mark + 1}")["requests"] == []


def _first_slot(wix: Wix) -> dict:
    found = wix.ok(
        "POST",
        "/_api/service-availability/v2/time-slots/event",
        {
            "serviceIds": [wix.service_id()],
            "fromLocalDate": "2026-06-15T00:00:00",
            "toLocalDate": "2026-06-16T00:00:00",
            "timeZone": "America/Denver",
            "includeNonBookable": True,
        },
    )
    (slot,) = found["timeSlots"]
    return slot


def test_clock_control_freezes_the_sandbox_clock(wix: Wix) -> None:
    # 08:00 in Denver: the 06:30 session has started
    assert _first_slot(wix)["bookingPolicyViolations"]["tooLateToBook"] is True
    # 06:00 in Denver: it has not
    answer = wix.control("POST", "clock", {"now": "2026-06-15T12:00:00Z"})
    assert answer == {"now": "2026-06-15T12:00:00.000Z"}
    slot = _first_slot(wix)
    assert slot["bookingPolicyViolations"]["tooLateToBook"] is False
    assert slot["bookable"] is True
    assert wix.sandbox.site.stamp() == "2026-06-15T12:00:00.000Z", "frozen, not running"


def test_reset_restores_the_seed_with_the_same_ids(wix: Wix) -> None:
    first = wix.control("GET", "state")
    wix.call(
        "POST",
        "/_api/bookings-service/v2/bookings",
        booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
    )
    wix.control("POST", "reset")
    again = wix.control("GET", "state")
    assert again["bookings"] == first["bookings"]
    assert [c["id"] for c in again["contacts"]] == [c["id"] for c in first["contacts"]]


def test_switches_are_listed_and_unknown_ones_refused(wix: Wix) -> None:
    switches = wix.control("GET", "switches")
    assert switches["checkout_lists_eligible_memberships"] is False
    response = wix.session.post(f"{wix.base}/_sandbox/switches", json={"no_such": 1}, timeout=5)
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])  # noqa: S104 — that is the point
def test_sandbox_refuses_to_bind_beyond_loopback(host: str, sandbox) -> None:
    with pytest.raises(ValueError, match="loopback"):
        assert_loopback(host)
    with pytest.raises(ValueError, match="loopback"):
        LoopbackServer(sandbox, host=host)
