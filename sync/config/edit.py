"""The one change wixsync makes to the owner's config file: ``[sheet] start_date``, set by
``wixsync init``.

The file is edited as text, so every comment and blank line stays as the owner wrote it: an
existing ``start_date = …`` line under ``[sheet]`` is replaced (or the example's commented
``# start_date = …``), else the line is added after the section's last key. The result is
parsed again before it replaces the file (atomically, keeping its mode, owner and group), so
a file wixsync cannot read back is never written.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from datetime import date
from pathlib import Path

_SECTION = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*start_date\s*=")
_COMMENTED = re.compile(r"^\s*#\s*start_date\s*=")  # the example's line, commented out
_ANY_KEY = re.compile(r"^\s*[A-Za-z0-9_\"'-]+\s*=")


class ConfigNotEdited(Exception):
    """The start date could not be written; ``str()`` says why and what to write by hand."""


def read_start_date(path: Path) -> date | None:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = doc.get("sheet", {}).get("start_date") if isinstance(doc.get("sheet"), dict) else None
    return value if isinstance(value, date) else None


def set_start_date(path: Path, day: date) -> None:
    """Write ``start_date = <day>`` under ``[sheet]`` of the config file at ``path``."""
    by_hand = f"add `start_date = {day.isoformat()}` under [sheet] in {path} yourself"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigNotEdited(f"cannot read {path} ({type(exc).__name__}): {by_hand}") from None
    lines = text.splitlines(keepends=True)
    line = f"start_date = {day.isoformat()}  # rows before it are left alone (wixsync init)\n"
    start = next((i for i, t in enumerate(lines) if _section(t) == "sheet"), None)
    if start is None:
        raise ConfigNotEdited(f"{path} has no [sheet] section: {by_hand}")
    end = next((i for i in range(start + 1, len(lines)) if _section(lines[i])), len(lines))
    found = next((i for i in range(start + 1, end) if _KEY.match(lines[i])), None)
    if found is None:
        found = next((i for i in range(start + 1, end) if _COMMENTED.match(lines[i])), None)
    if found is not None:
        lines[found] = line
    else:
        last = max((i for i in range(start, end) if _ANY_KEY.match(lines[i])), default=start)
        if not lines[last].endswith("\n"):
            lines[last] += "\n"
        lines.insert(last + 1, line)
    new = "".join(lines)
    try:
        parsed = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        raise ConfigNotEdited(f"{path} could not be edited safely: {by_hand}") from None
    if parsed.get("sheet", {}).get("start_date") != day:
        raise ConfigNotEdited(f"{path} could not be edited safely: {by_hand}")
    _replace(path, new, by_hand)


def _section(line: str) -> str | None:
    found = _SECTION.match(line)
    return found.group(1).strip().strip("\"'") if found else None


def _replace(path: Path, text: str, by_hand: str) -> None:
    """Atomically, with the file's mode, owner and group (``/etc/wixsync/wixsync.toml`` is
    root:wixsync 0640: the service must still read it)."""
    try:
        was = path.stat()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise ConfigNotEdited(f"cannot write {path} ({exc.strerror}): {by_hand}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, was.st_mode & 0o777)
        now = os.stat(tmp)
        if (now.st_uid, now.st_gid) != (was.st_uid, was.st_gid):
            os.chown(tmp, was.st_uid, was.st_gid)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigNotEdited(f"cannot write {path} ({exc.strerror}): {by_hand}") from None
