"""The daemon's archive (``[archive] enabled = true``): at the end of an idle cycle, once a
day, from ``hour`` o'clock site time; a move left unfinished is finished at the next idle
cycle whatever the hour; an idle cycle after that costs no Sheets request more than before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from sync.extras.archive import archive_factory, run_archive
from sync.extras.archive.hook import LAST_DAY
from tests.extras.archive.season import ARCHIVE, DAY, DONE, OPTIONS, Season
from tests.proof.world import ZONE

Seasons = Callable[[str], Season]


class Killed(BaseException):
    pass


def at(season: Season, hour: int, days: int = 0) -> None:
    """Set the clock to ``hour`` o'clock (site time) of the run's day, ``days`` later."""
    local = datetime.fromtimestamp(season.now, UTC).astimezone(ZONE)
    season.now = local.replace(hour=hour, minute=0).timestamp() + days * DAY


def with_daemon_archive(season: Season) -> Season:
    season.hooks = [archive_factory(OPTIONS, "America/Denver")]  # hour = 3
    return season


def test_it_runs_once_a_day_at_the_end_of_an_idle_cycle_from_the_hour_on(
    season_of: Seasons,
) -> None:
    season = with_daemon_archive(season_of("google"))
    with season.open() as runtime:
        at(season, 1)
        runtime.engine.run_cycle()
        assert season.tab(ARCHIVE) == []  # 01:00: too early
        at(season, 3)
        runtime.engine.run_cycle()
        assert len(season.tab(ARCHIVE)) == len(DONE) + 1  # 03:00, idle: done
        day = datetime.fromtimestamp(season.now, UTC).astimezone(ZONE).date().isoformat()
        assert runtime.journal.setting(LAST_DAY) == day
        since = season.sheets.log[-1].seq
        season.now += 60
        runtime.engine.run_cycle()  # a minute on: an idle cycle costs what it did before
        counts = season.sheets.counts(since=since)
        assert (counts.reads, counts.writes) == (1, 0)
        # the next day a volunteer edits a row: that cycle is not idle, the next one is
        at(season, 4, days=1)
        season.edit("Owen Wu", "Plan", "paid at the desk")
        busy = runtime.engine.run_cycle()
        assert busy.plan.actions
        assert runtime.journal.setting(LAST_DAY) == day
        runtime.engine.run_cycle()
        assert runtime.journal.setting(LAST_DAY) > day


def test_a_move_left_unfinished_is_finished_at_the_next_idle_cycle_whatever_the_hour(
    season_of: Seasons,
) -> None:
    season = with_daemon_archive(season_of("xlsx"))

    def kill(step: str) -> None:
        if step == "copied":
            raise Killed(step)

    with season.open() as runtime, pytest.raises(Killed):
        run_archive(season.parts(runtime), OPTIONS, step=kill)  # `wixsync archive`, killed
    at(season, 1, days=1)  # the daemon restarted at 01:00
    with season.open() as runtime:
        runtime.engine.run_cycle()
    assert len(season.tab(ARCHIVE)) == len(DONE) + 1
    assert not {r[3] for r in season.grid()} & DONE
