"""The row flows: one attendee → the right Wix state, exactly once."""

from __future__ import annotations

from sync.flows.attendee import Attendee, Payment
from sync.flows.runner import RowFlows
from sync.flows.strategy import CHECKOUT_V1_REMOVAL, CashVia, MembershipId, OrderVia, Strategies
from sync.flows.task import RowOutcome

__all__ = [
    "CHECKOUT_V1_REMOVAL",
    "Attendee",
    "CashVia",
    "MembershipId",
    "OrderVia",
    "Payment",
    "RowFlows",
    "RowOutcome",
    "Strategies",
]
