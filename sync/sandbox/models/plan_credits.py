"""What a plan a member holds can pay for, and taking and giving back its credits.

The ecom Memberships SPI (``@wix/auto_sdk_ecom_memberships``) gives the reasons a membership
cannot be charged; a charge is a benefit-programs "redeem" transaction, a refund its
"cancel redemption". See wix-ecom.md §7; the holdings are :mod:`.plans`.

Rules enforced (the ones that bit real users):

* a charge takes ``price × participants`` credits (one credit for one swimmer) exactly once
  per charge, and is refused when the balance is short (``OUT_OF_CREDITS``), when the
  session date is outside ``[startDate, endDate)`` or the pool is not ``ACTIVE``
  (``NOT_STARTED_YET`` / ``ENDED``), when the plan does not cover the service
  (``MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS``), or when the membership is unknown or not
  the member's (``MEMBERSHIP_NOT_FOUND``). Reason names and data shapes are the Memberships
  SPI's ``MembershipCannotBeChargedError`` / ``MembershipInvalidSelectionError``;
* a refund gives the credits back once.

Not simulated: ``check-eligibility``, ``redeem`` / ``cancel-redemption`` as endpoints,
reserved balances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sync.sandbox.models.plans import Holding, holding_of_pool_id, membership_id
from sync.sandbox.models.site import BOOKINGS_APP_ID, PRICING_PLANS_APP_ID, Site, iso, parse_iso


# -- eligibility ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Ineligible:
    """Why a membership cannot pay for an item, in the Memberships SPI's words.

    ``error_type`` is a ``MembershipCannotBeChargedType`` (``OUT_OF_CREDITS``,
    ``NOT_STARTED_YET``, ``ENDED``) or a ``MembershipErrorType`` (``MEMBERSHIP_NOT_FOUND``,
    ``MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS``, ``MEMBERSHIP_SELECTION_INVALID``,
    ``LINE_ITEM_NOT_FOUND``); ``detail`` is the matching one-of payload.
    """

    error_type: str
    description: str
    detail: dict[str, Any] = field(default_factory=dict)

    def data(
        self, membership: str | None = None, line_item_id: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"errorType": self.error_type, **self.detail}
        if membership:
            body["membershipId"] = membership
        if line_item_id and self.error_type in ("OUT_OF_CREDITS", "NOT_STARTED_YET", "ENDED"):
            body["lineItemId"] = line_item_id
        return body


def not_found(membership: str) -> Ineligible:
    return Ineligible("MEMBERSHIP_NOT_FOUND", f"Membership {membership} not found for this member")


def check(
    site: Site,
    holding: Holding,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int = 1,
) -> Ineligible | None:
    """Can ``holding`` pay for ``count`` participants of ``service_id`` on ``when``?

    Checked in this order: the member's, covers the service, dates *and* status, credits.
    A ``PAUSED`` pool has no SPI reason; the sandbox answers ``MEMBERSHIP_SELECTION_INVALID``
    with ``membershipSelectionInvalidReason: "POOL_NOT_ACTIVE"`` (benefit programs' word).
    """
    if member_id is None or holding.member_id != member_id:
        return not_found(membership_id(site, holding))
    if service_id not in holding.plan["serviceIds"]:
        return Ineligible(
            "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS",
            f"{holding.plan['name']} does not cover this service",
        )
    start = parse_iso(holding.order["startDate"])
    end_text = holding.order.get("endDate")
    status = holding.pool["status"]
    if status == "PENDING" or when < start:
        starts = holding.order["startDate"]
        return Ineligible(
            "NOT_STARTED_YET",
            f"{holding.plan['name']} starts {starts}",
            {"notStartedYet": {"membershipStartDate": starts}},
        )
    if status == "ENDED" or (end_text is not None and when >= parse_iso(end_text)):
        ended = end_text or holding.order["updatedDate"]
        return Ineligible(
            "ENDED", f"{holding.plan['name']} ended {ended}", {"ended": {"endDate": ended}}
        )
    if status != "ACTIVE":
        return Ineligible(
            "MEMBERSHIP_SELECTION_INVALID",
            f"{holding.plan['name']} is {status}",
            {"membershipSelectionInvalidReason": "POOL_NOT_ACTIVE"},
        )
    required = holding.cost * count
    if not holding.unlimited and holding.remaining < required:
        return Ineligible(
            "OUT_OF_CREDITS",
            f"{holding.plan['name']} has {holding.remaining} credit(s) left, {required} needed",
            {"outOfCredits": {"required": required, "remaining": holding.remaining}},
        )
    return None


def credits_view(holding: Holding) -> dict[str, int] | None:
    """``{total, remaining}`` for a credit pack; ``None`` for an unlimited plan."""
    if holding.unlimited:
        return None
    return {"total": int(holding.plan["credits"]), "remaining": holding.remaining}


def membership_view(site: Site, holding: Holding, line_item_ids: list[str]) -> dict[str, Any]:
    """A checkout ``Membership`` [co]: ``{id, appId, name, lineItemIds, credits,
    expirationDate}``."""
    view: dict[str, Any] = {
        "id": membership_id(site, holding),
        "appId": PRICING_PLANS_APP_ID,
        "name": {"original": holding.plan["name"], "translated": holding.plan["name"]},
        "lineItemIds": list(line_item_ids),
    }
    credits = credits_view(holding)
    if credits is not None:
        view["credits"] = credits
    if holding.order.get("endDate"):
        view["expirationDate"] = holding.order["endDate"]
    return view


# -- charging and refunding ----------------------------------------------------------------
class NotEligible(Exception):
    def __init__(self, reason: Ineligible) -> None:
        super().__init__(reason.description)
        self.reason = reason


def charge(
    site: Site,
    holding: Holding,
    *,
    member_id: str | None,
    service_id: str | None,
    when: datetime,
    count: int = 1,
    order_id: str,
    line_item_id: str,
) -> dict[str, Any]:
    """Take the credits for one booking line: a benefit "redeem" transaction.

    Re-checks eligibility (raises :class:`NotEligible`). Unlimited plans record a redemption
    of ``"0"`` and leave the balance alone. Returns the redemption (``id`` = the transaction
    id that ecom shows as ``membershipPaymentDetails.externalTransactionId``).
    """
    reason = check(
        site, holding, member_id=member_id, service_id=service_id, when=when, count=count
    )
    if reason is not None:
        raise NotEligible(reason)
    amount = 0 if holding.unlimited else holding.cost * count
    redemption = {
        "id": site.ids.guid(),
        "type": "REDEEM",
        "poolId": holding.pool["id"],
        "memberId": holding.member_id,
        "amount": str(amount),
        "itemReference": {
            "externalId": service_id,
            "providerAppId": BOOKINGS_APP_ID,
            "category": "",
        },
        "targetDate": iso(when),
        "orderId": order_id,
        "lineItemId": line_item_id,
        "canceled": False,
        "createdDate": site.stamp(),
    }
    _move(site, holding, -amount, redemption["id"])
    site.redemptions.append(redemption)
    return redemption


def refund(site: Site, transaction_id: str) -> bool:
    """Give back the credits of one redemption (a "cancel redemption"). Returns ``False`` when
    there is nothing to give back (unknown, or already given back)."""
    redemption = next(
        (r for r in site.redemptions if r["id"] == transaction_id and r["type"] == "REDEEM"), None
    )
    if redemption is None or redemption["canceled"]:
        return False
    holding = holding_of_pool_id(site, redemption["poolId"])
    redemption["canceled"] = True
    back = {
        "id": site.ids.guid(),
        "type": "CANCEL_REDEMPTION",
        "redemptionId": transaction_id,
        "poolId": redemption["poolId"],
        "memberId": redemption["memberId"],
        "amount": redemption["amount"],
        "createdDate": site.stamp(),
    }
    if holding is not None:
        _move(site, holding, int(redemption["amount"]), back["id"])
    site.redemptions.append(back)
    return True


def redemption(site: Site, transaction_id: str | None) -> dict[str, Any] | None:
    return next((r for r in site.redemptions if r["id"] == transaction_id), None)


def _move(site: Site, holding: Holding, delta: int, transaction_id: str) -> None:
    balance = holding.balance
    if delta:
        balance["amount"]["available"] = str(int(Decimal(balance["amount"]["available"])) + delta)
        balance["revision"] = str(int(balance["revision"]) + 1)
    balance["updatedDate"] = site.stamp()
    balance["lastTransactionId"] = transaction_id
