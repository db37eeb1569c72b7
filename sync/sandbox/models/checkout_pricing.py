"""What a checkout computes: its booking lines, totals, and which selected plan pays which line.

Follows ``@wix/auto_sdk_ecom_checkout@1.0.174`` (wix-ecom.md §3.2–§3.3) and the ecom
Memberships SPI reasons (``plan_credits.Ineligible``).

* a checkout line is priced by the Bookings catalog from the booking and its service; its
  ``paymentOption`` follows the booking's ``selectedPaymentOption`` (inferred from the enum
  names): ``OFFLINE``→``FULL_PAYMENT_OFFLINE``, ``ONLINE``→``FULL_PAYMENT_ONLINE``,
  ``MEMBERSHIP``→``MEMBERSHIP``, ``MEMBERSHIP_OFFLINE``→``MEMBERSHIP_OFFLINE`` at price 0;
* ``payNow`` holds online lines and ``MEMBERSHIP`` lines no valid selection covers,
  ``payLater`` the offline ones; a selection error shows in
  ``calculationErrors.membershipError``.

Not simulated: taxes, discounts, catalog override fields, custom and varied service rates,
catalog items of other apps.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import bookings, plan_credits, plans, prices
from sync.sandbox.models.services import service_of
from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID, Site, parse_iso

#: booking ``selectedPaymentOption`` -> checkout line ``paymentOption`` (inferred, §3.2)
LINE_PAYMENT_OPTION = {
    "OFFLINE": "FULL_PAYMENT_OFFLINE",
    "ONLINE": "FULL_PAYMENT_ONLINE",
    "MEMBERSHIP": "MEMBERSHIP",
    "MEMBERSHIP_OFFLINE": "MEMBERSHIP_OFFLINE",
    "UNDEFINED": "FULL_PAYMENT_ONLINE",  # "FULL_PAYMENT_ONLINE (default)" [co]
}
ONLINE_OPTIONS = ("FULL_PAYMENT_ONLINE", "DEPOSIT_ONLINE")


def bookings_reference(given: dict[str, Any], where: str) -> dict[str, Any]:
    """A line's ``catalogReference``, which must name a Bookings item (the booking); the
    catalog override fields are not simulated. Checkout v1 lines and Cart V2 items alike."""
    ref = given.get("catalogReference")
    if not isinstance(ref, dict):
        raise errors.required(f"{where}.catalogReference")
    for name in ("catalogItemId", "appId"):
        if not ref.get(name) or not isinstance(ref[name], str):
            raise errors.required(f"{where}.catalogReference.{name}")
    if ref["appId"] != BOOKINGS_APP_ID:
        raise errors.invalid(
            f"{where}.catalogReference.appId",
            f"catalog items of apps other than Bookings {errors.NOT_SIMULATED}",
            "NOT_SIMULATED",
        )
    if given.get("catalogOverrideFields"):
        raise errors.invalid(
            f"{where}.catalogOverrideFields", errors.NOT_SIMULATED, "NOT_SIMULATED"
        )
    return ref


def booking_line(site: Site, given: Any, index: int) -> dict[str, Any]:
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
    ref = bookings_reference(given, where)
    booking = bookings.get_booking(site, ref["catalogItemId"])
    service = service_of(site, booking)
    option = LINE_PAYMENT_OPTION.get(
        booking.get("selectedPaymentOption") or "UNDEFINED", "FULL_PAYMENT_ONLINE"
    )
    participants = int(booking.get("totalParticipants") or 1)
    unit = Decimal(0) if option == "MEMBERSHIP_OFFLINE" else service_price(service)
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
        "price": prices.mc_price(site, price),
        "lineItemPrice": prices.mc_price(site, total),
        "fullPrice": prices.mc_price(site, price),
        "priceBeforeDiscounts": prices.mc_price(site, price),
        "totalPriceAfterTax": prices.mc_price(site, total),
        "totalPriceBeforeTax": prices.mc_price(site, total),
        "taxDetails": {
            "taxableAmount": prices.mc_price(site, total),
            "taxRate": "0",
            "totalTax": prices.mc_price(site, Decimal(0)),
            "rateBreakdown": [],
        },
        "discount": prices.mc_price(site, Decimal(0)),
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


def service_price(service: dict[str, Any]) -> Decimal:
    """Services v2 ``payment``: a FIXED rate's ``fixed.price.value``; anything else is 0
    (custom and varied rates are not simulated)."""
    payment = service.get("payment") or {}
    if payment.get("rateType", "FIXED") != "FIXED":
        return Decimal(0)
    value = ((payment.get("fixed") or {}).get("price") or {}).get("value")
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


# -- membership selection -------------------------------------------------------------------------
@dataclass(frozen=True)
class Cover:
    """A selected membership that validly pays for a line."""

    holding: plans.Holding
    membership_id: str


def session_start(line: dict[str, Any]) -> datetime:
    """When the line's session starts (what a plan's validity is judged by)."""
    return parse_iso(line["serviceProperties"]["scheduledDate"])


def _evaluate_selection(
    site: Site, checkout: dict[str, Any]
) -> tuple[dict[str, Cover], tuple[str, plan_credits.Ineligible, str] | None]:
    """Which lines a selected membership validly covers, and the first selection error
    ``(membershipId, reason, lineItemId)``.

    Stance: when ``Switches.checkout_lists_eligible_memberships`` is off (ecom does not know
    the API-key buyer's memberships, Open question 4) or the buyer is no member, any
    selection is ``MEMBERSHIP_NOT_FOUND``; the client must use Charge Memberships instead.
    """
    member_id = checkout["buyerInfo"].get("memberId")
    lines = {line["id"]: line for line in checkout["lineItems"]}
    covered: dict[str, Cover] = {}
    first_error: tuple[str, plan_credits.Ineligible, str] | None = None
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
                covered[line_id] = Cover(holding, entry["id"])
            elif reason is not None and first_error is None:
                first_error = (entry["id"], reason, line_id)
    return covered, first_error


def _line_reason(
    site: Site,
    holding: plans.Holding | None,
    membership: str,
    line: dict[str, Any],
    member_id: str | None,
    covered: dict[str, Cover],
) -> plan_credits.Ineligible | None:
    if holding is None:
        return plan_credits.not_found(membership)
    if line["id"] in covered:
        return plan_credits.Ineligible(
            "MEMBERSHIP_SELECTION_INVALID",
            "Only one membership can pay for a line item",
            {"membershipSelectionInvalidReason": "LINE_ITEM_ALREADY_SELECTED"},
        )
    if line["paymentOption"] != "MEMBERSHIP":
        return plan_credits.Ineligible(
            "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS",
            f"Line {line['id']} is paid {line['paymentOption']}, not with a membership",
            {
                "membershipCannotBeUsedForLineItemsInfo": {
                    "lineItems": [{"lineItemId": line["id"], "reason": line["paymentOption"]}]
                }
            },
        )
    return plan_credits.check(
        site,
        holding,
        member_id=member_id,
        service_id=line["rootCatalogItemId"],
        when=session_start(line),
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
            line["id"]: plan_credits.check(
                site,
                holding,
                member_id=member_id,
                service_id=line["rootCatalogItemId"],
                when=session_start(line),
                count=line["serviceProperties"]["numberOfParticipants"],
            )
            for line in lines
        }
        ok = [line_id for line_id, reason in reasons.items() if reason is None]
        if ok:
            eligible.append(plan_credits.membership_view(site, holding, ok))
        else:
            first = next(r for r in reasons.values() if r is not None)
            invalid.append(
                {
                    "membership": plan_credits.membership_view(site, holding, []),
                    "reason": first.error_type,
                }
            )
    return eligible, invalid


def calculate(site: Site, checkout: dict[str, Any]) -> dict[str, Cover]:
    """Recompute totals, payNow/payLater, membership lists and calculation errors."""
    covered, error = _evaluate_selection(site, checkout)
    subtotal = pay_now = pay_later = Decimal(0)
    for line in checkout["lineItems"]:
        total = prices.amount(line["lineItemPrice"])
        subtotal += total
        option = line["paymentOption"]
        if option in ONLINE_OPTIONS or (option == "MEMBERSHIP" and line["id"] not in covered):
            pay_now += total
        elif option == "FULL_PAYMENT_OFFLINE":
            pay_later += total
    checkout["priceSummary"] = prices.summary(site, subtotal)
    checkout["payNow"] = prices.summary(site, pay_now)
    checkout["payLater"] = prices.summary(site, pay_later)
    checkout["payNowTotalAfterGiftCard"] = prices.mc_price(site, pay_now)
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
