"""Class sessions: List Event Time Slots.

Follows ``@wix/auto_sdk_bookings_event-time-slots`` (versions in ``../shared/reference``). A
session's remaining places count PENDING and CONFIRMED bookings (:mod:`.bookings`).

Not simulated: waiting lists (always empty), resources and staff, appointment slots.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import bookings
from sync.sandbox.models.site import Site, parse_iso

LOCAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def time_slot(site: Site, event: dict[str, Any]) -> dict[str, Any]:
    """One ``TimeSlot`` of List Event Time Slots for a class session."""
    service = site.services[event["serviceId"]]
    remaining = max(0, event["capacity"] - bookings.booked_participants(site, event["id"]))
    too_late = bookings.too_late(site, service, event)
    online = service.get("onlineBooking", {}).get("enabled", True)
    cancelled = event.get("cancelled", False)
    reasons = {
        "noRemainingCapacity": remaining == 0,
        "violatesBookingPolicy": too_late or not online,
        "reservedForWaitingList": False,
        "eventCancelled": cancelled,
    }
    location = event["location"]
    return {
        "serviceId": event["serviceId"],
        "localStartDate": event["localStart"],
        "localEndDate": event["localEnd"],
        "bookable": not any(reasons.values()),
        "location": {
            "id": location["id"],
            "name": location["name"],
            "formattedAddress": location["formattedAddress"],
            "locationType": "BUSINESS",
        },
        "eventInfo": {
            "eventId": event["id"],
            "eventTitle": event["title"],
            "waitingList": {"totalCapacity": 0, "remainingCapacity": 0},
        },
        "totalCapacity": event["capacity"],
        "remainingCapacity": remaining,
        "bookableCapacity": remaining,
        "bookingPolicyViolations": {
            "tooEarlyToBook": False,
            "tooLateToBook": too_late,
            "bookOnlineDisabled": not online,
        },
        "availableResources": [],
        "nonBookableReasons": reasons,
        "scheduleId": event["scheduleId"],
        "allDay": False,
    }


def list_event_time_slots(
    site: Site,
    *,
    service_ids: list[str],
    from_local: str,
    to_local: str,
    time_zone: str,
    include_non_bookable: bool,
    min_bookable_capacity: int | None,
) -> list[dict[str, Any]]:
    """Sessions whose local start lies in ``[from_local, to_local)`` in ``time_zone``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for field, value in (("fromLocalDate", from_local), ("toLocalDate", to_local)):
        if not LOCAL_DATE.match(value):
            raise errors.InvalidArgument(
                "INVALID_DATE_FORMAT",
                f"{field} must be a local date-time 'YYYY-MM-DDThh:mm:ss' (no offset, no 'Z')",
            )
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise errors.InvalidArgument(
            "INVALID_TIME_ZONE", f"Unknown time zone {time_zone!r}"
        ) from None
    start = datetime.fromisoformat(from_local).replace(tzinfo=zone)
    end = datetime.fromisoformat(to_local).replace(tzinfo=zone)
    slots = []
    for event in sorted(site.events.values(), key=lambda e: e["start"]):
        if service_ids and event["serviceId"] not in service_ids:
            continue
        if not start <= parse_iso(event["start"]) < end:
            continue
        if not site.switches.time_slots_include_past and bookings.started(site, event):
            continue
        slot = time_slot(site, event)
        # slots are reported in the caller's zone
        slot["localStartDate"] = (
            parse_iso(event["start"]).astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")
        )
        slot["localEndDate"] = (
            parse_iso(event["end"]).astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")
        )
        if not include_non_bookable and not slot["bookable"]:
            continue
        if min_bookable_capacity is not None and slot["bookableCapacity"] < min_bookable_capacity:
            continue
        slots.append(slot)
    return slots
