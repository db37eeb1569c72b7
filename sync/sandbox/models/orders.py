"""Orders: the records, reading them, cancelling them, and the payment state they derive.

Follows ``@wix/auto_sdk_ecom_orders@1.0.300`` (wix-ecom.md §5); Get Order is in
:mod:`.order_reads`, Search Orders in :mod:`.order_search`. Objects are stored in REST shape:
``site.orders``, ``site.payments[orderId]``.

* an order's ``paymentStatus`` and ``balanceSummary`` are derived from its payments
  (:func:`recompute`); an ``INITIALIZED`` order is approved once paid, and the change is
  pushed to the linked booking (:mod:`.booking_link`);
* plain Create Order records an order and links nothing — the forum thread's trap;
* Cancel Order moves no money (a paid order stays ``PAID``);
* Extended Bookings shows the order's summary (:func:`order_summary`).

Not simulated: order editing, fulfilment, archiving, refunds, e-mails, webhooks.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import booking_link, prices
from sync.sandbox.models.site import Site, parse_iso


# -- records --------------------------------------------------------------------------------------
def order_by_id(site: Site, order_id: str) -> dict[str, Any]:
    """The stored order (no read lag), or 404 ``ORDER_NOT_FOUND``."""
    order = site.orders.get(order_id)
    if order is None:
        raise errors.NotFound("ORDER_NOT_FOUND", f"Order {order_id} not found")
    return order


def activity(site: Site, kind: str) -> dict[str, Any]:
    """An entry of an order's ``activities`` (``ORDER_PLACED``, ``ORDER_PAID``, …)."""
    return {"id": site.ids.guid(), "createdDate": site.stamp(), "type": kind}


def order_from_checkout(site: Site, checkout: dict[str, Any]) -> dict[str, Any]:
    """The order a checkout becomes, ``INITIALIZED``/``NOT_PAID`` until its payments say
    otherwise (the caller stores, charges and links it)."""
    lines = [
        order_line(
            site,
            line_id=line["id"],
            name=line["productName"],
            catalog_reference=line["catalogReference"],
            quantity=line["quantity"],
            unit=prices.amount(line["price"]),
            total=prices.amount(line["lineItemPrice"]),
            payment_option=line["paymentOption"],
        )
        for line in checkout["lineItems"]
    ]
    return new_order(
        site,
        lines=lines,
        total=prices.amount(checkout["priceSummary"]["total"]),
        buyer=checkout["buyerInfo"],
        billing=checkout["billingInfo"],
        channel=checkout["channelType"],
        checkout_id=checkout["id"],
        purchase_flow_id=checkout["purchaseFlowId"],
    )


def new_order(
    site: Site,
    *,
    lines: list[dict[str, Any]],
    total: Any,
    buyer: dict[str, Any],
    billing: dict[str, Any],
    channel: str,
    checkout_id: str,
    purchase_flow_id: str,
) -> dict[str, Any]:
    """An order placed by the purchase flow (a checkout or a Cart V2 cart),
    ``INITIALIZED``/``NOT_PAID`` until its payments say otherwise."""
    now = site.stamp()
    summary = prices.summary(site, total, multi=False)
    summary["totalAdditionalFees"] = summary.pop("additionalFees")
    return {
        "id": site.ids.guid(),
        "number": site.next_order_number(),
        "createdDate": now,
        "updatedDate": now,
        "purchasedDate": now,
        "checkoutId": checkout_id,
        "purchaseFlowId": purchase_flow_id,
        "lineItems": lines,
        "buyerInfo": copy.deepcopy(buyer),
        "paymentStatus": "NOT_PAID",
        "fulfillmentStatus": "FULFILLED",  # no shipping: fulfilled automatically (§5.3)
        "buyerLanguage": "en",
        "siteLanguage": "en",
        "currency": site.currency,
        "taxIncludedInPrices": False,
        "priceSummary": summary,
        "billingInfo": copy.deepcopy(billing),
        "status": "INITIALIZED",
        "archived": False,
        "activities": [activity(site, "ORDER_PLACED")],
        "channelInfo": {"type": channel},
        "balanceSummary": {},
        "appliedDiscounts": [],
        "customFields": [],
        "additionalFees": [],
    }


