"""``[sheet]`` (where the attendance sheet is) and ``[columns]`` (its headers)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, model_validator

from sync.config.rules import PathText, Section, Text, between, is_loopback, rule
from sync.sheet.columns import DEFAULT_COLUMNS, Column, normalise


def _sheet_ref(value: str) -> bool:
    if value.startswith(("http://", "https://")):
        return urlsplit(value).hostname == "docs.google.com" and "/spreadsheets/d/" in value
    return re.fullmatch(r"[A-Za-z0-9_-]+", value) is not None


SheetRef = Annotated[Text, rule(_sheet_ref, "not a Google Sheet; paste its URL or its key")]
SheetFile = Annotated[
    PathText,
    rule(lambda v: Path(v).suffix.lower() in (".csv", ".xlsx"), "must be a .csv or .xlsx file"),
]
LoopbackURL = Annotated[
    str, rule(is_loopback, "loopback only (127.0.0.1, ::1, localhost); delete it for Google")
]


def _a_date(value: Any) -> Any:
    """A TOML date (``2026-12-02``, no quotes), or the same in quotes."""
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time, e.g. 2026-12-02")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("not a date; write it like 2026-12-02") from None
    if not isinstance(value, date):
        raise ValueError("must be a date, e.g. 2026-12-02")
    return value


StartDate = Annotated[date, BeforeValidator(_a_date)]


class SheetSection(Section):
    google: SheetRef | None = None
    file: SheetFile | None = None
    worksheet_id: Annotated[int, between(0, 2**31 - 1)] | None = None
    worksheet: Text | None = None
    credentials: PathText | None = None
    api_url: LoopbackURL | None = None
    #: rows for sessions before this date that were never synced are left alone
    #: (``wixsync init`` writes it; ``sync --include-older`` syncs them once)
    start_date: StartDate | None = None

    @model_validator(mode="before")
    @classmethod
    def _gid_from_url(cls, data: Any) -> Any:
        """A pasted URL ending ``#gid=123`` picks that tab unless worksheet_id says otherwise."""
        if isinstance(data, dict) and isinstance(data.get("google"), str):
            found = re.search(r"[#&?]gid=(\d+)", data["google"])
            if found and "worksheet_id" not in data:
                return {**data, "worksheet_id": int(found.group(1))}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> SheetSection:
        if (self.google is None) == (self.file is None):
            both = ", not both" if self.google else ""
            raise ValueError(f'set either google = "<sheet key or URL>" or file = "<path>"{both}')
        if self.google is not None and self.credentials is None:
            raise ValueError('with google, set credentials = "<service account\'s JSON key>"')
        if self.google is not None and self.worksheet is not None:
            raise ValueError("worksheet is for a file; for Google set worksheet_id = <gid>")
        for key in ("worksheet_id", "credentials", "api_url") if self.file else ():
            if getattr(self, key) is not None:
                raise ValueError(f"{key} is for a Google Sheet; delete it when using file")
        if self.worksheet is not None and str(self.file).lower().endswith(".csv"):
            raise ValueError("a .csv file has a single table; delete worksheet")
        return self


class ColumnOverride(Section):
    header: Text | None = None
    aliases: list[Text] | None = None  # replace the built-in aliases


class ColumnsSection(Section):
    """One optional table per column key of ``sync.sheet.columns.DEFAULT_COLUMNS``."""

    date: ColumnOverride | None = None
    time: ColumnOverride | None = None
    class_name: ColumnOverride | None = None
    name: ColumnOverride | None = None
    email: ColumnOverride | None = None
    payment: ColumnOverride | None = None
    plan: ColumnOverride | None = None
    attended: ColumnOverride | None = None
    booking_id: ColumnOverride | None = None
    order_id: ColumnOverride | None = None
    status: ColumnOverride | None = None
    error: ColumnOverride | None = None
    synced_at: ColumnOverride | None = None
    row_id: ColumnOverride | None = None

    def build(self) -> tuple[Column, ...]:
        out = []
        for column in DEFAULT_COLUMNS:
            new = getattr(self, column.key) or ColumnOverride()
            aliases = column.aliases if new.aliases is None else tuple(new.aliases)
            out.append(replace(column, header=new.header or column.header, aliases=aliases))
        return tuple(out)

    @model_validator(mode="after")
    def _names_unique(self) -> ColumnsSection:
        owner: dict[str, str] = {}
        for column in self.build():
            for name in (column.header, *column.aliases):
                first = owner.setdefault(normalise(name), column.key)
                if first != column.key:
                    raise ValueError(
                        f'"{name}" names both {first} and {column.key}; a name may belong to '
                        "one column only"
                    )
        return self
