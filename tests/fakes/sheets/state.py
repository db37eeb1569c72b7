"""What the fake holds: its spreadsheets, the ID source, the token, fault and quota books,
the request log, and the lock around them.

The control plane (:mod:`.control`) and the HTTP edge (:mod:`.app`) both work on this
state; :class:`~tests.fakes.sheets.app.FakeSheets` is the three together."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.sheets.auth import TokenBook
from tests.fakes.sheets.faults import FaultBook, Quota
from tests.fakes.sheets.models import Ids, Spreadsheet


@dataclass
class LogEntry:
    seq: int
    at: float
    method: str
    path: str
    endpoint: str | None
    #: ``read``, ``write``, ``token``, or ``None`` for unknown paths
    kind: str | None
    spreadsheet_id: str | None = None
    value_input_option: str | None = None
    status: int = 0
    fault: str | None = None
    query: dict[str, list[str]] = field(default_factory=dict)
    body: Any = None


@dataclass(eq=False, repr=False)
class FakeState:
    """``tokens``, ``faults`` and ``quota`` are the live books behind the controls."""

    store: dict[str, Spreadsheet] = field(default_factory=dict)
    ids: Ids = field(default_factory=Ids)
    tokens: TokenBook = field(default_factory=TokenBook)
    faults: FaultBook = field(default_factory=FaultBook)
    quota: Quota = field(default_factory=Quota)
    log: list[LogEntry] = field(default_factory=list)
    #: ``False`` accepts calls without a token (e.g. ``AnonymousCredentials``)
    require_auth: bool = True
    latency: float = 0.0

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        #: set when a server stops, to end injected hangs early
        self.stopping = threading.Event()
