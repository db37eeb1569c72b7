"""Small helpers every row phase uses: batching, and turning a Wix failure into a row
problem."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sync.flows import problems as p
from sync.wix import WixAPIError


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unavailable(step: str, exc: Exception) -> p.RowProblem:
    """A failed call as the row's problem: a refusal a person must look at, or Wix being
    unreachable (retried by a later cycle)."""
    if isinstance(exc, WixAPIError) and exc.rejected:
        if exc.status == 403:
            return p.MissingPermission(exc.data.get("permission", exc.code), step)
        return p.WixRefused(step, exc.code, exc.description, exc.request_id)
    return p.WixUnavailable(step, str(exc))


def not_served(exc: WixAPIError) -> bool:
    """Evidence that the site does not offer a method to this key: a permission refusal,
    or a 404 that carries no Wix application error (the path itself is unknown). A 404
    about one object (``ORDER_NOT_FOUND``) is not."""
    if exc.status == 403:
        return True
    return exc.status == 404 and exc.code in ("404", "NOT_FOUND", "")
