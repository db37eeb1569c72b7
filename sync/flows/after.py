"""Row phases after payment: what is owed, attendance, cancellation (undoing a booking that
cannot be paid as asked is :meth:`sync.flows.base.Phases.undo_booking`)."""

from __future__ import annotations

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.catalog import day_label
from sync.flows.common import chunks, unavailable
from sync.flows.parallel import each
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError, WixError


class AfterPhases(Phases):
    # -- owed, attendance, cancel --------------------------------------------------------------
    def owed(self, tasks: list[Task]) -> None:
        for task in tasks:
            if task.attendee.payment == Payment.UNPAID and task.record.point == Point.ORDERED:
                self.advance(task, Point.OWED, "owes")

    def attendance(self, tasks: list[Task]) -> None:
        wanted = {True: "ATTENDED", False: "NOT_ATTENDED"}
        needing = [
            t
            for t in tasks
            if t.booked
            and t.attendee.attended is not None
            and t.record.attendance != wanted[t.attendee.attended]
        ]
        for group in chunks(needing, 8):
            items = [
                (t.record.booking_id or "", t.record.event_id or "", wanted[t.attendee.attended])
                for t in group
                if t.attendee.attended is not None
            ]
            try:
                results = self.client.bulk_set_attendance(items)
            except WixError as exc:
                self.fail(group, unavailable("record attendance", exc))
                continue
            for task, result, item in zip(group, results, items, strict=False):
                if result.get("itemMetadata", {}).get("success"):
                    self.advance(task, None, f"attendance {item[2]}", attendance=item[2])
                else:
                    error = result.get("itemMetadata", {}).get("error") or {}
                    task.problem = p.WixRefused(
                        "record attendance", error.get("code", ""), error.get("description", "")
                    )

    def cancellations(self, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.attendee.payment == Payment.CANCEL and t.booked]
        each(needing, self.cancel_one, self.workers)

    def cancel_one(self, task: Task) -> None:
        try:
            self.cancel_once(task)
        except WixError as exc:
            task.problem = unavailable("cancel the booking", exc)

    def cancel_once(self, task: Task) -> None:
        """Cancel the booking, then write Cancelled only once Wix says it is canceled."""
        status = ""
        for _ in range(2):  # a stale revision (Wix changed the booking) is re-read once
            found = self.client.query_extended_bookings({"id": task.record.booking_id})
            if not found:
                break
            booking = found[0]["booking"]
            status = booking["status"]
            if status in ("CANCELED", "DECLINED"):
                break
            by_plan = (task.record.paid_via or "").startswith("plan")
            paid = (found[0].get("order") or {}).get("paymentStatus") == "PAID"
            try:
                status = self.client.cancel_booking(
                    booking["id"], booking["revision"], with_refund=by_plan, waive_charges=not paid
                ).get("status", "")
                break
            except WixAPIError as exc:
                if exc.status not in (409, 428):
                    raise
        a = task.attendee
        if status in ("CANCELED", "DECLINED"):
            self.advance(task, Point.CANCELLED, "cancelled")
        elif not status:  # Wix no longer shows the booking at all
            task.problem = p.NothingToCancel(a.name, a.class_name, day_label(a.session_date))
        else:
            task.problem = p.WixUnavailable("cancel the booking", f"Wix still shows it {status}")
