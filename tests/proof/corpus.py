"""The bad-input corpus (issue 6), run against the whole product.

Each case gets its own :class:`CorpusWorld` — the real runtime (``open_runtime``, as
``wixsync run`` wires it), the real gspread on the fake Sheets API, the Wix sandbox — and the
daemon runs on it as it would: a cycle (two when a volunteer finishes a row in between), then
an idle cycle, which must plan nothing, send nothing to Wix and write nothing to the sheet.
Wix settles a plan charge later (the sandbox's default: after a read), so after a cycle that
left a plan charge pending the daemon runs up to ``SETTLE_CYCLES`` more until it settles; the
rows are checked after those, and each of them is held to the same rules as the first.

Per case it checks every row's expectation (:mod:`tests.proof.corpus_cases`), that no cycle
raised (a crash: the daemon must never stop on a cell's content), that no cell a person typed
changed, and counts the Wix requests that concern a row that should not reach Wix:

* a row rejected for its cells: any request whose path, query or body carries its
  ``wixsync:<row id>`` or the email typed in it (unless a valid row of the case has that
  email) — and when no row of the case is valid, simply every request;
* a row rejected by what Wix holds (no such class, session or plan): any *write* that
  carries it; the read-only look-ups that found the problem are fine.

From a bench script::

    from tests.proof.corpus import run_corpus
    print(run_corpus(Path("/tmp/corpus")).summary())
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from google.auth.crypt import RSASigner
from google.oauth2 import service_account

from sync.engine.cycle import CycleReport, Engine
from sync.engine.parse import parse_row
from sync.runtime import Settings
from sync.sandbox import Sandbox, build_sandbox
from sync.sheet.base import SheetBackend
from sync.sheet.columns import DEFAULT_COLUMNS, Owner, normalise
from sync.sheet.google import SCOPES, GoogleSheet, gspread_client
from tests.conftest import NOW
from tests.fakes.sheets import mount_fake_sheets
from tests.proof.corpus_cases import (
    CASES,
    FAMILIES,
    KNOWN_GAPS,
    Action,
    Blank,
    Braked,
    Case,
    Expectation,
    Gap,
    Insert,
    Rejected,
    Synced,
    Type,
)
from tests.proof.world import TAB, World

__all__ = [
    "CASES",
    "FAMILIES",
    "KNOWN_GAPS",
    "CaseResult",
    "CorpusFigures",
    "CorpusWorld",
    "Gap",
    "run_case",
    "run_cases",
    "run_corpus",
    "scratch_folder",
]

#: Wix routes that only read: a row found invalid by what Wix holds may cause these
READ_ROUTES = frozenset(
    (
        "contacts.query",
        "contacts.get",
        "members.query",
        "services.query",
        "slots.list_event",
        "extended_bookings.query",
        "attendance.query",
        "checkout.get",
        "cart.get",
        "orders.get",
        "orders.search",
        "transactions.list",
        "plans.list_orders",
        "pools.eligible",
        "pools.query",
        "balances.get",
        "balances.query",
    )
)
DAEMON_HEADERS = frozenset(normalise(c.header) for c in DEFAULT_COLUMNS if c.owner == Owner.DAEMON)
GRID_ROWS, GRID_COLS = 60, 20
#: the most cycles a case runs after one that left a plan charge pending
SETTLE_CYCLES = 3


# -- the world --------------------------------------------------------------------------------
@functools.cache
def _private_key(pem: str) -> Any:
    """The service-account key, parsed once per process (parsing it is most of opening a
    Google sheet, and nothing about bad input)."""
    return serialization.load_pem_private_key(pem.encode(), password=None)


@functools.cache
def _sandbox() -> Sandbox:
    return build_sandbox(None, now=NOW, rate_limit=None)


def fresh_sandbox() -> Sandbox:
    """The default club as seeded, in one sandbox per process reset through its control
    plane (building the routing of a new one costs more than a whole cycle)."""
    sandbox = _sandbox()
    sandbox.control.dispatch("POST", "reset", None, {})
    return sandbox


class CorpusWorld(World):
    """:class:`tests.proof.world.World` with a sheet the size a club's is (Google's default
    1000×26 grid is most of a cycle's time here), the case's configuration (class aliases,
    date order), the sandbox reset rather than built, and the key file parsed once per
    process."""

    def __init__(
        self,
        folder: Path,
        rows: list[list[Any]],
        *,
        header: list[Any],
        class_map: dict[str, str] | None = None,
        date_order: str = "MDY",
    ) -> None:
        super().__init__(folder, rows, header=header, sandbox=fresh_sandbox())
        self.key = self.sheets.create_spreadsheet(
            {TAB: [header, *rows]}, row_count=GRID_ROWS, column_count=GRID_COLS
        )
        self.class_map = dict(class_map or {})
        self.date_order = date_order

    def _open_sheet(self) -> SheetBackend:
        info = json.loads(self.credentials.read_text())
        signer = RSASigner(_private_key(info["private_key"]), info["private_key_id"])
        credentials = service_account.Credentials(
            signer, info["client_email"], info["token_uri"], scopes=SCOPES
        )
        client = gspread_client(credentials, timeout=(1.0, 1.0))
        mount_fake_sheets(client.http_client.session, self.sheets)
        return GoogleSheet(client, self.key, attempts=3, sleep=self.sheet_sleeps.append)

    def settings(self) -> Settings:
        settings = super().settings()
        settings.class_map = self.class_map
        settings.parse = partial(parse_row, date_order=self.date_order)
        return settings


# -- results ----------------------------------------------------------------------------------
@dataclass
class CaseResult:
    id: str
    family: str
    kind: str  # "synced" (every row expected booked) or "rejected" (some row, or the sheet)
    crash: str | None = None  # the traceback of an exception out of a cycle
    mismatches: list[str] = field(default_factory=list)  # expectation, idle or cell failures
    invalid_wix_calls: int = 0  # Wix requests concerning rows that must not reach Wix
    wix_requests: int = 0
    rows_synced: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.crash is None and not self.mismatches and self.invalid_wix_calls == 0

    def explain(self) -> str:
        lines = [f"{self.id}:"]
        if self.crash:
            lines.append(f"  crashed:\n{self.crash}")
        lines += [f"  {m}" for m in self.mismatches]
        if self.invalid_wix_calls:
            lines.append(f"  {self.invalid_wix_calls} Wix requests for rows that must not go")
        return "\n".join(lines)


@dataclass
class CorpusFigures:
    results: list[CaseResult]
    seconds: float = 0.0

    @property
    def tried(self) -> int:
        return len(self.results)

    @property
    def synced_correctly(self) -> int:
        return sum(1 for r in self.results if r.ok and r.kind == "synced")

    @property
    def rejected_specifically(self) -> int:
        return sum(1 for r in self.results if r.ok and r.kind == "rejected")

    @property
    def crashes(self) -> int:
        return sum(1 for r in self.results if r.crash)

    @property
    def invalid_wix_calls(self) -> int:
        return sum(r.invalid_wix_calls for r in self.results)

    @property
    def mismatches(self) -> list[CaseResult]:
        return [r for r in self.results if not r.ok]

    def summary(self) -> str:
        rows_synced = sum(r.rows_synced for r in self.results)
        rows_rejected = sum(r.rows_rejected for r in self.results)
        lines = [
            f"cases tried                      {self.tried}",
            f"synced correctly                 {self.synced_correctly}",
            f"rejected with a specific message {self.rejected_specifically}",
            f"crashes                          {self.crashes}",
            f"Wix calls for invalid rows       {self.invalid_wix_calls}",
            f"mismatches                       {len(self.mismatches)}",
            f"(rows: {rows_synced} synced, {rows_rejected} rejected; "
            f"{sum(r.wix_requests for r in self.results)} Wix requests; {self.seconds:.1f} s)",
        ]
        lines += [r.explain() for r in self.mismatches]
        return "\n".join(lines)


# -- running a case ---------------------------------------------------------------------------
def _kind(case: Case) -> str:
    """By the rows' last expectations: a row half typed, then finished, counts as synced."""
    return "rejected" if any(isinstance(e, Rejected | Braked) for e in case.expect) else "synced"


