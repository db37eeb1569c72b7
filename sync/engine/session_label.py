"""A class session as the Class dropdown offers it, and back.

The live dropdown (:mod:`sync.extras.choices`) offers each upcoming session as one label::

    Sat 28 Apr 06:30 · Open Water Swim · 42/150

(day, start time, class, booked/capacity when it was offered). A volunteer who picks one has
said the date, the time and the class in one cell: :func:`read_label` takes them back out.
The count is ignored (it changes with every booking). Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sync.engine.dates import read_date, read_time
from sync.engine.input_problems import InputProblem

SEPARATOR = "·"  # U+00B7 MIDDLE DOT, with a space each side
_WHEN = re.compile(r"(?P<day>.+?)\s+(?P<at>\d{1,2}:\d{2})")


@dataclass(frozen=True)
class SessionLabel:
    day: date
    at: time
    class_name: str


def format_label(start: datetime, class_name: str, booked: int, capacity: int) -> str:
    """``start`` in the site's time zone → "Sat 28 Apr 06:30 · Open Water Swim · 42/150"."""
    return (
        f"{start:%a} {start.day} {start:%b} {start:%H:%M} {SEPARATOR} {class_name.strip()} "
        f"{SEPARATOR} {booked}/{capacity}"
    )


def read_label(text: str, *, today: date, order: str = "MDY") -> SessionLabel | None:
    """The session a Class cell names, when the cell is a label; ``None`` for a plain class
    name (or text that only looks like a label: it is then read as a class name, and Wix
    says no class has that name)."""
    if SEPARATOR not in text:
        return None
    parts = [p.strip() for p in text.split(SEPARATOR)]
    if len(parts) not in (2, 3) or not parts[1]:
        return None
    when = _WHEN.fullmatch(parts[0])
    if when is None:
        return None
    day = read_date(when["day"], when["day"], today=today, order=order)
    at = read_time(when["at"], when["at"])
    if isinstance(day, InputProblem) or isinstance(at, InputProblem):
        return None
    return SessionLabel(day, at, " ".join(parts[1].split()))
