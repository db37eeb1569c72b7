"""How the commands speak: ``-q``/``-v``/``-V`` everywhere, ``sync`` alone runs one cycle,
help without markup, plurals, warnings and retries on standard error in words, a progress
bar on a terminal only, the club's time zone in the sheet, Wix's states in words, and
``status`` that loads neither pandas nor the Wix client."""

from __future__ import annotations

import csv
import logging
import os
import pty
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from sync import words
from sync.cli import main
from sync.logs import PrivateRotatingFileHandler, setup_logging
from sync.sheet.keyfile import KeyFileUnusable, KeyProblem, check_key_info
from sync.sheet.localfile import LocalSheet
from sync.wix import NotSent, WixAPIError
from sync.wix.http import retry_said
from tests.cli.test_status_and_json import HEADER, _line
from tests.cli.world import ROOT, ZONE
from tests.cli.world import club as world_club
from tests.fakes.club_config import sandbox_config

COMMANDS = sorted(main.commands)


@pytest.fixture
def club(tmp_path: Path) -> Path:
    LocalSheet(tmp_path / "attendance.csv").create([HEADER, _line("Hana Sato")])
    config = sandbox_config(tmp_path, zone=ZONE)
    config.chmod(0o600)
    return config


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_quiet_and_verbose(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert "-q, --quiet" in result.output
    assert "-v, --verbose" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_no_help_shows_markup(name: str) -> None:
    said = CliRunner().invoke(main, [name, "--help"]).output
    assert "``" not in said
    assert not re.search(r":(func|class|mod|data):`", said), said


def test_version_is_dash_capital_v() -> None:
    from sync import __version__

    for flag in ("-V", "--version"):
        result = CliRunner().invoke(main, [flag])
        assert result.output == f"wixsync, version {__version__}\n"


def test_sync_alone_runs_one_cycle_and_once_says_the_same(club: Path) -> None:
    alone = CliRunner().invoke(main, ["sync", "--config", str(club)])
    assert alone.exit_code == 0, alone.output
    assert "1 row: 1 synced · " in alone.output
    assert "rows ·" not in alone.output  # not a terminal: no progress bar
    again = CliRunner().invoke(main, ["sync", "--once", "--config", str(club)])
    assert again.exit_code == 0, again.output
    assert "Nothing to do: every row is in sync (1 row: 1 unchanged)." in again.output


def test_quiet_prints_the_counts_only_and_twice_quiet_nothing(club: Path) -> None:
    quiet = CliRunner().invoke(main, ["sync", "-q", "--config", str(club)])
    assert quiet.exit_code == 0
    assert quiet.stdout.splitlines() == [
        next(ln for ln in quiet.stdout.splitlines() if ln.startswith("1 row: 1 synced"))
    ]
    assert "Wix call" in quiet.stdout  # "· 9 Wix calls", or "1 Wix call"
    silent = CliRunner().invoke(main, ["-qq", "status", "--config", str(club)])
    assert silent.stdout == ""


def test_one_wix_call_is_singular() -> None:
    assert words.plural(1, "Wix call") == "1 Wix call"
    assert words.plural(0, "Wix call") == "0 Wix calls"
    assert words.plural(2, "class service") == "2 class services"


def test_warnings_go_to_standard_error_on_one_line_each_said_once(tmp_path: Path) -> None:
    with world_club(tmp_path) as world:
        (world.folder / "sa.json").chmod(0o644)  # a warning: the key file is open to others
        world.env["COLUMNS"] = "40"
        result = world.invoke("plan", "--config", str(world.config))
    assert result.exit_code == 0, result.output
    said = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(said) == 1, result.stderr  # said once: by the config, not again by the sheet
    for warning in said:  # the path whole, on its one line: a terminal folds it by itself
        assert str(world.folder / "sa.json") in warning
        assert "chmod 600" in warning
    assert "warning" not in result.stdout


def test_a_retry_is_said_in_words() -> None:
    throttled = WixAPIError("POST", "/_api/x", 429, {}, "r1", retry_after=12)
    assert retry_said(throttled) == "Wix asked us to slow down"
    assert retry_said(WixAPIError("GET", "/_api/x", 503, {}, None)) == "Wix is failing (HTTP 503)"
    assert retry_said(NotSent("GET", "/_api/x", "ConnectionError")) == "Wix could not be reached"


def test_verbose_shows_what_wixsync_does_and_quiet_hides_it(club: Path) -> None:
    CliRunner().invoke(main, ["sync", "--config", str(club)])
    loud = CliRunner().invoke(main, ["sync", "-vv", "--config", str(club)])
    assert "lease" in loud.stderr.lower() or loud.stderr, loud.output  # something is said
    plain = CliRunner().invoke(main, ["sync", "--config", str(club)])
    assert plain.stderr == ""


def test_the_progress_bar_shows_on_a_terminal_only(club: Path) -> None:
    LocalSheet(club.parent / "attendance.csv").create(
        [HEADER, *(_line(f"Swimmer {i}", email=f"s{i}@example.org") for i in range(3))]
    )
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    command = [sys.executable, "-m", "sync.cli", "sync", "--config", str(club)]
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=follower, env=env, cwd=club.parent)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "rows ·" in text, text[-2000:]
    assert "Wix call" in text
    assert "Create the booking" in text or "Find or create the contact" in text
    assert re.search(r"\d+ rows: \d+ synced", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)), text


