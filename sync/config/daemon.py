"""``[daemon]``: how often to poll, where the state and the log are, the brake."""

from __future__ import annotations

from typing import Annotated, Literal

from sync.config.rules import PathText, Section, between

DEFAULT_STATE = "wixsync-state/state.sqlite3"
#: files kept beside the state: SQLite's WAL, shared memory and journal, and the run lock
STATE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")


class DaemonSection(Section):
    poll_seconds: Annotated[int, between(2, 3600)] = 15
    state: PathText = DEFAULT_STATE
    log: PathText | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_emails: Literal["masked", "full"] = "masked"
    max_rows_changed: Annotated[int, between(1, 1_000_000)] = 200
    alert_after_minutes: Annotated[int, between(1, 10080)] | None = None
