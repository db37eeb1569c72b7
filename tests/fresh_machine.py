"""What the setup tests (tests/docs, tests/deploy, tests/walk) start from: a fresh copy of
the checkout, and an environment in which installing wixsync downloads nothing but the build
backend (when pip has not cached it).

A fresh copy is the files ``git`` would carry — tracked files and new ones it does not
ignore, as they are in the working tree now — copied to an empty folder: no build output, no
``*.egg-info``, no ``node_modules``, no state, no ``.venv``. (A ``git clone`` of HEAD would
leave out the edits not committed yet; in CI the two are the same.)

In the environment, the machine's installed packages stand in for the package index:
``PYTHONPATH`` points at a folder of links to them, without wixsync itself, pip and setuptools,
so pip finds each dependency already satisfied and what gets installed is the copy. ``python3``
on ``PATH`` is the interpreter running the tests, so those packages fit it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: what the stand-in for the index leaves out: wixsync (the copy is installed instead), and
#: the tools a new virtual environment brings along
_NOT_STANDING_IN = ("wixsync", "__editable__", "sync", "pip", "setuptools", "_distutils_hack")


def fresh_checkout(target: Path) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to copy a fresh checkout from")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def installed_packages(target: Path) -> Path:
    """A folder of links to the packages installed for this interpreter, wixsync aside."""
    target.mkdir()
    for where in dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")):
        for entry in Path(where).iterdir():
            name = entry.name.lower()
            if name.endswith(".pth") or name.startswith(_NOT_STANDING_IN):
                continue
            if not (target / entry.name).exists():
                (target / entry.name).symlink_to(entry)
    return target


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment a setup command runs in (see the module's docstring)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python3").exists():
        (bin_dir / "python3").symlink_to(sys.executable)
    packages = tmp_path / "installed"
    if not packages.exists():
        installed_packages(packages)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(packages),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return env | extra
