"""``wixsync init --config``: an empty sheet gets its header row and the phone formatting —
Google (the fake Sheets API, driven by the real gspread) and a local file — and the config
file gets the start date, once."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sync.cli import main
from sync.config.edit import ConfigNotEdited, set_start_date
from sync.sheet.columns import DEFAULT_COLUMNS
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, fake_service_account_info

HEADERS = [c.header for c in DEFAULT_COLUMNS]
WIX = '[wix]\nsite_id = "5ae1c0de-0b5e-4a11-9c1a-5a0d0b0e5a11"\ntime_zone = "Europe/Berlin"\n'


def _google_config(tmp_path: Path, server: FakeSheetsServer, key: str) -> Path:
    secret = tmp_path / "service-account.json"
    secret.write_text(json.dumps(fake_service_account_info(server.token_uri)))
    secret.chmod(0o600)
    config = tmp_path / "wixsync.toml"
    config.write_text(
        "# the club's config\n[sheet]\n"
        f'google = "https://docs.google.com/spreadsheets/d/{key}/edit"\n'
        f'credentials = "service-account.json"  # the key\napi_url = "{server.url}"\n\n'
        f'[classes]\n"Open Water Swim" = "Open Water Swim"\n\n{WIX}',
        encoding="utf-8",
    )
    return config


def _init(*args: str) -> str:
    result = CliRunner().invoke(main, ["init", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _start(config: Path) -> date:
    return tomllib.loads(config.read_text(encoding="utf-8"))["sheet"]["start_date"]


def test_init_on_an_empty_google_sheet_writes_the_header_the_formatting_and_the_start_date(
    fake: FakeSheets, server: FakeSheetsServer, tmp_path: Path
) -> None:
    key = fake.create_spreadsheet({"Attendance": []})
    config = _google_config(tmp_path, server, key)
    said = _init("--config", str(config))
    assert fake.values(key, "Attendance") == [HEADERS]
    assert "wrote the header row (14 columns: Date, Time, … Row ID)" in said
    sheet = fake.describe(key)["sheets"][0]
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert len(sheet["protectedRanges"]) == 6  # the daemon's columns, with a warning
    lists = {
        tuple(x["userEnteredValue"] for x in v["condition"].get("values", []))
        for v in sheet["validations"].values()
    }
    assert lists == {(), ("cash", "plan", "unpaid", "cancel"), ("Open Water Swim",)}
    assert sheet["dimensionProperties"]["COLUMNS"]["13"]["hiddenByUser"] is True
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()  # the club's today
    assert _start(config) == today
    assert f"start date {today:%a} {today.day} {today:%b %Y} (in wixsync.toml)" in said
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# the club's config\n")  # comments kept
    assert "# the key\n" in text
    again = _init("--config", str(config))
    assert "is already prepared: nothing changed" in again
    assert "(kept; --start-date changes it)" in again
    assert _start(config) == today


def test_init_on_a_new_local_xlsx_creates_it_with_header_dropdowns_and_start_date(
    tmp_path: Path,
) -> None:
    config = tmp_path / "wixsync.toml"
    config.write_text(f'[sheet]\nfile = "attendance.xlsx"\n\n{WIX}', encoding="utf-8")
    said = _init("--config", str(config), "--start-date", "2026-12-02", "--class", "Masters")
    assert "Attended dropdown (x, no: a file has no checkbox)" in said
    book = load_workbook(tmp_path / "attendance.xlsx")
    tab = book.worksheets[0]
    assert [c.value for c in next(tab.iter_rows(max_row=1))] == HEADERS
    assert tab.freeze_panes == "A2"
    lists = book["wixsync lists"]
    assert lists.sheet_state == "hidden"
    columns = {str(v.sqref).split(":")[0] for v in tab.data_validations.dataValidation}
    assert columns == {"F2", "C2", "H2"}  # Payment, Class, Attended
    assert [lists.cell(row=r, column=1).value for r in range(1, 5)] == [
        "cash",
        "plan",
        "unpaid",
        "cancel",
    ]
    assert tab.column_dimensions["N"].hidden
    assert _start(config) == date(2026, 12, 2)
    assert "is already prepared: nothing changed" in _init(
        "--config", str(config), "--class", "Masters"
    )


def test_init_on_an_empty_csv_writes_the_header_only(tmp_path: Path) -> None:
    (tmp_path / "attendance.csv").write_text("", encoding="utf-8")
    config = tmp_path / "wixsync.toml"
    config.write_text(f'[sheet]\nfile = "attendance.csv"\n\n{WIX}', encoding="utf-8")
    said = _init("--config", str(config))
    assert (tmp_path / "attendance.csv").read_text(encoding="utf-8") == ",".join(HEADERS) + "\n"
    assert "dropdown" not in said


def test_init_keeps_a_start_date_already_set_unless_told(tmp_path: Path) -> None:
    config = tmp_path / "wixsync.toml"
    config.write_text(
        f'[sheet]\nfile = "a.csv"\nstart_date = 2026-11-01\n\n{WIX}', encoding="utf-8"
    )
    _init("--config", str(config))
    assert _start(config) == date(2026, 11, 1)
    _init("--config", str(config), "--start-date", "2026-12-24")
    assert _start(config) == date(2026, 12, 24)
    assert config.read_text(encoding="utf-8").count("start_date") == 1


def test_init_without_a_config_file_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "--config", str(tmp_path / "wixsync.toml")])
    assert result.exit_code == 78  # the config cannot be used, as for every command
    assert "no such file; copy wixsync.example.toml" in result.output
    assert "Traceback" not in result.output


def test_a_start_date_that_is_not_a_date_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "--start-date", "next week"])
    assert result.exit_code == 2
    assert "'next week' is not a date: write it like 2026-12-02" in result.output


def test_the_start_date_line_goes_after_the_last_key_of_the_sheet_section(tmp_path: Path) -> None:
    config = tmp_path / "wixsync.toml"
    config.write_text(
        '[sheet]\nfile = "a.csv"\n# worksheet = "x"\n\n[wix]\ntime_zone = "UTC"\n',
        encoding="utf-8",
    )
    config.chmod(0o640)
    set_start_date(config, date(2026, 12, 2))
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("start_date = 2026-12-02")
    assert lines[3] == '# worksheet = "x"'
    assert config.stat().st_mode & 0o777 == 0o640


def test_a_config_without_a_sheet_section_is_not_edited(tmp_path: Path) -> None:
    config = tmp_path / "wixsync.toml"
    config.write_text('sites = ["a.toml"]\n', encoding="utf-8")
    with pytest.raises(ConfigNotEdited, match=r"add `start_date = 2026-12-02` under \[sheet\]"):
        set_start_date(config, date(2026, 12, 2))
    assert config.read_text(encoding="utf-8") == 'sites = ["a.toml"]\n'


def test_the_examples_commented_start_date_is_the_line_init_sets(tmp_path: Path) -> None:
    config = tmp_path / "wixsync.toml"
    example = (Path(__file__).resolve().parents[2] / "wixsync.example.toml").read_text()
    config.write_text(example, encoding="utf-8")
    set_start_date(config, date(2026, 12, 2))
    text = config.read_text(encoding="utf-8")
    assert "# start_date = 2026-12-01" not in text
    assert text.count("start_date = 2026-12-02") == 1
    assert len(text.splitlines()) == len(example.splitlines())
    assert tomllib.loads(text)["sheet"]["start_date"] == date(2026, 12, 2)
