"""The daemon loop: one instance per state file, clean stop on a signal, back-off that is
announced once per outage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from sync.daemon import Daemon
from sync.engine.cycle import CycleReport
from sync.flows import RowOutcome
from sync.lock import AlreadyRunning, state_lock
from sync.wix import NotSent


def test_a_second_instance_on_the_same_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    with (
        state_lock(state),
        pytest.raises(AlreadyRunning, match="already running"),
        state_lock(state),
    ):
        pass


def test_an_outage_is_announced_once_and_backs_off(tmp_path: Path) -> None:
    said: list[str] = []
    now = [0.0]
    calls = [0]

    def cycle() -> CycleReport:
        calls[0] += 1
        if now[0] < 300:  # Wix unreachable for the first five minutes
            raise NotSent("POST", "/x", "ConnectionRefused")
        return CycleReport()

    daemon = Daemon(
        cycle, poll_seconds=15, state_path=tmp_path / "s", say=said.append, clock=lambda: now[0]
    )
    while now[0] < 300:
        daemon.tick()
        now[0] += 15
    assert calls[0] <= 5, "backed off instead of trying every 15 s (20 ticks)"
    for _ in range(50):
        daemon.tick()
        now[0] += 15
    assert sum("cannot sync" in s for s in said) == 1
    assert sum("reachable again" in s for s in said) == 1


def test_every_row_failing_for_wix_counts_as_an_outage(tmp_path: Path) -> None:
    report = CycleReport(outcomes={"r1": RowOutcome("r1", None, None, "", "Could not reach", True)})
    said: list[str] = []
    daemon = Daemon(lambda: report, poll_seconds=15, state_path=tmp_path / "s", say=said.append)
    daemon.tick()
    daemon.tick()
    assert [s for s in said if "cannot sync" in s] == [
        "cannot sync (Could not reach); will keep retrying, backing off up to 10 minutes"
    ]


def test_run_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert CliRunner().invoke(main, ["demo"]).exit_code == 0
    finally:
        os.chdir(cwd)
    config = tmp_path / "wixsync-demo" / "wixsync.toml"
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.cli", "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lock = config.parent / "state" / "state.sqlite3.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the daemon holds its lock (start-up is slow
        if lock.exists() and lock.read_text().strip() == str(process.pid):  # on a busy box)
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the daemon never took its lock")
    second = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "stopped" in output
    assert second.exit_code != 0
    assert "already running" in second.output
