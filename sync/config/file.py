"""The whole file as checked (:class:`ConfigFile`) and as the program uses it
(:class:`Config`: paths resolved, never the API key)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from sync.config.alerts import AlertsSection
from sync.config.daemon import DaemonSection
from sync.config.errors import ConfigError
from sync.config.extras import ArchiveSection, ChoicesSection, RosterSection, SummarySection
from sync.config.rules import Section, Text
from sync.config.sheet import ColumnsSection, SheetSection
from sync.config.vocabulary import VocabularySection
from sync.config.wix import WixSection
from sync.sheet.columns import DEFAULT_COLUMNS, Column


def _unique_classes(value: dict[str, str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name in value:
        if (first := seen.setdefault(name.strip().casefold(), name)) != name:
            raise ValueError(f'"{first}" and "{name}" are one class name (case aside); keep one')
    return value


class ConfigFile(Section):
    sheet: SheetSection
    columns: ColumnsSection = Field(default_factory=ColumnsSection)
    vocabulary: VocabularySection = Field(default_factory=VocabularySection)
    classes: Annotated[dict[Text, Text], AfterValidator(_unique_classes)] = Field(
        default_factory=dict
    )
    wix: WixSection
    daemon: DaemonSection = Field(default_factory=DaemonSection)
    alerts: AlertsSection | None = None
    summary: SummarySection = Field(default_factory=SummarySection)
    roster: RosterSection = Field(default_factory=RosterSection)
    choices: ChoicesSection = Field(default_factory=ChoicesSection)
    archive: ArchiveSection = Field(default_factory=ArchiveSection)


@dataclass(frozen=True)
class Config:
    """A checked configuration; paths are absolute. It never holds the API key."""

    path: Path
    sheet: SheetSection
    vocabulary: VocabularySection
    classes: dict[str, str]
    wix: WixSection
    daemon: DaemonSection
    state_path: Path
    sheet_path: Path | None = None
    credentials_path: Path | None = None
    log_path: Path | None = None
    sheet_columns: tuple[Column, ...] = DEFAULT_COLUMNS
    warnings: list[str] = field(default_factory=list)
    #: loaded with ``check_files``: the key file's mode is among the ``warnings`` if lax
    files_checked: bool = False
    summary: SummarySection = field(default_factory=SummarySection)
    alerts: AlertsSection | None = None
    roster: RosterSection = field(default_factory=RosterSection)
    choices: ChoicesSection = field(default_factory=ChoicesSection)
    archive: ArchiveSection = field(default_factory=ArchiveSection)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def poll_seconds(self) -> int:
        return self.daemon.poll_seconds

    def columns(self) -> tuple[Column, ...]:
        return self.sheet_columns

    def secret_envs(self) -> dict[str, str]:
        """The environment variables that hold this site's secrets, by what each holds (for
        :mod:`sync.redact`: their values are registered at start-up, never stored)."""
        envs = {"Wix API key": self.wix.api_key_env}
        if self.alerts is not None and self.alerts.email is not None:
            envs["SMTP password"] = self.alerts.email.password_env
        hook = self.alerts.webhook if self.alerts is not None else None
        if hook is not None and hook.secret_env:
            envs["webhook secret"] = hook.secret_env
        return envs

    def api_key(self) -> str:
        return api_key_in(self.wix.api_key_env)


def api_key_in(name: str) -> str:
    """The Wix API key from the environment variable ``name``, or :class:`ConfigError`."""
    if not (key := os.environ.get(name, "").strip()):
        raise ConfigError(
            f"Set the Wix API key in the environment variable {name} (never in the file)",
            fix=f"export {name}='IST.…' where wixsync runs (for the service: in "
            "/etc/wixsync/wixsync.env), then run the command again.",
        )
    return key
