"""The owner's message: every sentence an alert says, in one place.

One message per cycle holds every change of that cycle — outages that began or ended, rows
that crossed the threshold together, rows fixed — so several rows going wrong at once make
one message, not one each. Only what the owner needs: a row's number and Name, its Error
with any email masked (``a***@example.org``), and the link to the sheet. Never a key, a
password or a token: the message is built from incidents, which hold none, and a message is
redacted as it is made (:mod:`sync.redact`), so neither the outbox in the state database nor
an email or a webhook ever holds one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sync.extras.alerts.incidents import Incident, Kind
from sync.redact import redact, redact_value

#: rows listed in one message; the rest are counted ("… and 12 more: see the sheet")
MAX_ROWS_LISTED = 20

_DOWN = {
    Kind.WIX: "cannot reach Wix",
    Kind.GOOGLE: "cannot reach the Google Sheet",
    Kind.DISK: "cannot write its state file",
    Kind.SYNC: "cannot sync",
}
_BACK = {
    Kind.WIX: "Wix answers again",
    Kind.GOOGLE: "the Google Sheet answers again",
    Kind.DISK: "the state file can be written again",
    Kind.SYNC: "wixsync syncs again",
}
_AFTER = {
    Kind.WIX: "The rows are synced as soon as Wix answers; nothing is booked or charged twice.",
    Kind.GOOGLE: "Volunteers can keep typing: the rows are synced as soon as the sheet answers.",
    Kind.DISK: "The rows are synced as soon as the state file can be written.",
    Kind.SYNC: "The rows are synced as soon as it works again.",
}


@dataclass(frozen=True)
class Event:
    opened: bool  # True: the incident began (and lasted its threshold); False: it is over
    incident: Incident
    at: float  # when it was seen to begin or to end


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    #: the same events as data, for a webhook (``incident``, ``event``, ``since``, …)
    events: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "subject", redact(self.subject))
        object.__setattr__(self, "text", redact(self.text))
        object.__setattr__(self, "events", redact_value(list(self.events)))

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "text": self.text, "events": self.events}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(str(data["subject"]), str(data["text"]), list(data.get("events") or []))


class Words:
    """Renders events in the site's time zone, with the thresholds and the sheet's link."""

    def __init__(
        self,
        *,
        time_zone: str,
        row_minutes: int,
        sheet_link: str = "",
        send_resolved: bool = True,
    ) -> None:
        self.zone = ZoneInfo(time_zone)
        self.row_minutes = row_minutes
        self.sheet_link = sheet_link
        self.send_resolved = send_resolved

    def when(self, at: float) -> str:
        moment = datetime.fromtimestamp(at, self.zone)
        return f"{moment:%H:%M} on {moment:%a} {moment.day} {moment:%b}"

    def message(self, events: list[Event]) -> Message:
        heads: list[str] = []
        paragraphs: list[str] = []
        for event in events:
            if event.incident.kind != Kind.ROW:
                head, text = self._outage(event)
                heads.append(head)
                paragraphs.append(text)
        opened = [e.incident for e in events if e.opened and e.incident.kind == Kind.ROW]
        fixed = [e.incident for e in events if not e.opened and e.incident.kind == Kind.ROW]
        if opened:
            head, text = self._rows_in_error(opened)
            heads.append(head)
            paragraphs.append(text)
        if fixed:
            head, text = self._rows_fixed(fixed)
            heads.append(head)
            paragraphs.append(text)
        if self.sheet_link:  # also says which site, when one process serves several
            paragraphs.append(f"The sheet: {self.sheet_link}")
        return Message(
            subject="wixsync: " + "; ".join(heads),
            text="\n\n".join(paragraphs) + "\n",
            events=[self._data(e) for e in events],
        )

    def _outage(self, event: Event) -> tuple[str, str]:
        incident = event.incident
        kind = incident.kind
        if kind == Kind.OLD_CHECKOUT:
            if event.opened:
                return "orders go through Wix's old checkout", incident.detail
            return (
                "orders go through Cart V2 again",
                f"Orders go through Cart V2 again ({self.when(event.at)}): the old checkout's "
                "end date no longer matters to this site.",
            )
        if event.opened:
            why = f": {incident.detail.rstrip('.')}" if incident.detail else ""
            back = ", and will say when it is back" if self.send_resolved else ""
            return (
                _DOWN[kind],
                f"wixsync {_DOWN[kind]} since {self.when(incident.since)}{why}. It keeps "
                f"trying by itself, backing off up to 10 minutes{back}. {_AFTER[kind]}",
            )
        back = _BACK[kind]
        return (
            back,
            f"{back[0].upper()}{back[1:]} ({self.when(event.at)}; the trouble began at "
            f"{self.when(incident.since)}). wixsync is catching up.",
        )

    def _rows_in_error(self, rows: list[Incident]) -> tuple[str, str]:
        rows = sorted(rows, key=lambda r: r.row_number or 0)
        minutes = f"more than {self.row_minutes} minute{'s' if self.row_minutes != 1 else ''}"
        if len(rows) == 1:
            head = f"row {rows[0].row_number} in error for {minutes}"
            first = f"A row has been in error for {minutes}:"
        else:
            head = f"{len(rows)} rows in error for {minutes}"
            first = f"{len(rows)} rows have been in error for {minutes}:"
        lines = [first, *(f"  • {r.label}: {r.detail}" for r in rows[:MAX_ROWS_LISTED])]
        if len(rows) > MAX_ROWS_LISTED:
            lines.append(f"  … and {len(rows) - MAX_ROWS_LISTED} more: see the sheet.")
        lines.append("Each row's Error says what to change; the row is synced once it is fixed.")
        return head, "\n".join(lines)

    def _rows_fixed(self, rows: list[Incident]) -> tuple[str, str]:
        rows = sorted(rows, key=lambda r: r.row_number or 0)
        listed = ", ".join(r.label for r in rows[:MAX_ROWS_LISTED])
        more = f" and {len(rows) - MAX_ROWS_LISTED} more" if len(rows) > MAX_ROWS_LISTED else ""
        if len(rows) == 1:
            return (
                f"row {rows[0].row_number} no longer in error",
                f"No longer in error (fixed or deleted): {listed}.",
            )
        return (
            f"{len(rows)} rows no longer in error",
            f"No longer in error (fixed or deleted): {listed}{more}.",
        )

    def _data(self, event: Event) -> dict[str, Any]:
        incident = event.incident
        data: dict[str, Any] = {
            "event": "opened" if event.opened else "resolved",
            "incident": incident.kind.value,
            "since": datetime.fromtimestamp(incident.since, self.zone).isoformat(),
            "detail": incident.detail,
        }
        if not event.opened:
            data["resolved"] = datetime.fromtimestamp(event.at, self.zone).isoformat()
        if incident.kind == Kind.ROW:
            data.update(row=incident.row_number, name=incident.name)
        return data
