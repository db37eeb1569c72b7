"""What a row meant when the daemon first read it, kept while its cells say the same.

* :func:`read_day` — the day a row is read as on: "today", "tomorrow", "Sat" keep the date
  they meant when the row was first read, whatever else is edited later;
* :func:`holds` — whether a row asks for the seat a row state is booked for (a Row ID
  copied onto another row stays with the row that does);
* :func:`session_said` — the session as the Status names it ("Tue 1 Dec 06:30").

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sync import words
from sync.engine.planner import identity, iso_day, name_key
from sync.engine.rowstate import RowState
from sync.sheet.writeback import _text


def holds(state: RowState, attendee: Any) -> bool:
    """The row state's booked seat is the one ``attendee`` asks for."""
    if not state.identity or identity(attendee) != state.identity:
        return False
    return not state.seat_name or name_key(attendee.name) == name_key(state.seat_name)


def read_day(state: RowState | None, cells: Mapping[str, Any], today: date) -> date:
    """The day a row is read as on: the day it was first read, while its Date cell says
    what it said then — so "today", "tomorrow" or "Sat" keep the date they meant, whatever
    else is edited later (unpaid → cash a week on) — else ``today``."""
    if state is None or not state.read_on or state.date_typed != _text(cells.get("date")):
        return today
    try:
        return iso_day(state.read_on)
    except ValueError:
        return today


def session_said(attendee: Any, session_at: str) -> str:
    """The session as the Status names it: Wix's start when known, else the row's own."""
    if session_at:
        try:
            start = datetime.fromisoformat(session_at)
        except ValueError:
            pass
        else:
            return words.session_when(start.date(), start.time())
    return words.session_when(attendee.session_date, attendee.session_time)
