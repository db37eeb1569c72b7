"""Issue 16: a phase's per-row calls go a few at a time — never more than four in flight,
the first row alone, each row's steps in order — and a failure stops the phase as it would
have stopped one row after another."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sync.flows.parallel import WORKERS, each
from sync.sandbox import build_sandbox
from tests.conftest import NOW
from tests.flows.conftest import Harness, person
from tests.flows.invariants import assert_exactly_once


class Recorder:
    def __init__(self, pause: float = 0.02) -> None:
        self.pause = pause
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.events: list[tuple[str, int]] = []

    def __call__(self, task: int) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.events.append(("start", task))
        time.sleep(self.pause)
        with self.lock:
            self.running -= 1
            self.events.append(("end", task))


def test_the_first_row_goes_alone_then_at_most_four_at_once() -> None:
    work = Recorder()
    each(range(20), work)
    assert work.events[:2] == [("start", 0), ("end", 0)]
    assert sorted(t for kind, t in work.events if kind == "end") == list(range(20))
    assert work.most == WORKERS == 4


def test_a_failing_row_stops_the_phase_and_is_raised() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def work(task: int) -> None:
        with lock:
            started.append(task)
        time.sleep(0.01)
        if task == 3:
            raise KeyError("row 3")

    with pytest.raises(KeyError, match="row 3"):
        each(range(100), work)
    assert len(started) < 20, "no new row starts once one failed"


def test_a_class_of_walk_ins_is_paid_four_at_a_time_each_exactly_once(tmp_path: Path) -> None:
    """24 cash walk-ins against a Wix that takes 30 ms a call: the carts, orders and
    payments overlap (never more than four at once), each row's cart comes before its
    order, and each seat is booked, ordered and paid once."""
    sandbox = build_sandbox(now=NOW, rate_limit=None, latency=0.03)
    harness = Harness(sandbox, tmp_path / "state.sqlite3")
    people = [person(f"r{i:02d}", f"walk.in{i:02d}@example.org", attended=None) for i in range(24)]
    out = harness.run(people)
    assert all(o.error is None for o in out.values())
    per_row = [e for e in sandbox.log if e.route in ("cart.create", "cart.place_order")]
    spans = sorted((e.at, e.at + 0.03) for e in per_row)
    most = max(sum(1 for s, f in spans if s <= start < f) for start, _ in spans)
    assert 2 <= most <= 4
    carts = {e.seq: e for e in sandbox.log if e.route == "cart.create"}
    placed = [e for e in sandbox.log if e.route == "cart.place_order"]
    assert len(carts) == len(placed) == 24
    assert min(e.seq for e in placed) > min(carts)  # an order follows its cart
    assert_exactly_once(sandbox, people, settled=True)
