"""Issue 16: every Wix list the client reads is read to its last page.

Each list goes through the production client (:class:`sync.wix.WixClient`) against the
sandbox, seeded with more than one page of it, and the test checks both the answer (every
item) and the requests (each page asked the way the official typings say: offset paging by
``paging.offset``, cursor paging by ``cursorPaging.cursor`` alone). The paging rules the
sandbox cannot show (a short page before the last, a list that never ends) are answered by
a loopback server."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import pytest
import requests

from sync.sandbox import Sandbox, build_sandbox
from sync.sandbox.seed import default_seed
from sync.wix import RateLimiter, RetryPolicy, UnexpectedAnswer, WixClient, WixHTTP
from tests.conftest import NOW
from tests.flows.conftest import make_client


def _club(
    *, services: int = 0, session_days: int = 0, members: int = 0, plans: int = 1, booked: int = 0
) -> dict[str, Any]:
    seed = copy.deepcopy(default_seed())
    for i in range(services):
        seed["services"].append(
            {
                "name": f"Lane Swim {i:03d}",
                "type": "CLASS",
                "price": "10.00",
                "capacity": 20,
                "payment": {"online": True, "inPerson": True, "pricingPlan": False},
                "sessions": {"start": "12:00", "minutes": 30, "fromDay": 0, "toDay": session_days},
            }
        )
    held = [
        {"plan": name, "creditsLeft": 5, "fromDay": -10, "toDay": 60}
        for name in ("10 Swim Pass", "Unlimited Summer")[:plans]
    ]
    for i in range(members):
        seed["contacts"].append(
            {
                "first": "Member",
                "last": f"{i:03d}",
                "email": f"member{i:03d}@example.org",
                "member": True,
                "plans": held,
            }
        )
    for i in range(booked):
        seed["contacts"].append(
            {
                "first": "Online",
                "last": f"{i:03d}",
                "email": f"online{i:03d}@example.org",
                "booked": [{"service": "Open Water Swim", "day": 0, "pay": "OFFLINE_UNPAID"}],
            }
        )
    return seed


def _sent(sandbox: Sandbox, route: str) -> list[dict[str, Any]]:
    return [e.body for e in sandbox.log if e.route == route]


def test_members_are_read_past_the_first_hundred() -> None:
    """The issue's bug: 180 plan holders, members asked 100 at a time and never paged."""
    sandbox = build_sandbox(_club(members=180), now=NOW, rate_limit=None)
    client = make_client(sandbox)
    contacts = [m["contactId"] for m in sandbox.site.members.values()]
    found = client.query_members({"contactId": {"$in": contacts}})
    assert sorted(m["contactId"] for m in found) == sorted(contacts)
    pages = [b["query"]["paging"] for b in _sent(sandbox, "members.query")]
    assert pages == [{"limit": 100}, {"limit": 100, "offset": 100}]


def test_contacts_are_read_page_by_page() -> None:
    sandbox = build_sandbox(_club(members=120), now=NOW, rate_limit=None)
    client = make_client(sandbox)
    emails = [f"member{i:03d}@example.org" for i in range(120)]
    found = client.query_contacts({"info.emails.email": {"$in": emails}}, limit=50)
    assert len({c["id"] for c in found}) == 120
    offsets = [b["query"]["paging"].get("offset", 0) for b in _sent(sandbox, "contacts.query")]
    assert offsets == [0, 50, 100]


def test_services_and_their_sessions_are_read_past_one_hundred_classes() -> None:
    """130 classes: two pages of services; their sessions in two lists (``serviceIds`` takes
    at most 100), the first of which needs two pages (1,100 sessions, 1,000 a page)."""
    sandbox = build_sandbox(_club(services=130, session_days=10), now=NOW, rate_limit=None)
    client = make_client(sandbox)
    services = client.query_services({"type": "CLASS"})
    assert len(services) == 132  # the club's two classes and 130 lane swims
    assert [b["query"]["paging"] for b in _sent(sandbox, "services.query")] == [
        {"limit": 100},
        {"limit": 100, "offset": 100},
    ]
    lanes = [s["id"] for s in services if s["name"].startswith("Lane Swim")]
    slots = client.list_event_time_slots(
        lanes, "2026-06-15T00:00:00", "2026-06-26T00:00:00", "America/Denver"
    )
    assert len(slots) == 130 * 11
    assert len({s["eventInfo"]["eventId"] for s in slots}) == 130 * 11
    asked = _sent(sandbox, "slots.list_event")
    assert [len(b.get("serviceIds") or []) for b in asked] == [100, 0, 30]
    assert asked[1] == {
        "cursorPaging": {"limit": 1000, "cursor": asked[1]["cursorPaging"]["cursor"]}
    }


