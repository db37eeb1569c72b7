"""How real gspread code reaches the fake without changing a line of it.

* :class:`FakeSheetsServer` serves a :class:`FakeSheets` on 127.0.0.1 in a background thread
  (loopback only: it accepts any token shape and any write).
* :class:`LoopbackSheetsAdapter` is the product's own adapter
  (:mod:`sync.sheet.endpoint`, what ``[sheet] api_url`` mounts): mounted on gspread's
  ``AuthorizedSession`` for ``https://sheets.googleapis.com/``, it sends each request to the
  loopback server, rewriting only the scheme and host (path, query, headers, body and the
  ``Authorization`` header go through untouched), over a real socket.
* :class:`InProcessSheetsAdapter` does the same without a socket, calling the WSGI app
  directly; injected hangs and drops become the exceptions ``requests`` raises for them on a
  real network (``ReadTimeout``; ``ConnectionError`` "Connection aborted.").
* :func:`mount_fake_sheets` mounts either on a session, including the token URL on
  google-auth's separate token session; :func:`gspread_client_for` builds a whole client.
"""

from __future__ import annotations

from typing import Any

import gspread
import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from requests.adapters import BaseAdapter

from sync.sandbox.transport import InProcessAdapter, LoopbackServer
from sync.sheet.endpoint import GOOGLE_TOKEN_URL, SHEETS_BASE_URL, LoopbackSheetsAdapter, mount
from tests.fakes.sheets.app import FakeSheets

__all__ = [
    "SHEETS_BASE_URL",
    "FakeSheetsServer",
    "InProcessSheetsAdapter",
    "LoopbackSheetsAdapter",
    "adapter_for",
    "gspread_client_for",
    "mount_fake_sheets",
]


class FakeSheetsServer(LoopbackServer):
    """Serve a fake on loopback in a background thread (``with`` or ``start``/``stop``)."""

    def __init__(self, fake: FakeSheets, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(fake, host, port, name="fake-sheets", poll_interval=0.01)
        self.fake = fake

    @property
    def token_uri(self) -> str:
        """Put this in a service-account JSON's ``token_uri``."""
        return f"{self.url}/token"

    def start(self) -> FakeSheetsServer:
        self.fake.stopping.clear()
        return super().start()

    def stop(self) -> None:
        self.fake.stopping.set()  # end injected hangs
        super().stop()


class InProcessSheetsAdapter(InProcessAdapter):
    """Hand each request to the fake's WSGI app directly (no socket)."""

    def __init__(self, fake: FakeSheets) -> None:
        super().__init__(fake)
        self.fake = fake


Target = FakeSheets | FakeSheetsServer | str


def adapter_for(target: Target) -> BaseAdapter:
    """In-process for a :class:`FakeSheets`; over loopback for a server or its URL."""
    if isinstance(target, FakeSheets):
        return InProcessSheetsAdapter(target)
    return LoopbackSheetsAdapter(target.url if isinstance(target, FakeSheetsServer) else target)


def mount_fake_sheets(
    session: requests.Session, target: Target, *, token_url: str = GOOGLE_TOKEN_URL
) -> requests.Session:
    """Route ``https://sheets.googleapis.com/`` and ``token_url`` on ``session`` to the fake.

    On a google-auth ``AuthorizedSession`` the token refresh goes through a second, private
    session (``_auth_request_session``); the token URL is mounted there too, so credentials
    whose ``token_uri`` is Google's also refresh against the fake (:func:`sync.sheet.endpoint.
    mount`, the same mounting ``[sheet] api_url`` does)."""
    return mount(session, adapter_for(target), token_url=token_url)


def gspread_client_for(
    target: Target, credentials: Credentials | None = None, *, timeout: Any = (5, 60)
) -> gspread.Client:
    """A real ``gspread.Client`` whose calls reach ``target``.

    ``credentials`` default to ``AnonymousCredentials`` (no token: build the fake with
    ``require_auth=False``)."""
    client = gspread.Client(auth=credentials or AnonymousCredentials())
    mount_fake_sheets(client.http_client.session, target)
    client.set_timeout(timeout)
    return client
