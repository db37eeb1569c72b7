"""No traceback, ever: every failure an owner meets in the first hour, fed through every
command on the real code path (the CLI in this process, ``wixsync run`` in its own).

Each failure is made for real at the edge — the wrong key file, a closed port where Google's
sign-in or Wix should answer, a key Wix refuses, a damaged state, a disk with no room left —
and each command either works (it does not touch what is broken) or ends with its documented
exit code and two lines: what is wrong (``Error: …``), then what to do."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from sync import exit_codes
from sync.cli import main
from sync.demo import CONFIG, demo_rows
from sync.sheet.localfile import LocalSheet
from sync.state import connect
from sync.state import db as state_db
from tests.cli.world import ROOT, World, closed_port, club, today_label

OK = exit_codes.OK
CONFIG_BAD, STATE_BAD, DOWN = (
    exit_codes.CONFIG_UNUSABLE,
    exit_codes.STATE_UNUSABLE,
    exit_codes.UNREACHABLE,
)


# -- the failures: (settings of the world, what is broken after it is set up) ----------------
def _oauth_client(w: World) -> None:
    client = {
        "installed": {
            "client_id": "1234-abc.apps.googleusercontent.com",
            "project_id": "wixsync",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token",
            "client_secret": "GOCSPX-not-a-secret",
            "redirect_uris": ["http://localhost"],
        }
    }
    (w.folder / "sa.json").write_text(json.dumps(client), encoding="utf-8")


def _not_json(w: World) -> None:
    (w.folder / "sa.json").write_text("<!DOCTYPE html><html>Sign in</html>", encoding="utf-8")


def _example(w: World) -> None:
    shutil.copy(ROOT / "credentials.example.json", w.folder / "sa.json")


def _key_rejected(w: World) -> None:
    w.env["WIX_API_KEY"] = "IST.a-key-wix-does-not-know"


def _bad_toml(w: World) -> None:
    w.config.write_text('[sheet\ngoogle = "x"\n', encoding="utf-8")


def _corrupt_state(w: World) -> None:
    w.state.parent.mkdir(parents=True, exist_ok=True)
    w.state.write_bytes(b"not a database" * 100)


def _nothing(_w: World) -> None:
    pass


FAILURES: dict[str, tuple[dict[str, object], Callable[[World], None]]] = {
    "OAuth client file": ({}, _oauth_client),
    "not JSON": ({}, _not_json),
    "the example key file": ({}, _example),
    "Google unreachable": ({"token_uri": f"http://127.0.0.1:{closed_port()}/token"}, _nothing),
    "Wix unreachable": ({"base_url": f"http://127.0.0.1:{closed_port()}"}, _nothing),
    "key Wix rejects": ({}, _key_rejected),
    "malformed wixsync.toml": ({}, _bad_toml),
    "corrupt state": ({}, _corrupt_state),
    "full disk": ({"rows": 30}, _nothing),  # the state's disk: see the fixture below
    "missing file": ({"credentials": "missing.json"}, _nothing),
}
KEY_FILE = "The key file "
SAID = {
    "OAuth client file": (CONFIG_BAD, "is an OAuth client ID file, not a service account's key"),
    "not JSON": (CONFIG_BAD, "is not a JSON key file"),
    "the example key file": (CONFIG_BAD, "is the example file (credentials.example.json)"),
    "Google unreachable": (DOWN, "Cannot reach Google's sign-in service"),
    "Wix unreachable": (DOWN, "Wix could not be reached (or failed) for every row sent"),
    "key Wix rejects": (DOWN, "Wix refused the API key or the site id (HTTP 401)"),
    "malformed wixsync.toml": (CONFIG_BAD, "not valid TOML"),
    "corrupt state": (STATE_BAD, "is damaged or is not a wixsync state file"),
    "full disk": (STATE_BAD, "is full"),
    "missing file": (CONFIG_BAD, 'credentials = "missing.json": no such file'),
}
GOOGLE = ("OAuth client file", "not JSON", "the example key file", "Google unreachable")
WIX = ("Wix unreachable", "key Wix rejects")
#: what each command touches: a failure elsewhere leaves it working
UNTOUCHED = {
    "plan": {*WIX},  # reads the sheet; sends nothing to Wix
    "status": {*GOOGLE, *WIX, "missing file", "full disk"},  # reads the state file only
    "doctor": {*GOOGLE, "missing file", "full disk"},  # Wix and the state, not the sheet
    "init": {*WIX, "corrupt state", "full disk"},  # the sheet and the config, not Wix
}
#: where a command's words differ from the failure's own
WORDS = {
    ("doctor", "Wix unreachable"): (DOWN, "Cannot reach Wix ("),
    ("plan", "full disk"): (OK, ""),  # reading writes nothing
    ("init", "missing file"): (CONFIG_BAD, "missing.json does not exist"),
}
COMMANDS = ["plan", "sync", "status", "doctor", "init"]


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[World], None]:
    """The state file's disk has no room left: the state may not grow by one page (SQLite
    answers "database or disk is full", as on a full disk)."""

    def fill(world: World) -> None:
        connect(world.state).close()  # made while there was room
        real = state_db._open

        def no_room(target: str, *, uri: bool) -> sqlite3.Connection:
            db = real(target, uri=uri)
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
            return db

        monkeypatch.setattr(state_db, "_open", no_room)

    return fill


def _says_two_lines(output: str, fragment: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith("Error: "))
    assert fragment in "\n".join(lines[first:]), output
    assert len(lines) > first + 1, f"no line saying what to do:\n{output}"
    assert not lines[-1].startswith("Error: "), output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("failure", list(FAILURES))
def test_every_failure_through_every_command(
    tmp_path: Path, failure: str, command: str, full_disk: Callable[[World], None]
) -> None:
    settings, breaks = FAILURES[failure]
    with club(tmp_path, **settings) as world:  # type: ignore[arg-type]
        breaks(world)
        if failure == "full disk":
            full_disk(world)
        result = world.invoke(command, "--config", str(world.config))
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if failure in UNTOUCHED.get(command, ()):
        assert result.exit_code == OK, output
        assert "Error:" not in output, output
        return
    code, fragment = WORDS.get((command, failure), SAID[failure])
    assert result.exit_code == code, output
    if code != OK:
        _says_two_lines(output, fragment)


@pytest.mark.parametrize(
    "failure",
    [f for f in FAILURES if f != "full disk"],  # the daemon's full disk: tests/proof
)
def test_every_failure_through_the_daemon(tmp_path: Path, failure: str) -> None:
    """At start (config, key file, state) the daemon ends with the code and the two lines;
    an outage while it runs (Google, Wix, the key) is one ``cannot sync (…)`` line and it
    carries on until it is stopped."""
    settings, breaks = FAILURES[failure]
    with club(tmp_path, **settings) as world:  # type: ignore[arg-type]
        breaks(world)
        code, said = world.daemon(until=("cannot sync", "last sync"))
    assert "Traceback" not in said, said
    expected, fragment = SAID[failure]
    if failure in (*GOOGLE[3:], *WIX):  # outages: said once, and the daemon goes on
        expected = OK
        line = next(ln for ln in said.splitlines() if "cannot sync (" in ln)
        words = {"Wix unreachable": "Could not reach Wix"}.get(failure, fragment)
        assert words in line, said
    else:
        _says_two_lines(said, fragment)
    assert code == expected, said


def test_the_demo_with_a_damaged_kept_state_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "wixsync-demo"
    (folder / "state").mkdir(parents=True)
    LocalSheet(folder / "attendance.xlsx").create(demo_rows(today_label()))
    (folder / "wixsync.toml").write_text(CONFIG, encoding="utf-8")
    (folder / "state" / "state.sqlite3").write_bytes(b"not a database" * 100)
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["demo"], env={"COLUMNS": "80"})
    assert "Traceback" not in result.output
    assert result.exit_code == STATE_BAD, result.output
    _says_two_lines(result.output, "is damaged or is not a wixsync state file")
    (folder / "wixsync.toml").write_text("[sheet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo"], env={"COLUMNS": "80"})
    assert result.exit_code == CONFIG_BAD, result.output
    _says_two_lines(result.output, "not valid TOML")


@pytest.mark.parametrize(
    ("seed", "fragment"),
    [
        ("not json at all", "not valid JSON (line 1, column 1)"),
        ('{"site": {"id": "x"}, "apiKeys": [{"name": "sync"}]}', "an entry has no 'key'"),
        ('{"services": []}', 'no "site" with an "id"'),
    ],
    ids=["not JSON", "a key without its key", "no site"],
)
def test_a_bad_seed_is_a_plain_error(tmp_path: Path, seed: str, fragment: str) -> None:
    from click.testing import CliRunner

    path = tmp_path / "seed.json"
    path.write_text(seed, encoding="utf-8")
    result = CliRunner().invoke(main, ["sandbox", "--seed", str(path), "--port", "0"])
    assert "Traceback" not in result.output
    assert "KeyError" not in result.output
    assert result.exit_code == CONFIG_BAD, result.output
    _says_two_lines(result.output, fragment)


def test_a_missing_config_file_is_two_lines_for_every_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    for command in ("plan", "sync", "run", "status", "test-alert"):
        result = CliRunner().invoke(main, [command, "--config", str(tmp_path / "none.toml")])
        assert result.exit_code == CONFIG_BAD, (command, result.output)
        _says_two_lines(result.output, "none.toml: no such file; copy wixsync.example.toml")
