"""Services, event time slots, Create Booking and its rules, Confirm Or Decline, Cancel and
Query Extended Bookings."""

from __future__ import annotations

import pytest

from tests.conftest import Wix, booking_body

CREATE = "/_api/bookings-service/v2/bookings"
EXTENDED = "/_api/bookings-reader/v2/extended-bookings/query"
SLOTS = "/_api/service-availability/v2/time-slots/event"


def _create(wix: Wix, email: str = "ivan.novak@example.org", **kw: object) -> dict:
    kw.setdefault("skipAvailabilityValidation", True)
    return wix.ok("POST", CREATE, booking_body(wix, email, **kw))["booking"]


@pytest.mark.evidence("wix-bookings.md §2: Query Services by name and type")
def test_query_services_by_name(wix: Wix) -> None:
    found = wix.ok(
        "POST",
        "/_api/bookings/v2/services/query",
        {"query": {"filter": {"name": "Open Water Swim", "type": "CLASS"}}},
    )
    (service,) = found["services"]
    assert service["payment"]["fixed"]["price"] == {"value": "15.00", "currency": "USD"}
    assert service["payment"]["options"]["pricingPlan"] is True


@pytest.mark.evidence(
    "bookings_services 1.0.285: QueryV2.paging {limit, offset}; PagingMetadataV2 "
    "{count, offset, total}; queryServices 'limit is 100'"
)
def test_query_services_pages_by_offset(wix: Wix) -> None:
    path = "/_api/bookings/v2/services/query"
    first = wix.ok("POST", path, {"query": {"paging": {"limit": 1}}})
    second = wix.ok("POST", path, {"query": {"paging": {"limit": 1, "offset": 1}}})
    assert [len(first["services"]), len(second["services"])] == [1, 1]
    assert first["services"][0]["id"] != second["services"][0]["id"]
    assert second["pagingMetadata"] == {
        "count": 1,
        "offset": 1,
        "total": 2,
        "tooManyToCount": False,
    }
    assert wix.call("POST", path, {"query": {"paging": {"limit": 101}}}).status_code == 400


def test_public_service_path_answers_too(wix: Wix) -> None:
    assert wix.ok("POST", "/bookings/v2/services/query", {"query": {}})["services"]


@pytest.mark.evidence("wix-bookings.md §3.1: List Event Time Slots, local dates plus timeZone")
def test_list_event_time_slots_for_one_local_day(wix: Wix) -> None:
    found = wix.ok(
        "POST",
        SLOTS,
        {
            "serviceIds": [wix.service_id()],
            "fromLocalDate": "2026-06-15T00:00:00",
            "toLocalDate": "2026-06-16T00:00:00",
            "timeZone": "America/Denver",
            "includeNonBookable": True,
        },
    )
    (slot,) = found["timeSlots"]
    assert slot["localStartDate"] == "2026-06-15T06:30:00"
    assert slot["eventInfo"]["eventId"] == wix.today_event()
    assert slot["totalCapacity"] == 150
    # 08:00 local: the 06:30 class has started, so it is not bookable online any more
    assert slot["bookable"] is False
    assert slot["bookingPolicyViolations"]["tooLateToBook"] is True
    assert found["timeZone"] == "America/Denver"


@pytest.mark.parametrize("value", ["2026-06-15", "2026-06-15T00:00:00Z"])
def test_time_slots_refuse_dates_that_are_not_local_date_times(wix: Wix, value: str) -> None:
    response = wix.call(
        "POST",
        SLOTS,
        {
            "serviceIds": [wix.service_id()],
            "fromLocalDate": value,
            "toLocalDate": "2026-06-16T00:00:00",
        },
    )
    assert response.status_code == 400


def test_time_slots_can_hide_past_sessions(wix: Wix) -> None:
    wix.control("POST", "switches", {"time_slots_include_past": False})
    found = wix.ok(
        "POST",
        SLOTS,
        {
            "serviceIds": [wix.service_id()],
            "fromLocalDate": "2026-06-15T00:00:00",
            "toLocalDate": "2026-06-16T00:00:00",
        },
    )
    assert found["timeSlots"] == []


