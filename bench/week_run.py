"""What a week of ``wixsync run`` costs: memory and CPU at the default poll interval.

A simulated week (the engine's clock moves, nothing sleeps): a cycle every 15 s, around the
clock; each morning volunteers type a class of 100 drop-ins into the sheet, ten rows a
minute from 06:30, which the daemon books and pays as they come. Every cycle goes through
the whole product (real gspread against the fake Sheets API, the Wix client against the
sandbox, the state file on disk), so the CPU figure is an upper bound: it includes the two
fakes' own work, which on a real VM is Google's and Wix's.

    python bench/week_run.py              # 7 days = 40,320 cycles (~15 minutes)
    python bench/week_run.py --days 1     # one day
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import NOW  # noqa: E402
from tests.proof.world import World, day_label, line  # noqa: E402

POLL = 15.0
DAY = 86400.0
CLASS_SIZE = 100


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    cycles_per_day = int(DAY / POLL)
    with tempfile.TemporaryDirectory(prefix="wixsync-week-") as tmp:
        world = World(Path(tmp), [])
        # start at midnight before the first class (the sandbox's sessions are daily)
        world.now = NOW.timestamp() - 14 * 3600
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        days: list[tuple[int, float, float, int]] = []
        typed = 0
        with world.open() as runtime:
            for day in range(args.days):
                day_cpu = time.process_time()
                midnight = world.now
                for cycle in range(cycles_per_day):
                    minute = (world.now - midnight) / 60
                    due = min(CLASS_SIZE, max(0, int((minute - 390) * 10)))  # 06:30 on
                    while typed - day * CLASS_SIZE < due:
                        i = typed
                        label = day_label_for(world.now)
                        row = line(f"Swimmer {i}", f"swimmer{i}@example.org", day=label)
                        world.human().set_row(typed + 2, row)
                        typed += 1
                    runtime.engine.run_cycle()
                    world.now += POLL
                    del cycle
                # the two fakes log every request they serve (~1 KB each, 5,760 sheet reads
                # a day): that is the fakes' memory, not the daemon's — cleared each day
                world.sheets.clear_log()
                world.sandbox.log.clear()
                state_kb = world.state_path.stat().st_size // 1024
                days.append((day + 1, time.process_time() - day_cpu, rss_mb(), state_kb))
                print(
                    f"day {day + 1}: {cycles_per_day} cycles, CPU {days[-1][1]:.1f} s, "
                    f"RSS {days[-1][2]:.0f} MB, state file {state_kb} KB",
                    flush=True,
                )
        cpu = time.process_time() - start_cpu
        wall = time.perf_counter() - start_wall
        cycles = cycles_per_day * args.days
        booked = sum(1 for r in world.records() if r.get("Booking ID"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{args.days} days, {cycles} cycles at {POLL:g} s, {typed} rows typed, {booked} booked"
        )
        print(
            f"CPU {cpu:.0f} s in all = {1000 * cpu / cycles:.1f} ms per cycle = "
            f"{100 * cpu / (args.days * DAY):.3f}% of one core (upper bound: includes the fakes)"
        )
        print(
            f"memory: peak RSS {peak:.0f} MB; RSS after day 1 {days[0][2]:.0f} MB, after day "
            f"{days[-1][0]} {days[-1][2]:.0f} MB; state file {days[-1][3]} KB; wall {wall:.0f} s"
        )
    return 0 if booked == typed else 1


def day_label_for(timestamp: float) -> str:
    from datetime import UTC, datetime

    return day_label(datetime.fromtimestamp(timestamp, UTC))


if __name__ == "__main__":
    raise SystemExit(main())
