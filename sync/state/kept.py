"""What one process keeps in memory of its state file, so that a cycle costs what changed.

The daemon loads the journal's records and the row states once; afterwards it reads them
from memory and writes only what changed. Every write still goes to SQLite first, in the
same transaction as before, and reaches memory only once committed: a crash loses nothing,
and another process reading the file (``wixsync status``) sees the truth.

Memory is trusted only while nobody else wrote: SQLite's ``PRAGMA data_version`` changes
when another connection commits (another process, or a second connection in this one), and
the next read then loads afresh. The tables kept belong to the connection
(:class:`StateConnection`, what :func:`sync.state.db.connect` opens), so every
:class:`~sync.state.Journal` and ``RowStates`` on it shares them; on a plain ``sqlite3``
connection nothing is kept (two of them could not see each other's writes): every read
reads SQLite.
"""

from __future__ import annotations

import gc
import sqlite3
from typing import Any


class Kept:
    """Tables held in memory for one connection, dropped together when another connection
    has committed since they were read."""

    def __init__(self) -> None:
        self._version: int | None = None
        self._tables: dict[str, Any] = {}
        #: counts the changes to what is kept: what is worked out from the state alone is
        #: still true while it stays the same (:meth:`generation`)
        self._generation = 0

    def get(self, db: sqlite3.Connection, name: str) -> Any:
        """The table ``name`` as kept, or ``None``: never read, or another connection wrote."""
        self._check(db)
        return self._tables.get(name)

    def generation(self, db: sqlite3.Connection) -> int:
        """A number that changes whenever the kept state may have: a write through this
        process's journal or row states, or a commit by another connection."""
        self._check(db)
        return self._generation

    def changed(self) -> None:
        """Called after each committed write of a kept table."""
        self._generation += 1

    def _check(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._tables.clear()
            self._version = version
            self._generation += 1

    def peek(self, name: str) -> Any:
        """The table ``name`` as kept, without asking SQLite: only right after a commit of
        this connection (no other connection can have written inside its transaction)."""
        return self._tables.get(name)

    def put(self, name: str, value: Any) -> None:
        self._tables[name] = value

    def drop(self, name: str) -> None:
        self._tables.pop(name, None)


class StateConnection(sqlite3.Connection):
    """A SQLite connection carrying what is kept in memory of its state file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept = Kept()


class _NothingKept(Kept):
    """For a plain ``sqlite3`` connection: every read reads SQLite."""

    def get(self, db: sqlite3.Connection, name: str) -> Any:
        return None

    def generation(self, db: sqlite3.Connection) -> int:
        self._generation += 1  # never the same: nothing worked out from it is kept either
        return self._generation

    def peek(self, name: str) -> Any:
        return None

    def put(self, name: str, value: Any) -> None:
        return None


def kept_for(db: sqlite3.Connection) -> Kept:
    """The tables kept for ``db``: shared by all on it when it is a :class:`StateConnection`;
    none on any other connection."""
    found = getattr(db, "kept", None)
    return found if isinstance(found, Kept) else _NothingKept()


def tune_collector() -> None:
    """Tune Python's cyclic garbage collector for a process keeping a season in memory —
    about a million objects that live as long as it does. By default it looks at young
    objects every 700 allocations and at all of them often: the first cycle after a start,
    which reads the whole state and sheet, then spends a tenth of its time there."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, 50_000), max(middle, 20), max(old, 50))
