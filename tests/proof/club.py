"""A class of walk-ins for the proofs and benchmarks: the seed document that puts its members
into the sandbox, the attendees the row flows take, and the sheet volunteers would type.

The mix of :func:`class_of` (for 100: 60 paying cash, 30 on a plan, 10 not paid yet; 70 of
them already Wix contacts, among them every plan holder, each a member holding a "10 Swim
Pass" with 8 credits left) is the one ``bench/wix_calls_per_row.py`` measures.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sync.flows import Attendee, Payment
from sync.sandbox.seed import default_seed
from sync.sheet.columns import DEFAULT_COLUMNS, Owner

CLASS_NAME = "Open Water Swim"
PLAN_NAME = "10 Swim Pass"
TIME_ZONE = "America/Denver"
#: the volunteers' columns in their default order: Date, Time, Class, Name, Email, Payment,
#: Plan, Attended
HEADER = [c.header for c in DEFAULT_COLUMNS if c.owner == Owner.VOLUNTEER]


def class_of(
    n: int = 100,
    *,
    now: datetime,
    class_name: str = CLASS_NAME,
    plan_name: str = PLAN_NAME,
    time_zone: str = TIME_ZONE,
) -> tuple[dict[str, Any], list[Attendee]]:
    """``n`` walk-ins at the day's session of ``class_name`` (the site-local date of ``now``):
    the first 60% pay cash, the next 30% a plan, the last 10% nothing yet; the first 30%
    are new to Wix unless they hold a plan. Returns ``(seed document, attendees)``; the seed
    is the default club plus the attendees already known to Wix."""
    seed = copy.deepcopy(default_seed())
    day = now.astimezone(ZoneInfo(time_zone)).date()
    cash_until, plan_until, new_until = n * 6 // 10, n * 9 // 10, n * 3 // 10
    attendees = []
    for i in range(n):
        kind = (
            Payment.CASH if i < cash_until else Payment.PLAN if i < plan_until else Payment.UNPAID
        )
        email = f"swimmer{i:03d}@example.org"
        if i >= new_until or kind == Payment.PLAN:  # already a contact
            contact: dict[str, Any] = {"first": "Swimmer", "last": f"{i:03d}", "email": email}
            if kind == Payment.PLAN:
                contact.update(
                    member=True,
                    plans=[{"plan": plan_name, "creditsLeft": 8, "fromDay": -30, "toDay": 60}],
                )
            seed["contacts"].append(contact)
        attendees.append(
            Attendee(
                row_id=f"row{i:03d}",
                first="Swimmer",
                last=f"{i:03d}",
                email=email,
                class_name=class_name,
                session_date=day,
                payment=kind,
                plan=plan_name if kind == Payment.PLAN else None,
                attended=True,
            )
        )
    return seed, attendees


def sheet_rows(attendees: list[Attendee]) -> list[list[str]]:
    """The attendance sheet as volunteers type it: the header row (Date, Time, Class, Name,
    Email, Payment, Plan, Attended), then one row per attendee ("6/15", "", "Open Water
    Swim", "Swimmer 000", "swimmer000@example.org", "cash", "", "x")."""
    attended = {True: "x", False: "no", None: ""}
    rows = [list(HEADER)]
    for a in attendees:
        day = f"{a.session_date.month}/{a.session_date.day}"
        time = a.session_time.strftime("%H:%M") if a.session_time else ""
        rows.append(
            [
                day,
                time,
                a.class_name,
                a.name,
                a.email,
                a.payment.value,  # cash, plan, unpaid, cancel: the canonical words
                a.plan or "",
                attended[a.attended],
            ]
        )
    return rows
