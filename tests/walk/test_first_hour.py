"""The owner's first hour, walked end to end with the fakes at the edge: ``init`` on an empty
Google Sheet (the fake Sheets API, driven by the real gspread) → ``doctor`` with the config →
``plan`` → ``sync`` → ``deploy/install.sh`` in a temporary root → ``status --json``.

Before each step succeeds, what an owner gets wrong at that step is done for real — the
OAuth client file instead of the key, Google's sign-in unreachable, Wix unreachable, a key
Wix refuses, a config that is not TOML, a sheet key that names no sheet, a Python too old,
a damaged state file — and each ends with its documented exit code and two plain lines
(``Error: …``, then what to do), never a traceback. The commands run in this process, on
the code path a user runs (click's runner); ``install.sh`` runs in ``bash``."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from sync import exit_codes
from sync.cli import main
from sync.sandbox import LoopbackServer, Sandbox, build_sandbox
from sync.sheet.columns import DEFAULT_COLUMNS
from tests.cli.world import closed_port
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.fakes.sheets import fake_service_account_info as service_account
from tests.fresh_machine import fresh_checkout, offline_env

ZONE = "America/Denver"
OAUTH_CLIENT = {
    "installed": {
        "client_id": "1234-abc.apps.googleusercontent.com",
        "project_id": "wixsync",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "client_secret": "GOCSPX-not-a-secret",
        "redirect_uris": ["http://localhost"],
    }
}


@dataclass
class Club:
    folder: Path
    sheets: FakeSheets
    sandbox: Sandbox
    key: str
    wix_url: str
    sheets_url: str
    env: dict[str, str]

    @property
    def config(self) -> Path:
        return self.folder / "wixsync.toml"

    def variant(self, name: str, old: str, new: str) -> Path:
        """A copy of the config with one thing changed (in the same folder, so its relative
        paths — the key file, the state — are the same)."""
        text = self.config.read_text(encoding="utf-8")
        assert old in text, old
        path = self.folder / name
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        cwd = Path.cwd()
        os.chdir(self.folder)
        try:
            result = CliRunner().invoke(main, list(args), env={**self.env, **(env or {})})
        finally:
            os.chdir(cwd)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        return result


@contextmanager
def club(folder: Path) -> Iterator[Club]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    sandbox = build_sandbox(rate_limit=None)
    with FakeSheetsServer(fake) as sheets, LoopbackServer(sandbox) as wix:
        key = fake.create_spreadsheet({"Attendance": []})  # a new, empty sheet
        folder.mkdir()
        (folder / "service-account.json").write_text(json.dumps(service_account(sheets.token_uri)))
        (folder / "service-account.json").chmod(0o600)
        (folder / "wixsync.toml").write_text(
            f'[sheet]\ngoogle = "https://docs.google.com/spreadsheets/d/{key}/edit"\n'
            f'credentials = "service-account.json"\napi_url = "{sheets.url}"\n\n'
            '[classes]\n"Open Water Swim" = "Open Water Swim"\n\n'
            f'[wix]\nsite_id = "{sandbox.site.site_id}"\nbase_url = "{wix.url}"\n'
            f'time_zone = "{ZONE}"\n\n[daemon]\nstate = "state/state.sqlite3"\n\n'
            "[summary]\nenabled = false\n",
            encoding="utf-8",
        )
        env = {"WIX_API_KEY": sandbox.site.api_keys["sync"].key, "COLUMNS": "80"}
        yield Club(folder, fake, sandbox, key, wix.url, sheets.url, env)


def _fails(result: Result, code: int, fragment: str) -> None:
    """The documented exit code, and two lines: what is wrong, then what to do."""
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith("Error: "))
    assert fragment in "\n".join(lines[first:]), result.output
    assert len(lines) > first + 1, f"no line saying what to do:\n{result.output}"


def _bash(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(script)], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.timeout(420)
@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_first_hour_from_an_empty_sheet_to_the_service(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    with club(tmp_path / "club") as c:
        config = str(c.config)

        # -- 1. init on the empty sheet ----------------------------------------------------
        (c.folder / "oauth-client.json").write_text(json.dumps(OAUTH_CLIENT))
        _fails(
            c.run("init", "--config", config, "--credentials", "oauth-client.json"),
            exit_codes.CONFIG_UNUSABLE,
            "is an OAuth client ID file, not a service account's key",
        )
        (c.folder / "sign-in-down.json").write_text(
            json.dumps(service_account(f"http://127.0.0.1:{closed_port()}/token"))
        )
        (c.folder / "sign-in-down.json").chmod(0o600)
        _fails(
            c.run("init", "--config", config, "--credentials", "sign-in-down.json"),
            exit_codes.UNREACHABLE,
            "Cannot reach Google's sign-in service",
        )
        assert c.sheets.values(c.key, "Attendance") == [], "a failed init writes nothing"
        done = c.run("init", "--config", config)
        assert done.exit_code == 0, done.output
        assert c.sheets.values(c.key, "Attendance") == [[col.header for col in DEFAULT_COLUMNS]]
        assert f"start_date = {today.isoformat()}" in c.config.read_text()
        # the volunteers type today's class, and a row of an older session is in the sheet
        before = today - timedelta(days=3)
        volunteer = c.sheets.human(c.key, "Attendance")
        ows = ("06:30", "Open Water Swim")
        volunteer.set_row(
            2, [f"{today:%-m/%-d}", *ows, "Hana Sato", "hana.sato@example.org", "cash"]
        )
        volunteer.set_row(3, [f"{before:%-m/%-d}", *ows, "Ana Lee", "ana.lee@example.org", "cash"])

        # -- 2. doctor with the config -------------------------------------------------------
        down = f"http://127.0.0.1:{closed_port()}"
        _fails(
            c.run("doctor", "--config", config, "--base-url", down),
            exit_codes.UNREACHABLE,
            "Cannot reach Wix (",
        )
        _fails(
            c.run("doctor", "--config", config, env={"WIX_API_KEY": "IST.not-this-key"}),
            exit_codes.UNREACHABLE,
            "Wix refused the API key or the site id (HTTP 401",
        )
        checked = c.run("doctor", "--config", config)
        assert checked.exit_code == 0, checked.output
        assert "book after a class starts" in checked.output
        assert "Remembered in" in checked.output

        # -- 3. plan ------------------------------------------------------------------------
        _fails(
            c.run("plan", "--config", str(c.variant("broken.toml", "[wix]", "[wix"))),
            exit_codes.CONFIG_UNUSABLE,
            "not valid TOML",
        )
        no_sheet = c.variant("no-sheet.toml", f"/d/{c.key}/", "/d/NoSuchSheet1234567890/")
        result = c.run("plan", "--config", str(no_sheet))
        assert result.exit_code == exit_codes.UNREACHABLE, result.output
        assert "Error: " in result.output
        planned = c.run("plan", "--config", config)
        assert planned.exit_code == 0, planned.output
        said = " ".join(planned.output.split())
        assert "Hana Sato" in said
        assert "Left alone: 1 row before the start date" in said
        assert "(row 3)" in said

        # -- 4. sync ------------------------------------------------------------------------
        wix_down = c.variant("wix-down.toml", f'base_url = "{c.wix_url}"', f'base_url = "{down}"')
        _fails(
            c.run("sync", "--once", "--config", str(wix_down)),
            exit_codes.UNREACHABLE,
            "Wix could not be reached",
        )
        synced = c.run("sync", "--once", "--config", config)
        assert synced.exit_code == 0, synced.output
        assert "2 rows: 1 synced · 1 unchanged" in synced.output
        grid = c.sheets.values(c.key, "Attendance")
        header = grid[0]
        assert grid[1][header.index("Booking ID")], "today's row is booked"
        assert (
            len(grid[2]) <= header.index("Booking ID") or not grid[2][header.index("Booking ID")]
        ), "the older row is left alone"
        assert [b["contactDetails"]["email"] for b in c.sandbox.site.bookings.values()].count(
            "hana.sato@example.org"
        ) == 1

        # -- 5. install.sh in a temporary root ------------------------------------------------
        tree = fresh_checkout(tmp_path / "checkout")
        env = offline_env(tmp_path)
        old = tmp_path / "old-python"
        old.mkdir()
        (old / "python3").write_text("#!/bin/sh\necho 3.10\n")
        (old / "python3").chmod(0o755)
        root = tmp_path / "root"
        refused = _bash(
            tree / "deploy" / "install.sh",
            {**env, "WIXSYNC_ROOT": str(root), "WIXSYNC_PYTHON": str(old / "python3")},
        )
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "wixsync needs Python 3.11 or newer" in refused.stderr
        assert "Traceback" not in refused.stdout + refused.stderr
        assert not root.exists()
        installed = _bash(tree / "deploy" / "install.sh", {**env, "WIXSYNC_ROOT": str(root)})
        said = installed.stdout + installed.stderr
        assert installed.returncode == 0, said
        assert f"installing the checkout {tree}" in said
        assert "Traceback" not in said
        etc = root / "etc" / "wixsync"
        assert 'state = "/var/lib/wixsync/state.sqlite3"' in (etc / "wixsync.toml").read_text()
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (etc, *etc.iterdir())}
        assert modes == {"wixsync": 0o750, "wixsync.toml": 0o640, "wixsync.env": 0o600}
        unit = root / "etc" / "systemd" / "system" / "wixsync.service"
        assert stat.S_IMODE(unit.stat().st_mode) == 0o644
        assert (root / "opt" / "wixsync" / "venv" / "bin" / "wixsync").is_file()

        # -- 6. status --json -----------------------------------------------------------------
        damaged = c.folder / "damaged" / "state.sqlite3"
        damaged.parent.mkdir()
        damaged.write_bytes(b"not a database" * 100)
        _fails(
            c.run(
                "status",
                "--json",
                "--config",
                str(c.variant("damaged.toml", "state/state.sqlite3", "damaged/state.sqlite3")),
            ),
            exit_codes.STATE_UNUSABLE,
            "is damaged or is not a wixsync state file",
        )
        status = c.run("status", "--json", "--config", config)
        assert status.exit_code == 0, status.output
        shape = json.loads(status.output)
        assert shape["version"]
        assert shape["schema"]
        assert shape["time_zone"] == ZONE
        assert shape["last_cycle"]["synced"] == 1
        assert shape["last_cycle"]["unchanged"] == 1
        assert shape["rows_waiting"] == []