def run_case(case: Case, folder: Path) -> CaseResult:
    """Run one case in ``folder`` (a fresh directory for its state)."""
    started = time.perf_counter()
    result = CaseResult(case.id, case.family, _kind(case))
    world = CorpusWorld(
        folder,
        [list(r) for r in case.rows],
        header=list(case.header),
        class_map=dict(case.class_map),
        date_order=case.date_order,
    )
    steps = [(case.typed, case.first), (case.then, case.expect)] if case.then else []
    steps = steps or [(case.typed, case.expect)]
    with world.open() as runtime:
        for actions, expect in steps:
            _act(world, actions)
            sent_before = len(world.sandbox.log)
            report = _cycle(world, runtime.engine, result)
            if report is None or not _settle(world, runtime.engine, report, result):
                break
            _check(world, report, expect, world.sandbox.log[sent_before:], result)
        else:
            _idle(world, runtime.engine, result)
    result.wix_requests = len(world.sandbox.log)
    result.seconds = time.perf_counter() - started
    return result


def _act(world: World, actions: Iterable[Action]) -> None:
    human = world.human()
    for action in actions:
        if isinstance(action, Type):
            human.set_cell(action.a1, action.value, input=action.input)
        elif isinstance(action, Insert):
            human.insert_rows(action.above, action.count)
        else:
            human.set_row(action.target, world.grid()[action.source - 1], input="RAW")