def order_line(
    site: Site,
    *,
    line_id: str,
    name: dict[str, Any],
    catalog_reference: dict[str, Any],
    quantity: int,
    unit: Any,
    total: Any,
    payment_option: str,
) -> dict[str, Any]:
    """The order's copy of a purchase-flow line: same ``id`` (as in the forum thread's
    bodies), its ``catalogReference`` (what Search Orders by ``catalogItemId`` finds)."""
    zero = prices.price(site, Decimal(0))
    return {
        "id": line_id,
        "productName": copy.deepcopy(name),
        "catalogReference": copy.deepcopy(catalog_reference),
        "quantity": quantity,
        "totalDiscount": zero,
        "descriptionLines": [],
        "itemType": {"preset": "SERVICE"},
        "price": prices.price(site, unit),
        "priceBeforeDiscounts": prices.price(site, unit),
        "totalPriceBeforeTax": prices.price(site, total),
        "totalPriceAfterTax": prices.price(site, total),
        "lineItemPrice": prices.price(site, total),
        "paymentOption": payment_option,
        "taxDetails": {
            "taxableAmount": prices.price(site, total),
            "taxRate": "0",
            "totalTax": zero,
        },
        "locations": [],
    }


def create_order(site: Site, order_in: Any, settings: Any) -> dict[str, Any]:
    """Plain Create Order (``POST /ecom/v1/orders``, ``orders.createOrder``) [or].

    THE TRAP (wix-ecom.md §5.1, the forum thread): this records an order as given. It goes
    through no catalog and no checkout, so it is **never linked** to a booking — not even
    when a line's ``catalogItemId`` is a booking id or ``checkoutId`` names a real checkout —
    and the booking is not touched. ``status`` is kept as sent, else ``INITIALIZED`` (the
    forum's order came back ``INITIALIZED`` although sent ``PAID`` with total 0; ``settings``
    is stored, its ``orderApprovalStrategy`` not applied); ``paymentStatus`` as sent, else
    ``NOT_PAID``; a line without ``paymentOption`` gets ``FULL_PAYMENT_ONLINE`` (the enum's
    default); no payment record is created.
    """
    if not isinstance(order_in, dict):
        raise errors.required("order")
    lines = order_in.get("lineItems")
    if not isinstance(lines, list) or not lines:
        raise errors.required("order.lineItems")
    if not isinstance(order_in.get("priceSummary"), dict):
        raise errors.required("order.priceSummary")
    for index, line in enumerate(lines):
        _check_record_line(line, f"order.lineItems[{index}]")
    purchased = order_in.get("purchasedDate")
    if purchased:
        try:
            future = parse_iso(str(purchased)) > site.now()
        except ValueError as exc:
            raise errors.invalid("order.purchasedDate", "must be an ISO-8601 date") from exc
        if future:
            raise errors.InvalidArgument(
                "PURCHASED_DATE_CANNOT_BE_IN_FUTURE", "purchasedDate cannot be in the future"
            )
    now = site.stamp()
    order = copy.deepcopy(order_in)
    for line in order["lineItems"]:
        line.setdefault("id", site.ids.guid())
        line.setdefault("paymentOption", "FULL_PAYMENT_ONLINE")  # the enum's documented default
    total = prices.amount(order["priceSummary"].get("total"), "order.priceSummary.total.amount")
    order.update(
        {
            "id": site.ids.guid(),
            "number": site.next_order_number(),
            "createdDate": now,
            "updatedDate": now,
            "status": order_in.get("status") or "INITIALIZED",
            "paymentStatus": order_in.get("paymentStatus") or "NOT_PAID",
            "fulfillmentStatus": order_in.get("fulfillmentStatus") or "FULFILLED",
            "currency": order_in.get("currency") or site.currency,
            "archived": False,
            "activities": [activity(site, "ORDER_PLACED")],
            "channelInfo": {"type": "UNSPECIFIED", **(order_in.get("channelInfo") or {})},
            "balanceSummary": {
                "balance": prices.price(site, total),
                "paid": prices.price(site, Decimal(0)),
                "refunded": prices.price(site, Decimal(0)),
            },
        }
    )
    del settings  # accepted, not applied (see the docstring)
    site.orders[order["id"]] = order
    site.payments[order["id"]] = []
    return order


def _check_record_line(line: Any, where: str) -> None:
    if not isinstance(line, dict):
        raise errors.invalid(where, "must be an object")
    if not (line.get("productName") or {}).get("original"):
        raise errors.required(f"{where}.productName.original")
    if not line.get("itemType"):
        raise errors.required(f"{where}.itemType")
    if not isinstance(line.get("price"), dict) or line["price"].get("amount") in (None, ""):
        raise errors.required(f"{where}.price.amount")
    prices.amount(line["price"], f"{where}.price.amount")
    if not isinstance(line.get("quantity"), int) or line["quantity"] < 1:
        raise errors.required(f"{where}.quantity")


