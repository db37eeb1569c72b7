"""The sandbox's request log: one entry per API call, recorded by the HTTP edge
(:mod:`sync.sandbox.app`) and served by the control plane (``GET /_sandbox/requests``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class LogEntry:
    seq: int
    at: float
    method: str
    path: str
    route: str | None
    status: int
    body: Any
    query: dict[str, list[Any]]
    fault: str | None = None
