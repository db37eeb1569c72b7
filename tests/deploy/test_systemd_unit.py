"""The shipped systemd unit is valid (``systemd-analyze verify``), hardened (an exposure
score of 2.0 or below in ``systemd-analyze security``), and says what the README promises:
restart on failure but not on a state or config that a person must fix first, nor for ever;
a dedicated user, a private state directory, the journal. Tests that need ``systemd-analyze``
skip where it is missing (CI need not have systemd)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from sync import exit_codes

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
    # the one beside the interpreter running the tests first (a virtual environment's
    # bin/, not on PATH when it is not activated)
    installed = shutil.which("wixsync", path=str(Path(sys.executable).parent)) or shutil.which(
        "wixsync"
    )
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


#: the score issue 14 asks for (systemd calls 0–2 "OK"; the unit first scored 6.0)
MAX_EXPOSURE = 2.0
OVERALL = re.compile(r"Overall exposure level for \S+: (\d+(?:\.\d+)?) ")


def _exposure(unit: Path) -> float:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", "--no-pager", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    if "--offline" in result.stderr and result.returncode != 0:
        pytest.skip("this systemd-analyze has no --offline (systemd < 250)")
    found = OVERALL.search(result.stdout)
    assert found, result.stdout + result.stderr
    return float(found.group(1))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_unit_scores_2_or_below_in_systemd_analyze_security(tmp_path: Path) -> None:
    unit = tmp_path / "wixsync.service"
    unit.write_text(UNIT.read_text())
    score = _exposure(unit)
    assert score <= MAX_EXPOSURE, f"exposure {score} > {MAX_EXPOSURE}"
    # and the measure itself works: the unit without its hardening scores far worse
    bare = [
        line
        for line in UNIT.read_text().splitlines()
        if line.split("=", 1)[0] in {"[Unit]", "[Service]", "[Install]", "ExecStart", "User"}
    ]
    (tmp_path / "bare.service").write_text("\n".join(bare) + "\n")
    assert _exposure(tmp_path / "bare.service") > 5


def test_the_unit_does_not_restart_on_an_unusable_state_or_config() -> None:
    service = _unit()["Service"]
    codes = {int(code) for code in service["RestartPreventExitStatus"].split()}
    assert codes == set(exit_codes.NO_RESTART)
    assert codes == {exit_codes.STATE_UNUSABLE, exit_codes.CONFIG_UNUSABLE}
    assert exit_codes.STATE_UNUSABLE != exit_codes.CONFIG_UNUSABLE
    assert not codes & {0, 1}  # a plain failure is still restarted
    assert all(code < 200 for code in codes)  # systemd's own codes are 200 and up


def test_the_unit_stops_restarting_after_five_starts_in_15_minutes() -> None:
    unit = _unit()["Unit"]  # StartLimit… belong to [Unit] since systemd 229
    assert unit["StartLimitIntervalSec"] == "900"
    assert unit["StartLimitBurst"] == "5"
    assert "StartLimitIntervalSec" not in _unit()["Service"]


def test_the_unit_keeps_the_hardening_the_score_depends_on() -> None:
    """What the service must not lose (each is named in ``systemd-analyze security``)."""
    service = _unit()["Service"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "CapabilityBoundingSet": "",
        "PrivateUsers": "yes",
        "ProtectSystem": "strict",
        "PrivateDevices": "yes",
        "ProtectProc": "invisible",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "SystemCallArchitectures": "native",
    }.items():
        assert service[key] == value, key
    assert "@system-service" in UNIT.read_text()


def test_the_install_script_gives_config_and_key_to_root_wixsync_0640() -> None:
    """The service reads its config and key through its group and cannot change them. (The
    modes are checked by running the script in a temporary root, tests/deploy/
    test_install_script.py; the owners only exist on a real system, so they are read here.)"""
    script = (UNIT.parent / "install.sh").read_text()
    assert 'install -d -m 0750 -o root -g wixsync "$etc"' in script
    assert 'for secret in "$etc/wixsync.toml" "$etc/service-account.json"' in script
    assert 'if owned; then chown root:wixsync "$secret"; fi' in script
    assert "chmod 0640" in script
    assert "-o wixsync" not in script  # nothing in /etc/wixsync belongs to the service
    assert 'if owned; then chown root:root "$etc/wixsync.env"; fi' in script
    assert "useradd --system" in script


def test_the_install_script_installs_the_pinned_versions() -> None:
    script = (UNIT.parent / "install.sh").read_text()
    assert '"$venv/bin/pip" install --quiet --constraint "$SRC/constraints.txt" "$from"' in script
    assert (UNIT.parents[1] / "constraints.txt").is_file()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_install_script_parses() -> None:
    result = subprocess.run(
        ["bash", "-n", str(UNIT.parent / "install.sh")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