def _cycle(world: World, engine: Engine, result: CaseResult) -> CycleReport | None:
    """One cycle; None (and the crash recorded) when it raised. Checks that no cell a
    person typed changed."""
    before, daemon_before = world.sheets.cells(world.key, TAB), _daemon_columns(world)
    try:
        report = engine.run_cycle()
    except Exception:  # a crash is what this counts
        result.crash = traceback.format_exc()
        return None
    after, daemon_after = world.sheets.cells(world.key, TAB), _daemon_columns(world)
    for a1 in sorted(set(before) | set(after)):
        was, now, column = before.get(a1), after.get(a1), _column(a1)
        # the daemon may write its own columns, and the empty cells of a column it adds
        daemons = column in daemon_after and (column in daemon_before or was is None)
        if was != now and not daemons:
            result.mismatches.append(f"cell {a1} a person typed changed: {was!r} → {now!r}")
    return report


def _settle(world: World, engine: Engine, report: CycleReport, result: CaseResult) -> bool:
    """Cycles (at most ``SETTLE_CYCLES``) while a plan charge of ``report`` is pending;
    False when one raised. A charge still pending after them is a mismatch."""
    latest = report
    for _ in range(SETTLE_CYCLES):
        if not any(o.pending for o in latest.outcomes.values()):
            return True
        settled = _cycle(world, engine, result)
        if settled is None:
            return False
        if settled.brake:
            result.mismatches.append(f"brake while plan charges settled: {settled.brake}")
        latest = settled
    still = sorted(o.row_id for o in latest.outcomes.values() if o.pending)
    if still:
        result.mismatches.append(
            f"plan charges still pending after {SETTLE_CYCLES} cycles: {still}"
        )
    return True


def _idle(world: World, engine: Engine, result: CaseResult) -> None:
    requests, writes = len(world.sandbox.log), world.sheets.counts().writes
    report = _cycle(world, engine, result)
    if report is None:
        return
    if report.plan.actions:
        result.mismatches.append(f"idle cycle planned {report.plan.actions}")
    if len(world.sandbox.log) > requests:
        result.mismatches.append(f"idle cycle sent {len(world.sandbox.log) - requests} requests")
    if world.sheets.counts().writes > writes:
        result.mismatches.append("idle cycle wrote to the sheet")


# -- checks -----------------------------------------------------------------------------------
def _column(a1: str) -> int:
    letters = re.match(r"[A-Z]+", a1)
    assert letters, a1
    number = 0
    for letter in letters[0]:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _daemon_columns(world: World) -> set[int]:
    grid = world.grid()
    header = grid[0] if grid else []
    return {i for i, h in enumerate(header) if normalise(h) in DAEMON_HEADERS}


def _daemon_cells(world: World, grid_row: int) -> dict[str, str]:
    grid = world.grid()
    header = [normalise(h) for h in grid[0]] if grid else []
    line = grid[grid_row] if grid_row < len(grid) else []
    return {
        h: str(line[i]) if i < len(line) else ""
        for i, h in enumerate(header)
        if h in DAEMON_HEADERS
    }


