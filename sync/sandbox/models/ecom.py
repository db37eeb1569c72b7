"""eCommerce: Checkout v1, Orders, Order Transactions, payment collection, Order Billing.

Follows ``@wix/auto_sdk_ecom_checkout@1.0.174``, ``…_orders@1.0.300``,
``…_order-transactions@1.0.108`` and ``…_order-billing@1.0.110`` (wix-ecom.md §3, §5–§8).
Objects are stored in REST shape: ``site.checkouts``, ``site.orders``, ``site.payments[orderId]``.

The booking↔order link (wix-ecom.md §1.1, §3.5): only an order created **from a checkout**
whose line is a booking (``catalogReference {appId: Bookings, catalogItemId: bookingId}``)
is linked (``site.order_links[orderId] = bookingId``); creating it confirms the booking, and
from then on every change of the order's ``paymentStatus`` is pushed to the booking. Plain
Create Order records an order and links nothing — the forum thread's trap.

Rules enforced (the ones that bit real users):

* a checkout line is priced by the Bookings catalog from the booking and its service; its
  ``paymentOption`` follows the booking's ``selectedPaymentOption`` (inferred from the enum
  names): ``OFFLINE``→``FULL_PAYMENT_OFFLINE``, ``ONLINE``→``FULL_PAYMENT_ONLINE``,
  ``MEMBERSHIP``→``MEMBERSHIP``, ``MEMBERSHIP_OFFLINE``→``MEMBERSHIP_OFFLINE`` at price 0;
* a plan is charged exactly once per line: by a valid ``selectedMemberships`` entry at
  create-order, or by Charge Memberships (a repeat is refused or charged twice, per
  ``Switches.charge_memberships_rejects_repeat``); ``MEMBERSHIP_OFFLINE`` charges nothing;
* a ``MEMBERSHIP`` line with no valid selected membership cannot be ordered (428
  ``CALCULATION_ERROR``; inferred: the line would be "charged to a membership" that is not
  there);
* mark-as-paid creates one approved offline payment for the balance, refuses a paid order
  (``ORDER_ALREADY_PAID``), and may lag (``Switches.mark_as_paid_lag_reads``); Add Payments
  records what it is given, every time (no idempotency), and moves the order's
  ``paymentStatus`` only if ``Switches.add_payment_marks_order_paid``;
* cancelling a booking with ``withRefund`` voids its membership payment and gives the credit
  back; ``waiveCharges`` cancels an unpaid linked order; a cash payment is never touched.

Not simulated: taxes, discounts, coupons, gift cards, shipping, custom line items, catalog
override fields, non-Bookings catalog items, more than one line per checkout, online
payment gateways (an ``ONLINE`` order simply waits ``INITIALIZED``/``NOT_PAID``), checkout
URLs, deposits, refunds through order billing, order editing, fulfilment, e-mails,
webhooks, Cart V2.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import plans
from sync.sandbox.models import query as q
from sync.sandbox.models.site import (
    BOOKINGS_APP_ID,
    PRICING_PLANS_APP_ID,
    Site,
    money,
    parse_iso,
)

#: booking ``selectedPaymentOption`` -> checkout line ``paymentOption`` (inferred, §3.2)
LINE_PAYMENT_OPTION = {
    "OFFLINE": "FULL_PAYMENT_OFFLINE",
    "ONLINE": "FULL_PAYMENT_ONLINE",
    "MEMBERSHIP": "MEMBERSHIP",
    "MEMBERSHIP_OFFLINE": "MEMBERSHIP_OFFLINE",
    "UNDEFINED": "FULL_PAYMENT_ONLINE",  # "FULL_PAYMENT_ONLINE (default)" [co]
}
ONLINE_OPTIONS = ("FULL_PAYMENT_ONLINE", "DEPOSIT_ONLINE")
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
PAYMENT_STATUSES = frozenset(
    {
        "APPROVED",
        "PENDING",
        "PENDING_MERCHANT",
        "CANCELED",
        "DECLINED",
        "REFUNDED",
        "PARTIALLY_REFUNDED",
        "AUTHORIZED",
        "VOIDED",
    }
)
#: payment statuses that no longer hold a charge (wix-ecom.md §9, Charge Memberships row)
DEAD_PAYMENT = ("CANCELED", "DECLINED", "VOIDED")
#: Search Orders fields by operator group [or ``OrderSearchSpec``] (wix-ecom.md §5.2)
_EQ_ONLY = (
    "status",
    "paymentStatus",
    "fulfillmentStatus",
    "channelInfo.type",
    "id",
    "checkoutId",
    "buyerInfo.contactId",
    "buyerInfo.memberId",
    "channelInfo.externalOrderId",
    "createdBy.userId",
    "lineItems.subscriptionInfo.id",
)
_ANY_OP = (
    "createdDate",
    "updatedDate",
    "number",
    "buyerInfo.email",
    "priceSummary.total.amount",
    "purchasedDate",
)
_HAS_ONLY = (
    "lineItems.catalogReference.catalogItemId",
    "lineItems.catalogReference.appId",
    "lineItems.productName.original",
)
ORDER_FIELDS = {name: q.path(name) for name in (*_EQ_ONLY, *_ANY_OP, *_HAS_ONLY)}
_OPS_FOR = {
    **{n: ("$eq", "$in", "$ne", "$nin") for n in _EQ_ONLY},
    **{n: ("$hasSome", "$hasAll") for n in _HAS_ONLY},
}
NOT_SIMULATED = "is not simulated by the sandbox"


# -- money ----------------------------------------------------------------------------------
def _amount(price: Any, field: str = "amount") -> Decimal:
    text = price.get("amount") if isinstance(price, dict) else price
    try:
        return Decimal(str(text if text not in (None, "") else "0"))
    except InvalidOperation as exc:
        raise errors.invalid(field, "must be a decimal string") from exc


def _price(site: Site, amount: Decimal) -> dict[str, str]:
    """An order ``Price`` {amount, formattedAmount}."""
    return money(amount, site.currency)


def _mc_price(site: Site, amount: Decimal) -> dict[str, str]:
    """A checkout ``MultiCurrencyPrice`` (no conversion: converted = original)."""
    base = money(amount, site.currency)
    return {
        "amount": base["amount"],
        "convertedAmount": base["amount"],
        "formattedAmount": base["formattedAmount"],
        "formattedConvertedAmount": base["formattedAmount"],
    }


def _summary(site: Site, total: Decimal, *, multi: bool = True) -> dict[str, Any]:
    make = _mc_price if multi else _price
    zero = make(site, Decimal(0))
    return {
        "subtotal": make(site, total),
        "shipping": zero,
        "tax": zero,
        "discount": zero,
        "total": make(site, total),
        "additionalFees": zero,
    }


def _bookings() -> Any:
    from sync.sandbox.models import bookings  # circular: bookings calls back into ecom

    return bookings


def _crm() -> Any:
    from sync.sandbox.models import crm

    return crm


# -- checkout ---------------------------------------------------------------------------------
def create_checkout(
    site: Site, *, channel_type: Any, line_items: list[Any], checkout_info: dict[str, Any]
) -> dict[str, Any]:
    """Create Checkout (``POST /ecom/v1/checkouts``, ``checkout.createCheckout``) [co].

    ``buyerInfo.email`` is writable; ``contactId`` and ``memberId`` are read-only and come from
    the booking's contact (Wix matches or creates the contact; the sandbox takes the
    booking's, and never creates one). A client-supplied line ``id`` is kept (the Velo page
    implies it is accepted; Open question 5, unverified). A booking that is ``CANCELED`` or
    ``DECLINED`` gives a line with ``availability.status: NOT_AVAILABLE``, which Create Order
    refuses. ``billingInfo`` is stored as given: the documented "address needed when total >
    0" is not enforced (Open question 7: the minimum is unknown).
    """
    if channel_type in (None, ""):
        raise errors.required("channelType")
    if channel_type not in CHANNEL_TYPES:
        raise errors.invalid(
            "channelType", "must be a supported channel type (not UNSPECIFIED)", "ENUM"
        )
    if len(line_items) > 1:
        raise errors.invalid(
            "lineItems", f"more than one line per checkout {NOT_SIMULATED}", "NOT_SIMULATED"
        )
    now = site.stamp()
    lines = [_booking_line(site, line, index) for index, line in enumerate(line_items)]
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
    _calculate(site, checkout)
    site.checkouts[checkout["id"]] = checkout
    return checkout


def _booking_line(site: Site, given: Any, index: int) -> dict[str, Any]:
    """One line priced by the Bookings catalog: the booking is the item, the service its
    product. ``price`` = service price × participants (inferred); tax is 0."""
    where = f"lineItems[{index}]"
    if not isinstance(given, dict):
        raise errors.invalid(where, "must be an object")
    quantity = given.get("quantity")
    if quantity is None:
        raise errors.required(f"{where}.quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 100000:
        raise errors.invalid(f"{where}.quantity", "must be an integer from 1", "MIN")
    ref = given.get("catalogReference")
    if not isinstance(ref, dict):
        raise errors.required(f"{where}.catalogReference")
    for name in ("catalogItemId", "appId"):
        if not ref.get(name):
            raise errors.required(f"{where}.catalogReference.{name}")
    if ref["appId"] != BOOKINGS_APP_ID:
        raise errors.invalid(
            f"{where}.catalogReference.appId",
            f"catalog items of apps other than Bookings {NOT_SIMULATED}",
            "NOT_SIMULATED",
        )
    if given.get("catalogOverrideFields"):
        raise errors.invalid(f"{where}.catalogOverrideFields", NOT_SIMULATED, "NOT_SIMULATED")
    bookings = _bookings()
    booking = bookings.get_booking(site, ref["catalogItemId"])
    service = bookings.service_of(site, booking)
    option = LINE_PAYMENT_OPTION.get(
        booking.get("selectedPaymentOption") or "UNDEFINED", "FULL_PAYMENT_ONLINE"
    )
    participants = int(booking.get("totalParticipants") or 1)
    unit = Decimal(0) if option == "MEMBERSHIP_OFFLINE" else _service_price(service)
    price = unit * participants
    total = price * quantity
    available = booking["status"] not in ("CANCELED", "DECLINED")
    reference = {"catalogItemId": booking["id"], "appId": BOOKINGS_APP_ID}
    if ref.get("options"):
        reference["options"] = copy.deepcopy(ref["options"])
    return {
        "id": given.get("id") or site.ids.guid(),
        "quantity": quantity,
        "catalogReference": reference,
        "productName": {"original": service["name"], "translated": service["name"]},
        "price": _mc_price(site, price),
        "lineItemPrice": _mc_price(site, total),
        "fullPrice": _mc_price(site, price),
        "priceBeforeDiscounts": _mc_price(site, price),
        "totalPriceAfterTax": _mc_price(site, total),
        "totalPriceBeforeTax": _mc_price(site, total),
        "taxDetails": {
            "taxableAmount": _mc_price(site, total),
            "taxRate": "0",
            "totalTax": _mc_price(site, Decimal(0)),
            "rateBreakdown": [],
        },
        "discount": _mc_price(site, Decimal(0)),
        "descriptionLines": [],
        "availability": {
            "status": "AVAILABLE" if available else "NOT_AVAILABLE",
            "quantityAvailable": quantity if available else 0,
        },
        "itemType": {"preset": "SERVICE"},
        "paymentOption": option,
        "serviceProperties": {
            "scheduledDate": booking["startDate"],
            "numberOfParticipants": participants,
        },
        "rootCatalogItemId": service["id"],
        "customLineItem": False,
    }


def _service_price(service: dict[str, Any]) -> Decimal:
    """Services v2 ``payment``: a FIXED rate's ``fixed.price.value``; anything else is 0
    (custom and varied rates are not simulated)."""
    payment = service.get("payment") or {}
    if payment.get("rateType", "FIXED") != "FIXED":
        return Decimal(0)
    value = ((payment.get("fixed") or {}).get("price") or {}).get("value")
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _buyer(site: Site, lines: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    email = given.get("email")
    contact_id = None
    if lines:
        booking = _bookings().get_booking(site, lines[0]["catalogReference"]["catalogItemId"])
        details = booking.get("contactDetails") or {}
        contact_id = details.get("contactId")
        email = email or details.get("email")
    elif email:
        contact = _crm().contact_by_email(site, email)
        contact_id = contact["id"] if contact else None
    buyer: dict[str, Any] = {}
    if contact_id:
        buyer["contactId"] = contact_id
        member = _crm().member_for_contact(site, contact_id)
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
            "checkout.lineItems", f"changing line items {NOT_SIMULATED}", "NOT_SIMULATED"
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
    _calculate(site, checkout)
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


@dataclass(frozen=True)
class _Cover:
    holding: plans.Holding
    membership_id: str


def _when(line: dict[str, Any]) -> datetime:
    return parse_iso(line["serviceProperties"]["scheduledDate"])


def _evaluate_selection(
    site: Site, checkout: dict[str, Any]
) -> tuple[dict[str, _Cover], tuple[str, plans.Ineligible, str] | None]:
    """Which lines a selected membership validly covers, and the first selection error
    ``(membershipId, reason, lineItemId)``.

    Stance: when ``Switches.checkout_lists_eligible_memberships`` is off (ecom does not know
    the API-key buyer's memberships, Open question 4) or the buyer is no member, any
    selection is ``MEMBERSHIP_NOT_FOUND``; the client must use Charge Memberships instead.
    """
    member_id = checkout["buyerInfo"].get("memberId")
    lines = {line["id"]: line for line in checkout["lineItems"]}
    covered: dict[str, _Cover] = {}
    first_error: tuple[str, plans.Ineligible, str] | None = None
    for entry in checkout["membershipOptions"]["selectedMemberships"]["memberships"]:
        holding = None
        if (
            entry["appId"] == PRICING_PLANS_APP_ID
            and member_id
            and site.switches.checkout_lists_eligible_memberships
        ):
            holding = plans.find_holding(site, entry["id"])
        for line_id in entry["lineItemIds"]:
            line = lines[line_id]
            reason = _line_reason(site, holding, entry["id"], line, member_id, covered)
            if reason is None and holding is not None:
                covered[line_id] = _Cover(holding, entry["id"])
            elif reason is not None and first_error is None:
                first_error = (entry["id"], reason, line_id)
    return covered, first_error


def _line_reason(
    site: Site,
    holding: plans.Holding | None,
    membership: str,
    line: dict[str, Any],
    member_id: str | None,
    covered: dict[str, _Cover],
) -> plans.Ineligible | None:
    if holding is None:
        return plans.not_found(membership)
    if line["id"] in covered:
        return plans.Ineligible(
            "MEMBERSHIP_SELECTION_INVALID",
            "Only one membership can pay for a line item",
            {"membershipSelectionInvalidReason": "LINE_ITEM_ALREADY_SELECTED"},
        )
    if line["paymentOption"] != "MEMBERSHIP":
        return plans.Ineligible(
            "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS",
            f"Line {line['id']} is paid {line['paymentOption']}, not with a membership",
            {
                "membershipCannotBeUsedForLineItemsInfo": {
                    "lineItems": [{"lineItemId": line["id"], "reason": line["paymentOption"]}]
                }
            },
        )
    return plans.check(
        site,
        holding,
        member_id=member_id,
        service_id=line["rootCatalogItemId"],
        when=_when(line),
        count=line["serviceProperties"]["numberOfParticipants"],
    )


def _membership_lists(site: Site, checkout: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """``eligibleMemberships`` / ``invalidMemberships``: filled only when the switch says a
    checkout lists them, the buyer is a member, and a line is paid ``MEMBERSHIP`` [ms]."""
    member_id = checkout["buyerInfo"].get("memberId")
    lines = [line for line in checkout["lineItems"] if line["paymentOption"] == "MEMBERSHIP"]
    if not (site.switches.checkout_lists_eligible_memberships and member_id and lines):
        return [], []
    eligible, invalid = [], []
    for holding in plans.holdings_of(site, member_id):
        if holding.order["status"] == "DRAFT":
            continue
        reasons = {
            line["id"]: plans.check(
                site,
                holding,
                member_id=member_id,
                service_id=line["rootCatalogItemId"],
                when=_when(line),
                count=line["serviceProperties"]["numberOfParticipants"],
            )
            for line in lines
        }
        ok = [line_id for line_id, reason in reasons.items() if reason is None]
        if ok:
            eligible.append(plans.membership_view(site, holding, ok))
        else:
            first = next(r for r in reasons.values() if r is not None)
            invalid.append(
                {"membership": plans.membership_view(site, holding, []), "reason": first.error_type}
            )
    return eligible, invalid


def _calculate(site: Site, checkout: dict[str, Any]) -> dict[str, _Cover]:
    """Recompute totals, payNow/payLater, membership lists and calculation errors."""
    covered, error = _evaluate_selection(site, checkout)
    subtotal = pay_now = pay_later = Decimal(0)
    for line in checkout["lineItems"]:
        total = _amount(line["lineItemPrice"])
        subtotal += total
        option = line["paymentOption"]
        if option in ONLINE_OPTIONS or (option == "MEMBERSHIP" and line["id"] not in covered):
            pay_now += total
        elif option == "FULL_PAYMENT_OFFLINE":
            pay_later += total
    checkout["priceSummary"] = _summary(site, subtotal)
    checkout["payNow"] = _summary(site, pay_now)
    checkout["payLater"] = _summary(site, pay_later)
    checkout["payNowTotalAfterGiftCard"] = _mc_price(site, pay_now)
    errors_: dict[str, Any] = {"orderValidationErrors": []}
    if error is not None:
        membership, reason, line_id = error
        errors_["membershipError"] = {
            "applicationError": {
                "code": reason.error_type,
                "description": reason.description,
                "data": reason.data(membership, line_id),
            }
        }
    checkout["calculationErrors"] = errors_
    eligible, invalid = _membership_lists(site, checkout)
    checkout["membershipOptions"]["eligibleMemberships"] = eligible
    checkout["membershipOptions"]["invalidMemberships"] = invalid
    return covered


# -- create order from checkout ---------------------------------------------------------------
def create_order_from_checkout(site: Site, checkout_id: str) -> dict[str, Any]:
    """Create Order (``POST /ecom/v1/checkouts/{id}/create-order``, ``checkout.createOrder``)
    [co]. Returns the new order; the route answers ``{orderId}``.

    Preconditions [co JSDoc]: not already ordered (409 ``CHECKOUT_ALREADY_PAID`` with
    ``data.orderId``), at least one line (428 ``EMPTY_CHECKOUT``), every line available (428
    ``FULL_OUT_OF_STOCK``), no calculation errors (428 ``CALCULATION_ERROR``, ``data`` =
    ``calculationErrors``). Inferred: a ``MEMBERSHIP`` line that no valid selected membership
    covers is a calculation error too (``membershipError`` ``MEMBERSHIP_SELECTION_INVALID``).

    Outcome: offline line → ``APPROVED``/``NOT_PAID``; covered membership line → one credit
    taken, a membership payment, ``APPROVED``/``PAID``; zero total (``MEMBERSHIP_OFFLINE``) →
    ``APPROVED``/``PAID`` and no credit taken; online line → ``INITIALIZED``/``NOT_PAID``.
    The order is linked to the booking, which is confirmed (``bookings.on_order_created``).
    """
    checkout = get_checkout(site, checkout_id)
    if checkout["completed"]:
        existing = _order_of_checkout(site, checkout_id)
        raise errors.AlreadyExists(
            "CHECKOUT_ALREADY_PAID",
            "This checkout was already ordered",
            data={"orderId": existing["id"] if existing else None},
        )
    covered = _calculate(site, checkout)
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
    order = _order_from(site, checkout)
    site.orders[order["id"]] = order
    site.payments[order["id"]] = []
    for line in checkout["lineItems"]:
        cover = covered.get(line["id"])
        if cover is not None:
            _charge_line(
                site,
                order,
                line["id"],
                cover.holding,
                cover.membership_id,
                member_id=checkout["buyerInfo"].get("memberId"),
                service_id=line["rootCatalogItemId"],
                when=_when(line),
                count=line["serviceProperties"]["numberOfParticipants"],
            )
    booking_id = checkout["lineItems"][0]["catalogReference"]["catalogItemId"]
    site.order_links[order["id"]] = booking_id
    _recompute(site, order, sync=False)
    online = any(line["paymentOption"] in ONLINE_OPTIONS for line in checkout["lineItems"])
    order["status"] = "INITIALIZED" if online and order["paymentStatus"] != "PAID" else "APPROVED"
    checkout["completed"] = True
    checkout["updatedDate"] = site.stamp()
    _bookings().on_order_created(site, booking_id, order)
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


def _order_from(site: Site, checkout: dict[str, Any]) -> dict[str, Any]:
    now = site.stamp()
    total = _amount(checkout["priceSummary"]["total"])
    summary = _summary(site, total, multi=False)
    summary["totalAdditionalFees"] = summary.pop("additionalFees")
    return {
        "id": site.ids.guid(),
        "number": site.next_order_number(),
        "createdDate": now,
        "updatedDate": now,
        "purchasedDate": now,
        "checkoutId": checkout["id"],
        "purchaseFlowId": checkout["purchaseFlowId"],
        "lineItems": [_order_line(site, line) for line in checkout["lineItems"]],
        "buyerInfo": copy.deepcopy(checkout["buyerInfo"]),
        "paymentStatus": "NOT_PAID",
        "fulfillmentStatus": "FULFILLED",  # no shipping: fulfilled automatically (§5.3)
        "buyerLanguage": "en",
        "siteLanguage": "en",
        "currency": site.currency,
        "taxIncludedInPrices": False,
        "priceSummary": summary,
        "billingInfo": copy.deepcopy(checkout["billingInfo"]),
        "status": "INITIALIZED",
        "archived": False,
        "activities": [_activity(site, "ORDER_PLACED")],
        "channelInfo": {"type": checkout["channelType"]},
        "balanceSummary": {},
        "appliedDiscounts": [],
        "customFields": [],
        "additionalFees": [],
    }


def _order_line(site: Site, line: dict[str, Any]) -> dict[str, Any]:
    """The order's copy of a checkout line: same ``id`` (as in the forum thread's bodies)."""

    def p(name: str) -> dict[str, str]:
        return _price(site, _amount(line[name]))

    return {
        "id": line["id"],
        "productName": copy.deepcopy(line["productName"]),
        "catalogReference": copy.deepcopy(line["catalogReference"]),
        "quantity": line["quantity"],
        "totalDiscount": _price(site, Decimal(0)),
        "descriptionLines": [],
        "itemType": {"preset": "SERVICE"},
        "price": p("price"),
        "priceBeforeDiscounts": p("priceBeforeDiscounts"),
        "totalPriceBeforeTax": p("totalPriceBeforeTax"),
        "totalPriceAfterTax": p("totalPriceAfterTax"),
        "lineItemPrice": p("lineItemPrice"),
        "paymentOption": line["paymentOption"],
        "taxDetails": {
            "taxableAmount": p("lineItemPrice"),
            "taxRate": "0",
            "totalTax": _price(site, Decimal(0)),
        },
        "locations": [],
    }


def _activity(site: Site, kind: str) -> dict[str, Any]:
    return {"id": site.ids.guid(), "createdDate": site.stamp(), "type": kind}


# -- order payment state ----------------------------------------------------------------------
def _counts_as_approved(payment: dict[str, Any]) -> bool:
    """A payment counts as money received when ``status`` is APPROVED, or (no ``status``)
    when the deprecated ``regularPaymentDetails.status`` is (Open question 2 asks which one
    Wix reads; the sandbox accepts either)."""
    status = payment.get("status")
    if status is None:
        status = (payment.get("regularPaymentDetails") or {}).get("status")
    return status == "APPROVED"


def _counts_as_returned(payment: dict[str, Any]) -> bool:
    return payment.get("status") in ("REFUNDED", "VOIDED")


def _recompute(site: Site, order: dict[str, Any], *, sync: bool = True) -> None:
    """Derive ``paymentStatus`` and ``balanceSummary`` from the order's payments; approve an
    ``INITIALIZED`` order once paid; push the change to a linked booking."""
    payments = site.payments.get(order["id"], [])
    total = _amount(order["priceSummary"]["total"])
    paid = sum((_amount(p.get("amount")) for p in payments if _counts_as_approved(p)), Decimal(0))
    returned = sum(
        (_amount(p.get("amount")) for p in payments if _counts_as_returned(p)), Decimal(0)
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
        "balance": _price(site, max(total - paid - returned, Decimal(0))),
        "paid": _price(site, paid),
        "refunded": _price(site, returned),
    }
    if status != before:
        order["updatedDate"] = site.stamp()
        if status == "PAID":
            order["activities"].append(_activity(site, "ORDER_PAID"))
            if order["status"] in ("INITIALIZED", "PENDING"):
                order["status"] = "APPROVED"
        elif status == "PARTIALLY_PAID":
            order["activities"].append(_activity(site, "ORDER_PARTIALLY_PAID"))
        if sync:
            _sync_booking(site, order)


def _sync_booking(site: Site, order: dict[str, Any]) -> None:
    booking_id = site.order_links.get(order["id"])
    if booking_id is not None and booking_id in site.bookings:
        _bookings().sync_payment_status(site, booking_id)


# -- orders -----------------------------------------------------------------------------------
def _order(site: Site, order_id: str) -> dict[str, Any]:
    order = site.orders.get(order_id)
    if order is None:
        raise errors.NotFound("ORDER_NOT_FOUND", f"Order {order_id} not found")
    return order


def _as_read(site: Site, order: dict[str, Any]) -> dict[str, Any]:
    """What a read shows while a mark-as-paid is still "eventually" (``pending_paid``)."""
    if site.pending_paid.get(order["id"], 0) <= 0:
        return order
    stale = copy.deepcopy(order)
    stale["paymentStatus"] = "NOT_PAID"
    return stale


def get_order(site: Site, order_id: str) -> dict[str, Any]:
    """Get Order (``GET /ecom/v1/orders/{id}``) [or]. Each read while a mark-as-paid lags
    (``Switches.mark_as_paid_lag_reads``) still shows ``NOT_PAID`` and uses up one read."""
    order = _order(site, order_id)
    view = _as_read(site, order)
    left = site.pending_paid.get(order_id, 0)
    if left > 1:
        site.pending_paid[order_id] = left - 1
    elif left:
        del site.pending_paid[order_id]
    return view


def search_orders(
    site: Site, search: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Search Orders (``POST /ecom/v1/orders/search``) [or]: filter fields and operators of
    ``OrderSearchSpec`` (wix-ecom.md §5.2), ``cursorPaging.limit`` ≤ 100 (default 50 here).
    Default sort (undocumented): ``createdDate`` DESC, newest first. A lagging mark-as-paid
    shows here too, without using up a read."""
    paging = search.get("cursorPaging") or {}
    if not isinstance(paging, dict):
        raise errors.invalid("search.cursorPaging", "must be an object")
    if paging.get("cursor"):
        state = plans.decode_cursor(paging["cursor"])
        filt, sort, offset = state["filter"], state["sort"], int(state["offset"])
    else:
        filt, sort, offset = search.get("filter"), search.get("sort"), 0
    limit = paging.get("limit", 50)
    if limit is None:
        limit = 50
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 100:
        raise errors.invalid("search.cursorPaging.limit", "must be between 0 and 100", "MAX")
    _check_operators(filt)
    match = q.compile_filter(filt, ORDER_FIELDS, case_insensitive=("buyerInfo.email",))
    newest = [(q.path("createdDate"), True), (q.path("number"), True)]
    keys = q.sort_key(sort, ORDER_FIELDS) or newest
    found = q.apply_sort([o for o in site.orders.values() if match(o)], keys)
    page = [_as_read(site, o) for o in found[offset : offset + limit]]
    more = offset + limit < len(found)
    cursors: dict[str, Any] = {}
    if more:
        cursors["next"] = plans.encode_cursor(filt, sort, offset + limit)
    if offset:
        cursors["prev"] = plans.encode_cursor(filt, sort, max(offset - limit, 0))
    return page, {"count": len(page), "cursors": cursors, "hasNext": more}


