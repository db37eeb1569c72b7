"""What a row asks for, once parsed: the input of the row flows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum


class Payment(StrEnum):
    CASH = "cash"  # paid in person: the order is marked paid (CASH)
    PLAN = "plan"  # charged to one of the attendee's pricing plans
    UNPAID = "unpaid"  # owes: the order stays NOT_PAID until someone pays
    CANCEL = "cancel"  # an explicit cancel: the booking is cancelled


@dataclass(frozen=True)
class Attendee:
    row_id: str
    first: str
    last: str
    email: str
    class_name: str
    session_date: date
    payment: Payment
    session_time: time | None = None
    plan: str | None = None
    #: True = came, False = did not come (no-show), None = not recorded
    attended: bool | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def external_id(self) -> str:
        """Stamped on the booking (``externalUserId``) so it can be found again by row."""
        return f"wixsync:{self.row_id}"
