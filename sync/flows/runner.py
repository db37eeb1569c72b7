"""The row flows, run as phases over a whole batch so bulk endpoints carry the load.

For each attendee the work is the forum thread's recipe done right: find-or-create the
contact → find the session → check that the named plan can pay (before anything is
written) → create the booking (OFFLINE) → an order placed through eCommerce Cart V2 with
the booking as its catalog item (so Wix links it and confirms the booking) → record the
in-person payment under its method, or charge the named plan and wait for Wix to settle it
→ attendance. Each step is a recovery point in the journal (:mod:`sync.state.journal`); a
run that finds a row part-way resumes it, looking up in Wix anything whose creation may
have happened before sending again.

Bulk and caches: one services query, one time-slot list per day, one contacts query for all
emails, one members query, three plan reads (plan orders and pools — kept per member for 10
minutes, :mod:`.kept_plans`, and read afresh before a plan row is refused or after a charge
is — and balances, read every cycle that checks a plan), one Extended Bookings query per
batch of sessions (which also finds people who booked online; kept 10 minutes once a
session takes no more online bookings, :mod:`.kept_bookings`), bulk create booking (≤ 8), one orders
search for the plan rows' order lines and one for charges to settle, bulk attendance (≤ 8).
Create cart, place order and mark-as-paid have no routed bulk form.

A big batch shows early: the lookups and the bookings run over the whole batch, then the
rest of each row's work (order, payment or plan charge, attendance) runs over growing groups
of rows — 8, then 16, 32, … — and each group, once done, is handed to ``on_done`` (the
engine writes it to the sheet while the next group goes on). Within a group the per-row
calls go a few at a time (:mod:`sync.flows.parallel`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable

from sync import words
from sync.failures import outage
from sync.files import StateUnusable
from sync.flows import problems as p
from sync.flows.after import AfterPhases
from sync.flows.attendee import Attendee
from sync.flows.bookings import BookingPhases
from sync.flows.changes import ChangePhases
from sync.flows.common import unavailable
from sync.flows.found import FoundPhases
from sync.flows.in_person import InPersonPhases
from sync.flows.lookups import LookupPhases
from sync.flows.orders import OrderPhases
from sync.flows.plan_charges import PlanPhases
from sync.flows.plan_checks import PlanChecks
from sync.flows.strategy import Strategies
from sync.flows.task import RowOutcome, Task
from sync.state import Point
from sync.stopping import Stopping
from sync.wix import KeyRejected, NotSent, OutcomeUnknown, WixError

log = logging.getLogger("wixsync.flows")

#: the phases over the whole batch: lookups one call answers for every row, and the bookings
#: (bulk); a row one of them refuses is done (its Error says why)
WHOLE_BATCH = (
    "payment_changes",
    "resolve_sessions",
    "contacts",
    "members",
    "existing_bookings",
    "adopted_changes",
    "check_plans",
    "create_bookings",
)
#: the phases run over growing groups of the batch's rows, a group done before the next
PER_GROUP = (
    "orders",
    "order_lines",
    "pay_in_person",
    "charge_plans",
    "settle_charges",
    "owed",
    "attendance",
    "cancellations",
)
#: the first group's size; each next one is twice the last (a multiple of 8, bulk
#: attendance's size, so grouping adds no attendance call)
FIRST_GROUP = 8

#: each phase as the step a sentence names ("Could not reach Wix to <step>")
STEPS = {
    "resolve_sessions": "find the class's session",
    "contacts": "find or create the contact",
    "members": "find the member account",
    "existing_bookings": "look up existing bookings",
    "adopted_changes": "check the payment of a booking carried over",
    "payment_changes": "read the order",
    "check_plans": "look up the member's plans",
    "create_bookings": "create the booking",
    "orders": "create the order",
    "order_lines": "read the order",
    "pay_in_person": "record the payment",
    "charge_plans": "charge the plan",
    "settle_charges": "read the plan charge",
    "owed": "read what is owed",
    "attendance": "record attendance",
    "cancellations": "cancel the booking",
}


class RowFlows(
    FoundPhases,
    ChangePhases,
    BookingPhases,
    LookupPhases,
    OrderPhases,
    InPersonPhases,
    PlanChecks,
    PlanPhases,
    AfterPhases,
):
    """Runs the five row flows for a batch of attendees, exactly once per attendee: every
    phase (each over :class:`sync.flows.base.Phases`, which holds the client, the journal and
    the caches), run in the order of :data:`WHOLE_BATCH` and :data:`PER_GROUP`."""

    # -- the run ----------------------------------------------------------------------------
    def run(
        self,
        attendees: list[Attendee],
        *,
        present: Iterable[str] | None = None,
        on_done: Callable[[list[RowOutcome]], None] | None = None,
        retyped: Iterable[str] = (),
    ) -> list[RowOutcome]:
        """``present``: every row id now in the sheet. A journaled booking whose row is not
        among them is handed to a row that asks for the same person and session.
        ``on_done``: told of rows as they are done, a group at a time (on this thread,
        while no row thread runs), before the run returns every row's outcome.
        ``retyped``: rows typed over with another person or session than their booking's: one
        whose booking was cancelled starts from nothing, whatever it asks (a cancel for the
        new person must not show the old person's cancelled booking)."""
        # what doctor learnt since (Cart V2 given to the key, say) counts from this run on
        self.strategies = Strategies.load(self.journal)
        tasks = [Task(a, self.journal.get(a.row_id)) for a in attendees]
        retyped = set(retyped)
        for task in tasks:
            if task.record.point != Point.CANCELLED:
                continue
            if task.wants_booking:
                task.record = self.journal.book_again(task.row_id, "the row asks for a seat")
            elif task.row_id in retyped:
                task.record = self.journal.book_again(task.row_id, "another seat typed over it")
        here = set(present) if present is not None else None
        self.gone = (
            {r.row_id for r in self.journal.all() if r.row_id not in here}
            if here is not None
            else set()
        )
        self.client.http.key_refused = None
        self.catalog.new_cycle()
        self.run_phases(tasks, WHOLE_BATCH)
        done = [t for t in tasks if not t.ok]  # refused by a lookup: nothing more to do
        groups = list(growing_groups([t for t in tasks if t.ok], FIRST_GROUP))
        for at, group in enumerate(groups, start=1):
            self.run_phases(group, PER_GROUP)
            if on_done is not None and at < len(groups):  # the last: the run returns now
                on_done([self.outcome(t) for t in done + group])
                done = []
        self.strategies.save(self.journal)
        return [self.outcome(t) for t in tasks]

    def run_phases(self, tasks: list[Task], names: tuple[str, ...]) -> None:
        """The named phases in order, each over the tasks no earlier phase refused."""
        for name in names:
            todo = [t for t in tasks if t.ok]
            if not todo:
                break
            self.phase_started(STEPS.get(name, name), len(todo))
            if not self._phase(name, todo) and len(todo) > 1:
                # failed unexpectedly: the phase again, a row at a time, so that only the
                # row it fails for is marked (each step resumes from the journal, as after
                # a restart: nothing is sent twice)
                for task in todo:
                    if task.ok:
                        self._phase(name, [task])
            if self.client.http.key_refused is not None:  # caught row by row: still the site's
                raise self.client.http.key_refused

    def _phase(self, name: str, todo: list[Task]) -> bool:
        """Run one phase over ``todo``; False when it failed unexpectedly (then, for one row,
        that row is marked :class:`~sync.flows.problems.Unexpected`)."""
        step = STEPS.get(name, name.replace("_", " "))
        try:
            getattr(self, name)(todo)
        except (KeyRejected, Stopping, StateUnusable, sqlite3.Error, MemoryError):
            raise  # the site cannot be synced, the state cannot be written, or the daemon
            # stops: no row is marked
        except (WixError, OutcomeUnknown, NotSent) as exc:  # a whole phase failed
            log.debug("phase %s failed: %s", name, exc)
            log.warning(
                "could not %s for %s: %s", step, words.plural(len(todo), "row"), outage(exc)
            )
            self.fail(todo, unavailable(step, exc))
        except Exception:  # a bug, or an answer no one foresaw: never the whole cycle
            rows = ", ".join(t.row_id for t in todo[:5]) + (" …" if len(todo) > 5 else "")
            log.exception("wixsync failed unexpectedly to %s for %s", step, rows)
            if len(todo) == 1:
                self.fail(todo, p.Unexpected(step))
            return False
        return True

    def outcome(self, task: Task) -> RowOutcome:
        r = task.record
        status = (
            words.booked_status(
                paid_via=r.paid_via,
                method=r.paid_method,
                pending=r.point == Point.CHARGING,
                plan=r.plan_name,
                credits_left=r.credits_left,
                amount_due=r.amount_due if r.order_id else None,  # owed on an order
                attended=r.attendance,
                cancelled=r.point == Point.CANCELLED,
            )
            if r.booking_id
            else ""
        )
        problem = task.problem
        if problem is None and r.paid_via == "add_payment_unconfirmed":
            problem = p.PaymentNotShown()
        error = words.problem(problem) if problem else None
        retry = bool(problem and problem.retry)
        # a plan charge Wix has not settled is looked at again by the next cycle
        pending = problem is None and r.point == Point.CHARGING
        start = (task.slot or {}).get("localStartDate")
        return RowOutcome(
            task.row_id,
            r.booking_id,
            r.order_id,
            status,
            error,
            retry,
            pending,
            session_start=str(start)[:16] if start else None,
            held_by=problem.holder if isinstance(problem, p.BookedByAnotherRow) else None,
            site_side=bool(problem and not problem.retry and problem.site_side),
            unforeseen=isinstance(problem, p.Unexpected),
        )


def growing_groups(tasks: list[Task], first: int) -> Iterable[list[Task]]:
    """``tasks`` in order, in groups of ``first``, then twice that, and so on."""
    start, size = 0, first
    while start < len(tasks):
        yield tasks[start : start + size]
        start, size = start + size, size * 2
