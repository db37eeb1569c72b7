"""The calls wixsync depends on, through the production client, against the sandbox and —
when configured — a real Wix test site (``tests/contract/conftest.py``: ``wix_site``).

Read-only: query services, list event time slots, query extended bookings. One write test
(always on the sandbox; on a live site only with ``WIXSYNC_LIVE_WRITE=1`` and
``WIXSYNC_LIVE_EMAIL``): book one seat OFFLINE for that email, place its order through Cart
V2 (create, calculate, place), see the booking linked to the order, then cancel the booking
and, if Wix left it open, the order. Every clean-up step is registered before the next write,
so a failure half-way still cancels what was made.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from sync.wix import WixAPIError
from sync.wix import paths as wix_paths
from sync.wix.enums import BOOKINGS_APP_ID
from tests.contract.conftest import LIVE_EMAIL, LIVE_WRITE, WixSite, live_credentials, live_site

pytestmark = pytest.mark.live

DAYS_AHEAD = 14


def _service(site: WixSite) -> dict[str, Any]:
    services = site.client.query_services({"type": "CLASS"})
    assert isinstance(services, list)
    if not services:
        pytest.skip(f"{site.name}: the site has no CLASS service")
    if site.service_name:
        named = [s for s in services if s.get("name") == site.service_name]
        assert named, f"{site.name}: no CLASS service named {site.service_name!r}"
        return named[0]
    return services[0]


def _slots(site: WixSite, service: dict[str, Any]) -> list[dict[str, Any]]:
    start = site.today
    end = start + timedelta(days=DAYS_AHEAD)
    return site.client.list_event_time_slots(
        [service["id"]], f"{start.isoformat()}T00:00:00", f"{end.isoformat()}T00:00:00",
        site.time_zone,
    )  # fmt: skip


def _future_bookable(site: WixSite, slots: list[dict[str, Any]]) -> dict[str, Any] | None:
    now_local = (
        datetime.now().astimezone().isoformat()[:19]
        if site.name == "live"
        else f"{site.today.isoformat()}T23:59:59"  # sandbox: its own frozen day is over
    )
    for slot in slots:
        reasons = slot.get("nonBookableReasons") or {}
        if (
            slot.get("localStartDate", "") > now_local
            and slot.get("bookable", True)
            and not reasons.get("eventCancelled")
            and (slot.get("remainingCapacity") or 0) > 0
        ):
            return slot
    return None


def test_query_services(wix_site: WixSite) -> None:
    services = wix_site.client.query_services({"type": "CLASS"})
    assert isinstance(services, list)
    for s in services:
        assert isinstance(s.get("id"), str), s
        assert s["id"], s
        assert isinstance(s.get("name"), str), s
        assert s.get("type") == "CLASS", s
        assert "_id" not in s  # REST names on the wire
    if wix_site.name == "sandbox":
        assert {"Open Water Swim", "Masters Swim"} <= {s["name"] for s in services}


def test_list_event_time_slots(wix_site: WixSite) -> None:
    service = _service(wix_site)
    slots = _slots(wix_site, service)
    assert isinstance(slots, list)
    for slot in slots:
        assert slot.get("serviceId") == service["id"], slot
        local = slot.get("localStartDate")
        assert isinstance(local, str), slot
        assert len(local) >= 19, slot
        assert local[10] == "T", slot
        assert (slot.get("eventInfo") or {}).get("eventId"), slot
        assert local[:10] >= wix_site.today.isoformat(), slot
    if wix_site.name == "sandbox":
        assert len(slots) >= DAYS_AHEAD  # one Open Water Swim a day


def test_query_extended_bookings(wix_site: WixSite) -> None:
    service = _service(wix_site)
    events = [s["eventInfo"]["eventId"] for s in _slots(wix_site, service)][:20]
    if not events:
        pytest.skip(f"{wix_site.name}: no sessions in the next {DAYS_AHEAD} days")
    found = wix_site.client.query_extended_bookings(
        {"bookedEntity.item.slot.eventId": {"$in": events}}, with_order=True
    )
    assert isinstance(found, list)
    for extended in found:
        booking = extended.get("booking") or {}
        assert isinstance(booking.get("id"), str), extended
        assert booking.get("bookedEntity", {}).get("slot", {}).get("eventId") in events
        assert isinstance(booking.get("revision"), str), booking  # int64 as a string
        order = extended.get("order")
        if order:
            assert isinstance(order.get("id"), str), order


def _contact(site: WixSite, email: str) -> dict[str, Any]:
    found = site.client.query_contacts({"info.emails.email": {"$in": [email]}})
    if found:
        return found[0]
    return site.client.create_contact("Wixsync", "Contract Test", email)


def test_book_one_seat_place_the_cart_order_then_cancel(wix_site: WixSite) -> None:
    site = wix_site
    if site.name == "live" and not site.writes_allowed:
        pytest.skip(f"live writes are opt-in: set {LIVE_WRITE}=1 and {LIVE_EMAIL}")
    if not site.email:
        pytest.skip(f"set {LIVE_EMAIL}: the contact to book one seat for")
    client = site.client
    service = _service(site)
    slot = _future_bookable(site, _slots(site, service))
    if slot is None:
        pytest.skip(f"{site.name}: no bookable session with room in the next {DAYS_AHEAD} days")
    contact = _contact(site, site.email)
    name = (contact.get("info") or {}).get("name") or {}
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    info = client.booking_info(
        service_id=service["id"],
        event_id=slot["eventInfo"]["eventId"],
        contact={
            "contactId": contact["id"],
            "firstName": name.get("first") or "Wixsync",
            "lastName": name.get("last") or "Contract Test",
            "email": site.email,
        },
        option="OFFLINE",
        external_id=f"wixsync-contract-test:{stamp}",
        skip_availability=False,
    )
    booking = client.create_booking(info)
    booking_id = booking["id"]

    def cancel_booking() -> None:
        current = _extended(site, booking_id)["booking"]
        if current.get("status") in ("CANCELED", "DECLINED"):
            return
        client.cancel_booking(
            booking_id, current["revision"], with_refund=False, waive_charges=True
        )

    site.on_cleanup(f"booking {booking_id}", cancel_booking)
    assert booking["selectedPaymentOption"] == "OFFLINE"

    cart = client.create_cart(
        booking_id, site.email, name.get("first") or "Wixsync", name.get("last") or "Contract Test"
    )
    line = cart["lineItems"][0]
    reference = line["source"]["catalogReference"]
    assert (reference["appId"], reference["catalogItemId"]) == (BOOKINGS_APP_ID, booking_id)
    assert line["paymentConfig"]["paymentOption"] == "FULL_PAYMENT_OFFLINE"
    calculated = client.calculate_cart(cart["id"])
    summary = calculated["summary"]
    errors = [v for v in summary.get("violations", []) if v.get("severity") == "ERROR"]
    assert not errors, errors
    assert float(summary["paymentSummary"]["payNow"]["amount"]) == 0.0, summary["paymentSummary"]
    order_id = client.place_order(cart["id"], summary.get("priceVerificationToken"))

    def cancel_order() -> None:
        order = client.get_order(order_id)
        if order.get("status") == "CANCELED":
            return
        try:
            client.http.request(
                "POST",
                wix_paths.ORDER_CANCEL.format(order_id=order_id),
                body={"sendOrderCanceledEmail": False, "restockAllItems": False},
                safe_to_repeat=False,
            )
        except WixAPIError as exc:  # already cancelled with the booking in the meantime
            if client.get_order(order_id).get("status") != "CANCELED":
                raise exc

    # the booking's cancel runs first (registered last), then the order if still open
    site.cleanups.insert(0, (f"order {order_id}", cancel_order))

    assert client.get_cart(cart["id"]).get("orderId") == order_id
    linked = _extended(site, booking_id)
    assert (linked.get("order") or {}).get("id") == order_id, linked
    assert linked["booking"]["status"] in ("CONFIRMED", "PENDING"), linked["booking"]
    order = client.get_order(order_id)
    assert order["paymentStatus"] != "PAID", order["paymentStatus"]

    # clean up now (the fixture would too) and check it took
    cancel_booking()
    cancel_order()
    site.cleanups.clear()
    assert _extended(site, booking_id)["booking"]["status"] == "CANCELED"
    assert client.get_order(order_id)["status"] == "CANCELED"


def _extended(site: WixSite, booking_id: str) -> dict[str, Any]:
    found = site.client.query_extended_bookings({"id": {"$in": [booking_id]}}, with_order=True)
    assert len(found) == 1, found
    return found[0]


# -- the live mode's own wiring (no network) -------------------------------------------------


def test_live_mode_is_off_without_a_site_and_a_key() -> None:
    assert live_credentials({}) is None
    assert live_credentials({"WIXSYNC_LIVE_SITE_ID": "s"}) is None
    assert live_credentials({"WIXSYNC_LIVE_API_KEY": "k"}) is None
    assert live_credentials({"WIXSYNC_LIVE_SITE_ID": "s", "WIXSYNC_LIVE_API_KEY": "k"}) == (
        "s",
        "k",
    )
    named = {
        "WIXSYNC_LIVE_SITE_ID": "s",
        "WIXSYNC_LIVE_KEY_ENV": "CLUB_WIX_KEY",
        "CLUB_WIX_KEY": "k2",
    }
    assert live_credentials(named) == ("s", "k2")
    assert live_credentials({**named, "CLUB_WIX_KEY": ""}) is None


def test_live_mode_aims_the_production_client_at_wixapis() -> None:
    env = {
        "WIXSYNC_LIVE_SITE_ID": "site-123",
        "WIXSYNC_LIVE_API_KEY": "IST.secret",
        "WIXSYNC_LIVE_TIME_ZONE": "Europe/Berlin",
        "WIXSYNC_LIVE_EMAIL": "dev@example.org",
    }
    site = live_site(env)
    assert site is not None
    assert site.client.http.base_url == "https://www.wixapis.com"
    assert site.client.http.site_id == "site-123"
    assert "IST.secret" not in repr(site.client.http)
    assert site.time_zone == "Europe/Berlin"
    assert site.writes_allowed is False  # writes need WIXSYNC_LIVE_WRITE=1 as well
    assert live_site({**env, "WIXSYNC_LIVE_WRITE": "1"}).writes_allowed is True  # type: ignore[union-attr]


@pytest.mark.usefixtures("loopback_only")
def test_the_normal_run_cannot_leave_loopback() -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.1)
        with pytest.raises(AssertionError, match="leave loopback"):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: refused before any packet
