"""Doctor's read-only probes: Cart V2 and its fallback, cash, and which answers teach a
strategy (a clear answer) and which do not (a rejected key, an unreachable Wix)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from sync.doctor import NO_SUCH_ID, Answer, Verdict, judge
from sync.flows.strategy import CashVia, OrderVia, Strategies
from sync.sandbox import Sandbox
from sync.sandbox.faults import Fault
from sync.wix import KeyRejected, NotSent, OutcomeUnknown, WixAPIError
from tests.doctor.conftest import NO_CART, doctor, lines, make_sandbox, remembered

AFTER_REMOVAL = date(2027, 2, 2)
CART_ROUTES = ("cart.create", "cart.place_order", "cart.get", "cart.calculate")


def _error(status: int, code: str = "", description: str = "", **data: str) -> WixAPIError:
    app = {"code": code, "description": description, "data": data} if code else {}
    body = {"message": description, "details": {"applicationError": app}}
    return WixAPIError("POST", "/x", status, body, "req-1")


@pytest.mark.parametrize(
    ("exc", "answer"),
    [
        (None, Answer.ALLOWED),
        (_error(400, "VALIDATION_ERROR"), Answer.ALLOWED),
        (_error(404, "CART_NOT_FOUND"), Answer.ALLOWED),
        (
            _error(403, "PERMISSION_DENIED", "Missing required permission X", permission="X"),
            "refused",
        ),
        (_error(404), Answer.REFUSED),  # a 404 with no Wix error: the path is not served
        (_error(401, "UNAUTHENTICATED", "Unknown API key"), Answer.UNKNOWN),
        (
            _error(
                403, "PERMISSION_DENIED", "Missing or wrong wix-site-id header for this API key"
            ),
            "unknown",
        ),
        (_error(429, "TOO_MANY_REQUESTS"), Answer.UNKNOWN),
        (_error(503, "INTERNAL"), Answer.UNKNOWN),
        (NotSent("POST", "/x", "ConnectError"), Answer.UNKNOWN),
        (OutcomeUnknown("POST", "/x", "read timeout"), Answer.UNKNOWN),
    ],
)
def test_what_each_answer_says_about_a_permission(exc: Exception | None, answer: str) -> None:
    assert judge(exc)[0] == answer


def test_a_full_key_places_orders_by_cart_v2_and_writes_nothing(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    report = doctor(sandbox)
    got = lines(report)
    assert report.ok, [c for c in report.checks if c.verdict != Verdict.OK]
    assert got["place orders"].detail == "by Cart V2"
    for name in ("create carts", "place orders from carts", "read carts", "calculate carts"):
        assert got[name].verdict == Verdict.OK
    assert "create checkouts" not in got, "Checkout v1 is probed only as the fallback"
    assert not [e for e in sandbox.log if e.status == 200 and e.method == "POST" and e.route in (
        "bookings.create", "bookings.bulk_create", "cart.create", "checkout.create"
    )], "read-only"  # fmt: skip
    assert not [e for e in sandbox.log if "/bulk/" in e.path and "mark-as-paid" in e.path]
    assert [e for e in sandbox.log if e.route == "orders.mark_as_paid" and NO_SUCH_ID in e.path]
    kept = remembered(report, tmp_path)
    assert (kept.order, kept.cash) == (OrderVia.CART_V2, CashVia.MARK_AS_PAID)


def test_without_cart_v2_before_the_removal_the_old_checkout_is_the_fallback(
    sandbox: Sandbox,
) -> None:
    report = doctor(sandbox, key=NO_CART)
    place = lines(report)["place orders"]
    assert place.verdict == Verdict.WARN
    assert "until 2027-02-01" in place.detail
    assert "ecom:v2:cart:create_cart" in place.fix
    assert "ecom:v2:cart:place_order" in place.fix
    assert lines(report)["create carts"].verdict == Verdict.FAIL
    assert report.strategies.order == OrderVia.CHECKOUT_V1


def test_without_cart_v2_after_the_removal_it_fails_in_plain_words(tmp_path: Path) -> None:
    sandbox = make_sandbox(now=None)
    report = doctor(sandbox, key=NO_CART, today=AFTER_REMOVAL, classes=())
    place = lines(report)["place orders"]
    assert place.verdict == Verdict.FAIL
    assert "removed the old checkout on 2027-02-01" in place.detail
    assert place.fix.startswith("The site must give the key the Cart V2 permissions")
    assert not [e for e in sandbox.log if e.path.startswith("/ecom/v1/checkouts")]
    assert remembered(report, tmp_path, Strategies(order=OrderVia.CHECKOUT_V1)).order == (
        OrderVia.CART_V2
    )


def test_a_key_refused_only_the_resume_reads_still_orders_by_cart_v2(sandbox: Sandbox) -> None:
    key = sandbox.site.api_keys["sync"]
    sandbox.site.api_keys["sync"] = dataclasses.replace(
        key, permissions=key.permissions - {"ecom:v2:cart:get_cart", "ecom:v2:cart:calculate_cart"}
    )
    report = doctor(sandbox)
    assert report.strategies.order == OrderVia.CART_V2
    assert lines(report)["read carts"].verdict == Verdict.WARN
    assert lines(report)["calculate carts"].verdict == Verdict.WARN


def test_mark_as_paid_refused_leads_to_add_payments(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.site.switches.mark_as_paid_allowed = False
    report = doctor(sandbox)
    assert lines(report)["record cash payments"].detail == "by add payment"
    assert remembered(report, tmp_path).cash == CashVia.ADD_PAYMENT


@pytest.mark.parametrize("route", ["cart.create", "orders.mark_as_paid"])
def test_an_unreachable_wix_teaches_no_strategy(
    sandbox: Sandbox, tmp_path: Path, route: str
) -> None:
    sandbox.faults.add(Fault(route, "error", times=None, status=503))
    report = doctor(sandbox)
    before = Strategies(order=OrderVia.CHECKOUT_V1, cash=CashVia.ADD_PAYMENT)
    kept = remembered(report, tmp_path, before)
    if route == "cart.create":
        assert "order" not in report.learned
        assert kept.order == OrderVia.CHECKOUT_V1
        assert kept.cash == CashVia.MARK_AS_PAID
    else:
        assert "cash" not in report.learned
        assert kept.cash == CashVia.ADD_PAYMENT
        assert kept.order == OrderVia.CART_V2
        assert lines(report)["record cash payments"].verdict == Verdict.WARN


def test_a_rejected_key_teaches_nothing(sandbox: Sandbox) -> None:
    """A key Wix rejects says nothing about the site: doctor stops (the CLI says so, exit
    69) before any line could be learned from."""
    with pytest.raises(KeyRejected):
        doctor(sandbox, key="IST.not-a-key")


# -- issue 15: BOOKINGS.OVERRIDE_AVAILABILITY, probed like the others -------------------------
@pytest.mark.evidence("bookings 1.0.241 typings: skipAvailabilityValidation needs the permission")
def test_a_key_that_may_book_after_a_class_starts_passes_and_nothing_is_booked(
    sandbox: Sandbox,
) -> None:
    before = len(sandbox.site.bookings)
    check = lines(doctor(sandbox))["book after a class starts"]
    assert check.verdict == Verdict.OK
    assert check.detail == "allowed (probe refused as expected: SESSION_NOT_FOUND)"
    assert len(sandbox.site.bookings) == before
    (sent,) = [e for e in sandbox.log if e.route == "bookings.create"]
    assert sent.status == 404


def test_a_key_without_override_availability_fails_the_line_and_names_the_id(
    sandbox: Sandbox,
) -> None:
    key = sandbox.site.api_keys["sync"]
    sandbox.site.api_keys["sync"] = dataclasses.replace(
        key, permissions=key.permissions - {"BOOKINGS.OVERRIDE_AVAILABILITY"}
    )
    report = doctor(sandbox)
    check = lines(report)["book after a class starts"]
    assert check.verdict == Verdict.FAIL
    assert "BOOKINGS.OVERRIDE_AVAILABILITY" in check.detail
    assert check.fix == "Give the key BOOKINGS.OVERRIDE_AVAILABILITY."
    assert not report.ok
    assert lines(report)["create bookings"].verdict == Verdict.OK


def test_the_sandbox_refuses_the_flag_without_the_permission_even_for_a_free_seat(
    sandbox: Sandbox,
) -> None:
    """The flows' own request, for a session with room: still refused (the harsher reading)."""
    from sync.sandbox.errors import PermissionDenied
    from sync.sandbox.models import bookings as bk

    event = next(iter(sandbox.site.events.values()))
    booking = {
        "bookedEntity": {"slot": {"eventId": event["id"]}},
        "totalParticipants": 1,
        "selectedPaymentOption": "OFFLINE",
        "contactDetails": {"email": "ana.lee@example.org"},
    }

    def can(permission: str, why: str = "") -> None:
        if permission == "BOOKINGS.OVERRIDE_AVAILABILITY":
            raise PermissionDenied(permission, why)

    with pytest.raises(PermissionDenied):
        bk.create_booking(
            sandbox.site,
            booking,
            notify=None,
            send_sms=False,
            flow={"skipAvailabilityValidation": True},
            can=can,
        )
