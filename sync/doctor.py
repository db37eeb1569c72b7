"""``wixsync doctor``: what a site's API key can do, and how this site records payments.

Read-only by default. Permissions the flows need for *writes* are probed with requests Wix
must refuse anyway (an order id that does not exist, an empty body): a 403 means the key
lacks the permission, a 400/404 means the key got past the permission check. That Wix checks
permissions before it validates a body is how its gateway behaves in the SDK error docs, not
something Wix documents per endpoint (unverified; the sandbox does the same).

``write_test`` books one seat for a contact the owner names, opens a checkout for it to see
whether this site's checkout lists the member's plans (which decides how plans are
charged), and cancels the booking. No order is created and nothing is paid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sync.flows.catalog import Catalog
from sync.flows.strategy import CashVia, PlanVia, Strategies
from sync.wix import WixAPIError, WixClient, WixError
from sync.wix import paths as P

NO_SUCH_ID = "00000000-0000-4000-8000-000000000000"


class Verdict(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    verdict: Verdict
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    strategies: Strategies = field(default_factory=Strategies)

    @property
    def ok(self) -> bool:
        return all(c.verdict != Verdict.FAIL for c in self.checks)


# (check name, permission, probe) — the probe sends a request Wix must refuse
Probe = Callable[[WixClient], Any]
READS: list[tuple[str, str, Probe]] = [
    (
        "find contacts",
        "CONTACTS.VIEW (Read Contacts)",
        lambda w: w.query_contacts({"info.emails.email": "doctor@example.invalid"}, limit=1),
    ),
    (
        "find members",
        "MEMBERS.MEMBER_READ (Read Members)",
        lambda w: w.query_members({"contactId": NO_SUCH_ID}, limit=1),
    ),
    (
        "read bookings and their orders",
        "BOOKINGS.BOOKING_READ + ECOM.READ_ORDERS",
        lambda w: w.query_extended_bookings({"id": NO_SUCH_ID}),
    ),
    (
        "search orders",
        "ECOM.READ_ORDERS (Read Orders)",
        lambda w: w.orders_for_bookings([NO_SUCH_ID]),
    ),
    (
        "read pricing-plan orders",
        "PRICING_PLANS.READ_ORDERS (Read Orders, Pricing Plans)",
        lambda w: w.plan_orders([NO_SUCH_ID]),
    ),
    ("read plan credits", "BENEFIT_PROGRAMS.POOL_READ", lambda w: w.pools([NO_SUCH_ID])),
]


def _post(path: str, body: dict[str, Any]) -> Probe:
    """A probe: a POST Wix must refuse (nothing exists to change)."""
    return lambda w: w.http.request("POST", path, body=body, safe_to_repeat=True)


WRITES: list[tuple[str, str, Probe]] = [
    ("create contacts", "CONTACTS.MODIFY (Manage Contacts)", _post(P.CONTACTS, {"info": {}})),
    (
        "create bookings",
        "BOOKINGS.BOOKING_CREATE (Manage Bookings)",
        _post(P.BULK_CREATE_BOOKINGS, {"createBookingsInfo": []}),
    ),
    (
        "cancel bookings",
        "BOOKINGS.BOOKING_CANCEL (Manage Bookings)",
        _post(P.CANCEL_BOOKING.format(booking_id=NO_SUCH_ID), {"revision": "1"}),
    ),
    (
        "record attendance",
        "BOOKINGS.ATTENDANCE_SET (Manage Bookings)",
        _post(P.BULK_SET_ATTENDANCE, {"attendanceDetails": []}),
    ),
    (
        "create checkouts",
        "ECOM.MODIFY_CHECKOUTS (Manage eCommerce)",
        _post(P.CHECKOUTS, {"channelType": "UNSPECIFIED"}),
    ),
    (
        "create orders from checkouts",
        "ECOM.CREATE_ORDER_FROM_CHECKOUT (Manage Orders)",
        _post(P.CHECKOUT_CREATE_ORDER.format(checkout_id=NO_SUCH_ID), {}),
    ),
]
CASH_PROBES: list[tuple[CashVia, str, Probe]] = [
    (
        CashVia.MARK_AS_PAID,
        "ECOM.MODIFY_ORDERS (mark as paid)",
        _post(P.MARK_AS_PAID.format(order_id=NO_SUCH_ID), {}),
    ),
    (
        CashVia.ADD_PAYMENT,
        "ECOM.MODIFY_TRANSACTIONS (add payments)",
        _post(P.ADD_PAYMENT.format(order_id=NO_SUCH_ID), {"payments": []}),
    ),
]
BILLING_PROBE = _post(
    P.CHARGE_MEMBERSHIPS, {"orderId": NO_SUCH_ID, "memberId": NO_SUCH_ID, "memberships": []}
)


def _permitted(client: WixClient, probe: Probe) -> tuple[bool | None, str]:
    """True: past the permission check; False: 403; None: could not tell."""
    try:
        probe(client)
        return True, "allowed"
    except WixAPIError as exc:
        if exc.status == 403:
            return False, exc.description
        if exc.status == 401:
            return None, "the API key was not accepted"
        return True, f"allowed (probe refused as expected: {exc.code})"
    except WixError as exc:
        return None, str(exc)


def run_doctor(
    client: WixClient,
    *,
    classes: list[str],
    time_zone: str,
    today: date,
    write_test: tuple[str, str] | None = None,
) -> DoctorReport:
    report = DoctorReport()
    add = report.checks.append
    try:
        services = client.query_services({"type": "CLASS"})
        add(
            Check(
                "API key and site id",
                Verdict.OK,
                f"accepted; {len(services)} class services on the site",
            )
        )
    except WixAPIError as exc:
        fix = (
            "Create the key in the Wix account that owns the site and copy it whole (no 'Bearer')."
            if exc.status == 401
            else "Check the site id (the metaSiteId in the dashboard URL) and that the key "
            "belongs to the account owning the site; give it Read Bookings services."
        )
        add(Check("API key and site id", Verdict.FAIL, exc.description or exc.code, fix))
        return report
    except WixError as exc:
        add(Check("reach Wix", Verdict.FAIL, str(exc), "Check the network and the base URL."))
        return report
    for name, permission, probe in READS + WRITES:
        allowed, detail = _permitted(client, probe)
        verdict = Verdict.OK if allowed else Verdict.FAIL if allowed is False else Verdict.WARN
        add(Check(name, verdict, detail, "" if allowed else f"Give the key {permission}."))
    _cash(client, report)
    _classes(client, report, classes, time_zone, today)
    if write_test:
        _write_test(client, report, write_test, time_zone, today)
    return report


def _cash(client: WixClient, report: DoctorReport) -> None:
    found = []
    for via, permission, probe in CASH_PROBES:
        allowed, detail = _permitted(client, probe)
        found.append((via, permission, allowed, detail))
    usable = [via for via, _p, allowed, _d in found if allowed]
    if usable:
        report.strategies.cash = usable[0]
        report.checks.append(
            Check("record cash payments", Verdict.OK, f"by {usable[0].value.replace('_', ' ')}")
        )
    else:
        report.checks.append(
            Check(
                "record cash payments",
                Verdict.FAIL,
                found[0][3],
                f"Give the key {found[0][1]} or {found[1][1]}.",
            )
        )
    allowed, detail = _permitted(client, BILLING_PROBE)
    report.checks.append(
        Check(
            "charge plans after the order",
            Verdict.OK if allowed else Verdict.WARN,
            detail,
            ""
            if allowed
            else "Give the key ECOM.ORDER_BILLING_CHARGE_MEMBERSHIPS if this "
            "site's checkout does not list plans (see --write-test).",
        )
    )


def _classes(
    client: WixClient, report: DoctorReport, classes: list[str], time_zone: str, today: date
) -> None:
    catalog = Catalog(client, time_zone)
    for name in classes:
        try:
            service = catalog.service(name)
        except Exception:
            known = ", ".join(s["name"] for s in catalog.services()) or "none"
            report.checks.append(
                Check(
                    f"class '{name}'",
                    Verdict.FAIL,
                    f"no such class service (classes on the site: {known})",
                    "Fix the class name in the config or the sheet.",
                )
            )
            continue
        end = today + timedelta(days=7)
        try:
            slots = client.list_event_time_slots(
                [service["id"]], f"{today}T00:00:00", f"{end}T00:00:00", time_zone
            )
        except WixAPIError as exc:
            if exc.status != 403:
                raise
            permission = exc.data.get("permission") or "BOOKINGS.AVAILABILITY_READ"
            report.checks.append(
                Check(
                    f"class '{name}': sessions",
                    Verdict.FAIL,
                    f"the key may not list the class's sessions ({permission})",
                    f"Give the key {permission}.",
                )
            )
            continue
        upcoming = [
            s["localStartDate"][:16].replace("T", " ")
            for s in slots
            if not (s.get("nonBookableReasons") or {}).get("eventCancelled")
        ]
        yesterday = today - timedelta(days=1)
        past = client.list_event_time_slots(
            [service["id"]], f"{yesterday}T00:00:00", f"{today}T00:00:00", time_zone
        )
        if upcoming and not past:
            report.checks.append(
                Check(
                    f"class '{name}': past sessions",
                    Verdict.WARN,
                    "Wix lists no session of yesterday: sessions that have started may not be "
                    "found, so enter walk-ins before the class starts",
                    "If the class ran yesterday, rows for a started class will say 'No … session'.",
                )
            )
        options = service.get("payment", {}).get("options", {})
        report.checks.append(
            Check(
                f"class '{name}'",
                Verdict.OK if upcoming else Verdict.WARN,
                f"{len(upcoming)} sessions in the next 7 days"
                + (f" (first {upcoming[0]})" if upcoming else "")
                + ("" if options.get("inPerson") else "; in-person payment is OFF"),
                "" if upcoming else "Add sessions to the class in Wix.",
            )
        )


def _write_test(
    client: WixClient, report: DoctorReport, test: tuple[str, str], time_zone: str, today: date
) -> None:
    class_name, email = test
    catalog = Catalog(client, time_zone)
    try:
        slot = _next_slot(client, catalog, class_name, time_zone, today)
        contacts = client.query_contacts({"info.emails.email": email}, limit=1)
        if not contacts:
            raise ValueError(f"no contact with email {email}")
        contact = contacts[0]
        members = client.query_members({"contactId": contact["id"]}, limit=1)
        option = "MEMBERSHIP" if members and client.plan_orders([members[0]["id"]]) else "OFFLINE"
        info = client.booking_info(
            service_id=slot["serviceId"],
            event_id=slot["eventInfo"]["eventId"],
            contact={"contactId": contact["id"], "email": email},
            option=option,
            external_id="wixsync:doctor",
            skip_availability=False,
        )
        booking = client.create_booking(info)
        try:
            checkout = client.create_checkout(booking["id"], email, "", "")
        finally:
            found = client.query_extended_bookings({"id": booking["id"]}, with_order=False)
            revision = found[0]["booking"]["revision"] if found else booking["revision"]
            client.cancel_booking(booking["id"], revision, with_refund=False, waive_charges=True)
    except (WixError, ValueError, LookupError) as exc:
        report.checks.append(
            Check(
                "write test",
                Verdict.FAIL,
                str(exc),
                "Name a class with an upcoming session and a contact's email.",
            )
        )
        return
    line = checkout["lineItems"][0]
    listed = (checkout.get("membershipOptions") or {}).get("eligibleMemberships") or []
    report.checks.append(
        Check(
            "write test: book, check out, cancel",
            Verdict.OK,
            f"line paid as {line.get('paymentOption')}; booking cancelled",
        )
    )
    if option == "MEMBERSHIP":
        report.strategies.plan = PlanVia.CHECKOUT if listed else PlanVia.ORDER_BILLING
        report.checks.append(
            Check(
                "charge plans",
                Verdict.OK,
                "on the checkout (it lists the member's plans)"
                if listed
                else "after the order, by order billing (the checkout lists none)",
            )
        )
    else:
        report.checks.append(
            Check(
                "charge plans",
                Verdict.WARN,
                "not tested: the contact holds no plan",
                "Run again with the email of a member holding a plan.",
            )
        )


def _next_slot(
    client: WixClient, catalog: Catalog, class_name: str, time_zone: str, today: date
) -> dict[str, Any]:
    service = catalog.service(class_name)
    end = today + timedelta(days=14)
    slots = client.list_event_time_slots(
        [service["id"]], f"{today}T00:00:00", f"{end}T00:00:00", time_zone
    )
    bookable = [s for s in slots if s.get("bookable")]
    if not bookable:
        raise LookupError(f"no bookable {class_name} session in the next 14 days")
    return bookable[0]
