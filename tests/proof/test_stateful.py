"""A stateful property test over the whole product: volunteers type, edit, move and delete
rows; the daemon runs cycles; the process crashes between any two recovery points (or after
writing the sheet, before remembering it) and starts again from disk; Wix fails any call in
any of four ways. After every step:

* per attendee and session at most one active booking, one linked order, one cash payment
  and one plan charge; every plan's credits add up (no credit used twice);
* no cell a person typed has changed;

and once faults stop, two cycles (each after the rows' back-off has passed) bring every
valid row to its final state: booked, with its IDs, paid as the row says — and, since Wix
settles a plan charge a read or two after it is sent, at most ``SETTLE_CYCLES`` more while a
row's plan charge is pending (a pending row waits for no back-off).

``--slow`` runs many more examples.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sync.runtime import Runtime
from sync.sandbox import Fault
from sync.sandbox.models import crm
from tests.proof.world import HEADER, World, line

ACTIVE = ("CREATED", "PENDING", "CONFIRMED")
PEOPLE = [
    ("Ana Lee", "ana.lee@example.org"),  # 10 Swim Pass, 6 credits
    ("Cara Nguyen", "cara.nguyen@example.org"),  # Unlimited Summer
    ("Ben Ortiz", "ben.ortiz@example.org"),  # a pass with no credits left
    ("Ivan Novak", "ivan.novak@example.org"),  # a contact
    ("Hana Sato", "hana.sato@example.org"),  # booked online, unpaid
    ("Zoe Quinn", "zoe.quinn@example.org"),  # new
    ("Maya Okafor", "maya.okafor@example.org"),  # new
    ("Amir Said", "amir.said@example"),  # not a valid email
]
PAYMENTS = ["cash", "plan", "unpaid", "cancel", "Cash ", "pass", ""]
ATTENDED = ["x", "", "no"]
CLASSES = ["Open Water Swim", "Masters Swim", "OWS"]
ROUTES = [
    "*",
    "contacts.create",
    "bookings.bulk_create",
    "cart.create",
    "cart.place_order",
    "orders.mark_as_paid",
    "billing.charge_memberships",
    "attendance.bulk_set",
    "bookings.cancel",
    "extended_bookings.query",
]
FAULTS = {
    "error": {"kind": "error", "status": 500},
    "drop": {"kind": "drop"},
    "hang": {"kind": "hang", "seconds": 1.0},
    "rate_limit": {"kind": "rate_limit", "retry_after": 1},
}
PAYMENT_COL, PLAN_COL, ATTENDED_COL = "F", "G", "H"
#: the most cycles, after the two that bring the rows back, for plan charges to settle
SETTLE_CYCLES = 2
PENDING = "plan charge pending"


class Crash(BaseException):
    """The process dies here: a kill, which no ``except Exception`` of the product sees."""


class Volunteers(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="wixsync-stateful-"))
        self.world = World(self.folder, [])
        self.typed: list[list[str]] = []  # what people typed, row by row, in sheet order
        self.deleted: list[list[str]] = []
        self.stack = ExitStack()
        self.runtime: Runtime | None = None
        site = self.world.sandbox.site
        self.credits = {
            pool: Decimal(b["amount"]["available"]) for pool, b in site.balances.items()
        }
        self.crashes = 0

    # -- helpers ------------------------------------------------------------------------------
    def _runtime(self) -> Runtime:
        if self.runtime is None:
            self.runtime = self.stack.enter_context(self.world.open())
        return self.runtime

    def _die(self) -> None:
        """The process is gone: drop everything in memory, keep the files."""
        self.stack.close()
        self.stack = ExitStack()
        self.runtime = None
        self.crashes += 1

    def _cycle(self) -> None:
        self._runtime().engine.run_cycle()
        self.world.now += 15

    def teardown(self) -> None:
        self.stack.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what volunteers do ---------------------------------------------------------------------
    @initialize(
        rows=st.lists(
            st.tuples(
                st.sampled_from(PEOPLE), st.sampled_from(PAYMENTS), st.sampled_from(ATTENDED)
            ),
            max_size=4,
        )
    )
    def start(self, rows: list[tuple[tuple[str, str], str, str]]) -> None:
        for (name, email), payment, attended in rows:
            self.add(name, email, payment, attended, "Open Water Swim")

    @rule(
        person=st.sampled_from(PEOPLE),
        payment=st.sampled_from(PAYMENTS),
        attended=st.sampled_from(ATTENDED),
        class_name=st.sampled_from(CLASSES),
    )
    def add_row(
        self, person: tuple[str, str], payment: str, attended: str, class_name: str
    ) -> None:
        self.add(*person, payment, attended, class_name)

    def add(self, name: str, email: str, payment: str, attended: str, class_name: str) -> None:
        plan = "10 Swim Pass" if payment == "plan" and email.startswith("ana") else ""
        row = line(name, email, payment, plan, attended, class_name=class_name)
        self.world.human().set_row(len(self.typed) + 2, row)
        self.typed.append(row)

    @precondition(lambda self: self.typed)
    @rule(
        data=st.data(),
        column=st.sampled_from([PAYMENT_COL, PLAN_COL, ATTENDED_COL]),
    )
    def edit_cell(self, data: st.DataObject, column: str) -> None:
        index = data.draw(st.integers(0, len(self.typed) - 1))
        value = data.draw(
            {
                PAYMENT_COL: st.sampled_from(PAYMENTS),
                PLAN_COL: st.sampled_from(["", "10 Swim Pass", "Unlimited Summer", "Gold"]),
                ATTENDED_COL: st.sampled_from(ATTENDED),
            }[column]
        )
        self.world.human().set_cell(f"{column}{index + 2}", value)
        self.typed[index][" ABCDEFGH".index(column) - 1] = value

    @precondition(lambda self: len(self.typed) > 1)
    @rule(column=st.sampled_from(["Email", "Name", "Payment"]), descending=st.booleans())
    def sort_rows(self, column: str, descending: bool) -> None:
        """Rows move (with the daemon's cells on them, as a sort does in Google Sheets)."""
        self.world.human().sort(column, descending=descending)
        moved = [r[: len(HEADER)] for r in self._volunteer_rows()]
        assert sorted(map(tuple, moved)) == sorted(map(tuple, self.typed)), "a sort lost typing"
        self.typed = [list(r) for r in moved]

    @precondition(lambda self: self.typed)
    @rule(data=st.data())
    def delete_row(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.typed) - 1))
        self.world.human().delete_rows(index + 2)
        self.deleted.append(self.typed.pop(index))

    @precondition(lambda self: self.deleted)
    @rule(data=st.data(), payment=st.sampled_from([None, *PAYMENTS]))
    def type_a_deleted_row_again(self, data: st.DataObject, payment: str | None) -> None:
        """Someone deleted a row by mistake and types it again (the same, or paid now)."""
        row = list(data.draw(st.sampled_from(self.deleted)))
        if payment is not None:
            row[5] = payment
        self.world.human().set_row(len(self.typed) + 2, row)
        self.typed.append(row)

    # -- what the daemon and the world do -------------------------------------------------------
    @rule()
    def cycle(self) -> None:
        self._cycle()

    @rule(minutes=st.sampled_from([1, 5, 31]))
    def time_passes(self, minutes: int) -> None:
        self.world.now += 60 * minutes

    @rule(after=st.integers(1, 40))
    def crash_in_the_flows(self, after: int) -> None:
        """Die right after the ``after``-th recovery point of the next cycle (if it has that
        many; otherwise the cycle completes)."""
        runtime = self._runtime()
        count = 0

        def progress(_row: str, _point: str) -> None:
            nonlocal count
            count += 1
            if count == after:
                raise Crash(after)

        runtime.engine.flows.progress = progress
        try:
            self._cycle()
        except Crash:
            self._die()
            return
        runtime.engine.flows.progress = lambda _row, _point: None

    @rule()
    def crash_after_writing_the_sheet(self) -> None:
        """Die after the sheet got the results, before the daemon remembered them."""
        session = self._runtime().engine.session
        original = session.write_back

        def write_then_die(*args: Any, **kwargs: Any) -> Any:
            original(*args, **kwargs)
            raise Crash("after write-back")

        session.write_back = write_then_die  # type: ignore[method-assign]
        try:
            self._cycle()
        except Crash:
            self._die()
            return
        session.write_back = original  # type: ignore[method-assign]

    @rule(
        route=st.sampled_from(ROUTES),
        kind=st.sampled_from(sorted(FAULTS)),
        times=st.integers(1, 3),
    )
    def wix_fails(self, route: str, kind: str, times: int) -> None:
        self.world.sandbox.faults.add(Fault(route=route, times=times, **FAULTS[kind]))

    @rule()
    def faults_stop_and_rows_settle(self) -> None:
        self.world.sandbox.faults.clear()
        for _ in range(2):
            self.world.now += 3600  # past any row's back-off
            self._cycle()
        for _ in range(SETTLE_CYCLES):
            if not any(PENDING in str(r["Status"]) for r in self.world.records()):
                break
            self._cycle()
        self._assert_settled()

    # -- invariants -----------------------------------------------------------------------------
    def _volunteer_rows(self) -> list[list[str]]:
        grid = self.world.grid()
        rows = [[str(c) for c in r[: len(HEADER)]] for r in grid[1:]]
        rows = [r + [""] * (len(HEADER) - len(r)) for r in rows]
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()
        return rows

    @invariant()
    def nothing_typed_is_changed(self) -> None:
        grid = self.world.grid()
        if grid:
            assert [str(h) for h in grid[0][: len(HEADER)]] == HEADER
        assert self._volunteer_rows() == self.typed

    @invariant()
    def nothing_happened_twice(self) -> None:
        site = self.world.sandbox.site
        seen: dict[tuple[str, str], int] = {}
        for b in site.bookings.values():
            if b["status"] in ACTIVE:
                key = (
                    b["contactDetails"].get("contactId", ""),
                    b["bookedEntity"]["slot"]["eventId"],
                )
                seen[key] = seen.get(key, 0) + 1
        twice = {k: n for k, n in seen.items() if n > 1}
        assert not twice, f"two active bookings for one person and session: {twice}"
        per_booking: dict[str, int] = {}
        for order_id, booking_id in site.order_links.items():
            if site.orders[order_id]["status"] != "CANCELED":
                per_booking[booking_id] = per_booking.get(booking_id, 0) + 1
        assert all(n == 1 for n in per_booking.values()), f"two orders: {per_booking}"
        for order_id, payments in site.payments.items():
            cash = [
                x
                for x in payments
                if (x.get("regularPaymentDetails") or {}).get("offlinePayment")
                and x.get("status") == "APPROVED"
            ]
            assert len(cash) <= 1, f"order {order_id} paid in cash {len(cash)} times"
        charges: dict[str, int] = {}
        for r in site.redemptions:
            if r["type"] == "REDEEM" and not r["canceled"]:
                charges[r["orderId"]] = charges.get(r["orderId"], 0) + 1
        assert all(n == 1 for n in charges.values()), f"a plan charged twice: {charges}"

    @invariant()
    def no_credit_used_twice(self) -> None:
        site = self.world.sandbox.site
        for pool, start in self.credits.items():
            used = sum(
                Decimal(r["amount"])
                for r in site.redemptions
                if r["type"] == "REDEEM" and r["poolId"] == pool and not r["canceled"]
            )
            available = Decimal(site.balances[pool]["amount"]["available"])
            assert available == start - used, f"pool {pool}: credits do not add up"

    def _assert_settled(self) -> None:
        runtime = self._runtime()
        waiting = [s.row_id for s in runtime.states.load().values() if s.retry]
        records = self.world.records()
        present = {str(r.get("Row ID")) for r in records}
        assert not [w for w in waiting if w in present], f"rows still waiting to retry: {waiting}"
        site = self.world.sandbox.site
        for r in records:
            if r["Error"] or not r["Name"]:
                continue
            payment = str(r["Payment"]).strip().casefold()
            booking_id = str(r["Booking ID"])
            if payment == "cancel":  # cancelled, or never booked
                assert not booking_id or site.bookings[booking_id]["status"] == "CANCELED", r
                continue
            assert booking_id, f"{r['Name']}: synced without a booking id ({r})"
            booking = site.bookings[booking_id]
            assert booking["status"] == "CONFIRMED", r
            order_id = str(r["Order ID"])
            assert order_id, f"{r['Name']}: no order id ({r})"
            assert site.order_links.get(order_id) == booking_id, "the order is not linked"
            order = site.orders[order_id]
            if payment in ("cash", "plan", "pass"):
                assert order["paymentStatus"] == "PAID", (r, order["paymentStatus"])
            contact = crm.contact_by_email(site, str(r["Email"]).strip())
            assert contact
            assert booking["contactDetails"]["contactId"] == contact["id"]


#: the default run tests the same examples every time (CI is reproducible); ``--slow`` explores
Volunteers.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_volunteers_daemon_and_faults = Volunteers.TestCase


@pytest.mark.slow
class TestManyMoreExamples(Volunteers.TestCase):  # type: ignore[misc,valid-type]
    settings = settings(
        max_examples=300,
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
