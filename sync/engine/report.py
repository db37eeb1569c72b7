"""What one cycle did, and what may plug into a cycle: the engine's report (read by the CLI,
the daemon, the exit code and the owner's extras) and the cycle hook's seam."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from sync.engine.counts import Counts, count_rows
from sync.engine.planner import Plan, RowInput
from sync.engine.rowstate import RowState

if TYPE_CHECKING:
    from sync.flows.task import RowOutcome
    from sync.sheet.session import Snapshot


@dataclass
class CycleReport:
    plan: Plan = field(default_factory=Plan)
    outcomes: dict[str, RowOutcome] = field(default_factory=dict)
    written_rows: int = 0
    skipped_rows: list[str] = field(default_factory=list)
    brake: str | None = None
    wix_calls: int = 0
    rows: list[RowInput] = field(default_factory=list)
    known: dict[str, RowState] = field(default_factory=dict)  # row states as read
    holding: set[str] = field(default_factory=set)  # rows whose journal holds a booking
    cancelled: set[str] = field(default_factory=set)  # of those, the cancelled ones
    days: dict[str, date] = field(default_factory=dict)  # the day each row was read as on
    #: the site's checks so far (:func:`sync.flows.strategy.site_checks`), read when planned
    site_checks: int = 0
    #: the counts, when known already (an unchanged cycle's: sync.engine.unchanged)
    counted: Counts | None = field(default=None, repr=False)

    @property
    def wix_down(self) -> bool:
        """Every row the cycle tried failed for a reason a retry may fix: Wix is down (or
        the network), not these rows (a row failing in a way no one foresaw is its own)."""
        return bool(self.outcomes) and all(
            o.retry and not o.unforeseen for o in self.outcomes.values()
        )

    @property
    def counts(self) -> Counts:
        """Each row once: synced, waiting for a person, waiting for Wix, or unchanged."""
        return self.counted if self.counted is not None else count_rows(self)

    @property
    def errors(self) -> int:
        """The rows waiting for a person (their Error says what to fix)."""
        return self.counts.to_fix


class CycleHook(Protocol):
    """Work a cycle does besides the rows (the roster, the dropdowns, the owner's summary,
    alerts). A hook's failure is logged and never stops the sync of the rows."""

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        """May change the sheet (add rows, say); returns the snapshot to plan from, re-read
        if it changed the sheet, or ``None`` to keep ``snapshot``."""
        ...

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        """Runs after the rows' results are written and remembered."""
        ...
