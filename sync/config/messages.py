"""pydantic's errors, in the owner's words: one line per problem, naming the key and the fix."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, get_args

from pydantic import BaseModel

from sync.config.file import ConfigFile
from sync.config.rules import looks_like_key
from sync.config.vocabulary import Meaning

_A_TABLE = "must be a table: a [section] of key = value lines, or { key = value }"
_TWO_SECONDS = "must be a list of two numbers of seconds, e.g. [5, 30]"
_TYPES = {
    "string_type": 'must be text in double quotes, e.g. "…"',
    "int_type": "must be a whole number, e.g. 15",
    "float_type": "must be a number",
    "bool_type": "must be true or false (no quotes)",
    "list_type": 'must be a list, e.g. ["one", "two"]',
    "tuple_type": _TWO_SECONDS,
    "too_short": _TWO_SECONDS,
    "too_long": _TWO_SECONDS,
    "dict_type": _A_TABLE,
    "model_type": _A_TABLE,
    "model_attributes_type": _A_TABLE,
}
_MISSING = {
    ("sheet",): 'add [sheet] with google = "<sheet key or URL>" or file = "<path>"',
    ("wix",): 'add [wix] with time_zone = "America/Denver" and site_id = "<your site id>"',
    ("wix", "time_zone"): 'set time_zone = "America/Denver" (the Wix site\'s time zone)',
}


def translate(err: Any) -> str:
    loc, kind, ctx, value = tuple(err["loc"]), err["type"], err.get("ctx") or {}, err["input"]
    if kind == "extra_forbidden":
        return _unknown(loc, value)
    if kind == "literal_error" and loc[-1] == "[key]":
        return _unknown(loc[:-1], {})
    if kind == "missing":
        return f"{key_at(loc)}: missing; {_MISSING.get(loc, 'see wixsync.example.toml')}"
    if kind == "value_error":
        text = str(ctx.get("error", "not a valid value"))
    elif kind == "literal_error":
        text = "must be one of " + str(ctx.get("expected", "")).replace("'", '"')
    else:
        text = _TYPES.get(kind, "not a valid value (see wixsync.example.toml)")
    if len(loc) < 2 or isinstance(value, dict):
        return f"{key_at(loc)}: {text}"
    return f"{key_at(loc)} = {show(value)}: {text}"


def _fields(table: tuple[Any, ...]) -> list[str]:
    """The keys the table at ``table`` knows (none when it is not a fixed table)."""
    if table == ("vocabulary", "payment"):
        return list(get_args(Meaning))
    model: Any = ConfigFile
    for part in table:
        hint = model.model_fields[part].annotation if part in model.model_fields else None
        model = next((a for a in (hint, *get_args(hint)) if isinstance(a, type)), None)
        if model is None or not issubclass(model, BaseModel):
            return []
    return list(model.model_fields)


def _unknown(loc: tuple[Any, ...], value: Any) -> str:
    key, table = str(loc[-1]), loc[:-1]
    known = _fields(table)
    close = [k for k in known if key in k or k in key]
    close = close or difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    homes = [s for s in ConfigFile.model_fields if s != "columns" and key in _fields((s,))]
    if not table and not isinstance(value, dict) and homes:
        return f"{_key(key)} = {show(value)}: put it under [{homes[0]}]"
    if not table:
        hint = f"did you mean [{close[0]}]?" if close else f"sections: {', '.join(known)}"
        return f"[{key}]: unknown section; {hint}"
    shown = key_at(loc) if isinstance(value, dict) else f"{key_at(loc)} = {show(value)}"
    if len(table) == 1 and homes:
        return f"{shown}: belongs under [{homes[0]}], not [{table[0]}]"
    hints = [f"did you mean {close[0]}?"] if close else []
    if not close or table == ("columns",):
        hints.append(f"{'K' if close else 'k'}nown keys: {', '.join(known)}")
    return f"{shown}: unknown key; " + " ".join(hints)


def _key(part: Any) -> str:
    text = str(part)
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else json.dumps(text, ensure_ascii=False)


def key_at(loc: tuple[Any, ...]) -> str:
    index = loc[-1] if loc and isinstance(loc[-1], int) else None
    parts = [p for p in loc if p != "[key]" and not isinstance(p, int)]
    if len(parts) <= 1:
        text = f"[{parts[0]}]" if parts else "(top of the file)"
    else:
        text = f"[{'.'.join(_key(p) for p in parts[:-1])}] {_key(parts[-1])}"
    return text if index is None else f"{text} (item {index + 1})"


def show(value: Any) -> str:
    if looks_like_key(value, under_wix=True):
        return "<hidden: looks like a key>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    else:
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"
