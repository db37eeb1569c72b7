"""The shape of every 200 answer the client reads, as pydantic models of just the fields it
uses (extra fields are Wix's business and are kept as they are).

A 200 whose body does not fit is :class:`~sync.wix.errors.UnexpectedAnswer`, an outcome not
known: the row flows look the object up (by the journal's in-flight marker) before anything
is sent again. It is never a crash and never a row dropped in silence.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from sync.wix.errors import UnexpectedAnswer


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class _HasId(_Shape):
    id: str


class ContactAnswer(_Shape):
    contact: _HasId


class BookingAnswer(_Shape):
    booking: _HasId


class _ItemMetadata(_Shape):
    success: bool = False
    id: str | None = None
    originalIndex: int | None = None
    error: dict[str, Any] | None = None


class _BulkResult(_Shape):
    itemMetadata: _ItemMetadata


class BulkAnswer(_Shape):
    results: list[_BulkResult]


class _PaymentConfig(_Shape):
    paymentOption: str | None = None


class _CartLine(_Shape):
    id: str
    paymentConfig: _PaymentConfig


class _Cart(_Shape):
    id: str
    lineItems: list[_CartLine]


class CartAnswer(_Shape):
    cart: _Cart


class _GotCart(_Shape):
    id: str
    orderId: str | None = None


class GotCartAnswer(_Shape):
    cart: _GotCart


class PlacedAnswer(_Shape):
    orderId: str


class _Checkout(_Shape):
    id: str
    lineItems: list[_HasId]


class CheckoutAnswer(_Shape):
    checkout: _Checkout


class _Order(_Shape):
    id: str
    paymentStatus: str | None = None


class OrderAnswer(_Shape):
    order: _Order


class ChargeAnswer(_Shape):
    payments: list[dict[str, Any]] = []


class _Extended(_Shape):
    booking: _HasId


class ExtendedAnswer(_Shape):
    extendedBookings: list[_Extended] = []


class _Slot(_Shape):
    serviceId: str
    localStartDate: str
    eventInfo: dict[str, Any]


class SlotsAnswer(_Shape):
    timeSlots: list[_Slot] = []


def checked(answer: dict[str, Any], shape: type[_Shape], method: str, path: str) -> dict[str, Any]:
    """``answer`` if it has the fields ``shape`` names, else :class:`UnexpectedAnswer`."""
    try:
        shape.model_validate(answer)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:3])
        raise UnexpectedAnswer(method, path, f"the answer lacks {where or 'a field'}") from None
    return answer
