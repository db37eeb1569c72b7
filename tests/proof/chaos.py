"""A 100-attendee class synced by the whole product while a share of all Wix calls fails at
random in one of the four ways (500 before commit, commit then drop, hang past the read
timeout, 429), until every row is done; then Wix is counted against what the sheet asked.

Used by ``tests/proof/test_random_faults.py`` (a smaller class) and ``bench/proof.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.flows import Payment
from sync.sandbox import Fault
from tests.conftest import NOW
from tests.proof.club import class_of, sheet_rows
from tests.proof.world import World

KINDS: dict[str, dict[str, Any]] = {
    "500 before commit": {"kind": "error", "status": 500},
    "commit then drop": {"kind": "drop"},
    "hang (commit, no answer)": {"kind": "hang", "seconds": 1.0},
    "429 rate limited": {"kind": "rate_limit", "retry_after": 1},
}
ACTIVE = ("CREATED", "PENDING", "CONFIRMED")


@dataclass
class FaultRun:
    kind: str
    attendees: int
    cash: int
    plan: int
    faults_fired: int = 0
    wix_calls: int = 0
    cycles: int = 0
    bookings: int = 0
    most_bookings_per_person: int = 0
    linked_orders: int = 0
    most_orders_per_booking: int = 0
    cash_payments: int = 0
    most_cash_per_order: int = 0
    plan_charges: int = 0
    most_charges_per_order: int = 0
    rows_with_ids: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.bookings == self.attendees
            and self.linked_orders == self.attendees
            and self.cash_payments == self.cash
            and self.plan_charges == self.plan
            and self.rows_with_ids == self.attendees
            and max(
                self.most_bookings_per_person,
                self.most_orders_per_booking,
                self.most_cash_per_order,
                self.most_charges_per_order,
            )
            <= 1
        )

    def line(self) -> str:
        return (
            f"{self.kind:<26} bookings {self.bookings}/{self.attendees}  "
            f"orders {self.linked_orders}/{self.attendees}  "
            f"cash {self.cash_payments}/{self.cash}  plan {self.plan_charges}/{self.plan}  "
            f"rows with IDs {self.rows_with_ids}/{self.attendees}  "
            f"({self.faults_fired} of {self.wix_calls} Wix calls failed; {self.cycles} cycles)"
        )


def run_random_faults(
    folder: Path, kind: str, *, attendees: int = 100, share: float = 0.1, max_cycles: int = 30
) -> FaultRun:
    seed, people = class_of(attendees, now=NOW)
    grid = sheet_rows(people)
    world = World(folder, grid[1:], header=grid[0], seed=seed)
    world.sandbox.faults.add(
        Fault(route="*", times=None, probability=share, **KINDS[kind])  # type: ignore[arg-type]
    )
    run = FaultRun(
        kind,
        attendees,
        cash=sum(1 for p in people if p.payment == Payment.CASH),
        plan=sum(1 for p in people if p.payment == Payment.PLAN),
    )
    with world.open() as runtime:
        for _ in range(max_cycles):
            run.cycles += 1
            runtime.engine.run_cycle()
            world.now += 3600  # past any back-off
            records = world.records()
            if all(r["Booking ID"] and r["Order ID"] and not r["Error"] for r in records):
                break
    run.faults_fired = sum(int(f["fired"]) for f in world.sandbox.faults.listing())
    run.wix_calls = len(world.sandbox.log)
    _count(world, run, {p.email for p in people})
    return run


def _count(world: World, run: FaultRun, emails: set[str]) -> None:
    site = world.sandbox.site
    contacts = {
        c["id"]: e.casefold()
        for c in site.contacts.values()
        for e in [c["primaryInfo"].get("email") or ""]
    }
    ours = [
        b
        for b in site.bookings.values()
        if b["status"] in ACTIVE
        and contacts.get(b["contactDetails"].get("contactId", ""), "") in emails
    ]
    run.bookings = len(ours)
    per_person: dict[str, int] = {}
    for b in ours:
        per_person[b["contactDetails"]["contactId"]] = (
            per_person.get(b["contactDetails"]["contactId"], 0) + 1
        )
    run.most_bookings_per_person = max(per_person.values(), default=0)
    ids = {b["id"] for b in ours}
    per_booking: dict[str, int] = {}
    orders = []
    for order_id, booking_id in site.order_links.items():
        if booking_id in ids and site.orders[order_id]["status"] != "CANCELED":
            per_booking[booking_id] = per_booking.get(booking_id, 0) + 1
            orders.append(order_id)
    run.linked_orders = len(orders)
    run.most_orders_per_booking = max(per_booking.values(), default=0)
    for order_id in orders:
        cash = [
            x
            for x in site.payments.get(order_id, [])
            if (x.get("regularPaymentDetails") or {}).get("offlinePayment")
            and x.get("status") == "APPROVED"
        ]
        charges = [
            r
            for r in site.redemptions
            if r["type"] == "REDEEM" and r.get("orderId") == order_id and not r["canceled"]
        ]
        run.cash_payments += len(cash)
        run.plan_charges += len(charges)
        run.most_cash_per_order = max(run.most_cash_per_order, len(cash))
        run.most_charges_per_order = max(run.most_charges_per_order, len(charges))
    run.rows_with_ids = sum(
        1 for r in world.records() if r["Booking ID"] and r["Order ID"] and not r["Error"]
    )
