"""Checkout v1: create, read and update a checkout, and create its order (the link).

Follows ``@wix/auto_sdk_ecom_checkout@1.0.174`` (wix-ecom.md §3); what a checkout computes
(line prices, totals, the membership selection) is in :mod:`.checkout_pricing`.

The booking↔order link (wix-ecom.md §1.1, §3.5): only an order created **from a checkout**
whose line is a booking (``catalogReference {appId: Bookings, catalogItemId: bookingId}``)
is linked (``site.order_links[orderId] = bookingId``); creating it confirms the booking, and
from then on every change of the order's ``paymentStatus`` is pushed to the booking.

* a plan selected in ``membershipOptions.selectedMemberships`` is charged at create-order,
  once per line; a ``MEMBERSHIP`` line with no valid selected membership cannot be ordered
  (428 ``CALCULATION_ERROR``; inferred: the line would be "charged to a membership" that is
  not there); ``MEMBERSHIP_OFFLINE`` charges nothing;
* a repeated create-order answers 409 ``CHECKOUT_ALREADY_PAID`` with the order id.

Checkout v1 is removed on 2027-02-01: its routes answer 404 from then on
(:mod:`.lifecycle`); the model still makes the seed's web orders.

Not simulated: more than one line per checkout, custom line items, coupons, gift cards,
checkout URLs, deposits, online payment gateways (an ``ONLINE`` order simply waits
``INITIALIZED``/``NOT_PAID``); Cart V2 is :mod:`.cart`.
"""

from __future__ import annotations

import copy
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import booking_link, bookings, crm, membership_charges, orders, prices
from sync.sandbox.models import checkout_pricing as pricing
from sync.sandbox.models.site import BOOKINGS_APP_ID, Site

CHANNEL_TYPES = frozenset(
    {
        "WEB",
        "POS",
        "EBAY",
        "AMAZON",
        "OTHER_PLATFORM",
        "WIX_APP_STORE",
        "WIX_INVOICES",
        "BACKOFFICE_MERCHANT",
        "WISH",
        "CLASS_PASS",
        "GLOBAL_E",
        "FACEBOOK",
        "ETSY",
        "TIKTOK",
        "FAIRE_COM",
        "PAYPAL_AGENTIC_CHECKOUT",
        "STRIPE_AGENTIC_CHECKOUT",
    }
)


# -- checkout -------------------------------------------------------------------------------------
def create_checkout(
    site: Site, *, channel_type: Any, line_items: list[Any], checkout_info: dict[str, Any]
) -> dict[str, Any]:
    """Create Checkout (``POST /ecom/v1/checkouts``, ``checkout.createCheckout``) [co].

    ``buyerInfo.email`` is writable; ``contactId`` and ``memberId`` are read-only and come from
    the booking's contact (Wix matches or creates the contact; the sandbox takes the
    booking's, and never creates one). A client-supplied line ``id`` is kept (the Velo page
    implies it is accepted; Open question 5, unverified). A booking that is ``CANCELED`` or
    ``DECLINED`` gives a line with ``availability.status: NOT_AVAILABLE``, which Create Order
    refuses. ``billingInfo`` is stored as given; the documented "address needed when total >
    0" is enforced at create-order (``Switches.checkout_requires_billing_address``).
    """
    if channel_type in (None, ""):
        raise errors.required("channelType")
    if channel_type not in CHANNEL_TYPES:
        raise errors.invalid(
            "channelType", "must be a supported channel type (not UNSPECIFIED)", "ENUM"
        )
    if len(line_items) > 1:
        raise errors.invalid(
            "lineItems", f"more than one line per checkout {errors.NOT_SIMULATED}", "NOT_SIMULATED"
        )
    now = site.stamp()
    lines = [pricing.booking_line(site, line, index) for index, line in enumerate(line_items)]
    checkout: dict[str, Any] = {
        "id": site.ids.guid(),
        "lineItems": lines,
        "billingInfo": copy.deepcopy(checkout_info.get("billingInfo") or {}),
        "buyerInfo": _buyer(site, lines, checkout_info.get("buyerInfo") or {}),
        "conversionCurrency": site.currency,
        "currency": site.currency,
        "channelType": channel_type,
        "siteLanguage": "en",
        "buyerLanguage": "en",
        "completed": False,
        "taxIncludedInPrice": False,
        "appliedDiscounts": [],
        "customFields": [],
        "additionalFees": [],
        "violations": [],
        "membershipOptions": {
            "eligibleMemberships": [],
            "invalidMemberships": [],
            "selectedMemberships": {"memberships": []},
        },
        "purchaseFlowId": site.ids.guid(),
        "createdDate": now,
        "updatedDate": now,
    }
    if checkout_info.get("buyerNote"):
        checkout["buyerNote"] = str(checkout_info["buyerNote"])
    selected = (checkout_info.get("membershipOptions") or {}).get("selectedMemberships")
    if selected is not None:
        _select(checkout, selected, "checkoutInfo.membershipOptions.selectedMemberships")
    pricing.calculate(site, checkout)
    site.checkouts[checkout["id"]] = checkout
    return checkout


