"""The eCommerce endpoints the sync uses: the order placed through Cart V2 (or the Checkout v1
fallback, never sent on or after its removal), the orders found by booking, the in-person
payment recorded, and a plan charged (Charge Memberships). One thin function each, naming its
doc page or SDK method."""

from __future__ import annotations

from sync.wix import answers as A
from sync.wix import paths
from sync.wix.calls import IDS_PER_CALL, Calls, Json
from sync.wix.enums import BOOKINGS_APP_ID, ChannelType
from sync.wix.errors import Removed
from sync.wix.paging import Page, cursor_pages, meta_of


class EcomCalls(Calls):
    def _v1(self, method: str, path: str) -> None:
        """Checkout v1 is never sent on or after its removal date."""
        if self.today() >= paths.CHECKOUT_V1_REMOVAL:
            raise Removed(method, path, paths.CHECKOUT_V1_REMOVAL.isoformat())

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
        """orders.searchOrders by ``lineItems.catalogReference.catalogItemId $hasSome`` (100
        ids a search); cursor paging (``search.cursorPaging``, at most 100 a page, the
        answer's ``metadata.cursors.next`` / ``hasNext``); every page is read."""
        found: list[Json] = []
        for start in range(0, len(booking_ids), IDS_PER_CALL):
            filter_ = {
                "lineItems.catalogReference.catalogItemId": {
                    "$hasSome": booking_ids[start : start + IDS_PER_CALL]
                },
                "status": {"$ne": "CANCELED"},
            }

            def page(cursor: str | None, filter_: Json = filter_) -> Page:
                search: Json = (
                    {"cursorPaging": {"limit": 100, "cursor": cursor}}
                    if cursor
                    else {"filter": filter_, "cursorPaging": {"limit": 100}}
                )
                answer = self._read("POST", paths.ORDERS_SEARCH, {"search": search})
                return answer.get("orders") or [], meta_of(answer, "metadata")

            found.extend(cursor_pages(page, method="POST", path=paths.ORDERS_SEARCH))
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
