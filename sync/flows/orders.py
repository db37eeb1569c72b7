"""Row phase: the order linked to each booking, through the path the site's strategy
chose (:mod:`.cart_v2`, or the :mod:`.checkout_v1` fallback before 2027-02-01).

A row found in flight is reconciled first: orders are searched by booking id
(``lineItems.catalogReference.catalogItemId $hasSome``) before anything is sent again.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sync.flows import problems as p
from sync.flows.base import Phases
from sync.flows.cart_v2 import MADE as CART
from sync.flows.cart_v2 import CartV2Path
from sync.flows.checkout_v1 import MADE as CHECKOUT
from sync.flows.checkout_v1 import CheckoutV1Path
from sync.flows.common import not_served, unavailable
from sync.flows.parallel import each
from sync.flows.strategy import OrderVia, site_checked
from sync.flows.task import Task
from sync.state import Point
from sync.wix import Removed, WixAPIError, WixError
from sync.words import old_checkout_until

log = logging.getLogger("wixsync.flows")


class OrderPath(Protocol):
    """How one booking gets its linked order: ``place`` advances the row to ORDERED (or
    sets its problem). It may raise the Wix client's errors."""

    name: str

    def place(self, flows: Phases, task: Task) -> None: ...


PATHS: dict[OrderVia, OrderPath] = {
    OrderVia.CART_V2: CartV2Path(),
    OrderVia.CHECKOUT_V1: CheckoutV1Path(),
}


