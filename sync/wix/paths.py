"""Every Wix REST path the client calls, in one place.

Each is the path the official SDK requests on ``www.wixapis.com`` (recorded in
``tests/sdk/WIRE.md``; listed in the reference README's "Paths the official SDK actually
requests").
"""

from __future__ import annotations

from sync.removals import CHECKOUT_V1_REMOVAL as CHECKOUT_V1_REMOVAL

PRODUCTION_BASE_URL = "https://www.wixapis.com"

CONTACTS_QUERY = "/contacts/v4/contacts/query"
CONTACTS = "/contacts/v4/contacts"
MEMBERS_QUERY = "/members/v1/members/query"
SERVICES_QUERY = "/_api/bookings/v2/services/query"
EVENT_TIME_SLOTS = "/_api/service-availability/v2/time-slots/event"
BOOKINGS = "/_api/bookings-service/v2/bookings"
BULK_CREATE_BOOKINGS = "/bookings/v2/bulk/bookings/create"
CONFIRM_OR_DECLINE = "/bookings/v2/confirmation/{booking_id}:confirmOrDecline"
CANCEL_BOOKING = "/_api/bookings-service/v2/bookings/{booking_id}/cancel"
EXTENDED_BOOKINGS_QUERY = "/_api/bookings-reader/v2/extended-bookings/query"
SET_ATTENDANCE = "/bookings/bookings-attendance/set"
BULK_SET_ATTENDANCE = "/bookings/v2/bulk/attendance/set"
QUERY_ATTENDANCE = "/bookings/bookings-attendance/query"
CARTS = "/ecom/v2/carts"
CART = "/ecom/v2/carts/{cart_id}"
CART_CALCULATE = "/ecom/v2/carts/{cart_id}/calculate"
CART_PLACE_ORDER = "/ecom/v2/carts/{cart_id}/place-order"
#: Checkout v1: deprecated, removed by Wix on CHECKOUT_V1_REMOVAL (:mod:`sync.removals`); only
#: the fallback order path a site's probe chose sends these, and the client refuses to from
#: that date
CHECKOUTS = "/ecom/v1/checkouts"
CHECKOUT = "/ecom/v1/checkouts/{checkout_id}"
CHECKOUT_CREATE_ORDER = "/ecom/v1/checkouts/{checkout_id}/create-order"
ORDER = "/ecom/v1/orders/{order_id}"
ORDERS_SEARCH = "/ecom/v1/orders/search"
ORDER_CANCEL = "/ecom/v1/orders/{order_id}/cancel"
MARK_AS_PAID = "/ecom/v1/payments-collector/orders/{order_id}/mark-as-paid"
ORDER_TRANSACTIONS = "/ecom/v1/payments/orders/{order_id}"
ADD_PAYMENT = "/ecom/v1/payments/orders/{order_id}/add-payment"
CHARGE_MEMBERSHIPS = "/ecom/v1/order-billing/charge-memberships"
PLAN_ORDERS = "/pricing-plans/v2/orders"
POOLS_QUERY = "/benefit-programs/v1/pools/query"
BALANCE = "/benefit-programs/v1/balances/{pool_id}"
BALANCES_QUERY = "/benefit-programs/v1/balances/query"

#: Not sent, on purpose: ``/v1/bulk/payments-collector/mark-as-paid`` (the SDK's bulk
#: mark-as-paid protoPath has no ``www.wixapis.com`` mapping, wix-2027.md §1 #16) and plain
#: ``POST /ecom/v1/orders`` (an order Wix does not link to the booking).
