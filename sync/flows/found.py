"""Row phase: bookings that already exist in Wix.

One Extended Bookings query per batch of sessions finds the bookings this daemon made before
a crash (``externalUserId`` = ``wixsync:<row id>``) and the ones people made online, by
contact, session and name. That is also how a row typed with ``cancel`` finds the real
booking when the row that booked it was deleted or its Row ID was overwritten, and how a
row's Status is rebuilt from Wix when the state file was lost: the order's transactions say
how it was paid (the method, the plan) or what is owed.

Seats: rows with one email and different names in one session are separate seats under one
contact (a parent booking two children); one email and one name is one seat.
"""

from __future__ import annotations

from typing import Any

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.catalog import day_label
from sync.flows.common import chunks
from sync.flows.kept_bookings import closed_long_enough
from sync.flows.task import Task
from sync.state import Point, RowRecord
from sync.wix.enums import ACTIVE_BOOKING

#: a predefined in-person method as Wix names it → the method's stored key
PREDEFINED_KEYS = {"CASH": "cash", "CHECK": "check", "BANK_TRANSFER": "bank_transfer"}


def _event(task: Task) -> str:
    assert task.slot is not None
    return str(task.slot["eventInfo"]["eventId"])


def _contact(item: dict[str, Any]) -> str | None:
    return (item["booking"].get("contactDetails") or {}).get("contactId")


