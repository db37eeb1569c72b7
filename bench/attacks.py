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
        stops = sigterm_seconds(folder / "stop")
    print(f"hostile answers tried (Wix, Google, SMTP): {kinds} kinds")
    print(f"secrets found in any output:               {secrets}")
    print(f"crashes:                                   {crashes}")
    print(f"duplicate bookings with two deployments:   {extra_bookings}")
    print(f"duplicate cash payments, two deployments:  {extra_cash}")
    for name, seconds in stops.items():
        print(f"SIGTERM to exit while {name:30} {seconds:5.1f} s")
    longest = max(stops.values())
    print(f"longest SIGTERM-to-exit:                   {longest:.1f} s (target < 10 s)")
    ok = secrets == 0 and crashes == 0 and extra_bookings == 0 and extra_cash == 0
    return 0 if ok and longest < 10 and (args.quick or kinds >= 40) else 1


if __name__ == "__main__":
    raise SystemExit(main())
