"""Nothing wixsync sends to Wix, or reads back, is past its ``@targetRemovalDate``.

The removal dates come from the pinned official packages (``tests/sdk/node_modules``, see
``tests/contract/wix_removals.py``); what the client sends is what the sandbox logged while
the production client (``sync.wix.WixClient`` under ``sync.flows.RowFlows``) ran a realistic
club day: cash, card, plan, unpaid, no-show, a cancel, attendance — once with the default
strategies, once with the Add Payments fallback, once with the probed Checkout v1 fallback.
What the client reads back is recorded by key look-ups on the decoded responses.

Fails on anything whose removal date is on or before today (the real date, or
``WIXSYNC_REMOVALS_TODAY=YYYY-MM-DD``); reports, without failing, what is removed within 90
days (a ``UserWarning`` in pytest's warnings summary, and the whole summary on stdout).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.contract.wix_removals import (
    HORIZON_DAYS,
    NODE_MODULES,
    Catalog,
    ReadRecorder,
    Report,
    Sent,
    check,
    load_catalog,
)
from tests.flows.conftest import BASE, TODAY, make_client, person

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"


def today() -> date:
    forced = os.environ.get("WIXSYNC_REMOVALS_TODAY")
    return date.fromisoformat(forced) if forced else date.today()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    if not (NODE_MODULES / "@wix").is_dir():
        pytest.skip("tests/sdk/node_modules missing: run `npm ci --prefix tests/sdk`")
    return load_catalog()


# -- the catalog itself ----------------------------------------------------------------------


def test_every_pinned_package_is_read(catalog: Catalog) -> None:
    shorts = {p.short for p in catalog.packages}
    for needed in ("ecom_cart-v-2", "ecom_order-billing", "ecom_order-transactions", "ecom_orders"):
        assert needed in shorts
    for pkg in catalog.packages:
        assert pkg.routes, f"{pkg.name}: no SDK function found in build/cjs/index.js"
        assert pkg.interfaces, f"{pkg.name}: no REST interface found in meta.d.ts"


def test_known_removal_dates_are_found(catalog: Catalog) -> None:
    dates = {(r.package, r.key): r.removal.isoformat() for r in catalog.removals}
    assert dates[("ecom_order-transactions", "RegularPaymentDetails.status")] == "2026-11-01"
    assert dates[("ecom_order-billing", "MembershipIdentifier.membershipId")] == "2026-12-31"
    assert dates[("bookings_attendance", "Attendance.sessionId")] == "2027-01-01"
    assert dates[("ecom_checkout", "FUNCTION.createCheckout")] == "2027-02-01"
    assert dates[("ecom_checkout", "FUNCTION.createOrder")] == "2027-02-01"
    assert dates[("ecom_cart-v-2", "MembershipOptions.eligibleMemberships")] == "2026-10-01"
    assert dates[("benefit-programs_balances", "FUNCTION.revertBalanceChange")] == "2027-03-31"


def test_every_reference_deprecation_is_found(catalog: Catalog) -> None:
    """Each dated row of the reference's deprecations.tsv is read from the packages too."""
    tsv = REFERENCE / "deprecations.tsv"
    if not tsv.exists():
        pytest.skip(f"{tsv} not present")
    found = {(r.package, r.key, r.removal.isoformat()) for r in catalog.removals}
    pinned = {p.short for p in catalog.packages}
    missing = []
    for line in tsv.read_text().splitlines():
        package, key, when, *_ = line.split("\t")
        dated = package in pinned and re.fullmatch(r"\d{4}-\d{2}-\d{2}", when)
        if dated and (package, key, when) not in found:
            missing.append(line)
    assert not missing, "\n".join(missing)


def test_paths_are_the_ones_the_sdk_requests(catalog: Catalog) -> None:
    """Method and path of every function match the reference's routes.tsv (same resolution)."""
    tsv = REFERENCE / "routes.tsv"
    if not tsv.exists():
        pytest.skip(f"{tsv} not present")
    ours = {(f"{r.package}@{r.version}", r.method, r.path) for r in catalog.routes}
    theirs = set()
    for line in tsv.read_text().splitlines():
        package, _fqn, method, path, *_ = line.split("\t")
        theirs.add((package, method, path))
    theirs = {t for t in theirs if t[0] in {o[0] for o in ours}}
    assert ours == theirs
    assert catalog.route_for("POST", "/ecom/v1/payments/orders/o-1/add-payment").function == (
        "addPayments"
    )
    assert catalog.route_for("GET", "/ecom/v2/carts/c-1").function == "getCart"
    assert catalog.route_for("POST", "/ecom/v2/carts/c-1/place-order").function == "placeOrder"


