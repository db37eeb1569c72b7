"""eCommerce Cart V2: create a cart for a booking, read it, update its lines, calculate it,
and place its order (the booking↔order link, from 2027 on).

Follows ``@wix/auto_sdk_ecom_cart-v-2@1.0.203`` [cv2] and the recipe in wix-2027.md §4
(``createCart`` with the booking as catalog item → ``calculateCart`` → ``placeOrder``); what
a cart computes is in :mod:`.cart_pricing`. Stored in REST shape in ``site.carts``.

* writable on create: ``cart.source.channelType`` (required, as for a checkout),
  ``cart.customerInfo`` ``firstName``/``lastName``/``email``/``phone``/``company``,
  ``cart.paymentInfo`` ``billingAddress``/``billingContact``, ``cart.note``,
  ``cart.demo``. Read-only fields sent in ``cart`` are ignored, as the sandbox ignores them
  on a checkout: ``customerInfo.contactId`` comes from the ``email`` sent (else the
  booking's contact); ``customerInfo.memberId`` is never set (an API key is no member);
  ``openAccess`` is true;
* placing the order links it to the booking exactly as checkout create-order does
  (``site.order_links``, booking confirmed, ``paymentStatus`` synced): an offline line gives
  an ``APPROVED``/``NOT_PAID`` order whose lines carry ``catalogReference`` (Search Orders by
  ``catalogItemId`` finds it); the order's ``checkoutId`` is the cart id (inferred);
* a repeat Place Order (and Calculate / Update Line Items on a placed cart) answers 409
  ``CART_ALREADY_ORDERED`` with ``data {cartId, orderId}`` (409 as for the checkout's
  ``CHECKOUT_ALREADY_PAID``); ``GET`` shows ``orderPlaced`` and ``orderId``.

Statuses Wix does not document: 428 for business-rule refusals (``ITEM_NOT_FOUND_IN_CATALOG``,
``EMPTY_CART``, ``LINE_ITEMS_OUT_OF_STOCK``, ``CART_PRICES_OUT_OF_SYNC``,
``VIOLATIONS_WITH_ERROR_SEVERITY``, ``EMPTY_PAYMENT_TOKEN``, ``LINE_ITEM_NOT_FOUND_IN_CART``,
``INVALID_MEMBERSHIP_PAYMENT_OPTION``, ``PLACE_ORDER_NOT_ALLOWED_FOR_DEMO_CART``), 400 for a
malformed request (``INVALID_PRICE_VERIFICATION_TOKEN``, ``EMPTY_LINE_ITEM_UPDATES``,
``DUPLICATE_LINE_ITEM_UPDATES``), 404 ``CART_NOT_FOUND``.

Pay now with an API key: a line with money due now (online, or ``MEMBERSHIP`` since no plan
is charged here) cannot be placed: 428 ``EMPTY_PAYMENT_TOKEN`` with ``data.total`` (an API
key has no payment token; the pessimistic guess — no order is created).

Not simulated: more than one line per cart, custom items, coupons, gift cards, delivery,
update cart, add/remove line items, checkout URLs, charging a plan at place-order
(``membershipPayment`` is stored and shown, and flagged as a violation: see
:mod:`.cart_pricing`; charge with order-billing after the order), current carts, webhooks.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import booking_link, crm, orders, prices
from sync.sandbox.models import cart_pricing as pricing
from sync.sandbox.models.checkout import CHANNEL_TYPES
from sync.sandbox.models.site import Site

_CUSTOMER_FIELDS = ("firstName", "lastName", "email", "phone", "company")


def create_cart(site: Site, cart_in: dict[str, Any], catalog_items: list[Any]) -> dict[str, Any]:
    """Create Cart (``POST /ecom/v2/carts``, ``cartV2.createCart``) [cv2]."""
    source = cart_in.get("source") or {}
    channel = source.get("channelType") if isinstance(source, dict) else None
    if channel in (None, ""):
        raise errors.required("cart.source.channelType")
    if channel not in CHANNEL_TYPES:
        raise errors.invalid(
            "cart.source.channelType", "must be a supported channel type (not UNSPECIFIED)", "ENUM"
        )
    if len(catalog_items) > 1:
        raise errors.invalid(
            "catalogItems", f"more than one line per cart {errors.NOT_SIMULATED}", "NOT_SIMULATED"
        )
    lines = [pricing.booking_line(site, item, index) for index, item in enumerate(catalog_items)]
    now = site.stamp()
    cart: dict[str, Any] = {
        "id": site.ids.guid(),
        "createdDate": now,
        "updatedDate": now,
        "revision": "1",
        "lineItems": lines,
        "coupons": [],
        "source": {"channelType": channel, "externalReferences": []},
        "businessInfo": {"languageCode": "en", "currencyCode": site.currency},
        "customerInfo": _customer(site, lines, cart_in.get("customerInfo")),
        "deliveryInfo": {},
        "taxInfo": {"pricesIncludeTax": False},
        "paymentInfo": _payment_info(site, cart_in.get("paymentInfo")),
        "orderPlaced": False,
        "purchaseFlowId": site.ids.guid(),
        "settings": {},
        "currentCart": False,
        "demo": bool(cart_in.get("demo")),
    }
    if cart_in.get("note"):
        cart["note"] = str(cart_in["note"])[:1000]
    _subtotal(site, cart)
    site.carts[cart["id"]] = cart
    return cart


def _customer(site: Site, lines: list[dict[str, Any]], given: Any) -> dict[str, Any]:
    given = given if isinstance(given, dict) else {}
    info: dict[str, Any] = {
        name: str(given[name]) for name in _CUSTOMER_FIELDS if given.get(name) not in (None, "")
    }
    contact = crm.contact_by_email(site, info["email"]) if info.get("email") else None
    if contact is None and lines:
        ref = lines[0]["source"]["catalogReference"]
        details = (site.bookings.get(ref["catalogItemId"]) or {}).get("contactDetails") or {}
        contact = site.contacts.get(details.get("contactId") or "")
        info.setdefault("email", details.get("email"))
    if contact is not None:
        info["contactId"] = contact["id"]
    info = {k: v for k, v in info.items() if v not in (None, "")}
    info.update(openAccess=True, languageCode="en", currencyCode=site.currency)
    return info


def _payment_info(site: Site, given: Any) -> dict[str, Any]:
    given = given if isinstance(given, dict) else {}
    info: dict[str, Any] = {"giftCards": [], "currencyCode": site.currency}
    for name in ("billingAddress", "billingContact"):
        if isinstance(given.get(name), dict):
            info[name] = copy.deepcopy(given[name])
    return info


def _subtotal(site: Site, cart: dict[str, Any]) -> None:
    lines = cart["lineItems"]
    total = sum((prices.amount(li["pricing"]["totalPrice"]) for li in lines), Decimal(0))
    cart["subtotal"] = pricing.cm(site, total)


def get_cart(site: Site, cart_id: str) -> dict[str, Any]:
    """Get Cart (``GET /ecom/v2/carts/{cartId}``) [cv2]; 404 ``CART_NOT_FOUND``."""
    cart = site.carts.get(cart_id)
    if cart is None:
        raise errors.NotFound("CART_NOT_FOUND", f"Cart {cart_id} not found")
    return cart


def _not_ordered(cart: dict[str, Any]) -> None:
    if cart["orderPlaced"]:
        raise errors.AlreadyExists(
            "CART_ALREADY_ORDERED",
            "This cart was already placed as an order",
            data={"cartId": cart["id"], "orderId": cart.get("orderId")},
        )


def _touch(site: Site, cart: dict[str, Any]) -> None:
    cart["revision"] = str(int(cart["revision"]) + 1)
    cart["updatedDate"] = site.stamp()


def update_line_items(site: Site, cart_id: str, updates: list[Any]) -> dict[str, Any]:
    """Update Line Items (``POST /ecom/v2/carts/{cartId}/update-line-items``) [cv2]:
    ``lineItems[] {lineItemId, quantity {newQuantity}, membershipPayment}``. An empty
    ``membershipPayment`` removes the membership; ``selectedMembership`` was removed
    (2026-06-22) and is refused."""
    cart = get_cart(site, cart_id)
    _not_ordered(cart)
    by_id = {line["id"]: line for line in cart["lineItems"]}
    seen: list[str] = []
    for index, update in enumerate(updates):
        where = f"lineItems[{index}]"
        if not isinstance(update, dict):
            raise errors.invalid(where, "must be an object")
        line_id = update.get("lineItemId")
        if not line_id or not isinstance(line_id, str):
            raise errors.required(f"{where}.lineItemId")
        if "selectedMembership" in update:
            raise errors.ValidationFailed(
                [
                    (
                        f"{where}.selectedMembership",
                        "was removed: use membershipPayment",
                        "UNKNOWN_FIELD",
                    )
                ]
            )
        seen.append(line_id)
    duplicates = sorted({i for i in seen if seen.count(i) > 1})
    if duplicates:
        raise errors.InvalidArgument(
            "DUPLICATE_LINE_ITEM_UPDATES",
            "A line item is updated twice",
            data={"duplicateLineItemIds": duplicates},
        )
    empty = [
        u["lineItemId"]
        for u in updates
        if u.get("quantity") is None and u.get("membershipPayment") is None
    ]
    if empty:
        raise errors.InvalidArgument(
            "EMPTY_LINE_ITEM_UPDATES",
            "A line item update sets nothing",
            data={"lineItemIds": empty},
        )
    missing = [i for i in seen if i not in by_id]
    if missing:
        raise errors.FailedPrecondition(
            "LINE_ITEM_NOT_FOUND_IN_CART",
            "A line item is not in the cart",
            data={"lineItemIds": missing},
        )
    for index, update in enumerate(updates):
        line = by_id[update["lineItemId"]]
        if update.get("quantity") is not None:
            quantity = update["quantity"]
            if not isinstance(quantity, dict):
                raise errors.invalid(f"lineItems[{index}].quantity", "must be an object")
            line["quantityInfo"]["requestedQuantity"] = pricing.check_quantity(
                quantity.get("newQuantity"), f"lineItems[{index}].quantity.newQuantity"
            )
            pricing.refresh_line(site, line)
        if update.get("membershipPayment") is not None:
            pricing.set_membership(
                line, update["membershipPayment"], f"lineItems[{index}].membershipPayment"
            )
    _subtotal(site, cart)
    _touch(site, cart)
    return cart


def calculate_cart(site: Site, cart_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Calculate Cart (``POST /ecom/v2/carts/{cartId}/calculate``) [cv2]: the lines are
    re-read from the catalog (as with ``refreshCart``), then ``{cart, summary}``."""
    cart = get_cart(site, cart_id)
    _not_ordered(cart)
    for line in cart["lineItems"]:
        pricing.refresh_line(site, line)
    _subtotal(site, cart)
    return cart, pricing.summary(site, cart)


