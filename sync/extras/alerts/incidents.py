"""What can be wrong, as incidents: their kinds, what a cycle tells about them, and how an
outage's exception is classified. Pure: no I/O, no clock.

An incident is one thing wrong for some time: Wix or Google unreachable, the state file's
disk full, a cycle failing for another reason, or one sheet row in error. It is *opened*
when first seen, *alerted* once it has lasted its threshold, and *resolved* when it is over.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError as SheetsAPIError

from sync.engine.planner import Sync
from sync.logs import mask_emails
from sync.wix import WixError

if TYPE_CHECKING:
    from sync.engine.cycle import CycleReport
    from sync.sheet.session import Snapshot


class Kind(StrEnum):
    WIX = "wix"  # Wix cannot be reached (or fails every call)
    GOOGLE = "google"  # the Google Sheet cannot be read or written
    DISK = "disk"  # the state file cannot be written: its disk is full
    SYNC = "sync"  # a whole cycle fails for another reason (the network, a file)
    ROW = "row"  # one sheet row has an Error
    #: orders go through the old checkout (the key may not use Cart V2), which Wix removes
    OLD_CHECKOUT = "old_checkout"


OUTAGES = (Kind.WIX, Kind.GOOGLE, Kind.DISK, Kind.SYNC)


@dataclass
class Incident:
    key: str  # the kind's value for an outage; "row:<row id>" for a row
    kind: Kind
    since: float  # when it was first seen (the engine's clock: wall time, survives restarts)
    row_number: int | None = None  # a row's number in the sheet, as people see it
    name: str = ""  # the row's Name
    detail: str = ""  # why: the outage's reason, or the row's Error (emails masked)
    retry: bool = False  # a row failing for Wix or the network (wixsync retries it itself)
    alerted_at: float | None = None  # when the owner's message was queued; None: not yet

    @property
    def label(self) -> str:
        if self.kind != Kind.ROW:
            return self.kind.value
        return f"row {self.row_number}" + (f" ({self.name})" if self.name else "")


def one_line(value: object, limit: int) -> str:
    text = " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- what a finished cycle tells ------------------------------------------------------------
def wix_outage(report: CycleReport) -> str | None:
    """Why Wix is down, as the daemon judges it (``report.wix_down``): the first row's
    message. ``None`` when it is not."""
    if not report.wix_down:
        return None
    outcomes = report.outcomes.values()
    return next((o.error for o in outcomes if o.error), None) or "every call to Wix failed"


def rows_in_error(snapshot: Snapshot, report: CycleReport) -> dict[str, Incident]:
    """The rows of the sheet whose Error cell is not empty once the cycle is written: what
    the daemon wrote before (``report.known``), overridden by this cycle's results. A row
    no longer in the sheet is not in error (it was deleted). ``since`` is left at 0."""
    errors = {rid: (s.written.get("error") or "", s.retry) for rid, s in report.known.items()}
    for action in report.plan.actions:
        if isinstance(action, Sync):
            if (outcome := report.outcomes.get(action.row_id)) is not None:
                errors[action.row_id] = (outcome.error or "", outcome.retry)
        else:
            errors[action.row_id] = (" ".join(action.messages), False)
    found = {}
    for row in snapshot.rows:
        text, retry = errors.get(row.row_id, ("", False))
        if not str(text).strip():
            continue
        found[f"row:{row.row_id}"] = Incident(
            f"row:{row.row_id}",
            Kind.ROW,
            0.0,
            row_number=row.index + 1,
            name=one_line(row.cells.get("name") or "", 60),
            detail=mask_emails(one_line(text, 300)),
            retry=retry,
        )
    return found


# -- what a failed cycle tells ---------------------------------------------------------------
def outage_kind(exc: BaseException) -> Kind:
    """Which side a cycle-stopping exception (``sync.daemon.OUTAGES``) points at."""
    if (isinstance(exc, sqlite3.Error) and "full" in str(exc)) or (
        isinstance(exc, OSError) and exc.errno == errno.ENOSPC
    ):
        return Kind.DISK
    if isinstance(exc, SheetsAPIError | GoogleAuthError):  # the API, or its token endpoint
        return Kind.GOOGLE
    if isinstance(exc, WixError):
        return Kind.WIX
    if isinstance(exc, requests.exceptions.RequestException):
        request = exc.request
        host = (urlsplit(request.url or "").hostname or "") if request is not None else ""
        if "google" in host:
            return Kind.GOOGLE
        if "wix" in host:
            return Kind.WIX
    return Kind.SYNC
