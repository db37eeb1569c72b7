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
emails, one members query, three plan reads (plan orders, pools, balances), one Extended
Bookings query per session (which also finds people who booked online), bulk create booking
(≤ 8), one orders search for the plan rows' order lines and one for charges to settle, bulk
attendance (≤ 8). Create cart, place order and mark-as-paid have no routed bulk form.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sync import words
from sync.flows import problems as p
from sync.flows.after import AfterPhases
from sync.flows.attendee import Attendee, Payment
from sync.flows.catalog import Catalog, day_label
from sync.flows.changes import ChangePhases
from sync.flows.common import chunks, unavailable
from sync.flows.found import FoundPhases
from sync.flows.in_person import InPersonPhases
from sync.flows.orders import OrderPhases
from sync.flows.plan_charges import PlanPhases
from sync.flows.strategy import CHECKOUT_V1_REMOVAL, Strategies
from sync.flows.task import RowOutcome, Task
from sync.state import Journal, Point
from sync.wix import KeyRejected, NotSent, OutcomeUnknown, WixAPIError, WixClient, WixError

log = logging.getLogger("wixsync.flows")

#: Bulk Create Booking: ``@maxSize 40`` in the newest typings (bookings 1.0.241); older doc
#: pages say 8. A site that refuses 40 (a validation error on ``createBookingsInfo``) is sent
#: 8 from then on (``bulk.bookings`` in the state's settings).
BULK_BOOKINGS = 40
BULK_BOOKINGS_SAFE = 8