# -- the checker catches what it must (planted) ------------------------------------------------

ADD_PAYMENT = "/ecom/v1/payments/orders/o-1/add-payment"


def test_checker_catches_a_planted_removed_request_field(catalog: Catalog) -> None:
    planted = {
        "orderId": "o-1",
        "payments": [
            {
                "amount": {"amount": "15.00"},
                "status": "APPROVED",
                "regularPaymentDetails": {"offlinePayment": True, "status": "APPROVED"},
            }
        ],
    }
    report = check([Sent("POST", ADD_PAYMENT, planted)], catalog, date(2026, 12, 1))
    (hit,) = report.overdue
    assert hit.field_path == "payments[].regularPaymentDetails.status"
    assert hit.removal.removal == date(2026, 11, 1)
    assert hit.function == "ecom_order-transactions.addPayments"
    # the same body without the removed field is clean
    del planted["payments"][0]["regularPaymentDetails"]["status"]
    assert check([Sent("POST", ADD_PAYMENT, planted)], catalog, date(2026, 12, 1)).hits == []


def test_checker_catches_a_planted_removed_response_read(catalog: Catalog) -> None:
    read = ("checkout.membershipOptions.eligibleMemberships[].id",)
    sent = Sent("GET", "/ecom/v1/checkouts/co-1", reads=read)
    report = check([sent], catalog, date(2026, 12, 1))
    reads = [h for h in report.overdue if h.where == "response read"]
    assert [h.field_path for h in reads] == ["checkout.membershipOptions.eligibleMemberships"]
    assert reads[0].via.startswith("ecom_cart-v-2@")  # the tag of the legacy list, 2026-10-01
    # and Get Checkout itself is reported as coming (2027-02-01), not failed, before that date
    assert [h.where for h in report.soon()] == ["function"]


def test_checker_dates_functions_and_the_charge_identifier(catalog: Catalog) -> None:
    create = Sent("POST", "/ecom/v1/checkouts", {"channelType": "BACKOFFICE_MERCHANT"})
    assert check([create], catalog, date(2026, 12, 1)).overdue == []
    assert [h.removal.member for h in check([create], catalog, date(2027, 2, 1)).overdue] == [
        "createCheckout"
    ]
    old = {"memberships": [{"lineItemId": "l", "membershipIdentifier": {"membershipId": "m"}}]}
    new = {
        "memberships": [
            {
                "lineItemId": "l",
                "membershipIdentifier": {"existingMembership": {"membershipId": "m"}},
            }
        ]
    }
    charge = "/ecom/v1/order-billing/charge-memberships"
    assert check([Sent("POST", charge, new)], catalog, date(2027, 1, 1)).hits == []
    (hit,) = check([Sent("POST", charge, old)], catalog, date(2027, 1, 1)).overdue
    assert hit.field_path == "memberships[].membershipIdentifier.membershipId"


def test_checker_reads_get_queries_and_reports_unmapped_paths(catalog: Catalog) -> None:
    attendance = {
        "attendanceDetails": [{"attendance": {"bookingId": "b", "sessionId": "s"}}],
    }
    report = check(
        [
            Sent("POST", "/bookings/v2/bulk/attendance/set", attendance),
            Sent("GET", "/pricing-plans/v2/orders", query={"limit": ["50"]}),
            Sent("POST", "/no/such/wix/path", {}),
        ],
        catalog,
        date(2026, 12, 1),
    )
    assert [h.field_path for h in report.soon()] == ["attendanceDetails[].attendance.sessionId"]
    assert report.unmapped == ["POST /no/such/wix/path"]
    assert "ecom" not in " ".join(report.functions)


# -- the real client -----------------------------------------------------------------------------


@dataclass
class Recorded:
    """The sandbox's request log joined with the response fields the client read."""

    sandbox: Any
    reads: dict[int, ReadRecorder] = field(default_factory=dict)

    def sent(self) -> list[Sent]:
        out = []
        for entry in self.sandbox.log:
            recorder = self.reads.get(entry.seq)
            out.append(
                Sent(
                    entry.method,
                    entry.path,
                    entry.body,
                    entry.query,
                    tuple(sorted(recorder.paths)) if recorder else (),
                )
            )
        return out


