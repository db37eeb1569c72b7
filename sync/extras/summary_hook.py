"""The hook that rewrites the owner's summary tab after each cycle (``[summary]`` in the config).

It gathers what the cycle already holds — the rows as read and parsed, the Error each row now
shows, the journal — builds the grid (:func:`sync.extras.summary.build_summary`, pure) and hands it
to the sheet backend's ``write_tab``: one batch, RAW values, the whole tab replaced.

A write is skipped when the figures are the ones last written: the "Last updated" line is
left out of that comparison, so it says when the figures last changed (the header's "Synced
at" heartbeat says the daemon is alive). The build itself is skipped when what it is built
from is as it was at the last build: the rows read (place, content, Error), the journal (its
last line) and the class map. Both digests are kept in the state file, so a restarted daemon
whose sheet and journal did not change builds and writes nothing either: its first cycle
parses no settled row (:class:`sync.engine.parsed.PutOff`). Wix's prices are read when the
tab is built: a price changed in Wix shows at the next build (a row added or edited).

Prices come from Wix's services, which the row flows have usually loaded already (their
catalog is kept for the life of the process): at most one Query Services call per process,
and only when the flows did not need it. Wix is never called per row.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sync import failures
from sync.engine.counts import WAITING_WIX, where_rows_stand
from sync.engine.cycle import CycleReport
from sync.engine.planner import Report, Sync
from sync.extras.seam import HookParts
from sync.extras.summary import UPDATED_AT, ClassInfo, RowFacts, build_summary
from sync.sheet.session import Snapshot
from sync.sheet.writeback import _text
from sync.wix import WixError

log = logging.getLogger("wixsync.summary")
#: the state file's settings holding the digests of the last build's inputs and of the
#: figures last written (:meth:`SummaryHook.inputs_digest`)
INPUTS, WRITTEN = "summary_inputs", "summary_written"
#: changes when the tab's layout does (a new release builds it again once)
FORMAT = 1


def current_errors(snapshot: Snapshot, report: CycleReport) -> dict[str, str]:
    """Each row's Error once this cycle's results are written: this cycle's message for the
    rows it planned, the sheet's cell for the others."""
    errors = {r.row_id: _text(r.cells.get("error")) for r in snapshot.rows}
    for action in report.plan.actions:
        if isinstance(action, Sync):
            outcome = report.outcomes.get(action.row_id)
            if outcome is not None:
                errors[action.row_id] = outcome.error or ""
        elif isinstance(action, Report):
            errors[action.row_id] = " ".join(action.messages)
    return errors


def row_facts(snapshot: Snapshot, report: CycleReport, records: dict[str, Any]) -> list[RowFacts]:
    parsed = {r.row_id: r.parsed for r in report.rows}
    errors = current_errors(snapshot, report)
    stand = where_rows_stand(report)
    facts = []
    for row in snapshot.rows:
        p = parsed.get(row.row_id)
        attendee = getattr(p, "attendee", None)
        error = errors.get(row.row_id, "")
        if attendee is None and not error:
            continue  # blank but for daemon cells
        name = attendee.name if attendee else _text(row.cells.get("name"))
        waiting = stand.get(row.row_id, "").startswith(WAITING_WIX)
        facts.append(
            RowFacts(row.index + 1, name, error, attendee, records.get(row.row_id), waiting)
        )
    return facts


class SummaryHook:
    """Rewrites the tab ``tab`` after each cycle; never touches the attendance tab."""

    def __init__(self, parts: HookParts, tab: str = "Summary") -> None:
        self.backend = parts.session.backend
        self.journal = parts.journal
        self.catalog = parts.catalog
        self.clock = parts.clock
        self.tab = tab
        self._rows: list[Any] | None = None  # the session's very rows it was built from

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        return None

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        # a cycle that ran nothing changed no journal record: when the rows read are also the
        # same (place, content, Error) as at the last summary, so are the figures — at once
        # when they are the very rows (the session found the sheet unchanged)
        if not report.plan.actions and snapshot.rows is self._rows:
            return
        inputs = self.inputs_digest(snapshot)
        if not report.plan.actions and inputs == self.journal.setting(INPUTS):
            self._rows = snapshot.rows
            return
        records = {r.row_id: r for r in self.journal.all()}
        rows = row_facts(snapshot, report, records)
        grid = build_summary(
            rows,
            classes=self.classes({f.attendee.class_name for f in rows if f.attendee}),
            link=self.backend.row_link,
            title=self.tab,
        )
        digest = hashlib.sha256(json.dumps(grid, default=str).encode()).hexdigest()
        if digest != self.journal.setting(WRITTEN):
            row, col = UPDATED_AT
            grid[row][col] = self.stamp()
            self.backend.write_tab(self.tab, grid)
            self.journal.set_setting(WRITTEN, digest)
            log.info("summary tab %r written (%d lines)", self.tab, len(grid))
        self.journal.set_setting(INPUTS, inputs)
        self._rows = snapshot.rows

    def inputs_digest(self, snapshot: Snapshot) -> str:
        """What the figures are built from, as one digest: the tab, the class map, the
        journal's last line (any record written, by any process, adds one) and each row's
        id, place, content and Error."""
        rows = "\x1e".join(
            f"{r.row_id}\x1f{r.index}\x1f{r.fingerprint}\x1f{_text(r.cells.get('error'))}"
            for r in snapshot.rows
        )
        head = json.dumps([FORMAT, self.tab, sorted(self.catalog.class_map.items())])
        seen = f"{head}\x1d{self.journal.last_line()}\x1d{rows}"
        return hashlib.sha256(seen.encode()).hexdigest()

    def classes(self, names: set[str]) -> dict[str, ClassInfo]:
        """Wix's name and price for each class name written in the sheet."""
        if not names:
            return {}
        try:
            services = self.catalog.services()
        except WixError as exc:  # the figures show "unknown price" until Wix answers
            log.warning("no class prices for the summary: %s", failures.outage(exc))
            return {}
        found: dict[str, ClassInfo] = {}
        for name in names:
            wanted = self.catalog.class_map.get(name.strip().casefold(), name).strip().casefold()
            match = [s for s in services if s.get("name", "").strip().casefold() == wanted]
            if len(match) == 1:
                found[name.strip().casefold()] = ClassInfo(match[0]["name"], _price(match[0]))
        return found

    def stamp(self) -> str:
        zone = ZoneInfo(self.catalog.time_zone)
        return (
            datetime.fromtimestamp(self.clock(), UTC).astimezone(zone).strftime("%a %-d %b %H:%M")
        )


def _price(service: dict[str, Any]) -> Decimal | None:
    value = (((service.get("payment") or {}).get("fixed") or {}).get("price") or {}).get("value")
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None


def summary_factory(tab: str) -> Callable[[HookParts], SummaryHook]:
    """For ``Settings.hooks``: makes the hook from the ready runtime's parts."""

    def make(parts: HookParts) -> SummaryHook:
        return SummaryHook(parts, tab)

    return make
