"""Row phase: the bookings — Bulk Create Booking for every row of the batch at once.

Each seat is booked OFFLINE (the order line then reads FULL_PAYMENT_OFFLINE) with the row's
``externalUserId`` (``wixsync:<row id>``), which is how a run after a crash finds a booking
that was made before the journal heard of it. A started or full class still takes a walk-in
(``skipAvailabilityValidation``): the person was there.

What an earlier cycle kept is checked by Wix's answer: a booking refused for its session
(full, started, cancelled, gone) has the day's sessions asked again and is sent once more
when they read otherwise (:meth:`BookingPhases.session_again`); one refused for its contact has
the contact looked up again (:meth:`BookingPhases.contact_again`). A refused item created
nothing, so sending it again books no one twice.
"""

from __future__ import annotations

from typing import Any

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.catalog import day_label
from sync.flows.common import chunks, unavailable
from sync.flows.lookups import LookupPhases
from sync.flows.task import Task
from sync.state import Point
from sync.wix import NotSent, OutcomeUnknown, WixAPIError

#: Bulk Create Booking: ``@maxSize 40`` in the newest typings (bookings 1.0.241); older doc
#: pages say 8. A site that refuses 40 (a validation error on ``createBookingsInfo``) is sent
#: 8 from then on (``bulk.bookings`` in the state's settings).
BULK_BOOKINGS = 40
BULK_BOOKINGS_SAFE = 8
#: Create Booking refusals about the session itself (Wix may have changed it since it was read)
SESSION_REFUSALS = frozenset(
    {
        "SESSION_CAPACITY_EXCEEDED",
        "SLOT_NOT_AVAILABLE",
        "BOOKING_POLICY_VIOLATION",
        "SESSION_NOT_FOUND",
    }
)


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


class BookingPhases(LookupPhases):
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

    def create_booking_group(self, group: list[Task], *, again: bool = False) -> None:
        """One Bulk Create Booking call; raises a whole-call refusal only for the first
        group of a size not yet proven (``_too_many``). ``again``: these rows were refused
        once this run for their session (:meth:`session_again`)."""
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
        events = {t.slot["eventInfo"]["eventId"] for t in group if t.slot}
        for event in events:
            self.kept_bookings.sending(event)
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
        refused: list[Task] = []  # for their session: perhaps on what an earlier cycle kept
        stale_contact: list[Task] = []  # for their contact, which an earlier cycle found
        made: dict[str, list[dict[str, Any]]] = {e: [] for e in events}
        for task, result in matched(group, results):
            if result is None:  # Wix said nothing of this item: look it up next run
                self.fail([task], p.WixUnavailable("create the booking", "no result"))
                made.pop(task.slot["eventInfo"]["eventId"] if task.slot else "", None)
                continue
            meta = result.get("itemMetadata", {})
            if meta.get("success"):
                booking = result.get("item") or {"id": meta["id"]}
                contact_id = (booking.get("contactDetails") or {}).get("contactId")
                if contact_id:  # the contact Wix booked the seat for (made it, if new)
                    self.known_contacts[task.attendee.email] = contact_id
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
                if task.slot and "bookedEntity" in booking:
                    made.get(task.slot["eventInfo"]["eventId"], []).append(booking)
                else:  # not the whole booking: the kept list cannot show it
                    made.pop(task.slot["eventInfo"]["eventId"] if task.slot else "", None)
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
                if code in SESSION_REFUSALS and not again:
                    refused.append(task)
                if code == "CONTACT_DETAILS_CONFLICT" and task.extra.get("contact_kept"):
                    stale_contact.append(task)
        for event, bookings in made.items():  # every booking sent there was answered
            self.kept_bookings.settled(event, bookings)
        if refused:
            self.session_again(refused)
        if stale_contact:
            self.contact_again(stale_contact, again=again)

    def contact_again(self, refused: list[Task], *, again: bool) -> None:
        """Bookings Wix refused for their contact when the contact id came from what an
        earlier cycle kept (the contact merged or deleted, its email changed): the email is
        forgotten and looked up again, and the booking sent once more. A plan row waits for
        the next cycle instead, which finds its member and plans afresh."""
        for task in refused:
            self.known_contacts.pop(task.attendee.email, None)
            task.extra.pop("contact_kept", None)
            self.advance(task, None, "contact refused: look it up again",
                         contact_id=None, member_id=None)  # fmt: skip
            task.problem = (
                p.WixUnavailable("create the booking", "the contact changed in Wix")
                if task.attendee.payment == Payment.PLAN or again
                else None
            )
        retry = [t for t in refused if t.ok]
        self.contacts(retry)
        for group in chunks([t for t in retry if t.ok], BULK_BOOKINGS_SAFE):
            self.create_booking_group(group, again=True)

    def session_again(self, refused: list[Task]) -> None:
        """Bookings Wix refused for their session (full, started, cancelled, gone) when the
        session came from what an earlier cycle kept: the day is asked again, and a row whose
        session Wix now shows otherwise is sent once more (nothing was created: a refused
        item makes no booking). A row whose session reads the same keeps its refusal."""
        days = {t.attendee.session_date for t in refused}
        days = {d for d in days if self.catalog.kept_before(d)}
        for day in days:
            self.catalog.refresh(day)
        retry = []
        for task in (t for t in refused if t.attendee.session_date in days):
            a, before = task.attendee, _as_booked(task.slot)
            try:
                slot = self.catalog.session(a.class_name, a.session_date, a.session_time)
            except p.RowProblem as problem:  # cancelled or moved: say so instead
                task.problem = problem
                continue
            if _as_booked(slot) != before:
                task.slot, task.problem = slot, None
                retry.append(task)
        for group in chunks(retry, BULK_BOOKINGS_SAFE):
            self.create_booking_group(group, again=True)


def _as_booked(slot: dict[str, Any] | None) -> tuple[Any, ...]:
    """What of a session decides how its booking is sent: which event, full, started."""
    slot = slot or {}
    return (
        (slot.get("eventInfo") or {}).get("eventId"),
        slot.get("remainingCapacity", 1) < 1,
        bool((slot.get("bookingPolicyViolations") or {}).get("tooLateToBook")),
    )


def _too_many(exc: WixAPIError) -> bool:
    """A whole-call validation refusal of the number of bookings in one bulk call."""
    return exc.status == 400 and any(
        "createBookingsInfo" in str(v.get("field", "")) for v in exc.violations
    )
