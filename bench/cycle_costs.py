"""Cycle costs of the engine, printed as figures.

1. A 5,000-row sheet with nothing to do: CPU time and peak memory of one cycle (targets:
   under 0.5 s and under 200 MB). The rows are valid attendees the daemon synced before
   (their state is recorded as at the end of earlier cycles), so the cycle reads, parses,
   diffs, plans nothing and writes nothing.
2. 100 new rows with the local Wix over loopback at 100 ms latency and 200 requests/min:
   the time until every row has its IDs in the sheet, beside the rate-limit bound (Wix calls
   ÷ allowed rate; target: within 15 % of it).

    python bench/cycle_costs.py            # both
    python bench/cycle_costs.py --quick    # only the first (seconds)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from sync.engine.cycle import Engine
from sync.engine.parse import parse_row
from sync.engine.rowstate import RowState, RowStates
from sync.flows import RowFlows
from sync.sandbox import LoopbackServer, build_sandbox
from sync.sheet.localfile import LocalSheet
from sync.sheet.session import SheetSession
from sync.state import Journal, connect
from sync.wix import RateLimiter, WixClient, WixHTTP

HEADER = ["Date", "Time", "Class", "Name", "Email", "Payment", "Plan", "Attended"]


def _engine(folder: Path, sheet: LocalSheet, client: WixClient) -> Engine:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    db = connect(folder / "state.sqlite3")
    flows = RowFlows(client, Journal(db), time_zone="America/Denver")
    return Engine(
        SheetSession(sheet),
        flows,
        RowStates(db),
        parse=parse_row,
        today=lambda: datetime.now(ZoneInfo("America/Denver")).date(),
        max_rows=None,
    )


def _today() -> str:
    """Today's date as volunteers type it (a fixed month/day such as 6/15 is ambiguous half
    the year: this June's, or next June's)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("America/Denver")).strftime("%-m/%-d")


def idle_5000(folder: Path) -> tuple[float, float]:
    sheet = LocalSheet(folder / "class.csv")
    today = _today()
    rows = [HEADER] + [
        [
            today,
            "06:30",
            "Open Water Swim",
            f"Swimmer {i}",
            f"swimmer{i}@example.org",
            "cash",
            "",
            "x",
        ]
        for i in range(5000)
    ]
    sheet.create(rows)
    box = build_sandbox(rate_limit=None)
    session = requests.Session()
    client = WixClient(
        WixHTTP(
            "http://127.0.0.1:9", "k", box.site.site_id, session=session, limiter=RateLimiter(None)
        )
    )
    engine = _engine(folder, sheet, client)
    cold = time.process_time()
    snapshot, report = engine.read_and_plan(force=True)  # a new process parses every row
    idle_5000.cold = time.process_time() - cold  # type: ignore[attr-defined]
    assert snapshot is not None
    # as at the end of the cycles that synced these rows: ids in the sheet, states recorded
    from sync.sheet.base import CellWrite

    id_col = snapshot.layout.index("row_id")
    sheet.write([CellWrite(r.index, id_col, r.row_id) for r in snapshot.rows])
    engine.states.save([RowState(r.row_id, r.fingerprint, "done") for r in report.rows])
    start_cpu = time.process_time()
    result = engine.run_cycle()
    cpu = time.process_time() - start_cpu
    assert not result.plan.actions, "nothing to do"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return cpu, peak_mb


def hundred_new(folder: Path) -> tuple[float, int, float]:
    today = _today()
    sheet = LocalSheet(folder / "new.csv")
    kinds = ["cash"] * 60 + ["unpaid"] * 40
    sheet.create(
        [HEADER]
        + [
            [
                today,
                "06:30",
                "Open Water Swim",
                f"New Swimmer{i}",
                f"new{i}@example.org",
                kinds[i],
                "",
                "x",
            ]
            for i in range(100)
        ]
    )
    box = build_sandbox(rate_limit=200, latency=0.1)
    with LoopbackServer(box) as server:
        client = WixClient(
            WixHTTP(
                server.url,
                box.site.api_keys["sync"].key,
                box.site.site_id,
                limiter=RateLimiter(200),
                timeout=(5, 30),
            )
        )
        engine = _engine(folder, sheet, client)
        start = time.monotonic()
        engine.run_cycle()
        elapsed = time.monotonic() - start
        calls = len(box.log)
    grid = sheet.read()
    booking = grid[0].index("Booking ID")
    assert all(line[booking] for line in grid[1:]), "every row has its IDs"
    return elapsed, calls, calls / 200 * 60


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        cpu, peak = idle_5000(Path(tmp))
        print(
            f"5,000-row sheet, nothing to do: cycle CPU {cpu:.2f} s (target < 0.5), "
            f"peak memory {peak:.0f} MB (target < 200)"
        )
        print(f"  (the first cycle after a start parses every row: {idle_5000.cold:.2f} s CPU)")  # type: ignore[attr-defined]
        ok = cpu < 0.5 and peak < 200
        if "--quick" not in sys.argv:
            elapsed, calls, bound = hundred_new(Path(tmp))
            print(
                f"100 new rows at 100 ms latency, 200 req/min: {elapsed:.1f} s for {calls} Wix "
                f"calls; rate-limit bound {bound:.1f} s ({(elapsed / bound - 1) * 100:+.0f} %)"
            )
            ok = ok and elapsed <= bound * 1.15
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
