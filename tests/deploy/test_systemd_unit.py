"""The shipped systemd unit is valid (``systemd-analyze verify``) and says what the README
promises: restart on failure, a dedicated user, a private state directory, the journal."""

from __future__ import annotations

import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "deploy" / "wixsync.service"


def _unit() -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT)
    return parser


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    """``verify`` checks that ExecStart exists: the unit is checked with the path of the
    ``wixsync`` installed here instead of /opt/wixsync/venv/bin/wixsync, nothing else."""
    installed = shutil.which("wixsync")
    if installed is None:
        pytest.skip("wixsync is not installed on PATH")
    text = UNIT.read_text().replace("/opt/wixsync/venv/bin/wixsync", installed)
    unit = tmp_path / "wixsync.service"
    unit.write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "wixsync.service" not in result.stderr, result.stderr  # no warning about the unit


def test_the_unit_restarts_runs_as_its_own_user_and_keeps_state_private() -> None:
    service = _unit()["Service"]
    assert service["Restart"] == "on-failure"
    assert service["User"] == "wixsync"
    assert service["StateDirectory"] == "wixsync"
    assert service["StateDirectoryMode"] == "0700"
    assert service["UMask"] == "0077"
    assert service["StandardOutput"] == "journal"
    assert service["KillSignal"] == "SIGTERM"
    assert service["ExecStart"].endswith("run --config /etc/wixsync/wixsync.toml")


def test_the_install_script_makes_the_config_folder_0700_and_files_0600() -> None:
    script = (UNIT.parent / "install.sh").read_text()
    assert "install -d -m 0700 -o wixsync -g wixsync /etc/wixsync" in script
    assert "-m 0600" in script
    assert "useradd --system" in script
