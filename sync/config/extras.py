"""The owner's extras' sections (:mod:`sync.extras`): ``[summary]``, ``[archive]``,
``[roster]`` and ``[choices]``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sync.config.rules import Section, TabTitle, Text, between, rule


class SummarySection(Section):
    """The owner's summary tab, rewritten after each cycle (sync.extras.summary_hook)."""

    enabled: bool = True
    tab: TabTitle = "Summary"


def _one_placeholder(value: str) -> bool:
    return "{" not in value.replace("{year}", "") and "}" not in value.replace("{year}", "")


class ArchiveSection(Section):
    """The season archive: done rows of past sessions moved to a yearly tab
    (sync.extras.archive). ``enabled`` is the daemon's daily run; ``wixsync archive`` runs it
    by hand either way."""

    enabled: bool = False
    after_days: Annotated[int, between(0, 365)] = 7
    tab: Annotated[
        TabTitle,
        rule(_one_placeholder, 'may hold only the placeholder {year}, e.g. "Archive {year}"'),
    ] = "Archive {year}"
    hour: Annotated[int, between(0, 23)] = 3


class RosterSection(Section):
    """People already booked in Wix, added to the sheet before each class (sync.extras.roster)."""

    enabled: bool = False
    lead_minutes: Annotated[int, between(5, 1440)] = 120
    classes: list[Text] = Field(default_factory=list)  # empty: every class
    check_seconds: Annotated[int, between(15, 3600)] = 60


class ChoicesSection(Section):
    """Live dropdowns: the coming sessions in Class, the plans held in Plan
    (sync.extras.choices)."""

    enabled: bool = False
    days: Annotated[int, between(1, 31)] = 7
    plans: bool = True
    refresh_seconds: Annotated[int, between(15, 3600)] = 60
