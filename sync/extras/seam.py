"""The cycle-hook seam: what an extra is given to build its hook, and nothing more.

:mod:`sync.runtime` builds one :class:`HookParts` from the ready engine and calls each
:data:`HookFactory` in ``Settings.hooks`` with it; a test or a bench does the same with its
own factories. The extras import this module, never the runtime.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sync.engine.cycle import CycleHook
from sync.engine.rowstate import RowStates
from sync.flows.catalog import Catalog
from sync.sheet.session import SheetSession
from sync.state import Journal
from sync.wix import WixClient


@dataclass(frozen=True)
class HookParts:
    """The parts of a ready runtime a hook may use. The callables are the engine's, looked
    up at each call (a test may swap the engine's clock, day or parser)."""

    #: the attendance sheet as the engine reads and writes it (backend, columns)
    session: SheetSession
    #: the journal of recovery points; its ``db`` is the state database
    journal: Journal
    states: RowStates
    client: WixClient
    #: the row flows' catalog: the class map, the site's time zone, Wix's services
    catalog: Catalog
    clock: Callable[[], float]
    today: Callable[[], date]
    #: the engine's parser: ``(cells, row_id=, today=) -> Parsed``
    parse: Callable[..., Any]
    #: holds the sheet's lease before a write (does nothing when there is none)
    hold: Callable[[], None]

    @property
    def db(self) -> sqlite3.Connection:
        return self.journal.db


#: what ``Settings.hooks`` holds: one hook from the parts
HookFactory = Callable[[HookParts], CycleHook]
