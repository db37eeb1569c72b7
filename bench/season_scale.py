"""A whole season in one sheet: what the daemon costs at 100 … 50,000 rows (issue 16).

    python bench/season_scale.py                    # 100, 1,000, 5,000, 20,000, 50,000 rows
    python bench/season_scale.py --sizes 100,1000   # some sizes only (no archive table)
    python bench/season_scale.py --archive          # the archive table only

For each size, one table row, all measured in one run:

* **idle CPU** — the median CPU of 9 cycles with nothing to do (the daemon's steady state);
* **first CPU** — the CPU of the first cycle of a fresh process, the daemon restarted
  with nothing changed while it was stopped (nothing in memory yet: the state read, the
  sheet read and every row fingerprinted; a row synced and settled is planned from its
  state, unparsed; the owner's summary tab, built by the run before, is not built again).
  Each size's season is grown while no daemon runs, so one daemon process runs first, to
  catch up as a daemon would after those changes (its figures are not the table's);
* **peak MB** — the peak RSS of that daemon process (start, first cycle, idle cycles);
* **state MB** — the state file's size (with its WAL);
* **Sheets/idle** — the requests the fake Sheets API counted per idle cycle (reads, writes);

then the ratio of idle CPU at 20,000 rows to 1,000 (target: under 6×), and the same table
with the season archive on for a 20,000-row season (:func:`archive_table`). The run takes
a few minutes; CPU figures are per core and grow on a loaded machine.

How the season is set up — through the product's own code, as cheaply as is honest:

* The fake Google Sheet and the Wix sandbox run in this process, on loopback. Each size's
  daemon is a fresh subprocess wired like ``wixsync run`` (a ``wixsync.toml`` with the
  default hooks — the owner's summary tab is on —, ``load_config``,
  ``settings_from_config``, ``open_runtime``, then ``Engine.run_cycle`` as the daemon's tick
  calls it, without the sleeps between cycles). So sizes do not pollute each other, and
  neither server's work counts in the daemon's CPU or memory (the daemon does load the
  local Wix's loopback check, some 3 MB a daemon talking to Google does not).
* Today's class, 100 swimmers, is synced for real by that same wiring (a subprocess cycle
  against the sandbox over loopback, real gspread against the fake sheet).
* The season before it grows below today's class, a class at a time, the newest first (one
  class a day, 06:30, going back from yesterday — 50,000 rows go back 500 days; each
  swimmer one of a club of 2,000; 15 % unpaid within the last two weeks, 1 row in 400
  older than that), so one season serves every size and a row already there never moves.
  It is seeded as those rows would be after their own cycles, because booking 50,000
  seats through the sandbox would take hours (its capacity check reads every booking):
  each row's journal record is a synced record of the same payment word from today's
  class with IDs of its own, its history replayed line for line, written through the state
  module's own API (``Journal.advance``, ``RowStates.save``, ``RowStates.place``; fsync off
  for the seeding only); its row state as the engine records it (fingerprint, identity,
  the values written, the day its date was read on); and its cells — the volunteer's, and
  the Booking ID, Order ID, Status, Synced at and Row ID the daemon writes — typed into the
  fake sheet. The daemon then finds every row synced: its idle cycles make no Wix call
  (checked).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (100, 1_000, 5_000, 20_000, 50_000)
CLASS_SIZE = 100
CLUB = 2_000  # swimmers a season's rows are drawn from
IDLE_CYCLES = 9
ZONE = "America/Denver"
TAB = "Attendance"
HEADER = [
    "Date",
    "Time",
    "Class",
    "Name",
    "Email",
    "Payment",
    "Plan",
    "Attended",
    "Booking ID",
    "Order ID",
    "Status",
    "Error",
    "Synced at",
    "Row ID",
]
KEY_ENV = "WIXSYNC_SEASON_KEY"
#: the payment words of a season, and how often each is typed; a class more than two weeks
#: past was paid since, but for 1 row in 400 that still owes
PAYMENTS = ("cash",) * 14 + ("card",) * 3 + ("unpaid",) * 3
SETTLED_AFTER = timedelta(days=14)
#: the season's classes, one a day (a club with a class most days: the issue's)
CLASSES = (("Open Water Swim", "06:30"),)


def _today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


def swimmer(k: int) -> tuple[str, str]:
    k %= CLUB
    return f"Swimmer{k:04d} Lake", f"swimmer{k:04d}@example.org"


def volunteer_cells(n: int, day: date, at: str, class_name: str, first: int) -> list[list[Any]]:
    """One class as volunteers type it: ``n`` rows, swimmers ``first`` on."""
    rows = []
    settled = _today() - day > SETTLED_AFTER
    for i in range(n):
        name, email = swimmer(first + i)
        pay = PAYMENTS[(first + i) % len(PAYMENTS)]
        if settled and pay == "unpaid" and (first + i) % 400:
            pay = "cash"
        rows.append([f"{day:%-m/%-d}", at, class_name, name, email, pay, "", True])
    return rows


# -- the servers ------------------------------------------------------------------------------
@dataclass
class Servers:
    fake: Any
    sheets: Any
    wix: Any
    box: Any


@contextmanager
def servers() -> Iterator[Servers]:
    from sync.sandbox import LoopbackServer, build_sandbox
    from tests.fakes.sheets import FakeSheetsServer, build_fake_sheets

    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    box = build_sandbox(rate_limit=None)
    with FakeSheetsServer(fake) as sheets, LoopbackServer(box) as wix:
        yield Servers(fake, sheets, wix, box)


def write_config(folder: Path, run: Servers, key: str, extra: str = "") -> Path:
    from tests.fakes.sheets import fake_service_account_info

    folder.mkdir(parents=True, exist_ok=True)
    credentials = folder / "sa.json"
    credentials.write_text(json.dumps(fake_service_account_info(run.sheets.token_uri)))
    credentials.chmod(0o600)
    config = folder / "wixsync.toml"
    config.write_text(
        f'[sheet]\ngoogle = "{key}"\ncredentials = "sa.json"\napi_url = "{run.sheets.url}"\n\n'
        f'[wix]\nsite_id = "{run.box.site.site_id}"\nbase_url = "{run.wix.url}"\n'
        f'api_key_env = "{KEY_ENV}"\ntime_zone = "{ZONE}"\nrate_per_minute = 10000\n\n'
        '[daemon]\nstate = "state.sqlite3"\n' + extra
    )
    return config


def child(config: Path, key: str, *args: str) -> dict[str, Any]:
    """Run this script's ``--daemon`` part in a fresh process; its figures as a dict."""
    done = subprocess.run(  # noqa: S603 — this very script, with our own arguments
        [sys.executable, __file__, "--daemon", str(config), *args],
        capture_output=True,
        text=True,
        env={**os.environ, KEY_ENV: key},
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the daemon process failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- seeding one size -------------------------------------------------------------------------
class Season:
    """One season's sheet and state, grown class by class into the past (see the module's
    docstring): today's class synced for real first, then the earlier classes seeded below
    it, the newest first, so the rows already there never move."""

    def __init__(self, folder: Path, run: Servers, extra_config: str = "") -> None:
        self.folder, self.run = folder, run
        today = volunteer_cells(CLASS_SIZE, _today(), "06:30", "Open Water Swim", 0)
        self.key = run.fake.create_spreadsheet({TAB: [HEADER[:8], *today]})
        self.config = write_config(folder, run, self.key, extra_config)
        self.wix_key = run.box.site.api_keys["sync"].key
        synced = self.daemon(0)  # today's class, through Wix
        assert synced["first_actions"] == CLASS_SIZE, synced
        self.rows = CLASS_SIZE
        self.day, self.session = _today(), 0
        self.contacts: dict[str, str] = {}
        self.templates = self._templates()

    def daemon(self, idle_cycles: int) -> dict[str, Any]:
        return child(self.config, self.wix_key, str(idle_cycles))

    def state_mb(self) -> float:
        files = [self.folder / f"state.sqlite3{end}" for end in ("", "-wal")]
        return sum(f.stat().st_size for f in files if f.exists()) / 2**20

    def _templates(self) -> dict[str, tuple[Any, list[tuple[str, str]]]]:
        """For each payment word, a row of today's class synced for real: its journal
        record and history."""
        from sync.sheet.writeback import _text
        from sync.state import Journal, connect

        db = connect(self.folder / "state.sqlite3")
        journal = Journal(db)
        grid = self.run.fake.values(self.key, TAB)
        at = {h: i for i, h in enumerate(grid[0])}
        found: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
        for line in grid[1:]:
            record = journal.get(_text(line[at["Row ID"]]))
            pay = _text(line[at["Payment"]])
            if record.booking_id and not record.inflight and pay not in found:
                found[pay] = (record, journal.history(record.row_id))
        db.close()
        assert set(found) == set(PAYMENTS), f"today's class synced {sorted(found)}"
        return found

    def grow_to(self, size: int) -> None:
        """Add the classes before the earliest one until the sheet holds ``size`` rows."""
        from sync.engine.rowstate import RowStates
        from sync.sheet.columns import match_headers
        from sync.state import Journal, connect

        if size <= self.rows:
            return
        db = connect(self.folder / "state.sqlite3")
        db.execute("PRAGMA synchronous=OFF")  # the seeding only: the daemon opens its own
        journal, states = Journal(db), RowStates(db)
        layout = match_headers(self.run.fake.values(self.key, TAB)[0])
        lines: list[list[Any]] = []
        made: list[Any] = []
        while self.rows + len(lines) < size:
            if self.session % len(CLASSES) == 0:
                self.day -= timedelta(days=1)
            class_name, clock = CLASSES[self.session % len(CLASSES)]
            self.session += 1
            count = min(CLASS_SIZE, size - self.rows - len(lines))
            event_id = uuid.uuid4().hex * 2  # Wix's event ids are 64 characters
            first = self.rows + len(lines)
            for cells in volunteer_cells(count, self.day, clock, class_name, first):
                line, state = self._seed_row(journal, layout, cells, event_id, clock)
                lines.append(line)
                made.append(state)
        states.save(made)
        human = self.run.fake.human(self.key, TAB)
        bottom = 1 + self.rows  # the last row in use (1-based)
        human.insert_rows(above=bottom + 1, count=len(lines))
        for offset, line in enumerate(lines):
            human.set_row(bottom + 1 + offset, line, input="RAW")
        self.rows += len(lines)
        # each row's number, as the cycles that synced them would have kept it
        grid = self.run.fake.values(self.key, TAB)
        id_col = grid[0].index("Row ID")
        states.place({line[id_col]: n for n, line in enumerate(grid[1:], 2) if line[id_col]})
        db.close()

    def _seed_row(
        self, journal: Any, layout: Any, cells: list[Any], event_id: str, clock: str
    ) -> tuple[list[Any], Any]:
        """One earlier row as its own cycles would have left it: journal, row state, cells."""
        from sync.engine.parse import parse_row
        from sync.engine.planner import identity
        from sync.engine.rowstate import RowState
        from sync.sheet.session import new_row_id
        from sync.sheet.writeback import _text, fingerprint
        from sync.state import Point
        from sync.words import booked_status, dated, session_when

        at = layout.positions
        line = [*cells, *[""] * (len(HEADER) - len(cells))]
        print_ = fingerprint(line, layout)
        row_id = new_row_id(print_, 0)
        day = self.day
        parsed = parse_row({k: line[i] for k, i in at.items()}, row_id=row_id, today=day)
        attendee = parsed.attendee
        assert attendee is not None, parsed.problems
        template, history = self.templates[_text(cells[5])]
        fields = {
            name: getattr(template, name)
            for name in (
                "payment_kind",
                "service_id",
                "paid_via",
                "plan_name",
                "credits_left",
                "amount_due",
                "attendance",
                "prebooked",
                "paid_method",
            )
        }
        fields.update(
            contact_id=self.contacts.setdefault(attendee.email, str(uuid.uuid4())),
            event_id=event_id,
            booking_id=str(uuid.uuid4()),
            checkout_id=str(uuid.uuid4()),
            line_item_id=str(uuid.uuid4()),
            order_id=str(uuid.uuid4()),
        )
        for point, detail in history:  # the same history, line for line
            record = journal.advance(row_id, Point(point), detail, **fields)
        start = datetime.combine(day, attendee.session_time or datetime.min.time())
        status = dated(
            booked_status(
                paid_via=record.paid_via,
                method=record.paid_method,
                plan=record.plan_name,
                credits_left=record.credits_left,
                amount_due=record.amount_due,
                attended=record.attendance,
                cancelled=False,
            ),
            session_when(day, attendee.session_time),
        )
        written = {
            "booking_id": record.booking_id,
            "order_id": record.order_id,
            "status": status,
            "error": "",
        }
        state = RowState(
            row_id,
            print_,
            identity(attendee),
            written,
            seat_name=attendee.name,
            date_typed=_text(cells[0]),
            read_on=day.isoformat(),
            session_at=start.isoformat(timespec="minutes"),
        )
        for key, value in (*written.items(), ("row_id", row_id)):
            line[at[key]] = value
        line[at["synced_at"]] = f"{day.isoformat()} {clock}"
        return line, state


# -- the daemon-like process ------------------------------------------------------------------
def peak_mb() -> float:
    """This process's peak resident memory: Linux's ``VmHWM``. Not ``ru_maxrss``, which
    Linux carries over from the parent a child was forked from — this script's, holding the
    fake sheet and the local Wix."""
    import resource

    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def daemon(config_path: Path, idle_cycles: int) -> dict[str, Any]:
    """A fresh process wired like ``wixsync run``: its first cycle, then idle cycles."""
    import requests

    from sync.config import load_config
    from sync.runtime import open_runtime, settings_from_config

    config = load_config(config_path)
    api_url = config.sheet.api_url

    def sheet_counts() -> tuple[int, int]:
        answer = requests.get(f"{api_url}/_fake/counts", timeout=30).json()
        return answer["reads"], answer["writes"]

    with open_runtime(settings_from_config(config)) as runtime:
        engine = runtime.engine
        start = time.process_time()
        first = engine.run_cycle()
        first_cpu = time.process_time() - start
        idle: list[float] = []
        requests_: list[tuple[int, int]] = []
        calls = 0
        for _ in range(idle_cycles):
            before = sheet_counts()
            start = time.process_time()
            report = engine.run_cycle()
            idle.append(time.process_time() - start)
            after = sheet_counts()
            requests_.append((after[0] - before[0], after[1] - before[1]))
            calls += report.wix_calls
            assert not report.plan.actions, report.plan.actions[:3]
    return {
        "first_cpu": first_cpu,
        "first_actions": len(first.plan.actions),
        "first_calls": first.wix_calls,
        "idle_cpu": statistics.median(idle) if idle else 0.0,
        "idle_requests": max(requests_) if requests_ else (0, 0),
        "idle_calls": calls,
        "peak_mb": peak_mb(),
        "pandas": "pandas" in sys.modules,
        "rows_seen": first.plan.rows_seen,
    }


COLUMNS = ("rows", "idle CPU", "first CPU", "peak MB", "state MB", "Sheets/idle")


def row_of(size: int, f: dict[str, Any]) -> str:
    reads, writes = f["idle_requests"]
    return (
        f"{size:>7,}  {f['idle_cpu']:>7.3f} s  {f['first_cpu']:>7.2f} s  {f['peak_mb']:>6.0f}"
        f"  {f['state_mb']:>7.1f}  {reads} read, {writes} writes"
    )


def table(
    sizes: tuple[int, ...], extra_config: str = "", *, archive: bool = False
) -> dict[int, dict[str, Any]]:
    print(
        f"{COLUMNS[0]:>7}  {COLUMNS[1]:>9}  {COLUMNS[2]:>9}  {COLUMNS[3]:>6}  {COLUMNS[4]:>7}"
        f"  {COLUMNS[5]}"
    )
    found = {}
    with tempfile.TemporaryDirectory() as tmp, servers() as run:
        season = Season(Path(tmp), run, extra_config)
        for size in sorted(sizes):
            season.grow_to(size)
            moved = child(season.config, season.wix_key, "--archive") if archive else None
            season.daemon(0)  # catches up with the rows seeded while it was stopped
            figures = season.daemon(IDLE_CYCLES)
            figures["state_mb"] = season.state_mb()
            assert figures["idle_calls"] == 0, figures  # all synced: Wix is not called
            assert figures["rows_seen"] == size - (moved or {}).get("archived", 0), figures
            found[size] = figures
            print(row_of(size, figures), flush=True)
            if moved is not None:
                tabs = {t: len(run.fake.values(season.key, t)) - 1 for t in moved["tabs"]}
                print(
                    f"  one archive pass first ({moved['cpu']:.1f} s CPU): "
                    f"{moved['archived']:,} rows moved, {figures['rows_seen']:,} left in the "
                    f"attendance tab; {', '.join(f'{t}: {n:,} rows' for t, n in tabs.items())}"
                )
    return found


def archive_table() -> None:
    """The same table with the season archive on (``[archive] enabled = true``, its defaults:
    rows done more than 7 days ago), for a 20,000-row season: one archive pass is run first,
    in a process of its own (:func:`sync.extras.archive.run_archive` on the runtime, the pass
    the daemon's daily hook runs), then the daemon is measured as above — its hook finds the
    day's pass done. Says so when the archive is not there."""
    try:
        import sync.extras.archive  # noqa: F401
    except ImportError:
        print("archive not available yet")
        return
    table((20_000,), "\n[archive]\nenabled = true\n", archive=True)


def archive_pass(config_path: Path) -> dict[str, Any]:
    """One archive pass on the season, through the archive's public functions."""
    from sync.config import load_config
    from sync.extras.archive import options_from, parts_of, run_archive
    from sync.runtime import open_runtime, settings_from_config

    config = load_config(config_path)
    with open_runtime(settings_from_config(config)) as runtime:
        parts = parts_of(runtime.parts)
        assert parts is not None, "the sheet can hold an archive tab"
        start = time.process_time()
        summary = run_archive(parts, options_from(config.archive))
        cpu = time.process_time() - start
    return {"archived": summary.archived, "tabs": sorted(summary.tab_rows), "cpu": cpu}


def main() -> int:
    if "--archive" in sys.argv:  # the archive table only
        archive_table()
        return 0
    sizes = SIZES
    if "--sizes" in sys.argv:
        sizes = tuple(int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(","))
    assert all(s >= CLASS_SIZE for s in sizes), f"each size holds today's {CLASS_SIZE} rows"
    print(f"A season in one sheet: today's class of {CLASS_SIZE} synced, the rest seeded")
    print(f"(this machine's speed: a reference loop takes {_reference():.3f} s of CPU)")
    found = table(sizes)
    ok = all(tuple(f["idle_requests"]) == (1, 0) for f in found.values())
    if 1_000 in found and 20_000 in found:
        ratio = found[20_000]["idle_cpu"] / found[1_000]["idle_cpu"]
        big = found[20_000]
        print(
            f"idle cost 1,000 → 20,000 rows: {ratio:.1f}× (target < 6×); at 20,000 rows: idle"
            f" {big['idle_cpu']:.3f} s (< 0.25), peak {big['peak_mb']:.0f} MB (< 150), first"
            f" cycle {big['first_cpu']:.2f} s (< 1.5)"
        )
        ok = ok and ratio < 6 and big["idle_cpu"] < 0.25 and big["peak_mb"] < 150
        ok = ok and big["first_cpu"] < 1.5
    print("pandas imported by an idle daemon:", any(f["pandas"] for f in found.values()))
    if "--sizes" not in sys.argv:
        print()
        print("With the season archive on (20,000 rows):")
        archive_table()
    return 0 if ok else 1


def _reference() -> float:
    """CPU seconds of a fixed pure-Python loop (about 0.05 s on an idle desktop core), to
    read the CPU figures by."""
    start = time.process_time()
    sum(i * i for i in range(1_000_000))
    return time.process_time() - start


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--daemon":
        if sys.argv[3:] == ["--archive"]:
            print(json.dumps(archive_pass(Path(sys.argv[2]))))
        else:
            cycles = int(sys.argv[3]) if len(sys.argv) > 3 else IDLE_CYCLES
            print(json.dumps(daemon(Path(sys.argv[2]), cycles)))
        raise SystemExit(0)
    raise SystemExit(main())
