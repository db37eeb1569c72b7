"""Fault injection and the per-minute quota (control-plane features, not Sheets paths).

A :class:`Fault` matches calls by endpoint name (``"values.get"``, ``"values.batchUpdate"``,
``"spreadsheets.get"``, ``"spreadsheets.batchUpdate"``, ``"values.append"``, …, ``"token"``),
by group (``"reads"``, ``"writes"``) or ``"*"`` for every API call, and does one thing:

``quota``        429 ``RESOURCE_EXHAUSTED`` with Google's quota body (read or write variant);
``error``        ``status`` 500 ``INTERNAL`` or 503 ``UNAVAILABLE`` before anything is applied;
``bad_gateway``  502 with an HTML body (gspread then gives ``APIError.code == -1``);
``latency``      sleep ``seconds`` first, then answer normally;
``hang``         answer only after ``seconds`` (set it past the client's read timeout);
                 with ``commit`` the request is applied first, so the outcome is unknown;
``drop``         close the connection without an answer; with ``commit`` (the default) the
                 request is applied first.

:class:`Quota` is a sliding one-minute window per kind (reads, writes), like Google's
per-user quota (60 each by default, reference §2); a batch counts as one request, token
requests and the control plane never count.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultKind = Literal["quota", "error", "bad_gateway", "latency", "hang", "drop"]
KINDS: tuple[str, ...] = ("quota", "error", "bad_gateway", "latency", "hang", "drop")


@dataclass
class Fault:
    endpoint: str
    kind: FaultKind
    #: how many matching calls it applies to; ``None`` = every one
    times: int | None = 1
    #: let this many matching calls through untouched first
    after: int = 0
    status: int = 500
    seconds: float = 0.0
    commit: bool = True
    seen: int = field(default=0)
    fired: int = field(default=0)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")
        if self.kind == "error" and self.status not in (500, 503):
            raise ValueError("an 'error' fault answers 500 or 503 (use 'bad_gateway' for 502)")

    def matches(self, endpoint: str, kind: str | None) -> bool:
        groups = {"*"} if endpoint != "token" else set()
        if kind:
            groups.add(f"{kind}s")
        return self.endpoint == endpoint or self.endpoint in groups

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    """The active faults. Thread-safe; consulted once per call."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pick(self, endpoint: str, kind: str | None) -> dict[str, Fault]:
        """The faults that fire for this call, by kind (at most one of each)."""
        chosen: dict[str, Fault] = {}
        with self._lock:
            for fault in self._faults:
                if fault.spent or fault.kind in chosen or not fault.matches(endpoint, kind):
                    continue
                fault.seen += 1
                if fault.seen <= fault.after:
                    continue
                fault.fired += 1
                chosen[fault.kind] = fault
        return chosen

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.as_dict() for f in self._faults]


class Quota:
    """Requests per minute, per kind; ``None`` switches a kind's limit off."""

    def __init__(
        self,
        reads_per_minute: int | None = 60,
        writes_per_minute: int | None = 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits: dict[str, int | None] = {"read": reads_per_minute, "write": writes_per_minute}
        self._clock = clock
        self._calls: dict[str, deque[float]] = {"read": deque(), "write": deque()}
        self._lock = threading.Lock()

    def set(self, reads_per_minute: int | None, writes_per_minute: int | None) -> None:
        with self._lock:
            self.limits = {"read": reads_per_minute, "write": writes_per_minute}
            for calls in self._calls.values():
                calls.clear()

    def admit(self, kind: str) -> bool:
        """Count the call if the window has room; ``False`` means answer 429."""
        limit = self.limits.get(kind)
        with self._lock:
            calls = self._calls[kind]
            now = self._clock()
            while calls and now - calls[0] >= 60.0:
                calls.popleft()
            if limit is not None and len(calls) >= limit:
                return False
            calls.append(now)
            return True

    def used(self, kind: str) -> int:
        with self._lock:
            now = self._clock()
            return sum(1 for t in self._calls[kind] if now - t < 60.0)

    def reset(self) -> None:
        with self._lock:
            for calls in self._calls.values():
                calls.clear()
