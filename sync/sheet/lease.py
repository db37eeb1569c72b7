"""One sheet, one worker: a lease kept in the sheet itself.

Two deployments on one sheet — a second VM, or the config copied to a laptop, each with its
own state file — would each book, order and take cash for the same rows. The state file's
lock cannot see the other one; the sheet can. So the sheet holds a lease: a spreadsheet-level
developer metadata entry ``wixsync.lease`` (a local .csv/.xlsx: a file beside it) naming its
holder (an id kept in the holder's state file, the host, the process), since when it holds
the sheet and its last heartbeat.

* **Before a cycle writes anything**, the daemon makes sure it holds the lease
  (:meth:`SheetLease.ensure`). While its own lease is fresh, that costs nothing: nobody else
  could have taken it. It is renewed every ``renew_after`` seconds (one metadata read and one
  batch), which keeps it fresh while the daemon runs.
* **Another holder's fresh lease** stops the cycle before the rows, the roster or the
  summary are touched: :class:`LeaseHeld` says who holds the sheet, since when, and when it
  may be taken over.
* **A stale lease** (no heartbeat for ``stale_after`` seconds: the other daemon stopped) is
  taken over, and the new holder says so.
* **Two starting at once** both write an entry; each reads the entries back, and the one
  that came first (the earliest ``since``, then the smaller holder id) keeps the sheet; the
  other removes its entry and stops. Google offers no compare-and-set, so this read-back is
  the arbiter.

Heartbeats are wall-clock times of the machines involved: ``stale_after`` (30 minutes) is
far above any clock drift a VM keeps with NTP.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

KEY = "wixsync.lease"
STALE_AFTER = 1800.0
RENEW_AFTER = 600.0


@dataclass(frozen=True)
class Holder:
    holder: str  # a random id kept in the holder's state file
    host: str
    pid: int
    since: float
    beat: float

    def dump(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def load(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(
                str(data["holder"]), str(data["host"]), int(data["pid"]),
                float(data["since"]), float(data["beat"]),
            )  # fmt: skip
        except (ValueError, TypeError, KeyError):
            return None


class LeaseHeld(Exception):
    """Another wixsync holds the sheet: this one writes nothing."""

    def __init__(
        self, other: Holder, now: float, stale_after: float, time_zone: str | None = None
    ) -> None:
        self.other, self.now, self.stale_after = other, now, stale_after
        seen = max(0, int((now - other.beat) // 60))
        # in the club's time zone, named (the owner reads it beside the sheet, not the VM)
        zone = ZoneInfo(time_zone) if time_zone else None
        at = datetime.fromtimestamp(other.since, zone).astimezone(zone)
        since = f"{at:%Y-%m-%d %H:%M} {at.tzname()}"
        free = max(1, int((other.beat + stale_after - now) // 60) + 1)
        super().__init__(
            f"another wixsync is syncing this sheet (host {other.host}, process {other.pid}, "
            f"since {since}, last seen {seen} min ago), so this one writes nothing. Stop one "
            f"of them; if the other has stopped, this one takes over in {free} min"
        )


class LeaseStore(Protocol):
    def entries(self) -> list[tuple[str, Holder]]:
        """Every lease entry (an id to remove it by, and its holder)."""
        ...

    def put(self, holder: Holder, remove: list[str]) -> None:
        """Write ``holder``'s entry and remove the entries ``remove``, in one request."""
        ...

    def remove(self, ids: list[str]) -> None: ...


@dataclass
class SheetLease:
    store: LeaseStore
    holder_id: str
    clock: Callable[[], float] = time.time
    stale_after: float = STALE_AFTER
    renew_after: float = RENEW_AFTER
    #: the club's (``[wix] time_zone``): the zone a refusal gives the other's "since" in
    time_zone: str | None = None
    host: str = socket.gethostname()
    pid: int = os.getpid()
    #: our entry as last written and confirmed, and when
    mine: Holder | None = None
    #: what the last ensure() did, for the daemon to say once: "took over from …"
    took_over: Holder | None = None

    def ensure(self) -> None:
        """Hold the lease before writing, or raise :class:`LeaseHeld`."""
        now = self.clock()
        if self.mine is not None and now - self.mine.beat < self.renew_after:
            return  # fresh: nobody could have taken the sheet since
        entries = self.store.entries()
        ours = [eid for eid, h in entries if h.holder == self.holder_id]
        others = [(eid, h) for eid, h in entries if h.holder != self.holder_id]
        fresh = [h for _, h in others if now - h.beat < self.stale_after]
        previous = next((h for _, h in entries if h.holder == self.holder_id), None)
        if fresh and previous is None:  # someone holds it (or took it over from us)
            self.mine = None
            raise LeaseHeld(_earliest(fresh), now, self.stale_after, self.time_zone)
        if fresh and previous is not None and _earliest([previous, *fresh]) != previous:
            self.mine = None  # two entries, and the other came first
            self.store.remove(ours)
            raise LeaseHeld(_earliest(fresh), now, self.stale_after, self.time_zone)
        me = Holder(self.holder_id, self.host, self.pid, previous.since if previous else now, now)
        stale = [eid for eid, h in others if now - h.beat >= self.stale_after]
        self.took_over = next((h for eid, h in others if eid in stale), None)
        self.store.put(me, ours + stale)
        if previous is None:  # a new claim: read back; the first entry keeps the sheet
            again = [h for _, h in self.store.entries() if now - h.beat < self.stale_after]
            rivals = [h for h in again if h.holder != self.holder_id]
            if rivals and _earliest([me, *rivals]) != me:
                self.store.remove(
                    [eid for eid, h in self.store.entries() if h.holder == self.holder_id]
                )
                raise LeaseHeld(_earliest(rivals), now, self.stale_after, self.time_zone)
        self.mine = me

    def release(self) -> None:
        """Give the sheet up (a clean stop), so another may start at once."""
        try:
            ids = [eid for eid, h in self.store.entries() if h.holder == self.holder_id]
            if ids:
                self.store.remove(ids)
        finally:
            self.mine = None


