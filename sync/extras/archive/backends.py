"""Which archive operations a sheet backend has."""

from __future__ import annotations

from typing import Any

from sync.extras.archive.files import FileTabs
from sync.extras.archive.google_tabs import GoogleTabs
from sync.extras.archive.tabs import ArchiveTabs
from sync.sheet.google import GoogleSheet
from sync.sheet.localfile import LocalSheet


def tabs_for(backend: Any) -> ArchiveTabs | None:
    """The archive operations of a sheet backend; None for one that has none (a test
    double)."""
    if isinstance(backend, GoogleSheet):
        return GoogleTabs(backend)
    if isinstance(backend, LocalSheet):
        return FileTabs(backend)
    return None