def _check_operators(filt: Any) -> None:
    if not isinstance(filt, dict):
        return
    for key, cond in filt.items():
        if key in ("$and", "$or"):
            for sub in cond if isinstance(cond, list) else []:
                _check_operators(sub)
            continue
        if key == "$not":
            _check_operators(cond)
            continue
        allowed = _OPS_FOR.get(key)
        ops = cond.keys() if isinstance(cond, dict) else ["$eq"]
        bad = [op for op in ops if allowed is not None and op not in allowed]
        if bad:
            raise errors.InvalidArgument(
                "UNSUPPORTED_FILTER",
                f"Operator '{bad[0]}' is not supported on '{key}'",
                data={"field": key, "supportedOperators": list(allowed or ())},
            )


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
    total = _amount(order["priceSummary"].get("total"), "order.priceSummary.total.amount")
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
            "activities": [_activity(site, "ORDER_PLACED")],
            "channelInfo": {"type": "UNSPECIFIED", **(order_in.get("channelInfo") or {})},
            "balanceSummary": {
                "balance": _price(site, total),
                "paid": _price(site, Decimal(0)),
                "refunded": _price(site, Decimal(0)),
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
    _amount(line["price"], f"{where}.price.amount")
    if not isinstance(line.get("quantity"), int) or line["quantity"] < 1:
        raise errors.required(f"{where}.quantity")


def cancel_order(site: Site, order_id: str) -> dict[str, Any]:
    """Cancel Order (``POST /ecom/v1/orders/{id}/cancel``) [or]: ``status`` → ``CANCELED``.

    No money moves (wix-ecom.md §5.4): a PAID order stays PAID (the "canceled but paid" state
    §11 warns about). Refused: ``ORDER_IS_PENDING``, ``ORDER_IS_REJECTED``,
    ``ORDER_HAS_AUTHORIZED_TRANSACTION`` (428). A second cancel answers the canceled order
    (unverified: Wix may error). The linked booking is **not** canceled (unverified, Open
    question 10); its ``paymentStatus`` is re-synced.
    """
    order = _order(site, order_id)
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
    order["activities"].append(_activity(site, "ORDER_CANCELED"))
    site.pending_paid.pop(order_id, None)
    _sync_booking(site, order)
    return order


# -- marking paid -------------------------------------------------------------------------------
def mark_as_paid(site: Site, order_id: str, method_name: Any = None) -> dict[str, Any]:
    """Mark As Paid (``POST /ecom/v1/payments-collector/orders/{ecomOrderId}/mark-as-paid``,
    SDK-internal ``paymentCollectionMarkOrderAsPaid``) [or], wix-ecom.md §6 A.

    403 when ``Switches.mark_as_paid_allowed`` is off (Open question 1). Creates one approved
    offline payment for the balance and makes the order ``PAID`` (approving it if needed);
    with ``Switches.mark_as_paid_lag_reads = n`` the next *n* reads still show ``NOT_PAID``.
    Refused: 428 ``ORDER_ALREADY_PAID`` (nothing left to pay); 428 ``ORDER_CANCELED`` for a
    canceled order (the code the sibling collector endpoints declare; this one declares
    none for it).
    """
    _collector_allowed(site)
    order = _order(site, order_id)
    if order["status"] == "CANCELED":
        raise errors.FailedPrecondition("ORDER_CANCELED", "The order is canceled")
    if order["paymentStatus"] == "PAID":
        raise errors.FailedPrecondition(
            "ORDER_ALREADY_PAID", "The order is already paid", data={"orderId": order_id}
        )
    if not order.get("balanceSummary"):
        _recompute(site, order, sync=False)
    balance = _amount(order["balanceSummary"]["balance"])
    if balance <= 0 and order["paymentStatus"] in ("PAID", "FULLY_REFUNDED"):
        raise errors.FailedPrecondition(
            "ORDER_ALREADY_PAID", "Nothing is left to pay", data={"orderId": order_id}
        )
    details: dict[str, Any] = {"offlinePayment": True, "status": "APPROVED"}
    if isinstance(method_name, dict) and method_name:
        details["paymentMethodName"] = {"userDefinedName": copy.deepcopy(method_name)}
    now = site.stamp()
    site.payments.setdefault(order_id, []).append(
        {
            "id": site.ids.guid(),
            "createdDate": now,
            "updatedDate": now,
            "amount": _price(site, balance),
            "refundDisabled": False,
            "status": "APPROVED",
            "regularPaymentDetails": details,
        }
    )
    _recompute(site, order)
    if site.switches.mark_as_paid_lag_reads > 0:
        site.pending_paid[order_id] = int(site.switches.mark_as_paid_lag_reads)
    return order


def _collector_allowed(site: Site) -> None:
    if not site.switches.mark_as_paid_allowed:
        raise errors.PermissionDenied(
            "ECOM.MODIFY_ORDERS",
            "(this site does not let API keys call the payments collector: "
            "switch mark_as_paid_allowed is off)",
        )


def bulk_mark_as_paid(
    site: Site, order_ids: list[Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Bulk Mark Orders As Paid (``POST /v1/bulk/payments-collector/mark-as-paid``) [or]:
    per-order results; a failing order does not stop the others. The returned orders show
    ``PAID`` at once ("optimistically", §6 A')."""
    _collector_allowed(site)
    results = []
    for index, order_id in enumerate(order_ids):
        meta: dict[str, Any] = {"id": order_id, "originalIndex": index}
        try:
            order = mark_as_paid(site, str(order_id))
        except errors.WixError as exc:
            meta.update(success=False, error={"code": exc.code, "description": exc.description})
            results.append({"itemMetadata": meta})
            continue
        meta["success"] = True
        results.append({"itemMetadata": meta, "item": order})
    ok = sum(1 for r in results if r["itemMetadata"]["success"])
    return results, {
        "totalSuccesses": ok,
        "totalFailures": len(results) - ok,
        "undetailedFailures": 0,
    }


# -- transactions -------------------------------------------------------------------------------
def order_transactions(site: Site, order_id: str) -> dict[str, Any]:
    """List Transactions For Single Order (``GET /ecom/v1/payments/orders/{orderId}``) [ot]."""
    _order(site, order_id)
    return {"orderId": order_id, "payments": site.payments.get(order_id, []), "refunds": []}


def add_payments(site: Site, order_id: str, payments: list[Any]) -> list[str]:
    """Add Payments (``POST /ecom/v1/payments/orders/{orderId}/add-payment``) [ot], §6 C.

    "Does NOT perform the actual charging – only updates the order with records of the
    payments": each payment is stored as sent (plus ``id`` and dates) — a repeat call
    records the payments again. A ``membershipPaymentDetails`` payment recorded here takes
    no credit. The order's ``paymentStatus`` is recomputed only when
    ``Switches.add_payment_marks_order_paid`` (Open question 2). Returns the new ids.
    """
    order = _order(site, order_id)
    now = site.stamp()
    added = []
    for index, given in enumerate(payments):
        where = f"payments[{index}]"
        if not isinstance(given, dict):
            raise errors.invalid(where, "must be an object")
        if not isinstance(given.get("amount"), dict) or given["amount"].get("amount") in (None, ""):
            raise errors.required(f"{where}.amount.amount")
        _amount(given["amount"], f"{where}.amount.amount")
        if given.get("status") is not None and given["status"] not in PAYMENT_STATUSES:
            raise errors.invalid(f"{where}.status", "is not a payment status", "ENUM")
        payment = copy.deepcopy(given)
        payment["id"] = site.ids.guid()
        payment["amount"] = _price(site, _amount(given["amount"]))
        payment.setdefault("createdDate", now)
        payment["updatedDate"] = now
        added.append(payment)
    site.payments.setdefault(order_id, []).extend(added)
    if site.switches.add_payment_marks_order_paid:
        _recompute(site, order)
    return [p["id"] for p in added]


# -- charging memberships -----------------------------------------------------------------------
@dataclass(frozen=True)
class ChargeRequest:
    """One line to charge to one membership (order billing or payments collector)."""

    line_item_id: str
    app_id: str
    membership_id: str
    #: used only when the line is not a booking the sandbox knows (orders package body)
    service_id: str | None = None
    scheduled: str | None = None


def charge_memberships(
    site: Site, order_id: str, member_id: str, requests: list[ChargeRequest]
) -> list[dict[str, Any]]:
    """Charge Memberships (``POST /ecom/v1/order-billing/charge-memberships``) [ob], §7.3.

    404 ``ORDER_NOT_FOUND``; 428 ``MEMBERSHIP_NOT_ELIGIBLE`` with the SPI reason in ``data``
    (``errorType`` + its payload) when the plan is unknown or not the member's, does not
    cover the service, has not started or has ended at the session date (or by status), or
    is out of credits. A line already charged (a live membership payment exists) is refused
    with 428 ``MEMBERSHIP_NOT_ELIGIBLE`` (``errorType: MEMBERSHIP_ALREADY_CHARGED``) when
    ``Switches.charge_memberships_rejects_repeat``, else **charged again** (Open question 8).
    A canceled order: 428 ``ORDER_CANCELED`` (declared for Charge Order; not for this one).
    Payments come back ``APPROVED`` at once (Wix: "updated asynchronously"). All-or-nothing
    relies on the route's transaction.
    """
    order = _order(site, order_id)
    if order["status"] == "CANCELED":
        raise errors.FailedPrecondition("ORDER_CANCELED", "The order is canceled")
    made = []
    for request in requests:
        made.append(_charge_request(site, order, member_id, request))
    _recompute(site, order)
    return made


def _not_eligible(reason: plans.Ineligible, membership: str, line_id: str) -> errors.WixError:
    return errors.FailedPrecondition(
        "MEMBERSHIP_NOT_ELIGIBLE",
        reason.description,
        data={**reason.data(membership, line_id), "lineItemId": line_id},
    )


def _charge_request(
    site: Site, order: dict[str, Any], member_id: str, request: ChargeRequest
) -> dict[str, Any]:
    line = next((li for li in order["lineItems"] if li.get("id") == request.line_item_id), None)
    if line is None:
        reason = plans.Ineligible(
            "LINE_ITEM_NOT_FOUND",
            f"Order has no line {request.line_item_id}",
            {"lineItemNotFoundInfo": {"lineItemIds": [request.line_item_id]}},
        )
        raise _not_eligible(reason, request.membership_id, request.line_item_id)
    holding = None
    if request.app_id == PRICING_PLANS_APP_ID:
        holding = plans.find_holding(site, request.membership_id)
    if holding is None:
        raise _not_eligible(
            plans.not_found(request.membership_id), request.membership_id, request.line_item_id
        )
    live = next(
        (
            p
            for p in site.payments.get(order["id"], [])
            if (p.get("membershipPaymentDetails") or {}).get("lineItemId") == line["id"]
            and p.get("status") not in DEAD_PAYMENT
        ),
        None,
    )
    if live is not None and site.switches.charge_memberships_rejects_repeat:
        transaction = live["membershipPaymentDetails"].get("externalTransactionId")
        reason = plans.Ineligible(
            "MEMBERSHIP_ALREADY_CHARGED",
            "This line is already charged",
            {"membershipAlreadyCharged": {"transactionId": transaction}},
        )
        raise _not_eligible(reason, request.membership_id, line["id"])
    service_id, when, count = _line_context(site, line, request)
    return _charge_line(
        site,
        order,
        line["id"],
        holding,
        request.membership_id,
        member_id=member_id,
        service_id=service_id,
        when=when,
        count=count,
    )


def _line_context(
    site: Site, line: dict[str, Any], request: ChargeRequest
) -> tuple[str | None, datetime, int]:
    """Service, session date and participants of an order line: from its booking when the
    line is a Bookings item the sandbox knows (whatever the body says), else from the body
    (orders-package form), else unknown (no plan covers it)."""
    ref = line.get("catalogReference") or {}
    booking = None
    if ref.get("appId") == BOOKINGS_APP_ID:
        booking = site.bookings.get(ref.get("catalogItemId", ""))
    if booking is not None:
        return (
            booking["bookedEntity"]["slot"]["serviceId"],
            parse_iso(booking["startDate"]),
            int(booking.get("totalParticipants") or 1),
        )
    when = parse_iso(request.scheduled) if request.scheduled else site.now()
    return request.service_id, when, 1


def _charge_line(
    site: Site,
    order: dict[str, Any],
    line_id: str,
    holding: plans.Holding,
    membership: str,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int,
) -> dict[str, Any]:
    """Take the credit and record the membership payment for the line's full price."""
    try:
        taken = plans.charge(
            site,
            holding,
            member_id=member_id,
            service_id=service_id,
            when=when,
            count=count,
            order_id=order["id"],
            line_item_id=line_id,
        )
    except plans.NotEligible as exc:
        raise _not_eligible(exc.reason, membership, line_id) from exc
    line = next(li for li in order["lineItems"] if li.get("id") == line_id)
    amount = _amount(line.get("lineItemPrice") or line.get("price"))
    now = site.stamp()
    payment = {
        "id": site.ids.guid(),
        "createdDate": now,
        "updatedDate": now,
        "amount": _price(site, amount),
        "refundDisabled": False,
        "status": "APPROVED",
        "membershipPaymentDetails": {
            "membershipId": membership,
            "lineItemId": line_id,
            "status": "CHARGED",
            "name": {"original": holding.plan["name"], "translated": holding.plan["name"]},
            "externalTransactionId": taken["id"],
            "voided": False,
            "providerAppId": PRICING_PLANS_APP_ID,
        },
    }
    site.payments.setdefault(order["id"], []).append(payment)
    return payment


# -- what Bookings asks of ecom ------------------------------------------------------------------
def linked_order(site: Site, booking_id: str) -> dict[str, Any] | None:
    """The newest non-canceled order linked to the booking (checkout-created only)."""
    linked = [
        site.orders[oid]
        for oid, bid in site.order_links.items()
        if bid == booking_id and oid in site.orders and site.orders[oid]["status"] != "CANCELED"
    ]
    if not linked:
        return None
    return max(linked, key=lambda o: (o["createdDate"], int(o["number"])))


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
        _recompute(site, order, sync=False)
    return {
        "id": order["id"],
        "number": order["number"],
        "status": order["status"],
        "paymentStatus": order["paymentStatus"],
        "totalPrice": _price(site, _amount(order["priceSummary"]["total"])),
        "bookingPrice": _price(site, _amount(line.get("lineItemPrice") or line.get("price"))),
        "balance": _price(site, _amount(order["balanceSummary"]["balance"])),
        "currency": order.get("currency") or site.currency,
    }


def _membership_payments(site: Site, order_id: str) -> list[dict[str, Any]]:
    return [p for p in site.payments.get(order_id, []) if p.get("membershipPaymentDetails")]


def charged_membership_details(site: Site, booking_id: str) -> dict[str, Any] | None:
    """Extended Bookings ``transactions.chargedMembershipPaymentDetails`` [xb]:
    ``{name, expirationDate, credits {total, remaining}}`` of the plan that paid the linked
    order (credits omitted for an unlimited plan, expirationDate for an open-ended one)."""
    order = linked_order(site, booking_id)
    if order is None:
        return None
    for payment in _membership_payments(site, order["id"]):
        if payment.get("status") != "APPROVED":
            continue
        transaction = payment["membershipPaymentDetails"].get("externalTransactionId")
        taken = plans.redemption(site, transaction)
        holding = plans.holding_of_pool_id(site, taken["poolId"]) if taken else None
        if holding is None:
            continue
        details: dict[str, Any] = {
            "name": {"original": holding.plan["name"], "translated": holding.plan["name"]}
        }
        if holding.order.get("endDate"):
            details["expirationDate"] = holding.order["endDate"]
        credits = plans.credits_view(holding)
        if credits is not None:
            details["credits"] = credits
        return details
    return None


def on_booking_canceled(
    site: Site, booking: dict[str, Any], *, with_refund: bool, waive_charges: bool
) -> None:
    """Cancel Booking's effect on the linked order (wix-ecom.md §8, wix-bookings.md §5.6).

    ``with_refund``: "refund only if refundable — currently = paid with a membership": each
    charged membership payment becomes ``VOIDED`` and its credit comes back. ``waive_charges``:
    an order that is ``NOT_PAID``/``PARTIALLY_PAID`` with a positive balance, all of whose
    lines are Bookings items, is ``CANCELED`` (booking fees and extra fees are not
    simulated). A cash payment is never touched.
    """
    order = linked_order(site, booking["id"])
    if order is None:
        return
    if with_refund:
        voided = False
        for payment in _membership_payments(site, order["id"]):
            if payment.get("status") != "APPROVED":
                continue
            details = payment["membershipPaymentDetails"]
            plans.refund(site, details.get("externalTransactionId", ""))
            payment["status"] = "VOIDED"
            details.update(status="VOIDED", voided=True)
            payment["updatedDate"] = site.stamp()
            voided = True
        if voided:
            _recompute(site, order, sync=False)
    all_bookings = all(
        (li.get("catalogReference") or {}).get("appId") == BOOKINGS_APP_ID
        for li in order["lineItems"]
    )
    balance = _amount((order.get("balanceSummary") or {}).get("balance"))
    if (
        waive_charges
        and all_bookings
        and balance > 0
        and order["paymentStatus"] in ("NOT_PAID", "PARTIALLY_PAID")
    ):
        order["status"] = "CANCELED"
        order["updatedDate"] = site.stamp()
        order["activities"].append(_activity(site, "ORDER_CANCELED"))
        site.pending_paid.pop(order["id"], None)


# -- seed ---------------------------------------------------------------------------------------
def seed_order_for_booking(site: Site, booking_id: str, *, paid_online: bool) -> dict[str, Any]:
    """What the site's own booking flow leaves behind for a booking made on the web: a
    ``WEB`` checkout and its order (linked; booking confirmed). ``paid_online`` adds an
    approved online card payment for the total (order ``APPROVED``/``PAID``)."""
    booking = _bookings().get_booking(site, booking_id)
    checkout = create_checkout(
        site,
        channel_type="WEB",
        line_items=[
            {
                "quantity": 1,
                "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": booking_id},
            }
        ],
        checkout_info={"buyerInfo": {"email": (booking.get("contactDetails") or {}).get("email")}},
    )
    order = create_order_from_checkout(site, checkout["id"])
    if paid_online:
        now = site.stamp()
        site.payments[order["id"]].append(
            {
                "id": site.ids.guid(),
                "createdDate": now,
                "updatedDate": now,
                "amount": _price(site, _amount(order["priceSummary"]["total"])),
                "refundDisabled": False,
                "status": "APPROVED",
                "regularPaymentDetails": {
                    "offlinePayment": False,
                    "status": "APPROVED",
                    "paymentOrderId": site.ids.guid(),
                    "gatewayTransactionId": site.ids.guid(),
                },
            }
        )
        _recompute(site, order)
    return order
