"""What ``wixsync status --find`` prints: where each row the text names is now (the
attendance tab's row, an archive tab's row, or deleted from the sheet), as a table that fits
80 columns, or with ``--json`` one document (README: "--json"). Every text from the state
goes through :func:`sync.redact.shown`, as in :mod:`sync.cli.render`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table

from sync.extras.archive.find import ARCHIVE, GONE
from sync.redact import shown

if TYPE_CHECKING:
    from sync.extras.archive.find import FoundRow

#: rows the table shows (``--json`` lists them all)
FOUND_SHOWN = 30


def print_found(
    console: Console, text: str, found: list[FoundRow], *, limit: int = FOUND_SHOWN
) -> None:
    """``status --find``: where each row ``text`` names is now, with its last Status."""
    if not found:
        console.print(
            f"No row matches {shown(repr(text))}: try a part of a name, an email, a day "
            "(2026-08-24), a Row ID, a Booking ID or an Order ID."
        )
        return
    console.print(f"Rows matching {shown(repr(text))} ({len(found)}):")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("Where", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Session", no_wrap=True)
    table.add_column("Status or Error", overflow="fold")
    for f in found[:limit]:
        table.add_row(
            _where(f),
            shown(f.name or f.row_id),
            _session(f.session_at),
            shown(f.error or f.status),
        )
    console.print(table)
    if len(found) > limit:
        console.print(
            f"… and {len(found) - limit} more: narrow the search, or wixsync status --find "
            "… --json lists them all."
        )


def _where(f: FoundRow) -> str:
    if f.where == ARCHIVE:
        return f"{shown(f.tab)}, row {f.row:,}"
    if f.where == GONE:
        return "deleted from the sheet"
    return f"attendance tab, row {f.row:,}" if f.row else "attendance tab"


def _session(at: str) -> str:
    """A session's local start ("2026-06-15T06:30") or day, as a volunteer reads it, with
    its year (an archive spans seasons): "Mon 15 Jun 2026 06:30"."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return shown(at)
    day = f"{moment:%a} {moment.day} {moment:%b %Y}"
    return f"{day} {moment:%H:%M}" if "T" in at else day


def found_json(text: str, found: list[FoundRow]) -> dict[str, Any]:
    return {
        "find": text,
        "found": [
            {
                "row_id": f.row_id,
                "where": f.where,
                "tab": f.tab or None,
                "row": f.row or None,
                "name": f.name,
                "session": f.session_at,
                "booking_id": f.booking_id or None,
                "order_id": f.order_id or None,
                "status": f.status,
                "error": f.error,
            }
            for f in found
        ],
    }
