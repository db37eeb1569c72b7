"""``wixsync run``: the unattended loop.

* ``schedule`` runs a cycle every ``poll_seconds``;
* one instance per state file (an exclusive ``flock`` on ``<state>.lock``, :mod:`sync.lock`);
* SIGTERM or SIGINT let the current cycle finish, then exit cleanly;
* when Wix or Google cannot be reached, or the state file's disk is full, it backs off (up
  to 10 minutes) and says so once — and once more when it is back — instead of every cycle.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import requests
import schedule
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError as SheetsAPIError
from gspread.exceptions import GSpreadException

from sync import stopping, words
from sync.engine.report import CycleReport
from sync.failures import outage
from sync.lock import state_lock
from sync.wix import WixError

log = logging.getLogger("wixsync.daemon")
#: Wix or Google could not be reached (or would not answer): ``sync --once`` exits 69
UNREACHABLE = (
    WixError,
    SheetsAPIError,
    requests.exceptions.RequestException,
    GoogleAuthError,  # Google's token endpoint failing (RefreshError, TransportError)
    GSpreadException,  # the sheet not found (a wrong key, or not shared yet)
    PermissionError,  # gspread: Google answered 403 (the sheet not shared with the key)
)
#: what stops a whole cycle but may pass: Wix or Google down, the network, a full disk
OUTAGES = (*UNREACHABLE, OSError, sqlite3.OperationalError)


class OutageListener(Protocol):
    """Told of each cycle stopped by an outage (``sync.extras.alerts.Alerts``): finished cycles
    reach it as a cycle hook, these do not."""

    def cycle_failed(self, exc: BaseException) -> None: ...


class Daemon:
    def __init__(
        self,
        cycle: Callable[[], CycleReport],
        *,
        poll_seconds: float,
        state_path: Path,
        say: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        alerts: OutageListener | None = None,
        time_zone: str | None = None,
    ) -> None:
        self.cycle = cycle
        #: the club's time zone, for the times the daemon says (the server's when not given)
        self.zone = ZoneInfo(time_zone) if time_zone else None
        self.alerts = alerts
        self.poll = poll_seconds
        self.state_path = state_path
        self.say = say or log.info
        self.clock, self.sleep = clock, sleep
        self.stopping = False
        self.failures = 0
        self.resume_at = 0.0
        self.down_since: str | None = None
        self.cycles = 0
        self.last_brake: str | None = None
        stopping.reset()

    def stop(self, *_: Any) -> None:
        """The signal handler: only sets a flag (printing from a handler can interrupt a
        print, or an import, half-way); the loop says it stops. A wait in progress (the rate
        limit, a retry, ``Retry-After``) ends at once (``sync.stopping``)."""
        self.stopping = True
        stopping.request_stop()

    def tick(self) -> None:
        if self.stopping or self.clock() < self.resume_at:
            return
        self.cycles += 1
        try:
            report = self.cycle()
        except stopping.Stopping:  # asked to stop while waiting: the journal holds the rest
            return
        except OUTAGES as exc:
            self._outage(outage(exc))
            if self.alerts is not None:
                try:
                    self.alerts.cycle_failed(exc)
                except Exception:  # an alert never stops the daemon
                    log.exception("the alerts failed; the daemon carries on")
            return
        if report.brake and report.brake != self.last_brake:  # said once, until it changes
            self.say(f"cycle stopped: {report.brake}")
        self.last_brake = report.brake
        if report.wix_down:
            self._outage(next(o.error for o in report.outcomes.values() if o.error) or "")
            return
        if self.down_since:
            self.say(f"reachable again (down since {self.down_since}); catching up")
        self.failures, self.down_since, self.resume_at = 0, None, 0.0
        if report.outcomes or report.plan.actions:
            self.say(f"last sync {self._now()} · {words.row_counts(report.counts)}")

    def _outage(self, why: str) -> None:
        self.failures += 1
        wait = min(self.poll * 2**self.failures, 600.0)
        self.resume_at = self.clock() + wait
        if self.down_since is None:
            self.down_since = self._now()
            self.say(f"cannot sync ({why}); will keep retrying, backing off up to 10 minutes")

    def _now(self) -> str:
        """The wall clock's time of day, in the club's time zone."""
        return datetime.now(self.zone).astimezone(self.zone).strftime("%H:%M:%S")

    def run(self, *, max_cycles: int | None = None) -> None:
        run_daemons([self], max_cycles=max_cycles)


def run_daemons(daemons: list[Daemon], *, max_cycles: int | None = None) -> None:
    """Run one daemon per site in this process, each on its own schedule and state file
    (each locked); a SIGTERM or SIGINT lets every current cycle finish, then all stop."""

    def stop(*_: Any) -> None:
        for d in daemons:
            d.stop()

    # the handlers go in before the locks are taken: a SIGTERM as soon as a lock shows the
    # pid still lets the first cycle finish
    stopping.reset()
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with ExitStack() as locks:
            for d in daemons:
                locks.enter_context(state_lock(d.state_path))
            scheduler = schedule.Scheduler()
            for d in daemons:
                d.say(f"started: a cycle every {d.poll:g} s (pid {os.getpid()})")
                scheduler.every(d.poll).seconds.do(d.tick)
                d.tick()
            first = daemons[0]
            while not first.stopping and (
                max_cycles is None or min(d.cycles for d in daemons) < max_cycles
            ):
                scheduler.run_pending()
                first.sleep(min([1.0, *(d.poll for d in daemons)]))
            scheduler.clear()
            if first.stopping:
                for d in daemons:
                    d.say("stopping: the current cycle has finished")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for d in daemons:
        d.say("stopped")
