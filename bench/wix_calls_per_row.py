"""Wix calls per row for a 100-attendee class: wixsync's flows beside the naive recipe.

The class: today's 06:30 Open Water Swim with 100 walk-ins — 60 paying cash, 30 on a plan,
10 not paid yet; 70 of them already Wix contacts (the 30 on a plan are members holding a
"10 Swim Pass"). Both runs go through the production Wix client against the sandbox, which
counts every request it receives.

"naive" is the forum thread's recipe done step by step for each row: one call per step,
no bulk endpoint, no cache (query contact, create it if new, query services, list the day's
sessions, create booking, [member, plans,] create checkout, [select plan,] create order,
mark paid, set attendance).

    python bench/wix_calls_per_row.py            # target: ≤ 3.0 calls per row
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.flows import Attendee, Payment, RowFlows  # noqa: E402
from sync.sandbox import build_sandbox  # noqa: E402
from sync.state import Journal, connect  # noqa: E402
from tests.flows.conftest import make_client  # noqa: E402
from tests.proof.club import class_of  # noqa: E402

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)  # 08:00 in Denver, class over


def wixsync_calls(seed: dict, attendees: list[Attendee]) -> tuple[int, int]:
    box = build_sandbox(seed, now=NOW, rate_limit=None)
    with tempfile.TemporaryDirectory() as tmp:
        flows = RowFlows(
            make_client(box), Journal(connect(Path(tmp) / "s.sqlite3")), time_zone="America/Denver"
        )
        outcomes = flows.run(attendees)
    failed = sum(1 for o in outcomes if o.error)
    return len(box.log), failed


def naive_calls(seed: dict, attendees: list[Attendee]) -> int:
    box = build_sandbox(seed, now=NOW, rate_limit=None)
    wix = make_client(box)
    for a in attendees:
        found = wix.query_contacts({"info.emails.email": a.email})
        contact = found[0] if found else wix.create_contact(a.first, a.last, a.email)
        service = wix.query_services({"name": a.class_name})[0]
        day = a.session_date.isoformat()
        slot = wix.list_event_time_slots(
            [service["id"]], f"{day}T00:00:00", f"{day}T23:59:59", "America/Denver"
        )[0]
        option = "MEMBERSHIP" if a.payment == Payment.PLAN else "OFFLINE"
        booking = wix.create_booking(
            wix.booking_info(
                service_id=service["id"],
                event_id=slot["eventInfo"]["eventId"],
                contact={"contactId": contact["id"], "email": a.email},
                option=option,
                external_id=a.external_id,
                skip_availability=True,
            )
        )
        if a.payment == Payment.PLAN:
            member = wix.query_members({"contactId": contact["id"]})[0]
            wix.plan_orders([member["id"]])
        checkout = wix.create_checkout(booking["id"], a.email, a.first, a.last)
        if a.payment == Payment.PLAN:
            chosen = checkout["membershipOptions"]["eligibleMemberships"][0]
            wix.select_membership(
                checkout["id"], chosen["id"], chosen["appId"], checkout["lineItems"][0]["id"]
            )
        order_id = wix.create_order(checkout["id"])
        if a.payment == Payment.CASH:
            wix.mark_as_paid(order_id)
        wix.set_attendance(booking["id"], slot["eventInfo"]["eventId"], "ATTENDED")
    return len(box.log)


def main() -> int:
    seed, attendees = class_of(100, now=NOW)
    ours, failed = wixsync_calls(seed, attendees)
    naive = naive_calls(seed, attendees)
    rows = len(attendees)
    print(f"class: {rows} attendees (60 cash, 30 plan, 10 unpaid; 70% already contacts)")
    print(
        f"wixsync: {ours} Wix calls = {ours / rows:.2f} per row   (target <= 3.0; "
        f"rows in error: {failed})"
    )
    print(
        f"naive:   {naive} Wix calls = {naive / rows:.2f} per row   (one call per step, "
        f"no bulk, no cache)"
    )
    return 0 if ours / rows <= 3.0 and failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
