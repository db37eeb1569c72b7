"""What every Wix bulk method answers beside its per-item results."""

from __future__ import annotations

from typing import Any


def metadata(results: list[dict[str, Any]]) -> dict[str, int]:
    """``bulkActionMetadata`` for ``results`` (each with ``itemMetadata.success``): the
    sandbox details every failure, so none is undetailed."""
    ok = sum(1 for r in results if r["itemMetadata"]["success"])
    return {"totalSuccesses": ok, "totalFailures": len(results) - ok, "undetailedFailures": 0}
