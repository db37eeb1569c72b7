"""The local state: one SQLite file, named migrations, mode 0600."""

from __future__ import annotations

from sync.state.db import connect, schema_version
from sync.state.journal import Journal, Point, RowRecord

__all__ = ["Journal", "Point", "RowRecord", "connect", "schema_version"]
