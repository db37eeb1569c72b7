"""``wixsync init`` through the CLI, with a service-account key file, against the fake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, fake_service_account_info
from tests.sheet.conftest import rows


def _key_file(tmp_path: Path, server: FakeSheetsServer) -> Path:
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(fake_service_account_info(server.token_uri)))
    path.chmod(0o600)
    return path


def test_init_command_prepares_then_says_nothing_changed(
    fake: FakeSheets, server: FakeSheetsServer, tmp_path: Path
) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(2)})
    args = [
        "init",
        "--sheet",
        f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0",
        "--credentials",
        str(_key_file(tmp_path, server)),
        "--class",
        "Open Water Swim",
        "--sheets-api-url",
        server.url,
    ]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "Attended checkbox" in first.output
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "nothing changed" in second.output


def test_init_warns_about_a_readable_key_file(
    fake: FakeSheets, server: FakeSheetsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(1)})
    path = _key_file(tmp_path, server)
    path.chmod(0o644)
    result = CliRunner().invoke(
        main, ["init", "--sheet", key, "--credentials", str(path), "--sheets-api-url", server.url]
    )
    assert result.exit_code == 0, result.output
    assert any("chmod 600" in r.getMessage() for r in caplog.records)
