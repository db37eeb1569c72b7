"""The row flows: one attendee → the right Wix state, exactly once."""

from __future__ import annotations

from sync.flows.attendee import Attendee, Payment
from sync.flows.runner import RowFlows
from sync.flows.strategy import CashVia, MembershipId, PlanVia, Strategies
from sync.flows.task import RowOutcome

__all__ = [
    "Attendee",
    "CashVia",
    "MembershipId",
    "Payment",
    "PlanVia",
    "RowFlows",
    "RowOutcome",
    "Strategies",
]
