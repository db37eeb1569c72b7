"""How this site lets code record cash and charge plans (found by ``wixsync doctor`` or at
run time, and remembered in the state database)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sync.state import Journal


class CashVia(StrEnum):
    MARK_AS_PAID = "mark_as_paid"  # payments-collector mark-as-paid (CASH), bulk ≤ 100
    ADD_PAYMENT = "add_payment"  # order transactions add-payment, after checking payments


class PlanVia(StrEnum):
    CHECKOUT = "checkout"  # booking MEMBERSHIP, plan selected on the checkout
    ORDER_BILLING = "order_billing"  # booking OFFLINE, order-billing charge-memberships


class MembershipId(StrEnum):
    ORDER = "order"  # the pricing-plans order id
    POOL = "pool"  # the benefit-programs pool id


@dataclass
class Strategies:
    cash: CashVia = CashVia.MARK_AS_PAID
    plan: PlanVia = PlanVia.CHECKOUT
    membership_id: MembershipId = MembershipId.ORDER

    @classmethod
    def load(cls, journal: Journal) -> Strategies:
        return cls(
            cash=CashVia(journal.setting("strategy.cash", CashVia.MARK_AS_PAID)),
            plan=PlanVia(journal.setting("strategy.plan", PlanVia.CHECKOUT)),
            membership_id=MembershipId(
                journal.setting("strategy.membership_id", MembershipId.ORDER)
            ),
        )

    def save(self, journal: Journal) -> None:
        journal.set_setting("strategy.cash", self.cash)
        journal.set_setting("strategy.plan", self.plan)
        journal.set_setting("strategy.membership_id", self.membership_id)
