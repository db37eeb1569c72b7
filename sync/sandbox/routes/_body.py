"""Small helpers for handlers: typed reads of a JSON body with Wix-style violations."""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors


def obj(body: Any, field: str, *, required: bool = False) -> dict[str, Any]:
    value = body.get(field) if isinstance(body, dict) else None
    if value is None:
        if required:
            raise errors.required(field)
        return {}
    if not isinstance(value, dict):
        raise errors.invalid(field, "must be an object")
    return value


def string(
    body: dict[str, Any], field: str, *, required: bool = False, path: str = ""
) -> str | None:
    value = body.get(field)
    name = f"{path}{field}"
    if value is None or value == "":
        if required:
            raise errors.required(name)
        return None
    if not isinstance(value, str):
        raise errors.invalid(name, "must be a string")
    return value


def boolean(body: dict[str, Any], field: str, default: bool = False, path: str = "") -> bool:
    value = body.get(field, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise errors.invalid(f"{path}{field}", "must be a boolean")
    return value


def array(
    body: dict[str, Any],
    field: str,
    *,
    required: bool = False,
    path: str = "",
    max_size: int | None = None,
) -> list[Any]:
    value = body.get(field)
    name = f"{path}{field}"
    if value is None:
        if required:
            raise errors.required(name)
        return []
    if not isinstance(value, list):
        raise errors.invalid(name, "must be an array")
    if required and not value:
        raise errors.invalid(name, "must have at least 1 item", "MIN_ITEMS")
    if max_size is not None and len(value) > max_size:
        raise errors.invalid(name, f"must have at most {max_size} items", "MAX_ITEMS")
    return value


def enum(value: Any, field: str, allowed: type) -> str:
    names = {member.value for member in allowed}  # type: ignore[attr-defined]
    if value not in names:
        raise errors.invalid(field, f"must be one of {', '.join(sorted(names))}", "ENUM")
    return str(value)


def paging_limit(query: dict[str, Any], default: int, maximum: int) -> int:
    paging = query.get("cursorPaging") or query.get("paging") or {}
    limit = paging.get("limit", default) if isinstance(paging, dict) else default
    if not isinstance(limit, int) or limit < 0 or limit > maximum:
        raise errors.InvalidArgument(
            "ILLEGAL_LIMIT", f"paging limit must be between 0 and {maximum}"
        )
    return limit
