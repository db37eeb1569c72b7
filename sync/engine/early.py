"""Rows written to the sheet while a long cycle still runs.

The row flows hand back each group of rows as it is done (:meth:`sync.flows.RowFlows.run`'s
``on_done``: 8 rows, then 16, 32, …). Once a cycle has run ``EARLY_AFTER`` seconds, each
such group is written at once — a pasted class of 100 shows its first Booking IDs within
seconds, not when the last row is paid — the same way the cycle's last write goes: the sheet
read again, every value placed by Row ID, a row a volunteer typed into since it was read
left for the next cycle, one RAW batch. A row written here is remembered here and not
written again at the cycle's end.

A short cycle (one group, or done before ``EARLY_AFTER``) writes nothing early: it keeps
its two reads and one write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from sync.engine.planner import Sync

if TYPE_CHECKING:
    from sync.engine.report import CycleReport
    from sync.engine.rowstate import RowState, RowStates
    from sync.flows.task import RowOutcome
    from sync.sheet.session import SheetSession, Snapshot

#: seconds a cycle runs before the rows it has done are written while it goes on
EARLY_AFTER = 5.0


class Engine(Protocol):
    """What early writes use of the cycle's engine (:class:`sync.engine.cycle.Engine`)."""

    session: SheetSession
    states: RowStates
    clock: Callable[[], float]
    early_after: float

    def _results(
        self, snapshot: Snapshot, report: CycleReport, only: set[str] | None = None
    ) -> tuple[dict[str, dict[str, Any]], list[RowState]]: ...


class EarlyWrites:
    """``on_done`` for one cycle: writes the rows done so far once the cycle is long."""

    def __init__(self, engine: Engine, snapshot: Snapshot, report: CycleReport) -> None:
        self.engine, self.snapshot, self.report = engine, snapshot, report
        self.started = engine.clock()
        #: rows whose values are in the sheet (or had none to write) and whose state is saved
        self.placed: set[str] = set()
        self.writes = 0  # batch writes sent
        self.written = 0  # rows those wrote

    def __call__(self, outcomes: list[RowOutcome]) -> None:
        report = self.report
        report.outcomes.update({o.row_id: o for o in outcomes})
        if self.engine.clock() - self.started < self.engine.early_after:
            return
        ready = {
            a.row_id
            for a in report.plan.actions
            if not isinstance(a, Sync) or a.row_id in report.outcomes
        } - self.placed
        if not ready:
            return
        values, states = self.engine._results(self.snapshot, report, only=ready)
        placed: set[str] = set()
        if values:
            placement = self.engine.session.write_back(self.snapshot, values)
            placed = set(placement.placed)
            self.writes += 1
            self.written += len(placed)
        kept = [s for s in states if s.row_id in placed or s.row_id not in values]
        self.engine.states.save(kept)
        self.placed |= {s.row_id for s in kept}

    def left(self, values: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        """The cycle's last values without the rows already written."""
        return {row_id: v for row_id, v in values.items() if row_id not in self.placed}
