"""A cycle over an unchanged sheet and an unchanged state plans what the last one did.

The plan is a pure function of the rows read, the state, the day and the clock — and the
clock counts only for rows waiting out a back-off. So when the session hands over the same
rows as the last cycle (it found the sheet as it was, :meth:`SheetSession.read`), the state
is the same (no write since, by this process or another: :meth:`Kept.generation`), the day
and the cycle's options too, and no row is waiting out a back-off, the last idle cycle's
report is the answer again: an idle cycle then costs the read, not a pass over every row.

Only a plan with nothing to do is kept: a cycle that does something changes the state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sync.engine.counts import Counts, count_rows

if TYPE_CHECKING:
    from sync.engine.report import CycleReport
    from sync.sheet.session import SheetRow


@dataclass
class _Idle:
    rows: list[SheetRow]
    key: tuple[Any, ...]
    report: CycleReport
    counts: Counts | None = None


class LastIdle:
    def __init__(self) -> None:
        self._last: _Idle | None = None

    def again(self, rows: list[SheetRow], key: tuple[Any, ...]) -> CycleReport | None:
        """A report like the last idle one, if ``rows`` (the same list) and ``key`` (the
        state's generation, the day, the options) are those it was planned from."""
        last = self._last
        if last is None or rows is not last.rows or key != last.key:
            return None
        if last.counts is None:
            last.counts = count_rows(last.report)
        was = last.report
        return replace(
            was,
            plan=replace(was.plan, actions=[]),
            outcomes={},
            written_rows=0,
            skipped_rows=[],
            wix_calls=0,
            rows=list(was.rows),
            counted=last.counts,
        )

    def remember(
        self, rows: list[SheetRow], key: tuple[Any, ...], report: CycleReport, *, timed: bool
    ) -> None:
        """Keep ``report`` for the next cycle if it plans nothing and nothing in it waits on
        the clock (``timed``: a row in its back-off)."""
        idle = not report.plan.actions and not timed
        self._last = _Idle(rows, key, report) if idle else None
