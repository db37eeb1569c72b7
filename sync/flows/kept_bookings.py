"""A session's bookings, kept between cycles once nobody can book it online any more.

Before a row is booked, the session's active bookings are read (``existing_bookings``), so a
person who booked online is never booked twice. While the site still takes online bookings
for the session, that read is made afresh by every cycle that books into it: a booking made
online a minute ago must be seen. Once online booking has closed, the only bookings that can
appear are this daemon's own (the journal knows each of them) and the ones staff add in the
dashboard; a list read after the close is then kept for :data:`KEPT_FOR` seconds, so a row
typed alone during the class costs no read.

When online booking closes comes from the service's ``bookingPolicy`` (Services V2):

* ``bookAfterStartPolicy.enabled`` — online booking stays open while the session runs:
  never kept;
* otherwise it closes at the session's start, or ``limitLateBookingPolicy
  .latestBookingInMinutes`` before it when that policy is enabled;
* no ``bookingPolicy`` in the answer (Wix does not document that the services query
  returns it): never kept — the answer that costs a read, never a second booking.

:data:`MARGIN` is added to the close for clocks that differ and a booking sent just before
it. A kept list is used for a row only when it cannot hide that row's booking: the row has
no booking in flight from before a crash, the kept list shows no booking for the row's
contact in that session, and no journal record holds one there (a deleted row's booking,
which a retyped row takes over). Any other row has the session read afresh, and that read is
kept in turn. Not covered, and said in the README: a booking staff make in the dashboard
for the same person after the close is seen only at the next read (within ``KEPT_FOR``).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

#: how long a session's bookings, read after online booking closed, are reused (seconds)
KEPT_FOR = 600.0
#: added to the moment online booking closes before a read of the session is kept
MARGIN = timedelta(minutes=2)


def online_closes(service: dict[str, Any], slot: dict[str, Any], zone: str) -> datetime | None:
    """When the site stops taking online bookings for this session; None when it takes
    them while the session runs, or when Wix did not say."""
    policy = service.get("bookingPolicy")
    start_text = slot.get("localStartDate")
    if not isinstance(policy, dict) or not start_text:
        return None
    if (policy.get("bookAfterStartPolicy") or {}).get("enabled", True):
        return None  # open while it runs (or not said: the same)
    try:
        start = datetime.fromisoformat(str(start_text)).replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        return None
    late = policy.get("limitLateBookingPolicy") or {}
    if late.get("enabled"):
        with suppress(TypeError, ValueError):  # unreadable: the start (later, never early)
            start -= timedelta(minutes=int(late.get("latestBookingInMinutes") or 0))
    return start


class KeptBookings:
    """Each session's active bookings as last read after its online booking closed."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[float, list[dict[str, Any]]]] = {}
        #: sessions with a booking sent whose outcome is not known here yet
        self._unsure: set[str] = set()

    def keep(self, event_id: str, items: list[dict[str, Any]], at: float) -> None:
        """A read of the session's active bookings, made after online booking closed."""
        self._lists[event_id] = (at, list(items))
        self._unsure.discard(event_id)

    def sending(self, event_id: str) -> None:
        """A booking is about to be sent for this session: until its outcome is known
        (:meth:`settled`), the kept list may miss it, so it is not used."""
        self._unsure.add(event_id)

    def settled(self, event_id: str, made: list[dict[str, Any]]) -> None:
        """Every booking sent for this session was answered: ``made`` (Wix's bookings) join
        the kept list, which is usable again."""
        kept = self._lists.get(event_id)
        if kept is not None:
            kept[1].extend({"booking": b} for b in made)
        self._unsure.discard(event_id)

    def get(self, event_id: str, now: float) -> list[dict[str, Any]] | None:
        """The kept list, or None when there is none younger than :data:`KEPT_FOR`, or a
        booking sent there has an outcome not known yet."""
        kept = self._lists.get(event_id)
        if kept is None or event_id in self._unsure or now - kept[0] >= KEPT_FOR:
            return None
        return kept[1]


def closed_long_enough(
    service: dict[str, Any] | None, slot: dict[str, Any] | None, zone: str, now: float
) -> bool:
    """Online booking for this session closed more than :data:`MARGIN` ago."""
    if service is None or slot is None:
        return False
    closes = online_closes(service, slot, zone)
    return closes is not None and now >= (closes + MARGIN).timestamp()
