"""What one rehearsal seat holds, and how a step that failed stops its chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.doctor.report import Check

Say = Callable[[Check], None]


class Stop(Exception):
    """A step failed and said why; the rest of this seat's chain is skipped (the undo is
    not)."""


@dataclass
class Seat:
    """One booking the rehearsal made, and what undoing it needs."""

    label: str  # "cash" or "plan"
    booking_id: str
    event_id: str
    by_plan: bool
    order_id: str | None = None
    order_number: str = ""
    line_item_id: str = ""
    amount: str = "0.00"
    cash_recorded: bool = False
    attended: bool = False


@dataclass(frozen=True)
class Plan:
    member_id: str
    order: dict[str, Any]  # the pricing-plans order
    pool: dict[str, Any] | None

    @property
    def name(self) -> str:
        return str(self.order.get("planName") or "the plan")


def due(order: dict[str, Any]) -> str:
    balance = ((order.get("balanceSummary") or {}).get("balance") or {}).get("amount")
    total = ((order.get("priceSummary") or {}).get("total") or {}).get("amount")
    return str(balance or total or "0.00")
