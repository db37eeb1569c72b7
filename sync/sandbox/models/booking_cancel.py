"""Cancel Booking: the booking's status, then what it does to its order's money.

Follows ``@wix/auto_sdk_bookings_bookings`` (``cancelBooking``; wix-bookings.md §5.6). The
order's side — a membership payment voided with ``withRefund``, an unpaid order canceled with
``waiveCharges`` — is :func:`sync.sandbox.models.payments.on_booking_canceled`.

Not simulated: cancellation policies and fees, notifications (the flags are stored).
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import ecom
from sync.sandbox.models.booking_link import sync_payment_status
from sync.sandbox.models.bookings import FINAL, bump, check_revision, get_booking
from sync.sandbox.models.site import Site


def cancel_booking(
    site: Site, booking_id: str, *, revision: Any, flow: dict[str, Any], waive_charges: bool
) -> dict[str, Any]:
    booking = get_booking(site, booking_id)
    check_revision(booking, revision)
    if booking["status"] in FINAL:
        raise errors.FailedPrecondition(
            "INVALID_BOOKING_STATUS", f"Booking is already {booking['status']}"
        )
    booking["status"] = "CANCELED"
    bump(site, booking)
    ecom.on_booking_canceled(
        site, booking, with_refund=bool(flow.get("withRefund")), waive_charges=waive_charges
    )
    sync_payment_status(site, booking_id)
    return booking
