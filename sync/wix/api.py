"""One thin function per Wix endpoint the sync uses.

Each names the doc page or SDK method it follows and passes the REST field names exactly as
the SDK typings declare them. Nothing here retries or decides: :mod:`sync.wix.http` does
the first, the row flows the second.
"""

from __future__ import annotations

from sync.wix import answers as A
from sync.wix import paths
from sync.wix.calls import IDS_PER_CALL, Json
from sync.wix.ecom import EcomCalls
from sync.wix.paging import Page, cursor_pages, meta_of, offset_pages
from sync.wix.plans import PlanCalls

NO_NOTICE = {"notifyParticipants": False}


class WixClient(EcomCalls, PlanCalls):
    """Every endpoint the sync uses: contacts, members, services, sessions, bookings and
    attendance here; the orders and payments in :mod:`sync.wix.ecom`; the plans in
    :mod:`sync.wix.plans`."""

    # -- contacts and members ---------------------------------------------------------------
    def _offset_query(
        self, path: str, filter_: Json, limit: int, key: str, meta: str
    ) -> list[Json]:
        """``POST {query: {filter, paging: {limit, offset}}}``, every page."""

        def page(offset: int) -> Page:
            paging = {"limit": limit, "offset": offset} if offset else {"limit": limit}
            answer = self._read("POST", path, {"query": {"filter": filter_, "paging": paging}})
            return answer.get(key) or [], meta_of(answer, meta)

        return offset_pages(page, limit, method="POST", path=path)

    def query_contacts(self, filter_: Json, limit: int = 1000) -> list[Json]:
        """contacts.queryContacts — offset paging, ``paging.limit`` at most 1000 (crm_contacts
        typings: "Maximum: 1000"), ``pagingMetadata.total``; every page is read.
        https://dev.wix.com/docs/rest/api-reference/contacts/contacts/contact-v4/sort-filter-and-search"""
        return self._offset_query(
            paths.CONTACTS_QUERY, filter_, limit, "contacts", "pagingMetadata"
        )

    def create_contact(self, first: str, last: str, email: str) -> Json:
        """contacts.createContact (``allowDuplicates: false``: a duplicate email is a 409
        ``DUPLICATE_CONTACT_EXISTS`` carrying ``duplicateContactId``, so a repeat is safe)."""
        info: Json = {"emails": {"items": [{"tag": "MAIN", "email": email, "primary": True}]}}
        if first or last:
            info["name"] = {"first": first, "last": last}
        return self._write(
            paths.CONTACTS,
            {"info": info, "allowDuplicates": False},
            safe=True,
            shape=A.ContactAnswer,
        )["contact"]

    def query_members(self, filter_: Json, limit: int = 100) -> list[Json]:
        """members.queryMembers — POST /members/v1/members/query: offset paging
        (``query.paging {limit, offset}``, "a list of up to 100 members" a page), the
        answer's ``metadata.total``; every page is read."""
        return self._offset_query(paths.MEMBERS_QUERY, filter_, limit, "members", "metadata")

    # -- services and sessions --------------------------------------------------------------
    def query_services(self, filter_: Json) -> list[Json]:
        """services.queryServices — Services v2 filters: name, type, …; offset paging
        (``query.paging {limit, offset}``, limit 100 by default), ``pagingMetadata.total``;
        every page is read."""
        return self._offset_query(paths.SERVICES_QUERY, filter_, 100, "services", "pagingMetadata")

    def list_event_time_slots(
        self, service_ids: list[str], from_local: str, to_local: str, time_zone: str
    ) -> list[Json]:
        """eventTimeSlots.listEventTimeSlots — https://dev.wix.com/docs/rest/business-solutions/bookings/time-slots/time-slots-v2/list-event-time-slots

        Local ``YYYY-MM-DDThh:mm:ss`` dates plus an IANA ``timeZone``; non-bookable slots
        included (a started class is still the one walk-ins came to). ``serviceIds`` holds at
        most 100 (``@maxSize 100``): more classes go in several lists. Cursor paging, at most
        1000 a page; every page is read.
        """
        slots: list[Json] = []
        for start in range(0, max(len(service_ids), 1), IDS_PER_CALL):
            first: Json = {
                "serviceIds": service_ids[start : start + IDS_PER_CALL],
                "fromLocalDate": from_local,
                "toLocalDate": to_local,
                "timeZone": time_zone,
                "includeNonBookable": True,
            }

            def page(cursor: str | None, first: Json = first) -> Page:
                body = (
                    {"cursorPaging": {"limit": 1000, "cursor": cursor}}
                    if cursor
                    else {**first, "cursorPaging": {"limit": 1000}}
                )
                answer = self._read("POST", paths.EVENT_TIME_SLOTS, body)
                return answer.get("timeSlots") or [], meta_of(answer, "pagingMetadata")

            slots.extend(cursor_pages(page, method="POST", path=paths.EVENT_TIME_SLOTS))
        return slots

    # -- bookings ---------------------------------------------------------------------------
    @staticmethod
    def booking_info(
        *,
        service_id: str,
        event_id: str,
        contact: Json,
        option: str,
        external_id: str,
        skip_availability: bool,
    ) -> Json:
        """One ``CreateBookingInfo``: a class seat, no notification, no SMS."""
        info: Json = {
            "booking": {
                "bookedEntity": {"slot": {"serviceId": service_id, "eventId": event_id}},
                "contactDetails": contact,
                "totalParticipants": 1,
                "selectedPaymentOption": option,
                "externalUserId": external_id,
            },
            "participantNotification": NO_NOTICE,
            "sendSmsReminder": False,
        }
        if skip_availability:
            info["flowControlSettings"] = {"skipAvailabilityValidation": True}
        return info

    def create_booking(self, info: Json) -> Json:
        """bookings.createBooking — POST /_api/bookings-service/v2/bookings. Not idempotent."""
        return self._write(paths.BOOKINGS, info, shape=A.BookingAnswer)["booking"]

    def bulk_create_bookings(self, infos: list[Json]) -> list[Json]:
        """bookings.bulkCreateBooking — per-item ``results[] {itemMetadata, item}``."""
        body = {"createBookingsInfo": infos, "returnFullEntity": True}
        return self._write(paths.BULK_CREATE_BOOKINGS, body, shape=A.BulkAnswer)["results"]

    def cancel_booking(
        self, booking_id: str, revision: str, *, with_refund: bool, waive_charges: bool
    ) -> Json:
        """bookings.cancelBooking — revision-guarded, so a repeat is refused, not doubled."""
        body = {
            "revision": revision,
            "participantNotification": NO_NOTICE,
            "flowControlSettings": {
                "ignoreCancellationPolicy": True,
                "withRefund": with_refund,
                "waiveCancellationFee": True,
            },
            "waiveCharges": waive_charges,
        }
        path = paths.CANCEL_BOOKING.format(booking_id=booking_id)
        return self._write(path, body, shape=A.BookingAnswer)["booking"]

    def query_extended_bookings(
        self, filter_: Json, *, with_order: bool = True, with_attendance: bool = False
    ) -> list[Json]:
        """extendedBookings.queryExtendedBookings — filters use the ``bookedEntity.item``
        paths the doc page lists; cursor paging, at most 100 a page; every page is read."""

        def page(cursor: str | None) -> Page:
            query: Json = (
                {"cursorPaging": {"limit": 100, "cursor": cursor}}
                if cursor
                else {"filter": filter_, "cursorPaging": {"limit": 100}}
            )
            answer = self._read(
                "POST",
                paths.EXTENDED_BOOKINGS_QUERY,
                {
                    "query": query,
                    "withEcomOrder": with_order,
                    "withBookingAttendanceInfo": with_attendance,
                },
            )
            return answer.get("extendedBookings") or [], meta_of(answer, "pagingMetadata")

        return cursor_pages(page, method="POST", path=paths.EXTENDED_BOOKINGS_QUERY)

    # -- attendance -------------------------------------------------------------------------
    def set_attendance(self, booking_id: str, event_id: str, status: str) -> Json:
        """attendance.setAttendance — an upsert, safe to repeat."""
        body = {
            "attendance": {
                "bookingId": booking_id,
                "eventId": event_id,
                "status": status,
                "numberOfAttendees": 1,
            },
            "participantNotification": NO_NOTICE,
        }
        return self._write(paths.SET_ATTENDANCE, body, safe=True)["attendance"]

    def bulk_set_attendance(self, items: list[tuple[str, str, str]]) -> list[Json]:
        """attendance.bulkSetAttendance — at most 8; an upsert, so safe to repeat."""
        details = [
            {
                "attendance": {"bookingId": b, "eventId": e, "status": s, "numberOfAttendees": 1},
                "participantNotification": NO_NOTICE,
            }
            for b, e, s in items
        ]
        body = {"attendanceDetails": details, "returnFullEntity": False}
        return self._write(paths.BULK_SET_ATTENDANCE, body, safe=True, shape=A.BulkAnswer)[
            "results"
        ]
