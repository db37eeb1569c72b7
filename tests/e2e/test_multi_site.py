"""One process, several sites: a config file listing ``sites`` runs each site's own sheet,
Wix, state and rate budget side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sync.cli import main
from sync.config import ConfigError, load_sites


def _demo(folder: Path) -> Path:
    folder.mkdir()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert CliRunner().invoke(main, ["demo"]).exit_code == 0
    finally:
        os.chdir(cwd)
    return folder / "wixsync-demo" / "wixsync.toml"


def _booked(config: Path) -> int:
    sheet = load_workbook(config.parent / "attendance.xlsx").worksheets[0]
    header = [c.value for c in next(sheet.rows)]
    col = header.index("Booking ID")
    return sum(1 for r in list(sheet.rows)[1:] if r[col].value)


def test_one_process_serves_two_sites(tmp_path: Path) -> None:
    a, b = _demo(tmp_path / "club-a"), _demo(tmp_path / "club-b")
    # a volunteer adds a walk-in to each club's sheet after the demo
    for config, who in ((a, "Wen Li"), (b, "Yara Haddad")):
        book = load_workbook(config.parent / "attendance.xlsx")
        sheet = book.worksheets[0]
        last = [c.value for c in list(sheet.rows)[1]]
        sheet.append([*last[:3], f"{who} Two", f"{who.split()[0].lower()}.two@example.org",
                      "cash", "", "x"])  # fmt: skip
        book.save(config.parent / "attendance.xlsx")
    before = (_booked(a), _booked(b))
    sites = tmp_path / "sites.toml"
    sites.write_text(
        'sites = ["club-a/wixsync-demo/wixsync.toml", "club-b/wixsync-demo/wixsync.toml"]\n'
    )
    assert [n for n, _ in load_sites(sites)] == [
        "club-a/wixsync-demo/wixsync",
        "club-b/wixsync-demo/wixsync",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.cli", "run", "--config", str(sites)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (_booked(a), _booked(b)) == before:
        time.sleep(0.3)
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert (_booked(a), _booked(b)) == (before[0] + 1, before[1] + 1), output
    assert "[club-a/wixsync-demo/wixsync] started" in output
    assert "[club-b/wixsync-demo/wixsync] stopped" in output


def test_two_sites_may_not_share_a_state_file(tmp_path: Path) -> None:
    a = _demo(tmp_path / "club-a")
    sites = tmp_path / "sites.toml"
    sites.write_text('sites = ["club-a/wixsync-demo/wixsync.toml", "copy.toml"]\n')
    copy = tmp_path / "copy.toml"
    copy.write_text(
        a.read_text()
        .replace('file = "', 'file = "club-a/wixsync-demo/')
        .replace('state = "', 'state = "club-a/wixsync-demo/')
    )
    with pytest.raises(ConfigError, match="share the state file"):
        load_sites(sites)


def test_a_sites_file_holds_only_sites(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('sites = ["a.toml"]\n[daemon]\npoll_seconds = 5\n')
    with pytest.raises(ConfigError, match="holds only `sites`"):
        load_sites(sites)
