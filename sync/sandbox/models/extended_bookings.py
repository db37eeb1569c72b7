"""Extended Bookings: Query Extended Bookings, a booking with its order, attendance and
allowed actions.

Follows ``@wix/auto_sdk_bookings_extended-bookings`` (versions in ``../shared/reference``).
The order shown is the booking's linked one (:mod:`.booking_link`), through the face eCommerce
shows to Bookings (:mod:`.ecom`); showing it is a read for a pending plan charge.

Not simulated: allowed actions other than cancel (``reschedule`` and ``bookAgain`` are always
``False``).
"""

from __future__ import annotations

from typing import Any

from sync.sandbox.models import ecom
from sync.sandbox.models import query as q
from sync.sandbox.models.bookings import FINAL
from sync.sandbox.models.site import Site

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


def query_extended_bookings(
    site: Site,
    filt: Any,
    sort: Any,
    *,
    with_order: bool,
    with_attendance: bool,
    with_actions: bool,
) -> list[dict[str, Any]]:
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
