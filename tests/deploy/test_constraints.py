"""constraints.txt pins every runtime dependency of pyproject.toml to one version inside
its range, so ``deploy/install.sh`` installs what was tested, and no version below a
known CVE's fix."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def _dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in project["dependencies"]]


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text().splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        (spec,) = requirement.specifier  # one specifier, and it must be ==
        assert spec.operator == "==", f"line {number}: {line!r} is not an exact pin"
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"line {number}: {requirement.name} pinned twice"
        pins[name] = Version(spec.version)
    return pins


def test_every_line_is_one_exact_pin() -> None:
    assert len(_pins()) >= len(_dependencies())


@pytest.mark.parametrize("requirement", _dependencies(), ids=lambda r: r.name)
def test_every_runtime_dependency_is_pinned_inside_its_range(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not pinned in constraints.txt"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}"
    )


@pytest.mark.parametrize(
    ("name", "fixed_in", "cve"),
    [
        ("requests", "2.32.4", "CVE-2024-47081"),
        ("werkzeug", "3.0.6", "CVE-2024-49767"),
        ("urllib3", "2.6.3", "CVE-2026-21441"),
    ],
)
def test_no_range_allows_a_version_with_a_known_cve(name: str, fixed_in: str, cve: str) -> None:
    (requirement,) = [r for r in _dependencies() if canonicalize_name(r.name) == name]
    below = Version(fixed_in)
    older = Version(f"{below.major}.{below.minor}.{below.micro - 1}") if below.micro else None
    assert older is None or not requirement.specifier.contains(older), f"{name}: {cve}"
    assert _pins()[name] >= below
