"""``wixsync init``: the sheet made ready for volunteers, and the start date set.

The sheet is the config's (``[sheet] google`` with its key file, or ``[sheet] file``), or
the one ``--sheet`` names. It gets the header row when it has none and the phone-friendly
formatting (:mod:`sync.sheet.prepare` for Google, :mod:`sync.sheet.prepare_file` for a
file). The **start date** goes into the config file (``[sheet] start_date``): rows for
sessions before it that were never synced are left alone (the planner's branch 1b), so rows
already in the sheet are never booked and charged by surprise on the first cycle. It is
today in the club's time zone (``[wix] time_zone``) the first time; a later ``init`` keeps
it unless ``--start-date`` names another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sync.config.edit import set_start_date
from sync.sheet.columns import DEFAULT_COLUMNS
from sync.sheet.prepare import Prepared

DEFAULT_PAYMENT_WORDS = ("cash", "plan", "unpaid", "cancel")


class InitProblem(Exception):
    """What stops ``init`` before it changes anything, in the owner's words."""


@dataclass(frozen=True)
class StartDate:
    day: date | None
    changed: bool
    #: the config file it is in, or None when there is no config file to keep it in
    config: Path | None


@dataclass(frozen=True)
class Initialised:
    label: str
    prepared: Prepared
    start: StartDate


def initialise(
    *,
    config_path: Path,
    config_given: bool,
    sheet_ref: str | None = None,
    credentials: Path | None = None,
    worksheet_id: int | None = None,
    classes: Sequence[str] = (),
    payment_words: Sequence[str] = (),
    start_date: date | None = None,
    sheets_api_url: str | None = None,
) -> Initialised:
    """Prepare the sheet, then set the start date; ``config_given``: ``--config`` was typed
    (a missing file is then a problem, not a reason to go on without one)."""
    from sync.config import load_config

    config: Any = None
    if config_path.exists() or config_given:
        # the sheet file may not exist yet: init makes it. A ConfigError is the config's
        # problem: exit 78 and its two lines (sync.failures), as for every command
        config = load_config(config_path, check_files=False)
    if sheet_ref is None and config is None:
        raise InitProblem(
            f"{config_path}: no such file; copy wixsync.example.toml to {config_path.name} "
            "and edit it, or name the sheet with --sheet and --credentials"
        )
    columns = config.columns() if config is not None else DEFAULT_COLUMNS
    words = list(payment_words) or list(DEFAULT_PAYMENT_WORDS)
    names = list(classes) or (list(config.classes) if config is not None else [])
    sheet = _sheet(config, sheet_ref, credentials, worksheet_id, sheets_api_url)
    if hasattr(sheet, "spreadsheet"):
        from sync.sheet.prepare import prepare_sheet

        prepared = prepare_sheet(sheet, payment_words=words, class_names=names, columns=columns)
    else:
        from sync.sheet.prepare_file import prepare_file

        prepared = prepare_file(sheet, payment_words=words, class_names=names, columns=columns)
    return Initialised(sheet.label, prepared, _start(config, start_date))


def _sheet(
    config: Any,
    sheet_ref: str | None,
    credentials: Path | None,
    worksheet_id: int | None,
    api_url: str | None,
) -> Any:
    from sync.sheet.google import GoogleSheet, credentials_from_file, gspread_client, sheet_key

    if sheet_ref is not None:
        if credentials is None:
            raise InitProblem("--sheet needs the service account's key file: add --credentials")
        client = gspread_client(credentials_from_file(credentials), api_url=api_url)
        return GoogleSheet(client, sheet_key(sheet_ref), gid=worksheet_id)
    if config.sheet.file is not None:
        from sync.sheet.localfile import LocalSheet

        return LocalSheet(config.sheet_path, config.sheet.worksheet)
    client = gspread_client(
        credentials_from_file(credentials or config.credentials_path),
        api_url=api_url or config.sheet.api_url,
        timeout=tuple(config.wix.timeout_seconds),
    )
    gid = worksheet_id if worksheet_id is not None else config.sheet.worksheet_id
    return GoogleSheet(client, sheet_key(config.sheet.google), gid=gid)


def _start(config: Any, wanted: date | None) -> StartDate:
    if config is None:
        return StartDate(wanted, False, None)
    current = config.sheet.start_date
    day = wanted or current or datetime.now(ZoneInfo(config.wix.time_zone)).date()
    if day == current:
        return StartDate(day, False, config.path)
    from sync.config.edit import ConfigNotEdited

    try:
        set_start_date(config.path, day)
    except ConfigNotEdited as exc:
        raise InitProblem(f"the sheet is ready, but the start date is not set: {exc}") from None
    return StartDate(day, True, config.path)