def seat_name(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".casefold().split())


class FoundPhases(Phases):
    def existing_bookings(self, tasks: list[Task]) -> None:
        self.one_row_per_seat(tasks)
        # an email no contact holds has no booking: Wix books every seat for a contact (a
        # booking made online makes one), so a newcomer is looked up only if a booking for
        # the row may have been sent before a crash
        needing = [
            t
            for t in tasks
            if t.ok
            and not t.booked
            and t.slot
            and (t.record.contact_id or t.record.inflight == "booking")
        ]
        if not needing:
            return
        records = [r for r in self.journal.all() if r.booking_id]
        found = self.session_bookings(needing, {(r.contact_id, r.event_id) for r in records})
        by_external = {x["booking"].get("externalUserId"): x for x in found}
        holders = {r.booking_id: r.row_id for r in records}
        claimed: set[str] = set()
        redone: list[Task] = []
        for task in needing:
            item = by_external.get(task.attendee.external_id) or self.same_seat(
                task, found, claimed
            )
            if item is None:
                if task.attendee.payment != Payment.CANCEL:
                    continue
                if task.record.point == Point.CANCELLED:
                    # a cancel row edited after its own cancel: nothing more to cancel, done
                    redone.append(task)
                    continue
                a = task.attendee
                task.problem = p.NothingToCancel(a.name, a.class_name, day_label(a.session_date))
                continue
            claimed.add(item["booking"]["id"])
            holder = holders.get(item["booking"]["id"])
            if holder is not None and holder != task.row_id:
                if holder in self.gone:
                    # the row that booked it left the sheet; this row carries it on
                    self.adopt(task, holder)
                else:
                    task.problem = p.BookedByAnotherRow(
                        task.attendee.name, item["booking"]["id"], holder
                    )
                continue
            made_here = str(item["booking"].get("externalUserId") or "").startswith("wixsync:")
            self.attach(task, item, prebooked=not made_here)
        if redone:
            self.cancelled_meanwhile(redone, records, found)

    def cancelled_meanwhile(
        self, tasks: list[Task], records: list[RowRecord], found: list[dict[str, Any]]
    ) -> None:
        """The bookings of rows that left the sheet, for these rows' contacts and sessions,
        that the sessions' active bookings do not show: looked up by id (one query), and
        each Wix shows cancelled (in the dashboard, say) is cancelled in the journal too —
        so a note that such a booking still holds the seat (planner branch 5a) goes."""
        seats = {(t.record.contact_id, _event(t)) for t in tasks}
        active = {x["booking"]["id"] for x in found}
        gone = {
            r.booking_id: r.row_id
            for r in records
            if r.row_id in self.gone
            and r.point != Point.CANCELLED
            and not r.inflight
            and (r.contact_id, r.event_id) in seats
            and r.booking_id not in active
        }
        for group in chunks(sorted(gone), 100):
            for item in self.client.query_extended_bookings(
                {"id": {"$in": group}}, with_order=False
            ):
                if item["booking"]["status"] in ("CANCELED", "DECLINED"):
                    row_id = gone[item["booking"]["id"]]
                    self.journal.advance(row_id, Point.CANCELLED, "cancelled in Wix, row gone")

    def session_bookings(
        self, needing: list[Task], journaled: set[tuple[str | None, str | None]]
    ) -> list[dict[str, Any]]:
        """The active bookings of the rows' sessions: one Extended Bookings query, unless
        every row may go on a list kept since its session's online booking closed
        (:mod:`sync.flows.kept_bookings`). A read made after the close is kept."""
        now = self.clock()
        kept: list[dict[str, Any]] = []
        for task in needing:
            event = _event(task)
            items = self.kept_bookings.get(event, now)
            if (
                items is None
                or task.record.inflight == "booking"
                or task.attendee.payment == Payment.CANCEL
                or (task.record.contact_id, event) in journaled
                or any(_contact(x) == task.record.contact_id for x in items)
            ):
                break
            kept.extend(x for x in items if x not in kept)
        else:
            return kept
        events = sorted({_event(t) for t in needing})
        found = self.client.query_extended_bookings(
            {
                "bookedEntity.item.slot.eventId": {"$in": events},
                "status": {"$in": [str(s) for s in ACTIVE_BOOKING]},
            },
            with_attendance=True,
        )
        closed = {
            _event(t) for t in needing if closed_long_enough(t.service, t.slot, self.time_zone, now)
        }
        for event in closed:
            here = [x for x in found if x["booking"]["bookedEntity"]["slot"]["eventId"] == event]
            self.kept_bookings.keep(event, here, now)
        return found

    def same_seat(
        self, task: Task, found: list[dict[str, Any]], claimed: set[str]
    ) -> dict[str, Any] | None:
        """The active booking for this row's contact and session: the one in the row's
        name; or, when the contact holds only one booking there and no other row of the
        batch asks for that contact and session, that one (a booking made online in a
        parent's name for a child)."""
        if not task.record.contact_id or not task.slot:
            return None
        event = task.slot["eventInfo"]["eventId"]
        here = [
            x
            for x in found
            if x["booking"]["id"] not in claimed
            and (x["booking"].get("contactDetails") or {}).get("contactId")
            == task.record.contact_id
            and x["booking"]["bookedEntity"]["slot"]["eventId"] == event
        ]
        name = seat_name(task.attendee.first, task.attendee.last)
        named = [x for x in here if _booked_name(x) == name]
        if named:
            return named[0]
        # a booking wixsync made is another row's seat (found by its externalUserId): only
        # a booking made elsewhere (online) may be in a parent's name for a child
        elsewhere = [
            x
            for x in here
            if not str(x["booking"].get("externalUserId") or "").startswith("wixsync:")
        ]
        if (
            len(here) == 1
            and elsewhere
            and not self.seat_shared.get((task.record.contact_id, event))
        ):
            return here[0]
        return None

    def one_row_per_seat(self, tasks: list[Task]) -> None:
        """Two rows of this batch for one seat (written differently: one with the time, one
        without) book once: a row already booked keeps it, else the first. A seat is an
        email, a name and a session: two children on a parent's email are two seats."""
        seats: set[tuple[str, str, str]] = set()
        self.seat_shared = {}
        per_contact: dict[tuple[str, str], int] = {}
        for task in sorted(tasks, key=lambda t: not t.booked):  # booked rows first, stable
            event = task.record.event_id if task.booked else None
            if event is None and task.slot:
                event = task.slot["eventInfo"]["eventId"]
            if not event:
                continue
            a = task.attendee
            seat = (a.email.casefold(), seat_name(a.first, a.last), event)
            if seat in seats and a.payment != Payment.CANCEL:
                task.problem = p.SameSessionTwice(a.name)
            seats.add(seat)
            if task.record.contact_id:
                key = (task.record.contact_id, event)
                per_contact[key] = per_contact.get(key, 0) + 1
        self.seat_shared = {k: n > 1 for k, n in per_contact.items()}

    def adopt(self, task: Task, holder: str) -> None:
        """Carry on the booking of a row that left the sheet. What this row found of the
        person (their member account: the row that left may never have needed one) stays;
        the row's Payment is then held against what Wix recorded, as for an edited row
        (``adopted_changes``): owed and now plan charges the plan on the same order."""
        mine = task.record
        task.record = self.journal.adopt(task.row_id, holder, "same person and session")
        task.extra["adopted"] = holder
        self.progress(task.row_id, "adopted")
        if mine.member_id and not task.record.member_id:
            self.advance(task, None, "member", member_id=mine.member_id)

    def attach(self, task: Task, item: dict[str, Any], *, prebooked: bool) -> None:
        """Take a booking found in Wix as this row's, with what its order says: paid (how),
        charged to a plan (settled or not), or owed."""
        booking, order = item["booking"], item.get("order")
        if order and order.get("status") == "CANCELED":
            order = None  # Extended Bookings also shows a cancelled order; it pays for nothing
        changes: dict[str, Any] = {
            "booking_id": booking["id"],
            "contact_id": (booking.get("contactDetails") or {}).get("contactId")
            or task.record.contact_id,
            "event_id": booking["bookedEntity"]["slot"]["eventId"],
            "service_id": booking["bookedEntity"]["slot"]["serviceId"],
            "prebooked": int(prebooked),
        }
        attended = (item.get("attendance") or {}).get("status")
        if attended in ("ATTENDED", "NOT_ATTENDED"):
            changes["attendance"] = attended
        point = Point.BOOKED
        if order:
            changes["order_id"] = order["id"]
            point = Point.ORDERED
            changes["amount_due"] = (order.get("balance") or {}).get("amount")
            paid = order.get("paymentStatus") == "PAID"
            if paid or not prebooked:
                point = self.paid_how(order["id"], changes, paid=paid) or point
        self.advance(
            task,
            point,
            "found existing booking" + (" (booked online)" if prebooked else ""),
            **changes,
        )

    def paid_how(self, order_id: str, changes: dict[str, Any], *, paid: bool) -> Point | None:
        """Read the order's transactions: how it was paid (an in-person method, a plan, or
        online), so a Status rebuilt from Wix says the truth. None: nothing recorded."""
        payments = self.client.list_transactions(order_id).get("payments", [])
        live = [x for x in payments if x.get("status") not in ("CANCELED", "DECLINED", "VOIDED")]
        for payment in live:
            plan = payment.get("membershipPaymentDetails")
            if plan:
                changes.update(
                    paid_via="plan_billing",
                    plan_name=(plan.get("name") or {}).get("original"),
                    line_item_id=plan.get("lineItemId"),
                    amount_due=None,
                )
                return Point.PAID if payment.get("status") == "APPROVED" else Point.CHARGING
            regular = payment.get("regularPaymentDetails") or {}
            if regular.get("offlinePayment") and payment.get("status") == "APPROVED":
                named = (regular.get("paymentMethodName") or {}).get("userDefinedName") or {}
                method = PREDEFINED_KEYS.get(str(named.get("predefined")), "")
                method = method or str(named.get("custom") or "cash").casefold()
                changes.update(paid_via="mark_as_paid", paid_method=method, amount_due=None)
                return Point.PAID
        if paid:
            changes.update(paid_via="online", amount_due=None)
            return Point.PAID
        return None


def _booked_name(item: dict[str, Any]) -> str:
    details = item["booking"].get("contactDetails") or {}
    return seat_name(str(details.get("firstName") or ""), str(details.get("lastName") or ""))
