"""The kill test (issue 6): the daemon, syncing a class against the Wix sandbox and the fake
Google Sheet over loopback, is killed with SIGKILL at random moments and restarted each
time; afterwards Wix must hold exactly one booking, one linked order and one payment (cash)
or plan charge per attendee, and every row must show its IDs.

Everything but the daemon runs in this process: the sandbox and the fake Sheets API, each on
its own loopback port, and the driver that polls them. The daemon is the real program in a
subprocess (``python -m sync.cli run --config wixsync.toml``), the API key handed over in an
environment variable only.

Where the kills land
    A calibration pass first syncs the same class, uninterrupted, in a twin world (its own
    sandbox, sheet and state): it gives the number of writes (Wix and Google requests that
    change something) one pass sends, and their pace. Then each kill picks a random point in
    the writes still to come — on average an equal share of what is left for each
    remaining kill, so the kills are spread over the whole sync rather than spent on a
    daemon that has finished — waits for the daemon to send that many writes, waits a
    random fraction of a write's time more, and sends SIGKILL. A kill can so land while
    the sheet is read, between a write being sent and its answer, between an answer and
    the journal, or between the last Wix write and the sheet's write-back. After the last
    kill the daemon is restarted and left alone until every row shows its IDs (and no plan
    charge is still pending: Wix settles one a read or two after it is sent), then for one
    more (idle) cycle, and stopped with SIGTERM.

What is counted, from the sandbox's own state (as ``tests/flows/invariants.py`` does)
    active bookings of the attendees, linked orders that are not cancelled, approved offline
    (cash) payments, plan charges (REDEEM, not given back), attendance; per attendee at most
    one of each, and the right one for the row's payment; the sheet's rows showing a Booking
    ID and an Order ID equal to Wix's; rows in error; writes after the sync was done.

:func:`run_kill_test` has no side effect outside ``workdir`` and prints only through ``say``.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sync.flows import Attendee, Payment
from sync.sandbox import LoopbackServer, Sandbox, build_sandbox
from sync.sheet.columns import normalise
from tests.fakes.sheets import (
    FakeSheets,
    FakeSheetsServer,
    LogEntry,
    build_fake_sheets,
    fake_service_account_info,
)
from tests.flows.invariants import (
    ACTIVE,
    approved_cash,
    assert_exactly_once,
    linked_orders,
    plan_charges,
)
from tests.proof.club import TIME_ZONE, class_of, sheet_rows

ROOT = Path(__file__).resolve().parents[2]
KEY_ENV = "WIXSYNC_KILL_KEY"
TAB = "Attendance"
POLL = 0.001  # seconds between the driver's looks at the request logs
START_TIMEOUT = 60.0  # for the daemon to start and send a request; for it to reach a write
QUIET = 1.0  # seconds without a request after a read of the sheet: that cycle was idle
SHOWN_PROBLEMS = 12
PENDING = "plan charge pending"  # in a row's Status until Wix has settled its plan charge


class _CutOff(logging.Filter):
    """Counts, and keeps off the console, the loopback servers' tracebacks for requests a kill
    cut off half-sent (werkzeug logs each one as "Error on request")."""

    SIGNS = ("ClientDisconnected", "BrokenPipeError", "ConnectionResetError")

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if any(sign in record.getMessage() for sign in self.SIGNS):
            self.count += 1
            return False
        return True


@contextmanager
def _cut_offs_counted() -> Iterator[_CutOff]:
    logger, cut = logging.getLogger("werkzeug"), _CutOff()
    logger.addFilter(cut)
    try:
        yield cut
    finally:
        logger.removeFilter(cut)


class DaemonStuck(Exception):
    """The daemon did not get where it had to within the time allowed."""


@dataclass(frozen=True)
class Figures:
    bookings: int  # active bookings of the class's attendees
    orders: int  # orders linked to them, not cancelled
    cash_payments: int  # approved offline payments on those orders
    plan_charges: int  # plan credits taken for those orders, not given back
    attendance: int  # attendees whose booking shows them as attended
    rows_with_ids: int  # sheet rows showing a Booking ID and an Order ID
    kills: int  # SIGKILLs sent while the daemon ran


@dataclass
class KillReport:
    attendees: int
    cash: int
    plan: int
    unpaid: int
    seed: int
    found: Figures
    expected: Figures
    #: the most any one attendee has of: contacts, bookings, orders, cash payments, plan charges
    most: dict[str, int]
    rows_matching_wix: int  # rows whose Booking ID and Order ID are the attendee's in Wix
    rows_in_error: int
    kills_mid_sync: int  # kills sent while some row still lacked its IDs
    landed: list[str]  # each kill: the last request the fakes had received ("…, unanswered")
    crashes: int  # daemon runs that ended before their kill, or never got to it
    writes_after_done: int  # requests that change something, sent once every row had its IDs
    exit_code: int | None  # of the last run, stopped with SIGTERM
    cut_off: int  # requests a kill cut off before the server had read them whole
    pass_seconds: float  # the calibration pass: first request until every row had its IDs
    pass_writes: int
    settle_seconds: float  # the last restart: first request until every row had its IDs
    seconds: float  # wall clock of the whole test
    log: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.found == self.expected
            and all(n <= 1 for n in self.most.values())
            and self.rows_matching_wix == self.attendees
            and self.rows_in_error == 0
            and self.crashes == 0
            and self.writes_after_done == 0
            and self.exit_code == 0
            and not self.problems
        )

    def lines(self) -> list[str]:
        f, e, most = self.found, self.expected, self.most
        lines = [
            f"class: {self.attendees} attendees ({self.cash} cash, {self.plan} plan, "
            f"{self.unpaid} unpaid) · seed {self.seed}",
            f"kills {f.kills}/{e.kills} ({self.kills_mid_sync} while rows still lacked their "
            f"IDs; daemon crashes {self.crashes})",
            f"bookings {f.bookings}/{e.bookings} (most per attendee {most['bookings']})",
            f"linked orders {f.orders}/{e.orders} (most per attendee {most['orders']})",
            f"cash payments {f.cash_payments}/{e.cash_payments} "
            f"(most per attendee {most['cash payments']})",
            f"plan charges {f.plan_charges}/{e.plan_charges} "
            f"(most per attendee {most['plan charges']})",
            f"attendance {f.attendance}/{e.attendance}; contacts per attendee at most "
            f"{most['contacts']}",
            f"rows showing Booking ID and Order ID {f.rows_with_ids}/{e.rows_with_ids} "
            f"(equal to Wix's: {self.rows_matching_wix}; in error: {self.rows_in_error})",
            f"writes after every row had its IDs: {self.writes_after_done}; exit code after "
            f"SIGTERM: {self.exit_code}",
            "kills landed after: " + _tally(self.landed),
            f"requests cut off half-sent by a kill: {self.cut_off}",
            f"one uninterrupted pass: {self.pass_seconds:.1f} s, {self.pass_writes} writes; "
            f"after the last restart every row had its IDs in {self.settle_seconds:.1f} s",
        ]
        lines += [f"problem: {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"… and {len(self.problems) - SHOWN_PROBLEMS} more problems")
        lines.append(
            f"{'OK' if self.ok else 'FAILED'} in {self.seconds:.1f} s (daemon log: {self.log})"
        )
        return lines


class Stage:
    """One world in ``folder``: a sandbox and a fake Google Sheet served on loopback, a
    service-account key (0600), a ``wixsync.toml`` naming them, and the daemon's log."""

    def __init__(
        self, folder: Path, seed_document: dict[str, Any], grid: list[list[str]], now: datetime
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.rows = len(grid) - 1
        self.sandbox: Sandbox = build_sandbox(seed_document, now=now, rate_limit=None)
        self.sheets: FakeSheets = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
        self.key = self.sheets.create_spreadsheet({TAB: grid})
        self._stack = ExitStack()
        try:
            self.wix = self._stack.enter_context(LoopbackServer(self.sandbox))
            self.google = self._stack.enter_context(FakeSheetsServer(self.sheets))
        except BaseException:
            self._stack.close()
            raise
        self.config = self._write_config()
        self.log = folder / "daemon.log"
        self._wix_writes = {r.name for r in self.sandbox.routes if r.writes}
        self._seen_wix = self._seen_google = self._writes = 0
        self._google_writes: list[LogEntry] = []  # the fake's log entries of Google writes
        #: ((Google writes, of which applied), rows done) when the sheet was last read
        self._done: tuple[tuple[int, int], int] | None = None

    def _write_config(self) -> Path:
        credentials = self.folder / "service-account.json"
        credentials.write_text(json.dumps(fake_service_account_info(self.google.token_uri)))
        credentials.chmod(0o600)
        config = self.folder / "wixsync.toml"
        config.write_text(
            "[sheet]\n"
            f'google = "{self.key}"\n'
            f'credentials = "{credentials.name}"\n'
            f'api_url = "{self.google.url}"\n\n'
            "[wix]\n"
            f'site_id = "{self.sandbox.site.site_id}"\n'
            f'base_url = "{self.wix.url}"\n'
            f'api_key_env = "{KEY_ENV}"\n'
            f'time_zone = "{TIME_ZONE}"\n'
            "rate_per_minute = 6000\n\n"
            "[daemon]\n"
            'state = "state/state.sqlite3"\n'
            "poll_seconds = 2\n\n"
            # the owner's summary tab is written after the rows' results, in the cycle that
            # completes them, which this test would count as a write "after done"; it has
            # its own tests (tests/extras/summary/)
            "[summary]\n"
            "enabled = false\n"
        )
        return config

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    # -- the daemon ---------------------------------------------------------------------
    def spawn(self, label: str) -> subprocess.Popen[bytes]:
        """Start ``wixsync run`` on this world; its output goes to the daemon log."""
        env = dict(os.environ)
        env[KEY_ENV] = self.sandbox.site.api_keys["sync"].key
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        with self.log.open("ab") as out:
            out.write(f"--- {label} ---\n".encode())
            out.flush()
            return subprocess.Popen(
                [sys.executable, "-m", "sync.cli", "run", "--config", str(self.config)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.folder,
                env=env,
            )

    # -- what the fakes have seen ---------------------------------------------------------
    def requests(self) -> int:
        """Every request either fake has received."""
        with self.sandbox._lock, self.sheets.lock:
            return len(self.sandbox.log) + len(self.sheets.log)

    def writes(self) -> int:
        """Requests received that change something: Wix writes and Google writes."""
        with self.sandbox._lock:
            wix = self.sandbox.log[self._seen_wix :]
        with self.sheets.lock:
            google = self.sheets.log[self._seen_google :]
        self._seen_wix += len(wix)
        self._seen_google += len(google)
        self._google_writes += [e for e in google if e.kind == "write"]
        self._writes += sum(1 for e in wix if e.route in self._wix_writes)
        self._writes += sum(1 for e in google if e.kind == "write")
        return self._writes

    def last_request(self) -> str:
        """The last request either fake received, and whether it was answered yet."""
        with self.sandbox._lock, self.sheets.lock:
            wix = self.sandbox.log[-1] if self.sandbox.log else None
            google = self.sheets.log[-1] if self.sheets.log else None
            if wix is None and google is None:
                return "nothing"
            if google is None or (wix is not None and wix.at >= google.at):
                assert wix is not None
                name, status = wix.route or wix.path, wix.status
            else:
                name, status = google.endpoint or google.path, google.status
        return name if status else f"{name} (unanswered)"

    def idle_since(self, moment: float) -> bool:
        """A cycle begun after ``moment`` (wall clock) found nothing to do: the last request
        either fake received is a read of the sheet, made after ``moment``, and nothing has
        followed it for :data:`QUIET` seconds (a cycle with work calls Wix within
        milliseconds of its read; the next cycle is ``poll_seconds`` away)."""
        with self.sandbox._lock, self.sheets.lock:
            wix = self.sandbox.log[-1].at if self.sandbox.log else 0.0
            google = self.sheets.log[-1] if self.sheets.log else None
        return (
            google is not None
            and google.kind == "read"
            and moment < google.at
            and wix < google.at
            and time.time() - google.at >= QUIET
        )

    def grid(self) -> list[list[Any]]:
        return self.sheets.values(self.key, TAB)

    def rows_done(self) -> int:
        """Rows showing a Booking ID, an Order ID and a Status (the sheet is read again only
        once another Google write has been applied: the fake logs a request when it arrives
        and sets its status once the write is done)."""
        self.writes()
        key = (len(self._google_writes), sum(1 for e in self._google_writes if e.status))
        if self._done is None or self._done[0] != key:
            self._done = (key, sum(1 for r in _records(self.grid()) if _done(r)))
        return self._done[1]

    # -- waiting --------------------------------------------------------------------------
    def wait_until(
        self,
        child: subprocess.Popen[bytes],
        ready: Callable[[], bool],
        timeout: float,
        what: str,
        *,
        every: float = POLL,
    ) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if child.poll() is not None:
                raise DaemonStuck(f"the daemon exited (code {child.returncode}) before {what}")
            if time.monotonic() > deadline:
                raise DaemonStuck(f"no {what} within {timeout:.0f} s")
            time.sleep(every)

    def first_request(self, child: subprocess.Popen[bytes], timeout: float) -> float:
        """Wait for the daemon's first request (it has started up); when it came."""
        before = self.requests()
        self.wait_until(child, lambda: self.requests() > before, timeout, "first request")
        return time.monotonic()

    def all_done(self, child: subprocess.Popen[bytes], timeout: float) -> float:
        """Wait until every row shows its IDs; when that was seen."""
        self.wait_until(
            child, lambda: self.rows_done() == self.rows, timeout, "IDs on every row", every=0.02
        )
        return time.monotonic()


def _tally(landed: list[str]) -> str:
    counts = Counter(landed)
    return ", ".join(f"{what} ×{n}" if n > 1 else what for what, n in counts.most_common())


def _records(grid: list[list[Any]]) -> list[dict[str, str]]:
    """The rows below the header as {normalised header: text}."""
    if not grid:
        return []
    head = [normalise(h) for h in grid[0]]
    return [
        {h: str(v).strip() for h, v in zip(head, row, strict=False)}
        for row in grid[1:]
        if any(str(v).strip() for v in row)
    ]


def _done(row: dict[str, str]) -> bool:
    """The row shows its IDs and a settled Status: Wix settles a plan charge a read or two
    after it is sent, and the cycle that sees it settled writes the row's Status again."""
    shown = all(row.get(k) for k in ("booking id", "order id", "status"))
    return shown and PENDING not in row.get("status", "")


def _stop(child: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM, then wait for the daemon to finish its step and exit; its exit code, or
    ``None`` when it had to be killed after 30 s."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _kill(child)
            return None
    return child.returncode


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()


@dataclass
class _Runs:
    """What the runs of the daemon did, for the report."""

    kills: int = 0
    mid_sync: int = 0
    crashes: int = 0
    landed: list[str] = field(default_factory=list)
    settle_seconds: float = 0.0
    writes_after_done: int = 0
    exit_code: int | None = None
    problems: list[str] = field(default_factory=list)


# -- the test ---------------------------------------------------------------------------------
def run_kill_test(
    workdir: Path,
    *,
    attendees: int = 100,
    kills: int = 20,
    seed: int = 0,
    say: Callable[[str], None] = print,
    settle_timeout: float = 120.0,
) -> KillReport:
    """Sync a class of ``attendees`` with ``kills`` SIGKILLs at random moments (``seed``),
    then count what Wix holds and what the sheet shows. Files go to ``workdir``."""
    started = time.monotonic()
    workdir = Path(workdir)
    now = datetime.now(UTC)
    seed_document, people = class_of(attendees, now=now)
    grid = sheet_rows(people)

    with _cut_offs_counted() as cut:
        say(f"calibration: one uninterrupted pass over {attendees} rows")
        with Stage(workdir / "calibration", seed_document, grid, now) as twin:
            child = twin.spawn("calibration: one uninterrupted pass")
            try:
                began = twin.first_request(child, START_TIMEOUT)
                pass_seconds = twin.all_done(child, settle_timeout) - began
                pass_writes = twin.writes()
            except DaemonStuck as stuck:
                raise DaemonStuck(f"calibration: {stuck} (daemon log: {twin.log})") from None
            finally:
                _kill(child)
        say(f"calibration: every row had its IDs {pass_seconds:.2f} s after the first request")

        with Stage(workdir / "kill", seed_document, grid, now) as stage:
            runs = _Runs()
            rng = random.Random(seed)
            for number in range(1, kills + 1):
                _killed_run(stage, runs, number, kills, rng, pass_writes, pass_seconds, say)
            _last_run(stage, runs, settle_timeout, say)
            counted = _count(stage, people)
    cash = sum(1 for a in people if a.payment == Payment.CASH)
    plan = sum(1 for a in people if a.payment == Payment.PLAN)
    return KillReport(
        attendees=attendees,
        cash=cash,
        plan=plan,
        unpaid=attendees - cash - plan,
        seed=seed,
        found=Figures(**counted.figures, kills=runs.kills),
        expected=Figures(
            bookings=attendees,
            orders=attendees,
            cash_payments=cash,
            plan_charges=plan,
            attendance=attendees,
            rows_with_ids=attendees,
            kills=kills,
        ),
        most=counted.most,
        rows_matching_wix=counted.rows_matching_wix,
        rows_in_error=counted.rows_in_error,
        kills_mid_sync=runs.mid_sync,
        landed=runs.landed,
        crashes=runs.crashes,
        writes_after_done=runs.writes_after_done,
        exit_code=runs.exit_code,
        cut_off=cut.count,
        pass_seconds=pass_seconds,
        pass_writes=pass_writes,
        settle_seconds=runs.settle_seconds,
        seconds=time.monotonic() - started,
        log=stage.log,
        problems=runs.problems + counted.problems,
    )


def _killed_run(
    stage: Stage,
    runs: _Runs,
    number: int,
    kills: int,
    rng: random.Random,
    pass_writes: int,
    pass_seconds: float,
    say: Callable[[str], None],
) -> None:
    """Start the daemon and SIGKILL it at a random point of the writes still to come: on
    average an equal share of them for this kill and each one after it (and the last run)."""
    sent = stage.writes()
    share = 2 * max(pass_writes - sent, 0) // (kills - number + 2)
    target = sent + rng.randint(0, max(share - 1, 0))
    extra = rng.uniform(0.0, 2 * pass_seconds / max(pass_writes, 1))
    child = stage.spawn(f"run {number}: SIGKILL at write {target} + {extra * 1000:.0f} ms")
    try:
        began = stage.first_request(child, START_TIMEOUT)
        stage.wait_until(
            child,
            lambda: stage.writes() >= target or stage.rows_done() == stage.rows,
            START_TIMEOUT,
            f"write {target}",
        )
        time.sleep(extra)
        done, last = stage.rows_done(), stage.last_request()
        if child.poll() is None:
            _kill(child)
            runs.kills += 1
            runs.mid_sync += done < stage.rows
            runs.landed.append(last)
            say(
                f"kill {number}/{kills}: {time.monotonic() - began:.2f} s after its first "
                f"request, at write {stage.writes()} of ~{pass_writes}, last request {last}"
            )
            return
        runs.problems.append(f"run {number}: the daemon exited (code {child.returncode})")
    except DaemonStuck as stuck:
        runs.problems.append(f"run {number}: {stuck}")
    finally:
        _kill(child)
    runs.crashes += 1


def _last_run(stage: Stage, runs: _Runs, settle_timeout: float, say: Callable[[str], None]) -> None:
    """Restart the daemon and leave it alone until every row shows its IDs, then for one
    more cycle, which must send nothing; then SIGTERM, which must end it cleanly."""
    child = stage.spawn("last run: left to finish, one idle cycle, then SIGTERM")
    try:
        began = stage.first_request(child, START_TIMEOUT)
        runs.settle_seconds = stage.all_done(child, settle_timeout) - began
        say(f"last run: every row had its IDs {runs.settle_seconds:.2f} s after its first request")
        writes, done_at = stage.writes(), time.time()
        stage.wait_until(child, lambda: stage.idle_since(done_at), 30.0, "idle cycle", every=0.05)
        runs.writes_after_done = stage.writes() - writes
    except DaemonStuck as stuck:
        runs.problems.append(f"last run: {stuck}")
    finally:
        runs.exit_code = _stop(child)
        _kill(child)
    if runs.exit_code != 0:
        runs.problems.append(f"last run: SIGTERM ended the daemon with exit code {runs.exit_code}")


@dataclass
class _Counted:
    figures: dict[str, int]
    most: dict[str, int]
    rows_matching_wix: int
    rows_in_error: int
    problems: list[str]


def _count(stage: Stage, people: list[Attendee]) -> _Counted:
    """What Wix holds for the attendees (from the sandbox's own state), and what the sheet
    shows."""
    box, site, problems = stage.sandbox, stage.sandbox.site, []
    figures = dict.fromkeys(("bookings", "orders", "cash_payments", "plan_charges"), 0)
    figures["attendance"] = 0
    most = dict.fromkeys(("contacts", "bookings", "orders", "cash payments", "plan charges"), 0)
    wix_ids: dict[str, tuple[str, str]] = {}
    with box._lock:
        contacts_of: dict[str, list[str]] = {a.email.lower(): [] for a in people}
        for contact in site.contacts.values():
            for item in contact["info"].get("emails", {}).get("items", []):
                if item["email"].lower() in contacts_of:
                    contacts_of[item["email"].lower()].append(contact["id"])
        owner = {cid: email for email, ids in contacts_of.items() for cid in ids}
        attended = {a["bookingId"] for a in site.attendance.values() if a["status"] == "ATTENDED"}
        for a in people:
            mine = [
                b
                for b in site.bookings.values()
                if owner.get(b["contactDetails"].get("contactId", "")) == a.email.lower()
                and b["bookedEntity"]["slot"]["startDate"].startswith(a.session_date.isoformat())
                and b["bookedEntity"]["title"] == a.class_name
            ]
            active = [b for b in mine if b["status"] in ACTIVE]
            orders = [o for b in mine for o in linked_orders(box, b["id"])]
            cash = [x for o in orders for x in approved_cash(box, o["id"])]
            charges = [r for o in orders for r in plan_charges(box, o["id"])]
            held = {
                "contacts": len(contacts_of[a.email.lower()]),
                "bookings": len(active),
                "orders": len(orders),
                "cash payments": len(cash),
                "plan charges": len(charges),
            }
            wanted = {
                "contacts": 1,
                "bookings": 1,
                "orders": 1,
                "cash payments": int(a.payment == Payment.CASH),
                "plan charges": int(a.payment == Payment.PLAN),
            }
            if held != wanted:
                off = ", ".join(f"{k} {n}" for k, n in held.items() if n != wanted[k])
                problems.append(f"{a.email} ({a.payment}) has {off}")
            most = {k: max(n, held[k]) for k, n in most.items()}
            figures["bookings"] += len(active)
            figures["orders"] += len(orders)
            figures["cash_payments"] += len(cash)
            figures["plan_charges"] += len(charges)
            figures["attendance"] += sum(1 for b in active if b["id"] in attended)
            if len(active) == 1 and len(orders) == 1:
                wix_ids[a.email.lower()] = (active[0]["id"], orders[0]["id"])
        try:
            assert_exactly_once(box, people, settled=True)
        except AssertionError as exc:
            problems.append(f"invariants: {exc}")
    rows = _records(stage.grid())
    figures["rows_with_ids"] = sum(1 for r in rows if r.get("booking id") and r.get("order id"))
    matching = sum(
        1
        for r in rows
        if wix_ids.get(r.get("email", "").lower()) == (r.get("booking id"), r.get("order id"))
    )
    in_error = [r for r in rows if r.get("error")]
    problems += [f"row of {r.get('name')}: {r.get('error')}" for r in in_error[:3]]
    if len(rows) != len(people):
        problems.append(f"the sheet has {len(rows)} rows, not {len(people)}")
    return _Counted(figures, most, matching, len(in_error), problems)
