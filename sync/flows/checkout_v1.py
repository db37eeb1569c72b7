"""The fallback order path: Checkout v1 (create checkout → create order from it).

Deprecated by Wix and **removed on 2027-02-01** (``@targetRemovalDate`` on every method of
``@wix/auto_sdk_ecom_checkout``). It is used only when a site's probe found Cart V2 refused
to the key (``Strategies.order``), and never from that date (``Strategies.order_path``).
Plans are never selected on the checkout (its ``membershipOptions`` are reserved for
internal use): they are charged after the order, as on the Cart V2 path.

Exactly once: the checkout id is journaled before Create Order; a repeat answers 409
``CHECKOUT_ALREADY_PAID`` with the existing ``orderId``.

No billing address is sent: wixsync holds none (the sheet has no address, and inventing one
would put a false address on the order). Create Order's JSDoc requires one when the total is
above 0, so a site that enforces it has its rows told to give the key Cart V2 instead
(``CheckoutWantsAddress``); Cart V2 asks for no address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.flows import problems as p
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError

if TYPE_CHECKING:
    from sync.flows.base import Phases


#: the journal line written once the checkout exists (:meth:`.orders.OrderPhases.resuming`)
MADE = "checkout"


class CheckoutV1Path:
    name = "checkout_v1"

    def place(self, flows: Phases, task: Task) -> None:
        a, r = task.attendee, task.record
        if not (r.checkout_id and r.inflight == "order"):
            flows.sending(task, "checkout")
            checkout = flows.client.create_checkout(r.booking_id or "", a.email, a.first, a.last)
            line = checkout["lineItems"][0]
            total = ((checkout.get("priceSummary") or {}).get("total") or {}).get("amount")
            flows.advance(
                task,
                Point.CHECKOUT,
                MADE,
                checkout_id=checkout["id"],
                line_item_id=line["id"],
                amount_due=total,
            )
        flows.sending(task, "order")
        try:
            order_id = flows.client.create_order(task.record.checkout_id or "")
        except WixAPIError as exc:
            if wants_address(exc):
                task.problem = p.CheckoutWantsAddress()
                flows.advance(task, Point.BOOKED, "checkout refused: no billing address",
                              checkout_id=None, line_item_id=None)  # fmt: skip
                return
            if exc.code not in ("CHECKOUT_ALREADY_PAID", "CHECKOUT_PAYMENT_ALREADY_IN_PROGRESS"):
                raise
            order_id = exc.data["orderId"]
        flows.advance(task, Point.ORDERED, "order", order_id=order_id)


def wants_address(exc: WixAPIError) -> bool:
    """Create Order refused for want of ``billingInfo.address`` (its JSDoc: required when
    the total is above 0). Nothing was created; a new checkout is made on the next try."""
    return exc.status == 400 and any(
        str(v.get("field") or "").startswith("billingInfo.address") for v in exc.violations
    )