def _check(
    world: World,
    report: CycleReport,
    expect: tuple[Expectation, ...],
    entries: list[Any],
    result: CaseResult,
) -> None:
    """The rows against ``expect``; ``entries``: the Wix requests of this cycle."""
    if any(isinstance(e, Braked) for e in expect):
        (braked,) = expect
        assert isinstance(braked, Braked)
        if not report.brake or braked.contains not in report.brake:
            result.mismatches.append(f"brake {report.brake!r} lacks {braked.contains!r}")
        result.rows_rejected += len(world.records())
        result.invalid_wix_calls += len(entries)
        return
    if report.brake:
        result.mismatches.append(f"unexpected brake: {report.brake}")
    emails_of_valid = {
        _email_cell(world, i + 1) for i, e in enumerate(expect) if isinstance(e, Synced)
    }
    nothing_valid = not any(isinstance(e, Synced) or _by_wix(e) for e in expect)
    if nothing_valid:
        result.invalid_wix_calls += len(entries)
    for index, expectation in enumerate(expect):
        grid_row = index + 1
        cells = _daemon_cells(world, grid_row)
        where = f"row {grid_row + 1}"
        if isinstance(expectation, Synced):
            result.rows_synced += 1
            _check_synced(world, cells, expectation, where, result)
        elif isinstance(expectation, Rejected):
            result.rows_rejected += 1
            _check_rejected(cells, expectation, where, result)
            if nothing_valid:
                continue
            # its row id, its email, and any booking or order id its cells show
            own = [cells.get(k, "") for k in ("booking id", "order id")]
            markers = {m for m in own if m}
            if cells.get("row id"):
                markers.add(f"wixsync:{cells['row id']}")
            email = _email_cell(world, grid_row)
            if len(email) > 4 and email not in emails_of_valid:
                markers.add(email)
            writes_only = expectation.by == "wix"
            result.invalid_wix_calls += sum(
                1
                for e in entries
                if (not writes_only or e.route not in READ_ROUTES) and _mentions(e, markers)
            )
        elif isinstance(expectation, Blank) and any(cells.values()):
            result.mismatches.append(f"{where}: blank, but the daemon wrote {cells}")
    grid = world.grid()
    for grid_row in range(len(expect) + 1, len(grid)):
        if any(str(c).strip() for c in grid[grid_row]):
            result.mismatches.append(f"row {grid_row + 1} has no expectation in the case")


def _by_wix(expectation: Expectation) -> bool:
    return isinstance(expectation, Rejected) and expectation.by == "wix"


def _email_cell(world: World, grid_row: int) -> str:
    grid = world.grid()
    header = [normalise(h) for h in grid[0]]
    columns = [i for i, h in enumerate(header) if h in ("email", "e mail", "email address")]
    line = grid[grid_row] if grid_row < len(grid) else []
    if not columns or columns[0] >= len(line):
        return ""
    return str(line[columns[0]]).strip().casefold()


def _mentions(entry: Any, markers: set[str]) -> bool:
    text = json.dumps([entry.path, entry.query, entry.body], ensure_ascii=False).casefold()
    return any(m and m in text for m in markers)


