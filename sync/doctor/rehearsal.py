"""``wixsync doctor --rehearse EMAIL``: the whole chain once on the real site, then undone.

For the contact the owner names (never created here), in the next bookable session of the
class: book one seat (OFFLINE, no notification, no SMS), place its order (Cart V2, or the
fallback the probes chose), see the order linked and the booking confirmed in Extended
Bookings, record cash and see the order PAID, set Attended, cancel. For a member holding a
plan that covers the class, a *second* seat is booked and charged to the plan by Charge
Memberships, and the charge is watched until Wix settles it; that booking is cancelled
with a refund, so the credit comes back.

What Wix does not let code undo is said plainly at the end ("left on the site"): a cash
payment record stays on its order, an Attended mark stays on the cancelled booking.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sync import words
from sync.doctor.money import MoneySteps
from sync.doctor.probes import CART_V2
from sync.doctor.report import Answer, DoctorReport, Verdict, judge
from sync.doctor.seat import Plan, Say, Seat, Stop, due
from sync.doctor.undo import UndoSteps
from sync.flows.catalog import Catalog
from sync.flows.checkout_v1 import wants_address
from sync.flows.problems import ClassNotFound
from sync.flows.strategy import OrderVia
from sync.wix import OutcomeUnknown, WixAPIError, WixClient, WixError

TOKEN_CODES = ("INVALID_PRICE_VERIFICATION_TOKEN", "CART_PRICES_OUT_OF_SYNC")


class Rehearsal(MoneySteps, UndoSteps):
    """The chain for one contact and class: the seats, their orders, payments and attendance
    (:mod:`.money` the payments, :mod:`.undo` the undo, :mod:`.steps` the words)."""

    # -- the whole chain --------------------------------------------------------------------
    def run(self, class_name: str, email: str) -> None:
        try:
            service, slot = self.session(class_name)
            contact = self.contact(email)
            plan = self.plan_held(contact, service, email, class_name)
            try:
                self.seat(slot, contact, email, plan=None)
            except Stop:
                if not self.orders_work:  # the plan seat would stop at the same step
                    raise
            if plan is not None:
                self.seat(slot, contact, email, plan=plan)
        except Stop:
            pass
        except WixError as exc:  # a read outside any step: Wix not reached, say so
            self.step("stopped", Verdict.FAIL, str(exc), "Run the rehearsal again.")
        if self.report.left:
            verdict = Verdict.WARN if self.serious else Verdict.OK
            self.step("left on the site", verdict, "; ".join(self.report.left))
        else:
            self.step("left on the site", Verdict.OK, "nothing: every step was undone")

    def session(self, class_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        catalog = Catalog(self.client, self.time_zone)
        try:
            service = catalog.service(class_name)
        except ClassNotFound as exc:
            self.step("session", Verdict.FAIL, words.problem(exc), "Name a class with --class.")
            raise Stop("session") from None
        end = self.today + timedelta(days=14)
        slots = self.client.list_event_time_slots(
            [service["id"]], f"{self.today}T00:00:00", f"{end}T00:00:00", self.time_zone
        )
        bookable = sorted(
            (s for s in slots if s.get("bookable") and s.get("remainingCapacity", 1) != 0),
            key=lambda s: str(s.get("localStartDate")),
        )
        if not bookable:
            self.step(
                "session",
                Verdict.FAIL,
                f"no bookable {class_name} session in the next 14 days",
                "Add sessions to the class in Wix, or name another class with --class.",
            )
            raise Stop("session")
        slot = bookable[0]
        when = str(slot["localStartDate"])[:16].replace("T", " ")
        self.step("session", Verdict.OK, f"{service['name']} on {when}")
        return service, slot

    def contact(self, email: str) -> dict[str, Any]:
        found = self.client.query_contacts({"info.emails.email": email}, limit=1)
        if not found:
            self.step(
                "contact",
                Verdict.FAIL,
                f"no contact with email {email}; the rehearsal never creates one",
                "Name the email of a contact who is already in the site's Contacts.",
            )
            raise Stop("contact")
        self.step("contact", Verdict.OK, f"found {email}")
        return found[0]

    def plan_held(
        self, contact: dict[str, Any], service: dict[str, Any], email: str, class_name: str
    ) -> Plan | None:
        members = self.client.query_members({"contactId": contact["id"]}, limit=1)
        covering: list[dict[str, Any]] = []
        if members:
            covers = set((service.get("payment") or {}).get("pricingPlanIds") or [])
            held = self.client.plan_orders([members[0]["id"]])
            covering = [o for o in held if not covers or o.get("planId") in covers]
        if not covering:
            self.step(
                "plan charge",
                Verdict.WARN,
                f"not rehearsed: {email} holds no active plan that covers {class_name}",
                "Run again with the email of a member holding a plan for this class.",
            )
            return None
        member_id = members[0]["id"]
        pool = next(
            (
                p
                for p in self.client.pools([member_id])
                if (p.get("program") or {}).get("externalId") == covering[0]["id"]
            ),
            None,
        )
        return Plan(member_id, covering[0], pool)

    # -- one seat ---------------------------------------------------------------------------
    def seat(
        self, slot: dict[str, Any], contact: dict[str, Any], email: str, plan: Plan | None
    ) -> None:
        credits = self.credits(plan) if plan else None
        seat = self.book(slot, contact, email, plan)
        try:
            self.order(seat, contact, email)
            self.linked(seat)
            self.orders_work = True
            if plan is None:
                self.pay_cash(seat)
            else:
                self.charge(seat, plan)
            self.attend(seat)
        finally:
            self.undo(seat)
            if plan is not None:
                self.credits_back(plan, credits)

    def book(
        self, slot: dict[str, Any], contact: dict[str, Any], email: str, plan: Plan | None
    ) -> Seat:
        label = "plan" if plan else "cash"
        name = (contact.get("info") or {}).get("name") or {}
        event_id = slot["eventInfo"]["eventId"]
        external = f"wixsync:rehearsal:{self.tag}:{label}"

        def info(skip: bool) -> dict[str, Any]:
            return self.client.booking_info(
                service_id=slot["serviceId"],
                event_id=event_id,
                contact={
                    "contactId": contact["id"],
                    "firstName": name.get("first", ""),
                    "lastName": name.get("last", ""),
                    "email": email,
                },
                option="OFFLINE",
                external_id=external,
                skip_availability=skip,
            )

        first = plan is None  # the first seat also tries booking past Wix's availability check
        try:
            booking = self._create(info(first), event_id, external)
            if first:
                self.step(
                    "book after a class starts",
                    Verdict.OK,
                    "allowed (BOOKINGS.OVERRIDE_AVAILABILITY)",
                )
        except WixAPIError as exc:
            if not (first and judge(exc)[0] == Answer.REFUSED):
                raise self.refused(f"book ({label})", exc, "BOOKINGS.BOOKING_CREATE") from None
            self.step(
                "book after a class starts",
                Verdict.WARN,
                judge(exc)[1],
                "Give the key BOOKINGS.OVERRIDE_AVAILABILITY, or have volunteers type each "
                "row before the class starts: rows typed later will be refused.",
            )
            try:
                booking = self._create(info(False), event_id, external)
            except WixError as again:
                raise self.refused(f"book ({label})", again, "BOOKINGS.BOOKING_CREATE") from None
        except WixError as exc:
            raise self.refused(f"book ({label})", exc, "BOOKINGS.BOOKING_CREATE") from None
        self.step(f"book ({label})", Verdict.OK, f"one seat booked (booking {booking['id']})")
        return Seat(label, booking["id"], event_id, by_plan=plan is not None)

    def _create(self, info: dict[str, Any], event_id: str, external: str) -> dict[str, Any]:
        """Create Booking is not idempotent: after an unknown outcome, look it up by its
        externalUserId before saying anything."""
        try:
            return self.client.create_booking(info)
        except OutcomeUnknown:
            found = self.client.query_extended_bookings(
                {"bookedEntity.item.slot.eventId": {"$in": [event_id]}}, with_order=False
            )
            mine = [b for b in found if b["booking"].get("externalUserId") == external]
            if mine:
                return dict(mine[0]["booking"])
            raise

    def order(self, seat: Seat, contact: dict[str, Any], email: str) -> None:
        name = (contact.get("info") or {}).get("name") or {}
        first, last = name.get("first", ""), name.get("last", "")
        step = f"order ({seat.label})"
        try:
            if self.path == OrderVia.CART_V2:
                order_id = self.place_by_cart(seat, step, email, first, last)
                how = "through Cart V2"
            else:
                checkout = self.client.create_checkout(seat.booking_id, email, first, last)
                option = (checkout.get("lineItems") or [{}])[0].get("paymentOption")
                self.offline_line(step, option)
                try:
                    order_id = self.client.create_order(checkout["id"])
                except WixAPIError as exc:
                    if wants_address(exc):
                        self.step(
                            step,
                            Verdict.FAIL,
                            "the old checkout wants a billing address for the order, and "
                            "wixsync has none to send: no order was placed",
                            "Give the key the Cart V2 permissions "
                            f"({', '.join(p.permission for p in CART_V2)}), then run the "
                            "rehearsal again.",
                        )
                        raise Stop(step) from None
                    if exc.code not in ("CHECKOUT_ALREADY_PAID",):
                        raise
                    order_id = exc.data["orderId"]
                how = "by the old checkout (Checkout v1)"
            order = self.client.get_order(order_id)
        except WixError as exc:
            raise self.refused(step, exc, CART_V2[0].permission) from None
        seat.order_id = order_id
        seat.order_number = str(order.get("number") or order_id)
        seat.line_item_id = ((order.get("lineItems") or [{}])[0]).get("id", "")
        seat.amount = due(order)
        self.report.learn("order", self.path)
        self.step(step, Verdict.OK, f"order {seat.order_number} placed {how}, {seat.amount} to pay")

    def offline_line(self, step: str, option: str | None) -> None:
        if option != "FULL_PAYMENT_OFFLINE":
            self.step(
                step,
                Verdict.FAIL,
                f"the order line would be paid as {option or 'unknown'}, not in person "
                "(FULL_PAYMENT_OFFLINE)",
                "Turn on in-person payment in the class's payment settings in Wix, then run "
                "the rehearsal again.",
            )
            raise Stop(step)

    def place_by_cart(self, seat: Seat, step: str, email: str, first: str, last: str) -> str:
        cart = self.client.create_cart(seat.booking_id, email, first, last)
        line = (cart.get("lineItems") or [{}])[0]
        self.offline_line(step, (line.get("paymentConfig") or {}).get("paymentOption"))
        try:
            return self.client.place_order(cart["id"])
        except WixAPIError as exc:
            if exc.code == "CART_ALREADY_ORDERED":
                return str(exc.data["orderId"])
            wants_token = exc.code in TOKEN_CODES or any(
                "priceVerificationToken" in str(v.get("field")) for v in exc.violations
            )
            if not wants_token:
                raise
        except OutcomeUnknown:
            placed = self.client.get_cart(cart["id"]).get("orderId")
            if placed:
                return str(placed)
            raise
        summary = self.client.calculate_cart(cart["id"]).get("summary") or {}
        errors = [v for v in summary.get("violations") or [] if v.get("severity") == "ERROR"]
        if errors:
            codes = ", ".join(str(v.get("code")) for v in errors)
            self.step(
                step,
                Verdict.FAIL,
                f"Wix's price calculation of the order has errors: {codes}",
                "Check the class's price and payment settings in Wix.",
            )
            raise Stop(step)
        return self.client.place_order(cart["id"], summary.get("priceVerificationToken"))

    def linked(self, seat: Seat) -> None:
        step = f"booking and order ({seat.label})"
        try:
            found = self.client.query_extended_bookings({"id": seat.booking_id}, with_order=True)
        except WixError as exc:
            raise self.refused(step, exc, "BOOKINGS.BOOKING_READ + ECOM.READ_ORDERS") from None
        booking = found[0]["booking"] if found else {}
        order = (found[0].get("order") or {}) if found else {}
        if order.get("id") != seat.order_id:
            self.step(
                step,
                Verdict.FAIL,
                f"Wix does not show order {seat.order_number} on the booking, so the booking's "
                "participants list would show it unpaid",
                "Tell the wixsync maintainers: on this site an order placed by code is not "
                "linked to its booking.",
            )
            raise Stop(step)
        status = booking.get("status")
        if status == "CONFIRMED":
            self.step(step, Verdict.OK, f"order {seat.order_number} linked; booking confirmed")
        elif status == "PENDING":
            self.step(
                step,
                Verdict.WARN,
                f"order {seat.order_number} linked, but the booking waits for approval",
                "Turn off manual approval in the class's booking settings in Wix, or approve "
                "each synced booking in the dashboard.",
            )
        else:
            self.step(
                step,
                Verdict.WARN,
                f"order {seat.order_number} linked, but the booking is {words.wix_state(status)}",
                "Check the booking in the Wix dashboard.",
            )

    # -- attendance -----------------------------------------------------------------------
    def attend(self, seat: Seat) -> None:
        step = f"attendance ({seat.label})"
        try:
            results = self.client.bulk_set_attendance(
                [(seat.booking_id, seat.event_id, "ATTENDED")]
            )
        except WixError as exc:
            raise self.refused(step, exc, "BOOKINGS.ATTENDANCE_SET") from None
        meta = (results[0] if results else {}).get("itemMetadata") or {}
        if meta.get("success"):
            seat.attended = True
            self.step(step, Verdict.OK, "marked Attended")
        else:
            error = meta.get("error") or {}
            text = error.get("description") or error.get("code") or "no answer for the booking"
            self.step(step, Verdict.FAIL, f"Wix refused: {text}", "Check the booking in Wix.")


def rehearse(
    client: WixClient,
    report: DoctorReport,
    *,
    class_name: str,
    email: str,
    time_zone: str,
    today: date,
    say: Say = lambda _check: None,
    sleep: Callable[[float], None] = time.sleep,
    reads: int = 5,
) -> DoctorReport:
    """Run the rehearsal after :func:`run_doctor`, adding its lines to the same report."""
    Rehearsal(
        client, report, time_zone=time_zone, today=today, say=say, sleep=sleep, reads=reads
    ).run(class_name, email)
    return report
