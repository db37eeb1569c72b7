"""A client-side rate limiter shared by all work (Wix documents 200 requests per minute)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most ``per_minute`` requests in any sliding minute; ``acquire`` waits for a slot.

    One instance is shared by every thread talking to a site, so concurrency never
    outruns the budget. ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        per_minute: int | None = 200,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_minute = per_minute
        self._clock, self._sleep = clock, sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a request may go; returns the seconds waited."""
        if not self.per_minute:
            return 0.0
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and now - self._sent[0] >= 60.0:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return waited
                delay = 60.0 - (now - self._sent[0]) + 0.001
            self._sleep(delay)
            waited += delay

    def pause(self, seconds: float) -> None:
        """Wix said 429 with Retry-After: nobody sends for ``seconds``."""
        with self._lock:
            now = self._clock()
            if not self.per_minute:
                return
            # fill the window so that the next slot opens after ``seconds``
            horizon = now + seconds - 60.0
            self._sent = deque([horizon] * self.per_minute)
