"""What a Cart V2 cart computes: its booking lines, their catalog state, the calculation
summary, its violations and the price verification token.

Follows ``@wix/auto_sdk_ecom_cart-v-2@1.0.203`` [cv2] (wix-2027.md §4, wix-ecom.md §4):

* a line is a booking priced by the Bookings catalog, as a checkout line is
  (:mod:`.checkout_pricing`): unit price = service price × participants, 0 for
  ``MEMBERSHIP_OFFLINE``; ``paymentConfig.paymentOption`` follows the booking's
  ``selectedPaymentOption`` (``OFFLINE``→``FULL_PAYMENT_OFFLINE``, ``MEMBERSHIP``→
  ``MEMBERSHIP``, ``MEMBERSHIP_OFFLINE``→``MEMBERSHIP_OFFLINE``, ``ONLINE``→
  ``FULL_PAYMENT_ONLINE``; inferred from the enum names) and is always present (the typings
  declare it non-nullable);
* ``status``: ``IN_STOCK``; ``OUT_OF_STOCK`` (``availableQuantity`` 0) once the booking is
  ``CANCELED``/``DECLINED``; ``REMOVED_FROM_CATALOG`` if the booking is gone. A booking the
  catalog never knew fails Create Cart with ``ITEM_NOT_FOUND_IN_CATALOG`` instead;
* ``payNow`` holds online lines and ``MEMBERSHIP`` lines (no plan is charged at place-order
  here), ``payLater`` the ``FULL_PAYMENT_OFFLINE`` ones;
* violations (severity ``ERROR``): ``EMPTY_CART``, ``LINE_ITEMS_OUT_OF_STOCK``, and
  ``INVALID_MEMBERSHIP_STATUS`` (``MEMBERSHIP_NOT_FOUND``) for every line with a
  ``membershipPayment``: an API-key cart has no member (``customerInfo.memberId`` is
  read-only), so the sandbox assumes Wix cannot validate the plan (wix-2027.md §4: membership
  on the cart is unproven). Plans are charged with order-billing after the order;
* ``priceVerificationToken`` seals the cart id, revision, total and pay-now amount: any
  change of the cart since the calculation makes it stale (Wix "recalculates the cart and
  compares the pricing token"; that a revision bump alone counts is the sandbox's stance).

Not simulated: taxes, discounts, coupons, gift cards, delivery, additional fees, deposits,
catalog override fields, custom items, catalog items of other apps, currency conversion.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from decimal import Decimal
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models.checkout_pricing import (
    LINE_PAYMENT_OPTION,
    ONLINE_OPTIONS,
    bookings_reference,
    service_price,
)
from sync.sandbox.models.services import service_of
from sync.sandbox.models.site import BOOKINGS_APP_ID, Site, money

MEMBERSHIP_OPTIONS = ("MEMBERSHIP", "MEMBERSHIP_OFFLINE")


def cm(site: Site, value: Decimal) -> dict[str, str]:
    """A Cart V2 ``ConvertedMoney`` (no conversion: converted = original)."""
    amount = money(value, site.currency)["amount"]
    return {"amount": amount, "convertedAmount": amount}


# -- lines ------------------------------------------------------------------------------------
def booking_line(site: Site, given: Any, index: int) -> dict[str, Any]:
    """One ``catalogItems[]`` entry (``CatalogItemInput``) made a cart line."""
    where = f"catalogItems[{index}]"
    if not isinstance(given, dict):
        raise errors.invalid(where, "must be an object")
    quantity = check_quantity(given.get("quantity"), f"{where}.quantity")
    ref = bookings_reference(given, where)
    if "selectedMembership" in given:  # removed 2026-06-22 [cv2 2797]
        raise errors.ValidationFailed(
            [(f"{where}.selectedMembership", "was removed: use membershipPayment", "UNKNOWN_FIELD")]
        )
    if ref["catalogItemId"] not in site.bookings:
        raise errors.FailedPrecondition(
            "ITEM_NOT_FOUND_IN_CATALOG",
            f"Bookings has no catalog item {ref['catalogItemId']}",
            data={"invalidItems": [{"catalogReference": copy.deepcopy(ref)}]},
        )
    reference = {"catalogItemId": ref["catalogItemId"], "appId": BOOKINGS_APP_ID}
    if ref.get("options"):
        reference["options"] = copy.deepcopy(ref["options"])
    line: dict[str, Any] = {
        "id": site.ids.guid(),
        "quantityInfo": {"requestedQuantity": quantity, "fixedQuantity": False},
        "source": {"catalogReference": reference},
        "deliveryConfig": {},
        "taxConfig": {"taxableAddress": {"addressType": "BUSINESS"}},
        "paymentConfig": {"savePaymentMethod": False},
        "modifierGroups": [],
        "discounts": [],
        "customLineItem": False,
    }
    refresh_line(site, line)
    if given.get("membershipPayment") is not None:
        set_membership(line, given["membershipPayment"], f"{where}.membershipPayment")
    return line


def check_quantity(quantity: Any, where: str) -> int:
    if quantity is None:
        raise errors.required(where)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 100000:
        raise errors.invalid(where, "must be an integer from 1 to 100000", "MIN")
    return quantity


def refresh_line(site: Site, line: dict[str, Any]) -> None:
    """What the Bookings catalog says about the line now: name, price, payment option,
    service properties and stock status."""
    booking = site.bookings.get(line["source"]["catalogReference"]["catalogItemId"])
    requested = line["quantityInfo"]["requestedQuantity"]
    if booking is None:
        line["status"] = "REMOVED_FROM_CATALOG"
        line["quantityInfo"].update(confirmedQuantity=requested, availableQuantity=0)
        line.setdefault("name", {"original": "Removed item", "translated": "Removed item"})
        line["paymentConfig"].setdefault("paymentOption", "FULL_PAYMENT_ONLINE")
        line.setdefault("pricing", _pricing(site, Decimal(0), requested))
        return
    service = service_of(site, booking)
    option = LINE_PAYMENT_OPTION.get(
        booking.get("selectedPaymentOption") or "UNDEFINED", "FULL_PAYMENT_ONLINE"
    )
    participants = int(booking.get("totalParticipants") or 1)
    unit = Decimal(0) if option == "MEMBERSHIP_OFFLINE" else service_price(service)
    available = booking["status"] not in ("CANCELED", "DECLINED")
    line["name"] = {"original": service["name"], "translated": service["name"]}
    line["pricing"] = _pricing(site, unit * participants, requested)
    line["source"]["rootCatalogItemId"] = service["id"]
    line["attributes"] = {
        "descriptionLines": [],
        "itemType": {"preset": "SERVICE"},
        "physicalProperties": {"shippable": False},
        "serviceProperties": {
            "scheduledDate": booking["startDate"],
            "numberOfParticipants": participants,
        },
        "membersOnly": False,
    }
    line["paymentConfig"]["paymentOption"] = option
    line["status"] = "IN_STOCK" if available else "OUT_OF_STOCK"
    line["quantityInfo"].update(
        confirmedQuantity=requested, availableQuantity=requested if available else 0
    )


def _pricing(site: Site, unit: Decimal, quantity: int) -> dict[str, Any]:
    return {
        "unitPrice": cm(site, unit),
        "totalPrice": cm(site, unit * quantity),
        "priceDescription": {
            "original": money(unit, site.currency)["formattedAmount"],
            "translated": money(unit, site.currency)["formattedAmount"],
        },
        "priceUndetermined": False,
        "breakdown": {
            "fullPrice": cm(site, unit),
            "salePrice": cm(site, unit),
            "totalModifiersPrice": cm(site, Decimal(0)),
        },
    }


def set_membership(line: dict[str, Any], given: Any, where: str) -> None:
    """``membershipPayment`` (``MembershipInput``): ``existingMembership {appId,
    membershipId}`` is stored as ``paymentConfig.membership``; an empty object removes it;
    ``futureMembership`` is not simulated. Only a ``MEMBERSHIP``/``MEMBERSHIP_OFFLINE`` line
    takes one: else 428 ``INVALID_MEMBERSHIP_PAYMENT_OPTION`` (status undocumented)."""
    if not isinstance(given, dict):
        raise errors.invalid(where, "must be an object")
    if not given:
        line["paymentConfig"].pop("membership", None)
        return
    if given.get("futureMembership"):
        raise errors.invalid(f"{where}.futureMembership", errors.NOT_SIMULATED, "NOT_SIMULATED")
    existing = given.get("existingMembership")
    if not isinstance(existing, dict):
        raise errors.required(f"{where}.existingMembership")
    for name in ("appId", "membershipId"):
        if not existing.get(name) or not isinstance(existing[name], str):
            raise errors.required(f"{where}.existingMembership.{name}")
    if line["paymentConfig"]["paymentOption"] not in MEMBERSHIP_OPTIONS:
        raise errors.FailedPrecondition(
            "INVALID_MEMBERSHIP_PAYMENT_OPTION",
            f"Line {line['id']} is paid {line['paymentConfig']['paymentOption']}, "
            "not with a membership",
            data={
                "invalidItems": [
                    {
                        "invalidItemId": {"lineItemId": line["id"]},
                        "selectedMembership": {
                            "id": existing["membershipId"],
                            "appId": existing["appId"],
                        },
                    }
                ]
            },
        )
    line["paymentConfig"]["membership"] = {
        "existingMembership": {
            "appId": existing["appId"],
            "membershipId": existing["membershipId"],
        }
    }


# -- calculation ------------------------------------------------------------------------------
def _amount(value: dict[str, Any]) -> Decimal:
    return Decimal(value["amount"])


def summary(site: Site, cart: dict[str, Any]) -> dict[str, Any]:
    """Calculate Cart ``summary`` [cv2 ``CartSummary``] for the cart as it is now."""
    lines = cart["lineItems"]
    total = pay_now = pay_later = Decimal(0)
    for line in lines:
        line_total = _amount(line["pricing"]["totalPrice"])
        total += line_total
        option = line["paymentConfig"]["paymentOption"]
        if option in ONLINE_OPTIONS or option == "MEMBERSHIP":
            pay_now += line_total
        elif option == "FULL_PAYMENT_OFFLINE":
            pay_later += line_total
    zero = cm(site, Decimal(0))
    memberships = [
        {
            "id": line["paymentConfig"]["membership"]["existingMembership"]["membershipId"],
            "appId": line["paymentConfig"]["membership"]["existingMembership"]["appId"],
            "lineItemIds": [line["id"]],
        }
        for line in lines
        if line["paymentConfig"].get("membership")
    ]
    return {
        "cartId": cart["id"],
        "cartRevision": cart["revision"],
        "calculationId": site.ids.guid(),
        "lineItems": [
            {
                "lineItemId": line["id"],
                "quantity": line["quantityInfo"]["confirmedQuantity"],
                "unitPrice": copy.deepcopy(line["pricing"]["unitPrice"]),
                "totalPrice": copy.deepcopy(line["pricing"]["totalPrice"]),
            }
            for line in lines
        ],
        "discounts": [],
        "additionalFees": [],
        "taxSummary": {
            "taxes": [],
            "pricesIncludeTax": False,
            "lineItemTaxes": [{"lineItemId": line["id"]} for line in lines],
            "additionalFeeTaxes": [],
        },
        "priceSummary": {
            "subtotal": cm(site, total),
            "discount": zero,
            "delivery": zero,
            "additionalFees": zero,
            "tax": zero,
            "total": cm(site, total),
        },
        "paymentSummary": {
            "giftCards": [],
            "memberships": memberships,
            "subscriptionCharges": [],
            "requiresPaymentAfterGiftCard": pay_now > 0,
            "totalAfterGiftCards": cm(site, total),
            "payNow": cm(site, pay_now),
            "payLater": cm(site, pay_later),
        },
        "priceVerificationToken": token(site, cart, total, pay_now),
        "violations": violations(cart),
    }


def violations(cart: dict[str, Any]) -> list[dict[str, Any]]:
    """The cart's business violations (all ``ERROR``: each blocks Place Order)."""
    lines = cart["lineItems"]
    found: list[dict[str, Any]] = []
    if not lines:
        found.append(_violation("EMPTY_CART", "GLOBAL", "The cart has no line items"))
    gone = [
        line["id"] for line in lines if line["status"] in ("OUT_OF_STOCK", "REMOVED_FROM_CATALOG")
    ]
    if gone:
        item = _violation("LINE_ITEMS_OUT_OF_STOCK", "LINE_ITEM", "A line item is not available")
        item["lineItemsOutOfStockData"] = {
            "lineItemIds": gone,
            "allLineItemsOutOfStock": len(gone) == len(lines),
        }
        found.append(item)
    for line in lines:
        membership = line["paymentConfig"].get("membership")
        if membership:
            item = _violation(
                "INVALID_MEMBERSHIP_STATUS",
                "MEMBERSHIP",
                "The membership cannot be validated: this cart has no member",
            )
            item["invalidMembershipStatusData"] = {
                "membershipId": membership["existingMembership"]["membershipId"],
                "reason": "MEMBERSHIP_NOT_FOUND",
            }
            found.append(item)
    return found


