"""What ``wixsync plan``, ``sync`` and ``status`` print: rich tables over a cycle's report or
the state file, each ending with counts that add up (``sync.engine.counts``), rows named by
their number in the sheet; or, with ``--json``, one JSON document of a stable shape (README:
"--json"). Tables fit 80 columns: long texts fold, times are the club's, in short forms.

Every text that comes from the sheet, Wix or the state goes through :func:`sync.redact.shown`
(redacted, then markup-escaped): a Name typed as ``[/]`` or ``[bold red]`` prints as typed.
The JSON is redacted too."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click
from rich import box
from rich.console import Console
from rich.table import Table

from sync import words
from sync.cli.output import quiet, silent
from sync.engine.counts import Counts
from sync.redact import redact, redact_value, shown

if TYPE_CHECKING:  # `wixsync status` imports no engine: neither pandas nor the Wix client
    from sync.engine.report import CycleReport
    from sync.engine.rowstate import RowState


def print_plan(console: Console, report: CycleReport) -> None:
    from sync.engine.planner import NOTICE, Sync

    rows = {r.row_id: r for r in report.rows}
    counts = report.counts
    if quiet():  # -q: the counts only (-qq: nothing)
        if not silent():
            console.print(f"Plan: {words.row_counts(counts, planned=True)}")
        return
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
        elif action.kind == NOTICE:  # a note on a row done (planner branch 5a)
            said = " ".join(action.messages)
            table.add_row(str(row.index), "[yellow]note[/]", "", shown(said or "(taken back)"))
        else:
            table.add_row(str(row.index), "[red]report[/]", "", shown(" ".join(action.messages)))
    if report.plan.actions:
        console.print(table)
    else:
        console.print(_nothing_to_do(counts))
    _left_alone(console, report)


def _left_alone(console: Console, report: CycleReport) -> None:
    """The rows before the start date, never synced: one line (``sync.words.left_alone``)."""
    older, start = report.plan.left_alone, report.plan.start_date
    if older and start is not None:
        console.print(shown(words.left_alone(start, [r.index for r in older])))


def print_cycle(console: Console, report: CycleReport) -> None:
    from sync.engine.planner import Sync

    rows = {r.row_id: r for r in report.rows}
    counts = report.counts
    calls = words.plural(report.wix_calls, "Wix call")
    if quiet():
        if not silent():
            console.print(f"{words.row_counts(counts)} · {calls}")
        return
    table = Table(title=f"{words.row_counts(counts)} · {calls}")
    for column in ("Row", "Status", "Error"):
        table.add_column(column, overflow="fold")
    for row_id, outcome in report.outcomes.items():
        table.add_row(str(rows[row_id].index), shown(outcome.status), shown(outcome.error or ""))
    for action in report.plan.actions:
        if not isinstance(action, Sync):
            said = " ".join(action.messages) or "(note taken back)"
            table.add_row(str(rows[action.row_id].index), "", shown(said))
    if report.plan.actions:
        console.print(table)
    else:
        console.print(_nothing_to_do(counts))
    _left_alone(console, report)
    if report.skipped_rows:
        changed = words.plural(len(report.skipped_rows), "row")
        console.print(f"{changed} changed while syncing; they are written next cycle.")


def _nothing_to_do(counts: Counts) -> str:
    if counts.total == counts.unchanged:
        return f"Nothing to do: every row is in sync ({words.row_counts(counts)})."
    return f"Nothing to do now. {words.row_counts(counts)}."


def print_status(
    console: Console,
    runs: list[dict[str, Any]],
    states: dict[str, RowState],
    header: str,
    time_zone: str | None = None,
) -> None:
    """The runs (newest first), the last cycle's counts, and the rows that wait — each by its
    number in the sheet when a cycle last read it; rows no longer in the sheet are left out."""
    zone = ZoneInfo(time_zone) if time_zone else None
    last = next((r for r in runs if r["result"] == "ok"), None)
    if quiet():
        if last is not None and not silent():
            console.print(f"Last cycle: {words.row_counts(_run_counts(last))}.")
        return
    console.print(header)
    table = Table(
        title=f"Recent runs ({time_zone} time)" if time_zone else "Recent runs",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in ("Run", "Started", "Rows", "Synced", "To fix", "For Wix", "Unchanged"):
        justify = "left" if column == "Started" else "right"
        table.add_column(column, justify=justify, no_wrap=True)
    table.add_column("Calls", justify="right", no_wrap=True)  # Wix calls
    table.add_column("Result", overflow="fold")
    stopped = None
    for r in runs:
        counts = _run_counts(r)
        result = str(r["result"] or "")
        if result.startswith("stopped: ") and stopped is None:
            stopped = r
        table.add_row(
            str(r["run_id"]),
            when(r["started_at"], zone),
            str(counts.total),
            str(counts.synced),
            str(counts.to_fix),
            str(counts.waiting_wix),
            str(counts.unchanged),
            str(r["wix_calls"]),
            shown(result.split(":")[0] if result.startswith("stopped: ") else result),
        )
    console.print(table)
    if stopped is not None and runs and stopped is runs[0]:
        console.print(f"Run {stopped['run_id']} {shown(stopped['result'])}")
    if last is not None:
        console.print(f"Last cycle: {words.row_counts(_run_counts(last))}.")
    waiting = rows_waiting(states, runs)
    for stands, title in (
        ("to fix", "waiting for a person"),
        ("waiting for Wix", "waiting for Wix"),
    ):
        these = [w for w in waiting if w["stands"] == stands]
        if not these:
            continue
        console.print(f"Rows {title} ({len(these)}):")
        width = max(len(f"row {w['row']}" if w["row"] else w["row_id"]) for w in these[:20])
        for w in these[:20]:
            where = f"row {w['row']}" if w["row"] else w["row_id"]
            hanging(console, f"  {where:>{width}}  ", w["error"] or w["status"] or "", "red")
        if len(these) > 20:
            console.print(f"  … and {len(these) - 20} more (wixsync status --json lists them all)")
    from sync.engine.rowstate import waiting_for_the_site

    site = len(waiting_for_the_site(states))
    if site:
        console.print(words.fix_in_wix(site))
    if waiting and not any(w["row"] for w in waiting):
        console.print("(Row numbers are shown once a cycle has read the sheet.)")


def when(iso: str | None, zone: ZoneInfo | None) -> str:
    """A stored UTC time as the club reads it, short: "Tue 1 Dec 06:30"."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso).astimezone(zone)
    except ValueError:
        return shown(iso)
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


