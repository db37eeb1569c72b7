"""``doctor --rehearse``: the whole chain on the sandbox, for every switch that changes its
path, and after each one the site as it was (no active booking, no open unpaid order, every
plan's credits back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.doctor import NO_SUCH_ID, Verdict
from sync.flows.strategy import CashVia, MembershipId, OrderVia, Strategies
from sync.sandbox import Sandbox
from sync.sandbox.faults import Fault
from tests.doctor.conftest import (
    NO_CART,
    doctor,
    lines,
    rehearsal_bookings,
    remembered,
    site_state,
)

MEMBER = "ana.lee@example.org"  # 10 Swim Pass, 6 sessions left, covers Open Water Swim
NO_PLAN = "ivan.novak@example.org"
R = "rehearsal: "


def _sent(sandbox: Sandbox, route: str) -> list:
    """The calls of a route the rehearsal sent (the probes name an id that does not exist)."""
    return [e for e in sandbox.log if e.route == route and NO_SUCH_ID not in repr(e)]


def _rehearse(sandbox: Sandbox, email: str = MEMBER, **kwargs: object):
    before = site_state(sandbox)
    said: list = []
    report = doctor(sandbox, email=email, said=said, **kwargs)  # type: ignore[arg-type]
    assert site_state(sandbox) == before, "the rehearsal left the site changed"
    assert said == [c for c in report.checks if c.name.startswith(R)], "printed as it went"
    return report


def test_member_cash_and_plan_rehearsed_separately_and_undone(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    report = _rehearse(sandbox)
    got = lines(report)
    assert report.ok, [c for c in report.checks if c.verdict != Verdict.OK]
    assert "through Cart V2" in got[R + "order (cash)"].detail
    assert "by mark as paid" in got[R + "cash payment"].detail
    assert "approved" in got[R + "plan charge"].detail
    assert "order id" in got[R + "plan id"].detail
    assert got[R + "book after a class starts"].verdict == Verdict.OK
    made = rehearsal_bookings(sandbox)
    assert len(made) == 2
    assert {b["status"] for b in made} == {"CANCELED"}
    assert {b["selectedPaymentOption"] for b in made} == {"OFFLINE"}
    left = got[R + "left on the site"]
    assert left.verdict == Verdict.OK
    assert "cash payment of 15.00" in left.detail
    kept = remembered(report, tmp_path)
    assert (kept.order, kept.cash, kept.membership_id) == (
        OrderVia.CART_V2,
        CashVia.MARK_AS_PAID,
        MembershipId.ORDER,
    )


def test_the_bookings_ask_wix_for_no_notice_and_an_offline_seat(sandbox: Sandbox) -> None:
    _rehearse(sandbox, NO_PLAN)
    sent = [e.body for e in sandbox.log if e.route == "bookings.create" and e.status == 200]
    assert len(sent) == 1
    assert sent[0]["participantNotification"] == {"notifyParticipants": False}
    assert sent[0]["sendSmsReminder"] is False
    assert sent[0]["booking"]["externalUserId"].startswith("wixsync:rehearsal:")
    assert not [e for e in sandbox.log if "bulk" in e.path and "mark-as-paid" in e.path]


def test_a_contact_without_a_plan_rehearses_cash_only(sandbox: Sandbox, tmp_path: Path) -> None:
    report = _rehearse(sandbox, NO_PLAN)
    got = lines(report)
    assert got[R + "plan charge"].verdict == Verdict.WARN
    assert "holds no active plan" in got[R + "plan charge"].detail
    assert R + "book (plan)" not in got
    kept = remembered(report, tmp_path, Strategies(membership_id=MembershipId.POOL))
    assert kept.membership_id == MembershipId.POOL, "not tested, so not changed"


def test_a_missing_contact_is_never_created(sandbox: Sandbox) -> None:
    contacts = len(sandbox.site.contacts)
    report = _rehearse(sandbox, "nobody@example.org")
    assert "never creates one" in lines(report)[R + "contact"].detail
    assert len(sandbox.site.contacts) == contacts
    assert not rehearsal_bookings(sandbox)
    assert not report.ok


@pytest.mark.parametrize("kind", ["order", "pool"])
def test_the_membership_id_kind_is_found_and_remembered(
    sandbox: Sandbox, tmp_path: Path, kind: str
) -> None:
    sandbox.site.switches.membership_id_kind = kind
    report = _rehearse(sandbox)
    assert report.ok
    assert remembered(report, tmp_path).membership_id == MembershipId(kind)
    tried = _sent(sandbox, "billing.charge_memberships")
    assert len(tried) == (1 if kind == "order" else 2)


def test_a_declined_plan_charge_is_said_and_the_order_closed(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.site.switches.membership_charge_outcome = "DECLINED"
    report = _rehearse(sandbox)
    charge = lines(report)[R + "plan charge"]
    assert charge.verdict == Verdict.WARN
    assert "declined" in charge.detail
    assert remembered(report, tmp_path).membership_id == MembershipId.ORDER


def test_a_charge_wix_never_settles_is_watched_a_bounded_time(sandbox: Sandbox) -> None:
    sandbox.site.switches.membership_charge_settles_after_reads = 50
    report = _rehearse(sandbox)
    charge = lines(report)[R + "plan charge"]
    assert charge.verdict == Verdict.WARN
    assert "had not settled" in charge.detail
    reads = [e for e in sandbox.log if e.route == "transactions.list"]
    assert len(reads) <= 10


@pytest.mark.parametrize("marks_paid", [True, False])
def test_cash_by_add_payments_where_mark_as_paid_is_refused(
    sandbox: Sandbox, tmp_path: Path, marks_paid: bool
) -> None:
    sandbox.site.switches.mark_as_paid_allowed = False
    sandbox.site.switches.add_payment_marks_order_paid = marks_paid
    report = _rehearse(sandbox, NO_PLAN)
    got = lines(report)
    assert got[R + "mark as paid"].verdict == Verdict.WARN
    cash = got[R + "cash payment"]
    if marks_paid:
        assert cash.verdict == Verdict.OK
        assert "by add payment" in cash.detail
    else:
        assert cash.verdict == Verdict.WARN
        assert "still shows order" in cash.detail
        assert "unpaid" in cash.detail
        assert "cancelled" in got[R + "left on the site"].detail
    assert len(_sent(sandbox, "transactions.add_payment")) == 1
    assert remembered(report, tmp_path).cash == CashVia.ADD_PAYMENT


def test_mark_as_paid_that_shows_late_is_read_again(sandbox: Sandbox) -> None:
    sandbox.site.switches.mark_as_paid_lag_reads = 2
    report = _rehearse(sandbox, NO_PLAN)
    assert lines(report)[R + "cash payment"].verdict == Verdict.OK


@pytest.mark.parametrize("removed", [False, True])
def test_a_key_without_cart_v2_before_the_removal_date(
    sandbox: Sandbox, tmp_path: Path, removed: bool
) -> None:
    sandbox.site.switches.checkout_v1_removed = removed
    sandbox.site.switches.checkout_requires_billing_address = False
    report = _rehearse(sandbox, key=NO_CART)
    place = lines(report)["place orders"]
    kept = remembered(report, tmp_path)
    if removed:  # the site no longer serves the old checkout either
        assert place.verdict == Verdict.FAIL
        assert "neither Cart V2 nor the old checkout" in place.detail
        assert kept.order == OrderVia.CART_V2
        assert lines(report)[R + "order (cash)"].verdict == Verdict.FAIL
    else:
        assert place.verdict == Verdict.WARN
        assert "until 2027-02-01" in place.detail
        assert "ecom:v2:cart:create_cart" in place.fix
        assert kept.order == OrderVia.CHECKOUT_V1
        assert "old checkout" in lines(report)[R + "order (cash)"].detail
        assert lines(report)[R + "cash payment"].verdict == Verdict.OK


def test_the_old_checkout_without_a_billing_address_stops_at_the_order(
    sandbox: Sandbox,
) -> None:
    report = _rehearse(sandbox, NO_PLAN, key=NO_CART)
    order = lines(report)[R + "order (cash)"]
    assert order.verdict == Verdict.FAIL
    assert order.detail.startswith("the old checkout wants a billing address"), order.detail
    assert "ecom:v2:cart:create_cart" in order.fix, order.fix
    assert lines(report)[R + "cancel (cash)"].verdict == Verdict.OK


def test_an_unreachable_wix_mid_rehearsal_teaches_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.faults.add(Fault("orders.mark_as_paid", "error", times=None, status=503))
    report = _rehearse(sandbox)
    assert lines(report)[R + "cash payment"].verdict == Verdict.FAIL
    assert lines(report)[R + "plan charge"].verdict == Verdict.OK, "the plan seat still ran"
    before = Strategies(cash=CashVia.ADD_PAYMENT)
    assert remembered(report, tmp_path, before).cash == CashVia.ADD_PAYMENT
    assert "cash" not in report.learned


def test_a_booking_wix_cannot_cancel_is_left_and_said(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault("bookings.cancel", "error", times=None, status=503))
    report = doctor(sandbox, email=NO_PLAN)
    left = lines(report)[R + "left on the site"]
    assert left.verdict == Verdict.WARN
    assert "cancel it in the Wix dashboard" in left.detail
