"""The README's Quickstart, followed literally on a fresh checkout.

The Quickstart's first command block is read from the README and run as written, by ``sh``,
in a fresh copy of the checkout (:mod:`tests.fresh_machine`): it makes its own virtual
environment (``python3 -m venv .venv``, the step a stock Debian 12 or Ubuntu 24.04 needs,
where the system's pip refuses to install: ``externally-managed-environment``) and installs
into it, with the machine's installed packages standing in for the package index.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.docs.messages import ROOT, section
from tests.fresh_machine import fresh_checkout, offline_env


def _blocks(text: str, language: str) -> list[str]:
    return [b.strip() for b in re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)]


@pytest.mark.timeout(600)
def test_the_quickstart_runs_as_written_on_a_fresh_checkout(tmp_path: Path) -> None:
    tree = fresh_checkout(tmp_path / "wixsync")
    env = offline_env(tmp_path, COLUMNS="80")
    first = _blocks(section("Quickstart"), "sh")[0]
    assert first.startswith("python3 -m venv .venv && "), first
    result = subprocess.run(
        ["sh", "-c", first], cwd=tree, env=env, capture_output=True, text=True, timeout=540
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Successfully installed wixsync" in output, output[-3000:]
    assert (tree / ".venv" / "bin" / "wixsync").is_file()
    # the new environment's `wixsync` is the copy's (asked from elsewhere, so not found by cwd)
    where = subprocess.run(
        [str(tree / ".venv" / "bin" / "python"), "-c", "import sync; print(sync.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert Path(where.strip()).is_relative_to(tree), where
    assert (tree / "wixsync-demo" / "attendance.xlsx").is_file()
    # and it showed the demo as "A real session" shows it, at 80 columns
    session = _blocks(section("A real session"), "text")[0].splitlines()
    assert session[0] == "$ wixsync demo"
    shown = result.stdout[result.stdout.index("wixsync demo —") :].splitlines()
    assert [line.rstrip() for line in shown[:2]] == session[1:3]
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
