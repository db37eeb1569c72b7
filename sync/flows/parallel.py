"""Per-row Wix calls, a few at a time, and the journal they write through.

A phase whose rows each need calls of their own (create a cart and place its order, record
a payment, charge a plan, cancel a booking) runs its rows on at most ``WORKERS`` threads.
Wix allows 200 calls a minute; at a real network's latency (a few hundred milliseconds a
call) one call at a time uses a third of that, four in flight keep the budget busy, and the
shared rate limiter (:class:`sync.wix.RateLimiter`, one per site) holds every thread to it.

* One row is handled by one thread from its first call to its last in a phase, and the
  phases run one after the other: a row's steps keep their order.
* The first row of a phase goes alone: it proves the site's way (Cart V2 or the Checkout v1
  fallback, mark-as-paid or Add Payments, which membership id a plan charge takes) before
  the others follow it, so a refusal that changes the way is met once, not four times.
* A failure in one thread stops the phase from starting more rows; the rows already under
  way finish their step, and the failure is raised as if the phase had run alone.
* The journal is written one call at a time (:class:`LockedJournal`): each advance is one
  SQLite transaction on the state's one connection, and the journal's memory of the rows
  changes with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

#: calls in flight at once for one site (the issue's 3–4; the rate limiter bounds the rest)
WORKERS = 4


def each(tasks: Iterable[T], work: Callable[[T], None], workers: int = WORKERS) -> None:
    """``work(task)`` for every task: the first alone, the rest on up to ``workers``
    threads. Raises the first exception a task raised, once the threads have stopped."""
    todo = list(tasks)
    if not todo:
        return
    work(todo[0])
    rest = iter(todo[1:])
    if workers <= 1 or len(todo) <= 2:
        for task in rest:
            work(task)
        return
    lock = threading.Lock()
    failed: list[BaseException] = []

    def worker() -> None:
        while True:
            with lock:
                task = None if failed else next(rest, None)
            if task is None:
                return
            try:
                work(task)
            except BaseException as exc:  # handed to the phase's thread
                with lock:
                    failed.append(exc)
                return

    threads = [
        threading.Thread(target=worker, name=f"wixsync-row-{n}", daemon=True)
        for n in range(min(workers, len(todo) - 1))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise failed[0]


class LockedJournal:
    """The journal (:class:`sync.state.Journal`) with every method call made under one
    lock: the row threads of a phase advance their rows through it."""

    def __init__(self, journal: Any) -> None:
        self._journal = journal
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._journal, name)
        if not callable(value):
            return value

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return value(*args, **kwargs)

        return locked
