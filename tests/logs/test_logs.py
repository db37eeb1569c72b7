"""The daemon's log: one logfmt line per event, emails masked by default, the file 0600."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from sync.logs import mask_emails, setup_logging

LINE = re.compile(r'^at=\S+Z level=(debug|info|warning|error) logger=wixsync[.\w]* msg=".*"$')


def test_emails_are_masked() -> None:
    assert mask_emails("Ana <ana.lee@example.org>, b@x.io") == "Ana <a***@example.org>, b***@x.io"


@pytest.mark.usefixtures("restore_logging")
def test_a_log_file_is_0600_one_line_per_event_and_masks_emails(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        setup_logging(tmp_path / "logs" / "wixsync.log")
    finally:
        os.umask(old)
    log = logging.getLogger("wixsync.test")
    log.info('row 3: zoe.quinn@example.org\nsays "hi"')
    try:
        raise ValueError("bad ana.lee@example.org")
    except ValueError:
        log.exception("phase failed")
    path = tmp_path / "logs" / "wixsync.log"
    assert path.stat().st_mode & 0o777 == 0o600
    lines = path.read_text().splitlines()
    assert len(lines) == 2
    assert all(LINE.match(line) for line in lines), lines
    assert "z***@example.org" in lines[0]
    assert "example.org" in lines[1]
    assert "zoe.quinn" not in path.read_text()
    assert "ana.lee" not in path.read_text()


@pytest.mark.usefixtures("restore_logging")
def test_full_emails_when_the_owner_asks(tmp_path: Path) -> None:
    setup_logging(tmp_path / "w.log", emails="full")
    logging.getLogger("wixsync.test").warning("ana.lee@example.org")
    assert "ana.lee@example.org" in (tmp_path / "w.log").read_text()


def test_wixsync_run_logs_structured_lines_to_the_configured_file(tmp_path: Path) -> None:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert CliRunner().invoke(main, ["demo"]).exit_code == 0
    finally:
        os.chdir(cwd)
    folder = tmp_path / "wixsync-demo"
    config = folder / "wixsync.toml"
    config.write_text(config.read_text().replace("[daemon]\n", '[daemon]\nlog = "run.log"\n'))
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.cli", "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    log = folder / "run.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "started" not in (
        log.read_text() if log.exists() else ""
    ):
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    lines = log.read_text().splitlines()
    assert lines, "nothing logged"
    assert all(LINE.match(line) for line in lines), lines
    assert any("stopped" in line for line in lines)
    assert log.stat().st_mode & 0o777 == 0o600
