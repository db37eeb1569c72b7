"""The season archive on each backend (a Google Sheet through real gspread and the fake
Sheets API, an ``.xlsx`` and a ``.csv`` file): only fully done rows of past sessions move,
unchanged, to the yearly tab; a row being edited, or edited during the move, stays; a dry run
only reads; the rows moved stay known to the state as archived."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sync.engine.rowstate import RowStates
from sync.extras.archive import archived_rows, run_archive
from sync.state import connect
from tests.extras.archive.conftest import BACKENDS
from tests.extras.archive.season import ARCHIVE, DONE, OPTIONS, ROWS, Season
from tests.proof.world import line

Seasons = Callable[[str], Season]


def names(grid: list[list[Any]]) -> list[str]:
    return [r[3] for r in grid[1:] if len(r) > 3 and r[3]]


def archive(season: Season, **kwargs: Any) -> Any:
    with season.open() as runtime:
        return run_archive(season.parts(runtime), OPTIONS, **kwargs)


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_fully_done_rows_of_past_sessions_move_to_the_yearly_tab_unchanged(
    season_of: Seasons, backend: str
) -> None:
    season = season_of(backend)
    before = season.by_id(season.grid())
    summary = archive(season)
    live, tab = season.grid(), season.tab(ARCHIVE)
    assert sorted(names(tab)) == sorted(DONE)
    assert sorted(names(live)) == sorted(r[0][3] for r in ROWS if r[1])
    assert set(summary.not_done) == {"owes money", "no attendance", "an Error"}
    assert summary.recent == 1  # Lou's session was 3 days ago
    # every archived row holds exactly the cells it had, Row ID included
    archived = season.by_id(tab)
    assert set(archived) & set(season.by_id(live)) == set()  # no row in both
    assert set(archived) | set(season.by_id(live)) == set(before)  # no row lost
    for row_id, cells in archived.items():
        assert cells == before[row_id]
    assert summary.moved == {ARCHIVE: sorted(summary.moved[ARCHIVE])}
    assert summary.archived == len(DONE)
    assert summary.live_rows == len(ROWS) - len(DONE)
    # the state knows each one as archived, with the tab and the row it is on
    db = connect(season.state_path)
    try:
        known = {r.row_id: r for r in archived_rows(db)}
        assert set(known) == set(archived)
        for row_id, record in known.items():
            assert tab[record.tab_row - 1][-1] == row_id
            assert record.tab == ARCHIVE
            assert record.status.startswith("Booked")
        left = {r[0] for r in db.execute("SELECT row_id FROM sheet_rows")}
        assert left.isdisjoint(known)  # they left the sheet: no row state
        history = db.execute(
            "SELECT detail FROM journal WHERE point = 'archived' ORDER BY seq"
        ).fetchall()
        assert len(history) == len(DONE)
        assert f"archived to '{ARCHIVE}'" in history[0][0]
    finally:
        db.close()
    # the next cycle has nothing to do, and a second run moves nothing more
    report = season.cycle()
    assert not report.plan.actions
    assert report.brake is None
    assert archive(season).archived == 0
    assert len(season.tab(ARCHIVE)) == len(DONE) + 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_dry_run_only_reads_and_says_which_rows_would_move(
    season_of: Seasons, backend: str
) -> None:
    season = season_of(backend)
    grid = season.grid()
    files = {p: p.read_bytes() for p in season.folder.glob("attendance*")}
    with season.open() as runtime:
        parts = season.parts(runtime)
        before = season.sheets.counts()
        summary = run_archive(parts, OPTIONS, dry_run=True)
        after = season.sheets.counts(since=0)
        moves = runtime.journal.db.execute("SELECT COUNT(*) FROM archive_moves").fetchone()[0]
    assert moves == 0
    assert season.grid() == grid
    assert season.tab(ARCHIVE) == []
    assert {p: p.read_bytes() for p in season.folder.glob("attendance*")} == files
    if backend == "google":
        assert after.writes == before.writes  # reads only
        assert after.reads > before.reads
    rows = {name: n for n, r in enumerate(grid, start=1) for name in [r[3]]}
    assert sorted(summary.moved[ARCHIVE]) == sorted(rows[name] for name in DONE)
    text = summary.lines()
    assert all(len(line) <= 80 for line in text)
    moved = f"Would move {len(DONE)} rows to {ARCHIVE}: rows 2–3, 5, 7–9, 11–13."
    assert moved in text
    assert any(f"owes money: row {rows['Owen Wu']}" in t for t in text)
    assert text[-1].startswith("Dry run: nothing was changed")


@pytest.mark.parametrize("backend", ["google", "xlsx"])
def test_a_row_being_edited_stays_with_the_rows_beside_it(season_of: Seasons, backend: str) -> None:
    season = season_of(backend)
    season.edit("Fay Ruiz", "Plan", "a note being typed")  # not synced yet
    at = {r[3]: n for n, r in enumerate(season.grid(), start=1)}  # numbered before the run
    summary = archive(season)
    grid = season.grid()
    beside = {"Eve Moss", "Gus Hale"}  # done, within two rows of Fay's
    assert beside | {"Fay Ruiz"} <= set(names(grid))
    assert sorted(summary.near_edit) == sorted(at[n] for n in beside)
    assert sorted(names(season.tab(ARCHIVE))) == sorted(DONE - beside - {"Fay Ruiz"})
    # typed back as it was: a later run moves them, below the rows already there
    season.edit("Fay Ruiz", "Plan", "")
    first = season.tab(ARCHIVE)
    later = archive(season)
    tab = season.tab(ARCHIVE)
    assert tab[: len(first)] == first  # the rows there stay as they are, the header once
    assert sorted(names([tab[0], *tab[len(first) :]])) == sorted(beside | {"Fay Ruiz"})
    assert later.archived == 3


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_row_edited_while_it_is_moved_stays_and_its_copy_is_taken_back(
    season_of: Seasons, backend: str
) -> None:
    season = season_of(backend)

    def volunteer(step: str) -> None:
        if step == "copied":  # copied, not deleted yet: a volunteer fixes Ivy's Plan
            season.edit("Ivy Park", "Plan", "10 Swim Pass")

    summary = archive(season, step=volunteer)
    live, tab = season.grid(), season.tab(ARCHIVE)
    assert "Ivy Park" in names(live)
    assert "Ivy Park" not in names(tab)
    assert next(r for r in live if r[3] == "Ivy Park")[6] == "10 Swim Pass"
    assert sorted(names(tab)) == sorted(DONE - {"Ivy Park"})
    assert len(summary.changed) == 1
    assert all(r[-1] for r in tab[1:])  # no gap left where the copy was
    report = season.cycle()  # the daemon carries on: it syncs the row edited, nothing else
    assert report.brake is None
    assert [a.attendee.name for a in report.plan.syncs] == ["Ivy Park"]


def test_a_google_run_costs_a_few_requests_and_deletes_bottom_up_in_one(
    season_of: Seasons,
) -> None:
    season = season_of("google")
    with season.open() as runtime:
        runtime.engine.run_cycle()  # as in the daemon: the lease is held, fresh
        since = season.sheets.log[-1].seq
        run_archive(season.parts(runtime), OPTIONS)
    counts = season.sheets.counts(since=since)
    assert counts.by_endpoint == {
        "values.batchGet": 2,  # the rows to move; the copy read back with the tab
        "spreadsheets.get": 1,  # the tabs' ids and sizes
        "spreadsheets.batchUpdate": 2,  # addSheet; the deletes
        "values.batchUpdate": 1,  # the copy, RAW
    }
    assert counts.value_input_options == {"RAW": 1}
    (deletes,) = [
        e.body["requests"]
        for e in season.sheets.log
        if e.seq > since
        and e.endpoint == "spreadsheets.batchUpdate"
        and e.body
        and "deleteDimension" in e.body["requests"][0]
    ]
    starts = [r["deleteDimension"]["range"]["startIndex"] for r in deletes]
    assert starts == sorted(starts, reverse=True)


def test_a_tab_left_with_no_rows_does_not_stop_the_next_cycle(tmp_path: Path) -> None:
    season = Season(
        tmp_path,
        "google",
        rows=[line("Ana Lee", "ana@example.org")] * 1
        + [
            line("Ben Ortiz", "ben.o@example.org"),
            line("Cal Diaz", "cal@example.org"),
        ],
    )
    assert season.cycle().counts.synced == 3
    season.now += 21 * 86400
    assert archive(season).archived == 3
    assert names(season.grid()) == []
    report = season.cycle()  # the sheet reads empty: no brake, the rows were archived
    assert report.brake is None
    assert not report.plan.actions


def test_the_state_keeps_each_archived_row_findable(season_of: Seasons) -> None:
    season = season_of("csv")
    archive(season)
    db = connect(season.state_path)
    try:
        rows = archived_rows(db)
        record = next(r for r in rows if r.name == "Ana Lee")
        assert (record.tab, record.tab_row, record.from_row) == (ARCHIVE, 2, 2)
        assert (
            json.loads(
                db.execute(
                    "SELECT row_state FROM archived_rows WHERE row_id = ?", (record.row_id,)
                ).fetchone()[0]
            )["seat_name"]
            == "Ana Lee"
        )
    finally:
        db.close()


@pytest.mark.parametrize("backend", ["google", "xlsx"])
def test_rows_of_two_years_go_to_two_tabs_in_one_move(season_of: Seasons, backend: str) -> None:
    season = season_of(backend)
    db = connect(season.state_path)
    try:  # two rows as if their sessions had been last December (their year's tab)
        states = RowStates(db)
        known = states.load()
        ana_ben = [s for s in known.values() if s.seat_name in ("Ana Lee", "Ben Ortiz")]
        for state in ana_ben:
            state.session_at = "2025-12-30T06:30"
        states.save(ana_ben)
    finally:
        db.close()
    summary = archive(season)
    assert summary.moves == 1
    assert sorted(names(season.tab("Archive 2025"))) == ["Ana Lee", "Ben Ortiz"]
    assert sorted(names(season.tab(ARCHIVE))) == sorted(DONE - {"Ana Lee", "Ben Ortiz"})
    assert season.tab("Archive 2025")[0] == season.tab(ARCHIVE)[0]  # the same header
