"""The layout issue 17 promises, kept: no import circles in the product or the simulators,
small modules, and no test double in the product package but the Wix sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.imports import cycles, edges

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [ROOT / "sync", ROOT / "tests"]
MAX_LINES = 450


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_no_import_circles(package: Path) -> None:
    found = cycles(edges(package))
    assert found == [], "\n".join(" ↔ ".join(c) for c in found)


def test_the_import_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.sub.b import B\n"
    )
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import x\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    graph = edges(pkg)
    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.a"}
    assert graph["pkg.sub"] == {"pkg.sub.b"}
    assert graph["pkg.c"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]


def test_no_module_of_the_product_is_over_450_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted((ROOT / "sync").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_product_package_holds_no_test_double_but_the_wix_sandbox() -> None:
    assert not (ROOT / "sync" / "sandbox" / "sheets").exists()
    doubles = [p for p in (ROOT / "sync").rglob("*.py") if "fake" in p.stem.lower()]
    assert doubles == []
