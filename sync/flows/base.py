"""What every row phase may use, below the phases and the runner that composes them: the Wix
client, the journal (one call at a time), the catalog, the site's strategies, the caches kept
for the daemon's life, and the shared steps — advance a row to a recovery point, note a call
about to be sent, fail rows with a problem, undo a booking that cannot be paid as asked.

Each phase (:mod:`.found`, :mod:`.changes`, :mod:`.lookups`, :mod:`.bookings`,
:mod:`.orders`, :mod:`.in_person`, :mod:`.plan_checks`, :mod:`.plan_charges`,
:mod:`.after`) is a class over :class:`Phases`; :class:`sync.flows.runner.RowFlows` is all of
them, and runs them in order.
An order path (:mod:`.cart_v2`, :mod:`.checkout_v1`) is handed the phases as ``flows``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from sync.flows import problems as p
from sync.flows.catalog import Catalog
from sync.flows.kept_bookings import KeptBookings
from sync.flows.kept_plans import KeptPlans
from sync.flows.parallel import WORKERS, LockedJournal
from sync.flows.strategy import CHECKOUT_V1_REMOVAL, Strategies
from sync.flows.task import Task
from sync.state import Journal, Point
from sync.wix import WixClient


class Phases:
    """The state and the shared steps of the row flows for one site."""

    def __init__(
        self,
        client: WixClient,
        journal: Journal,
        *,
        time_zone: str,
        class_map: dict[str, str] | None = None,
        strategies: Strategies | None = None,
        progress: Callable[[str, str], None] | None = None,
        workers: int = WORKERS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        #: one call at a time: the row threads of a phase write through it
        self.journal: Journal = LockedJournal(journal)  # type: ignore[assignment]
        self.workers = workers
        self.time_zone = time_zone
        self.today = client.today
        self.v1_removal = CHECKOUT_V1_REMOVAL
        self.catalog = Catalog(client, time_zone, class_map)
        self.strategies = strategies or Strategies.load(journal)
        self.progress = progress or (lambda _row, _point: None)
        #: told as each phase starts: its step's words and the rows it works on (the CLI's bar)
        self.phase_started: Callable[[str, int], None] = lambda _step, _rows: None
        self.gone: set[str] = set()
        #: email → contact id, and contact id → its member, kept for the daemon's life (found
        #: by a query, or made by Create Booking); what is not found is asked each time, and a
        #: booking Wix refuses for its contact has the contact looked up again
        self.known_contacts: dict[str, str] = {}
        self.known_members: dict[str, dict[str, Any]] = {}
        #: member id → their plan orders and pools, reused for 10 minutes on the catalog's
        #: clock (one clock for what the flows keep); a refusal reads them afresh first
        self.known_plans = KeptPlans(client, clock=lambda: self.catalog.clock())
        #: the wall clock (the engine's: a test's or a bench's clock drives both)
        self.clock = clock
        #: each session's bookings, read after its online booking closed (:mod:`.kept_bookings`)
        self.kept_bookings = KeptBookings()
        #: (contact, event) → whether two rows of this batch ask for seats there
        self.seat_shared: dict[tuple[str, str], bool] = {}
        #: the old checkout refused an order of this order phase for want of a billing
        #: address: the phase's other rows are told so without a call (:mod:`.orders`)
        self.address_wanted = False

    # -- journal helpers --------------------------------------------------------------------
    def advance(self, task: Task, point: Point | None, detail: str = "", **changes: Any) -> None:
        task.record = self.journal.advance(task.row_id, point, detail, **changes)
        self.progress(task.row_id, detail or str(point))

    def sending(self, task: Task, call: str) -> None:
        task.record = self.journal.sending(task.row_id, call)
        self.progress(task.row_id, f"sending {call}")

    def fail(self, tasks: Iterable[Task], problem: p.RowProblem) -> None:
        for task in tasks:
            if task.problem is None:
                task.problem = problem

    def undo_booking(self, task: Task, why: str) -> None:
        """Cancel a booking that cannot be paid as asked (made for a plan that then cannot
        pay: :func:`sync.flows.plan_charges.made_for_the_plan`), so the row starts clean."""
        booking_id = task.record.booking_id
        found = self.client.query_extended_bookings({"id": booking_id}, with_order=False)
        if found and found[0]["booking"]["status"] not in ("CANCELED", "DECLINED"):
            booking = found[0]["booking"]
            self.client.cancel_booking(
                booking["id"], booking["revision"], with_refund=False, waive_charges=True
            )
        task.record = self.journal.restart_booking(task.row_id, why)
