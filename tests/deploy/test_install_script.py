"""``deploy/install.sh`` run for real in a temporary root (``WIXSYNC_ROOT``): it checks the
Python version, venv support and where it was started from before it changes anything, and
installs an unpacked release from its wheel, with the pinned versions (with ``--slow``). The
walk test, ``tests/walk``, installs a checkout the same way on every run."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.fresh_machine import ROOT, fresh_checkout, offline_env

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")


def _install(script: Path, root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(script)],
        env={**env, "WIXSYNC_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _fake_python(folder: Path, body: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    fake = folder / "python3"
    fake.write_text(f"#!/bin/sh\n{body}\n")
    fake.chmod(0o755)
    return str(fake)


@pytest.mark.slow  # a wheel built and a virtual environment made: ~45 s (the walk test
# installs a checkout the same way on every run)
@pytest.mark.timeout(300)
def test_an_unpacked_release_installs_from_its_wheel_with_the_pinned_versions(
    tmp_path: Path,
) -> None:
    tree = fresh_checkout(tmp_path / "checkout")
    env = offline_env(tmp_path)
    made = subprocess.run(
        ["bash", str(tree / "deploy" / "make-release.sh")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    (release,) = (tree / "dist").glob("wixsync-*.tar.gz")
    unpacked = tmp_path / "vm"
    unpacked.mkdir()
    subprocess.run(["tar", "xzf", str(release), "-C", str(unpacked)], check=True)
    (folder,) = unpacked.iterdir()
    assert not (folder / "pyproject.toml").exists(), "a release is not a checkout"
    root = tmp_path / "root"
    result = _install(folder / "deploy" / "install.sh", root, env)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "installing the release wixsync-0.1.0-py3-none-any.whl" in said
    assert "installed wixsync, version 0.1.0: edit" in said
    assert "Traceback" not in said
    (dist_info,) = (root / "opt" / "wixsync" / "venv" / "lib").glob(
        "python3.*/site-packages/wixsync-0.1.0.dist-info"
    )
    origin = json.loads((dist_info / "direct_url.json").read_text())
    assert origin["url"].endswith("wixsync-0.1.0-py3-none-any.whl")
    etc = root / "etc" / "wixsync"
    assert _mode(etc) == 0o750
    assert _mode(etc / "wixsync.toml") == 0o640
    assert 'state = "/var/lib/wixsync/state.sqlite3"' in (etc / "wixsync.toml").read_text()
    assert _mode(etc / "wixsync.env") == 0o600
    unit = root / "etc" / "systemd" / "system" / "wixsync.service"
    assert unit.read_text() == (ROOT / "deploy" / "wixsync.service").read_text()
    assert _mode(unit) == 0o644


@pytest.mark.parametrize(
    ("python", "said", "fix"),
    [
        ("echo 3.9", "wixsync needs Python 3.11 or newer; {python} is Python 3.9.", "python3.11"),
        (
            'case "$*" in *ensurepip*) exit 1;; *) echo 3.11;; esac',
            "Python 3.11 cannot make a virtual environment here",
            "sudo apt install python3-venv    (or python3.11-venv)",
        ),
        ("exit 127", "{python} does not run.", "sudo apt install --reinstall python3"),
    ],
    ids=["python too old", "no venv module", "python broken"],
)
def test_a_python_that_cannot_run_wixsync_is_said_before_anything_changes(
    tmp_path: Path, python: str, said: str, fix: str
) -> None:
    fake = _fake_python(tmp_path / "bin", python)
    root = tmp_path / "root"
    result = _install(
        ROOT / "deploy" / "install.sh", root, {"WIXSYNC_PYTHON": fake, "PATH": "/usr/bin:/bin"}
    )
    assert result.returncode == 1
    assert said.format(python=fake) in result.stderr
    assert fix in result.stderr
    assert not root.exists(), "nothing is made before the checks pass"


def test_an_install_script_away_from_a_checkout_or_release_says_so(tmp_path: Path) -> None:
    alone = tmp_path / "x" / "deploy"
    alone.mkdir(parents=True)
    shutil.copy2(ROOT / "deploy" / "install.sh", alone / "install.sh")
    for name in ("constraints.txt", "wixsync.example.toml"):
        shutil.copy2(ROOT / name, alone.parent / name)
    shutil.copy2(ROOT / "deploy" / "wixsync.service", alone / "wixsync.service")
    root = tmp_path / "root"
    result = _install(alone / "install.sh", root, offline_env(tmp_path))
    assert result.returncode == 1
    assert "run it from a wixsync checkout or an unpacked release" in result.stderr
    assert not root.exists()
    (alone / "wixsync.service").unlink()
    missing = _install(alone / "install.sh", root, offline_env(tmp_path))
    assert "deploy/wixsync.service is missing" in missing.stderr
