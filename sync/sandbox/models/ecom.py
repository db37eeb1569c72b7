"""eCommerce: Checkout v1, Cart V2, Orders, Order Transactions, payment collection, Order
Billing.

Follows ``@wix/auto_sdk_ecom_checkout@1.0.174``, ``…_cart-v-2@1.0.203``, ``…_orders@1.0.300``,
``…_order-transactions@1.0.108`` and ``…_order-billing@1.0.110`` (wix-ecom.md §3, §5–§8,
wix-2027.md §4). Objects are stored in REST shape: ``site.checkouts``, ``site.carts``,
``site.orders``, ``site.payments[orderId]``.

The booking↔order link (wix-ecom.md §1.1, §3.5; :mod:`.booking_link`): only an order placed
**from a checkout or a Cart V2 cart** whose line is a booking is linked
(``site.order_links[orderId] = bookingId``); creating it confirms the booking, and from then on
every change of the order's ``paymentStatus`` is pushed to the booking. Plain Create Order
records an order and links nothing — the forum thread's trap.

The rules live in one module per subject, each with its rules and what it does not simulate:

* :mod:`.checkout` — create, read, update a checkout; create its order (the link); seed orders;
* :mod:`.checkout_pricing` — booking lines, totals, which selected plan pays which line;
* :mod:`.orders` — order records, cancel, ``paymentStatus`` from payments, the summary
  Extended Bookings shows; :mod:`.order_reads` — Get Order; :mod:`.order_search` — Search
  Orders;
* :mod:`.payments` — mark-as-paid, transactions, Add Payments, cancelling a booking;
* :mod:`.cart` — Cart V2: create, read, update lines, calculate, place the order (the link);
* :mod:`.membership_charges` — Charge Memberships (both forms), the plan that paid;
  :mod:`.charge_settlement` — a pending plan charge and the read that settles it;
* :mod:`.lifecycle` — which paths the site still serves (Checkout v1 removal, unmapped SDK
  paths);
* :mod:`.prices` — the money shapes.

This module is the face ecom shows to Bookings (:mod:`.extended_bookings`,
:mod:`.booking_cancel`), the seed and the demo: it re-exports what they call. Nothing below it
imports it.
"""

from __future__ import annotations

from sync.sandbox.models.booking_link import linked_order
from sync.sandbox.models.charge_settlement import on_read as on_order_read
from sync.sandbox.models.checkout import seed_order_for_booking
from sync.sandbox.models.membership_charges import charged_membership_details
from sync.sandbox.models.orders import order_summary
from sync.sandbox.models.payments import on_booking_canceled

__all__ = [
    "charged_membership_details",
    "linked_order",
    "on_booking_canceled",
    "on_order_read",
    "order_summary",
    "seed_order_for_booking",
]
