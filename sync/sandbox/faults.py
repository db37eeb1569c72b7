"""Fault injection and the site-wide rate limit (control-plane features, not Wix paths).

A :class:`Fault` matches calls by route name (``"bookings.create"``, ``"*"`` for all) and
does one thing to them:

``latency``  sleep ``seconds`` before answering;
``rate_limit`` answer 429 (with ``Retry-After: retry_after`` when the switch says Wix sends it);
``error``    answer ``status`` (default 500) *before* anything is committed;
``drop``     commit, then drop the connection without an answer (outcome unknown);
``hang``     hang ``seconds`` (past the client's read timeout), committing first when
             ``commit`` is true.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Literal

FaultKind = Literal["latency", "rate_limit", "error", "drop", "hang"]
KINDS: tuple[str, ...] = ("latency", "rate_limit", "error", "drop", "hang")


@dataclass
class Fault:
    route: str
    kind: FaultKind
    #: how many matching calls it applies to; ``None`` = every one
    times: int | None = 1
    #: let this many matching calls through untouched first
    after: int = 0
    #: apply to a matching call with this probability (seeded, so runs replay)
    probability: float = 1.0
    status: int = 500
    seconds: float = 0.0
    commit: bool = True
    retry_after: int = 1
    seen: int = field(default=0)
    fired: int = field(default=0)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")

    def matches(self, route: str) -> bool:
        return self.route in ("*", route)

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class FaultBook:
    """The active faults. Thread-safe; consulted once per call."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._rng = random.Random(seed)

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pick(self, route: str) -> list[Fault]:
        """The faults that fire for this call (at most one of each kind)."""
        chosen: dict[str, Fault] = {}
        with self._lock:
            for fault in self._faults:
                if fault.spent or not fault.matches(route) or fault.kind in chosen:
                    continue
                fault.seen += 1
                if fault.seen <= fault.after:
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    continue
                fault.fired += 1
                chosen[fault.kind] = fault
        return list(chosen.values())

    def listing(self) -> list[dict[str, object]]:
        with self._lock:
            return [f.as_dict() for f in self._faults]


class RateLimiter:
    """A sliding one-minute window shared by the whole site (Wix documents 200/min)."""

    def __init__(self, per_minute: int | None = 200, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self) -> int | None:
        """``None`` when the call may go ahead, else the seconds until it could."""
        if not self.per_minute:
            return None
        with self._lock:
            now = self._clock()
            while self._calls and now - self._calls[0] >= 60.0:
                self._calls.popleft()
            if len(self._calls) >= self.per_minute:
                return max(1, math.ceil(60.0 - (now - self._calls[0])))
            self._calls.append(now)
            return None

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
