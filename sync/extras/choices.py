"""Live dropdowns: the Class column offers the coming sessions, the Plan column the plans
each row's person holds with credits left.

* **Class**: every session from today for ``days`` days, as "Sat 28 Apr 06:30 · Open Water
  Swim · 42/150" (booked/capacity; :mod:`sync.engine.session_label`, which the parser reads
  back: date, time and class in one pick), then the plain class names. The sessions list is
  read again every ``refresh_seconds``, and after a cycle that synced rows (its bookings
  change the counts); the dropdown is rewritten only when its list changed.
* **Plan**: per row whose person is due today or later, the plans that person holds with
  credits left (:mod:`sync.extras.plans_held`, kept per email per day), looked up only for rows
  that are new or whose email changed.

Every change of a cycle goes in ONE ``spreadsheets.batchUpdate`` (Google) — a list of
suggestions, not a rule: anything else may still be typed. What was last set is remembered
in the state database (``sheet_choices``), so an unchanged list costs nothing, even after a
restart. An ``.xlsx`` file gets the same dropdowns; a ``.csv`` file has none.

Wix calls: none between refreshes; one List Event Time Slots per refresh; for new people,
Query Contacts, Query Members, List Orders, Query Pools and Query Balances (the reads the
row flows make before booking).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.engine.cycle import CycleReport
from sync.extras.plans_held import PlansHeld
from sync.extras.seam import HookParts
from sync.extras.upcoming import Upcoming
from sync.sheet.base import Choices
from sync.sheet.columns import match_headers
from sync.sheet.session import Snapshot
from sync.sheet.writeback import _text
from sync.state.db import transaction

log = logging.getLogger("wixsync.choices")
MAX_ITEMS = 200  # a dropdown longer than this is no help on a phone
UNSAFE_START = ("=", "+", "-", "@")  # never offered: the sheet could take it for a formula


@dataclass(frozen=True)
class ChoicesOptions:
    days: int = 7
    refresh_seconds: float = 60.0
    plans: bool = True


def choices_factory(section: Any) -> Callable[[HookParts], ChoicesHook]:
    """The hook factory for ``Settings.hooks``, from the config's ``[choices]``."""
    options = ChoicesOptions(section.days, float(section.refresh_seconds), section.plans)
    return lambda parts: ChoicesHook(parts, options)


