"""A booking's link to its eCommerce order (wix-ecom.md §1.1, §3.5).

Only an order placed **from a checkout or a Cart V2 cart** whose line is a booking is linked
(``site.order_links[orderId] = bookingId``); creating it confirms the booking
(:func:`on_order_created`), and from then on every change of the order's ``paymentStatus`` is
pushed to the booking (:func:`sync_payment_status`). Extended Bookings shows the booking's
linked order, canceled or not (:func:`linked_order`).
"""

from __future__ import annotations

from typing import Any

from sync.sandbox.models.bookings import bump, get_booking
from sync.sandbox.models.services import service_of
from sync.sandbox.models.site import Site

#: order paymentStatus -> booking paymentStatus (wix-ecom.md §6, inferred from the names)
ORDER_TO_BOOKING_PAYMENT = {
    "NOT_PAID": "NOT_PAID",
    "PAID": "PAID",
    "PARTIALLY_PAID": "PARTIALLY_PAID",
    "FULLY_REFUNDED": "REFUNDED",
    "PARTIALLY_REFUNDED": "PAID",
}


def linked_order(site: Site, booking_id: str) -> dict[str, Any] | None:
    """The order Extended Bookings shows for the booking (checkout-created orders only): the
    newest one not canceled, else the newest canceled one — Wix keeps showing a booking's
    order once it is canceled, with ``status: CANCELED``."""
    linked = [
        site.orders[oid]
        for oid, bid in site.order_links.items()
        if bid == booking_id and oid in site.orders
    ]
    return max(
        linked,
        key=lambda o: (o["status"] != "CANCELED", o["createdDate"], int(o["number"])),
        default=None,
    )


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
        bump(site, booking)
    sync_payment_status(site, booking_id)


def sync_payment_status(site: Site, booking_id: str) -> None:
    """With Wix eCommerce, ``paymentStatus`` is synced from the linked order [bk]: the one
    Extended Bookings shows, which may be canceled when no other is left. A canceled order
    moves no money, so it still says what was paid: unpaid → ``NOT_PAID``, paid → ``PAID``."""
    booking = get_booking(site, booking_id)
    order = linked_order(site, booking_id)
    if order is None:
        return
    wanted = ORDER_TO_BOOKING_PAYMENT.get(order["paymentStatus"], booking["paymentStatus"])
    if wanted != booking["paymentStatus"]:
        booking["paymentStatus"] = wanted
        bump(site, booking)