def test_time_slots_page_with_cursors(wix: Wix) -> None:
    body = {
        "serviceIds": [wix.service_id()],
        "fromLocalDate": "2026-06-10T00:00:00",
        "toLocalDate": "2026-06-20T00:00:00",
        "cursorPaging": {"limit": 4},
    }
    first = wix.ok("POST", SLOTS, body)
    assert len(first["timeSlots"]) == 4
    assert first["pagingMetadata"]["hasNext"]
    cursor = first["pagingMetadata"]["cursors"]["next"]
    rest = wix.ok("POST", SLOTS, {"cursorPaging": {"limit": 10, "cursor": cursor}})
    assert len(rest["timeSlots"]) == 6


@pytest.mark.evidence("wix-bookings.md §4: Create Booking starts CREATED / UNDEFINED")
def test_new_booking_is_created_unpaid_whatever_the_caller_says(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    body["booking"]["paymentStatus"] = "PAID"
    booking = wix.ok("POST", CREATE, body)["booking"]
    assert booking["status"] == "CREATED"
    assert booking["paymentStatus"] == "UNDEFINED"
    assert booking["revision"] == "1"
    assert booking["bookedEntity"]["slot"]["eventId"] == wix.today_event()
    assert booking["bookedEntity"]["tags"] == ["GROUP"]
    assert booking["sendSmsReminder"] is False


def test_sms_reminder_defaults_to_true(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    del body["sendSmsReminder"]
    assert wix.ok("POST", CREATE, body)["booking"]["sendSmsReminder"] is True


def test_booking_after_the_session_started_is_a_policy_violation(wix: Wix) -> None:
    response = wix.call("POST", CREATE, booking_body(wix, "ivan.novak@example.org"))
    assert response.status_code == 428
    assert response.json()["details"]["applicationError"]["code"] == "BOOKING_POLICY_VIOLATION"


def test_skip_availability_needs_the_override_permission(wix: Wix) -> None:
    response = wix.call(
        "POST",
        CREATE,
        booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True),
        key="no-payments",
    )
    assert response.status_code == 403
    assert "BOOKINGS.OVERRIDE_AVAILABILITY" in response.json()["message"]


def test_skip_availability_may_not_bypass_policy_when_switched(wix: Wix) -> None:
    wix.control("POST", "switches", {"skip_availability_bypasses_policy": False})
    response = wix.call(
        "POST", CREATE, booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    )
    assert response.status_code == 428


@pytest.mark.evidence("seed thread: Missing required permission BOOKINGS.MANAGE_PAYMENTS")
def test_membership_offline_needs_manage_payments(wix: Wix) -> None:
    body = booking_body(wix, "ana.lee@example.org", option="MEMBERSHIP_OFFLINE")
    tomorrow = next(
        e
        for e in wix.control("GET", "state")["events"]
        if e["localStart"].startswith("2026-06-16T06:30")
    )["id"]
    body["booking"]["bookedEntity"]["slot"]["eventId"] = tomorrow
    response = wix.call("POST", CREATE, body, key="no-payments")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "Missing required permission BOOKINGS.MANAGE_PAYMENTS: Missing required permission "
        "BOOKINGS.MANAGE_PAYMENTS to create booking with MEMBERSHIP_OFFLINE selectedPaymentOption"
    )
    assert wix.call("POST", CREATE, body).status_code == 200


