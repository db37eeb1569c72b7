"""Wire enums (names as in the SDK typings)."""

from __future__ import annotations

from enum import StrEnum

BOOKINGS_APP_ID = "13d21c63-b5ec-5912-8397-c3a5ddb27a97"
PRICING_PLANS_APP_ID = "1522827f-c56c-a5c9-2ac9-00f9e6ae12d3"
PRICING_PLANS_NAMESPACE = "@wix/pricing-plans"


class BookingStatus(StrEnum):
    CREATED = "CREATED"
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    DECLINED = "DECLINED"
    CANCELED = "CANCELED"
    WAITING_LIST = "WAITING_LIST"


class SelectedPaymentOption(StrEnum):
    OFFLINE = "OFFLINE"
    ONLINE = "ONLINE"
    MEMBERSHIP = "MEMBERSHIP"


class AttendanceStatus(StrEnum):
    ATTENDED = "ATTENDED"
    NOT_ATTENDED = "NOT_ATTENDED"
    NOT_SET = "NOT_SET"


class OrderPaymentStatus(StrEnum):
    NOT_PAID = "NOT_PAID"
    PAID = "PAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    FULLY_REFUNDED = "FULLY_REFUNDED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    PENDING = "PENDING"


class OrderStatus(StrEnum):
    INITIALIZED = "INITIALIZED"
    APPROVED = "APPROVED"
    CANCELED = "CANCELED"
    PENDING = "PENDING"
    REJECTED = "REJECTED"


class ChannelType(StrEnum):
    BACKOFFICE_MERCHANT = "BACKOFFICE_MERCHANT"


ACTIVE_BOOKING = (BookingStatus.CREATED, BookingStatus.PENDING, BookingStatus.CONFIRMED)
