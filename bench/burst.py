"""A pasted class of 100: how soon the sheet shows IDs, how long the cycle takes, and how
many 429 answers Wix gave, under Wix's real rate limit.

The class is the one ``bench/wix_calls_per_row.py`` books (60 cash, 30 on a plan, 10 not
paid yet). The sheet is the fake Google Sheets API on loopback, read and written by real
gspread; Wix is the sandbox on loopback, enforcing 200 requests a minute by a sliding
window counted as each request *arrives*, after ``--latency`` seconds (default 0.25, a
real Wix write's order of magnitude) give or take ``--jitter`` (default 0.1: a request
sent later may arrive sooner, as on a real network). wixsync runs as the daemon
does (``sync.runtime.open_runtime``: its rate limiter, row threads and early writes). A
watcher reads the fake sheet's cells every 0.1 s, outside the API, to time when the first
Booking ID appears.

    python bench/burst.py            # targets: first IDs <= 20 s, 0 answers 429
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.runtime import Settings, open_runtime  # noqa: E402
from sync.sandbox import LoopbackServer, build_sandbox  # noqa: E402
from tests.fakes.sheets import FakeSheetsServer, build_fake_sheets  # noqa: E402
from tests.proof.club import class_of, sheet_rows  # noqa: E402
from tests.sheet.conftest import google_sheet  # noqa: E402

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)  # 08:00 in Denver: the 06:30 class is over
TAB = "Attendance"
FIRST_IDS_TARGET = 20.0


class Watcher(threading.Thread):
    """Notes when the first Booking ID, and when every row's, is in the fake sheet."""

    def __init__(self, fake: Any, key: str, rows: int) -> None:
        super().__init__(daemon=True)
        self.fake, self.key, self.rows = fake, key, rows
        self.started = time.monotonic()
        self.first: float | None = None
        self.all: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            grid = self.fake.values(self.key, TAB)
            header = grid[0] if grid else []
            if "Booking ID" in header:
                col = header.index("Booking ID")
                filled = sum(1 for line in grid[1:] if len(line) > col and line[col])
                now = time.monotonic() - self.started
                if filled and self.first is None:
                    self.first = now
                if filled >= self.rows and self.all is None:
                    self.all = now
            self.done.wait(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--jitter", type=float, default=0.1)
    parser.add_argument("--rows", type=int, default=100)
    args = parser.parse_args()

    seed, attendees = class_of(args.rows, now=NOW)
    box = build_sandbox(seed, now=NOW, rate_limit=200, latency=args.latency, jitter=args.jitter)
    fake = build_fake_sheets()
    with (
        LoopbackServer(box) as wix,
        FakeSheetsServer(fake) as sheets,
        tempfile.TemporaryDirectory() as tmp,
    ):
        key = fake.create_spreadsheet({TAB: sheet_rows(attendees)})
        settings = Settings(
            state_path=Path(tmp) / "state.sqlite3",
            time_zone="America/Denver",
            sheet=lambda: google_sheet(sheets, key),
            site_id=box.site.site_id,
            api_key=lambda: box.site.api_keys["sync"].key,
            base_url=wix.url,
            rate_per_minute=200,
            sleep=time.sleep,
            today=lambda: NOW.astimezone(ZoneInfo("America/Denver")).date(),
            max_rows=None,
        )
        with open_runtime(settings) as runtime:
            watcher = Watcher(fake, key, len(attendees))
            watcher.start()
            report = runtime.engine.run_cycle()
            cycle = time.monotonic() - watcher.started
            time.sleep(0.3)
            watcher.done.set()
            settled, extra = 0, 0
            while settled < 5 and any(o.pending or o.retry for o in report.outcomes.values()):
                settled += 1
                report = runtime.engine.run_cycle()
                extra += 1
        throttled = sum(1 for e in box.log if e.status == 429)
    first = watcher.first if watcher.first is not None else float("inf")
    print(
        f"pasted class of {len(attendees)} rows, Wix at {args.latency:g} s ± {args.jitter:g} s "
        f"latency and 200 requests/min (client budget 190/min)"
    )
    print(f"first IDs in the sheet after {first:.1f} s (target <= {FIRST_IDS_TARGET:g} s)")
    print(
        f"every row's IDs after {watcher.all or float('nan'):.1f} s; "
        f"the cycle took {cycle:.1f} s for {len(box.log)} Wix calls"
    )
    print(f"answers 429: {throttled} (target 0); later cycles to settle plan charges: {extra}")
    return 0 if first <= FIRST_IDS_TARGET and throttled == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
