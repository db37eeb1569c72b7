"""A failure no one foresaw (a bug, or an answer of Wix's wixsync cannot read) on one row:
that row says so in its Error and is tried again after its back-off; the cycle ends, the
other rows of its batch are synced, and nothing is sent twice when the row is done later."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from sync.flows.runner import RowFlows
from tests.flows.invariants import approved_cash, linked_orders
from tests.proof.world import World, line

BEN = "ben.ortiz@example.org"
ROWS = [
    line("Ana Lee", "ana.lee@example.org", "cash"),
    line("Ben Ortiz", BEN, "cash"),
    line("Cara Nguyen", "cara.nguyen@example.org", "cash"),
]


def failing_for_ben(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recording a payment raises whenever Ben's row is among the rows it is asked for."""
    real = RowFlows.pay_in_person

    def pay_in_person(self: RowFlows, tasks: list[Any]) -> None:
        if any(t.attendee.email == BEN for t in tasks):
            raise KeyError("paymentStatus")
        real(self, tasks)

    monkeypatch.setattr(RowFlows, "pay_in_person", pay_in_person)


def test_one_row_failing_unexpectedly_stops_neither_the_cycle_nor_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = World(tmp_path, [list(r) for r in ROWS])
    with monkeypatch.context() as bug:
        failing_for_ben(bug)
        with caplog.at_level(logging.ERROR, logger="wixsync"):
            world.cycle()  # returns: the failure is the row's, not the cycle's
    by_name = {r["Name"]: r for r in world.records()}
    for name in ("Ana Lee", "Cara Nguyen"):
        assert by_name[name]["Error"] == ""
        assert "paid" in by_name[name]["Status"].lower()
    ben = by_name["Ben Ortiz"]
    assert ben["Error"].startswith("wixsync failed unexpectedly to record the payment")
    assert ben["Booking ID"]  # the steps before it stand
    assert any("failed unexpectedly" in r.getMessage() for r in caplog.records)
    assert any(r.exc_info for r in caplog.records)  # the traceback is in the log

    world.now += 60  # past the row's first back-off; the bug fixed
    world.cycle()
    by_name = {r["Name"]: r for r in world.records()}
    assert all(r["Error"] == "" for r in by_name.values()), by_name
    for r in by_name.values():
        (order,) = linked_orders(world.sandbox, r["Booking ID"])
        assert order["id"] == r["Order ID"]
        assert len(approved_cash(world.sandbox, order["id"])) == 1


def test_a_row_failing_alone_waits_its_back_off_and_the_cycle_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(tmp_path, [list(ROWS[1])])
    failing_for_ben(monkeypatch)
    world.cycle()
    world.now += 5  # within its back-off: not tried again
    report = world.cycle()
    assert not report.plan.syncs
    world.now += 60
    report = world.cycle()
    assert [s.why for s in report.plan.syncs] == ["retry"]
    assert world.records()[0]["Error"].startswith("wixsync failed unexpectedly")
