"""eCommerce routes: Checkout v1, Orders, payment collection, Order Transactions, Order Billing
(Cart V2 is :mod:`.cart`).

Checkout v1 routes are served until its removal on 2027-02-01 and the SDK's unprefixed bulk
mark-as-paid path only when a switch says so (``Route.served``, rules in
:mod:`sync.sandbox.models.lifecycle`).

Paths: the one the official SDK calls first (``../shared/reference/README.md``), then the
documented alternative forms. Field sets are the SDK typings' request fields — including
path parameters, which the SDK also sends in the JSON body (``@wix/sdk`` ``rest-modules``
posts the whole payload). Rules live in the models named in :mod:`sync.sandbox.models.ecom`.
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.app import Call, Route
from sync.sandbox.models import (
    checkout,
    lifecycle,
    membership_charges,
    order_reads,
    order_search,
    orders,
    payments,
)
from sync.sandbox.routes._body import array, obj, string


def _not_simulated(body: dict[str, Any], *names: str) -> None:
    for name in names:
        if body.get(name) not in (None, "", []):
            raise errors.invalid(name, errors.NOT_SIMULATED, "NOT_SIMULATED")


# -- checkout [co] ----------------------------------------------------------------------------
def create_checkout(call: Call) -> dict[str, Any]:
    """Create Checkout — POST /ecom/v1/checkouts (``checkout.createCheckout``).
    https://dev.wix.com/docs/api-reference/business-solutions/e-commerce/purchase-flow/checkout/checkout/create-checkout
    Not simulated: ``customLineItems``, coupons, gift cards (400 when sent);
    ``overrideCheckoutUrl`` is accepted and ignored.
    """
    body = call.body
    _not_simulated(body, "customLineItems", "couponCode", "giftCardCode", "giftCardRedeemAmount")
    created = checkout.create_checkout(
        call.site,
        channel_type=body.get("channelType"),
        line_items=array(body, "lineItems", max_size=300),
        checkout_info=obj(body, "checkoutInfo"),
    )
    return {"checkout": created}


def get_checkout(call: Call) -> dict[str, Any]:
    """Get Checkout — GET /ecom/v1/checkouts/{id} (``checkout.getCheckout``)."""
    return {"checkout": checkout.get_checkout(call.site, call.params["id"])}


def update_checkout(call: Call) -> dict[str, Any]:
    """Update Checkout — PATCH /ecom/v1/checkouts/{checkout.id} (``checkout.updateCheckout``).
    Selecting a plan: ``checkout.membershipOptions.selectedMemberships`` (wix-ecom.md §3.3).
    """
    body = call.body
    patch = obj(body, "checkout", required=True)
    if patch.get("id") not in (None, call.params["id"]):
        raise errors.invalid("checkout.id", "must match the checkout id in the path")
    _not_simulated(
        body, "customLineItems", "couponCode", "giftCardCode", "giftCardRedeemAmount", "lineItems"
    )
    return {"checkout": checkout.update_checkout(call.site, call.params["id"], patch)}


def create_order_from_checkout(call: Call) -> dict[str, Any]:
    """Create Order — POST /ecom/v1/checkouts/{id}/create-order (``checkout.createOrder``).
    Answers ``{orderId}``, plus ``paymentGatewayOrderId`` only when money is due online.
    ``savePaymentMethod`` / ``delayCapture`` are accepted and have no effect here.
    """
    order = checkout.create_order_from_checkout(call.site, call.params["id"])
    answer: dict[str, Any] = {"orderId": order["id"]}
    if order["status"] == "INITIALIZED":
        answer["paymentGatewayOrderId"] = call.site.ids.guid()
    return answer


# -- orders [or] ------------------------------------------------------------------------------
def get_order(call: Call) -> dict[str, Any]:
    """Get Order — GET /ecom/v1/orders/{id} (``orders.getOrder``)."""
    return {"order": order_reads.get_order(call.site, call.params["id"])}


def search_orders(call: Call) -> dict[str, Any]:
    """Search Orders — POST /ecom/v1/orders/search (``orders.searchOrders``), §5.2."""
    found, metadata = order_search.search_orders(call.site, obj(call.body, "search"))
    return {"orders": found, "metadata": metadata}


def create_order(call: Call) -> dict[str, Any]:
    """Create Order — POST /ecom/v1/orders (``orders.createOrder``): records an order as given
    and links it to nothing (the forum thread's trap, wix-ecom.md §5.1)."""
    order = orders.create_order(
        call.site, obj(call.body, "order", required=True), obj(call.body, "settings")
    )
    return {"order": order}


def cancel_order(call: Call) -> dict[str, Any]:
    """Cancel Order — POST /ecom/v1/orders/{id}/cancel (``orders.cancelOrder``), §5.4.
    ``sendOrderCanceledEmail``, ``customMessage``, ``restockAllItems``: accepted, no effect
    (no e-mails, no inventory)."""
    return {"order": orders.cancel_order(call.site, call.params["id"])}


def mark_as_paid(call: Call) -> dict[str, Any]:
    """Mark Order As Paid — POST /ecom/v1/payments-collector/orders/{ecomOrderId}/mark-as-paid
    (SDK-internal ``orders.paymentCollectionMarkOrderAsPaid``), wix-ecom.md §6 A.
    ``userDefinedPaymentMethodName`` {``predefined``: CASH|CHECK|BANK_TRANSFER} or
    {``custom``: name} is recorded on the payment."""
    method = call.body.get("userDefinedPaymentMethodName")
    return {"order": payments.mark_as_paid(call.site, call.params["ecomOrderId"], method)}


def bulk_mark_as_paid(call: Call) -> dict[str, Any]:
    """Bulk Mark Orders As Paid — POST /v1/bulk/payments-collector/mark-as-paid (the SDK's
    path, unmapped: 404 unless ``Switches.unprefixed_bulk_mark_as_paid_served``) and
    ``/ecom/v1/bulk/…`` (the documented form), ``ecomOrderIds`` 1–100, §6 A'."""
    ids = array(call.body, "ecomOrderIds", required=True, max_size=100)
    results, metadata = payments.bulk_mark_as_paid(call.site, ids)
    return {"results": results, "bulkActionMetadata": metadata}


def charge_membership(call: Call) -> dict[str, Any]:
    """Charge Memberships (payments collector) —
    POST /ecom/v1/payments-collector/orders/{ecomOrderId}/charge-membership (SDK-internal
    ``orders.chargeMemberships``), wix-ecom.md §7.3 row 2'. Same rules as order billing;
    answers ``{}`` (``ChargeMembershipsResponse`` is empty)."""
    body = call.body
    member_id = string(body, "memberId", required=True)
    charges = array(body, "membershipCharges", required=True, max_size=100)
    requests = []
    for index, item in enumerate(charges):
        at = f"membershipCharges[{index}]."
        if not isinstance(item, dict):
            raise errors.invalid(at[:-1], "must be an object")
        props = item.get("serviceProperties") or {}
        requests.append(
            membership_charges.ChargeRequest(
                line_item_id=string(item, "lineItemId", required=True, path=at) or "",
                app_id=string(item, "appId", required=True, path=at) or "",
                membership_id=string(item, "membershipId", required=True, path=at) or "",
                service_id=item.get("rootCatalogItemId"),
                scheduled=props.get("scheduledDate") if isinstance(props, dict) else None,
            )
        )
    membership_charges.charge_memberships(
        call.site, call.params["ecomOrderId"], member_id or "", requests
    )
    return {}


# -- order transactions [ot] -------------------------------------------------------------------
def list_transactions(call: Call) -> dict[str, Any]:
    """List Transactions For Single Order — GET /ecom/v1/payments/orders/{orderId}."""
    return {"orderTransactions": payments.order_transactions(call.site, call.params["orderId"])}


def add_payments(call: Call) -> dict[str, Any]:
    """Add Payments — POST /ecom/v1/payments/orders/{orderId}/add-payment
    (``orderTransactions.addPayments``), 1–50 payments, §6 C. Not idempotent."""
    given = array(call.body, "payments", required=True, max_size=50)
    ids = payments.add_payments(call.site, call.params["orderId"], given)
    return {
        "orderTransactions": payments.order_transactions(call.site, call.params["orderId"]),
        "paymentsIds": ids,
    }


# -- order billing [ob] -------------------------------------------------------------------------
def charge_memberships(call: Call) -> dict[str, Any]:
    """Charge Memberships — POST /ecom/v1/order-billing/charge-memberships
    (``orderBilling.chargeMemberships``, Developer Preview), wix-ecom.md §7.3.
    https://dev.wix.com/docs/api-reference/business-solutions/e-commerce/orders/order-billing/charge-memberships
    ``membershipIdentifier.futureMembership`` (a plan bought in the same order) is not
    simulated (400); the deprecated ``membershipIdentifier.membershipId`` /
    ``membershipAppId`` are read when ``existingMembership`` is absent.
    """
    body = call.body
    order_id = string(body, "orderId", required=True) or ""
    member_id = string(body, "memberId", required=True) or ""
    entries = array(body, "memberships", required=True, max_size=100)
    requests = [_billing_request(entry, index) for index, entry in enumerate(entries)]
    made = membership_charges.charge_memberships(call.site, order_id, member_id, requests)
    return {"payments": made}


def _billing_request(entry: Any, index: int) -> membership_charges.ChargeRequest:
    at = f"memberships[{index}]"
    if not isinstance(entry, dict):
        raise errors.invalid(at, "must be an object")
    line_id = string(entry, "lineItemId", required=True, path=f"{at}.") or ""
    ident = obj(entry, "membershipIdentifier")
    if not ident:
        raise errors.required(f"{at}.membershipIdentifier")
    if ident.get("futureMembership"):
        raise errors.invalid(
            f"{at}.membershipIdentifier.futureMembership", errors.NOT_SIMULATED, "NOT_SIMULATED"
        )
    existing = ident.get("existingMembership")
    if isinstance(existing, dict):
        where = f"{at}.membershipIdentifier.existingMembership."
        app_id = string(existing, "appId", required=True, path=where)
        membership_id = string(existing, "membershipId", required=True, path=where)
    else:
        where = f"{at}.membershipIdentifier."
        membership_id = string(ident, "membershipId", required=True, path=where)
        app_id = string(ident, "membershipAppId", required=True, path=where)
    return membership_charges.ChargeRequest(
        line_item_id=line_id, app_id=app_id or "", membership_id=membership_id or ""
    )


_CHECKOUT_CREATE = frozenset(
    {
        "checkoutInfo",
        "couponCode",
        "lineItems",
        "customLineItems",
        "channelType",
        "giftCardCode",
        "overrideCheckoutUrl",
        "giftCardRedeemAmount",
    }
)
_CHECKOUT_UPDATE = frozenset(
    {
        "checkout",
        "couponCode",
        "giftCardCode",
        "overrideCheckoutUrl",
        "lineItems",
        "customLineItems",
        "giftCardRedeemAmount",
    }
)
_MODIFY_CHECKOUTS = ("ECOM.MODIFY_CHECKOUTS", "ECOM.ADMIN_MODIFY_CHECKOUTS")
_BULK_PATHS = (
    "/v1/bulk/payments-collector/mark-as-paid",
    "/ecom/v1/bulk/payments-collector/mark-as-paid",
)

ROUTES = [
    Route(
        "checkout.create",
        "POST",
        ("/ecom/v1/checkouts",),
        create_checkout,
        _MODIFY_CHECKOUTS,
        _CHECKOUT_CREATE,
        served=lifecycle.checkout_v1_served,
    ),
    Route(
        "checkout.get",
        "GET",
        ("/ecom/v1/checkouts/<id>",),
        get_checkout,
        ("ECOM.READ_CHECKOUTS",),
        frozenset({"id"}),
        writes=False,
        served=lifecycle.checkout_v1_served,
    ),
    Route(
        "checkout.update",
        "PATCH",
        ("/ecom/v1/checkouts/<id>",),
        update_checkout,
        _MODIFY_CHECKOUTS,
        _CHECKOUT_UPDATE,
        served=lifecycle.checkout_v1_served,
    ),
    Route(
        "checkout.create_order",
        "POST",
        ("/ecom/v1/checkouts/<id>/create-order",),
        create_order_from_checkout,
        ("ECOM.CREATE_ORDER_FROM_CHECKOUT",),
        frozenset({"id", "savePaymentMethod", "delayCapture", "inAppPurchase", "urlParams"}),
        served=lifecycle.checkout_v1_served,
    ),
    Route(
        "orders.get",
        "GET",
        ("/ecom/v1/orders/<id>",),
        get_order,
        ("ECOM.READ_ORDERS",),
        frozenset({"id"}),
        writes=False,
    ),
    Route(
        "orders.search",
        "POST",
        ("/ecom/v1/orders/search",),
        search_orders,
        ("ECOM.READ_ORDERS",),
        frozenset({"search"}),
        writes=False,
    ),
    Route(
        "orders.create",
        "POST",
        ("/ecom/v1/orders",),
        create_order,
        ("ECOM.CREATE_ORDERS",),
        frozenset({"order", "settings"}),
    ),
    Route(
        "orders.cancel",
        "POST",
        ("/ecom/v1/orders/<id>/cancel",),
        cancel_order,
        ("ECOM.MODIFY_ORDERS",),
        frozenset({"id", "sendOrderCanceledEmail", "customMessage", "restockAllItems"}),
    ),
    Route(
        "orders.mark_as_paid",
        "POST",
        ("/ecom/v1/payments-collector/orders/<ecomOrderId>/mark-as-paid",),
        mark_as_paid,
        ("ECOM.MODIFY_ORDERS",),
        frozenset({"ecomOrderId", "userDefinedPaymentMethodName"}),
    ),
    Route(
        "orders.bulk_mark_as_paid",
        "POST",
        _BULK_PATHS,
        bulk_mark_as_paid,
        ("ECOM.MODIFY_ORDERS",),
        frozenset({"ecomOrderIds"}),
        served=lifecycle.bulk_mark_as_paid_served,
    ),
    Route(
        "orders.charge_membership",
        "POST",
        ("/ecom/v1/payments-collector/orders/<ecomOrderId>/charge-membership",),
        charge_membership,
        ("ECOM.MODIFY_TRANSACTIONS",),
        frozenset({"ecomOrderId", "memberId", "membershipCharges"}),
    ),
    Route(
        "transactions.list",
        "GET",
        ("/ecom/v1/payments/orders/<orderId>",),
        list_transactions,
        ("ECOM.READ_TRANSACTIONS",),
        frozenset({"orderId"}),
        writes=False,
    ),
    Route(
        "transactions.add_payment",
        "POST",
        ("/ecom/v1/payments/orders/<orderId>/add-payment",),
        add_payments,
        ("ECOM.MODIFY_TRANSACTIONS",),
        frozenset({"orderId", "payments"}),
    ),
    Route(
        "billing.charge_memberships",
        "POST",
        ("/ecom/v1/order-billing/charge-memberships",),
        charge_memberships,
        ("ECOM.ORDER_BILLING_CHARGE_MEMBERSHIPS",),
        frozenset({"orderId", "memberId", "memberships"}),
    ),
]
