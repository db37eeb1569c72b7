"""The season archive at the end of August: a 20,000-row season, and one day after it.

    python bench/season_archive.py                 # 20,000 rows
    python bench/season_archive.py --rows 5000

Prints what ``wixsync archive --dry-run`` says of the season, then, for the first run (a
club turning ``[archive]`` on at the end of a season) and for the next day's run (the
daemon's daily one):

* the rows in the attendance tab before and after, and in the archive tab;
* whether every row is still in exactly one of the two tabs, cell for cell as it was
  (Row ID included): "unchanged";
* the Sheets requests the run sent (reads, writes, and how many were answered 429 by the
  fake's per-minute quota, which is on: 60 reads and 60 writes a minute, as Google's per
  user), and its CPU and wall time.

The season, built through the product's own code, as cheaply as is honest (booking 20,000
seats through the Wix sandbox would take hours): one class of 100 a day, 200 days to Mon 31
Aug 2026 (06:30 Open Water Swim); payments 62 % cash, 37 % plan; 1 row in 400 still owes
money and 1 in 400 has no attendance ticked (they stay). Each row is typed into the fake
Google Sheet as the daemon leaves it (Booking ID, Order ID, Status, Synced at, and the Row ID
:func:`sync.sheet.session.new_row_id` gives it from :func:`sync.sheet.writeback.fingerprint`),
its journal record written with ``Journal.advance`` (fsync off while seeding only) and its
row state with ``RowStates.save``, as the cycles that synced it would have left them. The
archive is then run as the daemon runs it: ``open_runtime`` wired like ``wixsync run``
(real gspread against the fake Sheets API in this process), the rows' states read from the
state file, ``[archive]`` at its defaults (after 7 days, ``Archive {year}``). The figure of
issue 16: the attendance tab stays under 1,000 rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from sync.engine.rowstate import RowState, RowStates
from sync.extras.archive import ArchiveOptions, parts_of, run_archive
from sync.runtime import Settings, open_runtime
from sync.sandbox import InProcessAdapter, build_sandbox
from sync.sheet.columns import DEFAULT_COLUMNS, match_headers
from sync.sheet.google import GoogleSheet, credentials_from_file, gspread_client
from sync.sheet.session import new_row_id
from sync.sheet.writeback import fingerprint
from sync.state import Journal, Point, connect
from tests.fakes.sheets import (
    GOOGLE_TOKEN_URL,
    build_fake_sheets,
    fake_service_account_info,
    mount_fake_sheets,
)

TAB = "Attendance"
HEADER = [c.header for c in DEFAULT_COLUMNS]
LAST_DAY = date(2026, 8, 31)
PER_DAY = 100
OPTIONS = ArchiveOptions()  # the defaults: after 7 days, "Archive {year}"
ARCHIVE = OPTIONS.tab_for(LAST_DAY)
WIX = "https://www.wixapis.com"


def season_rows(first: int, days: list[date]) -> list[tuple[list[Any], dict[str, Any]]]:
    """Each row as the sheet shows it once synced, with what its journal holds."""
    layout = match_headers(HEADER)
    rows = []
    n = first
    for day in days:
        for _ in range(PER_DAY):
            n += 1
            name, email = f"Swimmer{n % 2000:04d} Lake", f"swimmer{n % 2000:04d}@example.org"
            owes, unticked = n % 400 == 7, n % 400 == 211
            pay = "unpaid" if owes else ("plan" if n % 100 < 37 else "cash")
            said = {"cash": "paid cash", "plan": "10 Swim Pass, 4 left", "unpaid": "owes 15.00"}
            status = f"Booked · {day:%a} {day.day} {day:%b} 06:30 · {said[pay]}"
            status += "" if unticked else " · checked in"
            booking, order = str(uuid.uuid4()), str(uuid.uuid4())
            cells = [day.isoformat(), "06:30", "Open Water Swim", name, email, pay, ""]
            cells += ["" if unticked else "x", booking, order, status, "", f"{day} 08:00", ""]
            row_id = new_row_id(fingerprint(cells, layout), 0)
            cells[-1] = row_id
            record = {
                "point": Point.OWED if owes else Point.PAID,
                "payment_kind": pay,
                "contact_id": str(uuid.uuid5(uuid.NAMESPACE_URL, email)),
                "booking_id": booking,
                "order_id": order,
                "paid_via": None if owes else ("plan" if pay == "plan" else "mark_as_paid"),
                "plan_name": "10 Swim Pass" if pay == "plan" else None,
                "attendance": None if unticked else "ATTENDED",
            }
            state = RowState(
                row_id,
                fingerprint(cells, layout),
                f"{email}|open water swim|{day.isoformat()}|06:30",
                {"booking_id": booking, "order_id": order, "status": status, "error": ""},
                seat_name=name,
                date_typed=day.isoformat(),
                read_on=day.isoformat(),
                session_at=f"{day.isoformat()}T06:30",
            )
            rows.append((cells, {"record": record, "state": state}))
    return rows


def seed(state_path: Path, rows: list[tuple[list[Any], dict[str, Any]]]) -> None:
    """Journal records and row states, through the state module's own API."""
    db = connect(state_path)
    db.execute("PRAGMA synchronous=OFF")  # seeding only: the run itself is as the daemon's
    journal = Journal(db)
    for cells, facts in rows:
        journal.advance(cells[-1], facts["record"].pop("point"), "seeded", **facts["record"])
    RowStates(db).save([facts["state"] for _cells, facts in rows])
    db.close()


