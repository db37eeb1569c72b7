"""A kill at any point of a move, then a fresh process: no row lost, none twice, and the
archive tab holds every archived row exactly as it was.

The kill is an exception raised at the named recovery point (:data:`sync.extras.archive.STEPS`),
which nothing in the product catches; the next run opens the state file and the sheet
afresh, as a restarted daemon does. A volunteer edits one row between its copy and its
delete, so the path that takes a copy back is killed too. Google's answer lost after the
delete was applied (the fake drops the connection) is the same kill, seen from the network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from sync.extras.archive import STEPS, archived_rows, run_archive
from sync.extras.archive.store import pending
from sync.state import connect
from tests.extras.archive.season import ARCHIVE, DONE, OPTIONS, Season

Seasons = Callable[[str], Season]
EDITED = "Ivy Park"


class Killed(BaseException):
    """The process dies here: nothing in the product catches it."""


def archive(season: Season, **kwargs: Any) -> Any:
    with season.open() as runtime:
        return run_archive(season.parts(runtime), OPTIONS, **kwargs)


def check_nothing_lost(season: Season, before: dict[str, dict[str, Any]]) -> None:
    """Every row is in the attendance tab or the archive tab, as it was (the edited one
    as edited); a row may be in both only while a move is unfinished."""
    live, tab = season.by_id(season.grid()), season.by_id(season.tab(ARCHIVE))
    assert set(live) | set(tab) == set(before)
    for row_id, cells in tab.items():
        assert cells == before[row_id]
    for row_id, cells in live.items():
        if cells["Name"] != EDITED:
            assert cells == before[row_id]


@pytest.mark.parametrize("backend", ["google", "xlsx"])
@pytest.mark.parametrize("kill_at", STEPS)
def test_a_kill_at_any_step_loses_and_duplicates_nothing(
    season_of: Seasons, backend: str, kill_at: str
) -> None:
    season = season_of(backend)
    before = season.by_id(season.grid())
    seen: list[str] = []

    def step(name: str) -> None:
        seen.append(name)
        if name == "copied" and seen.count("copied") == 1:  # copied, not deleted yet
            season.edit(EDITED, "Plan", "10 Swim Pass")
        if name == kill_at and seen.count(name) == 1:
            raise Killed(name)

    with pytest.raises(Killed):
        archive(season, step=step)
    check_nothing_lost(season, before)
    archive(season, step=step)  # a fresh process
    check_nothing_lost(season, before)
    live, tab = season.by_id(season.grid()), season.by_id(season.tab(ARCHIVE))
    assert set(live).isdisjoint(tab)  # nothing twice
    assert {c["Name"] for c in tab.values()} == DONE - {EDITED}
    assert next(c for c in live.values() if c["Name"] == EDITED)["Plan"] == "10 Swim Pass"
    db = connect(season.state_path)
    try:
        assert pending(db) is None
        grid = season.tab(ARCHIVE)
        records = archived_rows(db)
        assert {r.row_id for r in records} == set(tab)
        for r in records:  # the state says where each one is
            assert grid[r.tab_row - 1][-1] == r.row_id
    finally:
        db.close()


def test_google_losing_the_answer_to_the_delete_deletes_nothing_twice(
    season_of: Seasons,
) -> None:
    season = season_of("google")
    before = season.by_id(season.grid())
    with season.open() as runtime:
        runtime.engine.run_cycle()  # the lease held, as in the daemon
        # the delete is applied, then the connection drops: the outcome is unknown
        season.sheets.inject("spreadsheets.batchUpdate", "drop", after=1, commit=True)
        with pytest.raises(requests.exceptions.ConnectionError):
            run_archive(season.parts(runtime), OPTIONS)
    check_nothing_lost(season, before)
    summary = archive(season)  # reads again: the rows are gone, their copies verified
    assert summary.resumed == len(DONE)
    live, tab = season.by_id(season.grid()), season.by_id(season.tab(ARCHIVE))
    assert set(live).isdisjoint(tab)
    assert set(live) | set(tab) == set(before)
    assert {c["Name"] for c in tab.values()} == DONE
    assert len(season.grid()) == len(before) - len(DONE) + 1  # no other row deleted
