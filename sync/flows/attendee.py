"""What a row asks for, once parsed: the input of the row flows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum


class Payment(StrEnum):
    CASH = "cash"  # paid in person (cash, card, cheque, transfer): the order is marked paid
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
    #: how an in-person payment was made: cash, check, bank_transfer, or the owner's own
    #: word for a method Wix has no name for ("card"); only read when payment is CASH
    method: str = "cash"
    #: the person and session a booking is for: email, class, date and start
    #: ("ana@x.org|open water swim|2026-06-15|06:30"); worked out once, when the row is read
    #: (the planner asks it of every row in every cycle; a row's attendee is kept while its
    #: cells say the same)
    session_key: str = field(init=False, repr=False, compare=False)
    #: :attr:`session_key` and the name: two people sharing one email are two seats
    seat_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = self.session_time
        at = f"{start.hour:02d}:{start.minute:02d}" if start else ""  # strftime("%H:%M")
        key = f"{self.email}|{self.class_name.casefold()}|{self.session_date.isoformat()}|{at}"
        object.__setattr__(self, "session_key", key)
        object.__setattr__(self, "seat_key", f"{key}|{name_key(self.name)}")

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def external_id(self) -> str:
        """Stamped on the booking (``externalUserId``) so it can be found again by row."""
        return f"wixsync:{self.row_id}"


def name_key(name: str) -> str:
    """A name as seats compare it: case and spacing aside."""
    return " ".join(name.casefold().split())


#: the in-person methods Wix names (``PredefinedPaymentMethod`` of the orders package); any
#: other method is sent as a ``custom`` name
PREDEFINED_METHODS = {"cash": "CASH", "check": "CHECK", "bank_transfer": "BANK_TRANSFER"}
_SAID = {"cash": "cash", "check": "by cheque", "bank_transfer": "by bank transfer"}


def method_name(method: str) -> dict[str, str]:
    """``userDefinedPaymentMethodName`` for a method: predefined, or custom ("Card")."""
    predefined = PREDEFINED_METHODS.get(method)
    if predefined:
        return {"predefined": predefined}
    return {"custom": method.replace("_", " ").strip().capitalize()[:150] or "Other"}


def method_said(method: str | None) -> str:
    """ "cash", "by card", "by cheque": how a Status names the method ("paid by card")."""
    method = method or "cash"
    return _SAID.get(method, f"by {method.replace('_', ' ').strip().lower()}")
