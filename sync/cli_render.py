"""What ``wixsync plan``, ``sync --once`` and ``status`` print: rich tables over a cycle's
report or the state file, each ending with counts that add up (``sync.engine.counts``).

Every text that comes from the sheet, Wix or the state goes through :func:`sync.redact.shown`
(redacted, then markup-escaped): a Name typed as ``[/]`` or ``[bold red]`` prints as typed."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from sync import words
from sync.engine.counts import Counts
from sync.engine.cycle import CycleReport
from sync.engine.planner import Sync
from sync.redact import shown


def print_plan(console: Console, report: CycleReport) -> None:
    rows = {r.row_id: r for r in report.rows}
    counts = report.counts
    table = Table(title=f"Plan: {words.row_counts(counts, planned=True)}")
    for column in ("Row", "Action", "Who", "Details"):
        table.add_column(column, overflow="fold")
    for action in report.plan.actions:
        row = rows[action.row_id]
        if isinstance(action, Sync):
            a = action.attendee
            detail = f"{a.class_name} {a.session_date:%a %-d %b} · {a.payment.value}"
            detail += f" ({a.plan})" if a.plan else ""
            table.add_row(
                str(row.index),
                shown(f"sync ({action.why})"),
                shown(a.name or a.email),
                shown(detail),
            )
        else:
            table.add_row(str(row.index), "[red]report[/]", "", shown(" ".join(action.messages)))
    if report.plan.actions:
        console.print(table)
    else:
        console.print(_nothing_to_do(counts))


def print_cycle(console: Console, report: CycleReport) -> None:
    rows = {r.row_id: r for r in report.rows}
    counts = report.counts
    calls = f"{report.wix_calls} Wix call{'' if report.wix_calls == 1 else 's'}"
    table = Table(title=f"{words.row_counts(counts)} · {calls}")
    for column in ("Row", "Status", "Error"):
        table.add_column(column, overflow="fold")
    for row_id, outcome in report.outcomes.items():
        table.add_row(str(rows[row_id].index), shown(outcome.status), shown(outcome.error or ""))
    for action in report.plan.actions:
        if not isinstance(action, Sync):
            table.add_row(str(rows[action.row_id].index), "", shown(" ".join(action.messages)))
    if report.plan.actions:
        console.print(table)
    else:
        console.print(_nothing_to_do(counts))
    if report.skipped_rows:
        console.print(
            f"{len(report.skipped_rows)} rows changed while syncing; they are written next cycle."
        )


def _nothing_to_do(counts: Counts) -> str:
    if counts.total == counts.unchanged:
        return f"Nothing to do: every row is in sync ({words.row_counts(counts)})."
    return f"Nothing to do now. {words.row_counts(counts)}."


def print_status(
    console: Console, runs: list[dict[str, Any]], states: dict[str, Any], header: str
) -> None:
    console.print(header)
    table = Table(title="Recent runs")
    for column in (
        "Run",
        "Started",
        "Rows",
        "Synced",
        "To fix",
        "Waiting for Wix",
        "Unchanged",
        "Wix calls",
        "Result",
    ):
        table.add_column(column)
    for r in runs:
        seen, synced, to_fix = r["rows_seen"], r["rows_synced"], r["rows_in_error"]
        waiting = r.get("rows_waiting_wix") or 0
        table.add_row(
            str(r["run_id"]),
            shown(r["started_at"]),
            str(seen),
            str(synced),
            str(to_fix),
            str(waiting),
            str(max(seen - synced - to_fix - waiting, 0)),
            str(r["wix_calls"]),
            shown(r["result"]),
        )
    console.print(table)
    last = next((r for r in runs if r["result"] == "ok"), None)
    if last is not None:
        seen, synced, to_fix = last["rows_seen"], last["rows_synced"], last["rows_in_error"]
        waiting = last.get("rows_waiting_wix") or 0
        counts = Counts(synced, to_fix, waiting, max(seen - synced - to_fix - waiting, 0))
        console.print(f"Last cycle: {words.row_counts(counts)}.")
    errors = [s for s in states.values() if s.written.get("error")]
    if errors:
        console.print(f"Errors last written ({len(errors)}, rows deleted since included):")
    for s in errors[:20]:
        console.print(f"  [red]{shown(s.row_id)}[/]: {shown(s.written['error'])}")
