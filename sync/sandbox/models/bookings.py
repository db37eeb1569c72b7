"""Bookings: services, class sessions (event time slots), bookings, attendance.

Follows ``@wix/auto_sdk_bookings_services``, ``…_event-time-slots``, ``…_bookings``,
``…_extended-bookings`` and ``…_attendance`` (versions in ``../shared/reference``).

Rules enforced (the ones that bit real users):

* a booking starts ``CREATED`` with ``paymentStatus: UNDEFINED`` whatever the caller sends;
  only an order created *from a checkout* confirms it (``on_order_created``), and from then
  on its ``paymentStatus`` follows that order (``sync_payment_status``);
* the payment option must be one the service offers, else the request needs
  ``skipSelectedPaymentOptionValidation`` and that needs ``BOOKINGS.MANAGE_PAYMENTS``
  (the 403 from the forum thread); ``MEMBERSHIP_OFFLINE`` is never an offered option;
* capacity per session counts PENDING and CONFIRMED bookings (CREATED ones do not take a
  place, per the Velo Create Booking page); a full session refuses a new booking unless
  ``skipAvailabilityValidation`` (needs ``BOOKINGS.OVERRIDE_AVAILABILITY``);
* a session that already started refuses bookings (``BOOKING_POLICY_VIOLATION``) unless the
  service allows booking after start or the caller skips availability validation (switch
  ``skip_availability_bypasses_policy``);
* writes that take a ``revision`` refuse a stale one.

Not simulated: appointments and courses (only CLASS services), waitlists, add-ons, booking
forms (``formSubmission`` is stored, not validated), reschedule, cancellation policies and
fees, SMS and e-mail notifications (the flags are stored so tests can assert them),
resources and staff, conferencing.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.site import BOOKINGS_APP_ID, Site, iso, parse_iso


class BookingStatus(StrEnum):
    CREATED = "CREATED"
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    DECLINED = "DECLINED"
    CANCELED = "CANCELED"
    WAITING_LIST = "WAITING_LIST"


class PaymentStatus(StrEnum):
    UNDEFINED = "UNDEFINED"
    NOT_PAID = "NOT_PAID"
    PAID = "PAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    REFUNDED = "REFUNDED"
    EXEMPT = "EXEMPT"


class SelectedPaymentOption(StrEnum):
    UNDEFINED = "UNDEFINED"
    OFFLINE = "OFFLINE"
    ONLINE = "ONLINE"
    MEMBERSHIP = "MEMBERSHIP"
    MEMBERSHIP_OFFLINE = "MEMBERSHIP_OFFLINE"


class AttendanceStatus(StrEnum):
    NOT_SET = "NOT_SET"
    ATTENDED = "ATTENDED"
    NOT_ATTENDED = "NOT_ATTENDED"


ACTIVE = (BookingStatus.PENDING, BookingStatus.CONFIRMED)
FINAL = (BookingStatus.CANCELED, BookingStatus.DECLINED)
#: which service payment option allows which selected payment option
OPTION_NEEDS = {
    "OFFLINE": "inPerson",
    "ONLINE": "online",
    "MEMBERSHIP": "pricingPlan",
    "MEMBERSHIP_OFFLINE": None,  # no service setting offers it
}
#: order paymentStatus -> booking paymentStatus (wix-ecom.md §6, inferred from the names)
ORDER_TO_BOOKING_PAYMENT = {
    "NOT_PAID": "NOT_PAID",
    "PAID": "PAID",
    "PARTIALLY_PAID": "PARTIALLY_PAID",
    "FULLY_REFUNDED": "REFUNDED",
    "PARTIALLY_REFUNDED": "PAID",
}
LOCAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")

SERVICE_FILTERS = {
    "id": q.path("id"),
    "name": q.path("name"),
    "type": q.path("type"),
    "hidden": q.path("hidden"),
    "category.id": q.path("category.id"),
    "onlineBooking.enabled": q.path("onlineBooking.enabled"),
    "payment.options.online": q.path("payment.options.online"),
    "payment.options.inPerson": q.path("payment.options.inPerson"),
    "payment.options.pricingPlan": q.path("payment.options.pricingPlan"),
}
EXTENDED_BOOKING_FILTERS = {
    "id": q.path("id"),
    "bookedEntity.item.slot.eventId": q.path("bookedEntity.slot.eventId"),
    "bookedEntity.item.slot.serviceId": q.path("bookedEntity.slot.serviceId"),
    "bookedEntity.item.slot.scheduleId": q.path("bookedEntity.slot.scheduleId"),
    "bookedEntity.tags": q.path("bookedEntity.tags"),
    "contactDetails.contactId": q.path("contactDetails.contactId"),
    "contactDetails.email": q.path("contactDetails.email"),
    "status": q.path("status"),
    "paymentStatus": q.path("paymentStatus"),
    "selectedPaymentOption": q.path("selectedPaymentOption"),
    "externalUserId": q.path("externalUserId"),
    "createdDate": q.path("createdDate"),
    "startDate": q.path("startDate"),
    "endDate": q.path("endDate"),
    "updatedDate": q.path("updatedDate"),
    "doubleBooked": q.path("doubleBooked"),
}
WITHOUT_ITEM = {
    "bookedEntity.slot.eventId": q.path("bookedEntity.slot.eventId"),
    "bookedEntity.slot.serviceId": q.path("bookedEntity.slot.serviceId"),
}
ATTENDANCE_FILTERS = {
    "id": q.path("id"),
    "bookingId": q.path("bookingId"),
    "eventId": q.path("eventId"),
    "sessionId": q.path("sessionId"),
    "status": q.path("status"),
    "numberOfAttendees": q.path("numberOfAttendees"),
}


# -- services and sessions ------------------------------------------------------------------
def query_services(site: Site, filt: Any) -> list[dict[str, Any]]:
    match = q.compile_filter(filt, SERVICE_FILTERS)
    return [s for s in sorted(site.services.values(), key=lambda s: s["createdDate"]) if match(s)]


def get_service(site: Site, service_id: str) -> dict[str, Any]:
    service = site.services.get(service_id)
    if service is None:
        raise errors.NotFound("SERVICE_NOT_FOUND", f"Service {service_id} not found")
    return service


def service_of(site: Site, booking: dict[str, Any]) -> dict[str, Any]:
    return get_service(site, booking["bookedEntity"]["slot"]["serviceId"])


def booked_participants(site: Site, event_id: str) -> int:
    return sum(
        b.get("totalParticipants", 1)
        for b in site.bookings.values()
        if b["bookedEntity"]["slot"]["eventId"] == event_id and b["status"] in ACTIVE
    )


def _started(site: Site, event: dict[str, Any]) -> bool:
    return site.now() >= parse_iso(event["start"])


def _too_late(site: Site, service: dict[str, Any], event: dict[str, Any]) -> bool:
    allows = service.get("bookingPolicy", {}).get("bookAfterStartPolicy", {}).get("enabled", False)
    return _started(site, event) and not allows


def time_slot(site: Site, event: dict[str, Any]) -> dict[str, Any]:
    """One ``TimeSlot`` of List Event Time Slots for a class session."""
    service = site.services[event["serviceId"]]
    remaining = max(0, event["capacity"] - booked_participants(site, event["id"]))
    too_late = _too_late(site, service, event)
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
        if not site.switches.time_slots_include_past and _started(site, event):
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


# -- bookings ------------------------------------------------------------------------------
def get_booking(site: Site, booking_id: str) -> dict[str, Any]:
    booking = site.bookings.get(booking_id)
    if booking is None:
        raise errors.NotFound("BOOKING_NOT_FOUND", f"Booking {booking_id} not found")
    return booking


def _bump(site: Site, booking: dict[str, Any]) -> None:
    booking["revision"] = str(int(booking["revision"]) + 1)
    booking["updatedDate"] = site.stamp()


def _local_with_offset(moment: datetime, zone: Any) -> str:
    local = moment.astimezone(zone)
    text = local.isoformat(timespec="milliseconds")
    return text


def _resolve_contact(site: Site, details: dict[str, Any]) -> dict[str, Any]:
    from sync.sandbox.models import crm

    contact_id = details.get("contactId")
    email = details.get("email")
    if contact_id:
        contact = site.contacts.get(contact_id)
        if contact is None:
            raise errors.InvalidArgument(
                "CONTACT_DETAILS_CONFLICT", f"Contact {contact_id} not found"
            )
        if email and email.lower() not in crm._emails(contact):
            # Inferred trigger (wix-bookings.md §4.1: "presumably a contactId whose details
            # disagree with the rest"; unverified).
            raise errors.InvalidArgument(
                "CONTACT_DETAILS_CONFLICT",
                "contactDetails.email does not belong to contactDetails.contactId",
            )
        return contact
    if email:
        # "If no contact with this email exists, a new contact is created." [bk]
        found = crm.contact_by_email(site, email)
        if found:
            return found
        info: dict[str, Any] = {
            "name": {"first": details.get("firstName", ""), "last": details.get("lastName", "")},
            "emails": {"items": [{"email": email, "tag": "MAIN"}]},
        }
        return crm.insert_contact(site, info, source="APP")
    raise errors.required("booking.contactDetails.contactId")


def create_booking(
    site: Site,
    booking_in: dict[str, Any],
    *,
    notify: dict[str, Any] | None,
    send_sms: bool | None,
    flow: dict[str, Any],
    can: Any,
) -> dict[str, Any]:
    """Create Booking for a CLASS session. ``can(permission, why)`` raises 403 if missing."""
    entity = booking_in.get("bookedEntity")
    if not isinstance(entity, dict):
        raise errors.required("booking.bookedEntity")
    if "schedule" in entity:
        raise errors.InvalidArgument(
            "VALIDATION_FAILURE", "Courses are not simulated by the sandbox"
        )
    slot = entity.get("slot")
    if not isinstance(slot, dict):
        raise errors.required("booking.bookedEntity.slot")
    if slot.get("sessionId") and not slot.get("eventId"):
        # sessionId was deprecated with target removal 2026-03-31 [bk]; the sandbox treats it
        # as removed.
        raise errors.invalid(
            "booking.bookedEntity.slot.sessionId",
            "is no longer supported; send eventId",
            "DEPRECATED",
        )
    event_id = slot.get("eventId")
    if not event_id:
        raise errors.required("booking.bookedEntity.slot.eventId")
    event = site.events.get(event_id)
    if event is None:
        raise errors.NotFound("SESSION_NOT_FOUND", f"No session with eventId {event_id}")
    if slot.get("serviceId") and slot["serviceId"] != event["serviceId"]:
        raise errors.InvalidArgument(
            "VALIDATION_FAILURE", "slot.serviceId does not match the event"
        )
    service = site.services[event["serviceId"]]

    participants = booking_in.get("totalParticipants")
    if booking_in.get("participantsChoices") is not None:
        raise errors.InvalidArgument("INVALID_SERVICE_CHOICES", "This service has no variants")
    if participants is None:
        raise errors.required("booking.totalParticipants")
    if not isinstance(participants, int) or participants < 1:
        raise errors.invalid("booking.totalParticipants", "must be a whole number of at least 1")
    most = service["bookingPolicy"]["participantsPolicy"]["maxParticipantsPerBooking"]
    if participants > most:
        raise errors.InvalidArgument(
            "VALIDATION_FAILURE", f"At most {most} participants per booking"
        )

    option = booking_in.get("selectedPaymentOption")
    if option in (None, "UNDEFINED"):
        # "Required when the booking will be paid through a Wix eCommerce checkout" [bk]
        raise errors.required("booking.selectedPaymentOption")
    if option not in SelectedPaymentOption.__members__:
        raise errors.invalid(
            "booking.selectedPaymentOption", "is not a SelectedPaymentOption", "ENUM"
        )

    for flag, permission in (
        ("skipAvailabilityValidation", "BOOKINGS.OVERRIDE_AVAILABILITY"),
        ("skipBusinessConfirmation", "BOOKINGS.OVERRIDE_AVAILABILITY"),
        ("skipSelectedPaymentOptionValidation", "BOOKINGS.MANAGE_PAYMENTS"),
    ):
        if flow.get(flag):
            can(permission, f"to use flowControlSettings.{flag}")
    needs = OPTION_NEEDS[option]
    offered = needs is not None and service["payment"]["options"].get(needs, False)
    if not offered:
        # The seed thread's 403: an option the service does not offer (MEMBERSHIP_OFFLINE
        # never is) needs BOOKINGS.MANAGE_PAYMENTS, as skipSelectedPaymentOptionValidation does.
        can("BOOKINGS.MANAGE_PAYMENTS", f"to create booking with {option} selectedPaymentOption")
    status = booking_in.get("status") or "CREATED"
    if status != "CREATED":
        can("BOOKINGS.MANAGE_BOOKINGS", "to set booking.status")

    skip = bool(flow.get("skipAvailabilityValidation"))
    if event.get("cancelled"):
        raise errors.FailedPrecondition("SLOT_NOT_AVAILABLE", "The session was cancelled")
    if _too_late(site, service, event) and not (
        skip and site.switches.skip_availability_bypasses_policy
    ):
        raise errors.FailedPrecondition(
            "BOOKING_POLICY_VIOLATION",
            "The session has already started: too late to book",
            data={"tooLateToBook": True},
        )
    remaining = event["capacity"] - booked_participants(site, event_id)
    if participants > remaining and not skip:
        raise errors.FailedPrecondition(
            "SESSION_CAPACITY_EXCEEDED", f"Only {max(remaining, 0)} places left in this session"
        )

    details = dict(booking_in.get("contactDetails") or {})
    contact = _resolve_contact(site, details)
    details["contactId"] = contact["id"]
    start, end = parse_iso(event["start"]), parse_iso(event["end"])
    zone = site.tz
    now = site.stamp()
    booking_id = site.ids.guid()
    booking: dict[str, Any] = {
        "id": booking_id,
        "bookedEntity": {
            "slot": {
                "serviceId": event["serviceId"],
                "scheduleId": event["scheduleId"],
                "eventId": event_id,
                "startDate": _local_with_offset(start, zone),
                "endDate": _local_with_offset(end, zone),
                "timezone": site.time_zone,
                "location": {
                    "id": event["location"]["id"],
                    "name": event["location"]["name"],
                    "formattedAddress": event["location"]["formattedAddress"],
                    "locationType": "OWNER_BUSINESS",
                },
            },
            "title": event["title"],
            "tags": ["GROUP"],
        },
        "contactDetails": details,
        "status": status,
        "paymentStatus": "UNDEFINED",  # "ignored on create; every booking starts UNDEFINED" [bk]
        "selectedPaymentOption": option,
        "totalParticipants": participants,
        "startDate": iso(start),
        "endDate": iso(end),
        "createdDate": now,
        "updatedDate": now,
        "revision": "1",
        "appId": BOOKINGS_APP_ID,
        "participantNotification": {
            "notifyParticipants": bool((notify or {}).get("notifyParticipants"))
        },
        "sendSmsReminder": True if send_sms is None else bool(send_sms),  # default true [bk]
        "flowControlSettings": {
            "skipAvailabilityValidation": skip,
            "skipBusinessConfirmation": bool(flow.get("skipBusinessConfirmation")),
            "skipSelectedPaymentOptionValidation": bool(
                flow.get("skipSelectedPaymentOptionValidation")
            ),
        },
    }
    if booking_in.get("externalUserId"):
        booking["externalUserId"] = booking_in["externalUserId"]
    if participants > remaining:
        booking["doubleBooked"] = True
    site.bookings[booking_id] = booking
    return booking


def on_order_created(site: Site, booking_id: str, order: dict[str, Any]) -> None:
    """An eCommerce order was created from a checkout holding this booking: "a booking is
    confirmed automatically if the service allows it and an eCommerce order is created" [bk]."""
    booking = get_booking(site, booking_id)
    if booking["status"] in ("CREATED", "PENDING"):
        service = service_of(site, booking)
        manual = service.get("onlineBooking", {}).get("requireManualApproval", False)
        if manual and not booking["flowControlSettings"].get("skipBusinessConfirmation"):
            booking["status"] = "PENDING"
        else:
            booking["status"] = "CONFIRMED"
        _bump(site, booking)
    sync_payment_status(site, booking_id)