def _buyer(site: Site, lines: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    email = given.get("email")
    contact_id = None
    if lines:
        booking = bookings.get_booking(site, lines[0]["catalogReference"]["catalogItemId"])
        details = booking.get("contactDetails") or {}
        contact_id = details.get("contactId")
        email = email or details.get("email")
    elif email:
        contact = crm.contact_by_email(site, email)
        contact_id = contact["id"] if contact else None
    buyer: dict[str, Any] = {}
    if contact_id:
        buyer["contactId"] = contact_id
        member = crm.member_for_contact(site, contact_id)
        if member:
            buyer["memberId"] = member["id"]
    if email:
        buyer["email"] = email
    return buyer


def get_checkout(site: Site, checkout_id: str) -> dict[str, Any]:
    """Get Checkout (``GET /ecom/v1/checkouts/{id}``) [co]."""
    checkout = site.checkouts.get(checkout_id)
    if checkout is None:
        raise errors.NotFound("CHECKOUT_NOT_FOUND", f"Checkout {checkout_id} not found")
    return checkout


def update_checkout(site: Site, checkout_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    """Update Checkout (``PATCH /ecom/v1/checkouts/{checkout.id}``) [co]: ``checkout`` is
    merged (no field mask). Writable here: ``buyerInfo.email``, ``billingInfo``,
    ``buyerNote``, ``membershipOptions.selectedMemberships`` (replaces the selection).

    A completed checkout is refused with 428 ``CHECKOUT_IS_COMPLETE``: Wix declares that code
    only for Add To Checkout, so what Update answers is unverified (wix-ecom.md §3.3).
    """
    checkout = get_checkout(site, checkout_id)
    if checkout["completed"]:
        raise errors.FailedPrecondition(
            "CHECKOUT_IS_COMPLETE", "This checkout already became an order"
        )
    if patch.get("lineItems") is not None:
        raise errors.invalid(
            "checkout.lineItems", f"changing line items {errors.NOT_SIMULATED}", "NOT_SIMULATED"
        )
    buyer = patch.get("buyerInfo")
    if isinstance(buyer, dict) and buyer.get("email"):
        checkout["buyerInfo"]["email"] = buyer["email"]
    if isinstance(patch.get("billingInfo"), dict):
        checkout["billingInfo"] = copy.deepcopy(patch["billingInfo"])
    if patch.get("buyerNote") is not None:
        checkout["buyerNote"] = str(patch["buyerNote"])
    options = patch.get("membershipOptions")
    if isinstance(options, dict) and options.get("selectedMemberships") is not None:
        _select(
            checkout,
            options["selectedMemberships"],
            "checkout.membershipOptions.selectedMemberships",
        )
    pricing.calculate(site, checkout)
    checkout["updatedDate"] = site.stamp()
    return checkout


def _select(checkout: dict[str, Any], selected: Any, where: str) -> None:
    """Store a membership selection after checking its shape: ``memberships[].id``,
    ``.appId`` and ``.lineItemIds`` (min 1) are required when sent [co], and every line id
    must be one of this checkout's lines (the sandbox answers 400 for a foreign line id:
    the forum's failure was exactly a selection without the checkout's line id)."""
    if not isinstance(selected, dict):
        raise errors.invalid(where, "must be an object")
    memberships = selected.get("memberships") or []
    if not isinstance(memberships, list):
        raise errors.invalid(f"{where}.memberships", "must be an array")
    line_ids = {line["id"] for line in checkout["lineItems"]}
    clean = []
    for index, entry in enumerate(memberships):
        at = f"{where}.memberships[{index}]"
        if not isinstance(entry, dict):
            raise errors.invalid(at, "must be an object")
        for name in ("id", "appId"):
            if not entry.get(name) or not isinstance(entry[name], str):
                raise errors.required(f"{at}.{name}")
        ids = entry.get("lineItemIds")
        if not isinstance(ids, list) or not ids:
            raise errors.invalid(f"{at}.lineItemIds", "must have at least 1 item", "MIN_ITEMS")
        unknown = [i for i in ids if i not in line_ids]
        if unknown:
            raise errors.invalid(
                f"{at}.lineItemIds",
                f"{unknown[0]} is not a line item id of this checkout",
                "FORMAT",
            )
        clean.append({"id": entry["id"], "appId": entry["appId"], "lineItemIds": list(ids)})
    checkout["membershipOptions"]["selectedMemberships"] = {"memberships": clean}


# -- create order from checkout -------------------------------------------------------------------
def create_order_from_checkout(site: Site, checkout_id: str) -> dict[str, Any]:
    """Create Order (``POST /ecom/v1/checkouts/{id}/create-order``, ``checkout.createOrder``)
    [co]. Returns the new order; the route answers ``{orderId}``.

    Preconditions [co JSDoc]: not already ordered (409 ``CHECKOUT_ALREADY_PAID`` with
    ``data.orderId``), at least one line (428 ``EMPTY_CHECKOUT``), every line available (428
    ``FULL_OUT_OF_STOCK``), no calculation errors (428 ``CALCULATION_ERROR``, ``data`` =
    ``calculationErrors``), and "if ``priceSummary.total`` is greater than 0, the
    ``billingInfo.address`` field[s] are required" [co 4145]: 400 ``validationError``
    ``billingInfo.address`` REQUIRED_FIELD (no code is declared for it; a required field is
    what the JSDoc says) unless ``Switches.checkout_requires_billing_address`` is off.
    Inferred: a ``MEMBERSHIP`` line that no valid selected membership covers is a
    calculation error too (``membershipError`` ``MEMBERSHIP_SELECTION_INVALID``).

    Outcome: offline line → ``APPROVED``/``NOT_PAID``; covered membership line → one credit
    taken, a membership payment, ``APPROVED``/``PAID``; zero total (``MEMBERSHIP_OFFLINE``) →
    ``APPROVED``/``PAID`` and no credit taken; online line → ``INITIALIZED``/``NOT_PAID``.
    The order is linked to the booking, which is confirmed (``booking_link.on_order_created``).
    """
    checkout = get_checkout(site, checkout_id)
    if checkout["completed"]:
        existing = _order_of_checkout(site, checkout_id)
        raise errors.AlreadyExists(
            "CHECKOUT_ALREADY_PAID",
            "This checkout was already ordered",
            data={"orderId": existing["id"] if existing else None},
        )
    covered = pricing.calculate(site, checkout)
    if not checkout["lineItems"]:
        raise errors.FailedPrecondition("EMPTY_CHECKOUT", "The checkout has no line items")
    if any(line["availability"]["status"] != "AVAILABLE" for line in checkout["lineItems"]):
        raise errors.FailedPrecondition(
            "FULL_OUT_OF_STOCK",
            "A line item is not available (its booking is canceled or declined)",
        )
    calc = copy.deepcopy(checkout["calculationErrors"])
    uncovered = [
        line["id"]
        for line in checkout["lineItems"]
        if line["paymentOption"] == "MEMBERSHIP" and line["id"] not in covered
    ]
    if uncovered and "membershipError" not in calc:
        calc["membershipError"] = {
            "applicationError": {
                "code": "MEMBERSHIP_SELECTION_INVALID",
                "description": "A line paid with a membership has no valid selected membership",
                "data": {
                    "errorType": "MEMBERSHIP_SELECTION_INVALID",
                    "membershipSelectionInvalidReason": "NO_MEMBERSHIP_SELECTED",
                    "lineItemIds": uncovered,
                },
            }
        }
    if "membershipError" in calc:
        raise errors.FailedPrecondition(
            "CALCULATION_ERROR", "The checkout has calculation errors", data=calc
        )
    total = prices.amount(checkout["priceSummary"]["total"])
    if (
        site.switches.checkout_requires_billing_address
        and total > 0
        and not (checkout.get("billingInfo") or {}).get("address")
    ):
        raise errors.required("billingInfo.address")
    order = orders.order_from_checkout(site, checkout)
    site.orders[order["id"]] = order
    site.payments[order["id"]] = []
    for line in checkout["lineItems"]:
        cover = covered.get(line["id"])
        if cover is not None:
            membership_charges.charge_line(
                site,
                order,
                line["id"],
                cover.holding,
                cover.membership_id,
                member_id=checkout["buyerInfo"].get("memberId"),
                service_id=line["rootCatalogItemId"],
                when=pricing.session_start(line),
                count=line["serviceProperties"]["numberOfParticipants"],
            )
    booking_id = checkout["lineItems"][0]["catalogReference"]["catalogItemId"]
    site.order_links[order["id"]] = booking_id
    orders.recompute(site, order, sync=False)
    online = any(line["paymentOption"] in pricing.ONLINE_OPTIONS for line in checkout["lineItems"])
    order["status"] = "INITIALIZED" if online and order["paymentStatus"] != "PAID" else "APPROVED"
    checkout["completed"] = True
    checkout["updatedDate"] = site.stamp()
    booking_link.on_order_created(site, booking_id, order)
    return order


def _order_of_checkout(site: Site, checkout_id: str) -> dict[str, Any] | None:
    return next(
        (
            o
            for o in site.orders.values()
            if o.get("checkoutId") == checkout_id and o["id"] in site.order_links
        ),
        None,
    )


# -- seed -----------------------------------------------------------------------------------------
def seed_order_for_booking(site: Site, booking_id: str, *, paid_online: bool) -> dict[str, Any]:
    """What the site's own booking flow leaves behind for a booking made on the web: a
    ``WEB`` checkout and its order (linked; booking confirmed). ``paid_online`` adds an
    approved online card payment for the total (order ``APPROVED``/``PAID``)."""
    booking = bookings.get_booking(site, booking_id)
    checkout = create_checkout(
        site,
        channel_type="WEB",
        line_items=[
            {
                "quantity": 1,
                "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
            }
        ],
        checkout_info={
            "buyerInfo": {"email": (booking.get("contactDetails") or {}).get("email")},
            "billingInfo": {"address": {"country": "US"}},  # the web checkout asked for it
        },
    )
    order = create_order_from_checkout(site, checkout["id"])
    if paid_online:
        now = site.stamp()
        site.payments[order["id"]].append(
            {
                "id": site.ids.guid(),
                "createdDate": now,
                "updatedDate": now,
                "amount": prices.price(site, prices.amount(order["priceSummary"]["total"])),
                "refundDisabled": False,
                "supportReceiptGeneration": False,
                "status": "APPROVED",
                "regularPaymentDetails": {
                    "offlinePayment": False,
                    "savedPaymentMethod": False,
                    "paymentOrderId": site.ids.guid(),
                    "gatewayTransactionId": site.ids.guid(),
                },
            }
        )
        orders.recompute(site, order)
    return order
