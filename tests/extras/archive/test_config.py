"""``[archive]`` in the config: off by default (after 7 days, "Archive {year}", from 3
o'clock), the daemon's hook only when enabled, and a value that cannot be is said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.config import ConfigError, load_config
from sync.extras.archive import options_from
from sync.runtime import settings_from_config

LOCAL = '[sheet]\nfile = "attendance.xlsx"\n\n[wix]\nsandbox = true\ntime_zone = "America/Denver"\n'


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "wixsync.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, check_files=False)


def test_the_archive_is_off_by_default(tmp_path: Path) -> None:
    config = load(tmp_path, LOCAL)
    archive = config.archive
    assert (archive.enabled, archive.after_days, archive.tab, archive.hour) == (
        False,
        7,
        "Archive {year}",
        3,
    )
    assert len(settings_from_config(config).hooks) == 1  # the summary only


def test_enabled_the_daemon_gets_its_hook_and_the_options_their_values(tmp_path: Path) -> None:
    text = LOCAL + '\n[archive]\nenabled = true\nafter_days = 14\ntab = "Old {year}"\nhour = 2\n'
    config = load(tmp_path, text)
    assert len(settings_from_config(config).hooks) == 2
    options = options_from(config.archive)
    assert (options.after_days, options.hour) == (14, 2)
    from datetime import date

    assert options.tab_for(date(2026, 8, 31)) == "Old 2026"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('tab = "Old {season}"', 'may hold only the placeholder {year}, e.g. "Archive {year}"'),
        ('tab = "Week 1/2"', "may not contain [ ] * ? / \\ or :"),
        ("after_days = -1", "must be between 0 and 365"),
        ("hour = 24", "must be between 0 and 23"),
    ],
)
def test_a_value_that_cannot_be_is_said_plainly(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, LOCAL + f"\n[archive]\n{line}\n")
    (problem,) = caught.value.problems
    assert "[archive]" in problem
    assert problem.endswith(message)


def test_the_archive_tab_may_not_be_the_summary_or_the_attendance_tab(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, LOCAL + '\n[summary]\ntab = "Archive 2026"\n')
    assert caught.value.problems[0].endswith(
        '[archive] tab = "Archive {year}": is the [summary] tab; the archive needs a tab of its own'
    )
    with pytest.raises(ConfigError) as caught:
        load(
            tmp_path,
            LOCAL.replace('.xlsx"', '.xlsx"\nworksheet = "Archive"')
            + ('\n[archive]\ntab = "archive"\n'),
        )
    assert "is the [sheet] worksheet" in caught.value.problems[0]
