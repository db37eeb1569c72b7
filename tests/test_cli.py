"""The command line: every command has help with an example and is documented in the README;
``wixsync sandbox`` prints its start-up line and serves the seed; it refuses non-loopback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest
import requests
from click.testing import CliRunner

from sync.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"wixsync {name}" in (ROOT / "README.md").read_text("utf-8")


def test_sandbox_refuses_a_public_address() -> None:
    result = CliRunner().invoke(main, ["sandbox", "--host", "0.0.0.0", "--port", "0"])  # noqa: S104
    assert result.exit_code != 0
    assert "loopback" in result.output


def test_sandbox_command_prints_url_site_and_keys_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.cli", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.match(r"wixsync sandbox listening on (http://127\.0\.0\.1:\d+)$", first.strip())
        assert match, first
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("site: ")
        assert " id: " in lines[0]
        assert lines[1].startswith("api key sync: IST.")
        assert lines[2].startswith("api key no-payments: IST.")
        info = requests.get(f"{match.group(1)}/_sandbox/info", timeout=5).json()
        assert info["siteId"] in lines[0]
        assert [s["name"] for s in info["services"]] == ["Open Water Swim", "Masters Swim"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_sandbox_stops_on_a_signal_while_serving(sig: signal.Signals) -> None:
    """SIGTERM (a service manager) and SIGINT (Ctrl+C) end the serving loop the same way,
    at once, with exit 0, even right after a request."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.cli", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.match(r"wixsync sandbox listening on (http://127\.0\.0\.1:\d+)$", first.strip())
        assert match, first
        requests.get(f"{match.group(1)}/_sandbox/info", timeout=5).raise_for_status()
    finally:
        process.send_signal(sig)
        out, _ = process.communicate(timeout=10)
    assert process.returncode == 0, out
    assert out.rstrip().endswith("sandbox stopped"), out


def test_version_option() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "wixsync" in result.output


def test_commands_are_click_commands() -> None:
    assert all(isinstance(cmd, click.Command) for cmd in main.commands.values())
