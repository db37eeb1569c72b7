"""The alerts' memory in the state database (migration ``0003_alerts``): the incidents (since
when, and whether the owner was told) and the outbox (messages not yet delivered, per
channel). Both tables are small — one line per outage or row in error, a few messages — and
are written whole, in one transaction, whenever they change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sync.extras.alerts.incidents import Incident, Kind
from sync.extras.alerts.messages import Message
from sync.state.db import transaction


@dataclass
class Pending:
    """A message waiting for one channel."""

    seq: int
    channel: str
    message: Message
    queued_at: float
    attempts: int = 0
    next_try: float = 0.0


class AlertStore:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def load(self) -> tuple[dict[str, Incident], list[Pending]]:
        incidents = {}
        for r in self.db.execute("SELECT * FROM alert_incidents"):
            try:
                kind = Kind(r["kind"])
            except ValueError:  # written by a newer release: not ours to judge
                continue
            incidents[r["key"]] = Incident(
                r["key"],
                kind,
                r["since"],
                r["row_number"],
                r["name"],
                r["detail"],
                bool(r["retry"]),
                r["alerted_at"],
            )
        outbox = [
            Pending(
                r["seq"],
                r["channel"],
                Message.from_json(json.loads(r["message"])),
                r["queued_at"],
                r["attempts"],
                r["next_try"],
            )
            for r in self.db.execute("SELECT * FROM alert_outbox ORDER BY seq")
        ]
        return incidents, outbox

    def save(self, incidents: dict[str, Incident], outbox: list[Pending]) -> None:
        with transaction(self.db):
            self.db.execute("DELETE FROM alert_incidents")
            self.db.executemany(
                "INSERT INTO alert_incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i.key,
                        i.kind.value,
                        i.since,
                        i.row_number,
                        i.name,
                        i.detail,
                        int(i.retry),
                        i.alerted_at,
                    )
                    for i in incidents.values()
                ],
            )
            self.db.execute("DELETE FROM alert_outbox")
            self.db.executemany(
                "INSERT INTO alert_outbox VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.seq,
                        p.channel,
                        json.dumps(p.message.to_json(), ensure_ascii=False),
                        p.queued_at,
                        p.attempts,
                        p.next_try,
                    )
                    for p in outbox
                ],
            )
