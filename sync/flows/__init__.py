"""The row flows: one attendee → the right Wix state, exactly once.

The names below are imported when first used (PEP 562): importing one small module of the
package (``sync.flows.attendee``, say, for ``Payment``) does not load the row flows and the
Wix client with it — ``wixsync status`` needs neither.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.flows.attendee import Attendee, Payment
    from sync.flows.runner import RowFlows
    from sync.flows.strategy import (
        CHECKOUT_V1_REMOVAL,
        CashVia,
        MembershipId,
        OrderVia,
        Strategies,
    )
    from sync.flows.task import RowOutcome

_WHERE = {
    "Attendee": "attendee",
    "Payment": "attendee",
    "RowFlows": "runner",
    "CHECKOUT_V1_REMOVAL": "strategy",
    "CashVia": "strategy",
    "MembershipId": "strategy",
    "OrderVia": "strategy",
    "Strategies": "strategy",
    "RowOutcome": "task",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'sync.flows' has no attribute {name!r}")
    value = getattr(import_module(f"sync.flows.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


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
