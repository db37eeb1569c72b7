"""The sheet's columns: which ones volunteers own, which ones the daemon owns, and how a
header row is matched against them.

Default headers (the product's public surface; configurable with aliases):

=============  =========  ======================================================
header         owner      holds
=============  =========  ======================================================
Date           volunteer  the session's date ("4/28", "28.04.2024", "today", a date cell)
Time           volunteer  the session's start time, when a class runs twice a day
Class          volunteer  the class name (a Wix service)
Name           volunteer  the attendee's name
Email          volunteer  the attendee's email
Payment        volunteer  cash · plan · unpaid · cancel (and their aliases)
Plan           volunteer  which plan to charge, when the person holds several
Attended       volunteer  ticked when they came
Booking ID     daemon     the Wix booking
Order ID       daemon     the Wix order linked to it
Status         daemon     what happened, in plain words
Error          daemon     what a person must fix, in plain words
Synced at      daemon     when the daemon last wrote this row
Row ID         daemon     the row's identity (hidden); survives sorting and inserts
=============  =========  ======================================================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class Owner(StrEnum):
    VOLUNTEER = "volunteer"
    DAEMON = "daemon"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    owner: Owner
    required: bool = False
    aliases: tuple[str, ...] = ()


DEFAULT_COLUMNS: tuple[Column, ...] = (
    Column("date", "Date", Owner.VOLUNTEER, True, ("Day", "Session date")),
    Column("time", "Time", Owner.VOLUNTEER, False, ("Start", "Session time")),
    Column("class_name", "Class", Owner.VOLUNTEER, True, ("Session", "Service")),
    Column("name", "Name", Owner.VOLUNTEER, True, ("Full name", "Swimmer")),
    Column("email", "Email", Owner.VOLUNTEER, True, ("E-mail", "Email address", "Mail")),
    Column("payment", "Payment", Owner.VOLUNTEER, True, ("Paid", "Pay", "Payment method")),
    Column("plan", "Plan", Owner.VOLUNTEER, False, ("Pass", "Membership")),
    Column("attended", "Attended", Owner.VOLUNTEER, False, ("Came", "Present", "Checked in")),
    Column("booking_id", "Booking ID", Owner.DAEMON),
    Column("order_id", "Order ID", Owner.DAEMON),
    Column("status", "Status", Owner.DAEMON),
    Column("error", "Error", Owner.DAEMON),
    Column("synced_at", "Synced at", Owner.DAEMON),
    Column("row_id", "Row ID", Owner.DAEMON),
)
DAEMON_KEYS = tuple(c.key for c in DEFAULT_COLUMNS if c.owner == Owner.DAEMON)


def normalise(header: object) -> str:
    """Case-, space-, punctuation- and symbol-insensitive form of a header cell ("E-mail:",
    "Attended ✓", "\u200bEmail" pasted with a zero-width space); a note in brackets (the
    daemon's heartbeat, "Synced at (last sync 10:32 · 3 rows)") is ignored."""
    text = unicodedata.normalize("NFKC", re.sub(r"\(.*\)", "", str(header)))
    return " ".join("".join(c if c.isalnum() else " " for c in text).split()).casefold()


@dataclass(frozen=True)
class HeaderProblem(Exception):
    missing: tuple[str, ...] = ()
    duplicated: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"the sheet has no column {', '.join(repr(m) for m in self.missing)}")
        if self.duplicated:
            parts.append(
                f"more than one column is called {', '.join(repr(d) for d in self.duplicated)}"
            )
        return "Header row: " + "; ".join(parts) + ". Fix the first row of the sheet."


@dataclass
class Layout:
    """Where each known column is in a header row (0-based), and what is missing."""

    positions: dict[str, int] = field(default_factory=dict)
    missing_daemon: list[Column] = field(default_factory=list)
    width: int = 0

    def index(self, key: str) -> int | None:
        return self.positions.get(key)


def match_headers(
    header_row: list[object], columns: tuple[Column, ...] = DEFAULT_COLUMNS
) -> Layout:
    """Match a header row; a missing or duplicated volunteer column is a HeaderProblem,
    a missing daemon column is reported so it can be appended."""
    names = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names[normalise(name)] = column.key
    layout = Layout(width=len(header_row))
    seen: dict[str, list[int]] = {}
    for index, cell in enumerate(header_row):
        key = names.get(normalise(cell))
        if key:
            seen.setdefault(key, []).append(index)
    by_key = {c.key: c for c in columns}
    duplicated = tuple(by_key[k].header for k, places in seen.items() if len(places) > 1)
    missing = tuple(
        c.header for c in columns if c.owner == Owner.VOLUNTEER and c.required and c.key not in seen
    )
    if duplicated or missing:
        raise HeaderProblem(missing, duplicated)
    layout.positions = {k: places[0] for k, places in seen.items()}
    layout.missing_daemon = [c for c in columns if c.owner == Owner.DAEMON and c.key not in seen]
    return layout