def sync_payment_status(site: Site, booking_id: str) -> None:
    """With Wix eCommerce, ``paymentStatus`` is synced from the linked order [bk]: the one
    Extended Bookings shows, which may be canceled when no other is left. A canceled order
    moves no money, so it still says what was paid: unpaid → ``NOT_PAID``, paid → ``PAID``."""
    from sync.sandbox.models import ecom

    booking = get_booking(site, booking_id)
    order = ecom.linked_order(site, booking_id)
    if order is None:
        return
    wanted = ORDER_TO_BOOKING_PAYMENT.get(order["paymentStatus"], booking["paymentStatus"])
    if wanted != booking["paymentStatus"]:
        booking["paymentStatus"] = wanted
        _bump(site, booking)


def _check_revision(booking: dict[str, Any], revision: Any) -> None:
    if revision is None:
        raise errors.required("revision")
    if str(revision) != booking["revision"]:
        # The code Wix returns for a stale revision is not in the typings (wix-bookings.md
        # open question 1); the sandbox answers 409 REVISION_MISMATCH.
        raise errors.AlreadyExists(
            "REVISION_MISMATCH",
            f"Booking revision is {booking['revision']}, request had {revision}: re-read and retry",
            data={"currentRevision": booking["revision"]},
        )


def confirm_or_decline(site: Site, booking_id: str, payment_status: str | None) -> dict[str, Any]:
    booking = get_booking(site, booking_id)
    if booking["status"] in FINAL:
        raise errors.FailedPrecondition("INVALID_BOOKING_STATUS", f"Booking is {booking['status']}")
    if payment_status:
        booking["paymentStatus"] = payment_status
    event_id = booking["bookedEntity"]["slot"]["eventId"]
    event = site.events[event_id]
    taken = booked_participants(site, event_id) - (
        booking["totalParticipants"] if booking["status"] in ACTIVE else 0
    )
    conflict = taken + booking["totalParticipants"] > event["capacity"]
    unpaid = booking["paymentStatus"] in ("UNDEFINED", "NOT_PAID", "REFUNDED", "EXEMPT")
    if conflict and unpaid and not booking["flowControlSettings"].get("skipAvailabilityValidation"):
        booking["status"] = "DECLINED"
    else:
        manual = service_of(site, booking).get("onlineBooking", {}).get("requireManualApproval")
        skip = booking["flowControlSettings"].get("skipBusinessConfirmation")
        booking["status"] = "PENDING" if manual and not skip else "CONFIRMED"
        if conflict:
            booking["doubleBooked"] = True
    _bump(site, booking)
    return booking


