"""A local Wix: the REST contract of every Wix call wixsync makes, with Wix's business rules.

Build one with :func:`build_sandbox`; reach it in-process (:class:`InProcessAdapter`) or
over loopback (:class:`LoopbackServer`, ``wixsync sandbox``). What it does not simulate is
listed in the README ("What the sandbox does not simulate") and in each model's docstring.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sync.sandbox.app import CONTROL_PREFIX, Sandbox
from sync.sandbox.faults import Fault, FaultBook, RateLimiter
from sync.sandbox.routes import all_routes
from sync.sandbox.seed import SeedError, describe, load_site, read_seed
from sync.sandbox.transport import InProcessAdapter, LoopbackServer, assert_loopback

__all__ = [
    "CONTROL_PREFIX",
    "Fault",
    "InProcessAdapter",
    "LoopbackServer",
    "Sandbox",
    "assert_loopback",
    "build_sandbox",
    "describe",
]


def build_sandbox(
    seed: dict[str, Any] | str | Path | None = None,
    *,
    now: datetime | None = None,
    rate_limit: int | None = 200,
    latency: float = 0.0,
    jitter: float = 0.0,
) -> Sandbox:
    """A sandbox loaded with ``seed`` (a document, a path, or ``None`` for the default club).

    ``now`` freezes the sandbox clock (the seed's relative days count from it).
    """
    document = seed if isinstance(seed, dict) else read_seed(seed)
    try:
        site = load_site(document, now=now)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(seed, dict) or seed is None:
            raise
        detail = (
            f"an entry has no {exc.args[0]!r}"
            if isinstance(exc, KeyError)
            else f"a value has the wrong form ({type(exc).__name__})"
        )
        raise SeedError(seed, detail) from None
    return Sandbox(
        site=site,
        routes=all_routes(),
        rate_limiter=RateLimiter(rate_limit),
        faults=FaultBook(seed=site.random_seed),
        latency=latency,
        jitter=jitter,
        seed_document=document,
    )