def _earliest(holders: list[Holder]) -> Holder:
    return min(holders, key=lambda h: (h.since, h.holder))


# -- stores ---------------------------------------------------------------------------------
class GoogleLeaseStore:
    """Spreadsheet-level developer metadata (``DOCUMENT`` visibility), read with one
    ``spreadsheets.get`` (``fields=developerMetadata``) and written with one
    ``batchUpdate`` (delete ours + create the new entry; there is no update-in-place here)."""

    def __init__(self, spreadsheet: Any, call: Callable[..., Any] | None = None) -> None:
        #: the gspread Spreadsheet, or a callable giving it (opened only when first needed)
        self._spreadsheet = spreadsheet
        self.call = call or (lambda fn, *a, **k: fn(*a, **k))

    @property
    def spreadsheet(self) -> Any:
        if callable(self._spreadsheet) and not hasattr(self._spreadsheet, "batch_update"):
            self._spreadsheet = self._spreadsheet()
        return self._spreadsheet

    def entries(self) -> list[tuple[str, Holder]]:
        meta = self.call(self.spreadsheet.fetch_sheet_metadata, {"fields": "developerMetadata"})
        found = []
        for item in meta.get("developerMetadata") or []:
            if item.get("metadataKey") != KEY:
                continue
            holder = Holder.load(str(item.get("metadataValue") or ""))
            if holder is not None:
                found.append((str(item["metadataId"]), holder))
        return found

    def put(self, holder: Holder, remove: list[str]) -> None:
        requests = [_delete(eid) for eid in remove]
        requests.append(
            {
                "createDeveloperMetadata": {
                    "developerMetadata": {
                        "metadataKey": KEY,
                        "metadataValue": holder.dump(),
                        "location": {"spreadsheet": True},
                        "visibility": "DOCUMENT",
                    }
                }
            }
        )
        self.call(self.spreadsheet.batch_update, {"requests": requests})

    def remove(self, ids: list[str]) -> None:
        if ids:
            self.call(self.spreadsheet.batch_update, {"requests": [_delete(e) for e in ids]})


def _delete(metadata_id: str) -> dict[str, Any]:
    lookup = {"metadataId": int(metadata_id)}
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": lookup}}}


class FileLeaseStore:
    """For a local sheet file: ``.<name>.wixsync-lease`` beside it, one JSON entry per
    holder, replaced atomically (a temporary file renamed over it), mode 0600."""

    def __init__(self, sheet_file: Path) -> None:
        self.path = sheet_file.with_name(f".{sheet_file.name}.wixsync-lease")

    def _load(self) -> dict[str, Holder]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        holders = {k: Holder.load(json.dumps(v)) for k, v in dict(data).items()}
        return {k: h for k, h in holders.items() if h is not None}

    def _save(self, holders: dict[str, Holder]) -> None:
        temp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({k: asdict(h) for k, h in holders.items()}, out, sort_keys=True)
        os.replace(temp, self.path)

    def entries(self) -> list[tuple[str, Holder]]:
        return list(self._load().items())

    def put(self, holder: Holder, remove: list[str]) -> None:
        holders = {k: h for k, h in self._load().items() if k not in remove}
        holders[f"{holder.holder}:{holder.beat}"] = holder
        self._save(holders)

    def remove(self, ids: list[str]) -> None:
        holders = self._load()
        if any(i in holders for i in ids):
            self._save({k: h for k, h in holders.items() if k not in ids})


def holder_id(
    setting: Callable[[str, str | None], str | None], save: Callable[[str, str], None]
) -> str:
    """This deployment's lease id: made once and kept in its state file."""
    known = setting("lease.holder", None)
    if known:
        return known
    made = uuid.uuid4().hex
    save("lease.holder", made)
    return made


__all__ = [
    "FileLeaseStore",
    "GoogleLeaseStore",
    "Holder",
    "LeaseHeld",
    "LeaseStore",
    "SheetLease",
    "holder_id",
]


def store_for(backend: Any) -> LeaseStore | None:
    """The lease store of a sheet backend: the Google spreadsheet's developer metadata, or
    a file beside a local sheet; None for a backend that has neither (a test double)."""
    from sync.sheet.google import GoogleSheet
    from sync.sheet.localfile import LocalSheet

    if isinstance(backend, GoogleSheet):
        return GoogleLeaseStore(lambda: backend.spreadsheet, backend._call)
    if isinstance(backend, LocalSheet):
        return FileLeaseStore(backend.path)
    return None


class Announced:
    """:meth:`SheetLease.ensure` that says once, in the log, when it took a stale lease
    over (the engine calls it before each cycle writes anything)."""

    def __init__(self, lease: SheetLease) -> None:
        self.lease = lease

    def ensure(self) -> None:
        self.lease.ensure()
        taken, self.lease.took_over = self.lease.took_over, None
        if taken is not None:
            import logging

            logging.getLogger("wixsync.lease").warning(
                "took the sheet over from host %s (process %s): it had not been seen for "
                "%d min", taken.host, taken.pid, int((self.lease.clock() - taken.beat) // 60),
            )  # fmt: skip