def cancel_booking(
    site: Site, booking_id: str, *, revision: Any, flow: dict[str, Any], waive_charges: bool
) -> dict[str, Any]:
    from sync.sandbox.models import ecom

    booking = get_booking(site, booking_id)
    _check_revision(booking, revision)
    if booking["status"] in FINAL:
        raise errors.FailedPrecondition(
            "INVALID_BOOKING_STATUS", f"Booking is already {booking['status']}"
        )
    booking["status"] = "CANCELED"
    _bump(site, booking)
    ecom.on_booking_canceled(
        site, booking, with_refund=bool(flow.get("withRefund")), waive_charges=waive_charges
    )
    sync_payment_status(site, booking_id)
    return booking


def query_extended_bookings(
    site: Site,
    filt: Any,
    sort: Any,
    *,
    with_order: bool,
    with_attendance: bool,
    with_actions: bool,
) -> list[dict[str, Any]]:
    from sync.sandbox.models import ecom

    fields = dict(EXTENDED_BOOKING_FILTERS)
    if site.switches.extended_bookings_accepts_slot_path_without_item:
        fields.update(WITHOUT_ITEM)
    match = q.compile_filter(filt, fields, case_insensitive=("contactDetails.email",))
    keys = q.sort_key(sort, fields) or [(q.path("id"), False)]
    found = q.apply_sort([b for b in site.bookings.values() if match(b)], keys)
    result = []
    for booking in found:
        item: dict[str, Any] = {"booking": booking}
        if with_actions:
            active = booking["status"] not in FINAL
            item["allowedActions"] = {"cancel": active, "reschedule": False, "bookAgain": False}
        if with_attendance:
            att = next(
                (a for a in site.attendance.values() if a["bookingId"] == booking["id"]), None
            )
            if att:
                item["attendance"] = {
                    "id": att["id"],
                    "status": att["status"],
                    "numberOfAttendees": att["numberOfAttendees"],
                }
        if with_order:
            order = ecom.linked_order(site, booking["id"])
            if order is not None:
                ecom.on_order_read(site, order["id"])  # a read for a pending plan charge
                item["order"] = ecom.order_summary(site, order)
            charged = ecom.charged_membership_details(site, booking["id"])
            if charged:
                item["transactions"] = {"chargedMembershipPaymentDetails": charged}
        result.append(item)
    return result


