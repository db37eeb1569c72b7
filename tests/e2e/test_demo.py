"""``wixsync demo`` as a newcomer meets it: it fits an 80-column terminal, a second run keeps
the folder and the edits made in it (``--reset`` starts afresh), and the folder it writes in a
checkout is git-ignored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sync.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _status_of(folder: Path, name: str) -> str:
    sheet = load_workbook(folder / "attendance.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Status")
    return next(str(r[column] or "") for r in rows[1:] if r[3] == name)


def _set(folder: Path, name: str, header: str, value: str) -> None:
    book = load_workbook(folder / "attendance.xlsx")
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index(header)
    for row in sheet.iter_rows(min_row=2):
        if row[3].value == name:
            row[column].value = value
    book.save(folder / "attendance.xlsx")


def test_the_demo_fits_80_columns_and_keeps_its_folder_unless_reset(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LINES",)}
    env |= {"COLUMNS": "80", "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "sync.cli", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 70, result.stdout
    assert max(len(line.rstrip()) for line in lines) <= 80, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "29 rows: 22 synced · 7 wait for a person (see Error)" in result.stdout
    folder = tmp_path / "wixsync-demo"
    assert "owes 15.00" in _status_of(folder, "Jade Kim")

    _set(folder, "Jade Kim", "Payment", "cash")  # the edit the demo suggests
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        again = CliRunner().invoke(main, ["demo"], env={"COLUMNS": "80"})
        assert again.exit_code == 0, again.output
        first = again.output.splitlines()[0]
        assert first == "Kept wixsync-demo/ as you left it; `wixsync demo --reset` starts afresh."
        assert "paid cash" in _status_of(folder, "Jade Kim"), "the edit was synced, not wiped"
        fresh = CliRunner().invoke(main, ["demo", "--reset"], env={"COLUMNS": "80"})
        assert fresh.exit_code == 0, fresh.output
        assert "Kept" not in fresh.output
        assert "owes 15.00" in _status_of(folder, "Jade Kim")
    finally:
        os.chdir(cwd)


def test_the_demo_folder_is_git_ignored_in_a_checkout() -> None:
    assert "/wixsync-demo/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "check-ignore", "-q", "wixsync-demo/attendance.xlsx"], cwd=ROOT, check=False
    )
    assert result.returncode == 0


def test_a_quiet_demo_prints_only_its_line_of_counts_and_a_very_quiet_one_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "-q"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    assert line.startswith("29 rows: 22 synced · 7 wait for a person (see Error); "), line
    assert line.endswith(" Wix calls."), line
    assert "owes 15.00" in _status_of(tmp_path / "wixsync-demo", "Jade Kim")  # it did sync
    result = CliRunner().invoke(main, ["-qq", "demo"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.output == ""
