"""The simulated site: its objects, its seeded ID source, its clock and its switches."""

from __future__ import annotations

import pickle
import random
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

BOOKINGS_APP_ID = "13d21c63-b5ec-5912-8397-c3a5ddb27a97"
PRICING_PLANS_APP_ID = "1522827f-c56c-a5c9-2ac9-00f9e6ae12d3"
PRICING_PLANS_NAMESPACE = "@wix/pricing-plans"


@dataclass
class Switches:
    """One switch per behaviour the references mark "(verify)" or "unverified".

    Each switch names the open question it stands for, so the client can be tested
    against both possible answers; ``wixsync doctor`` finds out which one a real site
    gives. Where Wix is silent the default is the answer that hurts the product most
    (the path 404s, the list is empty, the charge is pending, the field is required):
    README "the sandbox assumes the worst where Wix is silent" (issue 12 §4).
    """

    #: wix-ecom.md open question 4 / wix-2027.md §5 #6: is
    #: ``membershipOptions.eligibleMemberships`` filled for a checkout created with an API
    #: key? It is "Reserved for internal use" and the legacy list was deprecated 2026-10-01,
    #: so by default it is empty and a selection is ``MEMBERSHIP_NOT_FOUND``.
    checkout_lists_eligible_memberships: bool = False
    #: wix-ecom.md open question 1: may an API key call the payments-collector mark-as-paid
    #: (single and bulk)? The methods are ``@internal`` (orders internal d.ts 9455); a site's
    #: probe decides. ``False`` answers 403. Kept ``True`` so the Add Payments fallback is
    #: tested by setting it, not by default.
    mark_as_paid_allowed: bool = True
    #: wix-ecom.md open question 2 / wix-2027.md §5 #12: does Add Payments with an APPROVED
    #: offline payment make the order PAID (and so the booking)? Docs: it "only updates the
    #: order with records of the payments". ``False`` (default) records the payment only.
    add_payment_marks_order_paid: bool = False
    #: wix-ecom.md open question 8: does a repeated Charge Memberships for the same line
    #: item fail (``True``: 428 MEMBERSHIP_NOT_ELIGIBLE "already charged") or charge again
    #: (``False``, default: the double charge the product must prevent itself)? A PENDING
    #: charge counts as a charge.
    charge_memberships_rejects_repeat: bool = False
    #: wix-ecom.md open question 3: which id is a Pricing Plans "membership id" in ecom:
    #: ``"order"`` (the pricing-plans order id, as legacy getCheckoutOptions did) or
    #: ``"pool"`` (the benefit-programs pool id).
    membership_id_kind: str = "order"
    #: wix-bookings.md open question 4: does List Event Time Slots return sessions that
    #: already started or ended (late data entry)?
    time_slots_include_past: bool = True
    #: wix-bookings.md open question 3: does Query Extended Bookings also accept
    #: ``bookedEntity.slot.eventId`` (without ``item``)? ``False`` answers 400.
    extended_bookings_accepts_slot_path_without_item: bool = False
    #: wix-bookings.md open question 5: does ``skipAvailabilityValidation`` also bypass the
    #: booking policy (too late to book / after start)?
    skip_availability_bypasses_policy: bool = True
    #: wix-bookings.md open question 12: does a 429 carry ``Retry-After``?
    rate_limit_sends_retry_after: bool = True
    #: wix-bookings.md open question 13: are Contacts v4 email filters case-sensitive?
    contact_email_filter_case_sensitive: bool = False
    #: wix-ecom.md §6 A: "paymentStatus *eventually* becomes PAID". ``0`` applies at once;
    #: ``n`` (default 1) keeps the order NOT_PAID for the next ``n`` reads of it.
    mark_as_paid_lag_reads: int = 1
    #: wix-2027.md §3: Checkout v1 is removed on 2027-02-01. ``None`` (default) follows the
    #: site clock; ``True``/``False`` force it. A removed route answers 404 like an unknown
    #: path (what a removed API answers is a guess).
    checkout_v1_removed: bool | None = None
    #: wix-2027.md §1 #16: the SDK's ``/v1/bulk/payments-collector/mark-as-paid`` has no
    #: www.wixapis.com mapping. ``False`` (default) answers 404; ``/ecom/v1/bulk/…`` is
    #: served either way.
    unprefixed_bulk_mark_as_paid_served: bool = False
    #: wix-2027.md §5 #5: BulkOrderResult ``item`` is "returned when returnFullEntity =
    #: true", a request field that does not exist. ``False`` (default): no ``item``.
    bulk_mark_as_paid_returns_item: bool = False
    #: wix-2027.md §5 #7, order-billing 2441: "the status will be updated asynchronously on
    #: the returned payments". A plan charge (both forms) comes back PENDING; the first
    #: ``n`` reads of its order after the charge (Get Order, its transactions, Search Orders,
    #: Extended Bookings with the order) still show PENDING, the next read settles it.
    #: ``0`` settles at once.
    membership_charge_settles_after_reads: int = 1
    #: how a pending plan charge settles: ``"APPROVED"`` (the order becomes PAID) or
    #: ``"DECLINED"`` (the credit comes back, the order stays NOT_PAID).
    membership_charge_outcome: str = "APPROVED"
    #: wix-2027.md §5 #11, checkout:4145: create-order with ``priceSummary.total > 0`` needs
    #: ``billingInfo.address``. ``True`` (default) answers 400 (a required field); ``False``
    #: accepts it (the forum's 2024 offline order had no address).
    checkout_requires_billing_address: bool = True
    #: Cart V2 Place Order ``completed``: "an order was created from this cart and the
    #: payment completed successfully" — silent for a pay-later line. ``False`` (default):
    #: ``completed`` is false unless the order is PAID; ``True``: also true when nothing is
    #: due now.
    place_order_completed_for_offline: bool = False

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def update(self, values: dict[str, Any]) -> None:
        known = set(self.names())
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(f"unknown switch(es): {', '.join(unknown)}; known: {sorted(known)}")
        for name, value in values.items():
            allowed = _CHOICES.get(name)
            if allowed is not None and value not in allowed:
                raise ValueError(f"switch {name} must be one of {sorted(map(str, allowed))}")
            setattr(self, name, value)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: switches whose values are a closed set (checked by :meth:`Switches.update`)