def _recording_adapter(recorded: Recorded) -> requests.adapters.BaseAdapter:
    from sync.sandbox import InProcessAdapter

    class RecordingAdapter(InProcessAdapter):
        def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
            before = len(recorded.sandbox.log)
            response = super().send(request, *args, **kwargs)
            new = recorded.sandbox.log[before:]
            if new:
                recorder = ReadRecorder()
                recorded.reads[new[-1].seq] = recorder
                content = response.content

                def tracked_json(**_kw: Any) -> Any:
                    return recorder.wrap(json.loads(content))

                response.json = tracked_json  # type: ignore[method-assign]
            return response

    return RecordingAdapter(recorded.sandbox)


def _day(
    tmp_path: Path,
    name: str,
    *,
    switches: dict[str, Any] | None = None,
    settings: dict[str, str] | None = None,
) -> tuple[Recorded, list[str]]:
    """One club day through RowFlows; returns the recording and any crash it hit."""
    from sync.flows import Payment, RowFlows
    from sync.sandbox import build_sandbox
    from sync.state import Journal, connect
    from tests.conftest import NOW

    sandbox = build_sandbox(now=NOW, rate_limit=None)
    if switches:
        sandbox.site.switches.update(switches)
    recorded = Recorded(sandbox)
    client = make_client(sandbox)
    client.http.session.mount(BASE, _recording_adapter(recorded))
    journal = Journal(connect(tmp_path / f"{name}.sqlite3"))
    for key, value in (settings or {}).items():
        journal.set_setting(key, value)

    def flows() -> Any:
        return RowFlows(client, journal, time_zone="America/Denver")

    day_one = [
        person("r1", "ivan.novak@example.org", Payment.CASH, attended=True),
        person("r2", "zoe.quinn@example.org", Payment.CASH, attended=True),
        person("r3", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass", attended=True),
        person("r4", "jade.kim@example.org", Payment.UNPAID, attended=False),
        person("r5", "cara.nguyen@example.org", Payment.CASH, attended=None),
        person(
            "r6",
            "dan.fischer@example.org",
            Payment.CASH,
            attended=True,
            day=TODAY + timedelta(days=1),
        ),
    ]
    card = [a if a.row_id != "r2" else _with(a, method="card") for a in day_one]
    later = [a if a.row_id != "r5" else _with(a, payment=Payment.CANCEL) for a in card]
    later = [a if a.row_id != "r4" else _with(a, payment=Payment.CASH) for a in later]
    crashes: list[str] = []
    for attendees in (card, card, later, later):
        try:
            flows().run(attendees)
        except Exception as exc:  # the client is being rewritten: record, still check
            crashes.append(f"{name}: {type(exc).__name__}: {exc}")
    return recorded, crashes


def _with(attendee: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(attendee, **changes)


SCENARIOS: dict[str, Callable[[Path], tuple[Recorded, list[str]]]] = {
    "cart_v2_mark_as_paid": lambda tmp: _day(tmp, "default"),
    "add_payments_fallback": lambda tmp: _day(
        tmp, "add_payments", switches={"mark_as_paid_allowed": False}
    ),
    # the order path a site's probe may still choose before 2027-02-01; the lenient address
    # answer lets the run go past create-order to the calls that follow it
    "checkout_v1_probed": lambda tmp: _day(
        tmp,
        "checkout_v1",
        switches={"checkout_requires_billing_address": False},
        settings={"strategy.order": "checkout_v1"},
    ),
}


@pytest.fixture(scope="module")
def client_report(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Report, list[str], int]:
    sent: list[Sent] = []
    crashes: list[str] = []
    for name, run in SCENARIOS.items():
        recorded, crashed = run(tmp_path_factory.mktemp(name))
        sent += recorded.sent()
        crashes += crashed
    return check(sent, catalog, today()), crashes, len(sent)


def test_the_client_sends_and_reads_nothing_already_removed(
    client_report: tuple[Report, list[str], int],
) -> None:
    report, crashes, count = client_report
    summary = report.summary()
    print(f"\n{count} requests checked\n{summary}")
    if crashes:
        print("runs that crashed (checked up to the crash):\n  " + "\n  ".join(crashes))
    for hit in sorted({h.describe(report.today) for h in report.soon(HORIZON_DAYS)}):
        warnings.warn(f"Wix removes within {HORIZON_DAYS} days: {hit}", UserWarning, stacklevel=1)
    assert count > 0, f"the client sent nothing: {crashes}"
    overdue = sorted({h.describe(report.today) for h in report.overdue})
    assert not overdue, "sent or read after Wix's removal date:\n" + "\n".join(overdue)


def test_the_client_uses_the_cart_v2_order_path(
    client_report: tuple[Report, list[str], int],
) -> None:
    report, crashes, _count = client_report
    assert "ecom_cart-v-2.placeOrder" in report.functions, (report.summary(), crashes)
