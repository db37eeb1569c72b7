"""Bookings routes: services, event time slots, bookings writer, extended bookings, attendance.

Paths: first the one the official SDK (``www.wixapis.com`` map) calls, then the documented
alternative forms (``../shared/reference/README.md``, wix-bookings.md).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from sync.sandbox import errors
from sync.sandbox.app import Call, Route
from sync.sandbox.models import attendance as attendances
from sync.sandbox.models import booking_cancel, bulk, extended_bookings, services, time_slots
from sync.sandbox.models import bookings as bk
from sync.sandbox.routes._body import array, boolean, enum, obj, paging_limit, string


def _page(
    items: list[dict[str, Any]],
    query: dict[str, Any],
    default: int,
    maximum: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Cursor paging: the cursor is an opaque token (here: the next offset, base64)."""
    limit = paging_limit(query, default, maximum)
    cursor = (query.get("cursorPaging") or {}).get("cursor")
    offset = 0
    if cursor:
        try:
            offset = int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["o"])
        except (ValueError, KeyError, TypeError):
            raise errors.InvalidArgument(
                "INVALID_CURSOR", "cursorPaging.cursor is not valid"
            ) from None
    page = items[offset : offset + limit]
    has_next = offset + limit < len(items)
    cursors: dict[str, Any] = {}
    if has_next:
        cursors["next"] = base64.urlsafe_b64encode(
            json.dumps({"o": offset + limit}).encode()
        ).decode()
    return page, {"count": len(page), "cursors": cursors, "hasNext": has_next}


def query_services(call: Call) -> dict[str, Any]:
    """Query Services — POST /_api/bookings/v2/services/query (Services v2): offset paging
    (``query.paging {limit, offset}``, the request's only paging; limit 100 by default, at
    most 100 here: the typings give the default only), sorted by ``createdDate``.
    https://dev.wix.com/docs/rest/api-reference/wix-bookings/services/services-v2/filtering-and-sorting
    """
    query = obj(call.body, "query", required=True)
    found = services.query_services(call.site, query.get("filter"))
    paging = obj(query, "paging")
    limit = paging_limit({"paging": paging}, 100, 100)
    offset = paging.get("offset") or 0
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise errors.invalid("query.paging.offset", "must be a number 0 or more")
    page = found[offset : offset + limit]
    return {
        "services": page,
        "pagingMetadata": {
            "count": len(page),
            "offset": offset,
            "total": len(found),
            "tooManyToCount": False,
        },
    }


def list_event_time_slots(call: Call) -> dict[str, Any]:
    """List Event Time Slots — POST /_api/service-availability/v2/time-slots/event.
    https://dev.wix.com/docs/rest/business-solutions/bookings/time-slots/time-slots-v2/list-event-time-slots
    """
    body = call.body
    cursor = (body.get("cursorPaging") or {}).get("cursor")
    if cursor:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        limit = (body.get("cursorPaging") or {}).get("limit", state["limit"])
        body = {**state["request"], "cursorPaging": {"limit": limit, "cursor": cursor}}
    from_local = string(body, "fromLocalDate", required=True)
    to_local = string(body, "toLocalDate", required=True)
    service_ids = array(body, "serviceIds", max_size=100)
    slots = time_slots.list_event_time_slots(
        call.site,
        service_ids=service_ids,
        from_local=str(from_local),
        to_local=str(to_local),
        time_zone=string(body, "timeZone") or call.site.time_zone,
        include_non_bookable=boolean(body, "includeNonBookable", True),
        min_bookable_capacity=body.get("minBookableCapacity"),
    )
    limit = paging_limit(body, 50, 1000)
    offset = 0
    if cursor:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode()))["o"]
    page = slots[offset : offset + limit]
    has_next = offset + limit < len(slots)
    cursors: dict[str, Any] = {}
    if has_next:
        request = {k: v for k, v in body.items() if k != "cursorPaging"}
        token = {"o": offset + limit, "limit": limit, "request": request}  # opaque to callers
        cursors["next"] = base64.urlsafe_b64encode(json.dumps(token).encode()).decode()
    return {
        "timeSlots": page,
        "timeZone": string(body, "timeZone") or call.site.time_zone,
        "pagingMetadata": {"cursors": cursors, "hasNext": has_next},
    }


def _create_one(call: Call, info: dict[str, Any]) -> dict[str, Any]:
    booking = obj(info, "booking", required=True)
    return bk.create_booking(
        call.site,
        booking,
        notify=info.get("participantNotification"),
        send_sms=info.get("sendSmsReminder"),
        flow=info.get("flowControlSettings") or {},
        can=call.require,
    )


def create_booking(call: Call) -> dict[str, Any]:
    """Create Booking — POST /_api/bookings-service/v2/bookings (Bookings Writer v2)."""
    return {"booking": _create_one(call, call.body)}


