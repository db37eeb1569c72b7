"""The club on the evening of the test day: people booked online for the 18:00 Masters Swim,
and a World whose cycles run the roster and the dropdowns.

The test day is Monday 15 June 2026 (``tests.conftest.NOW``, 08:00 in Denver). Masters Swim
starts at 18:00 Denver time (00:00 UTC on the 16th); with the default lead of 120 minutes
its roster opens at 16:00. Booked online for it, before the day starts:

* Gus — paid online;
* Hana — to pay at the door (an unpaid order);
* Ana — paid with her 10 Swim Pass (booked by :func:`book_with_plan`, as the site's own
  checkout would).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from sync.extras.choices import ChoicesHook, ChoicesOptions
from sync.extras.roster import RosterHook, RosterOptions
from sync.sandbox import InProcessAdapter
from sync.sandbox.models import booking_cancel
from sync.sandbox.models import bookings as bk
from sync.wix import RateLimiter, WixClient, WixHTTP
from tests.proof.world import WIX_BASE, World

ZONE = ZoneInfo("America/Denver")
SEED = Path(__file__).parents[3] / "sync" / "sandbox" / "default_seed.json"
MASTERS = "Masters Swim"
ROSTER = RosterOptions()  # the defaults: every class, 120 minutes ahead, checked every minute


def seed() -> dict[str, Any]:
    document = json.loads(SEED.read_text())
    booked = {
        "Gus": {"service": MASTERS, "day": 0, "pay": "ONLINE_PAID"},
        "Hana": {"service": MASTERS, "day": 0, "pay": "OFFLINE_UNPAID"},
    }
    for contact in document["contacts"]:
        if contact["first"] in booked:
            contact.setdefault("booked", []).append(booked[contact["first"]])
    return document


def denver(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=ZONE)


def evening_world(
    folder: Path,
    rows: list[list[Any]] | None = None,
    *,
    roster: RosterOptions | None = ROSTER,
    choices: ChoicesOptions | None = None,
    at: datetime | None = None,
) -> World:
    """A World with the roster (and the dropdowns, when given), its clocks at ``at``."""
    hooks = []
    if roster is not None:
        hooks.append(lambda parts: RosterHook(parts, roster))
    if choices is not None:
        hooks.append(lambda parts: ChoicesHook(parts, choices))
    world = World(folder, rows or [], seed=seed(), hooks=hooks, lease=False)
    set_clock(world, at or denver(8))
    return world


def set_clock(world: World, when: datetime) -> None:
    """The engine's clock and the sandbox's, together."""
    world.now = when.timestamp()
    world.sandbox.site.frozen_now = when.astimezone(UTC)


def later(world: World, **delta: float) -> None:
    set_clock(world, datetime.fromtimestamp(world.now, UTC) + timedelta(**delta))


def client(world: World) -> WixClient:
    """The product's own Wix client, talking to the world's sandbox (a customer's browser,
    in effect)."""
    session = requests.Session()
    session.mount(WIX_BASE, InProcessAdapter(world.sandbox))
    http = WixHTTP(
        WIX_BASE,
        world.api_key,
        world.sandbox.site.site_id,
        limiter=RateLimiter(None),
        session=session,
        sleep=lambda _s: None,
    )
    return WixClient(http)


def contact(world: World, email: str) -> dict[str, Any]:
    return next(
        c for c in world.sandbox.site.contacts.values() if c["primaryInfo"]["email"] == email
    )


def event(world: World, class_name: str = MASTERS, day: str = "2026-06-15") -> dict[str, Any]:
    site = world.sandbox.site
    service = next(s for s in site.services.values() if s["name"] == class_name)
    return next(
        e
        for e in site.events.values()
        if e["serviceId"] == service["id"] and e["localStart"].startswith(day)
    )


def book_with_plan(world: World, email: str, plan: str, class_name: str = MASTERS) -> str:
    """Book online paying with a plan, the way the site's checkout does it: a booking, a
    checkout with the plan selected and the member's billing address, the order made from
    it. Returns the booking id."""
    wix = client(world)
    session = event(world, class_name)
    person = contact(world, email)
    name = person["info"]["name"]
    info = {
        "booking": {
            "bookedEntity": {"slot": {"serviceId": session["serviceId"], "eventId": session["id"]}},
            "contactDetails": {
                "contactId": person["id"],
                "firstName": name["first"],
                "lastName": name["last"],
                "email": email,
            },
            "totalParticipants": 1,
            "selectedPaymentOption": "MEMBERSHIP",
        },
        "participantNotification": {"notifyParticipants": False},
        "sendSmsReminder": False,
    }
    booking = wix.create_booking(info)
    # a member's own online checkout, where Wix lists their plans (the product never reads
    # that list: an API-key checkout's is empty by default)
    switches = world.sandbox.site.switches
    listed, switches.checkout_lists_eligible_memberships = (
        switches.checkout_lists_eligible_memberships,
        True,
    )
    try:
        checkout = wix.create_checkout(booking["id"], email, name["first"], name["last"])
        membership = next(
            m
            for m in checkout["membershipOptions"]["eligibleMemberships"]
            if m["name"]["original"] == plan
        )
        line = checkout["lineItems"][0]["id"]
        # the site's checkout page asks the member for a billing address (Create Order
        # requires one when the total is above 0)
        billing = {
            "contactDetails": {"firstName": name["first"], "lastName": name["last"]},
            "address": {"country": "US", "subdivision": "US-CO", "city": "Denver",
                        "postalCode": "80202", "addressLine1": "1 Pool Lane"},
        }  # fmt: skip
        selected = {"memberships": [{"id": membership["id"], "appId": membership["appId"],
                                     "lineItemIds": [line]}]}  # fmt: skip
        wix.http.request(
            "PATCH",
            f"/ecom/v1/checkouts/{checkout['id']}",
            body={"checkout": {"id": checkout["id"], "billingInfo": billing,
                               "membershipOptions": {"selectedMemberships": selected}}},
            safe_to_repeat=True,
        )  # fmt: skip
        wix.create_order(checkout["id"])
    finally:
        switches.checkout_lists_eligible_memberships = listed
    return str(booking["id"])


def book_online(world: World, email: str, class_name: str = MASTERS) -> str:
    """A booking made online to pay at the door (no order yet)."""
    session = event(world, class_name)
    person = contact(world, email)
    name = person["info"]["name"]
    booking = bk.create_booking(
        world.sandbox.site,
        {
            "bookedEntity": {"slot": {"serviceId": session["serviceId"], "eventId": session["id"]}},
            "contactDetails": {
                "contactId": person["id"],
                "firstName": name["first"],
                "lastName": name["last"],
                "email": email,
            },
            "totalParticipants": 1,
            "selectedPaymentOption": "OFFLINE",
        },
        notify=None,
        send_sms=False,
        flow={},
        can=lambda *_: None,
    )
    bk.confirm_or_decline(world.sandbox.site, booking["id"], None)
    return str(booking["id"])


def cancel_in_wix(world: World, booking_id: str) -> None:
    """The person cancels online (the site's own flow)."""
    booking = world.sandbox.site.bookings[booking_id]
    booking_cancel.cancel_booking(
        world.sandbox.site,
        booking_id,
        revision=booking["revision"],
        flow={"withRefund": True},
        waive_charges=True,
    )


def booking_of(world: World, email: str, class_name: str = MASTERS) -> list[dict[str, Any]]:
    """Every booking (any status) of that person for today's session of the class."""
    target = event(world, class_name)["id"]
    return [
        b
        for b in world.sandbox.site.bookings.values()
        if b["bookedEntity"]["slot"]["eventId"] == target
        and (b.get("contactDetails") or {}).get("email") == email
    ]


def orders_of(world: World, booking_id: str) -> list[dict[str, Any]]:
    site = world.sandbox.site
    return [site.orders[o] for o, b in site.order_links.items() if b == booking_id]


def by_name(world: World) -> dict[str, dict[str, Any]]:
    return {r["Name"]: r for r in world.records()}