# -- attendance ----------------------------------------------------------------------------
def set_attendance(site: Site, attendance: dict[str, Any]) -> dict[str, Any]:
    """Set Attendance: an upsert per (booking, session); the same body twice gives the same
    state."""
    booking_id = attendance.get("bookingId")
    if not booking_id:
        raise errors.required("attendance.bookingId")
    status = attendance.get("status")
    if not status:
        raise errors.required("attendance.status")
    if status not in AttendanceStatus.__members__:
        raise errors.invalid("attendance.status", "is not an AttendanceStatus", "ENUM")
    booking = get_booking(site, booking_id)
    booked_event = booking["bookedEntity"]["slot"]["eventId"]
    event_id = attendance.get("eventId") or booked_event
    if event_id != booked_event:
        raise errors.InvalidArgument(
            "SESSION_ID_NOT_PROVIDED", "attendance.eventId is not the booking's session"
        )
    count = attendance.get("numberOfAttendees", 1)
    if not isinstance(count, int) or count < 0:
        raise errors.invalid("attendance.numberOfAttendees", "must be a whole number")
    existing = next(
        (
            a
            for a in site.attendance.values()
            if a["bookingId"] == booking_id and a["eventId"] == event_id
        ),
        None,
    )
    if existing is None:
        existing = {"id": site.ids.guid(), "bookingId": booking_id, "eventId": event_id}
        site.attendance[existing["id"]] = existing
    existing["status"] = status
    existing["numberOfAttendees"] = count
    return existing


def query_attendance(site: Site, filt: Any) -> list[dict[str, Any]]:
    match = q.compile_filter(filt, ATTENDANCE_FILTERS)
    return sorted((a for a in site.attendance.values() if match(a)), key=lambda a: a["id"])