def test_payment_option_is_required(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    del body["booking"]["selectedPaymentOption"]
    response = wix.call("POST", CREATE, body)
    assert response.status_code == 400
    assert "selectedPaymentOption" in response.json()["message"]


def test_deprecated_session_id_is_refused(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    slot = body["booking"]["bookedEntity"]["slot"]
    slot["sessionId"] = slot.pop("eventId")
    assert wix.call("POST", CREATE, body).status_code == 400


def test_unknown_event_is_session_not_found(wix: Wix) -> None:
    response = wix.call("POST", CREATE, booking_body(wix, "ivan.novak@example.org", event="x" * 40))
    assert response.status_code == 404
    assert response.json()["details"]["applicationError"]["code"] == "SESSION_NOT_FOUND"


def test_contact_id_with_someone_elses_email_conflicts(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    body["booking"]["contactDetails"]["email"] = "jade.kim@example.org"
    response = wix.call("POST", CREATE, body)
    assert response.json()["details"]["applicationError"]["code"] == "CONTACT_DETAILS_CONFLICT"


def test_booking_by_email_alone_creates_the_contact(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    body["booking"]["contactDetails"] = {"firstName": "Zoe", "email": "zoe@example.org"}
    booking = wix.ok("POST", CREATE, body)["booking"]
    found = wix.ok(
        "POST",
        "/contacts/v4/contacts/query",
        {"query": {"filter": {"info.emails.email": "zoe@example.org"}}},
    )["contacts"]
    assert booking["contactDetails"]["contactId"] == found[0]["id"]


def test_full_session_refuses_unless_availability_is_skipped(wix: Wix) -> None:
    event = next(
        e
        for e in wix.control("GET", "state")["events"]
        if e["localStart"].startswith("2026-06-16T06:30")
    )
    wix.sandbox.site.events[event["id"]]["capacity"] = 1
    first = wix.ok("POST", CREATE, booking_body(wix, "ivan.novak@example.org", event=event["id"]))[
        "booking"
    ]
    wix.ok("POST", f"/bookings/v2/confirmation/{first['id']}:confirmOrDecline", {})
    response = wix.call(
        "POST", CREATE, booking_body(wix, "jade.kim@example.org", event=event["id"])
    )
    assert response.status_code == 428
    assert response.json()["details"]["applicationError"]["code"] == "SESSION_CAPACITY_EXCEEDED"
    forced = wix.ok(
        "POST",
        CREATE,
        booking_body(
            wix, "jade.kim@example.org", event=event["id"], skipAvailabilityValidation=True
        ),
    )["booking"]
    assert forced["doubleBooked"] is True


def test_bulk_create_reports_each_item(wix: Wix) -> None:
    good = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    bad = booking_body(wix, "jade.kim@example.org")  # too late without the override
    result = wix.ok(
        "POST",
        "/bookings/v2/bulk/bookings/create",
        {"createBookingsInfo": [good, bad], "returnFullEntity": True},
    )
    first, second = result["results"]
    assert first["itemMetadata"]["success"] is True
    assert first["item"]["status"] == "CREATED"
    assert second["itemMetadata"]["error"]["code"] == "BOOKING_POLICY_VIOLATION"
    assert result["bulkActionMetadata"] == {
        "totalSuccesses": 1,
        "totalFailures": 1,
        "undetailedFailures": 0,
    }


def test_bulk_create_with_a_missing_booking_fails_whole(wix: Wix) -> None:
    good = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    response = wix.call(
        "POST", "/bookings/v2/bulk/bookings/create", {"createBookingsInfo": [good, {}]}
    )
    assert response.status_code == 400
    assert len(wix.control("GET", "state")["bookings"]) == 2  # the two seeded ones only


def test_confirm_or_decline_confirms_and_refuses_a_cancelled_booking(wix: Wix) -> None:
    booking = _create(wix)
    confirmed = wix.ok(
        "POST",
        f"/bookings/v2/confirmation/{booking['id']}:confirmOrDecline",
        {"paymentStatus": "NOT_PAID"},
    )["booking"]
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed["revision"] == "2"
    wix.ok("POST", f"{CREATE}/{booking['id']}/cancel", {"revision": "2"})
    response = wix.call("POST", f"/bookings/v2/confirmation/{booking['id']}:confirmOrDecline", {})
    assert response.status_code == 428
    assert response.json()["details"]["applicationError"]["code"] == "INVALID_BOOKING_STATUS"


def test_cancel_needs_the_current_revision(wix: Wix) -> None:
    booking = _create(wix)
    assert wix.call("POST", f"{CREATE}/{booking['id']}/cancel", {}).status_code == 400
    stale = wix.call("POST", f"{CREATE}/{booking['id']}/cancel", {"revision": "7"})
    assert stale.status_code == 409
    cancelled = wix.ok(
        "POST",
        f"/bookings/v2/bookings/{booking['id']}/cancel",
        {"revision": "1", "participantNotification": {"notifyParticipants": False}},
    )
    assert cancelled["booking"]["status"] == "CANCELED"


@pytest.mark.evidence("wix-bookings.md §6.1: filter by contact and event (with 'item')")
def test_extended_bookings_find_a_booking_by_contact_and_event(wix: Wix) -> None:
    booking = _create(wix)
    contact = wix.contact("ivan.novak@example.org")["id"]
    found = wix.ok(
        "POST",
        EXTENDED,
        {
            "query": {
                "filter": {
                    "contactDetails.contactId": contact,
                    "bookedEntity.item.slot.eventId": wix.today_event(),
                    "status": {"$in": ["CREATED", "PENDING", "CONFIRMED"]},
                }
            },
            "withEcomOrder": True,
        },
    )
    (item,) = found["extendedBookings"]
    assert item["booking"]["id"] == booking["id"]
    assert "order" not in item, "no order yet"


def test_extended_bookings_slot_path_without_item_is_a_switch(wix: Wix) -> None:
    body = {"query": {"filter": {"bookedEntity.slot.eventId": wix.today_event()}}}
    assert wix.call("POST", EXTENDED, body).status_code == 400
    wix.control("POST", "switches", {"extended_bookings_accepts_slot_path_without_item": True})
    assert len(wix.ok("POST", EXTENDED, body)["extendedBookings"]) == 2


def test_extended_bookings_by_external_user_id(wix: Wix) -> None:
    body = booking_body(wix, "ivan.novak@example.org", skipAvailabilityValidation=True)
    body["booking"]["externalUserId"] = "wixsync:row:7f3a"
    booking = wix.ok("POST", CREATE, body)["booking"]
    found = wix.ok("POST", EXTENDED, {"query": {"filter": {"externalUserId": "wixsync:row:7f3a"}}})
    assert [i["booking"]["id"] for i in found["extendedBookings"]] == [booking["id"]]


def test_extended_bookings_with_order_need_read_orders(wix: Wix) -> None:
    wix.sandbox.site.api_keys["no-payments"] = wix.sandbox.site.api_keys["no-payments"].__class__(
        "no-payments",
        wix.key("no-payments"),
        frozenset(wix.sandbox.site.api_keys["no-payments"].permissions - {"ECOM.READ_ORDERS"}),
    )
    response = wix.call("POST", EXTENDED, {"query": {}, "withEcomOrder": True}, key="no-payments")
    assert response.status_code == 403


def test_seeded_pre_booked_participants_have_linked_orders(wix: Wix) -> None:
    found = wix.ok(
        "POST",
        EXTENDED,
        {
            "query": {"filter": {"bookedEntity.item.slot.eventId": wix.today_event()}},
            "withEcomOrder": True,
        },
    )
    by_email = {i["booking"]["contactDetails"]["email"]: i for i in found["extendedBookings"]}
    paid = by_email["gus.petrov@example.org"]
    assert paid["booking"]["status"] == "CONFIRMED"
    assert paid["booking"]["paymentStatus"] == "PAID"
    assert paid["order"]["paymentStatus"] == "PAID"
    unpaid = by_email["hana.sato@example.org"]
    assert unpaid["booking"]["paymentStatus"] == "NOT_PAID"
    assert unpaid["order"]["status"] == "APPROVED"
    assert unpaid["order"]["paymentStatus"] == "NOT_PAID"
