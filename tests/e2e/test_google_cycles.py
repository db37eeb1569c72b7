"""The whole product path: CLI → engine → real gspread against the fake Google Sheet, and the
Wix client against the local Wix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sync import exit_codes
from sync.cli import main
from sync.demo import SETTLE_CYCLES, demo_rows
from sync.sandbox.persist import load
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.fakes.sheets import fake_service_account_info as service_account


@pytest.fixture
def sheets() -> Iterator[tuple[FakeSheets, FakeSheetsServer]]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        yield fake, server


def _config(tmp_path: Path, server: FakeSheetsServer, key: str) -> Path:
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account(server.token_uri)))
    credentials.chmod(0o600)
    config = tmp_path / "wixsync.toml"
    config.write_text(
        f'[sheet]\ngoogle = "{key}"\ncredentials = "sa.json"\n'
        f'api_url = "{server.url}"\n\n[wix]\nsandbox = true\n'
        'time_zone = "America/Denver"\n\n[daemon]\nstate = "state/state.sqlite3"\n'
    )
    return config


def _when() -> str:
    """The demo's session as its Status names it ("Mon 15 Jun 06:30")."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from sync.words import session_when

    return session_when(datetime.now(ZoneInfo("America/Denver")).date(), time(6, 30))


def _sync(config: Path, code: int = exit_codes.ROWS_WAIT) -> str:
    result = CliRunner().invoke(
        main, ["sync", "--once", "--config", str(config)], env={"COLUMNS": "200"}
    )
    # the demo's sheet keeps 7 rows with typing mistakes: they wait for a person (exit 3)
    assert result.exit_code == code, result.output
    return result.output


def test_a_class_on_a_google_sheet_is_synced_then_idle(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    fake, server = sheets
    today = datetime.now(ZoneInfo("America/Denver")).strftime("%-m/%-d")
    key = fake.create_spreadsheet({"Attendance": demo_rows(today)})
    config = _config(tmp_path, server, key)
    _sync(config)
    grid = fake.values(key, "Attendance")
    header = grid[0]
    ivan = dict(zip(header, grid[7], strict=False))
    assert ivan["Status"] == f"Booked · {_when()} · paid cash · checked in"
    assert ivan["Booking ID"]
    assert set(fake.counts().value_input_options) == {"RAW"}
    # Wix settles the plan rows' charges later: a bounded number of cycles reads them settled
    for _ in range(SETTLE_CYCLES):
        if "plan charge pending" not in _sync(config):
            break
    assert "plan charge pending" not in "".join(map(str, fake.values(key, "Attendance")))
    wix_before = load(tmp_path / "state" / "sandbox.json").site.dump()
    assert "Nothing to do" in _sync(config)
    # the daemon keeps the worksheet open: each idle cycle is then one read, no write
    from sync.config import load_config
    from sync.runtime import open_runtime, settings_from_config

    with open_runtime(settings_from_config(load_config(config))) as runtime:
        runtime.engine.run_cycle()
        before = fake.counts()
        runtime.engine.run_cycle()
        after = fake.counts()
    assert (after.reads - before.reads, after.writes - before.writes) == (1, 0)
    wix_after = load(tmp_path / "state" / "sandbox.json").site.dump()
    assert wix_after["bookings"] == wix_before["bookings"]
    assert wix_after["payments"] == wix_before["payments"]


def test_a_volunteer_sorting_the_sheet_between_cycles_keeps_each_rows_ids(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    fake, server = sheets
    today = datetime.now(ZoneInfo("America/Denver")).strftime("%-m/%-d")
    key = fake.create_spreadsheet({"Attendance": demo_rows(today)[:12]})
    config = _config(tmp_path, server, key)
    _sync(config)
    ids = {line[3]: line[8] for line in fake.values(key, "Attendance")[1:]}
    fake.human(key, "Attendance").sort("Email", descending=True)
    fake.human(key, "Attendance").set_cell("F9", "cash")  # someone pays now
    _sync(config)
    for line in fake.values(key, "Attendance")[1:]:
        if ids[line[3]]:
            assert line[8] == ids[line[3]], f"{line[3]}: booking id moved"
