"""The club's sessions from today to a few days ahead, as the roster and the dropdowns need
them: one List Event Time Slots call for every class, at most once per ``max_age`` seconds.

The answer is kept in the state database (table ``live_cache``), so a restarted daemon — or
``wixsync sync --once`` run by a timer — does not ask Wix again while it is fresh. The list
of classes (one Query Services) is kept for a day.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sync.engine.session_label import format_label
from sync.state.db import transaction
from sync.wix import WixClient

SERVICES_MAX_AGE = 86_400.0
#: days fetched at least, so the roster (today and tomorrow) and the dropdowns (a week) share
#: one answer
FETCH_DAYS = 7


@dataclass(frozen=True)
class Session:
    event_id: str
    service_id: str
    class_name: str
    local_start: str  # "2026-06-15T18:00:00", in the site's time zone
    booked: int
    capacity: int
    cancelled: bool = False

    def start(self, zone: ZoneInfo) -> datetime:
        return datetime.fromisoformat(self.local_start).replace(tzinfo=zone)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.local_start[:10])

    @property
    def time_text(self) -> str:
        return self.local_start[11:16]

    @property
    def label(self) -> str:
        when = datetime.fromisoformat(self.local_start)
        return format_label(when, self.class_name, self.booked, self.capacity)


class Upcoming:
    """``sessions(days, max_age)``: every class's sessions from today 00:00 (site time) for
    ``days`` days, from the cache when it covers them and is younger than ``max_age``."""

    def __init__(
        self,
        client: WixClient,
        db: sqlite3.Connection,
        *,
        time_zone: str,
        clock: Callable[[], float],
    ) -> None:
        self.client = client
        self.db = db
        self.zone = ZoneInfo(time_zone)
        self.time_zone = time_zone
        self.clock = clock

    def _services(self) -> dict[str, str]:
        """Service id → class name (CLASS services), asked of Wix once a day."""
        cached = self._load("services", SERVICES_MAX_AGE)
        if cached is not None:
            return dict(cached)
        found = self.client.query_services({"type": "CLASS"})
        services = {s["id"]: s["name"] for s in found}
        self._store("services", services)
        return services

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock(), self.zone).date()

    def sessions(self, *, days: int, max_age: float, force: bool = False) -> list[Session]:
        first = self.today()
        last = first + timedelta(days=days)
        cached = None if force else self._load("sessions", max_age)
        if cached and cached["from"] <= first.isoformat() and cached["to"] >= last.isoformat():
            return [
                s for s in (Session(**item) for item in cached["sessions"]) if first <= s.day < last
            ]
        services = self._services()
        if not services:
            return []  # no class on the site: nothing to list
        end = first + timedelta(days=max(days, FETCH_DAYS))
        slots = self.client.list_event_time_slots(
            sorted(services),
            f"{first.isoformat()}T00:00:00",
            f"{end.isoformat()}T00:00:00",
            self.time_zone,
        )
        found = [
            Session(
                event_id=slot["eventInfo"]["eventId"],
                service_id=slot["serviceId"],
                class_name=services.get(slot["serviceId"], "")
                or (slot.get("eventInfo") or {}).get("eventTitle", ""),
                local_start=slot["localStartDate"][:19],
                booked=max(0, _int(slot, "totalCapacity") - _int(slot, "remainingCapacity")),
                capacity=_int(slot, "totalCapacity"),
                cancelled=bool((slot.get("nonBookableReasons") or {}).get("eventCancelled")),
            )
            for slot in slots
        ]
        found.sort(key=lambda s: (s.local_start, s.class_name))
        self._store(
            "sessions",
            {
                "from": first.isoformat(),
                "to": end.isoformat(),
                "sessions": [asdict(s) for s in found],
            },
        )
        return [s for s in found if s.day < last]

    # -- the cache ---------------------------------------------------------------------------
    def _load(self, name: str, max_age: float) -> dict | None:  # type: ignore[type-arg]
        row = self.db.execute(
            "SELECT value, fetched_at FROM live_cache WHERE name = ?", (name,)
        ).fetchone()
        if row is None or not 0 <= self.clock() - row["fetched_at"] < max_age:
            return None
        value = json.loads(row["value"])
        return value if isinstance(value, dict) else None

    def _store(self, name: str, value: object) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO live_cache (name, value, fetched_at) VALUES (?, ?, ?)",
                (name, json.dumps(value), self.clock()),
            )


def _int(slot: dict[str, Any], key: str) -> int:
    try:
        return int(slot.get(key) or 0)
    except (TypeError, ValueError):
        return 0
