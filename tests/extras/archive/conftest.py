"""One synced season per backend for the whole package (a real cycle through Wix costs a
second); each test gets its own copy (:meth:`Season.clone`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.extras.archive.season import Season, synced

BACKENDS = ["google", "xlsx", "csv"]


@pytest.fixture(scope="session")
def seasons(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Season]:
    return {}


@pytest.fixture
def season_of(
    seasons: dict[str, Season], tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Callable[[str], Season]:
    """``season_of(backend)``: a synced season of that backend, this test's own copy."""

    def make(backend: str) -> Season:
        if backend not in seasons:
            seasons[backend] = synced(tmp_path_factory.mktemp(f"season-{backend}"), backend)
        return seasons[backend].clone(tmp_path / backend)

    return make