class OrderPhases(Phases):
    def orders(self, tasks: list[Task]) -> None:
        needing = [t for t in tasks if t.booked and not t.record.order_id and t.wants_booking]
        if not needing:
            return
        unsure = [t for t in needing if t.record.inflight in ("checkout", "cart", "order")]
        if unsure:
            existing = self.client.orders_for_bookings([t.record.booking_id or "" for t in unsure])
            for task in unsure:
                order = order_for(existing, task.record.booking_id)
                if order:
                    self.order_found(task, order)
        todo = [t for t in needing if not t.record.order_id and not t.problem]
        self.address_wanted = False  # learnt by this phase's first refusal, for the rest
        each(todo, self.order_one, self.workers)

    def order_one(self, task: Task) -> None:
        """One booking's order, by the path the site's strategy names now (the first row
        of the phase goes alone, so a fallback is learnt before the others start). Once the
        old checkout asked for a billing address, the phase's other rows are told so
        without asking again: every order with money due would be refused the same way
        (a free class's would not; its row is told the same fix, which works for it too)."""
        path = self.resuming(task)
        if path is None:
            path = PATHS[self.strategies.order_path(self.today())]
            if path.name == OrderVia.CHECKOUT_V1 and self.cart_retry_due():
                path = PATHS[OrderVia.CART_V2]
        if self.address_wanted and path.name == OrderVia.CHECKOUT_V1:
            task.problem = p.CheckoutWantsAddress()
            return
        try:
            path.place(self, task)
            cart_worked = path.name == OrderVia.CART_V2 and task.record.order_id
            if cart_worked and self.strategies.order == OrderVia.CHECKOUT_V1:
                self.back_to_cart_v2()
        except Removed as exc:
            task.problem = p.OrderPathRemoved("ecom:v2:cart (Cart V2)")
            self.advance(task, None, str(exc))
        except WixAPIError as exc:
            if path.name == OrderVia.CART_V2 and not_served(exc) and not self.v1_fallback(exc):
                task.problem = p.OrderPathRemoved(str(exc.data.get("permission") or exc.code))
                return
            if path.name == OrderVia.CART_V2 and not_served(exc):
                self.advance(task, None, "Cart V2 refused; Checkout v1 fallback")
                try:
                    PATHS[OrderVia.CHECKOUT_V1].place(self, task)
                except WixError as again:
                    task.problem = unavailable("create the order", again)
            else:
                task.problem = unavailable("create the order", exc)
        except WixError as exc:
            task.problem = unavailable("create the order", exc)
        if isinstance(task.problem, p.CheckoutWantsAddress):
            self.address_wanted = True

    def resuming(self, task: Task) -> OrderPath | None:
        """A row cut off while its order was being placed goes on by the path that made its
        cart or checkout, whatever the strategy says now (the id is one or the other); from
        the old checkout's removal on, its checkout is dropped and the row takes a cart."""
        r = task.record
        if not (r.checkout_id and r.inflight == "order"):
            return None
        made = [d for _, d in self.journal.history(task.row_id) if d in (CART, CHECKOUT)]
        if not made:
            return None
        if made[-1] == CART:
            return PATHS[OrderVia.CART_V2]
        if self.today() < self.v1_removal:
            return PATHS[OrderVia.CHECKOUT_V1]
        # the old checkout is gone, and the orders search found no order for the booking:
        # that checkout never became one and never can; a cart is made instead
        self.advance(task, None, "old checkout gone: a cart instead", checkout_id=None)
        return None

    def cart_retry_due(self) -> bool:
        """While the old checkout is the site's order path, the first order of each day goes
        by Cart V2 again: a key given the Cart V2 permissions since is used without waiting
        for doctor, and a key still refused costs one refused call a day (then the old
        checkout, as on the day it was learnt). Wix removes the old checkout on
        CHECKOUT_V1_REMOVAL: the log says so each day until then."""
        today = self.today()
        if self.strategies.cart_retried_on == today:
            return False
        self.strategies.cart_retried_on = today
        self.strategies.save(self.journal)
        return True

    def back_to_cart_v2(self) -> None:
        self.strategies.order = OrderVia.CART_V2
        self.strategies.save(self.journal)
        site_checked(self.journal)  # rows the old checkout refused go again
        log.warning(
            "this API key may use Cart V2 now: orders go through Cart V2 again, no longer the "
            "old checkout"
        )

    def v1_fallback(self, exc: WixAPIError) -> bool:
        """Cart V2 is refused to this key (evidence: 403 or an unserved path): fall back to
        Checkout v1 while it exists, and remember it; from 2027-02-01, never."""
        today = self.today()
        if today >= self.v1_removal:
            return False
        self.strategies.order = OrderVia.CHECKOUT_V1
        self.strategies.cart_retried_on = today
        self.strategies.save(self.journal)
        log.warning(old_checkout_until(self.v1_removal, today))
        return True

    def order_found(self, task: Task, order: dict[str, Any]) -> None:
        line = (order.get("lineItems") or [{}])[0]
        paid = order.get("paymentStatus") == "PAID"
        self.advance(
            task,
            Point.PAID if paid else Point.ORDERED,
            "order found",
            order_id=order["id"],
            line_item_id=line.get("id"),
            paid_via=("plan_billing" if task.record.payment_kind == "plan" else "mark_as_paid")
            if paid
            else None,
            amount_due=None if paid else balance_of(order),
        )

    def order_lines(self, tasks: list[Task]) -> None:
        """The order's own line-item id (Charge Memberships takes it), for plan rows whose
        order came from a cart: one orders search for all of them."""
        needing = [
            t
            for t in tasks
            if t.record.order_id
            and not t.record.line_item_id
            and t.attendee.payment.value == "plan"
            and t.record.point in (Point.ORDERED, Point.OWED)
        ]
        if not needing:
            return
        found = self.client.orders_for_bookings([t.record.booking_id or "" for t in needing])
        for task in needing:
            order = order_for(found, task.record.booking_id)
            line = _booking_line(order, task.record.booking_id) if order else None
            if line is None:
                task.problem = p.WixUnavailable("read the order", "the order is not listed yet")
                continue
            self.advance(
                task, None, "order line", line_item_id=line["id"], amount_due=balance_of(order)
            )


def order_for(orders: list[dict[str, Any]], booking_id: str | None) -> dict[str, Any] | None:
    for order in orders:
        if _booking_line(order, booking_id) and order.get("status") != "CANCELED":
            return order
    return None


def _booking_line(order: dict[str, Any] | None, booking_id: str | None) -> dict[str, Any] | None:
    for line in (order or {}).get("lineItems") or []:
        if (line.get("catalogReference") or {}).get("catalogItemId") == booking_id:
            return line
    return None


def balance_of(order: dict[str, Any] | None) -> str | None:
    order = order or {}
    balance = (order.get("balanceSummary") or {}).get("balance") or {}
    return balance.get("amount") or (order.get("priceSummary") or {}).get("total", {}).get("amount")