def bulk_create_booking(call: Call) -> dict[str, Any]:
    """Bulk Create Booking — POST /bookings/v2/bulk/bookings/create.

    ``@maxSize 40`` in the SDK 1.0.241 typings (older doc pages say 8). A missing required
    field fails the whole call; a refused booking fails only its own item.
    """
    infos = array(call.body, "createBookingsInfo", required=True, max_size=40)
    for index, info in enumerate(infos):
        if not isinstance(info, dict) or not isinstance(info.get("booking"), dict):
            raise errors.required(f"createBookingsInfo[{index}].booking")
    full = boolean(call.body, "returnFullEntity", False)
    results = []
    for index, info in enumerate(infos):
        try:
            with call.site.transaction():
                booking = _create_one(call, info)
        except errors.ValidationFailed:
            raise
        except errors.WixError as exc:
            results.append(
                {
                    "itemMetadata": {
                        "originalIndex": index,
                        "success": False,
                        "error": {
                            "code": exc.code,
                            "description": exc.description,
                            "data": exc.data,
                        },
                    }
                }
            )
            continue
        result: dict[str, Any] = {
            "itemMetadata": {"id": booking["id"], "originalIndex": index, "success": True}
        }
        if full:
            result["item"] = booking
        results.append(result)
    return {"results": results, "bulkActionMetadata": bulk.metadata(results)}


def confirm_or_decline(call: Call) -> dict[str, Any]:
    """Confirm Or Decline Booking — POST /bookings/v2/confirmation/{bookingId}:confirmOrDecline.
    https://dev.wix.com/docs/rest/business-solutions/bookings/bookings/bookings-writer-v2/confirm-or-decline-booking
    """
    status = call.body.get("paymentStatus")
    if status is not None:
        enum(status, "paymentStatus", bk.PaymentStatus)
    return {"booking": bk.confirm_or_decline(call.site, call.params["bookingId"], status)}


def cancel_booking(call: Call) -> dict[str, Any]:
    """Cancel Booking — POST /_api/bookings-service/v2/bookings/{bookingId}/cancel."""
    booking = booking_cancel.cancel_booking(
        call.site,
        call.params["bookingId"],
        revision=call.body.get("revision"),
        flow=obj(call.body, "flowControlSettings"),
        waive_charges=boolean(call.body, "waiveCharges", False),
    )
    return {"booking": booking}


def query_extended_bookings(call: Call) -> dict[str, Any]:
    """Query Extended Bookings — POST /_api/bookings-reader/v2/extended-bookings/query.
    https://dev.wix.com/docs/rest/business-solutions/bookings/bookings/bookings-reader-v2/query-extended-bookings
    """
    query = obj(call.body, "query", required=True)
    with_order = boolean(call.body, "withEcomOrder")
    if with_order:
        call.require("ECOM.READ_ORDERS", "to query extended bookings withEcomOrder")
    items = extended_bookings.query_extended_bookings(
        call.site,
        query.get("filter"),
        query.get("sort"),
        with_order=with_order,
        with_attendance=boolean(call.body, "withBookingAttendanceInfo"),
        with_actions=boolean(call.body, "withBookingAllowedActions"),
    )
    page, meta = _page(items, query, 50, 100)
    return {"extendedBookings": page, "pagingMetadata": meta}


def set_attendance(call: Call) -> dict[str, Any]:
    """Set Attendance — POST /bookings/bookings-attendance/set (an upsert).
    https://dev.wix.com/api/rest/wix-bookings/attendance/set-attendance
    """
    attendance = obj(call.body, "attendance", required=True)
    return {"attendance": attendances.set_attendance(call.site, attendance)}


def bulk_set_attendance(call: Call) -> dict[str, Any]:
    """Bulk Set Attendance — POST /bookings/v2/bulk/attendance/set (at most 8 entries)."""
    details = array(call.body, "attendanceDetails", max_size=8)
    if not details:
        raise errors.InvalidArgument("ATTENDANCES_MISSING_IN_REQUEST", "attendanceDetails is empty")
    for index, detail in enumerate(details):  # a missing required field fails the whole call
        att = (detail or {}).get("attendance") or {}
        for field in ("bookingId", "status"):
            if not att.get(field):
                raise errors.required(f"attendanceDetails[{index}].attendance.{field}")
    full = boolean(call.body, "returnFullEntity", False)
    results = []
    for index, detail in enumerate(details):
        try:
            with call.site.transaction():
                saved = attendances.set_attendance(call.site, detail["attendance"])
        except errors.WixError as exc:
            results.append(
                {
                    "itemMetadata": {
                        "originalIndex": index,
                        "success": False,
                        "error": {"code": exc.code, "description": exc.description},
                    }
                }
            )
            continue
        result: dict[str, Any] = {
            "itemMetadata": {"id": saved["id"], "originalIndex": index, "success": True}
        }
        if full:
            result["item"] = saved
        results.append(result)
    return {"results": results, "bulkActionMetadata": bulk.metadata(results)}


