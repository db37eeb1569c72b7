"""Where gspread's requests go: to Google, or to a Sheets API on this machine.

``[sheet] api_url`` (hidden; ``init --sheets-api-url``) names a local server that speaks the
Sheets v4 REST API — the tests' fake (``tests/fakes/sheets``), which the demo and the tests
start. :func:`point_at` mounts a ``requests`` transport adapter on gspread's session that
sends every request for ``https://sheets.googleapis.com/`` and for Google's token URL there
instead, rewriting the scheme and host only: path, query, headers, body and the
``Authorization`` header go through untouched, over a real socket, so the same gspread and
google-auth code runs as against Google. Loopback only: the server accepts any write.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

SHEETS_BASE_URL = "https://sheets.googleapis.com/"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL, not a secret)


def _assert_loopback(host: str) -> None:
    # the sandbox's own check (and its NotLoopback error), loaded only when a local API is
    # asked for: a daemon talking to Google never imports the sandbox
    from sync.sandbox.transport import assert_loopback

    assert_loopback(host)


class LoopbackSheetsAdapter(HTTPAdapter):
    """Forward to the server at ``base_url`` (loopback only), changing scheme and host only."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        target = urlsplit(base_url)
        _assert_loopback(target.hostname or "")
        self.scheme, self.netloc = target.scheme, target.netloc

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:  # type: ignore[override]
        original = request.url or ""
        parts = urlsplit(original)
        forwarded = request.copy()
        forwarded.url = urlunsplit((self.scheme, self.netloc, parts.path, parts.query, ""))
        response = super().send(forwarded, *args, **kwargs)
        response.url = original
        response.request = request
        return response


def mount(
    session: requests.Session, adapter: BaseAdapter, *, token_url: str = GOOGLE_TOKEN_URL
) -> requests.Session:
    """Route ``https://sheets.googleapis.com/`` and ``token_url`` on ``session`` through
    ``adapter``.

    On a google-auth ``AuthorizedSession`` the token refresh goes through a second, private
    session (``_auth_request_session``); the token URL is mounted there too, so credentials
    whose ``token_uri`` is Google's also refresh through ``adapter``."""
    session.mount(SHEETS_BASE_URL, adapter)
    session.mount(token_url, adapter)
    token_session = getattr(session, "_auth_request_session", None)
    if isinstance(token_session, requests.Session):
        token_session.mount(token_url, adapter)
    return session


def point_at(session: requests.Session, api_url: str) -> requests.Session:
    """Send ``session``'s Sheets API and token requests to ``api_url`` (loopback only:
    anything else raises ``sync.sandbox.transport.NotLoopback``)."""
    _assert_loopback(urlsplit(api_url).hostname or "")
    return mount(session, LoopbackSheetsAdapter(api_url))