def place_order(site: Site, cart_id: str, verification_token: str | None) -> dict[str, Any]:
    """Place Order (``POST /ecom/v2/carts/{cartId}/place-order``) [cv2]. Returns
    ``{orderId, completed}``.

    In order: 409 ``CART_ALREADY_ORDERED``; 428 ``PLACE_ORDER_NOT_ALLOWED_FOR_DEMO_CART``;
    428 ``EMPTY_CART``; 428 ``LINE_ITEMS_OUT_OF_STOCK`` (``data {lineItemIds,
    allLineItemsOutOfStock}``); a token (optional) that is not this cart's: 400
    ``INVALID_PRICE_VERIFICATION_TOKEN`` (``data.token``), one made before the cart last
    changed: 428 ``CART_PRICES_OUT_OF_SYNC``; other ``ERROR`` violations: 428
    ``VIOLATIONS_WITH_ERROR_SEVERITY`` (``data.violationsList.violations``); money due now:
    428 ``EMPTY_PAYMENT_TOKEN``. ``completed`` is true when the order is PAID (a zero total),
    or — with ``Switches.place_order_completed_for_offline`` — when nothing is due now.
    """
    cart = get_cart(site, cart_id)
    _not_ordered(cart)
    if cart.get("demo"):
        raise errors.FailedPrecondition(
            "PLACE_ORDER_NOT_ALLOWED_FOR_DEMO_CART", "A demo cart cannot be ordered"
        )
    for line in cart["lineItems"]:
        pricing.refresh_line(site, line)
    _subtotal(site, cart)
    summary = pricing.summary(site, cart)
    if not cart["lineItems"]:
        raise errors.FailedPrecondition("EMPTY_CART", "The cart has no line items")
    for violation in summary["violations"]:
        if violation["code"] == "LINE_ITEMS_OUT_OF_STOCK":
            raise errors.FailedPrecondition(
                "LINE_ITEMS_OUT_OF_STOCK",
                "A line item is not available (its booking is canceled or declined)",
                data=copy.deepcopy(violation["lineItemsOutOfStockData"]),
            )
    if verification_token is not None:
        _verify(site, cart, verification_token, summary["priceVerificationToken"])
    if summary["violations"]:
        raise errors.FailedPrecondition(
            "VIOLATIONS_WITH_ERROR_SEVERITY",
            "The cart has violations of severity ERROR",
            data={
                "violationsList": {
                    "violations": [pricing.spi_view(v) for v in summary["violations"]]
                }
            },
        )
    pay_now = prices.amount(summary["paymentSummary"]["payNow"])
    if pay_now > 0:
        raise errors.FailedPrecondition(
            "EMPTY_PAYMENT_TOKEN",
            "Money is due now and this call carries no payment (an API key cannot pay)",
            data={"total": str(summary["paymentSummary"]["payNow"]["amount"])},
        )
    order = _order_of(site, cart, summary)
    site.orders[order["id"]] = order
    site.payments[order["id"]] = []
    booking_id = cart["lineItems"][0]["source"]["catalogReference"]["catalogItemId"]
    site.order_links[order["id"]] = booking_id
    orders.recompute(site, order, sync=False)
    order["status"] = "APPROVED"
    cart.update(orderPlaced=True, orderId=order["id"])
    _touch(site, cart)
    booking_link.on_order_created(site, booking_id, order)
    completed = order["paymentStatus"] == "PAID" or bool(
        site.switches.place_order_completed_for_offline
    )
    return {"orderId": order["id"], "completed": completed}


