"""Issue 14's figures: hostile answers from Wix, Google and SMTP; two deployments on one
sheet; how long the daemon takes to stop on SIGTERM whatever it is waiting on.

    python bench/attacks.py            # the whole attack set (about 4 minutes)
    python bench/attacks.py --quick    # a dozen answer kinds

Everything runs on loopback: the Wix sandbox and the fake Google Sheets API served by
threads of this process, the real ``wixsync run`` started as a child process.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.sandbox import Fault  # noqa: E402
from tests.proof.kill import Stage  # noqa: E402
from tests.proof.world import HEADER, World, line  # noqa: E402
from tests.security.attacks import attack_set, run_attacks  # noqa: E402

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)


def hostile_answers(folder: Path, quick: bool) -> tuple[int, int, int]:
    answers = list(attack_set())
    if quick:
        answers = answers[:12]
    counts = run_attacks(folder, answers)
    return counts.kinds_tried, counts.secrets_found, counts.crashes


def two_deployments(folder: Path) -> tuple[int, int]:
    """16 new rows, two deployments with two state files on one sheet, polling in turn:
    (extra bookings, extra cash payments) beyond one per row."""
    from tests.flows.conftest import person
    from tests.flows.invariants import approved_cash, bookings_of, linked_orders

    people = [(f"Swimmer {i}", f"swimmer{i}@example.org") for i in range(16)]
    vm = World(folder / "vm", [line(n, e) for n, e in people])
    laptop = World(folder / "laptop", [], sandbox=vm.sandbox)
    laptop.sheets, laptop.key = vm.sheets, vm.key
    with vm.open() as a, laptop.open() as b:
        for _ in range(3):
            b.engine.run_cycle()
            a.engine.run_cycle()
    bookings = cash = 0
    for _name, email in people:
        found = bookings_of(vm.sandbox, person("x", email))
        bookings += len(found)
        for booking in found:
            for order in linked_orders(vm.sandbox, booking["id"]):
                cash += len(approved_cash(vm.sandbox, order["id"]))
    return bookings - len(people), cash - len(people)


def silently_dropped(folder: Path) -> tuple[int, int]:
    """Wix answers 200 with less than the client reads: a bulk create that reports fewer
    items than were sent (or none at all), a cart or a placed order without its id, bulk
    attendance without results. Returns (answers mangled, rows that ended with neither a
    booking nor a word in Error once the mangling stopped)."""
    import json as _json

    import requests

    from sync.flows import Payment
    from sync.sandbox import InProcessAdapter, build_sandbox
    from tests.conftest import NOW as SANDBOX_NOW
    from tests.flows.conftest import BASE, Harness, person

    mangle = {
        "/bookings/v2/bulk/bookings/create": lambda a: {**a, "results": a["results"][:-1]},
        "/ecom/v2/carts": lambda a: {"cart": {}},
        "/bookings/v2/bulk/attendance/set": lambda a: {},
    }
    mangled = [0]

    class Mangling(InProcessAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            response = super().send(request, **kwargs)
            path = request.path_url.split("?")[0]
            if path in mangle and response.status_code == 200 and mangled[0] < 6:
                mangled[0] += 1
                body = mangle[path](_json.loads(response.content))
                response._content = _json.dumps(body).encode()
            return response

    harness = Harness(build_sandbox(now=SANDBOX_NOW, rate_limit=None), folder / "s.sqlite3")

    rows = [person(f"r{i}", f"swimmer{i}@example.org") for i in range(12)]
    rows.append(person("r12", "ana.lee@example.org", Payment.PLAN, plan="10 Swim Pass"))
    import tests.flows.conftest as conftest

    real = conftest.make_client

    def client(sandbox, key="sync", today=conftest.TODAY):  # type: ignore[no-untyped-def]
        made = real(sandbox, key, today)
        session = requests.Session()
        session.mount(BASE, Mangling(sandbox))
        made.http.session = session
        return made

    conftest.make_client = client
    try:
        outcomes = {}
        for _ in range(8):
            outcomes = harness.run(rows)
            if not any(o.retry or o.pending for o in outcomes.values()):
                break
    finally:
        conftest.make_client = real
    dropped = sum(1 for o in outcomes.values() if not o.booking_id and not o.error)
    return mangled[0], dropped


def sigterm_seconds(folder: Path) -> dict[str, float]:
    """Start ``wixsync run`` while Wix answers each way below, SIGTERM it in the middle of
    the wait, and time its exit."""
    waits = {
        "Retry-After 86400": {"kind": "rate_limit", "retry_after": 86400},
        "Wix hangs (no answer)": {"kind": "hang", "seconds": 600.0},
        "Wix down (500 on every call)": {"kind": "error", "status": 500},
    }
    grid = [HEADER, *[line(f"Swimmer {i}", f"s{i}@example.org") for i in range(20)]]
    timings: dict[str, float] = {}
    for name, fault in waits.items():
        rows = [[str(c) for c in r] for r in grid]
        with Stage(folder / name.split()[0], None, rows, NOW) as stage:  # type: ignore[arg-type]
            stage.sandbox.faults.add(Fault(route="*", times=None, **fault))  # type: ignore[arg-type]
            child = stage.spawn(name)
            time.sleep(6.0)  # well inside the wait
            started = time.monotonic()
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            timings[name] = time.monotonic() - started
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kinds, secrets, crashes = hostile_answers(folder / "attacks", args.quick)
        extra_bookings, extra_cash = two_deployments(folder / "two")
        (folder / "dropped").mkdir()
        mangled, dropped = silently_dropped(folder / "dropped")
        stops = sigterm_seconds(folder / "stop")
    print(f"hostile answers tried (Wix, Google, SMTP): {kinds} kinds")
    print(f"secrets found in any output:               {secrets}")
    print(f"crashes:                                   {crashes}")
    print(f"200 answers lacking what is read:          {mangled} sent to the client")
    print(f"rows silently dropped:                     {dropped}")
    print(f"duplicate bookings with two deployments:   {extra_bookings}")
    print(f"duplicate cash payments, two deployments:  {extra_cash}")
    for name, seconds in stops.items():
        print(f"SIGTERM to exit while {name:30} {seconds:5.1f} s")
    longest = max(stops.values())
    print(f"longest SIGTERM-to-exit:                   {longest:.1f} s (target < 10 s)")
    ok = secrets == 0 and crashes == 0 and extra_bookings == 0 and extra_cash == 0
    ok = ok and dropped == 0
    return 0 if ok and longest < 10 and (args.quick or kinds >= 40) else 1


if __name__ == "__main__":
    raise SystemExit(main())
