"""The rehearsal's money steps: cash (mark as paid, else Add Payments after checking the
order's transactions) and a plan (Charge Memberships with the plan's order id, else its
pool id; then the charge watched until Wix settles it)."""

from __future__ import annotations

from typing import Any

from sync import words
from sync.doctor.probes import BILLING, CASH
from sync.doctor.report import Answer, Verdict, judge
from sync.doctor.seat import Plan, Seat, Stop
from sync.doctor.steps import Steps
from sync.flows.strategy import CashVia, MembershipId
from sync.wix import WixAPIError, WixError
from sync.wix.enums import PRICING_PLANS_APP_ID

CASH_METHOD = {"predefined": "CASH"}
SETTLED = ("APPROVED", "DECLINED", "CANCELED", "VOIDED", "REFUNDED")


class MoneySteps(Steps):
    def pay_cash(self, seat: Seat) -> None:
        order_id = seat.order_id or ""
        via = CashVia.MARK_AS_PAID
        try:
            self.client.mark_as_paid(order_id, CASH_METHOD)
        except WixAPIError as exc:
            answer, detail = judge(exc)
            if exc.code == "ORDER_ALREADY_PAID":
                pass
            elif answer == Answer.REFUSED:
                via = CashVia.ADD_PAYMENT
                self.step(
                    "mark as paid",
                    Verdict.WARN,
                    f"{detail}; trying Add Payments",
                    f"Give the key {CASH[0][1].permission} so cash is marked paid at once.",
                )
            else:
                raise self.refused("cash payment", exc, CASH[0][1].permission) from None
        except WixError as exc:
            raise self.refused("cash payment", exc, CASH[0][1].permission) from None
        self.report.learn("cash", via)
        if via == CashVia.ADD_PAYMENT:
            try:
                transactions = self.client.list_transactions(order_id)
                if not _offline_payment(transactions):
                    self.client.add_offline_payment(order_id, seat.amount, CASH_METHOD)
            except WixError as exc:
                grant = f"{CASH[0][1].permission} or {CASH[1][1].permission}"
                raise self.refused("cash payment", exc, grant) from None
        seat.cash_recorded = True
        how = via.value.replace("_", " ")
        if self.shows_paid(order_id):
            self.step(
                "cash payment", Verdict.OK, f"recorded by {how}; order {seat.order_number} paid"
            )
        elif via == CashVia.MARK_AS_PAID:
            self.step(
                "cash payment",
                Verdict.WARN,
                f"Wix took mark as paid, but order {seat.order_number} still shows unpaid after "
                f"{self.reads} reads",
                "Wix may be slow to show it: look at the order in the dashboard in a minute.",
            )
        else:
            self.step(
                "cash payment",
                Verdict.WARN,
                f"Add Payments recorded the cash, but Wix still shows order {seat.order_number} "
                "unpaid: on this site, cash rows will look unpaid in Wix",
                f"Give the key {CASH[0][1].permission}, or mark such orders paid in the Wix "
                "dashboard.",
            )

    def shows_paid(self, order_id: str) -> bool:
        for read in range(self.reads):
            if self.client.get_order(order_id).get("paymentStatus") == "PAID":
                return True
            if read + 1 < self.reads:
                self.sleep(self.pause)
        return False

    def charge(self, seat: Seat, plan: Plan) -> None:
        order_id = seat.order_id or ""
        tries = [(MembershipId.ORDER, str(plan.order["id"]))]
        if plan.pool:
            tries.append((MembershipId.POOL, str(plan.pool["id"])))
        used = None
        for kind, membership_id in tries:
            try:
                self.client.charge_membership(
                    order_id, plan.member_id, seat.line_item_id, membership_id, PRICING_PLANS_APP_ID
                )
                used = kind
                break
            except WixAPIError as exc:
                if exc.code != "MEMBERSHIP_NOT_ELIGIBLE":
                    raise self.refused("plan charge", exc, BILLING.permission) from None
                if _membership_not_found(exc):
                    continue
                self.report.learn("membership_id", kind)  # the id was known; the plan can't pay
                reason = exc.data.get("errorType") or exc.data.get("reason") or exc.code
                self.step(
                    "plan charge",
                    Verdict.WARN,
                    f"{plan.name} cannot pay for this class ({reason})",
                    "Check the member's plan in Wix (sessions left, dates, classes it covers), "
                    "or rehearse with another member.",
                )
                raise Stop("plan charge") from None
            except WixError as exc:
                raise self.refused("plan charge", exc, BILLING.permission) from None
        if used is None:
            self.step(
                "plan charge",
                Verdict.FAIL,
                "Wix knows neither the plan's order id nor its credit pool id as a membership",
                "Tell the wixsync maintainers: plan rows cannot be charged on this site yet.",
            )
            raise Stop("plan charge")
        self.report.learn("membership_id", used)
        which = "pricing-plans order id" if used == MembershipId.ORDER else "credit pool id"
        self.step("plan id", Verdict.OK, f"Wix takes the plan's {which} as the membership")
        self.settled(seat, plan)

    def settled(self, seat: Seat, plan: Plan) -> None:
        """Charge Memberships answers before Wix settles the charge: read the order's
        transactions until the membership payment is APPROVED or DECLINED (bounded)."""
        status = "PENDING"
        for read in range(self.reads):
            payments = self.client.list_transactions(seat.order_id or "").get("payments", [])
            mine = [
                p
                for p in payments
                if (p.get("membershipPaymentDetails") or {}).get("lineItemId") == seat.line_item_id
            ]
            status = str(mine[-1].get("status") or "PENDING") if mine else "PENDING"
            if status in SETTLED:
                break
            if read + 1 < self.reads:
                self.sleep(self.pause)
        if status == "APPROVED":
            paid = self.shows_paid(seat.order_id or "")
            self.step(
                "plan charge",
                Verdict.OK if paid else Verdict.WARN,
                f"{plan.name} charged; Wix approved it"
                + (
                    f"; order {seat.order_number} paid"
                    if paid
                    else "; the order still shows unpaid"
                ),
                "" if paid else "Look at the order in the Wix dashboard in a minute.",
            )
        elif status in SETTLED:
            self.step(
                "plan charge",
                Verdict.WARN,
                f"Wix {words.wix_state(status)} the charge to {plan.name}; order "
                f"{seat.order_number} stays unpaid",
                "Check the member's plan in Wix (sessions left, dates, classes it covers).",
            )
        else:
            self.step(
                "plan charge",
                Verdict.WARN,
                f"Wix had not settled the charge to {plan.name} after {self.reads} reads",
                "Nothing to do now: the daemon keeps checking a charge Wix has not settled.",
            )

    def credits(self, plan: Plan) -> str | None:
        if plan.pool is None:
            return None
        try:
            amount = self.client.balance(str(plan.pool["id"])).get("amount") or {}
        except WixError:
            return None
        return None if amount.get("available") is None else str(amount["available"])

    def credits_back(self, plan: Plan, before: str | None) -> None:
        after = self.credits(plan)
        if before is not None and after != before:
            self.leave(
                f"{plan.name} had {before} sessions left before the rehearsal and has {after} "
                "now: give the session back in the member's plan in Wix",
                serious=True,
            )


def _offline_payment(transactions: dict[str, Any]) -> bool:
    return any(
        (p.get("regularPaymentDetails") or {}).get("offlinePayment")
        and p.get("status") == "APPROVED"
        for p in transactions.get("payments", [])
    )


def _membership_not_found(exc: WixAPIError) -> bool:
    return (
        exc.data.get("errorType") == "MEMBERSHIP_NOT_FOUND"
        or "not found" in exc.description.lower()
    )
