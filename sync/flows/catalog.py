"""Class names → Wix services, and (class, day, time) → the session's event time slot.

One services query and one time-slot list per day (for every class at once), so a class of
100 costs two calls here, not 200. The daemon keeps what Wix said between cycles, on this
schedule (the README's "What wixsync asks Wix, and how often"):

* the classes (services): asked again after ``max_age`` seconds (10 minutes);
* each day's sessions (time slots): asked again ``max_age`` seconds after they were asked;
* a miss — a class or a session not found in what an earlier cycle kept — asks Wix again at
  once, before the row is told "not found" (a class added, a session moved);
* a booking Wix refuses for its session (full, too late, not available) has that day asked
  again and, when Wix's fresh answer differs, is sent once more (:meth:`RowFlows.create_bookings`).

So a row typed alone is never booked on what Wix said ten minutes ago when Wix now says
otherwise, and a daemon running for weeks learns of a new class or a cancelled session.
"""

from __future__ import annotations

import time as clock_time
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from sync.flows.problems import ClassNotFound, SessionNotFound
from sync.wix import WixClient


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


class Catalog:
    def __init__(
        self,
        client: WixClient,
        time_zone: str,
        class_map: dict[str, str] | None = None,
        *,
        max_age: float = 600.0,
        clock: Callable[[], float] = clock_time.monotonic,
    ) -> None:
        self.client = client
        self.time_zone = time_zone
        self.class_map = {k.casefold(): v for k, v in (class_map or {}).items()}
        self.max_age, self.clock = max_age, clock
        self._services: list[dict[str, Any]] | None = None
        self._services_at = 0.0
        self._slots: dict[date, list[dict[str, Any]]] = {}
        self._slots_at: dict[date, float] = {}
        #: when the current run of the row flows started: what was asked before is "kept"
        self._cycle_started = clock()

    def new_cycle(self) -> None:
        """A run of the row flows starts: what was asked until now may be asked again on a
        miss (once: then it was asked during this run)."""
        self._cycle_started = self.clock()

    def _kept(self, at: float | None) -> bool:
        """Asked before this run (so a miss may be Wix having changed since)."""
        return at is not None and at < self._cycle_started

    def _fresh(self, at: float) -> bool:
        return self.clock() - at < self.max_age

    def services(self) -> list[dict[str, Any]]:
        if self._services is None or not self._fresh(self._services_at):
            self._services = self.client.query_services({"type": "CLASS"})
            self._services_at = self.clock()
        return self._services

    def service(self, class_name: str) -> dict[str, Any]:
        wanted = self.class_map.get(class_name.strip().casefold(), class_name).strip().casefold()
        found = [s for s in self.services() if s["name"].strip().casefold() == wanted]
        if len(found) != 1 and self._kept(self._services_at):  # a miss: ask again, once
            self._services = None
            found = [s for s in self.services() if s["name"].strip().casefold() == wanted]
        if len(found) != 1:
            raise ClassNotFound(class_name, tuple(s["name"] for s in self.services()))
        return found[0]

    def prefetch(self, days: set[date]) -> None:
        """One List Event Time Slots call per day not kept (or kept too long), for every
        class."""
        due = {d for d in days if d not in self._slots or not self._fresh(self._slots_at[d])}
        if not due:
            return
        ids = [s["id"] for s in self.services()]
        for day in sorted(due):
            self._slots[day] = self.client.list_event_time_slots(
                ids,
                f"{day.isoformat()}T00:00:00",
                f"{(day + timedelta(days=1)).isoformat()}T00:00:00",
                self.time_zone,
            )
            self._slots_at[day] = self.clock()

    def kept_before(self, day: date) -> bool:
        """The day's sessions were asked before this run of the row flows."""
        return self._kept(self._slots_at.get(day))

    def refresh(self, day: date) -> None:
        """Ask Wix for the day's sessions again now."""
        self._slots.pop(day, None)
        self._slots_at.pop(day, None)
        self.prefetch({day})

    def session(self, class_name: str, day: date, at: time | None) -> dict[str, Any]:
        service = self.service(class_name)
        try:
            return self._session(service, day, at)
        except SessionNotFound:
            if not self._kept(self._slots_at.get(day)):
                raise
            self.refresh(day)  # a miss on what an earlier cycle kept: ask again, once
            return self._session(service, day, at)

    def _session(self, service: dict[str, Any], day: date, at: time | None) -> dict[str, Any]:
        self.prefetch({day})
        slots = [
            s
            for s in self._slots[day]
            if s["serviceId"] == service["id"]
            and not (s.get("nonBookableReasons") or {}).get("eventCancelled")
        ]
        times = tuple(s["localStartDate"][11:16] for s in slots)
        if at is not None:
            slots = [s for s in slots if s["localStartDate"][11:16] == at.strftime("%H:%M")]
        if len(slots) != 1:
            shown = at.strftime("%H:%M") if at else None
            if not slots or at is not None:
                raise SessionNotFound(service["name"], day_label(day), shown, times)
            raise SessionNotFound(service["name"], day_label(day), "?", times)
        return slots[0]
