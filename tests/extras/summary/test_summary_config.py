"""``[summary]`` in the config: on by default with the tab "Summary", off when asked, and a
tab title Google or Excel would refuse is said in the owner's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.config import ConfigError, load_config
from sync.runtime import settings_from_config

LOCAL = '[sheet]\nfile = "attendance.csv"\n\n[wix]\nsandbox = true\ntime_zone = "America/Denver"\n'


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "wixsync.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, check_files=False)


def test_the_summary_is_on_by_default_in_a_tab_called_summary(tmp_path: Path) -> None:
    config = load(tmp_path, LOCAL)
    assert (config.summary.enabled, config.summary.tab) == (True, "Summary")
    assert len(settings_from_config(config).hooks) == 1


def test_the_owner_may_turn_it_off_or_name_the_tab(tmp_path: Path) -> None:
    off = load(tmp_path, LOCAL + "\n[summary]\nenabled = false\n")
    assert settings_from_config(off).hooks == []
    named = load(tmp_path, LOCAL + '\n[summary]\ntab = "Cash box"\n')
    assert named.summary.tab == "Cash box"


@pytest.mark.parametrize(
    ("tab", "message"),
    [
        ("Week 1/2", "may not contain [ ] * ? / \\ or :"),
        ("x" * 101, "is longer than 100 characters; shorten it"),
        ("  ", "is empty; write a value or delete the line"),
    ],
)
def test_a_tab_title_that_cannot_be_is_said_plainly(tmp_path: Path, tab: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, LOCAL + f'\n[summary]\ntab = "{tab}"\n')
    (line,) = caught.value.problems
    assert "[summary] tab" in line
    assert line.endswith(message)