class ChoicesHook:
    def __init__(self, parts: HookParts, options: ChoicesOptions) -> None:
        self.session = parts.session
        self.clock, self.today = parts.clock, parts.today
        self.db: sqlite3.Connection = parts.db
        self.options = options
        catalog = parts.catalog
        self.upcoming = Upcoming(
            parts.client, self.db, time_zone=catalog.time_zone, clock=self.clock
        )
        self.held = PlansHeld(parts.client, self.db, clock=self.clock)

    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        return None

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        if not snapshot.grid:
            return
        remembered = {
            r["target"]: json.loads(r["value"])
            for r in self.db.execute("SELECT target, value FROM sheet_choices")
        }
        changes: dict[str, Any] = {}
        choices: list[Choices] = []
        self._classes(snapshot, report, remembered, changes, choices)
        if self.options.plans and snapshot.layout.index("plan") is not None:
            self._plans(snapshot, report, remembered, changes, choices)
        if choices:
            self.session.backend.set_choices(choices)
            log.info("dropdowns: %d updated", len(choices))
        if changes:
            now = self.clock()
            with transaction(self.db):
                for target, value in changes.items():
                    self.db.execute(
                        "INSERT OR REPLACE INTO sheet_choices (target, value, set_at) "
                        "VALUES (?, ?, ?)",
                        (target, json.dumps(value), now),
                    )

    # -- Class --------------------------------------------------------------------------------
    def _classes(
        self,
        snapshot: Snapshot,
        report: CycleReport,
        remembered: dict[str, Any],
        changes: dict[str, Any],
        choices: list[Choices],
    ) -> None:
        col = snapshot.layout.index("class_name")
        if col is None:
            return
        sessions = self.upcoming.sessions(
            days=self.options.days,
            max_age=self.options.refresh_seconds,
            force=bool(report.plan.syncs),  # this cycle's bookings changed the counts
        )
        labels = [s.label for s in sessions if not s.cancelled]
        names = sorted({s.class_name for s in sessions}, key=str.casefold)
        values = _safe([*labels, *names])[:MAX_ITEMS]
        # the tab's name too: another sheet (or a renamed tab) gets its dropdown again
        wanted = {"sheet": self.session.backend.label, "col": col, "values": values}
        if remembered.get("class") == wanted or not values:
            return
        choices.append(Choices(col, 1, None, tuple(values)))
        changes["class"] = wanted

    # -- Plan ---------------------------------------------------------------------------------
    def _plans(
        self,
        snapshot: Snapshot,
        report: CycleReport,
        remembered: dict[str, Any],
        changes: dict[str, Any],
        choices: list[Choices],
    ) -> None:
        today = self.today()
        day = today.isoformat()
        people: dict[str, str] = {}  # row id → email, for rows due today or later
        for row in report.rows:
            on = row.parsed.session_date  # a settled row's is known without a parse
            if on is None or on < today:
                continue
            a = row.parsed.attendee
            if a is not None and a.session_date >= today:
                people[row.row_id] = a.email
        # a row seen today with the same person needs nothing; the others are looked up
        todo = {
            rid: email
            for rid, email in people.items()
            if (seen := remembered.get(f"plan:{rid}")) is None
            or (seen.get("email"), seen.get("day")) != (email, day)
        }
        if not todo:
            return
        held = self.held.plans(todo.values(), day)
        lists: dict[str, tuple[str, ...] | None] = {}
        for rid, email in todo.items():
            if email not in held:
                continue  # not looked up yet (too many at once): the next cycle
            plans = tuple(_safe(held[email]))
            before = (remembered.get(f"plan:{rid}") or {}).get("plans") or []
            changes[f"plan:{rid}"] = {"email": email, "day": day, "plans": list(plans)}
            if list(plans) != list(before):
                lists[rid] = plans or None
        if lists:
            self._place(snapshot, lists, changes, choices)

    def _place(
        self,
        snapshot: Snapshot,
        lists: dict[str, tuple[str, ...] | None],
        changes: dict[str, Any],
        choices: list[Choices],
    ) -> None:
        """Per-row dropdowns, on the rows where they are now (read again: rows may have
        moved, and rows new this cycle have just got their Row ID); runs of rows with the
        same list share one range. A row not found waits for the next cycle."""
        grid = self.session.backend.read()
        layout = match_headers(grid[0], self.session.columns) if grid else None
        if layout is None:
            return
        id_col, plan_col = layout.index("row_id"), layout.index("plan")
        if id_col is None or plan_col is None:
            return
        at = {}
        for index in range(1, len(grid)):
            rid = _text(grid[index][id_col]) if id_col < len(grid[index]) else ""
            if rid in lists and rid not in at:
                at[rid] = index
        for rid in set(lists) - set(at):
            changes.pop(f"plan:{rid}", None)
        runs: list[list[Any]] = []
        for rid, index in sorted(at.items(), key=lambda item: item[1]):
            plans = lists[rid]
            if runs and runs[-1][1] == index and runs[-1][2] == plans:
                runs[-1][1] = index + 1
            else:
                runs.append([index, index + 1, plans])
        choices.extend(Choices(plan_col, first, end, plans) for first, end, plans in runs)


def _safe(values: Any) -> list[str]:
    """Distinct, trimmed, non-empty values that no sheet would take for a formula."""
    seen: dict[str, None] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text and not text.startswith(UNSAFE_START):
            seen.setdefault(text, None)
    return list(seen)