def query_attendance(call: Call) -> dict[str, Any]:
    """Query Attendance — POST /bookings/bookings-attendance/query."""
    query = obj(call.body, "query", required=True)
    page, meta = _page(attendances.query_attendance(call.site, query.get("filter")), query, 50, 100)
    return {
        "attendances": page,
        "pagingMetadata": {
            "cursors": meta["cursors"],
            "count": meta["count"],
            "hasNext": meta["hasNext"],
        },
    }


_READ = ("BOOKINGS.BOOKING_READ", "BOOKINGS.MANAGE_BOOKINGS", "BOOKINGS.BOOKING_READ_ANY")
_CREATE_FIELDS = frozenset(
    {
        "booking",
        "participantNotification",
        "sendSmsReminder",
        "flowControlSettings",
        "formSubmission",
    }
)
_EXT_FIELDS = frozenset(
    {
        "query",
        "withBookingAllowedActions",
        "withBookingAttendanceInfo",
        "withBookingConferencingDetails",
        "withBookingPolicySettings",
        "withBookingFeeDetails",
        "withEcomOrder",
    }
)

ROUTES = [
    Route(
        "services.query",
        "POST",
        ("/_api/bookings/v2/services/query", "/bookings/v2/services/query"),
        query_services,
        ("BOOKINGS.SERVICES_READ",),
        frozenset({"query", "conditionalFields"}),
        writes=False,
    ),
    Route(
        "slots.list_event",
        "POST",
        (
            "/_api/service-availability/v2/time-slots/event",
            "/service-availability/v2/time-slots/event",
        ),
        list_event_time_slots,
        ("BOOKINGS.AVAILABILITY_READ",),
        frozenset(
            {
                "fromLocalDate",
                "toLocalDate",
                "timeZone",
                "serviceIds",
                "includeNonBookable",
                "minBookableCapacity",
                "eventFilter",
                "maxSlotsPerDay",
                "cursorPaging",
                "bookingPolicyViolations",
            }
        ),
        writes=False,
    ),
    Route(
        "bookings.create",
        "POST",
        ("/_api/bookings-service/v2/bookings", "/bookings/v2/bookings"),
        create_booking,
        ("BOOKINGS.BOOKING_CREATE",),
        _CREATE_FIELDS,
    ),
    Route(
        "bookings.bulk_create",
        "POST",
        ("/bookings/v2/bulk/bookings/create", "/bookings/bookings/v2/bulk/bookings/create"),
        bulk_create_booking,
        ("BOOKINGS.BOOKING_CREATE",),
        frozenset({"createBookingsInfo", "returnFullEntity"}),
    ),
    Route(
        "bookings.confirm_or_decline",
        "POST",
        ("/bookings/v2/confirmation/<bookingId>:confirmOrDecline",),
        confirm_or_decline,
        ("BOOKINGS.BOOKING_CONFIRM_OR_DECLINE",),
        frozenset({"paymentStatus"}),
    ),
    Route(
        "bookings.cancel",
        "POST",
        (
            "/_api/bookings-service/v2/bookings/<bookingId>/cancel",
            "/bookings/v2/bookings/<bookingId>/cancel",
        ),
        cancel_booking,
        ("BOOKINGS.BOOKING_CANCEL",),
        frozenset({"participantNotification", "flowControlSettings", "revision", "waiveCharges"}),
    ),
    Route(
        "extended_bookings.query",
        "POST",
        (
            "/_api/bookings-reader/v2/extended-bookings/query",
            "/bookings/bookings-reader/v2/extended-bookings/query",
        ),
        query_extended_bookings,
        _READ,
        _EXT_FIELDS,
        writes=False,
    ),
    Route(
        "attendance.set",
        "POST",
        (
            "/bookings/bookings-attendance/set",
            "/_api/bookings-attendance/set",
            "/bookings/attendance/set",
        ),
        set_attendance,
        ("BOOKINGS.ATTENDANCE_SET",),
        frozenset({"attendance", "participantNotification"}),
    ),
    Route(
        "attendance.bulk_set",
        "POST",
        ("/bookings/v2/bulk/attendance/set",),
        bulk_set_attendance,
        ("BOOKINGS.ATTENDANCE_SET",),
        frozenset({"attendanceDetails", "returnFullEntity"}),
    ),
    Route(
        "attendance.query",
        "POST",
        ("/bookings/bookings-attendance/query", "/_api/bookings-attendance/query"),
        query_attendance,
        ("BOOKINGS.ATTENDANCE_READ",),
        frozenset({"query"}),
        writes=False,
    ),
]
