"""The rehearsal's undo: cancel each booking with its current revision (refunding a plan,
waiving an unpaid order), close an order left open and unpaid, and say what stays."""

from __future__ import annotations

from typing import Any

from sync import words
from sync.doctor.report import Verdict, judge
from sync.doctor.seat import Seat
from sync.doctor.steps import Steps
from sync.wix import WixAPIError, WixError
from sync.wix import paths as P


class UndoSteps(Steps):
    def undo(self, seat: Seat) -> None:
        step = f"cancel ({seat.label})"
        where = f"booking {seat.booking_id}"
        try:
            booking = self.cancel(seat)
        except WixError as exc:
            self.step(step, Verdict.FAIL, str(exc), "Cancel the booking in the Wix dashboard.")
            self.leave(f"{where} may still be active: cancel it in the Wix dashboard", serious=True)
            return
        if booking.get("status") not in ("CANCELED", "DECLINED"):
            still = words.wix_state(booking.get("status"))
            self.step(step, Verdict.FAIL, f"{where} is still {still}")
            self.leave(f"{where} is still active: cancel it in the Wix dashboard", serious=True)
            return
        order = self.close_order(seat)
        detail = "booking cancelled" + ("; the plan's session given back" if seat.by_plan else "")
        self.step(step, Verdict.OK, detail)
        if seat.cash_recorded:
            state = "cancelled" if order.get("status") == "CANCELED" else "open, paid"
            self.leave(
                f"the cash payment of {seat.amount} recorded on order {seat.order_number} "
                f"(Wix keeps payment records; the order is {state}, its booking cancelled)"
            )
        if seat.by_plan and order.get("status") != "CANCELED":
            shown = words.wix_state(order.get("paymentStatus"))
            self.leave(f"order {seat.order_number}, its plan charge given back (Wix shows {shown})")
        if seat.attended:
            self.leave(f"the Attended mark on the cancelled booking ({seat.label})")

    def cancel(self, seat: Seat) -> dict[str, Any]:
        """Cancel the booking with its current revision (re-read once if Wix changed it)."""
        for attempt in range(2):
            found = self.client.query_extended_bookings({"id": seat.booking_id}, with_order=True)
            if not found:
                return {"status": "CANCELED"}
            booking = found[0]["booking"]
            if booking.get("status") in ("CANCELED", "DECLINED"):
                return dict(booking)
            paid = (found[0].get("order") or {}).get("paymentStatus") == "PAID"
            try:
                return self.client.cancel_booking(
                    booking["id"],
                    booking["revision"],
                    with_refund=seat.by_plan,
                    waive_charges=not paid,
                )
            except WixAPIError as exc:
                if exc.status not in (409, 428) or attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def close_order(self, seat: Seat) -> dict[str, Any]:
        """An order left open and unpaid after the cancel is cancelled too (orders.cancelOrder,
        ``paths.ORDER_CANCEL``); an order Wix will not close is left, and said."""
        if not seat.order_id:
            return {}
        where = f"order {seat.order_number}"
        try:
            order = self.client.get_order(seat.order_id)
            open_unpaid = order.get("status") != "CANCELED" and order.get("paymentStatus") in (
                "NOT_PAID",
                "PARTIALLY_PAID",
                "PENDING",
            )
            if open_unpaid:
                path = P.ORDER_CANCEL.format(order_id=seat.order_id)
                order = self.client.http.request("POST", path, body={}, safe_to_repeat=True)[
                    "order"
                ]
        except WixError as exc:
            self.leave(
                f"{where} may still be open and unpaid ({judge(exc)[1]}): cancel it in the Wix "
                "dashboard",
                serious=True,
            )
            return {}
        return order
