"""A client-side rate limiter shared by all work (Wix documents 200 requests per minute).

The limiter counts a request when it is sent; Wix counts it when it arrives, a network's
latency later, and that latency varies. A request sent just inside the limiter's minute can
arrive inside Wix's previous one, so the budget keeps a margin unused: 5 % of the rate
(190 of 200 a minute), and the minute's edge gives no 429.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

#: the share of the rate kept unused (rounded down: a rate under 20 a minute keeps none)
MARGIN = 0.05


class RateLimiter:
    """At most ``budget`` requests (``per_minute`` less the margin) in any sliding minute;
    ``acquire`` waits for a slot.

    One instance is shared by every thread talking to a site, so concurrency never
    outruns the budget. ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        per_minute: int | None = 200,
        *,
        margin: float = MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_minute = per_minute
        #: what is sent in any minute: the rate less ``margin`` of it, at least one
        self.budget = max(per_minute - int(per_minute * margin), 1) if per_minute else None
        self._clock, self._sleep = clock, sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a request may go; returns the seconds waited."""
        if not self.budget:
            return 0.0
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and now - self._sent[0] >= 60.0:
                    self._sent.popleft()
                if len(self._sent) < self.budget:
                    self._sent.append(now)
                    return waited
                delay = 60.0 - (now - self._sent[0]) + 0.001
            self._sleep(delay)
            waited += delay

    def pause(self, seconds: float) -> None:
        """Wix said 429 with Retry-After: nobody sends for ``seconds``."""
        with self._lock:
            now = self._clock()
            if not self.budget:
                return
            # fill the window so that the next slot opens after ``seconds``
            horizon = now + seconds - 60.0
            self._sent = deque([horizon] * self.budget)
