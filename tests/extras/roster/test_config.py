"""``[roster]`` and ``[choices]``: documented in the example, checked with plain messages,
off by default, and wired into the cycle's hooks when on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync.config import ChoicesSection, Config, ConfigError, RosterSection, load_config
from sync.runtime import settings_from_config

EXAMPLE = Path(__file__).resolve().parents[3] / "wixsync.example.toml"
LOCAL = '[sheet]\nfile = "attendance.csv"\n\n[wix]\nsandbox = true\ntime_zone = "America/Denver"\n'


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "wixsync.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, check_files=False)


def test_the_example_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, section in (("roster", RosterSection), ("choices", ChoicesSection)):
        body = text.split(f"\n[{name}]\n", 1)[1].split("\n[", 1)[0]
        for key in section.model_fields:
            assert re.search(rf"^# {key}: ", body, re.MULTILINE), f"[{name}] {key}: no comment"
            assert re.search(rf"^{key} = ", body, re.MULTILINE), f"[{name}] {key}: no example"
    config = load_config(EXAMPLE, check_files=False)
    assert config.roster == RosterSection(enabled=True, classes=["Masters Swim"])
    assert config.choices == ChoicesSection(enabled=True)


def test_both_are_off_by_default_and_add_no_hook(tmp_path: Path) -> None:
    config = _load(tmp_path, LOCAL)
    assert (config.roster.enabled, config.choices.enabled) == (False, False)
    assert (config.roster.lead_minutes, config.roster.check_seconds) == (120, 60)
    assert (config.choices.days, config.choices.refresh_seconds, config.choices.plans) == (
        7,
        60,
        True,
    )
    modules = [getattr(h, "__module__", "") for h in settings_from_config(config).hooks]
    assert not any(m.startswith(("sync.extras.roster", "sync.extras.choices")) for m in modules)


def test_when_on_the_roster_runs_first_and_the_dropdowns_after_it(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        LOCAL + "\n[roster]\nenabled = true\nlead_minutes = 90\n\n[choices]\nenabled = true\n",
    )
    modules = [getattr(h, "__module__", "") for h in settings_from_config(config).hooks]
    ours = [m for m in modules if m in ("sync.extras.roster", "sync.extras.choices")]
    assert ours == ["sync.extras.roster", "sync.extras.choices"]
    assert modules.index("sync.extras.roster") == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[roster]\nlead_minutes = 0\n",
            "wixsync.toml: [roster] lead_minutes = 0: must be between 5 and 1440",
        ),
        ("[choices]\ndays = 60\n", "wixsync.toml: [choices] days = 60: must be between 1 and 31"),
        (
            "[roster]\nenable = true\n",
            "wixsync.toml: [roster] enable = true: unknown key; did you mean enabled?",
        ),
    ],
)
def test_a_mistake_is_one_plain_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, LOCAL + "\n" + text)
    assert [
        p.replace(str(tmp_path / "wixsync.toml"), "wixsync.toml") for p in caught.value.problems
    ] == [message]
