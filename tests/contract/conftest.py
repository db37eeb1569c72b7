"""Live contract mode: the same contract tests against the sandbox (always) and a real Wix
test site (only when asked).

``wix_site`` is parametrised ``sandbox`` / ``live``. The sandbox target is the default club
served on a loopback socket (``LoopbackServer``) and reached through the production client
(``sync.wix.WixHTTP`` + ``WixClient``) with a guard that refuses any connection to a
non-loopback address. The live target is the same client aimed at
``https://www.wixapis.com`` (``sync.wix.paths.PRODUCTION_BASE_URL``); it runs only when

* ``WIXSYNC_LIVE_SITE_ID`` is set, and
* the API key is in ``WIXSYNC_LIVE_API_KEY`` (or in the variable named by
  ``WIXSYNC_LIVE_KEY_ENV``),

and is skipped otherwise — so the normal run never leaves loopback. Optional:
``WIXSYNC_LIVE_SERVICE`` (the class to use; default the first CLASS service),
``WIXSYNC_LIVE_TIME_ZONE`` (IANA; default the zone the time-slot answer names, else UTC),
``WIXSYNC_LIVE_WRITE=1`` with ``WIXSYNC_LIVE_EMAIL`` for the one write test (README,
"Live contract tests").
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from sync.sandbox import LoopbackServer, build_sandbox, describe
from sync.wix import RateLimiter, RetryPolicy, WixClient, WixHTTP
from sync.wix import paths as wix_paths

LIVE_SITE = "WIXSYNC_LIVE_SITE_ID"
LIVE_KEY = "WIXSYNC_LIVE_API_KEY"
LIVE_KEY_ENV = "WIXSYNC_LIVE_KEY_ENV"
LIVE_WRITE = "WIXSYNC_LIVE_WRITE"
LIVE_EMAIL = "WIXSYNC_LIVE_EMAIL"
LIVE_SERVICE = "WIXSYNC_LIVE_SERVICE"
LIVE_TIME_ZONE = "WIXSYNC_LIVE_TIME_ZONE"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "live: a contract test that also runs against a real Wix test site when "
        f"{LIVE_SITE} and an API key are set (tests/contract/conftest.py)",
    )


def live_credentials(env: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(site id, API key) from the environment, or ``None`` when live mode is off."""
    env = dict(os.environ) if env is None else env
    site = env.get(LIVE_SITE, "").strip()
    key_var = env.get(LIVE_KEY_ENV, "").strip() or LIVE_KEY
    key = env.get(key_var, "").strip()
    return (site, key) if site and key else None


@dataclass
class WixSite:
    """A Wix the contract tests can talk to, through the production client."""

    name: str  # "sandbox" or "live"
    client: WixClient
    time_zone: str
    today: date
    service_name: str | None = None
    email: str | None = None  # the contact the write test books
    writes_allowed: bool = True
    sandbox: Any = None
    #: clean-up steps registered by a test, run (last first) even when it fails
    cleanups: list[tuple[str, Callable[[], Any]]] = field(default_factory=list)

    def on_cleanup(self, what: str, undo: Callable[[], Any]) -> None:
        self.cleanups.append((what, undo))


def _client(base_url: str, key: str, site_id: str, *, per_minute: int | None) -> WixClient:
    http = WixHTTP(
        base_url,
        key,
        site_id,
        timeout=(5.0, 30.0),
        limiter=RateLimiter(per_minute),
        retry=RetryPolicy(attempts=3, total_seconds=60),
        session=requests.Session(),
    )
    return WixClient(http)


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket connect to a non-loopback address fails the test (the normal run)."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"contract test tried to leave loopback: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def _run_cleanups(site: WixSite) -> list[str]:
    failed = []
    while site.cleanups:
        what, undo = site.cleanups.pop()
        try:
            undo()
        except Exception as exc:  # keep cleaning; report every leftover
            failed.append(f"{what}: {type(exc).__name__}: {exc}")
    return failed


@pytest.fixture(params=["sandbox", "live"])
def wix_site(request: pytest.FixtureRequest) -> Iterator[WixSite]:
    if request.param == "sandbox":
        request.getfixturevalue("loopback_only")
        from tests.conftest import NOW

        sandbox = build_sandbox(now=NOW, rate_limit=None)
        info = describe(sandbox.site)
        with LoopbackServer(sandbox) as server:
            site = WixSite(
                "sandbox",
                _client(
                    server.url,
                    sandbox.site.api_keys["sync"].key,
                    sandbox.site.site_id,
                    per_minute=None,
                ),
                info["timeZone"],
                NOW.astimezone(ZoneInfo(info["timeZone"])).date(),
                service_name="Open Water Swim",
                email="ivan.novak@example.org",
                sandbox=sandbox,
            )
            try:
                yield site
            finally:
                leftovers = _run_cleanups(site)
        assert not leftovers, "clean-up failed:\n" + "\n".join(leftovers)
        return
    site = live_site()
    if site is None:
        pytest.skip(
            f"live Wix site not configured: set {LIVE_SITE} and {LIVE_KEY} "
            f"(or name the key's variable in {LIVE_KEY_ENV})"
        )
    try:
        yield site
    finally:
        leftovers = _run_cleanups(site)
    assert not leftovers, "clean-up failed, remove these by hand:\n" + "\n".join(leftovers)


def live_site(env: dict[str, str] | None = None) -> WixSite | None:
    """The live target from the environment (no request is made), or ``None``."""
    env = dict(os.environ) if env is None else env
    creds = live_credentials(env)
    if creds is None:
        return None
    site_id, key = creds
    zone = env.get(LIVE_TIME_ZONE, "").strip() or "UTC"
    return WixSite(
        "live",
        # Wix documents 200 requests a minute; stay well under it
        _client(wix_paths.PRODUCTION_BASE_URL, key, site_id, per_minute=60),
        zone,
        datetime.now(ZoneInfo(zone)).date(),
        service_name=env.get(LIVE_SERVICE, "").strip() or None,
        email=env.get(LIVE_EMAIL, "").strip() or None,
        writes_allowed=env.get(LIVE_WRITE, "").strip() == "1",
    )
