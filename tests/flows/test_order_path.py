"""Issue 12: orders through Cart V2, in-person methods, plans checked before booking and
charged once, charges that settle later — with every sandbox switch at its pessimistic
default unless a test says otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sync.flows import OrderVia, Payment, Strategies
from sync.sandbox import Fault
from sync.sandbox.routes import all_routes
from tests.flows.conftest import Harness, make_client, person
from tests.flows.invariants import approved_cash, assert_exactly_once, bookings_of, plan_charges
from tests.flows.test_exactly_once import PEOPLE

WRITES = {r.name for r in all_routes() if r.writes}


def _sent(harness: Harness) -> list[str]:
    return [e.path for e in harness.sandbox.log]


def test_every_order_goes_through_cart_v2_and_is_linked(harness: Harness) -> None:
    outcomes = harness.run_until_settled(PEOPLE)
    assert all(o.error is None for o in outcomes.values()), outcomes
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)
    sent = _sent(harness)
    assert any(p == "/ecom/v2/carts" for p in sent)
    assert not any(p.startswith("/ecom/v1/checkouts") for p in sent)
    assert not any("bulk/payments-collector" in p for p in sent), "the unrouted bulk path"
    booked = [e.body for e in harness.sandbox.log if e.route == "bookings.bulk_create"]
    options = {
        i["booking"]["selectedPaymentOption"] for b in booked for i in b["createBookingsInfo"]
    }
    assert options == {"OFFLINE"}, "never MEMBERSHIP_OFFLINE (it charges nothing)"


def test_with_checkout_v1_removed_nothing_sends_it_and_everything_works(harness: Harness) -> None:
    harness.switch(checkout_v1_removed=True)
    outcomes = harness.run_until_settled(PEOPLE)
    assert all(o.error is None for o in outcomes.values()), outcomes
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)
    assert not any(p.startswith("/ecom/v1/checkouts") for p in _sent(harness))


def test_a_key_without_cart_v2_falls_back_to_checkout_v1_before_its_removal(
    harness: Harness,
) -> None:
    harness.key = "no-cart-v2"
    harness.switch(checkout_requires_billing_address=False)
    outcomes = harness.run_until_settled(PEOPLE)
    assert all(o.error is None for o in outcomes.values()), outcomes
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)
    assert Strategies.load(harness.flows().journal).order == OrderVia.CHECKOUT_V1


def test_an_old_checkout_that_wants_a_billing_address_has_the_rows_told_to_use_cart_v2(
    harness: Harness,
) -> None:
    """Create Order's JSDoc requires a billing address when the total is above 0, and
    wixsync holds none (the sandbox's default enforces it). The fallback's first refusal
    tells every row of the cycle to give the key Cart V2, asking Wix once; once the key may
    use Cart V2 (doctor learns it), the rows get their orders, exactly once."""
    harness.key = "no-cart-v2"
    outcomes = harness.run(PEOPLE)
    told = [o for o in outcomes.values() if o.order_id is None]
    assert len(told) >= 2
    for out in told:
        assert out.error is not None
        assert out.error.startswith("Wix's old checkout, used because this API key may not")
        assert "give the key the Cart V2 permissions" in out.error
        assert not out.retry
        assert "owes" not in out.status, "owed is what an order says: there is none"
    creates = [e for e in harness.sandbox.log if e.route == "checkout.create_order"]
    assert len(creates) == 1, "asked once, not once a row"
    harness.key = "sync"
    Strategies(order=OrderVia.CART_V2).save(harness.flows().journal)
    outcomes = harness.run_until_settled(PEOPLE)
    assert all(o.error is None for o in outcomes.values()), outcomes
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


def test_a_running_daemon_follows_what_doctor_learnt_since_it_started(harness: Harness) -> None:
    """The daemon fell back to the old checkout; the owner gives the key Cart V2 and runs
    doctor (another process, the same state file): the daemon's next cycle places orders
    through Cart V2, without a restart."""
    harness.switch(checkout_requires_billing_address=False)
    harness.key = "no-cart-v2"
    daemon = harness.flows()
    Strategies(order=OrderVia.CHECKOUT_V1).save(harness.flows().journal)  # doctor, earlier
    daemon.run(PEOPLE[:1])
    assert any(e.route == "checkout.create_order" for e in harness.sandbox.log)
    _give_cart_v2(harness, "no-cart-v2")
    Strategies(order=OrderVia.CART_V2).save(harness.flows().journal)  # doctor, now
    harness.sandbox.log.clear()
    daemon.run(PEOPLE[1:2])
    routes = {e.route for e in harness.sandbox.log}
    assert "cart.place_order" in routes, routes
    assert "checkout.create_order" not in routes


def _give_cart_v2(harness: Harness, key: str) -> None:
    """The owner gives the key the Cart V2 permissions in Wix (the same key)."""
    site = harness.sandbox.site
    cart = {p for p in site.api_keys["sync"].permissions if p.startswith("ecom:v2:cart:")}
    site.api_keys[key] = replace(
        site.api_keys[key], permissions=site.api_keys[key].permissions | cart
    )


def _routes(harness: Harness) -> list[str]:
    return [e.route or "" for e in harness.sandbox.log]


def test_a_key_given_cart_v2_after_the_fallback_is_used_from_the_next_day_without_doctor(
    harness: Harness,
) -> None:
    """The old checkout is learnt (the key may not use Cart V2); the owner then gives the
    key Cart V2 but never runs doctor. The next day's first order tries Cart V2, gets it,
    and every order after it goes that way: before Wix removes the old checkout."""
    harness.key = "no-cart-v2"
    harness.switch(checkout_requires_billing_address=False)
    harness.run_until_settled(PEOPLE[:2])
    assert Strategies.load(harness.flows().journal).order == OrderVia.CHECKOUT_V1
    _give_cart_v2(harness, "no-cart-v2")
    harness.sandbox.log.clear()
    harness.run_until_settled(PEOPLE[2:3])  # the same day: Cart V2 was tried today
    assert "checkout.create_order" in _routes(harness)
    assert "cart.create" not in _routes(harness)
    harness.sandbox.log.clear()
    harness.today = date(2026, 6, 16)
    outcomes = harness.run_until_settled(PEOPLE[3:])
    assert all(o.error is None for o in outcomes.values()), outcomes
    assert "cart.place_order" in _routes(harness)  # r4's (r5 booked online: Wix's order)
    assert not any(r.startswith("checkout.") for r in _routes(harness))
    assert Strategies.load(harness.flows().journal).order == OrderVia.CART_V2
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


def test_a_key_still_refused_cart_v2_costs_one_refused_call_a_day_and_the_log_warns(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.key = "no-cart-v2"
    harness.switch(checkout_requires_billing_address=False)
    harness.run_until_settled(PEOPLE[:1])
    harness.sandbox.log.clear()
    harness.run_until_settled(PEOPLE[1:3])  # the same day: no second try
    assert "cart.create" not in _routes(harness)
    harness.sandbox.log.clear()
    harness.today = date(2026, 6, 16)
    with caplog.at_level("WARNING", logger="wixsync.flows"):
        outcomes = harness.run_until_settled(PEOPLE[3:])
    assert all(o.error is None for o in outcomes.values()), outcomes
    tried = [e for e in harness.sandbox.log if e.route == "cart.create"]
    assert [e.status for e in tried] == [403], "one refused try, the day's first order"
    assert _routes(harness).count("checkout.create_order") == 1  # r4's (r5 booked online)
    assert Strategies.load(harness.flows().journal).order == OrderVia.CHECKOUT_V1
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Wix removes the old checkout on 1 Feb 2027 (in 230 days)" in said, said
    assert "ecom:v2:cart:create_cart and ecom:v2:cart:place_order" in said
    assert_exactly_once(harness.sandbox, PEOPLE, settled=True)


def _cut_off(harness: Harness, route: str) -> None:
    """r2's order call hangs before Wix made anything: the row waits, the call in flight."""
    harness.sandbox.faults.add(Fault(route=route, kind="hang", seconds=1.0, commit=False))
    cut = harness.run(PEOPLE[1:2])["r2"]
    assert cut.order_id is None, cut
    assert cut.retry, cut


def _carried_on(harness: Harness, *, by: str, never: str) -> None:
    """The next cycles give r2 its order by the call ``by``, sending no ``never…`` call."""
    harness.sandbox.log.clear()
    done = harness.run_until_settled(PEOPLE[1:2])["r2"]
    assert done.error is None, done
    assert done.order_id, done
    assert by in _routes(harness)
    assert not any(r.startswith(never) for r in _routes(harness)), _routes(harness)


def test_an_order_cut_off_on_the_days_cart_v2_try_goes_on_by_its_cart(harness: Harness) -> None:
    """The day's first order tries Cart V2 (the site is on the old checkout) and its Place
    Order is cut off before Wix placed it. The next cycle — the day's try spent — goes on
    with that cart, not with a checkout made from a cart's id: one order, by Cart V2."""
    harness.key = "no-cart-v2"
    harness.switch(checkout_requires_billing_address=False)
    harness.run_until_settled(PEOPLE[:1])
    _give_cart_v2(harness, "no-cart-v2")
    harness.today = date(2026, 6, 16)
    _cut_off(harness, "cart.place_order")
    _carried_on(harness, by="cart.place_order", never="checkout.")
    assert Strategies.load(harness.flows().journal).order == OrderVia.CART_V2
    assert_exactly_once(harness.sandbox, PEOPLE[:2], settled=True)


def test_an_old_checkout_cut_off_goes_on_by_it_on_the_days_cart_v2_try(harness: Harness) -> None:
    """Create Order from checkout is cut off; the next day's first order would try Cart V2,
    but that row goes on with its checkout (a checkout's id is never sent to Cart V2), and
    the day's try goes to the next new row."""
    harness.key = "no-cart-v2"
    harness.switch(checkout_requires_billing_address=False)
    harness.run_until_settled(PEOPLE[:1])
    _cut_off(harness, "checkout.create_order")
    _give_cart_v2(harness, "no-cart-v2")
    harness.today = date(2026, 6, 16)
    _carried_on(harness, by="checkout.create_order", never="cart.")
    harness.sandbox.log.clear()
    harness.run_until_settled(PEOPLE[3:4])
    assert "cart.place_order" in _routes(harness)
    assert Strategies.load(harness.flows().journal).order == OrderVia.CART_V2
    assert_exactly_once(harness.sandbox, PEOPLE[:2] + PEOPLE[3:4], settled=True)


def test_an_old_checkout_cut_off_before_its_removal_is_replaced_by_a_cart_after(
    harness: Harness,
) -> None:
    """Create Order from checkout is cut off before Wix made the order, on 31 Jan 2027; on
    1 Feb the old checkout is gone: the row is not told to use Cart V2 (it may), it gets a
    cart and its one order."""
    harness.switch(checkout_requires_billing_address=False)
    Strategies(order=OrderVia.CHECKOUT_V1, cart_retried_on=date(2027, 1, 31)).save(
        harness.flows().journal
    )
    harness.today = date(2027, 1, 31)
    _cut_off(harness, "checkout.create_order")
    harness.today = date(2027, 2, 1)
    _carried_on(harness, by="cart.place_order", never="checkout.")
    assert_exactly_once(harness.sandbox, PEOPLE[1:2], settled=True)


def test_from_2027_02_01_checkout_v1_is_never_sent_and_the_row_says_why(
    harness: Harness,
) -> None:
    harness.key = "no-cart-v2"
    Strategies(order=OrderVia.CHECKOUT_V1).save(harness.flows().journal)
    harness.today = date(2027, 2, 1)
    out = harness.run([PEOPLE[0]])["r1"]
    assert out.error is not None
    assert "Cart V2" in out.error, out.error
    assert not any(p.startswith("/ecom/v1/checkouts") for p in _sent(harness))


@pytest.mark.parametrize(
    ("email", "plan", "reason"),
    [
        ("ben.ortiz@example.org", "10 Swim Pass", "has no sessions left"),
        ("finn.walsh@example.org", None, "does not cover this class"),
        ("eve.martin@example.org", None, "holds 2 plans"),
        ("ana.lee@example.org", "Gold", "does not hold a plan called 'Gold'"),
        ("ivan.novak@example.org", None, "no member account"),
    ],
)
def test_a_plan_row_that_cannot_pay_makes_zero_wix_writes(
    harness: Harness, email: str, plan: str | None, reason: str
) -> None:
    row = person("r1", email, Payment.PLAN, plan=plan)
    for _ in range(3):  # and not one more for every restart
        out = harness.run([row])["r1"]
        assert out.error is not None
        assert reason in out.error, out.error
    writes = [e.route for e in harness.sandbox.log if e.route in WRITES]
    assert writes == []
    assert bookings_of(harness.sandbox, row) == []


def test_a_plan_that_has_ended_or_not_started_is_refused_before_booking(harness: Harness) -> None:
    site = harness.sandbox.site
    ana = person("r1", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass")
    order = next(o for o in site.plan_orders.values() if o["planName"] == "10 Swim Pass"
                 and o["buyer"]["memberId"] in {m["id"] for m in site.members.values()
                                                if m.get("contactId")})  # fmt: skip
    order["startDate"] = "2026-07-01T00:00:00.000Z"
    out = harness.run([ana])["r1"]
    assert out.error is not None
    assert [e.route for e in harness.sandbox.log if e.route in WRITES] == []


@pytest.mark.parametrize(
    ("word", "method", "said"),
    [
        ("card", {"custom": "Card"}, "paid by card"),
        ("check", {"predefined": "CHECK"}, "paid by cheque"),
        ("bank_transfer", {"predefined": "BANK_TRANSFER"}, "paid by bank transfer"),
        ("cash", {"predefined": "CASH"}, "paid cash"),
    ],
)
def test_an_in_person_payment_is_recorded_under_its_own_method(
    harness: Harness, word: str, method: dict, said: str
) -> None:
    ivan = replace(person("r1", "ivan.novak@example.org"), method=word)
    out = harness.run([ivan])["r1"]
    assert out.error is None
    assert out.status == f"Booked · {said} · checked in"
    (payment,) = approved_cash(harness.sandbox, out.order_id)
    assert payment["regularPaymentDetails"]["paymentMethodName"]["userDefinedName"] == method
    sent = [e.body for e in harness.sandbox.log if e.route == "orders.mark_as_paid"]
    assert sent == [{"userDefinedPaymentMethodName": method}]


def test_a_404_about_one_order_does_not_switch_the_whole_site(harness: Harness) -> None:
    harness.sandbox.faults.add(
        Fault(route="orders.mark_as_paid", kind="error", status=404, times=1)
    )
    harness.run([person("r1", "ivan.novak@example.org")])
    assert Strategies.load(harness.flows().journal).cash.value == "mark_as_paid"
    out = harness.run([person("r1", "ivan.novak@example.org")])["r1"]
    assert out.error is None
    assert out.status.startswith("Booked · paid cash")


def test_a_refused_mark_as_paid_switches_to_add_payments_on_evidence(harness: Harness) -> None:
    harness.switch(mark_as_paid_allowed=False, add_payment_marks_order_paid=True)
    out = harness.run([person("r1", "ivan.novak@example.org")])["r1"]
    assert out.error is None
    assert Strategies.load(harness.flows().journal).cash.value == "add_payment"


def test_a_declined_plan_charge_ends_as_a_plain_error_on_its_row(harness: Harness) -> None:
    harness.switch(membership_charge_outcome="DECLINED")
    ana = person("r1", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass")
    out = harness.run_until_settled([ana])["r1"]
    assert out.error == (
        "Wix declined the charge to Ana Lee's 10 Swim Pass; the booking is still unpaid. "
        "Write cash or unpaid in Payment, or ask the owner to check the plan."
    )
    assert not out.retry, "it waits for a person"
    (booking,) = bookings_of(harness.sandbox, ana)
    assert harness.run([ana])["r1"].error == out.error, "never charged again by itself"
    charges = plan_charges(harness.sandbox, out.order_id)
    assert [c["status"] for c in charges] in ([], ["DECLINED"]), charges
    cash = harness.run([person("r1", "ana.lee@example.org", Payment.CASH)])["r1"]
    assert cash.error is None
    assert cash.order_id == out.order_id
    assert booking["id"] == cash.booking_id


def test_a_pending_charge_is_shown_and_never_sent_twice(harness: Harness) -> None:
    harness.switch(membership_charge_settles_after_reads=6, charge_memberships_rejects_repeat=False)
    ana = person("r1", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass")
    for _ in range(4):
        out = harness.run([ana])["r1"]
        assert out.status.startswith("Booked · 10 Swim Pass · plan charge pending"), out.status
        assert out.pending
    sent = [e for e in harness.sandbox.log if e.route == "billing.charge_memberships"]
    assert len(sent) == 1
    out = harness.run_until_settled([ana], cycles=8)["r1"]
    assert out.status == "Booked · 10 Swim Pass, 5 left · checked in"


def test_a_dropped_place_order_resumes_from_the_cart(harness: Harness) -> None:
    harness.sandbox.faults.add(Fault(route="cart.place_order", kind="drop", times=1))
    first = harness.run([person("r1", "ivan.novak@example.org")])["r1"]
    assert first.order_id is None
    out = harness.run([person("r1", "ivan.novak@example.org")])["r1"]
    assert out.error is None
    assert out.order_id
    assert_exactly_once(harness.sandbox, [person("r1", "ivan.novak@example.org")], settled=True)


def test_the_client_refuses_checkout_v1_from_its_removal_date(harness: Harness) -> None:
    from sync.wix import Removed

    client = make_client(harness.sandbox)
    client.today = lambda: date(2027, 2, 1)
    with pytest.raises(Removed):
        client.create_checkout("x", "a@example.org", "A", "B")
    assert harness.sandbox.log == []


def test_a_booking_whose_line_is_not_pay_at_the_door_gets_no_order(harness: Harness) -> None:
    """Ivan booked online to pay online and never did; at the door his booking's cart line
    asks for payment now, so the order is not placed: the row says why."""
    client = make_client(harness.sandbox)
    slot = client.list_event_time_slots(
        [s["id"] for s in client.query_services({"type": "CLASS"})],
        "2026-06-15T00:00:00", "2026-06-16T00:00:00", "America/Denver",
    )[0]  # fmt: skip
    ivan = person("r1", "ivan.novak@example.org", class_name="Open Water Swim")
    contact = client.query_contacts({"info.emails.email": ivan.email})[0]
    booked = client.create_booking(
        client.booking_info(
            service_id=slot["serviceId"],
            event_id=slot["eventInfo"]["eventId"],
            contact={"contactId": contact["id"], "email": ivan.email},
            option="ONLINE",
            external_id="web:ivan",
            skip_availability=True,
        )
    )
    harness.sandbox.log.clear()
    out = harness.run([ivan])["r1"]
    assert out.booking_id == booked["id"]
    assert out.error is not None
    assert out.error.startswith("Ivan Novak booked online to pay online"), out.error
    assert "set Payment to cancel on this row and add a new row" in out.error, out.error
    assert [e.route for e in harness.sandbox.log if e.route == "cart.place_order"] == []
    assert out.order_id is None
