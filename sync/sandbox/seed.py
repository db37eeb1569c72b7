"""Seed documents: build a :class:`Site` from JSON, and describe it.

A seed is JSON (see ``default_seed.json``, documented in the README). Days are relative
to the site's local *today* when the seed is loaded, so the default club always has
today's 06:30 Open Water Swim. IDs come from ``randomSeed``: the same seed loaded on the
same day gives the same IDs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from sync.sandbox.models import bookings as bk
from sync.sandbox.models import crm, ecom, plans
from sync.sandbox.models.site import ApiKey, Site, Switches, iso


def default_seed() -> dict[str, Any]:
    text = resources.files("sync.sandbox").joinpath("default_seed.json").read_text("utf-8")
    return json.loads(text)


class SeedError(ValueError):
    """A seed file that is not a seed: not JSON, or missing what a site needs (``detail``)."""

    def __init__(self, path: str | Path, detail: str) -> None:
        self.path, self.detail = Path(path), detail
        super().__init__(f"{path}: not a sandbox seed: {detail}")


def read_seed(path: str | Path | None) -> dict[str, Any]:
    if path is None:
        return default_seed()
    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except UnicodeDecodeError:
        raise SeedError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SeedError(path, f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    site = document.get("site") if isinstance(document, dict) else None
    if not isinstance(site, dict) or not site.get("id"):
        raise SeedError(path, 'no "site" with an "id" (see the built-in seed)')
    return document


def load_site(
    document: dict[str, Any],
    *,
    clock: Callable[[], datetime] | None = None,
    now: datetime | None = None,
) -> Site:
    info = document["site"]
    site = Site(
        site_id=info["id"],
        name=info.get("name", "Sandbox site"),
        time_zone=info.get("timeZone", "America/Denver"),
        currency=info.get("currency", "USD"),
        random_seed=int(document.get("randomSeed", 1)),
        clock=clock or (lambda: datetime.now(UTC)),
    )
    site.frozen_now = now
    site.switches = Switches()
    site.switches.update(document.get("switches") or {})
    for entry in document.get("apiKeys", []):
        site.api_keys[entry["name"]] = ApiKey(
            entry["name"], entry["key"], frozenset(entry.get("permissions", []))
        )
    today = site.today_local().date()
    location = {
        "id": site.ids.guid(),
        **document.get("location", {"name": "Main location", "formattedAddress": ""}),
    }
    by_name = {}
    for spec in document.get("services", []):
        service = _service(site, spec, location)
        by_name[spec["name"]] = service
        _sessions(site, service, spec, location, today)
    plan_ids = {}
    for spec in document.get("plans", []):
        plan = plans.seed_plan(
            site,
            name=spec["name"],
            credits=spec.get("credits"),
            price=spec.get("price", "0"),
            service_ids=[by_name[name]["id"] for name in spec.get("services", [])],
        )
        plan_ids[spec["name"]] = plan["id"]
        for name in spec.get("services", []):
            by_name[name]["payment"]["pricingPlanIds"].append(plan["id"])
    for spec in document.get("contacts", []):
        _contact(site, spec, today, by_name, plan_ids)
    return site


def _local(site: Site, day: Any, clock_time: time) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=site.tz)


def _service(site: Site, spec: dict[str, Any], location: dict[str, Any]) -> dict[str, Any]:
    now = site.stamp()
    service_id = site.ids.guid()
    service = {
        "id": service_id,
        "type": spec.get("type", "CLASS"),
        "name": spec["name"],
        "description": spec.get("description", ""),
        "defaultCapacity": spec.get("capacity", 10),
        "hidden": False,
        "category": {"id": site.ids.guid(), "name": "Classes"},
        "payment": {
            "rateType": "FIXED",
            "fixed": {"price": {"value": spec.get("price", "0.00"), "currency": site.currency}},
            "options": {
                "online": spec["payment"].get("online", True),
                "inPerson": spec["payment"].get("inPerson", True),
                "deposit": False,
                "pricingPlan": spec["payment"].get("pricingPlan", False),
            },
            "pricingPlanIds": [],
        },
        "onlineBooking": {
            "enabled": True,
            "requireManualApproval": spec.get("requireManualApproval", False),
            "allowMultipleRequests": False,
        },
        "locations": [
            {
                "id": location["id"],
                "type": "BUSINESS",
                "business": {
                    "id": location["id"],
                    "name": location["name"],
                    "address": {"formattedAddress": location["formattedAddress"]},
                },
            }
        ],
        "bookingPolicy": {
            "id": site.ids.guid(),
            "name": "Default policy",
            "limitLateBookingPolicy": {"enabled": False},
            "bookAfterStartPolicy": {"enabled": spec.get("bookAfterStart", False)},
            "participantsPolicy": {"maxParticipantsPerBooking": spec.get("maxParticipants", 1)},
        },
        "schedule": {"id": site.ids.guid()},
        "staffMemberIds": [],
        "revision": "1",
        "createdDate": now,
        "updatedDate": now,
    }
    site.services[service_id] = service
    return service


def _sessions(
    site: Site, service: dict[str, Any], spec: dict[str, Any], location: dict[str, Any], today: Any
) -> None:
    sessions = spec.get("sessions")
    if not sessions:
        return
    hour, minute = (int(x) for x in sessions["start"].split(":"))
    length = timedelta(minutes=int(sessions.get("minutes", 60)))
    first = last = None
    for offset in range(int(sessions.get("fromDay", 0)), int(sessions.get("toDay", 0)) + 1):
        day = today + timedelta(days=offset)
        start = _local(site, day, time(hour, minute))
        end = start + length
        event_id = site.ids.token(64)
        site.events[event_id] = {
            "id": event_id,
            "serviceId": service["id"],
            "scheduleId": service["schedule"]["id"],
            "title": service["name"],
            "start": iso(start),
            "end": iso(end),
            "localStart": start.strftime("%Y-%m-%dT%H:%M:%S"),
            "localEnd": end.strftime("%Y-%m-%dT%H:%M:%S"),
            "capacity": service["defaultCapacity"],
            "location": location,
            "cancelled": False,
        }
        first = first or iso(start)
        last = iso(end)
    service["schedule"].update({"firstSessionStart": first, "lastSessionEnd": last})


def _contact(
    site: Site,
    spec: dict[str, Any],
    today: Any,
    services: dict[str, dict[str, Any]],
    plan_ids: dict[str, str],
) -> None:
    info: dict[str, Any] = {"name": {"first": spec.get("first", ""), "last": spec.get("last", "")}}
    if spec.get("email"):
        info["emails"] = {"items": [{"email": spec["email"], "tag": "MAIN", "primary": True}]}
    if spec.get("phone"):
        info["phones"] = {"items": [{"phone": spec["phone"], "tag": "MOBILE", "primary": True}]}
    contact = crm.insert_contact(site, info)
    member = crm.insert_member(site, contact) if spec.get("member") else None
    for holding in spec.get("plans", []):
        if member is None:
            raise ValueError(f"{spec.get('email')}: only members can hold plans")
        plans.seed_holding(
            site,
            member_id=member["id"],
            contact_id=contact["id"],
            plan_id=plan_ids[holding["plan"]],
            credits_left=holding.get("creditsLeft"),
            start=_local(site, today + timedelta(days=holding.get("fromDay", -30)), time(0, 0)),
            end=_local(site, today + timedelta(days=holding.get("toDay", 30)), time(23, 59)),
        )
    for booked in spec.get("booked", []):
        _prebook(
            site,
            contact,
            services[booked["service"]],
            today + timedelta(days=booked["day"]),
            booked.get("pay", "OFFLINE_UNPAID"),
        )


def _prebook(
    site: Site, contact: dict[str, Any], service: dict[str, Any], day: Any, pay: str
) -> None:
    """A participant who booked online before class: booking, checkout and order as the
    site's own booking flow leaves them (paid online, or pay-at-the-door)."""
    event = next(
        e
        for e in site.events.values()
        if e["serviceId"] == service["id"] and e["localStart"].startswith(day.isoformat())
    )
    option = "ONLINE" if pay == "ONLINE_PAID" else "OFFLINE"
    name = contact["info"]["name"]
    booking = bk.create_booking(
        site,
        {
            "bookedEntity": {"slot": {"serviceId": service["id"], "eventId": event["id"]}},
            "contactDetails": {
                "contactId": contact["id"],
                "firstName": name.get("first", ""),
                "lastName": name.get("last", ""),
                "email": contact["primaryInfo"].get("email"),
            },
            "totalParticipants": 1,
            "selectedPaymentOption": option,
        },
        notify=None,
        send_sms=False,
        flow={"skipAvailabilityValidation": True},
        can=lambda *_: None,
    )
    ecom.seed_order_for_booking(site, booking["id"], paid_online=(pay == "ONLINE_PAID"))


