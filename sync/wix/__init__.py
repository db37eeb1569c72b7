"""The Wix REST client: paths, one request choke point, one thin function per endpoint."""

from __future__ import annotations

from sync.wix.api import WixClient
from sync.wix.errors import (
    KeyRejected,
    NotSent,
    OutcomeUnknown,
    Removed,
    UnexpectedAnswer,
    WixAPIError,
    WixError,
)
from sync.wix.http import RetryPolicy, WixHTTP
from sync.wix.ratelimit import RateLimiter

__all__ = [
    "KeyRejected",
    "NotSent",
    "OutcomeUnknown",
    "RateLimiter",
    "Removed",
    "RetryPolicy",
    "UnexpectedAnswer",
    "WixAPIError",
    "WixClient",
    "WixError",
    "WixHTTP",
]
