"""The :class:`Alerts` component: incidents in, one message per change out.

It is fed twice per cycle at most:

* as a cycle hook (``after_cycle``), by every cycle that finished — of ``wixsync run`` and of
  ``wixsync sync --once`` alike: the rows in error, and Wix's state judged from the rows'
  outcomes (every tried row failed for Wix or the network: Wix is down; some succeeded: it is
  up; none tried: no news). A finished cycle read and wrote the sheet and the state file, so
  Google and the disk are fine;
* by the daemon (``cycle_failed``), for a cycle that stopped on an outage, which no hook sees.

A change is an incident *opened* — once it has lasted its threshold (``outage_minutes``,
``row_minutes``) — or, with ``send_resolved``, *resolved* after its opening was told. Each
cycle's changes make one message per channel, queued in the state database before it is
sent, so a restart neither repeats what was told nor forgets what was not yet delivered. A
message that fails to go is retried at the next change, or after a back-off (1, 2, 5, then
every 10 minutes; dropped after a day); the cycle never waits longer than the channels'
timeouts. A crash right after a send and before it is recorded sends that message once more.

Rows that fail only because Wix or the network is down (``retry``) are held while an outage is
open: the outage's message covers them.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sync import failures
from sync.extras.alerts.channels import Channel, SendFailed
from sync.extras.alerts.incidents import (
    OUTAGES,
    Incident,
    Kind,
    mask_emails,
    one_line,
    outage_kind,
    rows_in_error,
    wix_outage,
)
from sync.extras.alerts.messages import Event, Words
from sync.extras.alerts.store import AlertStore, Pending
from sync.flows.strategy import old_checkout_said
from sync.state import Journal

if TYPE_CHECKING:
    from sync.engine.cycle import CycleReport
    from sync.sheet.session import Snapshot

log = logging.getLogger("wixsync.alerts")
#: seconds before a message that failed to go is tried again, after its 1st, 2nd, … failure
RETRY_SECONDS = (60.0, 120.0, 300.0, 600.0)
#: a message not delivered within this long is dropped (the log says so)
GIVE_UP_SECONDS = 86400.0


class Alerts:
    def __init__(
        self,
        db: sqlite3.Connection,
        channels: Iterable[Channel],
        *,
        clock: Callable[[], float] = time.time,
        row_minutes: int = 30,
        outage_minutes: int = 10,
        send_resolved: bool = True,
        time_zone: str = "UTC",
        sheet_link: str = "",
    ) -> None:
        self.store = AlertStore(db)
        self.channels = list(channels)
        self.clock = clock
        self.row_seconds = row_minutes * 60.0
        self.outage_seconds = outage_minutes * 60.0
        self.send_resolved = send_resolved
        self.words = Words(
            time_zone=time_zone,
            row_minutes=row_minutes,
            sheet_link=sheet_link,
            send_resolved=send_resolved,
        )
        try:
            self.incidents, self.outbox = self.store.load()
        except (sqlite3.Error, ValueError) as exc:
            log.warning("alerts: cannot read what was already sent (%s); starting afresh", exc)
            self.incidents, self.outbox = {}, []
        self._dirty = False
        self._unsaved_said = False

    def __repr__(self) -> str:
        return f"Alerts({', '.join(c.name for c in self.channels) or 'no channel'})"

    # -- as a cycle hook ----------------------------------------------------------------------
    def before_plan(self, snapshot: Snapshot) -> Snapshot | None:
        return None

    def after_cycle(self, snapshot: Snapshot, report: CycleReport) -> None:
        try:
            now = self.clock()
            why = wix_outage(report)
            over = {Kind.GOOGLE, Kind.DISK, Kind.SYNC}
            if report.outcomes and why is None:
                over.add(Kind.WIX)
            events = self._outages({Kind.WIX: why} if why else {}, over, now)
            events += self._old_checkout(now)
            events += self._rows(rows_in_error(snapshot, report), now)
            self._deliver(events + self._due(now), now)
        except Exception:
            log.exception("alerts failed after the cycle; the rows were synced")

    # -- from the daemon ----------------------------------------------------------------------
    def cycle_failed(self, exc: BaseException) -> None:
        """A cycle stopped on an outage (``sync.daemon.OUTAGES``)."""
        try:
            now = self.clock()
            events = self._outages({outage_kind(exc): failures.outage(exc)}, set(), now)
            self._deliver(events + self._due(now), now)
        except Exception:
            log.exception("alerts failed after an outage; the daemon carries on")

    # -- state changes ------------------------------------------------------------------------
    def _outages(self, active: dict[Kind, str], over: set[Kind], now: float) -> list[Event]:
        for kind, why in active.items():
            detail = mask_emails(one_line(why, 300))
            incident = self.incidents.get(kind.value)
            if incident is None:
                self.incidents[kind.value] = Incident(kind.value, kind, now, detail=detail)
                self._dirty = True
            elif incident.alerted_at is None and incident.detail != detail:
                incident.detail = detail  # the message tells the reason as it was when sent
                self._dirty = True
        events: list[Event] = []
        for kind in OUTAGES:  # in a fixed order: one message reads the same every time
            if kind in over:
                events += self._resolve(kind.value, now)
        return events

    def _old_checkout(self, now: float) -> list[Event]:
        """Open while orders go through the old checkout, which Wix removes on
        CHECKOUT_V1_REMOVAL (the site's strategy, as the flows and doctor left it)."""
        key = Kind.OLD_CHECKOUT.value
        today = datetime.fromtimestamp(now, self.words.zone).date()
        detail = old_checkout_said(Journal(self.store.db), today)
        if detail is None:
            return self._resolve(key, now)
        if key not in self.incidents:
            self.incidents[key] = Incident(key, Kind.OLD_CHECKOUT, now, detail=detail)
            self._dirty = True
        return []

    def _rows(self, found: dict[str, Incident], now: float) -> list[Event]:
        for key, row in found.items():
            known = self.incidents.get(key)
            if known is None:
                row.since = now
                self.incidents[key] = row
                self._dirty = True
                continue
            new = (row.row_number, row.name, row.detail, row.retry)
            if (known.row_number, known.name, known.detail, known.retry) != new:
                known.row_number, known.name, known.detail, known.retry = new
                self._dirty = True
        events: list[Event] = []
        for key in [k for k, i in self.incidents.items() if i.kind == Kind.ROW and k not in found]:
            events += self._resolve(key, now)
        return events

    def _resolve(self, key: str, now: float) -> list[Event]:
        incident = self.incidents.pop(key, None)
        if incident is None:
            return []
        self._dirty = True
        if incident.alerted_at is not None and self.send_resolved:
            return [Event(False, incident, now)]
        return []  # over before anyone was told: nothing to say

    def _due(self, now: float) -> list[Event]:
        down = any(i.kind in OUTAGES for i in self.incidents.values())
        events = []
        for incident in self.incidents.values():
            if incident.alerted_at is not None:
                continue
            wait = self.row_seconds if incident.kind == Kind.ROW else self.outage_seconds
            if now - incident.since < wait:
                continue
            if incident.kind == Kind.ROW and incident.retry and down:
                continue  # the outage's message covers it
            incident.alerted_at = now
            self._dirty = True
            events.append(Event(True, incident, now))
        # outages first, then rows
        return sorted(events, key=lambda e: e.incident.kind == Kind.ROW)

    # -- delivery -----------------------------------------------------------------------------
    def _deliver(self, events: list[Event], now: float) -> None:
        if events:
            message = self.words.message(events)
            if not self.channels:
                log.warning("alert (no channel configured): %s", message.subject)
            seq = max((p.seq for p in self.outbox), default=0)
            for channel in self.channels:
                for pending in self.outbox:
                    if pending.channel == channel.name:
                        pending.next_try = 0.0  # a change retries what is still waiting, now
                seq += 1
                self.outbox.append(Pending(seq, channel.name, message, now))
                self._dirty = True
        self._expire(now)
        self._save()  # queued before it is sent: a restart does not forget it
        for channel in self.channels:
            self._flush(channel, now)
        self._save()

    def _flush(self, channel: Channel, now: float) -> None:
        for pending in [p for p in self.outbox if p.channel == channel.name]:
            if pending.next_try > now:
                return
            try:
                channel.send(pending.message)
            except Exception as exc:
                why = str(exc) if isinstance(exc, SendFailed) else type(exc).__name__
                pending.attempts += 1
                wait = RETRY_SECONDS[min(pending.attempts, len(RETRY_SECONDS)) - 1]
                pending.next_try = now + wait
                self._dirty = True
                log.warning(
                    "alert not sent by %s (%s); will try again at the next change or in %d "
                    "minutes: %s",
                    channel.name,
                    why,
                    wait // 60,
                    pending.message.subject,
                )
                return  # in order: the rest waits behind it
            self.outbox.remove(pending)
            self._dirty = True
            log.info("alert sent by %s: %s", channel.name, pending.message.subject)

    def _expire(self, now: float) -> None:
        names = {c.name for c in self.channels}
        for pending in list(self.outbox):
            if pending.channel not in names:
                self.outbox.remove(pending)  # that channel was removed from the config
                self._dirty = True
            elif now - pending.queued_at > GIVE_UP_SECONDS:
                self.outbox.remove(pending)
                self._dirty = True
                log.warning(
                    "alert dropped: not delivered by %s within a day: %s",
                    pending.channel,
                    pending.message.subject,
                )

    def _save(self) -> None:
        if not self._dirty:
            return
        try:
            self.store.save(self.incidents, self.outbox)
        except sqlite3.Error as exc:
            if not self._unsaved_said:
                log.warning(
                    "alerts: cannot write the state file (%s); what was sent is kept in memory "
                    "until it can be",
                    exc,
                )
                self._unsaved_said = True
            return
        self._dirty = self._unsaved_said = False
