"""wixsync: turn a volunteers' attendance sheet into Wix Bookings state, exactly once."""

from __future__ import annotations

__version__ = "0.1.0"
