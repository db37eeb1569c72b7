"""Wix query-language filters (``$eq``, ``$in``, ``$hasSome``…) over REST-shaped dicts.

Each endpoint declares which filter fields it supports, mapped to where the value lives in
the stored object (Extended Bookings filters ``bookedEntity.item.slot.eventId`` while the
booking stores ``bookedEntity.slot.eventId``). An undeclared field is a 400, as Wix answers
``UNSUPPORTED_FILTER`` for fields a query does not support.

A cursor (:func:`encode_cursor`) is opaque to the caller: the query and the next offset,
base64url JSON.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sync.sandbox import errors

Getter = Callable[[dict[str, Any]], Any]

OPERATORS = (
    "$eq",
    "$ne",
    "$in",
    "$nin",
    "$gt",
    "$gte",
    "$lt",
    "$lte",
    "$exists",
    "$startsWith",
    "$hasSome",
    "$hasAll",
    "$isEmpty",
)


def path(dotted: str) -> Getter:
    """Read a dotted path; a list along the way yields the list of values under it."""
    parts = dotted.split(".")

    def get(obj: Any) -> Any:
        values: list[Any] = [obj]
        many = False
        for part in parts:
            nxt: list[Any] = []
            for value in values:
                if isinstance(value, list):
                    many = True
                    nxt.extend(v.get(part) for v in value if isinstance(v, dict))
                elif isinstance(value, dict):
                    nxt.append(value.get(part))
            values = nxt
        if many:
            flat: list[Any] = []
            for v in values:
                flat.extend(v if isinstance(v, list) else [v])
            return [v for v in flat if v is not None]
        return values[0] if values else None

    return get


def _compare(op: str, actual: Any, expected: Any, case_sensitive: bool) -> bool:
    def norm(v: Any) -> Any:
        return v.lower() if isinstance(v, str) and not case_sensitive else v

    if op == "$exists":
        return (actual is not None and actual != []) == bool(expected)
    if op in ("$hasSome", "$hasAll"):
        have = {
            norm(v) for v in (actual if isinstance(actual, list) else [actual]) if v is not None
        }
        want = {norm(v) for v in expected}
        return bool(have & want) if op == "$hasSome" else want <= have
    if op == "$isEmpty":
        return (not actual) == bool(expected)
    if isinstance(actual, list):  # any element matching counts, as for array fields in Wix
        return any(_compare(op, a, expected, case_sensitive) for a in actual)
    a, e = (
        norm(actual),
        (norm(expected) if not isinstance(expected, list) else [norm(x) for x in expected]),
    )
    if op == "$eq":
        return a == e
    if op == "$ne":
        return a != e
    if op == "$in":
        return a in e
    if op == "$nin":
        return a not in e
    if op == "$startsWith":
        return isinstance(a, str) and a.startswith(e)
    if a is None:
        return False
    try:
        return {"$gt": a > e, "$gte": a >= e, "$lt": a < e, "$lte": a <= e}[op]
    except TypeError:
        return False


def compile_filter(
    filt: Mapping[str, Any] | None,
    fields: Mapping[str, Getter],
    *,
    case_insensitive: Iterable[str] = (),
) -> Callable[[dict[str, Any]], bool]:
    """Turn a Wix filter into a predicate; refuse unsupported fields and operators."""
    if not filt:
        return lambda _obj: True
    if not isinstance(filt, Mapping):
        raise errors.InvalidArgument("MALFORMED_FILTER", "filter must be an object")
    lowered = set(case_insensitive)
    tests: list[Callable[[dict[str, Any]], bool]] = []
    for key, cond in filt.items():
        if key in ("$and", "$or"):
            subs = [compile_filter(c, fields, case_insensitive=lowered) for c in cond]
            if key == "$and":
                tests.append(lambda o, subs=subs: all(s(o) for s in subs))
            else:
                tests.append(lambda o, subs=subs: any(s(o) for s in subs))
            continue
        if key == "$not":
            sub = compile_filter(cond, fields, case_insensitive=lowered)
            tests.append(lambda o, sub=sub: not sub(o))
            continue
        if key not in fields:
            raise errors.InvalidArgument(
                "UNSUPPORTED_FILTER",
                f"Filtering by '{key}' is not supported",
                data={"field": key, "supported": sorted(fields)},
            )
        getter = fields[key]
        ops = cond if isinstance(cond, Mapping) else {"$eq": cond}
        for op, expected in ops.items():
            if op not in OPERATORS:
                raise errors.InvalidArgument(
                    "MALFORMED_FILTER", f"Unknown operator '{op}' on '{key}'"
                )
            if op in ("$in", "$nin", "$hasSome", "$hasAll") and not isinstance(expected, list):
                raise errors.InvalidArgument(
                    "MALFORMED_FILTER", f"'{op}' on '{key}' needs an array"
                )
            sensitive = key not in lowered
            tests.append(
                lambda o, g=getter, op=op, e=expected, s=sensitive: _compare(op, g(o), e, s)
            )
    return lambda obj: all(t(obj) for t in tests)


def sort_key(
    sort: list[dict[str, Any]] | None, fields: Mapping[str, Getter]
) -> list[tuple[Getter, bool]]:
    result = []
    for spec in sort or []:
        name = spec.get("fieldName")
        if name not in fields:
            raise errors.InvalidArgument(
                "UNSUPPORTED_SORT_FIELD", f"Sorting by '{name}' is not supported"
            )
        result.append((fields[name], spec.get("order", "ASC") == "DESC"))
    return result


def apply_sort(
    items: list[dict[str, Any]], keys: list[tuple[Getter, bool]]
) -> list[dict[str, Any]]:
    for getter, desc in reversed(keys):
        items = sorted(items, key=lambda o, g=getter: (g(o) is None, g(o) or ""), reverse=desc)
    return items


# -- cursors -------------------------------------------------------------------------------
def encode_cursor(filt: Any, sort: Any, offset: int) -> str:
    text = json.dumps({"filter": filt, "sort": sort, "offset": offset}, sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        int(state["offset"])
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.InvalidArgument(
            "INVALID_CURSOR", "cursor is not one this API returned"
        ) from exc
    return state