def _check_synced(
    world: World, cells: dict[str, str], want: Synced, where: str, result: CaseResult
) -> None:
    booking_id, status, error = cells.get("booking id"), cells.get("status", ""), cells.get("error")
    if not booking_id or error or not status.startswith("Booked"):
        result.mismatches.append(f"{where}: not synced (status {status!r}, error {error!r})")
        return
    site = world.sandbox.site
    booking = site.bookings.get(booking_id)
    if booking is None or booking["status"] != "CONFIRMED":
        result.mismatches.append(f"{where}: booking {booking_id} is not confirmed in Wix")
        return
    if want.status and want.status not in status:
        result.mismatches.append(f"{where}: status {status!r} lacks {want.status!r}")
    contact = site.contacts.get(booking["contactDetails"]["contactId"], {})
    if want.email is not None:
        held = contact.get("primaryInfo", {}).get("email")
        same = [
            c
            for c in site.contacts.values()
            if any(
                i.get("email", "").casefold() == want.email.casefold()
                for i in c.get("info", {}).get("emails", {}).get("items", [])
            )
        ]
        if held != want.email or len(same) != 1:
            result.mismatches.append(
                f"{where}: Wix contact email {held!r} ({len(same)} contacts), not {want.email!r}"
            )
    if want.name is not None:
        name = contact.get("info", {}).get("name", {})
        held_name = (name.get("first", ""), name.get("last", ""))
        if held_name != want.name:
            result.mismatches.append(f"{where}: Wix contact name {held_name}, not {want.name}")
    event = booking["bookedEntity"]["slot"]["eventId"]

    def seat(b: dict[str, Any]) -> tuple[Any, ...]:
        """One contact may hold several seats (two children on one email): by name."""
        details = b["contactDetails"]
        names = (details.get("firstName", ""), details.get("lastName", ""))
        return (details.get("contactId"), *(" ".join(n.casefold().split()) for n in names))

    active = [
        b
        for b in site.bookings.values()
        if seat(b) == seat(booking)
        and b["bookedEntity"]["slot"]["eventId"] == event
        and b["status"] in ("CREATED", "PENDING", "CONFIRMED")
    ]
    if len(active) != 1:
        result.mismatches.append(f"{where}: {len(active)} bookings of this person for the session")
    start = booking["bookedEntity"]["slot"]["startDate"][:16]
    if want.start is not None and start != want.start:
        result.mismatches.append(f"{where}: booked the session at {start}, not {want.start}")
    if want.attended is not None:
        marks = [a["status"] for a in site.attendance.values() if a["bookingId"] == booking_id]
        held_mark = marks[-1] if marks else ""
        if held_mark != want.attended:
            result.mismatches.append(f"{where}: attendance {held_mark!r}, not {want.attended!r}")


def _check_rejected(cells: dict[str, str], want: Rejected, where: str, result: CaseResult) -> None:
    error = cells.get("error", "")
    if want.contains not in error:
        result.mismatches.append(f"{where}: error {error!r} lacks {want.contains!r}")
    if cells.get("booking id") or cells.get("status"):
        result.mismatches.append(
            f"{where}: rejected, but shows booking {cells.get('booking id')!r}, "
            f"status {cells.get('status')!r}"
        )


# -- the corpus -------------------------------------------------------------------------------
def _run_one(job: tuple[Case, Path]) -> CaseResult:
    return run_case(*job)


def run_cases(cases: Iterable[Case], folder: Path, *, workers: int = 1) -> list[CaseResult]:
    """Run ``cases`` (each in ``folder/<case id>``), in ``workers`` forked processes when
    more than one and the platform forks; results in the order of ``cases``."""
    jobs = [(case, folder / case.id) for case in cases]
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(_run_one, jobs, chunksize=4))
    return [_run_one(job) for job in jobs]


def scratch_folder() -> Path:
    """A fresh folder for the worlds' state, on tmpfs where there is one: the state database
    syncs every commit to disk, which on a slow disk is most of the corpus's time."""
    shm = Path("/dev/shm")  # noqa: S108 - a fresh mkdtemp directory in it, not a fixed name
    usable = shm.is_dir() and os.access(shm, os.W_OK)
    return Path(tempfile.mkdtemp(prefix="wixsync-corpus-", dir=shm if usable else None))


def run_corpus(
    folder: Path | None = None, cases: Iterable[Case] = CASES, *, workers: int = 1
) -> CorpusFigures:
    """Run every case (each in a folder of its own under ``folder``, or a scratch one)."""
    started = time.perf_counter()
    base = folder or scratch_folder()
    try:
        results = run_cases(cases, base, workers=workers)
    finally:
        if folder is None:
            shutil.rmtree(base, ignore_errors=True)
    return CorpusFigures(results, time.perf_counter() - started)


def main() -> None:
    workers = os.cpu_count() or 1
    print(run_corpus(workers=workers).summary())
    gaps = run_corpus(cases=[g.case for g in KNOWN_GAPS], workers=workers)
    print(f"\nknown gaps ({len(KNOWN_GAPS)}), still open: {len(gaps.mismatches)}")
    for gap, result in zip(KNOWN_GAPS, gaps.results, strict=True):
        print(f"  {gap.case.id}: {'open' if not result.ok else 'MET: move it to CASES'}")
        print(f"    {gap.reason}")


if __name__ == "__main__":
    main()
