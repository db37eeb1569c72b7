"""One thin function per Wix endpoint the sync uses.

Each names the doc page or SDK method it follows and passes the REST field names exactly as
the SDK typings declare them. Nothing here retries or decides: :mod:`sync.wix.http` does
the first, the row flows the second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sync.wix import answers as A
from sync.wix import paths
from sync.wix.enums import BOOKINGS_APP_ID, PRICING_PLANS_NAMESPACE, ChannelType
from sync.wix.errors import Removed
from sync.wix.http import WixHTTP

Json = dict[str, Any]
NO_NOTICE = {"notifyParticipants": False}


class WixClient:
    def __init__(self, http: WixHTTP, today: Callable[[], date] = date.today) -> None:
        self.http = http
        self.today = today

    def _v1(self, method: str, path: str) -> None:
        """Checkout v1 is never sent on or after its removal date."""
        if self.today() >= paths.CHECKOUT_V1_REMOVAL:
            raise Removed(method, path, paths.CHECKOUT_V1_REMOVAL.isoformat())

    def _read(self, method: str, path: str, body: Any = None, params: Any = None) -> Json:
        return self.http.request(method, path, body=body, params=params, safe_to_repeat=True)

    def _write(
        self,
        path: str,
        body: Any,
        *,
        method: str = "POST",
        safe: bool = False,
        shape: type[A._Shape] | None = None,
    ) -> Json:
        answer = self.http.request(method, path, body=body, safe_to_repeat=safe)
        return A.checked(answer, shape, method, path) if shape else answer

    def _checked_read(
        self, method: str, path: str, shape: type[A._Shape], body: Any = None
    ) -> Json:
        return A.checked(self._read(method, path, body), shape, method, path)

    # -- contacts and members ---------------------------------------------------------------
    def query_contacts(self, filter_: Json, limit: int = 1000) -> list[Json]:
        """contacts.queryContacts — https://dev.wix.com/docs/rest/api-reference/contacts/contacts/contact-v4/sort-filter-and-search"""
        body = {"query": {"filter": filter_, "paging": {"limit": limit}}}
        return self._read("POST", paths.CONTACTS_QUERY, body).get("contacts", [])

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
        """members.queryMembers — POST /members/v1/members/query."""
        body = {"query": {"filter": filter_, "paging": {"limit": limit}}}
        return self._read("POST", paths.MEMBERS_QUERY, body).get("members", [])

    # -- services and sessions --------------------------------------------------------------
    def query_services(self, filter_: Json) -> list[Json]:
        """services.queryServices — Services v2 filters: name, type, …"""
        body = {"query": {"filter": filter_, "paging": {"limit": 100}}}
        return self._read("POST", paths.SERVICES_QUERY, body).get("services", [])

    def list_event_time_slots(
        self, service_ids: list[str], from_local: str, to_local: str, time_zone: str
    ) -> list[Json]:
        """eventTimeSlots.listEventTimeSlots — https://dev.wix.com/docs/rest/business-solutions/bookings/time-slots/time-slots-v2/list-event-time-slots

        Local ``YYYY-MM-DDThh:mm:ss`` dates plus an IANA ``timeZone``; non-bookable slots
        included (a started class is still the one walk-ins came to).
        """
        body: Json = {
            "serviceIds": service_ids,
            "fromLocalDate": from_local,
            "toLocalDate": to_local,
            "timeZone": time_zone,
            "includeNonBookable": True,
            "cursorPaging": {"limit": 1000},
        }
        slots: list[Json] = []
        while True:
            answer = self._read("POST", paths.EVENT_TIME_SLOTS, body)
            slots.extend(answer.get("timeSlots", []))
            cursor = (answer.get("pagingMetadata") or {}).get("cursors", {}).get("next")
            if not cursor:
                return slots
            body = {"cursorPaging": {"limit": 1000, "cursor": cursor}}

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
        paths the doc page lists; pages through every result."""
        found: list[Json] = []
        query: Json = {"filter": filter_, "cursorPaging": {"limit": 100}}
        while True:
            answer = self._read(
                "POST",
                paths.EXTENDED_BOOKINGS_QUERY,
                {
                    "query": query,
                    "withEcomOrder": with_order,
                    "withBookingAttendanceInfo": with_attendance,
                },
            )
            found.extend(answer.get("extendedBookings", []))
            cursor = (answer.get("pagingMetadata") or {}).get("cursors", {}).get("next")
            if not cursor:
                return found
            query = {"cursorPaging": {"limit": 100, "cursor": cursor}}

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

    # -- Cart V2: the order path -------------------------------------------------------------
    def create_cart(self, booking_id: str, email: str | None, first: str, last: str) -> Json:
        """cartV2.createCart — ``POST /ecom/v2/carts`` with the booking as its catalog item
        (``catalogItemId`` = booking id, Bookings app id), a back-office source channel and
        the buyer's name and email (``customerInfo``'s writable fields). Not idempotent:
        the cart id is journaled before the order is placed. The answer's
        ``lineItems[].paymentConfig.paymentOption`` is non-nullable in the typings.
        https://dev.wix.com/docs/api-reference/business-solutions/e-commerce/purchase-flow/cart-v2/create-cart
        """
        customer: Json = {"firstName": first, "lastName": last}
        if email:
            customer["email"] = email
        body = {
            "cart": {
                "source": {"channelType": ChannelType.BACKOFFICE_MERCHANT},
                "customerInfo": customer,
            },
            "catalogItems": [
                {
                    "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
                    "quantity": 1,
                }
            ],
        }
        return self._write(paths.CARTS, body, shape=A.CartAnswer)["cart"]

    def get_cart(self, cart_id: str) -> Json:
        """cartV2.getCart — ``orderId`` is filled once the cart is placed (the resume)."""
        return self._checked_read("GET", paths.CART.format(cart_id=cart_id), A.GotCartAnswer)[
            "cart"
        ]

    def calculate_cart(self, cart_id: str) -> Json:
        """cartV2.calculateCart — ``{cart, summary}``; ``summary.priceVerificationToken``,
        ``summary.paymentSummary.payNow`` and ``summary.violations``. A read."""
        return self._read("POST", paths.CART_CALCULATE.format(cart_id=cart_id), {})

    def place_order(self, cart_id: str, price_token: str | None = None) -> str:
        """cartV2.placeOrder — a repeat answers ``CART_ALREADY_ORDERED`` with
        ``data.orderId``; callers treat that as the order. The token is optional
        (``priceVerificationToken?`` in PlaceOrderRequest)."""
        body: Json = {}
        if price_token:
            body["priceVerificationToken"] = price_token
        path = paths.CART_PLACE_ORDER.format(cart_id=cart_id)
        return self._write(path, body, shape=A.PlacedAnswer)["orderId"]

    # -- Checkout v1 (fallback only; removed by Wix on 2027-02-01) -------------------------
    def create_checkout(self, booking_id: str, email: str | None, first: str, last: str) -> Json:
        """checkout.createCheckout with the booking as its line item — the only way to get an
        order Wix links to the booking (wix-ecom.md §1)."""
        info: Json = {"billingInfo": {"contactDetails": {"firstName": first, "lastName": last}}}
        if email:
            info["buyerInfo"] = {"email": email}
        body = {
            "channelType": ChannelType.BACKOFFICE_MERCHANT,
            "lineItems": [
                {
                    "quantity": 1,
                    "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
                }
            ],
            "checkoutInfo": info,
        }
        self._v1("POST", paths.CHECKOUTS)
        return self._write(paths.CHECKOUTS, body, shape=A.CheckoutAnswer)["checkout"]

    def create_order(self, checkout_id: str) -> str:
        """checkout.createOrder. A repeat answers 409 ``CHECKOUT_ALREADY_PAID`` with the
        existing ``orderId``; callers treat that as success."""
        self._v1("POST", paths.CHECKOUT_CREATE_ORDER)
        path = paths.CHECKOUT_CREATE_ORDER.format(checkout_id=checkout_id)
        return self._write(path, {}, shape=A.PlacedAnswer)["orderId"]

    def get_order(self, order_id: str) -> Json:
        return self._checked_read("GET", paths.ORDER.format(order_id=order_id), A.OrderAnswer)[
            "order"
        ]

    def orders_for_bookings(self, booking_ids: list[str]) -> list[Json]:
        """orders.searchOrders by ``lineItems.catalogReference.catalogItemId $hasSome``."""
        found: list[Json] = []
        for start in range(0, len(booking_ids), 100):
            body = {
                "search": {
                    "filter": {
                        "lineItems.catalogReference.catalogItemId": {
                            "$hasSome": booking_ids[start : start + 100]
                        },
                        "status": {"$ne": "CANCELED"},
                    },
                    "cursorPaging": {"limit": 100},
                }
            }
            found.extend(self._read("POST", paths.ORDERS_SEARCH, body).get("orders", []))
        return found

    def mark_as_paid(self, order_id: str, method: Json) -> Json:
        """orders.paymentCollectionMarkOrderAsPaid — ``POST /ecom/v1/payments-collector/
        orders/{id}/mark-as-paid`` with ``userDefinedPaymentMethodName`` (``{predefined:
        CASH|CHECK|BANK_TRANSFER}`` or ``{custom: name}``). SDK-internal (``@internal``,
        orders 1.0.300): a site's probe decides whether a key may call it. A repeat
        answers ``ORDER_ALREADY_PAID``, so it is safe to resend after a lookup."""
        body = {"userDefinedPaymentMethodName": method}
        path = paths.MARK_AS_PAID.format(order_id=order_id)
        return self._write(path, body, shape=A.OrderAnswer)["order"]

    def list_transactions(self, order_id: str) -> Json:
        """orderTransactions.listTransactionsForSingleOrder."""
        path = paths.ORDER_TRANSACTIONS.format(order_id=order_id)
        return self._read("GET", path).get("orderTransactions", {})

    def add_offline_payment(self, order_id: str, amount: str, method: Json) -> Json:
        """orderTransactions.addPayments — NOT idempotent: callers check the transactions
        first and never call it twice for one order. Sends the payment's top-level
        ``status`` only (``regularPaymentDetails.status`` was removed on 2026-11-01)."""
        body = {
            "payments": [
                {
                    "amount": {"amount": amount},
                    "status": "APPROVED",
                    "regularPaymentDetails": {
                        "offlinePayment": True,
                        "paymentMethodName": {"userDefinedName": method},
                    },
                }
            ]
        }
        return self._write(paths.ADD_PAYMENT.format(order_id=order_id), body)

    def charge_membership(
        self, order_id: str, member_id: str, line_item_id: str, membership_id: str, app_id: str
    ) -> list[Json]:
        """orderBilling.chargeMemberships — 428 ``MEMBERSHIP_NOT_ELIGIBLE`` when the plan
        cannot pay."""
        body = {
            "orderId": order_id,
            "memberId": member_id,
            "memberships": [
                {
                    "lineItemId": line_item_id,
                    "membershipIdentifier": {
                        "existingMembership": {"appId": app_id, "membershipId": membership_id}
                    },
                }
            ],
        }
        return self._write(paths.CHARGE_MEMBERSHIPS, body, shape=A.ChargeAnswer).get("payments", [])

    # -- plans ------------------------------------------------------------------------------
    def plan_orders(self, member_ids: list[str]) -> list[Json]:
        """pricingPlans.managementListOrders for many buyers at once (ACTIVE orders)."""
        found: list[Json] = []
        for start in range(0, len(member_ids), 50):
            offset = 0
            while True:  # limit is 1–50 per page; offset paging
                params = {
                    "buyerIds": member_ids[start : start + 50],
                    "orderStatuses": ["ACTIVE"],
                    "limit": 50,
                    "offset": offset,
                }
                page = self._read("GET", paths.PLAN_ORDERS, params=params).get("orders", [])
                found.extend(page)
                if len(page) < 50:
                    break
                offset += 50
        return found

    def pools(self, member_ids: list[str]) -> list[Json]:
        """benefitPrograms.queryPools for members' Pricing Plans pools; pages through every
        result (``metadata.cursors.next``)."""
        found: list[Json] = []
        for start in range(0, len(member_ids), 100):
            query: Json = {
                "filter": {
                    "beneficiary.memberId": {"$in": member_ids[start : start + 100]},
                    "namespace": PRICING_PLANS_NAMESPACE,
                },
                "cursorPaging": {"limit": 100},
            }
            while True:
                answer = self._read("POST", paths.POOLS_QUERY, {"query": query})
                found.extend(answer.get("pools", []))
                cursor = (answer.get("metadata") or {}).get("cursors", {}).get("next")
                if not cursor:
                    break
                query = {"cursorPaging": {"limit": 100, "cursor": cursor}}
        return found

    def eligible_pools(self, member_id: str, service_id: str, target_date: str) -> list[Json]:
        """benefitPrograms.getEligibleBenefits for one member, class and session date."""
        body = {
            "itemReference": {
                "externalId": service_id,
                "providerAppId": BOOKINGS_APP_ID,
                "category": "",
            },
            "count": 1,
            "targetDate": target_date,
            "beneficiary": {"memberId": member_id},
            "namespace": PRICING_PLANS_NAMESPACE,
        }
        return self._read("POST", paths.ELIGIBLE_POOLS, body).get("eligibleBenefits", [])

    def balances(self, member_ids: list[str]) -> list[Json]:
        """benefitPrograms.queryBalances by ``beneficiary.memberId $in`` (``Balance.id`` is
        the pool id); pages through every result."""
        found: list[Json] = []
        for start in range(0, len(member_ids), 100):
            query: Json = {
                "filter": {"beneficiary.memberId": {"$in": member_ids[start : start + 100]}},
                "cursorPaging": {"limit": 100},
            }
            while True:
                answer = self._read("POST", paths.BALANCES_QUERY, {"query": query})
                found.extend(answer.get("balances", []))
                cursor = (answer.get("metadata") or {}).get("cursors", {}).get("next")
                if not cursor:
                    break
                query = {"cursorPaging": {"limit": 100, "cursor": cursor}}
        return found

    def balance(self, pool_id: str) -> Json:
        return self._read("GET", paths.BALANCE.format(pool_id=pool_id))["balance"]
