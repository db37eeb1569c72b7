"""A restarted daemon and the owner's summary tab: built again only when what it is built
from changed while the daemon was stopped (the rows, the journal), never just because the
process is new — so the first cycle of a start parses no settled row and calls no Wix."""

from __future__ import annotations

from typing import Any

import pytest

import sync.engine.parsed
from sync.extras.summary_hook import INPUTS
from sync.state import Journal, Point, connect
from tests.extras.summary.test_summary import block, settle, summary_of, world
from tests.proof.world import World

__all__ = ["world"]  # the fixture, shared with the summary's own suite


def synced(world: World) -> list[list[Any]]:
    """A class synced and settled by one daemon process, then stopped: the tab it left."""
    with world.open() as runtime:
        runtime.engine.run_cycle()
        settle(world, runtime)
        world.now += 60
        runtime.engine.run_cycle()
    return summary_of(world)


def tab_writes(world: World) -> int:
    return world.sheets.counts().by_endpoint.get("spreadsheets.batchUpdate", 0)


def test_a_restart_with_nothing_changed_builds_nothing_and_writes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = synced(world)
    monkeypatch.setattr(sync.engine.parsed, "CHECK", False)  # the parse really put off
    writes = tab_writes(world)
    with world.open() as runtime:
        parsed: list[str] = []
        parse = runtime.engine.parse

        def counted(cells: Any, *, row_id: str, today: Any) -> Any:
            parsed.append(row_id)
            return parse(cells, row_id=row_id, today=today)

        runtime.engine.parse = counted
        world.now += 60
        report = runtime.engine.run_cycle()
        settled = [r for r in report.rows if r.settled is not None]
        errors = [r for r in world.records() if r["Error"]]
        # the booked rows without an error are planned from their state alone; a row whose
        # attendee is asked for later is parsed then, once
        assert len(settled) == len(world.records()) - len(errors) > 0
        assert len(parsed) == len(errors)
        one = settled[0]
        assert one.parsed.attendee is not None
        assert one.parsed.attendee is one.parsed.attendee
        assert parsed[-1] == one.row_id
        assert len(parsed) == len(errors) + 1
    assert not report.plan.actions
    assert report.wix_calls == 0
    assert tab_writes(world) == writes
    assert summary_of(world) == before


def test_a_journal_line_written_while_stopped_builds_the_summary_again(world: World) -> None:
    before = block(synced(world))
    db = connect(world.state_path)
    try:  # another process (an owner's command) records a cancel while the daemon is stopped
        journal = Journal(db)
        kept = journal.setting(INPUTS)
        jade = next(r for r in journal.all() if r.booking_id and r.paid_via is None)
        journal.advance(jade.row_id, Point.CANCELLED, "cancelled by the owner")
    finally:
        db.close()
    writes = tab_writes(world)
    with world.open() as runtime:
        world.now += 60
        runtime.engine.run_cycle()
        assert runtime.journal.setting(INPUTS) != kept
    assert tab_writes(world) == writes + 1
    assert block(summary_of(world))["Owes"][0] == before["Owes"][0] - 1


def test_rows_edited_while_stopped_build_the_summary_again(world: World) -> None:
    synced(world)
    names = [r["Name"] for r in world.records()]
    world.human().set_cell(f"F{names.index('Jade Kim') + 2}", "cash")
    world.now += 60
    world.cycle()
    assert block(summary_of(world))["Owes"][0] == 0
