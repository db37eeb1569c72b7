"""The row flows, run as phases over a whole batch so bulk endpoints carry the load.

For each attendee the work is the forum thread's recipe done right: find-or-create the
contact → find the session → create the booking → a checkout with the booking as its line
item → the order created *from that checkout* (so Wix links it and confirms the booking) →
mark it paid (cash) or charge the named plan → attendance. Each step is a recovery point in
the journal (:mod:`sync.state.journal`); a run that finds a row part-way resumes it, looking
up in Wix anything whose creation may have happened before sending again.

Bulk and caches: one services query, one time-slot list per day, one contacts query for all
emails, one members query, one pricing-plans query, one Extended Bookings query per session
(which also finds people who booked online), bulk create booking (≤ 8), bulk mark-as-paid
(≤ 100), bulk attendance (≤ 8). Checkout and create-order have no bulk form: two calls a row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from sync import words
from sync.flows import problems as p
from sync.flows.attendee import Attendee, Payment
from sync.flows.catalog import Catalog, day_label
from sync.flows.payments import PaymentPhases
from sync.flows.strategy import PlanVia, Strategies
from sync.flows.task import RowOutcome, Task
from sync.state import Journal, Point
from sync.wix import NotSent, OutcomeUnknown, WixAPIError, WixClient, WixError
from sync.wix.enums import ACTIVE_BOOKING

log = logging.getLogger("wixsync.flows")

BULK_BOOKINGS = 8  # SDK typings allow 40; the doc page says 8 — stay safe


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: each phase as the step a sentence names ("Could not reach Wix to <step>")
STEPS = {
    "resolve_sessions": "find the class's session",
    "contacts": "find or create the contact",
    "members": "find the member account",
    "existing_bookings": "look up existing bookings",
    "choose_plans": "look up the member's plans",
    "create_bookings": "create the booking",
    "orders": "create the order",
    "pay_cash": "record the cash payment",
    "charge_plans_by_billing": "charge the plan",
    "owed": "read what is owed",
    "attendance": "record attendance",
    "cancellations": "cancel the booking",
}


def unavailable(step: str, exc: Exception) -> p.RowProblem:
    if isinstance(exc, WixAPIError) and exc.rejected:
        if exc.status == 403:
            return p.MissingPermission(exc.data.get("permission", exc.code), step)
        return p.WixRefused(step, exc.code, exc.description, exc.request_id)
    return p.WixUnavailable(step, str(exc))


class RowFlows(PaymentPhases):
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
        self.catalog = Catalog(client, time_zone, class_map)
        self.strategies = strategies or Strategies.load(journal)
        self.progress = progress or (lambda _row, _point: None)
        self.gone: set[str] = set()

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
        for task in tasks:
            if task.record.payment_kind != task.attendee.payment and task.booked:
                self.advance(
                    task,
                    None,
                    f"payment now {task.attendee.payment}",
                    payment_kind=task.attendee.payment,
                )
        phases: list[Callable[[list[Task]], None]] = [
            self.resolve_sessions,
            self.contacts,
            self.members,
            self.existing_bookings,
            self.choose_plans,
            self.create_bookings,
            self.orders,
            self.pay_cash,
            self.charge_plans_by_billing,
            self.owed,
            self.attendance,
            self.cancellations,
        ]
        for phase in phases:
            todo = [t for t in tasks if t.ok]
            if not todo:
                break
            try:
                phase(todo)
            except (WixError, OutcomeUnknown, NotSent) as exc:  # a whole phase failed
                log.warning("phase %s failed: %s", phase.__name__, exc)
                step = STEPS.get(phase.__name__, phase.__name__.replace("_", " "))
                self.fail(todo, unavailable(step, exc))
        self.strategies.save(self.journal)
        return [self.outcome(t) for t in tasks]

    def outcome(self, task: Task) -> RowOutcome:
        r = task.record
        status = (
            words.booked_status(
                paid_via=r.paid_via,
                plan=r.plan_name,
                credits_left=r.credits_left,
                amount_due=r.amount_due,
                attended=r.attendance,
                cancelled=r.point == Point.CANCELLED,
            )
            if r.booking_id
            else ("Cancelled" if task.attendee.payment == Payment.CANCEL else "")
        )
        problem = task.problem
        if problem is None and r.paid_via == "add_payment_unconfirmed":
            problem = p.PaymentNotShown()
        error = words.problem(problem) if problem else None
        return RowOutcome(
            task.row_id, r.booking_id, r.order_id, status, error, bool(problem and problem.retry)
        )

    # -- phase: sessions --------------------------------------------------------------------
    def resolve_sessions(self, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.wants_booking and not t.booked]
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
        needing = [t for t in tasks if t.wants_booking and not t.record.contact_id]
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
        for task in needing:
            a = task.attendee
            contact = by_email.get(a.email)
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

    # -- phase: bookings that already exist -------------------------------------------------
    def existing_bookings(self, tasks: list[Task]) -> None:
        """One Extended Bookings query per session finds both bookings this daemon made
        before a crash (``externalUserId``) and people who booked online (by contact)."""
        self.one_row_per_seat(tasks)
        needing = [t for t in tasks if t.ok and t.wants_booking and not t.booked and t.slot]
        if not needing:
            return
        events = sorted({t.slot["eventInfo"]["eventId"] for t in needing if t.slot})
        found = self.client.query_extended_bookings(
            {
                "bookedEntity.item.slot.eventId": {"$in": events},
                "status": {"$in": [str(s) for s in ACTIVE_BOOKING]},
            }
        )
        by_external = {x["booking"].get("externalUserId"): x for x in found}
        by_contact = {
            (
                x["booking"]["contactDetails"].get("contactId"),
                x["booking"]["bookedEntity"]["slot"]["eventId"],
            ): x
            for x in found
        }
        holders = {r.booking_id: r.row_id for r in self.journal.all() if r.booking_id}
        for task in needing:
            assert task.slot is not None
            event = task.slot["eventInfo"]["eventId"]
            mine = by_external.get(task.attendee.external_id)
            other = by_contact.get((task.record.contact_id, event))
            item = mine or other
            if item is None:
                continue
            holder = holders.get(item["booking"]["id"])
            if holder is not None and holder != task.row_id:
                if holder in self.gone:
                    # the row that booked it left the sheet; this row carries it on
                    self.adopt(task, holder)
                else:
                    task.problem = p.BookedByAnotherRow(task.attendee.name, item["booking"]["id"])
                continue
            made_here = str(item["booking"].get("externalUserId") or "").startswith("wixsync:")
            self.attach(task, item, prebooked=not made_here)

    def one_row_per_seat(self, tasks: list[Task]) -> None:
        """Two rows of this batch for one person and one session (written differently: one
        with the time, one without) book once: a row already booked keeps it, else the first."""
        seats: set[tuple[str, str]] = set()
        for task in sorted(tasks, key=lambda t: not t.booked):  # booked rows first, stable
            event = task.record.event_id if task.booked else None
            if event is None and task.slot:
                event = task.slot["eventInfo"]["eventId"]
            if not event or not task.wants_booking:
                continue
            seat = (task.attendee.email.casefold(), event)
            if seat in seats:
                task.problem = p.SameSessionTwice(task.attendee.name)
            seats.add(seat)

    def adopt(self, task: Task, holder: str) -> None:
        task.record = self.journal.adopt(task.row_id, holder, "same person and session")
        self.progress(task.row_id, "adopted")
        if task.record.payment_kind != task.attendee.payment:
            self.advance(
                task,
                None,
                f"payment now {task.attendee.payment}",
                payment_kind=task.attendee.payment,
            )

    def attach(self, task: Task, item: dict[str, Any], *, prebooked: bool) -> None:
        booking, order = item["booking"], item.get("order")
        if order and order.get("status") == "CANCELED":
            order = None  # Extended Bookings also shows a cancelled order; it pays for nothing
        changes: dict[str, Any] = {
            "booking_id": booking["id"],
            "event_id": booking["bookedEntity"]["slot"]["eventId"],
            "service_id": booking["bookedEntity"]["slot"]["serviceId"],
            "prebooked": int(prebooked),
        }
        point = Point.BOOKED
        if order:
            changes["order_id"] = order["id"]
            point = Point.ORDERED
            if order.get("paymentStatus") == "PAID":
                point = Point.PAID
                changes["paid_via"] = "online" if prebooked else task.record.paid_via or "cash"
        self.advance(
            task,
            point,
            "found existing booking" + (" (booked online)" if prebooked else ""),
            **changes,
        )

    # -- phase: which plan ------------------------------------------------------------------
    def choose_plans(self, tasks: list[Task]) -> None:
        """Name the plan before booking: the one written in Plan, or the only one held."""
        needing = [
            t
            for t in tasks
            if t.attendee.payment == Payment.PLAN
            and not t.record.plan_name
            and t.record.member_id
            and not t.record.reached(Point.PAID)
        ]
        if not needing:
            return
        orders = self.client.plan_orders(
            sorted({t.record.member_id for t in needing if t.record.member_id})
        )
        for task in needing:
            held = [
                o for o in orders if o.get("buyer", {}).get("memberId") == task.record.member_id
            ]
            task.extra["plan_orders"] = held
            names = tuple(dict.fromkeys(o["planName"] for o in held))
            wanted = task.attendee.plan
            if wanted:
                match = [n for n in names if n.casefold() == wanted.strip().casefold()]
                if not match:
                    match = [n for n in names if n.casefold().startswith(wanted.strip().casefold())]
                if len(match) != 1:
                    task.problem = p.PlanNotHeld(task.attendee.name, wanted, names)
                    continue
                chosen = match[0]
            elif len(names) == 1:
                chosen = names[0]
            elif not names:
                task.problem = p.NoActivePlan(task.attendee.name)
                continue
            else:
                task.problem = p.PlanChoiceNeeded(task.attendee.name, names)
                continue
            self.advance(task, None, f"plan {chosen}", plan_name=chosen)

    # -- phase: create bookings ---------------------------------------------------------------
    def booking_option(self, task: Task) -> str:
        if task.attendee.payment == Payment.PLAN and self.strategies.plan == PlanVia.CHECKOUT:
            return "MEMBERSHIP"
        return "OFFLINE"

    def create_bookings(self, tasks: list[Task]) -> None:
        needing = [
            t for t in tasks if t.wants_booking and not t.booked and t.slot and t.record.contact_id
        ]
        for group in chunks(needing, BULK_BOOKINGS):
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
                        contact={
                            "contactId": task.record.contact_id,
                            "firstName": a.first,
                            "lastName": a.last,
                            "email": a.email,
                        },
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
                if isinstance(exc, WixAPIError) and exc.rejected:
                    self.fail(group, unavailable("create the booking", exc))
                else:  # may have happened: the next run finds them by externalUserId
                    self.fail(group, p.WixUnavailable("create the booking", str(exc)))
                continue
            for task, result in zip(group, results, strict=False):
                meta = result.get("itemMetadata", {})
                if meta.get("success"):
                    booking = result.get("item") or {"id": meta["id"]}
                    self.advance(
                        task,
                        Point.BOOKED,
                        "booked",
                        booking_id=booking["id"],
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