def _run_counts(run: dict[str, Any]) -> Counts:
    seen, synced, to_fix = run["rows_seen"], run["rows_synced"], run["rows_in_error"]
    waiting = run.get("rows_waiting_wix") or 0
    return Counts(synced, to_fix, waiting, max(seen - synced - to_fix - waiting, 0))


def rows_waiting(states: dict[str, RowState], runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that wait, by row number: for a person (an Error, not retried by itself) or
    for Wix (tried again by itself). Rows no longer in the sheet are left out; before any
    cycle has placed the rows (an older state), every such row is kept, without a number."""
    from sync.engine.rowstate import rows_placed

    placed = rows_placed(states, runs)
    found = []
    for s in states.values():
        if placed and not s.row_number:
            continue  # deleted from the sheet (or archived): nothing waits for it
        error = s.written.get("error") or ""
        if not (s.retry and error) and not (error and not s.retry):
            continue
        found.append(
            {
                "row": s.row_number or None,
                "row_id": s.row_id,
                "stands": "waiting for Wix" if s.retry else "to fix",
                "error": error,
                "status": s.written.get("status") or "",
            }
        )
    return sorted(found, key=lambda w: (w["row"] or 0, w["row_id"]))


# -- --json -------------------------------------------------------------------------------------
def print_json(document: dict[str, Any]) -> None:
    """One JSON document on standard output, redacted, never wrapped."""
    click.echo(json.dumps(redact_value(document), indent=2, ensure_ascii=False))


def counts_json(counts: Counts) -> dict[str, int]:
    return {
        "rows": counts.total,
        "synced": counts.synced,
        "to_fix": counts.to_fix,
        "waiting_wix": counts.waiting_wix,
        "unchanged": counts.unchanged,
    }


def status_json(
    runs: list[dict[str, Any]],
    states: dict[str, RowState],
    *,
    version: str,
    schema: str,
    time_zone: str | None,
    state: str,
    archived: Sequence[tuple[str, int, int, int, str]] = (),
    orders_via: str = "cart_v2",
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    last = next((r for r in runs if r["result"] == "ok"), None)
    return {
        "version": version,
        "schema": schema,
        "state": state,
        "time_zone": time_zone,
        "orders_via": orders_via,
        "warnings": list(warnings),
        "runs": [
            {
                "run": r["run_id"],
                "started_at": r["started_at"],
                "finished_at": r.get("finished_at"),
                **counts_json(_run_counts(r)),
                "wix_calls": r["wix_calls"],
                "result": r["result"],
            }
            for r in runs
        ],
        "last_cycle": counts_json(_run_counts(last)) if last is not None else None,
        "rows_waiting": rows_waiting(states, runs),
        "archived": [
            {"tab": tab, "rows": count, "first_row": first, "last_row": last_row, "last_day": day}
            for tab, count, first, last_row, day in archived
        ],
    }


def plan_json(report: CycleReport) -> dict[str, Any]:
    from sync.engine.planner import NOTICE, Sync

    rows = {r.row_id: r for r in report.rows}
    actions: list[dict[str, Any]] = []
    for action in report.plan.actions:
        number = rows[action.row_id].index
        if isinstance(action, Sync):
            a = action.attendee
            actions.append(
                {
                    "row": number,
                    "action": "sync",
                    "why": action.why,
                    "name": a.name,
                    "email": a.email,
                    "class": a.class_name,
                    "date": a.session_date.isoformat(),
                    "time": a.session_time.strftime("%H:%M") if a.session_time else None,
                    "payment": a.payment.value,
                    "plan": a.plan or None,
                }
            )
        else:
            kind = "note" if action.kind == NOTICE else "report"  # note: [] when taken back
            actions.append({"row": number, "action": kind, "messages": list(action.messages)})
    start = getattr(report.plan, "start_date", None)
    older = getattr(report.plan, "left_alone", None) or []
    return {
        "brake": report.brake,
        "counts": counts_json(report.counts),
        "actions": actions,
        "start_date": start.isoformat() if start is not None else None,
        "left_alone": [r.index for r in older],
    }


def cycle_json(report: CycleReport) -> dict[str, Any]:
    from sync.engine.planner import Sync

    rows = {r.row_id: r for r in report.rows}
    results: list[dict[str, Any]] = []
    for row_id, outcome in report.outcomes.items():
        results.append(
            {
                "row": rows[row_id].index,
                "status": outcome.status or "",
                "error": outcome.error or "",
                "booking_id": outcome.booking_id or None,
                "order_id": outcome.order_id or None,
            }
        )
    for action in report.plan.actions:
        if not isinstance(action, Sync):
            results.append(
                {
                    "row": rows[action.row_id].index,
                    "status": "",
                    "error": " ".join(action.messages),
                    "booking_id": None,
                    "order_id": None,
                }
            )
    return {
        "brake": report.brake,
        "counts": counts_json(report.counts),
        "wix_calls": report.wix_calls,
        "rows": sorted(results, key=lambda r: r["row"]),
        "changed_while_syncing": len(report.skipped_rows),
    }


# -- wixsync doctor --------------------------------------------------------------------------------
_VERDICT = {"ok": "green", "warn": "yellow", "fail": "red"}


def print_doctor(console: Console, report: Any) -> None:
    """One line per check — its result, what it checks, what Wix said — and, under a check
    that did not pass, what to change; a long line folds under its text, never under the
    result, and no line ends in spaces (a transcript copies as it reads)."""
    if quiet():  # -q: only what did not pass
        for check in report.checks:
            if str(check.verdict) != "ok" and not silent():
                print_doctor_check(console, check)
        return
    console.print("wixsync doctor")
    for check in report.checks:
        print_doctor_check(console, check)


def print_doctor_check(console: Console, check: Any) -> None:
    """One check, as :func:`print_doctor` prints it (the rehearsal's steps as they happen)."""
    verdict = str(check.verdict)
    text = f"{check.name}: {check.detail}"
    hanging(console, f"{verdict:>4} ", text, _VERDICT.get(verdict, "white"))
    if check.fix:
        hanging(console, "     ", f"what to change: {check.fix}")


def hanging(console: Console, head: str, text: str, style: str = "") -> None:
    """``head`` then ``text`` (redacted), folded to the console's width under the text, not
    under the head; no line ends in spaces (a transcript copies as it reads)."""
    import textwrap

    from rich.markup import escape

    width = max(console.width - len(head), 30)
    lines = textwrap.wrap(redact(text), width, break_on_hyphens=False) or [""]
    shown_head = f"[{style}]{escape(head)}[/]" if style else escape(head)
    for at, line in enumerate(lines):
        start = shown_head if at == 0 else " " * len(head)
        console.print(f"{start}{escape(line)}", soft_wrap=True, highlight=False)


def doctor_json(report: Any, kept: Any, state: Any) -> dict[str, Any]:
    from sync.doctor import REHEARSAL

    def line(check: Any) -> dict[str, str]:
        name = check.name.removeprefix(REHEARSAL)
        return {
            "check": name,
            "result": str(check.verdict),
            "detail": check.detail,
            "fix": check.fix,
        }

    return {
        "ok": report.ok,
        "checks": [line(c) for c in report.checks if not c.name.startswith(REHEARSAL)],
        "rehearsal": [line(c) for c in report.checks if c.name.startswith(REHEARSAL)],
        "left_on_site": list(report.left),
        "state": str(state),
        "remembered": None
        if kept is None
        else {
            "order": str(kept.order) if kept.order else None,
            "cash": str(kept.cash) if kept.cash else None,
            "membership_id": str(kept.membership_id) if kept.membership_id else None,
        },
    }
