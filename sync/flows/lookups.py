"""Row phases over the whole batch that find what the rows name: each row's session (one
services query, one time-slot list per day), its contact by email (one query for every
email) and, for a plan row, its member account (one query)."""

from __future__ import annotations

from collections import Counter

from sync.flows import problems as p
from sync.flows.attendee import Payment
from sync.flows.base import Phases
from sync.flows.catalog import day_label
from sync.flows.common import chunks, unavailable
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError, WixError


class LookupPhases(Phases):
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
        by_email = {e: {"id": self.known_contacts[e]} for e in emails if e in self.known_contacts}
        kept = set(by_email)
        for group in chunks([e for e in emails if e not in kept], 100):
            for contact in self.client.query_contacts({"info.emails.email": {"$in": group}}):
                for item in contact.get("info", {}).get("emails", {}).get("items", []):
                    email = item.get("email", "").lower()
                    primary = contact.get("primaryInfo", {}).get("email", "").lower() == email
                    if email in group and (email not in by_email or primary):
                        by_email[email] = contact
        shared = Counter(t.attendee.email for t in needing if t.attendee.email not in by_email)
        self.known_contacts.update({e: c["id"] for e, c in by_email.items()})
        for task in needing:
            a = task.attendee
            contact = by_email.get(a.email)
            if a.email in kept:
                task.extra["contact_kept"] = True
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
        found = self.known_members
        for group in chunks([i for i in ids if i not in found], 100):  # 100 a page
            for member in self.client.query_members({"contactId": {"$in": group}}):
                found[member["contactId"]] = member
        for task in needing:
            member = found.get(task.record.contact_id or "")
            if member is None:
                task.problem = p.NoMemberAccount(task.attendee.name)
            else:
                self.advance(task, None, "member", member_id=member["id"])
