"""Google Sheets requests per daemon cycle, measured on the fake Sheets v4 API through the
production code (real gspread over loopback).

    python bench/sheet_requests.py      # targets: idle = 1 read, 0 writes;
                                        # with changes ≤ 2 reads, 1 write, at any size
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.sheet.session import SheetSession
from tests.fakes.sheets import FakeSheetsServer, build_fake_sheets
from tests.sheet.conftest import google_sheet, rows


def measure(n: int) -> tuple[tuple[int, int], tuple[int, int]]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        key = fake.create_spreadsheet({"Attendance": rows(n)})
        session = SheetSession(google_sheet(server, key))
        session.read()  # the first read adds the daemon columns, once

        def cycle(changes: bool) -> tuple[int, int]:
            before = fake.counts()
            snapshot = session.read()
            values = (
                {
                    r.row_id: {"status": "Booked", "booking_id": f"b-{r.index}"}
                    for r in snapshot.rows
                }
                if changes
                else {}
            )
            session.write_back(snapshot, values)
            after = fake.counts()
            return after.reads - before.reads, after.writes - before.writes

        with_changes = cycle(True)
        idle = cycle(False)
    return idle, with_changes


def main() -> int:
    ok = True
    print(f"{'rows':>6}  {'idle cycle':>18}  {'cycle with changes':>20}")
    for n in (10, 100, 5000):
        (ir, iw), (cr, cw) = measure(n)
        ok &= (ir, iw) == (1, 0) and cr <= 2 and cw <= 1
        print(f"{n:>6}  {ir} read, {iw} writes{'':>4}  {cr} reads, {cw} write")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
