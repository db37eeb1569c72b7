"""Hostile answers: WSGI middleware in front of the Wix sandbox and the fake Sheets API, and
an SMTP server, that answer chosen requests with a body quoting every secret in reach.

What is planted in each answer (the *bait*): the request's own ``Authorization`` header (the
Wix key, or the Bearer access token), the signed assertion of a token request, and every
secret of the scene that the test knows (:class:`Bait`): the Wix key, the service account's
private key and ``private_key_id``, the SMTP password and its AUTH PLAIN line, the webhook's
secret. A real gateway quoting the request it refused is the model; the rest stand for a
server that knows more than it should.
"""

from __future__ import annotations

import io
import json
import re
import socketserver
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.extras.alerts.servers import Mail, SMTPDialogue
from tests.fakes.sheets.app import _route as sheets_route

Environ = dict[str, Any]


@dataclass
class Bait:
    """The secrets a hostile answer quotes, beside what the request itself carries."""

    values: dict[str, str] = field(default_factory=dict)
    #: the assertions (signed JWTs) seen at the token endpoint: secrets too
    assertions: list[str] = field(default_factory=list)

    def text(self, authorization: str = "") -> str:
        parts = [f"Authorization: {authorization}"] if authorization else []
        parts += [f"{name}={value}" for name, value in self.values.items()]
        parts += [f"assertion={a}" for a in self.assertions[-1:]]
        return " | ".join(parts)


@dataclass
class Answer:
    """One kind of hostile answer: which requests (``side`` and ``route``, a regex over
    ``METHOD /path`` for Wix, an endpoint name or group for Google), and what is answered
    (``status``, a body made by ``body(bait_text)``, ``headers``). ``times`` = how many."""

    name: str
    side: str  # "wix" | "google" | "smtp"
    route: str
    status: int = 400
    body: Callable[[str], str] = lambda bait: json.dumps({"message": bait})
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None
    #: SMTP: at which step the server answers with the bait ("greeting", "auth", "mail",
    #: "rcpt", "data"), and the reply code
    smtp_step: str = ""
    fired: int = 0

    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times


class HostileApp:
    """WSGI middleware: a request that matches an active :class:`Answer` gets it; the rest
    reach ``app`` untouched."""

    def __init__(self, app: Any, side: str, bait: Bait) -> None:
        self.app, self.side, self.bait = app, side, bait
        self.answers: list[Answer] = []
        self._lock = threading.Lock()

    def arm(self, answers: Iterable[Answer]) -> None:
        with self._lock:
            self.answers = [a for a in answers if a.side == self.side]

    def _pick(self, environ: Environ) -> Answer | None:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if self.side == "google":
            name, kind, _ = sheets_route(method, path)
            name = "token" if path.endswith("/token") else name
            keys = {name, f"{kind}s" if kind else None, "*" if name != "token" else None}
        else:
            keys = set()
        with self._lock:
            for answer in self.answers:
                if answer.spent():
                    continue
                if self.side == "google" and answer.route in keys:
                    answer.fired += 1
                    return answer
                if self.side == "wix" and re.search(answer.route, f"{method} {path}"):
                    answer.fired += 1
                    return answer
        return None

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Any:
        answer = self._pick(environ)
        if answer is None:
            return self.app(environ, start_response)
        if self.side == "google" and environ.get("PATH_INFO", "").endswith("/token"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode())
            environ["wsgi.input"] = io.BytesIO(b"")
            if assertion := (form.get("assertion") or [""])[0]:
                self.bait.assertions.append(assertion)
        body = answer.body(self.bait.text(environ.get("HTTP_AUTHORIZATION", ""))).encode()
        headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(body)))]
        headers += list(answer.headers.items())
        start_response(f"{answer.status} Hostile", headers)
        return [body]


# -- SMTP ---------------------------------------------------------------------------------------
class _Handler(SMTPDialogue):
    server: _Socket

    def opening(self) -> str | None:
        if answer := self.refused("greeting"):
            self.say(answer)
            return None
        return "220 localhost ESMTP hostile"

    def refused(
        self, step: str, login: tuple[str, str] | None = None, line: str = ""
    ) -> str | None:
        """The armed answer for this step: its status, the bait (and the AUTH line)."""
        answer = self.server.box.answer
        if answer is None or answer.smtp_step != step or answer.spent():
            return None
        answer.fired += 1
        extra = f" {line}" if line else ""
        return f"{answer.status} 5.7.8 refused: {self.server.box.bait.text()}{extra}"

    def received(self, mail: Mail) -> None:
        self.server.box.mails.append((mail.sender, mail.recipients, mail.raw, mail.login))


class _Socket(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    box: HostileSMTP


@dataclass
class HostileSMTP:
    """Enough SMTP for ``smtplib``; with an :class:`Answer` armed it answers that step with
    the bait (and, at AUTH, the AUTH line it was sent, decoded)."""

    bait: Bait
    answer: Answer | None = None
    mails: list[tuple[str, list[str], bytes, Any]] = field(default_factory=list)

    def start(self) -> HostileSMTP:
        self._server = _Socket(("127.0.0.1", 0), _Handler)
        self._server.box = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