class Club:
    def __init__(self, folder: Path, rows: int) -> None:
        self.folder = folder
        days = [LAST_DAY - timedelta(days=d) for d in range(rows // PER_DAY - 1, -1, -1)]
        self.sheets = build_fake_sheets()  # Google's per-user quota: 60 reads, 60 writes a minute
        built = season_rows(0, days)
        self.key = self.sheets.create_spreadsheet({TAB: [HEADER, *[c for c, _ in built]]})
        self.state = folder / "state.sqlite3"
        seed(self.state, built)
        self.seen = len(built)
        self.sandbox = build_sandbox(rate_limit=None)
        self.credentials = folder / "sa.json"
        self.credentials.write_text(json.dumps(fake_service_account_info(GOOGLE_TOKEN_URL)))
        self.credentials.chmod(0o600)
        self.sleeps: list[float] = []

    def sheet(self) -> GoogleSheet:
        client = gspread_client(credentials_from_file(self.credentials))
        mount_fake_sheets(client.http_client.session, self.sheets)
        return GoogleSheet(client, self.key, sleep=self.sleeps.append)

    def settings(self, today: date) -> Settings:
        session = requests.Session()
        session.mount(WIX, InProcessAdapter(self.sandbox))
        return Settings(
            state_path=self.state,
            time_zone="America/Denver",
            sheet=self.sheet,
            site_id=self.sandbox.site.site_id,
            api_key=lambda: self.sandbox.site.api_keys["sync"].key,
            base_url=WIX,
            wix_session=session,
            today=lambda: today,
        )

    def add_day(self, day: date) -> None:
        """One more class, typed below the others and synced (seeded as above)."""
        built = season_rows(self.seen, [day])
        self.seen += len(built)
        human = self.sheets.human(self.key, TAB)
        below = len(self.sheets.values(self.key, TAB))
        human.insert_rows(below + 1, len(built))
        for r, (cells, _facts) in enumerate(built):
            human.set_row(below + 1 + r, cells, input="RAW")
        seed(self.state, built)

    def tabs(self) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
        def by_id(title: str) -> dict[str, list[Any]]:
            try:
                grid = self.sheets.values(self.key, title)
            except KeyError:
                return {}
            return {r[-1]: r for r in grid[1:] if r}

        return by_id(TAB), by_id(ARCHIVE)

    def dry_run(self, today: date) -> None:
        """What ``wixsync archive --dry-run`` prints for this season (reads only)."""
        with open_runtime(self.settings(today)) as runtime:
            parts = parts_of(runtime.parts)
            assert parts is not None
            summary = run_archive(parts, OPTIONS, dry_run=True)
        print("$ wixsync archive --dry-run")
        print("\n".join(summary.lines()))

    def run(self, today: date, label: str) -> None:
        before_live, before_tab = self.tabs()
        everything = {**before_tab, **before_live}
        since = self.sheets.log[-1].seq if self.sheets.log else 0
        with open_runtime(self.settings(today)) as runtime:
            parts = parts_of(runtime.parts)
            assert parts is not None
            cpu, wall = time.process_time(), time.perf_counter()
            summary = run_archive(parts, OPTIONS)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        live, tab = self.tabs()
        unchanged = (
            not set(live) & set(tab)
            and set(live) | set(tab) == set(everything)
            and all(everything[k] == v for k, v in {**live, **tab}.items())
        )
        counts = self.sheets.counts(since=since)
        stays = ", ".join(f"{len(v)} {why}" for why, v in sorted(summary.not_done.items()))
        print(f"{label} (today {today:%a %-d %b}):")
        print(f"  attendance tab   {len(before_live):>7,} → {len(live):,} rows")
        print(f"  {ARCHIVE:<16} {len(before_tab):>7,} → {len(tab):,} rows")
        moves = f"{summary.moves} move" + ("s" if summary.moves != 1 else "")
        print(f"  moved            {summary.archived:>7,} rows in {moves}")
        recent = f"{summary.recent:,} of sessions from {summary.cutoff:%-d %b} on"
        print(f"  staying          {stays}; {recent}")
        print(f"  unchanged        {'yes' if unchanged else 'NO'}")
        print(
            f"  Sheets requests  {counts.reads} reads, {counts.writes} writes, "
            f"{counts.by_status.get(429, 0)} answered 429"
        )
        print(f"  time             {cpu:.2f} s CPU, {wall:.2f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        start = time.perf_counter()
        club = Club(Path(d), args.rows)
        print(f"season of {club.seen:,} rows built in {time.perf_counter() - start:.1f} s")
        club.dry_run(LAST_DAY)
        club.run(LAST_DAY, "the first run, at the end of the season")
        club.add_day(LAST_DAY + timedelta(days=1))
        club.run(LAST_DAY + timedelta(days=1), "the next day's run")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (fakes included): {peak:.0f} MB")


if __name__ == "__main__":
    main()
