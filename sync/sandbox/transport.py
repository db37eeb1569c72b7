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
from http.client import RemoteDisconnected
from typing import Any, Self

import requests
from requests.adapters import BaseAdapter
from urllib3.exceptions import ProtocolError
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.test import EnvironBuilder, run_wsgi_app

from sync.sandbox.app import DropConnection, Hang, Sandbox


class InProcessAdapter(BaseAdapter):
    """Mount on a ``requests.Session`` for a base URL to call the sandbox in-process."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = requests.utils.urlparse(request.url)
        builder = EnvironBuilder(
            path=url.path,
            query_string=url.query,
            method=request.method,
            headers=dict(request.headers),
            data=request.body or b"",
            base_url=f"{url.scheme}://{url.netloc}",
        )
        environ = builder.get_environ()
        environ["sandbox.in_process"] = True
        try:
            app_iter, status, headers = run_wsgi_app(self.sandbox, environ, buffered=True)
        except DropConnection as exc:
            raise requests.exceptions.ConnectionError(
                ProtocolError("Connection aborted.", RemoteDisconnected(str(exc))), request=request
            ) from None
        except Hang as hang:
            read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
            if read_timeout is None or hang.seconds >= read_timeout:
                raise requests.exceptions.ReadTimeout(
                    f"Read timed out. (read timeout={read_timeout})", request=request
                ) from None
            app_iter, status, headers = hang.response, hang.response.status, hang.response.headers
            app_iter = hang.response.response
        response = requests.Response()
        response.status_code = int(str(status).split()[0])
        response.headers = requests.structures.CaseInsensitiveDict(dict(headers))
        response._content = b"".join(app_iter)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        response.reason = str(status).partition(" ")[2]
        return response

    def close(self) -> None:
        pass


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, *args: Any) -> None:  # injected drops are not server errors
        pass


def assert_loopback(host: str) -> None:
    """The sandbox binds to loopback only: it holds fake keys and accepts any write."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise ValueError(f"cannot resolve host {host!r}") from None
    if not addresses or not all(
        ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses
    ):
        raise ValueError(
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
