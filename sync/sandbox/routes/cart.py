"""eCommerce Cart V2 routes: create, get, update line items, calculate, place order.

Paths and permissions are those of ``@wix/auto_sdk_ecom_cart-v-2@1.0.203`` (``index.js``
resolver ``/ecom/v2/carts`` → ``/v2/carts``; ``@permissionId`` lines of
``index.typings.d.ts``). Field sets are the typings' request fields, plus the path
parameter the SDK repeats in the body. Rules live in :mod:`sync.sandbox.models.cart`.
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.app import Call, Route
from sync.sandbox.models import cart
from sync.sandbox.routes._body import array, boolean, obj, string


def create_cart(call: Call) -> dict[str, Any]:
    """Create Cart — POST /ecom/v2/carts (``cartV2.createCart``).
    https://dev.wix.com/docs/api-reference/business-solutions/e-commerce/purchase-flow/cart-v2/create-cart
    Not simulated (400 when sent): ``customItems``, ``coupons``, ``deliveryMethod``,
    ``giftCards``.
    """
    body = call.body
    for name in ("customItems", "coupons", "deliveryMethod", "giftCards"):
        if body.get(name) not in (None, "", [], {}):
            raise errors.invalid(name, errors.NOT_SIMULATED, "NOT_SIMULATED")
    created = cart.create_cart(
        call.site, obj(body, "cart"), array(body, "catalogItems", max_size=300)
    )
    return {"cart": created}


def get_cart(call: Call) -> dict[str, Any]:
    """Get Cart — GET /ecom/v2/carts/{cartId} (``cartV2.getCart``)."""
    return {"cart": cart.get_cart(call.site, call.params["cartId"])}


def update_line_items(call: Call) -> dict[str, Any]:
    """Update Line Items — POST /ecom/v2/carts/{cartId}/update-line-items
    (``cartV2.updateLineItems``): ``lineItems`` 1–300."""
    updates = array(call.body, "lineItems", required=True, max_size=300)
    return {"cart": cart.update_line_items(call.site, call.params["cartId"], updates)}


def calculate_cart(call: Call) -> dict[str, Any]:
    """Calculate Cart — POST /ecom/v2/carts/{cartId}/calculate (``cartV2.calculateCart``).
    ``refreshCart`` is accepted; the sandbox always re-reads the catalog."""
    boolean(call.body, "refreshCart")
    calculated, summary = cart.calculate_cart(call.site, call.params["cartId"])
    return {"cart": calculated, "summary": summary}


def place_order(call: Call) -> dict[str, Any]:
    """Place Order — POST /ecom/v2/carts/{cartId}/place-order (``cartV2.placeOrder``).
    ``savePaymentMethod`` / ``delayCapture`` are accepted and have no effect (no gateway)."""
    body = call.body
    boolean(body, "savePaymentMethod")
    boolean(body, "delayCapture")
    token = string(body, "priceVerificationToken")
    if token is not None and len(token) > 3000:
        raise errors.invalid("priceVerificationToken", "must be at most 3000 characters", "MAX")
    return cart.place_order(call.site, call.params["cartId"], token)


_CREATE = ("ecom:v2:cart:create_cart", "ECOM.ADMIN_MODIFY_CARTS", "ECOM.ADMIN_MODIFY_CHECKOUTS")

ROUTES = [
    Route(
        "cart.create",
        "POST",
        ("/ecom/v2/carts",),
        create_cart,
        _CREATE,
        frozenset(
            {"cart", "catalogItems", "customItems", "coupons", "deliveryMethod", "giftCards"}
        ),
    ),
    Route(
        "cart.get",
        "GET",
        ("/ecom/v2/carts/<cartId>",),
        get_cart,
        ("ecom:v2:cart:get_cart",),
        frozenset({"cartId"}),
        writes=False,
    ),
    Route(
        "cart.update_line_items",
        "POST",
        ("/ecom/v2/carts/<cartId>/update-line-items",),
        update_line_items,
        ("ecom:v2:cart:update_line_items",),
        frozenset({"cartId", "lineItems"}),
    ),
    Route(
        "cart.calculate",
        "POST",
        ("/ecom/v2/carts/<cartId>/calculate",),
        calculate_cart,
        ("ecom:v2:cart:calculate_cart",),
        frozenset({"cartId", "refreshCart"}),
    ),
    Route(
        "cart.place_order",
        "POST",
        ("/ecom/v2/carts/<cartId>/place-order",),
        place_order,
        ("ecom:v2:cart:place_order",),
        frozenset({"cartId", "priceVerificationToken", "savePaymentMethod", "delayCapture"}),
    ),
]
