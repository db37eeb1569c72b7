"""The order path: eCommerce Cart V2 (``@wix/auto_sdk_ecom_cart-v-2``).

For one booking: create a cart with the booking as its catalog item → check the line →
place the order. Wix links an order placed from a cart to the booking in it and confirms the
booking itself (the recipe in ``wix/skills``: "placeOrder drives confirmation").

* **The check before placing.** The create answer's ``lineItems[].paymentConfig.paymentOption``
  is non-nullable in the typings; an ``FULL_PAYMENT_OFFLINE`` line is one where "the entire
  payment happens after checkout", so nothing is due now. Any other option (online, a
  deposit, a membership line) is refused with a plain error and nothing is placed; so is a
  line whose ``status`` is not ``IN_STOCK``.
* **No calculate call** when the line is offline: ``PlaceOrderRequest.priceVerificationToken``
  is optional ("used to verify that prices shown to the customer haven't changed") and no
  customer was shown a price. Violations of error severity are refused by Place Order itself
  (``VIOLATIONS_WITH_ERROR_SEVERITY``). If Wix asks for a token anyway
  (``INVALID_PRICE_VERIFICATION_TOKEN`` / ``CART_PRICES_OUT_OF_SYNC``), the cart is
  calculated, its ``summary`` checked (pay-now 0, no ERROR violation) and placed with the
  token.
* **Exactly once.** The cart id is journaled before Place Order; a retry resumes from
  ``GET /ecom/v2/carts/{id}`` (``orderId``) or from ``CART_ALREADY_ORDERED``'s
  ``data.orderId``. A cart created but not journaled (a crash in between) is never placed:
  an unplaced cart costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.flows import problems as p
from sync.flows.task import Task
from sync.state import Point
from sync.wix import WixAPIError

if TYPE_CHECKING:
    from sync.flows.base import Phases

OFFLINE = "FULL_PAYMENT_OFFLINE"
#: the line options of a booking made to be paid online (``PaymentOptionType``)
PAID_ONLINE = ("FULL_PAYMENT_ONLINE", "DEPOSIT_ONLINE")
TOKEN_WANTED = ("INVALID_PRICE_VERIFICATION_TOKEN", "CART_PRICES_OUT_OF_SYNC")


#: the journal line written once the cart exists (:meth:`.orders.OrderPhases.resuming`)
MADE = "cart"


class CartV2Path:
    """One order per booking through Cart V2."""

    name = "cart_v2"

    def place(self, flows: Phases, task: Task) -> None:
        a, r = task.attendee, task.record
        if r.checkout_id and r.inflight == "order":
            cart = flows.client.get_cart(r.checkout_id)  # the resume: placed already?
            if cart.get("orderId"):
                flows.advance(task, Point.ORDERED, "order (cart already placed)",
                              order_id=cart["orderId"])  # fmt: skip
                return
        elif not r.checkout_id:
            flows.sending(task, "cart")
            cart = flows.client.create_cart(r.booking_id or "", a.email, a.first, a.last)
            line = (cart.get("lineItems") or [{}])[0]
            flows.advance(
                task,
                Point.CHECKOUT,
                MADE,
                checkout_id=cart["id"],
                amount_due=_amount(line),
            )
            refused = _line_refused(line)
            if refused:  # the cart is left unplaced; an edited row starts a new one
                task.problem = p.OrderLineRefused(
                    a.name, refused, booked_online=bool(r.prebooked) and _online(line)
                )
                flows.advance(task, Point.BOOKED, f"cart line refused: {refused}",
                              checkout_id=None)  # fmt: skip
                return
        self._place(flows, task)

    def _place(self, flows: Phases, task: Task, token: str | None = None) -> None:
        cart_id = task.record.checkout_id or ""
        flows.sending(task, "order")
        try:
            order_id = flows.client.place_order(cart_id, token)
        except WixAPIError as exc:
            if exc.code == "CART_ALREADY_ORDERED" and exc.data.get("orderId"):
                order_id = str(exc.data["orderId"])
            elif exc.code in TOKEN_WANTED and token is None:
                token = self._calculated_token(flows, task, cart_id)
                if token is None:
                    return
                self._place(flows, task, token)
                return
            elif exc.code == "VIOLATIONS_WITH_ERROR_SEVERITY":
                flows.advance(task, Point.BOOKED, "place order refused: violations",
                              checkout_id=None)  # fmt: skip
                task.problem = p.OrderLineRefused(task.attendee.name, _violations(exc.data))
                return
            else:
                raise
        flows.advance(task, Point.ORDERED, "order", order_id=order_id)

    def _calculated_token(self, flows: Phases, task: Task, cart_id: str) -> str | None:
        answer = flows.client.calculate_cart(cart_id)
        summary = answer.get("summary") or {}
        pay_now = ((summary.get("paymentSummary") or {}).get("payNow") or {}).get("amount")
        errors = [v for v in summary.get("violations") or [] if v.get("severity") == "ERROR"]
        if errors:
            task.problem = p.OrderLineRefused(
                task.attendee.name, _violations({"violations": errors})
            )
        elif pay_now not in (None, "", "0", "0.0", "0.00"):
            task.problem = p.OrderLineRefused(task.attendee.name, f"{pay_now} to pay now")
        else:
            return summary.get("priceVerificationToken") or None
        flows.advance(task, Point.BOOKED, "cart refused after calculate", checkout_id=None)
        return None


def _online(line: dict[str, Any]) -> bool:
    """The line is to be paid online (in full or a deposit): the booking's own choice."""
    return (line.get("paymentConfig") or {}).get("paymentOption") in PAID_ONLINE


def _line_refused(line: dict[str, Any]) -> str:
    """Why the cart's line is not one to place from the back office ("" when it is)."""
    option = (line.get("paymentConfig") or {}).get("paymentOption")
    if option != OFFLINE:
        return f"payment option {option or 'missing'}"
    status = line.get("status")
    if status not in (None, "IN_STOCK"):
        return f"line status {status}"
    return ""


def _violations(data: dict[str, Any]) -> str:
    found = data.get("violations") or (data.get("violationsList") or {}).get("violations") or []
    texts = [str(v.get("description") or v.get("code") or "") for v in found if v]
    return "; ".join(t for t in texts if t)[:200] or "violations of error severity"


def _amount(line: dict[str, Any]) -> str | None:
    pricing = line.get("pricing") or {}
    return (pricing.get("totalPrice") or pricing.get("unitPrice") or {}).get("amount")
