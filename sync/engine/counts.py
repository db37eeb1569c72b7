"""Where each row of a cycle stands, counted once: what the CLI, the log and the exit code say.

Every row that is not blank is in exactly one of:

* **synced** — sent this cycle, and Wix holds what it asks for (``to sync`` in a plan);
* **waiting for a person** — its Error says what to fix (this cycle's, or one written
  before and not edited since); nothing is sent until someone edits it;
* **waiting for Wix** — Wix (or the network) failed for it and it is tried again by itself,
  or Wix has not settled its plan charge yet (``RowOutcome.pending``);
* **unchanged** — nothing to do: done before, and not edited since; or a row for a session
  before the start date that was never synced (``Plan.left_alone``): left alone on purpose,
  nobody has anything to fix, so it counts here (``sync --include-older`` syncs it once).

So the four numbers add up to the rows in the sheet. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sync.engine.planner import Plan, RowInput
    from sync.engine.rowstate import RowState
    from sync.flows.task import RowOutcome


@dataclass(frozen=True)
class Counts:
    synced: int = 0
    to_fix: int = 0
    waiting_wix: int = 0
    unchanged: int = 0
    #: of ``waiting_wix``, the rows Wix or the network failed (not a charge still settling)
    unreached: int = 0

    @property
    def total(self) -> int:
        return self.synced + self.to_fix + self.waiting_wix + self.unchanged


SYNCED, TO_FIX, WAITING_WIX, UNCHANGED = "synced", "to fix", "waiting for Wix", "unchanged"


class Counted(Protocol):
    """What counting reads of a cycle's report (:class:`sync.engine.report.CycleReport`)."""

    @property
    def plan(self) -> Plan: ...
    @property
    def rows(self) -> Sequence[RowInput]: ...
    @property
    def known(self) -> Mapping[str, RowState]: ...
    @property
    def outcomes(self) -> Mapping[str, RowOutcome]: ...


def where_rows_stand(report: Counted) -> dict[str, str]:
    """Row id → ``synced`` / ``to fix`` / ``waiting for Wix`` / ``unchanged`` (each row not
    blank once), with ``unreached`` marked as ``waiting for Wix!``."""
    from sync.engine.planner import Report, Sync  # here: `wixsync status` needs only Counts

    actions = {a.row_id: a for a in report.plan.actions}
    stand: dict[str, str] = {}
    for row in report.rows:
        if row.parsed.blank:
            continue
        action = actions.get(row.row_id)
        state = report.known.get(row.row_id)
        if isinstance(action, Report):
            stand[row.row_id] = TO_FIX if action.messages else UNCHANGED  # (a note taken back)
        elif isinstance(action, Sync):
            outcome = report.outcomes.get(row.row_id)
            if outcome is None:  # planned, not run (``wixsync plan``)
                stand[row.row_id] = SYNCED
            elif outcome.retry:
                stand[row.row_id] = WAITING_WIX + "!"
            elif outcome.pending:
                stand[row.row_id] = WAITING_WIX
            elif outcome.error:
                stand[row.row_id] = TO_FIX
            else:
                stand[row.row_id] = SYNCED
        elif state is not None and state.retry:
            # in its back-off (an Error says so), or a plan charge still settling (none)
            stand[row.row_id] = WAITING_WIX + ("!" if state.written.get("error") else "")
        elif state is not None and state.written.get("error"):
            stand[row.row_id] = TO_FIX
        else:
            stand[row.row_id] = UNCHANGED
    return stand


def count_rows(report: Counted) -> Counts:
    stand = list(where_rows_stand(report).values())
    return Counts(
        synced=stand.count(SYNCED),
        to_fix=stand.count(TO_FIX),
        waiting_wix=stand.count(WAITING_WIX) + stand.count(WAITING_WIX + "!"),
        unchanged=stand.count(UNCHANGED),
        unreached=stand.count(WAITING_WIX + "!"),
    )
