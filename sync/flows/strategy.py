"""How this site lets code place orders, record in-person payments and charge plans.

Found by ``wixsync doctor`` (its probes and ``--rehearse``) or at run time, and remembered
in the state database. A strategy changes only on evidence: a permission refusal (403) or a
path the site does not serve (404 without a Wix application error), never a 404 about one
order, a timeout or an unreachable Wix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sync.removals import CHECKOUT_V1_REMOVAL
from sync.state import Journal
from sync.words import old_checkout_until


class OrderVia(StrEnum):
    CART_V2 = "cart_v2"  # create cart → place order (the order path)
    CHECKOUT_V1 = "checkout_v1"  # fallback a probe chose; never on/after CHECKOUT_V1_REMOVAL


class CashVia(StrEnum):
    MARK_AS_PAID = "mark_as_paid"  # payments-collector mark-as-paid, one order a call
    ADD_PAYMENT = "add_payment"  # order transactions add-payment, after checking payments


class MembershipId(StrEnum):
    ORDER = "order"  # the pricing-plans order id
    POOL = "pool"  # the benefit-programs pool id


@dataclass
class Strategies:
    order: OrderVia = OrderVia.CART_V2
    cash: CashVia = CashVia.MARK_AS_PAID
    #: which id Charge Memberships takes as ``membershipId``: unknown until a charge (or
    #: the doctor's rehearsal) was answered; then remembered
    membership_id: MembershipId | None = None
    #: while ``order`` is the old checkout: the day an order last tried Cart V2 again
    cart_retried_on: date | None = None

    @classmethod
    def load(cls, journal: Journal) -> Strategies:
        kind = journal.setting("strategy.membership_id.v2", "")
        return cls(
            order=OrderVia(journal.setting("strategy.order", OrderVia.CART_V2)),
            cash=CashVia(journal.setting("strategy.cash", CashVia.MARK_AS_PAID)),
            membership_id=MembershipId(kind) if kind else None,
            cart_retried_on=_day(journal.setting("strategy.order.cart_retried_on", "")),
        )

    def save(self, journal: Journal) -> None:
        retried = self.cart_retried_on.isoformat() if self.cart_retried_on else ""
        journal.set_settings(
            {
                "strategy.order": self.order,
                "strategy.cash": self.cash,
                "strategy.membership_id.v2": self.membership_id or "",
                "strategy.order.cart_retried_on": retried,
            }
        )

    def order_path(self, today: date) -> OrderVia:
        """Checkout v1 only before its removal date; Cart V2 otherwise."""
        if self.order == OrderVia.CHECKOUT_V1 and today < CHECKOUT_V1_REMOVAL:
            return OrderVia.CHECKOUT_V1
        return OrderVia.CART_V2


def old_checkout_said(journal: Journal, today: date) -> str | None:
    """The owner's warning while orders go through the old checkout; None otherwise."""
    if Strategies.load(journal).order_path(today) != OrderVia.CHECKOUT_V1:
        return None
    return old_checkout_until(CHECKOUT_V1_REMOVAL, today)


#: how many times the owner has had the site checked (``wixsync doctor``), or the daemon
#: found the key allowed what it refused: a row refused for something in Wix or the key
#: (:attr:`sync.flows.problems.RowProblem.site_side`) is tried again once this has grown
SITE_CHECKS = "site.checks"


def site_checks(journal: Journal) -> int:
    try:
        return int(journal.setting(SITE_CHECKS, "0") or 0)
    except ValueError:
        return 0


def site_checked(journal: Journal) -> None:
    """The site may allow now what it refused: rows waiting for a fix in Wix go again."""
    journal.set_setting(SITE_CHECKS, str(site_checks(journal) + 1))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
