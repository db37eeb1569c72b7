"""Class names → Wix services, and (class, day, time) → the session's event time slot.

One services query and one time-slot list per day (for every class at once), so a class of
100 costs two calls here, not 200. What Wix said is kept for ``max_age`` seconds (10 minutes):
a daemon running for weeks still learns of a new class, a moved session or a session that has
started.
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
        self._slots: dict[date, list[dict[str, Any]]] = {}
        self._fetched = clock()

    def _expire(self) -> None:
        if self.clock() - self._fetched >= self.max_age:
            self._services, self._slots = None, {}
            self._fetched = self.clock()

    def services(self) -> list[dict[str, Any]]:
        self._expire()
        if self._services is None:
            self._services = self.client.query_services({"type": "CLASS"})
        return self._services

    def service(self, class_name: str) -> dict[str, Any]:
        wanted = self.class_map.get(class_name.strip().casefold(), class_name).strip().casefold()
        found = [s for s in self.services() if s["name"].strip().casefold() == wanted]
        if len(found) != 1:
            raise ClassNotFound(class_name, tuple(s["name"] for s in self.services()))
        return found[0]

    def prefetch(self, days: set[date]) -> None:
        """One List Event Time Slots call per day, for every class."""
        if not days - set(self._slots):
            return
        ids = [s["id"] for s in self.services()]
        for day in sorted(days - set(self._slots)):
            self._slots[day] = self.client.list_event_time_slots(
                ids,
                f"{day.isoformat()}T00:00:00",
                f"{(day + timedelta(days=1)).isoformat()}T00:00:00",
                self.time_zone,
            )

    def session(self, class_name: str, day: date, at: time | None) -> dict[str, Any]:
        service = self.service(class_name)
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