_CHOICES: dict[str, tuple[Any, ...]] = {
    "membership_id_kind": ("order", "pool"),
    "membership_charge_outcome": ("APPROVED", "DECLINED"),
    "checkout_v1_removed": (None, True, False),
}


@dataclass
class ApiKey:
    name: str
    key: str
    permissions: frozenset[str]

    def allows(self, permission: str) -> bool:
        return "*" in self.permissions or permission in self.permissions


class Ids:
    """Every ID the sandbox hands out comes from one seeded random source, so runs replay."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def guid(self) -> str:
        h = f"{self._rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"

    def token(self, length: int = 64) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def number(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def state(self) -> object:
        return self._rng.getstate()

    def restore(self, state: object) -> None:
        self._rng.setstate(state)  # type: ignore[arg-type]


def iso(moment: datetime) -> str:
    """Wix REST timestamps: ISO-8601 UTC with milliseconds and ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def money(amount: Decimal | str | int, currency: str = "USD") -> dict[str, str]:
    """A Wix ``Price``: decimal string plus a formatted form."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    return {"amount": str(value), "formattedAmount": f"{symbol}{value}"}


@dataclass
class Site:
    """All objects of one simulated Wix site. Plain dicts in REST shape, keyed by id."""

    site_id: str
    name: str
    time_zone: str
    currency: str
    random_seed: int
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    switches: Switches = field(default_factory=Switches)
    # CRM
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Bookings
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # class sessions
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)
    attendance: dict[str, dict[str, Any]] = field(default_factory=dict)
    # eCommerce
    checkouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    carts: dict[str, dict[str, Any]] = field(default_factory=dict)  # Cart V2
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by order id
    #: order id -> booking id, only for orders created from a checkout (the link Wix keeps)
    order_links: dict[str, str] = field(default_factory=dict)
    #: order id -> remaining reads during which a mark-as-paid is not yet visible
    pending_paid: dict[str, int] = field(default_factory=dict)
    #: membership payment id -> {orderId, readsLeft, outcome} while a plan charge is pending
    pending_charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Pricing plans and benefit programs
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    plan_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    pools: dict[str, dict[str, Any]] = field(default_factory=dict)
    balances: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: benefit transactions: every credit taken or given back, for invariants and dumps
    redemptions: list[dict[str, Any]] = field(default_factory=list)
    # Time
    frozen_now: datetime | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    def __post_init__(self) -> None:
        self.ids = Ids(self.random_seed)
        self.order_number = 10000

    # -- time -------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.frozen_now or self.clock()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today_local(self) -> datetime:
        return self.now().astimezone(self.tz)

    def stamp(self) -> str:
        return iso(self.now())

    # -- transactions -----------------------------------------------------------------
    _MUTABLE = (
        "contacts",
        "members",
        "services",
        "events",
        "bookings",
        "attendance",
        "checkouts",
        "carts",
        "orders",
        "payments",
        "order_links",
        "pending_paid",
        "pending_charges",
        "plans",
        "plan_orders",
        "pools",
        "balances",
        "redemptions",
        "order_number",
    )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a request that fails half-way leaves no trace."""
        # a pickle is a deep copy made in C (the state is plain dicts, lists and strings),
        # an order of magnitude faster than copy.deepcopy; it is only unpickled on failure
        saved = pickle.dumps({name: getattr(self, name) for name in self._MUTABLE}, protocol=5)
        rng = self.ids.state()
        try:
            yield
        except BaseException:
            for name, value in pickle.loads(saved).items():  # noqa: S301 — our own bytes
                setattr(self, name, value)
            self.ids.restore(rng)
            raise

    def next_order_number(self) -> str:
        self.order_number += 1
        return str(self.order_number)

    def dump(self) -> dict[str, Any]:
        """Everything, for the control plane's ``GET /_sandbox/state``."""
        return {
            "site": {
                "id": self.site_id,
                "name": self.name,
                "timeZone": self.time_zone,
                "currency": self.currency,
                "now": self.stamp(),
            },
            "switches": self.switches.as_dict(),
            "contacts": list(self.contacts.values()),
            "members": list(self.members.values()),
            "services": list(self.services.values()),
            "events": list(self.events.values()),
            "bookings": list(self.bookings.values()),
            "attendance": list(self.attendance.values()),
            "checkouts": list(self.checkouts.values()),
            "carts": list(self.carts.values()),
            "orders": list(self.orders.values()),
            "payments": self.payments,
            "orderLinks": self.order_links,
            "pendingCharges": self.pending_charges,
            "plans": list(self.plans.values()),
            "planOrders": list(self.plan_orders.values()),
            "pools": list(self.pools.values()),
            "balances": list(self.balances.values()),
            "redemptions": self.redemptions,
        }