def describe(site: Site) -> dict[str, Any]:
    """What a person (or a test) needs to talk to the sandbox: ids, keys, today's sessions."""
    today = site.today_local().date().isoformat()
    return {
        "siteId": site.site_id,
        "siteName": site.name,
        "timeZone": site.time_zone,
        "now": site.stamp(),
        "apiKeys": [
            {"name": k.name, "key": k.key, "permissions": sorted(k.permissions)}
            for k in site.api_keys.values()
        ],
        "services": [
            {"id": s["id"], "name": s["name"], "price": s["payment"]["fixed"]["price"]}
            for s in site.services.values()
        ],
        "todaySessions": [
            {
                "eventId": e["id"],
                "service": site.services[e["serviceId"]]["name"],
                "localStart": e["localStart"],
                "capacity": e["capacity"],
            }
            for e in sorted(site.events.values(), key=lambda e: e["start"])
            if e["localStart"].startswith(today)
        ],
        "contacts": [
            {
                "id": c["id"],
                "email": c["primaryInfo"].get("email"),
                "name": " ".join(filter(None, c["info"]["name"].values())),
                "memberId": (crm.member_for_contact(site, c["id"]) or {}).get("id"),
            }
            for c in site.contacts.values()
        ],
        "plans": [{"id": p["id"], "name": p["name"]} for p in site.plans.values()],
        "switches": site.switches.as_dict(),
    }