# -- cancel ---------------------------------------------------------------------------------------
def cancel_order(site: Site, order_id: str) -> dict[str, Any]:
    """Cancel Order (``POST /ecom/v1/orders/{id}/cancel``) [or]: ``status`` → ``CANCELED``.

    No money moves (wix-ecom.md §5.4): a PAID order stays PAID (the "canceled but paid" state
    §11 warns about). Refused: ``ORDER_IS_PENDING``, ``ORDER_IS_REJECTED``,
    ``ORDER_HAS_AUTHORIZED_TRANSACTION`` (428). A second cancel answers the canceled order
    (unverified: Wix may error). The linked booking is **not** canceled (unverified, Open
    question 10); its ``paymentStatus`` is re-synced.
    """
    order = order_by_id(site, order_id)
    if order["status"] == "CANCELED":
        return order
    if order["status"] == "PENDING":
        raise errors.FailedPrecondition("ORDER_IS_PENDING", "A pending order cannot be canceled")
    if order["status"] == "REJECTED":
        raise errors.FailedPrecondition("ORDER_IS_REJECTED", "A rejected order cannot be canceled")
    if any(p.get("status") == "AUTHORIZED" for p in site.payments.get(order_id, [])):
        raise errors.FailedPrecondition(
            "ORDER_HAS_AUTHORIZED_TRANSACTION", "Void or capture the authorized payment first"
        )
    order["status"] = "CANCELED"
    order["updatedDate"] = site.stamp()
    order["activities"].append(activity(site, "ORDER_CANCELED"))
    site.pending_paid.pop(order_id, None)
    _sync_booking(site, order)
    return order


# -- payment state --------------------------------------------------------------------------------
def _counts_as_approved(payment: dict[str, Any]) -> bool:
    """A payment counts as money received when its top-level ``status`` is APPROVED
    (``regularPaymentDetails.status`` was removed on 2026-11-01 [ot]; a PENDING plan charge
    does not count)."""
    return payment.get("status") == "APPROVED"


def _counts_as_returned(payment: dict[str, Any]) -> bool:
    return payment.get("status") in ("REFUNDED", "VOIDED")


def recompute(site: Site, order: dict[str, Any], *, sync: bool = True) -> None:
    """Derive ``paymentStatus`` and ``balanceSummary`` from the order's payments; approve an
    ``INITIALIZED`` order once paid; push the change to a linked booking."""
    payments = site.payments.get(order["id"], [])
    total = prices.amount(order["priceSummary"]["total"])
    paid = sum(
        (prices.amount(p.get("amount")) for p in payments if _counts_as_approved(p)), Decimal(0)
    )
    returned = sum(
        (prices.amount(p.get("amount")) for p in payments if _counts_as_returned(p)), Decimal(0)
    )
    before = order["paymentStatus"]
    if paid >= total and (total > 0 or returned == 0):
        status = "PAID"
    elif paid > 0:
        status = "PARTIALLY_PAID"
    elif returned > 0:
        status = "FULLY_REFUNDED"
    else:
        status = "NOT_PAID"
    order["paymentStatus"] = status
    order["balanceSummary"] = {
        "balance": prices.price(site, max(total - paid - returned, Decimal(0))),
        "paid": prices.price(site, paid),
        "refunded": prices.price(site, returned),
    }
    if status != before:
        order["updatedDate"] = site.stamp()
        if status == "PAID":
            order["activities"].append(activity(site, "ORDER_PAID"))
            if order["status"] in ("INITIALIZED", "PENDING"):
                order["status"] = "APPROVED"
        elif status == "PARTIALLY_PAID":
            order["activities"].append(activity(site, "ORDER_PARTIALLY_PAID"))
        if sync:
            _sync_booking(site, order)


def _sync_booking(site: Site, order: dict[str, Any]) -> None:
    booking_id = site.order_links.get(order["id"])
    if booking_id is not None and booking_id in site.bookings:
        booking_link.sync_payment_status(site, booking_id)


# -- what Extended Bookings shows -----------------------------------------------------------------
def order_summary(site: Site, order: dict[str, Any]) -> dict[str, Any]:
    """Extended Bookings ``order`` [xb]: ``{id, number, status, paymentStatus, totalPrice,
    bookingPrice, balance, currency}``; ``bookingPrice`` is the booking line's price."""
    booking_id = site.order_links.get(order["id"])
    line = next(
        (
            li
            for li in order["lineItems"]
            if (li.get("catalogReference") or {}).get("catalogItemId") == booking_id
        ),
        order["lineItems"][0] if order["lineItems"] else {},
    )
    if not order.get("balanceSummary"):
        recompute(site, order, sync=False)
    return {
        "id": order["id"],
        "number": order["number"],
        "status": order["status"],
        "paymentStatus": order["paymentStatus"],
        "totalPrice": prices.price(site, prices.amount(order["priceSummary"]["total"])),
        "bookingPrice": prices.price(
            site, prices.amount(line.get("lineItemPrice") or line.get("price"))
        ),
        "balance": prices.price(site, prices.amount(order["balanceSummary"]["balance"])),
        "currency": order.get("currency") or site.currency,
    }
