"""Why a row could not be done, as types carrying data. ``sync.words`` turns each into a
sentence for the volunteer (the Error column) or the owner (the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem(Exception):
    """Base: ``retry`` says whether a later cycle may succeed without anyone editing.
    ``site_side``: what is wrong is in Wix or the API key, not in the row (a permission, a
    class's settings or capacity, a member's plan): the row is tried again, without anyone
    editing it, once the owner has run ``wixsync doctor``
    (:func:`sync.flows.strategy.site_checked`). A class, session or plan the row names and
    Wix does not hold is the row's to fix (a typo, mostly): not site-side."""

    retry = False
    site_side = False


@dataclass(frozen=True)
class ClassNotFound(RowProblem):
    class_name: str
    known: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionNotFound(RowProblem):
    class_name: str
    day: str  # e.g. "Sat 28 Apr"
    time: str | None = None
    times: tuple[str, ...] = ()


@dataclass(frozen=True)
class BookedByAnotherRow(RowProblem):
    """The person already holds this session through another row of the sheet."""

    name: str
    booking_id: str
    #: that row's id: once it leaves the sheet, this row is tried again (and carries the
    #: booking on) without anyone editing it
    holder: str = ""


@dataclass(frozen=True)
class SameSessionTwice(RowProblem):
    """Another row of the same cycle asks for the same person and session."""

    name: str


@dataclass(frozen=True)
class NoMemberAccount(RowProblem):
    name: str

    site_side = True


@dataclass(frozen=True)
class NoActivePlan(RowProblem):
    name: str

    site_side = True


@dataclass(frozen=True)
class PlanNotHeld(RowProblem):
    name: str
    plan: str
    held: tuple[str, ...]


@dataclass(frozen=True)
class PlanChoiceNeeded(RowProblem):
    name: str
    plans: tuple[str, ...]


@dataclass(frozen=True)
class PlanCannotPay(RowProblem):
    name: str
    plan: str
    reason: str  # OUT_OF_CREDITS, ENDED, NOT_STARTED_YET, NOT_COVERED, …

    site_side = True


@dataclass(frozen=True)
class SessionFull(RowProblem):
    class_name: str
    day: str

    site_side = True


@dataclass(frozen=True)
class TooLateToBook(RowProblem):
    """Wix refuses bookings once a session has started (the service's booking policy)."""

    class_name: str
    day: str

    site_side = True


@dataclass(frozen=True)
class WixRefused(RowProblem):
    """Wix answered 4xx for this row: a person has to look."""

    step: str
    code: str
    description: str
    request_id: str | None = None

    site_side = True


@dataclass(frozen=True)
class WixUnavailable(RowProblem):
    """Wix or the network failed; a later cycle retries by itself."""

    step: str
    detail: str = ""
    retry = True


@dataclass(frozen=True)
class PaymentNotShown(RowProblem):
    """Cash was recorded on the order but Wix still shows it unpaid."""

    order_number: str = ""


@dataclass(frozen=True)
class MissingPermission(RowProblem):
    permission: str
    step: str
    extra: tuple[str, ...] = field(default_factory=tuple)

    site_side = True


@dataclass(frozen=True)
class Unexpected(RowProblem):
    """wixsync failed on this row in a way no one foresaw (a bug, or an answer of Wix's it
    cannot read): logged with its traceback; the row is tried again after its back-off, and
    the other rows carry on."""

    step: str
    retry = True


@dataclass(frozen=True)
class WillRetry(RowProblem):
    """Nothing is wrong with the row; the daemon changed how it works and tries again."""

    why: str
    retry = True


@dataclass(frozen=True)
class OrderLineRefused(RowProblem):
    """The cart's line is not an offline line with nothing to pay now (or Wix reported an
    error-severity violation): no order was placed. ``booked_online``: the booking was made
    on the web to pay online (the row took it over), so the class's settings cannot help:
    Wix keeps that booking's payment option."""

    name: str
    why: str
    booked_online: bool = False

    @property
    def site_side(self) -> bool:  # type: ignore[override]
        return not self.booked_online  # a booking made online keeps its payment option


@dataclass(frozen=True)
class PlanChargeDeclined(RowProblem):
    """Wix settled the plan charge as declined: the order is still unpaid."""

    name: str
    plan: str


@dataclass(frozen=True)
class CheckoutWantsAddress(RowProblem):
    """The old checkout (used because the key may not use Cart V2) refused the order for
    want of a billing address: wixsync holds none to send, and Cart V2 asks for none."""

    site_side = True


@dataclass(frozen=True)
class OrderPathRemoved(RowProblem):
    """Cart V2 is refused to the key and Checkout v1 is gone (2027-02-01)."""

    permission: str

    site_side = True


@dataclass(frozen=True)
class NothingToCancel(RowProblem):
    """Payment says cancel, but Wix holds no booking for this person and session."""

    name: str
    class_name: str
    day: str


@dataclass(frozen=True)
class PaidAlready(RowProblem):
    """Payment was changed after Wix recorded a payment; wixsync does not undo payments.
    ``was``: how Wix holds it ("cash", "card", "plan 10 Swim Pass"); ``now``: what the row
    asks ("unpaid", "cash", "plan", "card")."""

    name: str
    was: str
    now: str