def _violation(code: str, scope: str, description: str) -> dict[str, Any]:
    return {"code": code, "scope": scope, "severity": "ERROR", "description": description}


def spi_view(violation: dict[str, Any]) -> dict[str, Any]:
    """A violation as ``ViolationsList.violations`` carries it (the Validations SPI shape:
    severity, target, description) in ``VIOLATIONS_WITH_ERROR_SEVERITY`` data."""
    return {
        "severity": violation["severity"],
        "target": {"other": {"name": "OTHER_DEFAULT"}},
        "description": f"{violation['code']}: {violation['description']}",
    }


# -- price verification token -----------------------------------------------------------------
def token(site: Site, cart: dict[str, Any], total: Decimal, pay_now: Decimal) -> str:
    payload = f"{cart['id']}|{cart['revision']}|{total}|{pay_now}"
    return _b64(payload) + "." + _sign(site, payload)


def token_cart_id(site: Site, given: str) -> str | None:
    """The cart id a token was made for, or ``None`` when it is not a token of this site."""
    body, _, signature = given.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not signature or signature != _sign(site, payload):
        return None
    return payload.split("|", 1)[0]


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _sign(site: Site, payload: str) -> str:
    return hashlib.sha256(f"{site.site_id}|{payload}".encode()).hexdigest()[:20]
