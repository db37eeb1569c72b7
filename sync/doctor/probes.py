"""The read-only part of doctor: the key, each permission, the order path, cash, classes.

Permissions the flows need for *writes* are probed with requests Wix must refuse anyway (an
id that does not exist, a body missing a required field): a 403 means the key lacks the
permission, a 400/404 about the request means the key got past the permission check. That
Wix checks permissions before it validates a body is how its gateway behaves in the SDK
error docs, not something Wix documents per endpoint (unverified; the sandbox does the
same). A 404 with no Wix error code means the site does not serve the path at all (a
removed API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sync import words
from sync.doctor.report import Answer, Check, DoctorReport, Verdict, judge
from sync.flows.catalog import Catalog
from sync.flows.strategy import CHECKOUT_V1_REMOVAL, CashVia, OrderVia
from sync.wix import WixAPIError, WixClient, WixError
from sync.wix import paths as P

NO_SUCH_ID = "00000000-0000-4000-8000-000000000000"
Probe = Callable[[WixClient], Any]


@dataclass(frozen=True)
class Permission:
    """One line of the probe table: what the flows do with it, the ids, the probe."""

    name: str
    permission: str
    probe: Probe


def _post(path: str, body: dict[str, Any]) -> Probe:
    """A probe: a POST Wix must refuse (nothing exists to change)."""
    return lambda w: w.http.request("POST", path, body=body, safe_to_repeat=True)


def _get(path: str) -> Probe:
    return lambda w: w.http.request("GET", path, safe_to_repeat=True)


READS = [
    Permission(
        "find contacts",
        "CONTACTS.VIEW (Read Contacts)",
        lambda w: w.query_contacts({"info.emails.email": "doctor@example.invalid"}, limit=1),
    ),
    Permission(
        "find members",
        "MEMBERS.MEMBER_READ (Read Members)",
        lambda w: w.query_members({"contactId": NO_SUCH_ID}, limit=1),
    ),
    Permission(
        "read bookings and their orders",
        "BOOKINGS.BOOKING_READ + ECOM.READ_ORDERS",
        lambda w: w.query_extended_bookings({"id": NO_SUCH_ID}),
    ),
    Permission(
        "search orders",
        "ECOM.READ_ORDERS (Read Orders)",
        lambda w: w.orders_for_bookings([NO_SUCH_ID]),
    ),
    Permission(
        "read pricing-plan orders",
        "PRICING_PLANS.READ_ORDERS (Read Orders, Pricing Plans)",
        lambda w: w.plan_orders([NO_SUCH_ID]),
    ),
    Permission("read plan credits", "BENEFIT_PROGRAMS.POOL_READ", lambda w: w.pools([NO_SUCH_ID])),
]
WRITES = [
    Permission(
        "create contacts", "CONTACTS.MODIFY (Manage Contacts)", _post(P.CONTACTS, {"info": {}})
    ),
    Permission(
        "create bookings",
        "BOOKINGS.BOOKING_CREATE (Manage Bookings)",
        _post(P.BULK_CREATE_BOOKINGS, {"createBookingsInfo": []}),
    ),
    Permission(
        "book after a class starts",
        "BOOKINGS.OVERRIDE_AVAILABILITY",
        # createBooking's flowControlSettings.skipAvailabilityValidation "must have the
        # BOOKINGS.OVERRIDE_AVAILABILITY permission scope when passing true" (bookings
        # 1.0.241 typings); the flows send it for a session that started or is full. The
        # session does not exist, so nothing can be booked whatever the answer.
        _post(
            P.BOOKINGS,
            {
                "booking": {"bookedEntity": {"slot": {"eventId": NO_SUCH_ID}}},
                "flowControlSettings": {"skipAvailabilityValidation": True},
            },
        ),
    ),
    Permission(
        "cancel bookings",
        "BOOKINGS.BOOKING_CANCEL (Manage Bookings)",
        _post(P.CANCEL_BOOKING.format(booking_id=NO_SUCH_ID), {"revision": "1"}),
    ),
    Permission(
        "record attendance",
        "BOOKINGS.ATTENDANCE_SET (Manage Bookings)",
        _post(P.BULK_SET_ATTENDANCE, {"attendanceDetails": []}),
    ),
]
#: Cart V2, the order path (``@permissionId`` of cart-v-2 1.0.203 index.typings.d.ts)
CART_V2 = [
    Permission(
        "create carts",
        "ecom:v2:cart:create_cart (or ECOM.ADMIN_MODIFY_CARTS or ECOM.ADMIN_MODIFY_CHECKOUTS)",
        # a catalog item without its required catalogReference: refused before any cart exists
        _post(P.CARTS, {"catalogItems": [{"quantity": 1}]}),
    ),
    Permission(
        "place orders from carts",
        "ecom:v2:cart:place_order",
        _post(P.CART_PLACE_ORDER.format(cart_id=NO_SUCH_ID), {}),
    ),
    Permission("read carts", "ecom:v2:cart:get_cart", _get(P.CART.format(cart_id=NO_SUCH_ID))),
    Permission(
        "calculate carts",
        "ecom:v2:cart:calculate_cart",
        _post(P.CART_CALCULATE.format(cart_id=NO_SUCH_ID), {}),
    ),
]
#: the two Cart V2 calls without which no order can be placed (the others: resume, token)
CART_V2_NEEDED = 2
#: Checkout v1: probed only as the fallback, only before CHECKOUT_V1_REMOVAL
CHECKOUT_V1 = [
    Permission(
        "create checkouts",
        "ECOM.MODIFY_CHECKOUTS (Manage eCommerce)",
        _post(P.CHECKOUTS, {"channelType": "UNSPECIFIED"}),
    ),
    Permission(
        "create orders from checkouts",
        "ECOM.CREATE_ORDER_FROM_CHECKOUT (Manage Orders)",
        _post(P.CHECKOUT_CREATE_ORDER.format(checkout_id=NO_SUCH_ID), {}),
    ),
]
#: the single mark-as-paid path (the bulk path is a gap in the SDK's URL map: never sent)
CASH = [
    (
        CashVia.MARK_AS_PAID,
        Permission(
            "mark orders paid",
            "ECOM.MODIFY_ORDERS (mark as paid)",
            _post(P.MARK_AS_PAID.format(order_id=NO_SUCH_ID), {}),
        ),
    ),
    (
        CashVia.ADD_PAYMENT,
        Permission(
            "add payments",
            "ECOM.MODIFY_TRANSACTIONS (add payments)",
            _post(P.ADD_PAYMENT.format(order_id=NO_SUCH_ID), {"payments": []}),
        ),
    ),
]
BILLING = Permission(
    "charge plans after the order",
    "ECOM.ORDER_BILLING_CHARGE_MEMBERSHIPS",
    _post(P.CHARGE_MEMBERSHIPS, {"orderId": NO_SUCH_ID, "memberId": NO_SUCH_ID, "memberships": []}),
)


def probe(client: WixClient, permission: Permission) -> tuple[Answer, str]:
    try:
        permission.probe(client)
    except (WixAPIError, WixError) as exc:
        return judge(exc)
    return judge(None)


def _line(permission: Permission, answer: Answer, detail: str) -> Check:
    if answer == Answer.ALLOWED:
        return Check(permission.name, Verdict.OK, detail)
    if answer == Answer.REFUSED:
        return Check(
            permission.name, Verdict.FAIL, detail, f"Give the key {permission.permission}."
        )
    return Check(permission.name, Verdict.WARN, detail, "Run doctor again; check the key.")


def run_doctor(
    client: WixClient, *, classes: list[str], time_zone: str, today: date
) -> DoctorReport:
    """Every read-only check; the rehearsal (:func:`sync.doctor.rehearse`) comes after.

    A key Wix rejects, or a Wix that does not answer, on the first call says nothing about
    the site: it is raised (:class:`~sync.wix.KeyRejected`, :class:`~sync.wix.NotSent`, …),
    the command ends with its two lines and exit 69 (:mod:`sync.failures`), and nothing is
    remembered."""
    report = DoctorReport()
    add = report.checks.append
    try:
        services = client.query_services({"type": "CLASS"})
    except WixAPIError as exc:
        if exc.throttled or exc.server_side:
            raise
        fix = (
            "Create the key in the Wix account that owns the site and copy it whole (no 'Bearer')."
            if exc.status == 401
            else "Check the site id (the metaSiteId in the dashboard URL) and that the key "
            "belongs to the account owning the site; give it Read Bookings services."
        )
        add(Check("API key and site id", Verdict.FAIL, exc.description or exc.code, fix))
        return report
    add(
        Check(
            "API key and site id",
            Verdict.OK,
            f"accepted; {words.plural(len(services), 'class service')} on the site",
        )
    )
    for permission in READS + WRITES:
        add(_line(permission, *probe(client, permission)))
    _order_path(client, report, today)
    _cash(client, report)
    _classes(client, report, classes, time_zone, today)
    return report


def _order_path(client: WixClient, report: DoctorReport, today: date) -> None:
    """Cart V2, or (before its removal, and only when Cart V2 is refused) Checkout v1."""
    answers = [(p, *probe(client, p)) for p in CART_V2]
    for permission, answer, detail in answers:
        check = _line(permission, answer, detail)
        if answer == Answer.REFUSED and permission in CART_V2[CART_V2_NEEDED:]:
            check = Check(
                check.name,
                Verdict.WARN,
                detail,
                f"Give the key {permission.permission}: without it an order cut off half-way "
                "is found again only by searching orders.",
            )
        report.checks.append(check)
    needed = [a for _p, a, _d in answers[:CART_V2_NEEDED]]
    if all(a == Answer.ALLOWED for a in needed):
        report.learn("order", OrderVia.CART_V2)
        report.checks.append(Check("place orders", Verdict.OK, "by Cart V2"))
        return
    if Answer.REFUSED not in needed:
        return  # no clear answer: nothing to decide on
    grant = " and ".join(p.permission for p, a, _d in answers[:CART_V2_NEEDED] if a != "allowed")
    if today >= CHECKOUT_V1_REMOVAL:
        report.learn("order", OrderVia.CART_V2)
        report.checks.append(
            Check(
                "place orders",
                Verdict.FAIL,
                f"Wix removed the old checkout on {CHECKOUT_V1_REMOVAL}, and this key may not "
                "use Cart V2, so no booking can get its order",
                f"The site must give the key the Cart V2 permissions: {grant}.",
            )
        )
        return
    fallback = [(p, *probe(client, p)) for p in CHECKOUT_V1]
    for permission, answer, detail in fallback:
        report.checks.append(_line(permission, answer, detail))
    if all(a == Answer.ALLOWED for _p, a, _d in fallback):
        report.learn("order", OrderVia.CHECKOUT_V1)
        report.checks.append(
            Check(
                "place orders",
                Verdict.WARN,
                f"by the old checkout (Checkout v1) until {CHECKOUT_V1_REMOVAL}: this key may "
                "not use Cart V2, and Wix removes the old checkout on that date",
                f"Before {CHECKOUT_V1_REMOVAL}, give the key {grant}.",
            )
        )
    elif any(a == Answer.REFUSED for _p, a, _d in fallback):
        report.learn("order", OrderVia.CART_V2)
        report.checks.append(
            Check(
                "place orders",
                Verdict.FAIL,
                "this key may use neither Cart V2 nor the old checkout",
                f"Give the key {grant}.",
            )
        )


def _cash(client: WixClient, report: DoctorReport) -> None:
    (_, mark), (_, add) = CASH
    mark_answer, mark_detail = probe(client, mark)
    add_answer, add_detail = probe(client, add)
    if mark_answer == Answer.ALLOWED:
        report.learn("cash", CashVia.MARK_AS_PAID)
        report.checks.append(Check("record cash payments", Verdict.OK, "by mark as paid"))
    elif mark_answer == Answer.REFUSED and add_answer == Answer.ALLOWED:
        report.learn("cash", CashVia.ADD_PAYMENT)
        report.checks.append(Check("record cash payments", Verdict.OK, "by add payment"))
    elif mark_answer == Answer.REFUSED and add_answer == Answer.REFUSED:
        report.checks.append(
            Check(
                "record cash payments",
                Verdict.FAIL,
                mark_detail,
                f"Give the key {mark.permission} or {add.permission}.",
            )
        )
    else:  # no clear answer from one of them: nothing learned
        detail = mark_detail if mark_answer == Answer.UNKNOWN else add_detail
        report.checks.append(
            Check("record cash payments", Verdict.WARN, detail, "Run doctor again; check the key.")
        )
    answer, detail = probe(client, BILLING)
    report.checks.append(_line(BILLING, answer, detail))


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
            yesterday = today - timedelta(days=1)
            past = client.list_event_time_slots(
                [service["id"]], f"{yesterday}T00:00:00", f"{today}T00:00:00", time_zone
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
                f"{words.plural(len(upcoming), 'session')} in the next 7 days"
                + (f" (first {upcoming[0]})" if upcoming else "")
                + ("" if options.get("inPerson") else "; in-person payment is OFF"),
                "" if upcoming else "Add sessions to the class in Wix.",
            )
        )
