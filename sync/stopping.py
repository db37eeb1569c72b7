"""Waits that end when the daemon is asked to stop.

Every sleep wixsync does while a cycle runs — the rate limiter's, a retry's back-off, a
``Retry-After`` — goes through :func:`sleep`. When SIGTERM (or Ctrl+C) arrives, the signal
handler calls :func:`request_stop`: the sleep in progress returns at once by raising
:class:`Stopping`, which ends the cycle where it is. Each step already done is in the
journal, so the next start goes on from there; nothing waits out a long back-off.
"""

from __future__ import annotations

import threading

_STOP = threading.Event()


class Stopping(Exception):
    """The daemon was asked to stop while waiting."""


def request_stop() -> None:
    """Safe from a signal handler: only sets an event."""
    _STOP.set()


def reset() -> None:
    """For a new run in the same process (tests, several commands in one session)."""
    _STOP.clear()


def stop_requested() -> bool:
    return _STOP.is_set()


def sleep(seconds: float) -> None:
    """Sleep ``seconds``, or raise :class:`Stopping` as soon as a stop is requested."""
    if seconds <= 0:
        if _STOP.is_set():
            raise Stopping
        return
    if _STOP.wait(seconds):
        raise Stopping