#: each phase as the step a sentence names ("Could not reach Wix to <step>")
STEPS = {
    "resolve_sessions": "find the class's session",
    "contacts": "find or create the contact",
    "members": "find the member account",
    "existing_bookings": "look up existing bookings",
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


def matched(
    group: list[Task], results: list[dict[str, Any]]
) -> list[tuple[Task, dict[str, Any] | None]]:
    """Bulk results by ``itemMetadata.originalIndex`` (the documented key), by position
    where Wix gives none; a task Wix said nothing of gets ``None``, never a neighbour's."""
    by_index: dict[int, dict[str, Any]] = {}
    for position, result in enumerate(results):
        index = (result.get("itemMetadata") or {}).get("originalIndex", position)
        if isinstance(index, int) and 0 <= index < len(group):
            by_index.setdefault(index, result)
    return [(task, by_index.get(i)) for i, task in enumerate(group)]


class RowFlows(FoundPhases, ChangePhases, OrderPhases, InPersonPhases, PlanPhases, AfterPhases):
    """Runs the five row flows for a batch of attendees, exactly once per attendee."""

    def __init__(
        self,
        client: WixClient,
        journal: Journal,
        *,
        time_zone: str,
        class_map: dict[str, str] | None = None,
        strategies: Strategies | None = None,
        progress: Callable[[str, str], None] | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.time_zone = time_zone
        self.today = client.today
        self.v1_removal = CHECKOUT_V1_REMOVAL
        self.catalog = Catalog(client, time_zone, class_map)
        self.strategies = strategies or Strategies.load(journal)
        self.progress = progress or (lambda _row, _point: None)
        self.gone: set[str] = set()
        #: (contact, event) → whether two rows of this batch ask for seats there
        self.seat_shared: dict[tuple[str, str], bool] = {}

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

    # -- the run ----------------------------------------------------------------------------
    def run(
        self, attendees: list[Attendee], *, present: Iterable[str] | None = None
    ) -> list[RowOutcome]:
        """``present``: every row id now in the sheet. A journaled booking whose row is not
        among them is handed to a row that asks for the same person and session."""
        tasks = [Task(a, self.journal.get(a.row_id)) for a in attendees]
        here = set(present) if present is not None else None
        self.gone = (
            {r.row_id for r in self.journal.all() if r.row_id not in here}
            if here is not None
            else set()
        )
        phases: list[Callable[[list[Task]], None]] = [
            self.payment_changes,
            self.resolve_sessions,
            self.contacts,
            self.members,
            self.existing_bookings,
            self.check_plans,
            self.create_bookings,
            self.orders,
            self.order_lines,
            self.pay_in_person,
            self.charge_plans,
            self.settle_charges,
            self.owed,
            self.attendance,
            self.cancellations,
        ]
        self.client.http.key_refused = None
        for phase in phases:
            todo = [t for t in tasks if t.ok]
            if not todo:
                break
            try:
                phase(todo)
            except KeyRejected:
                raise  # the site cannot be synced: no row is marked
            except (WixError, OutcomeUnknown, NotSent) as exc:  # a whole phase failed
                log.warning("phase %s failed: %s", phase.__name__, exc)
                step = STEPS.get(phase.__name__, phase.__name__.replace("_", " "))
                self.fail(todo, unavailable(step, exc))
            if self.client.http.key_refused is not None:  # caught row by row: still the site's
                raise self.client.http.key_refused
        self.strategies.save(self.journal)
        return [self.outcome(t) for t in tasks]

    def outcome(self, task: Task) -> RowOutcome:
        r = task.record
        status = (
            words.booked_status(
                paid_via=r.paid_via,
                method=r.paid_method,
                pending=r.point == Point.CHARGING,
                plan=r.plan_name,
                credits_left=r.credits_left,
                amount_due=r.amount_due,
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
        )

    # -- phase: sessions --------------------------------------------------------------------
    def resolve_sessions(self, tasks: list[Task]) -> None:
        # a cancel row with no booking of its own looks for the real one by person and session
        needing = [t for t in tasks if not t.booked]
        self.catalog.prefetch({t.attendee.session_date for t in needing})
        for task in needing:
            a = task.attendee
            try:
                task.slot = self.catalog.session(a.class_name, a.session_date, a.session_time)
                task.service = self.catalog.service(a.class_name)
            except p.RowProblem as problem:
                task.problem = problem

    # -- phase: contacts --------------------------------------------------------------------
    def contacts(self, tasks: list[Task]) -> None:
        """Find each attendee's contact by email (one query). A new email gets its contact
        from Create Booking itself ("If no contact with this email exists, a new contact is
        created", Bookings typings), which saves a call a newcomer; only an email new to Wix
        that two rows of this batch share is created here first, so both seats land on one
        contact. A plan row never creates a contact (a plan holder is a member already)."""
        needing = [t for t in tasks if not t.booked and not t.record.contact_id]
        if not needing:
            return
        emails = sorted({t.attendee.email for t in needing})
        by_email: dict[str, dict[str, Any]] = {}
        for group in chunks(emails, 100):
            for contact in self.client.query_contacts({"info.emails.email": {"$in": group}}):
                for item in contact.get("info", {}).get("emails", {}).get("items", []):
                    email = item.get("email", "").lower()
                    primary = contact.get("primaryInfo", {}).get("email", "").lower() == email
                    if email in group and (email not in by_email or primary):
                        by_email[email] = contact
        shared = Counter(t.attendee.email for t in needing if t.attendee.email not in by_email)
        for task in needing:
            a = task.attendee
            contact = by_email.get(a.email)
            if contact is None and a.payment == Payment.CANCEL:
                task.problem = p.NothingToCancel(a.name, a.class_name, day_label(a.session_date))
                continue
            if contact is None and a.payment == Payment.PLAN:
                # a plan holder is a member, so a contact: nothing is created for this row
                task.problem = p.NoMemberAccount(a.name)
                continue
            if contact is None and shared[a.email] < 2:
                self.advance(task, None, "new contact: Create Booking makes it",
                             payment_kind=a.payment)  # fmt: skip
                continue
            if contact is None:
                try:
                    contact = self.client.create_contact(a.first, a.last, a.email)
                except WixAPIError as exc:
                    if exc.code != "DUPLICATE_CONTACT_EXISTS":
                        task.problem = unavailable("create the contact", exc)
                        continue
                    contact = {"id": exc.data["duplicateContactId"]}
                except WixError as exc:
                    task.problem = unavailable("create the contact", exc)
                    continue
                by_email[a.email] = contact
            self.advance(
                task,
                Point.CONTACT if not task.record.reached(Point.CONTACT) else None,
                "contact",
                contact_id=contact["id"],
                payment_kind=a.payment,
            )

    def members(self, tasks: list[Task]) -> None:
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.PLAN and not t.record.member_id and t.record.contact_id
        ]
        if not needing:
            return
        ids = sorted({t.record.contact_id for t in needing if t.record.contact_id})
        found = {m["contactId"]: m for m in self.client.query_members({"contactId": {"$in": ids}})}
        for task in needing:
            member = found.get(task.record.contact_id or "")
            if member is None:
                task.problem = p.NoMemberAccount(task.attendee.name)
            else:
                self.advance(task, None, "member", member_id=member["id"])

    # -- phase: create bookings ---------------------------------------------------------------
    @staticmethod
    def booking_contact(task: Task) -> dict[str, Any]:
        """``contactDetails``: the contact found, or none for Create Booking to make."""
        a = task.attendee
        details: dict[str, Any] = {"firstName": a.first, "lastName": a.last, "email": a.email}
        if task.record.contact_id:
            details = {"contactId": task.record.contact_id, **details}
        return details

    def booking_option(self, task: Task) -> str:
        """OFFLINE for every seat (the order line then reads FULL_PAYMENT_OFFLINE); never
        MEMBERSHIP_OFFLINE, which charges nothing."""
        return "OFFLINE"

    def create_bookings(self, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.wants_booking and not t.booked and t.slot]
        size = int(self.journal.setting("bulk.bookings", str(BULK_BOOKINGS)) or BULK_BOOKINGS)
        if len(needing) > BULK_BOOKINGS_SAFE and size > BULK_BOOKINGS_SAFE:
            try:
                self.create_booking_group(needing[:size])
            except WixAPIError as exc:
                if not _too_many(exc):
                    raise
                self.journal.set_setting("bulk.bookings", str(BULK_BOOKINGS_SAFE))
                size = BULK_BOOKINGS_SAFE  # nothing was created: the same rows go by 8
            else:
                needing = needing[size:]
        for group in chunks(needing, size):
            self.create_booking_group(group)

    def create_booking_group(self, group: list[Task]) -> None:
        """One Bulk Create Booking call; raises a whole-call refusal only for the first
        group of a size not yet proven (``_too_many``)."""
        infos = []
        for task in group:
            assert task.slot is not None
            assert task.service is not None
            a = task.attendee
            late = bool(task.slot.get("bookingPolicyViolations", {}).get("tooLateToBook"))
            full = task.slot.get("remainingCapacity", 1) < 1
            infos.append(
                self.client.booking_info(
                    service_id=task.service["id"],
                    event_id=task.slot["eventInfo"]["eventId"],
                    contact=self.booking_contact(task),
                    option=self.booking_option(task),
                    external_id=a.external_id,
                    # walk-ins were physically there: a started or full class still takes them
                    skip_availability=late or full,
                )
            )
            self.sending(task, "booking")
        try:
            results = self.client.bulk_create_bookings(infos)
        except (OutcomeUnknown, WixAPIError, NotSent) as exc:
            if isinstance(exc, WixAPIError) and _too_many(exc) and len(group) > 8:
                raise
            if isinstance(exc, WixAPIError) and exc.rejected:
                self.fail(group, unavailable("create the booking", exc))
            else:  # may have happened: the next run finds them by externalUserId
                self.fail(group, p.WixUnavailable("create the booking", str(exc)))
            return
        for task, result in matched(group, results):
            if result is None:  # Wix said nothing of this item: look it up next run
                self.fail([task], p.WixUnavailable("create the booking", "no result"))
                continue
            meta = result.get("itemMetadata", {})
            if meta.get("success"):
                booking = result.get("item") or {"id": meta["id"]}
                contact_id = (booking.get("contactDetails") or {}).get("contactId")
                self.advance(
                    task,
                    Point.BOOKED,
                    "booked",
                    booking_id=booking["id"],
                    contact_id=contact_id or task.record.contact_id,
                    event_id=task.slot["eventInfo"]["eventId"] if task.slot else None,
                    service_id=task.service["id"] if task.service else None,
                    payment_kind=task.attendee.payment,
                )
            else:
                error = meta.get("error") or {}
                code = error.get("code", "UNKNOWN")
                if code in ("SESSION_CAPACITY_EXCEEDED", "SLOT_NOT_AVAILABLE"):
                    task.problem = p.SessionFull(
                        task.attendee.class_name, day_label(task.attendee.session_date)
                    )
                elif code == "BOOKING_POLICY_VIOLATION":
                    task.problem = p.TooLateToBook(
                        task.attendee.class_name, day_label(task.attendee.session_date)
                    )
                else:
                    task.problem = p.WixRefused(
                        "create the booking", code, error.get("description", "")
                    )
                self.advance(task, None, f"booking refused: {code}")


def _too_many(exc: WixAPIError) -> bool:
    """A whole-call validation refusal of the number of bookings in one bulk call."""
    return exc.status == 400 and any(
        "createBookingsInfo" in str(v.get("field", "")) for v in exc.violations
    )
