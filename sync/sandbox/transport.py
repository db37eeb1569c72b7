"""Two ways to reach the sandbox with the same client code.

* :class:`InProcessAdapter`, a ``requests`` transport adapter that hands the request to the
  WSGI app directly (no socket), mapping the sandbox's injected faults to the exceptions
  ``requests`` raises for them on a real network (dropped connection → ``ConnectionError``
  after the commit, hang past the timeout → ``ReadTimeout``).
* :class:`LoopbackServer`, a threaded HTTP server bound to 127.0.0.1 only.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from http.client import RemoteDisconnected
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from urllib3.exceptions import ProtocolError
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.test import EnvironBuilder, run_wsgi_app

from sync.sandbox.app import IN_PROCESS, DropConnection, Hang


class InProcessAdapter(BaseAdapter):
    """Mount on a ``requests.Session`` to call a WSGI fake (the Wix sandbox, or the fake
    Sheets API) in-process. Its injected faults become what ``requests`` raises for them on
    a real network: a dropped connection → ``ConnectionError`` (after the commit), a hang past
    the read timeout → ``ReadTimeout``."""

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.app = app

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = urlsplit(request.url or "")
        body = request.body or b""
        builder = EnvironBuilder(
            path=url.path,
            query_string=url.query,
            method=request.method,
            headers=dict(request.headers),
            data=body.encode() if isinstance(body, str) else body,
            base_url=f"{url.scheme}://{url.netloc}",
        )
        environ = builder.get_environ()
        environ["RAW_URI"] = url.path + (f"?{url.query}" if url.query else "")
        environ[IN_PROCESS] = True
        try:
            app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        except DropConnection as exc:
            raise requests.exceptions.ConnectionError(
                ProtocolError("Connection aborted.", RemoteDisconnected(str(exc))), request=request
            ) from None
        except Hang as hang:
            read_timeout = _read_timeout(timeout)
            if read_timeout is not None and hang.seconds >= read_timeout:
                raise requests.exceptions.ReadTimeout(
                    f"Read timed out. (read timeout={read_timeout})", request=request
                ) from None
            time.sleep(hang.seconds)
            app_iter, status = hang.response.response, hang.response.status
            headers = hang.response.headers
        response = requests.Response()
        response.status_code = int(str(status).split()[0])
        response.headers = requests.structures.CaseInsensitiveDict(dict(headers))
        response._content = b"".join(app_iter)
        response._content_consumed = True  # a body already read (iter_content replays it)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        response.reason = str(status).partition(" ")[2]
        return response

    def close(self) -> None:
        pass


def _read_timeout(timeout: Any) -> float | None:
    if isinstance(timeout, tuple):
        return timeout[1]
    read = getattr(timeout, "read_timeout", timeout)  # urllib3 Timeout
    return None if read is None else float(read)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, *args: Any) -> None:  # injected drops are not server errors
        pass


class NotLoopback(ValueError):
    """A host the sandbox (or the fake Sheets API) may not be reached at: not loopback."""


def assert_loopback(host: str) -> None:
    """The sandbox binds to loopback only: it holds fake keys and accepts any write."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise NotLoopback(f"cannot resolve host {host!r}") from None
    if not addresses or not all(
        ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses
    ):
        raise NotLoopback(
            f"refusing to bind the sandbox to {host!r}: loopback addresses only "
            f"(127.0.0.1, ::1, localhost)"
        )


class LoopbackServer:
    """Serve a WSGI app (the Wix sandbox, or the fake Sheets API) on loopback in a background
    thread (``with`` or start/stop)."""

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        name: str = "wix-sandbox",
        poll_interval: float = 0.05,
    ) -> None:
        assert_loopback(host)
        self.app = app
        self._server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": poll_interval},
            name=name,
            daemon=True,
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
