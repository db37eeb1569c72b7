"""1,000 plan holders in one cycle: how many rows are wrongly told they have no member
account (the issue's bug: members were read 100 at a time, never paged, so with 180 plan
holders in a batch 80 rows were refused).

Each holder is a Wix contact with a member account and a "10 Swim Pass" with credits left,
typed as ``plan`` for today's 06:30 Open Water Swim. One run of the row flows books, orders
and charges them all through the production client against the local Wix; every sandbox
switch is at its default. The members are read page by page (100 a page).

    python bench/plan_holders.py              # target: 0 rows in error
    python bench/plan_holders.py --holders 200
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync import words  # noqa: E402
from sync.flows import Attendee, Payment, RowFlows  # noqa: E402
from sync.flows import problems as p  # noqa: E402
from sync.sandbox import build_sandbox  # noqa: E402
from sync.sandbox.seed import default_seed  # noqa: E402
from sync.state import Journal, connect  # noqa: E402
from tests.flows.conftest import make_client  # noqa: E402

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)  # 08:00 in Denver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=1000)
    args = parser.parse_args()
    seed = copy.deepcopy(default_seed())
    holders = []
    day = datetime(2026, 6, 15).date()  # the session day at the site (Denver)
    for i in range(args.holders):
        email = f"holder{i:04d}@example.org"
        seed["contacts"].append(
            {
                "first": "Holder",
                "last": f"{i:04d}",
                "email": email,
                "member": True,
                "plans": [{"plan": "10 Swim Pass", "creditsLeft": 8, "toDay": 60}],
            }
        )
        holders.append(
            Attendee(
                row_id=f"row{i:04d}",
                first="Holder",
                last=f"{i:04d}",
                email=email,
                class_name="Open Water Swim",
                session_date=day,
                payment=Payment.PLAN,
                plan="10 Swim Pass",
                attended=None,
            )
        )
    for service in seed["services"]:
        service["capacity"] = max(service.get("capacity", 10), args.holders + 50)
    box = build_sandbox(seed, now=NOW, rate_limit=None)
    with tempfile.TemporaryDirectory() as tmp:
        flows = RowFlows(
            make_client(box),
            Journal(connect(Path(tmp) / "state.sqlite3")),
            time_zone="America/Denver",
        )
        started = time.monotonic()
        outcomes = flows.run(holders)
        elapsed = time.monotonic() - started
    no_member = {words.problem(p.NoMemberAccount(h.name)) for h in holders}
    false = sum(1 for o in outcomes if o.error in no_member)
    errors = Counter(o.error for o in outcomes if o.error)
    routes = Counter(e.route for e in box.log)
    print(f"{len(holders)} plan holders in one cycle ({elapsed:.0f} s, {len(box.log)} Wix calls)")
    print(f"rows told they have no member account: {false} (target 0)")
    print(
        f"rows in error: {sum(errors.values())}; booked: {sum(1 for o in outcomes if o.booking_id)}"
    )
    print(f"members queries: {routes['members.query']} (100 contacts a query, every page read)")
    for error, count in errors.most_common(3):
        print(f"  {count} x {error}")
    return 0 if false == 0 and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