def _verify(site: Site, cart: dict[str, Any], given: str, current: str) -> None:
    if pricing.token_cart_id(site, given) != cart["id"]:
        raise errors.InvalidArgument(
            "INVALID_PRICE_VERIFICATION_TOKEN",
            "The price verification token is not one of this cart's",
            data={"token": given[:3000]},
        )
    if given != current:
        raise errors.FailedPrecondition(
            "CART_PRICES_OUT_OF_SYNC",
            "The cart changed since it was calculated: calculate it again",
        )


def _order_of(site: Site, cart: dict[str, Any], summary: dict[str, Any]) -> dict[str, Any]:
    lines = [
        orders.order_line(
            site,
            line_id=line["id"],
            name=line["name"],
            catalog_reference=line["source"]["catalogReference"],
            quantity=line["quantityInfo"]["confirmedQuantity"],
            unit=prices.amount(line["pricing"]["unitPrice"]),
            total=prices.amount(line["pricing"]["totalPrice"]),
            payment_option=line["paymentConfig"]["paymentOption"],
        )
        for line in cart["lineItems"]
    ]
    customer = cart["customerInfo"]
    buyer = {k: customer[k] for k in ("contactId", "email") if customer.get(k)}
    billing: dict[str, Any] = {}
    if cart["paymentInfo"].get("billingAddress"):
        billing["address"] = copy.deepcopy(cart["paymentInfo"]["billingAddress"])
    if cart["paymentInfo"].get("billingContact"):
        billing["contactDetails"] = copy.deepcopy(cart["paymentInfo"]["billingContact"])
    return orders.new_order(
        site,
        lines=lines,
        total=prices.amount(summary["priceSummary"]["total"]),
        buyer=buyer,
        billing=billing,
        channel=cart["source"]["channelType"],
        checkout_id=cart["id"],
        purchase_flow_id=cart["purchaseFlowId"],
    )