def test_a_full_session_of_bookings_and_their_orders_are_read_to_the_end() -> None:
    """120 people booked online into one session: two pages of Extended Bookings; their
    orders in two searches (100 booking ids a search)."""
    sandbox = build_sandbox(_club(booked=120), now=NOW, rate_limit=None)
    client = make_client(sandbox)
    found = client.query_extended_bookings(
        {"status": {"$in": ["CONFIRMED", "PENDING", "CREATED"]}}, with_order=True
    )
    assert len(found) == len(sandbox.site.bookings) == 122  # and the club's own two
    queries = [b["query"] for b in _sent(sandbox, "extended_bookings.query")]
    assert len(queries) == 2
    assert set(queries[1]) == {"cursorPaging"}
    orders = client.orders_for_bookings([x["booking"]["id"] for x in found])
    assert len({o["id"] for o in orders}) == 122
    assert len(_sent(sandbox, "orders.search")) == 2


def test_plan_orders_pools_and_balances_are_read_to_the_end() -> None:
    """60 members holding two plans each: 120 plan orders for 60 buyers (50 buyers a list,
    50 orders a page), 120 pools and 120 balances (100 a page)."""
    sandbox = build_sandbox(_club(members=60, plans=2), now=NOW, rate_limit=None)
    client = make_client(sandbox)
    members = sorted(
        m["id"] for m in sandbox.site.members.values() if m["loginEmail"].startswith("member")
    )
    orders = client.plan_orders(members)
    assert len({o["id"] for o in orders}) == 120
    offsets = [
        int(e.query.get("offset", ["0"])[0]) for e in sandbox.log if e.route == "plans.list_orders"
    ]
    assert offsets == [0, 50, 0]  # 50 buyers: two pages; the other 10: one
    pools = client.pools(members)
    assert len({p["id"] for p in pools}) == 120
    balances = client.balances(members)
    assert len({b["id"] for b in balances}) == 120
    for route in ("pools.query", "balances.query"):
        second = _sent(sandbox, route)[1]["query"]
        assert set(second) == {"cursorPaging"}


# -- what the sandbox does not show: a loopback server answering page by page ---------------


class Pages:
    """Answers each POST with the next of ``answers`` and records the bodies sent."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.answers, self.bodies = list(answers), []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.bodies.append(json.loads(self.rfile.read(length) or b"{}"))
                body = json.dumps(owner.answers.pop(0) if owner.answers else {}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        Thread(target=self.server.serve_forever, daemon=True).start()
        self.client = WixClient(
            WixHTTP(
                f"http://127.0.0.1:{self.server.server_address[1]}",
                "IST.test-key",
                "site",
                limiter=RateLimiter(None),
                retry=RetryPolicy(attempts=1),
                session=requests.Session(),
                sleep=lambda _s: None,
            )
        )


@pytest.fixture
def pages() -> Iterator[type[Pages]]:
    made: list[Pages] = []

    def make(answers: list[dict[str, Any]]) -> Pages:
        server = Pages(answers)
        made.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in made:
        server.server.shutdown()
        server.server.server_close()


def _orders(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"order-{i}"} for i in range(start, start + n)]


def test_orders_are_searched_page_by_page_with_the_cursor_alone(pages: Any) -> None:
    server = pages(
        [
            {"orders": _orders(100), "metadata": {"cursors": {"next": "c2"}, "hasNext": True}},
            {"orders": _orders(30, 100), "metadata": {"cursors": {}, "hasNext": False}},
        ]
    )
    assert len(server.client.orders_for_bookings(["b1", "b2"])) == 130
    assert server.bodies[1] == {"search": {"cursorPaging": {"limit": 100, "cursor": "c2"}}}


def test_a_short_page_before_the_last_does_not_end_an_offset_list(pages: Any) -> None:
    """A page may hold fewer than asked; ``total`` says whether more follow."""
    server = pages(
        [
            {"members": _orders(60), "metadata": {"count": 60, "offset": 0, "total": 150}},
            {"members": _orders(90, 60), "metadata": {"count": 90, "offset": 60, "total": 150}},
        ]
    )
    assert len(server.client.query_members({})) == 150
    assert server.bodies[1]["query"]["paging"] == {"limit": 100, "offset": 60}


@pytest.mark.parametrize(
    "second",
    [
        {"pools": [], "metadata": {"cursors": {}, "hasNext": True}},  # more, but no cursor
        {"pools": [{"id": "p"}], "metadata": {"cursors": {"next": "c1"}, "hasNext": True}},
    ],
    ids=["more-without-a-cursor", "the-same-cursor-again"],
)
def test_a_list_that_does_not_end_is_never_taken_as_complete(
    pages: Any, second: dict[str, Any]
) -> None:
    server = pages(
        [{"pools": [{"id": "p"}], "metadata": {"cursors": {"next": "c1"}, "hasNext": True}}, second]
    )
    with pytest.raises(UnexpectedAnswer):
        server.client.pools(["m1"])
