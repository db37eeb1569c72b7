"""The README's Quickstart, followed literally on a fresh checkout.

A fresh checkout is the files ``git`` would carry — tracked files and new ones it does not
ignore, as they are in the working tree now — copied to an empty folder: no build output, no
``*.egg-info``, no ``node_modules``, no state. (A ``git clone`` of HEAD would leave out the
edits not committed yet, so a developer would test the README of the last commit; in CI the
two are the same.) A new virtual environment sees the machine's packages
(``--system-site-packages``, so nothing is downloaded but the build backend when it is not
cached) and comes first on ``PATH``; ``python3 -m pip`` there is the machine's pip, which
installs into that environment. The Quickstart's first command block is read from the README
and run as written, by ``sh``, in the copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.messages import ROOT, section


def _blocks(text: str, language: str) -> list[str]:
    return [b.strip() for b in re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)]


def _fresh_checkout(target: Path) -> Path:
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


@pytest.mark.timeout(600)
def test_the_quickstart_runs_as_written_on_a_fresh_checkout(tmp_path: Path) -> None:
    tree = _fresh_checkout(tmp_path / "wixsync")
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "COLUMNS": "100",
    }
    first = _blocks(section("Quickstart"), "sh")[0]
    result = subprocess.run(
        ["sh", "-c", first], cwd=tree, env=env, capture_output=True, text=True, timeout=540
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    # the environment's `wixsync` is the copy's (asked from elsewhere, so not found by cwd)
    assert "Successfully installed wixsync" in output, output[-3000:]
    where = subprocess.run(
        ["python3", "-c", "import sync; print(sync.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert Path(where.strip()).is_relative_to(tree), where
    assert (tree / "wixsync-demo" / "attendance.xlsx").is_file()
    # and it showed the demo's tables, as "A real session" shows them
    session = _blocks(section("A real session"), "text")[0].splitlines()
    assert session[0] == "$ wixsync demo"
    assert session[1] in result.stdout
    for title in ("The sheet after one cycle", "What Wix now holds for today's session"):
        assert title in result.stdout
        assert any(title in line for line in session), title
    assert re.search(
        r"29 rows: \d+ synced · 7 wait for a person \(see Error\); \d+ Wix calls", result.stdout
    ), result.stdout[-2000:]


def test_the_second_command_is_the_line_ci_runs() -> None:
    second = _blocks(section("Quickstart"), "sh")[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [second]