def test_synced_at_is_the_clubs_time_not_the_servers(
    club: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # the server's clock: UTC+14
    time.tzset()
    try:
        result = CliRunner().invoke(main, ["sync", "--config", str(club)])
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert result.exit_code == 0, result.output
    with (club.parent / "attendance.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    beat = next(h for h in header if h.startswith("Synced at (last sync "))
    stamp = rows[1][header.index(beat)]
    club_now = datetime.now(ZoneInfo(ZONE))
    written = datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(ZONE))
    assert abs((club_now - written).total_seconds()) < 180, (stamp, club_now)
    hour = int(beat.removeprefix("Synced at (last sync ")[:2])  # "…(last sync 06:30:05 · 1 row)"
    assert hour in {club_now.hour, (club_now.hour - 1) % 24}, (beat, club_now)


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("NOT_ATTENDED", "no-show"),
        ("ATTENDED", "checked in"),
        ("UNDEFINED", "no payment recorded"),
        ("FULLY_REFUNDED", "refunded"),
        ("CONFIRMED", "confirmed"),
        ("SOMETHING_NEW", "something new"),
    ],
)
def test_wix_states_are_said_in_words(state: str, said: str) -> None:
    assert words.wix_state(state) == said


@pytest.mark.parametrize("find", [(), ("--find", "example.org")])
def test_status_loads_neither_pandas_nor_the_wix_client(club: Path, find: tuple[str, ...]) -> None:
    CliRunner().invoke(main, ["sync", "--config", str(club)])
    probe = (
        "import sys\n"
        "from sync.cli import main\n"
        "try:\n"
        f"    main(['status', *{list(find)!r}, '--config', {str(club)!r}])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "heavy = ('sync.wix', 'sync.flows.runner', 'sync.engine.cycle', 'sync.engine.diff')\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'pandas' or m.startswith(heavy)]\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert ("Rows matching" if find else "Recent runs") in done.stdout, done.stdout
    assert "LOADED []" in done.stdout, done.stdout[-500:]


def test_a_log_line_the_disk_cannot_take_is_said_once_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = setup_logging(tmp_path / "wixsync.log")
    assert isinstance(handler, PrivateRotatingFileHandler)
    handler.stream.close()
    handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 (the handler's)
    log = logging.getLogger("wixsync.daemon")
    try:
        log.info("one")
        log.info("two")
    finally:
        logging.getLogger("wixsync").removeHandler(handler)
        handler.stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        handler.close()
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert said.count("wixsync: a log line could not be written:") == 1, said
    assert "the disk is full" in said


def test_a_gcloud_sign_in_is_not_a_service_account_key(tmp_path: Path) -> None:
    with pytest.raises(KeyFileUnusable) as refused:
        check_key_info(tmp_path / "adc.json", {"type": "authorized_user", "client_id": "x"})
    assert refused.value.problem is KeyProblem.NOT_SERVICE_ACCOUNT
    assert refused.value.detail == "type authorized_user"


def test_the_click_context_is_the_same_group() -> None:
    assert isinstance(main, click.Group)
