"""Two receivers on loopback, in threads: a tiny SMTP server (enough SMTP for ``smtplib``:
EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and a webhook (``http.server``).
Each records what arrived and can be told to fail: refuse the mail, hang, or answer 500."""

from __future__ import annotations

import base64
import email
import json
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Mode = Literal["ok", "refuse", "hang", "down"]


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    raw: bytes
    login: tuple[str, str] | None

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=default)  # type: ignore[return-value]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        return body.get_content().replace("\r\n", "\n")  # type: ignore[union-attr]


class SMTPDialogue(socketserver.StreamRequestHandler):
    """Enough SMTP for ``smtplib`` (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
    QUIT). A server decides three things: :meth:`opening` (the greeting, or ``None`` once it
    has ended the connection its own way), :meth:`refused` (the answer to a step instead of
    its acceptance, or ``None``) and :meth:`received` (a mail accepted)."""

    capabilities: tuple[bytes, ...] = (b"AUTH PLAIN", b"8BITMIME")

    def say(self, line: str) -> None:
        self.wfile.write(line.replace("\r", " ").replace("\n", " ").encode() + b"\r\n")

    def opening(self) -> str | None:
        return "220 localhost ESMTP tiny"

    def refused(
        self, step: str, login: tuple[str, str] | None = None, line: str = ""
    ) -> str | None:
        """``step``: greeting, auth, mail, rcpt or data; at auth, the login and the AUTH
        line decoded."""
        return None

    def received(self, mail: Mail) -> None:
        """A mail accepted (queued)."""

    def handle(self) -> None:
        greeting = self.opening()
        if greeting is None:
            return
        self.say(greeting)
        sender, recipients, login = "", [], None
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                *most, last = (b"localhost", *self.capabilities)
                self.wfile.write(b"".join(b"250-" + c + b"\r\n" for c in most))
                self.wfile.write(b"250 " + last + b"\r\n")
            elif verb == "HELO":
                self.say("250 localhost")
            elif verb == "AUTH":
                parts = command.split()
                if len(parts) < 3:
                    self.say("334 ")
                    parts.append(self.rfile.readline().decode().strip())
                _, user, password = base64.b64decode(parts[2]).decode().split("\0")
                login = (user, password)
                decoded = f"(AUTH {parts[2]} = {user}:{password})"
                self.say(self.refused("auth", login, decoded) or "235 2.7.0 accepted")
            elif verb == "MAIL":
                if answer := self.refused("mail"):
                    self.say(answer)
                    continue
                sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                self.say("250 ok")
            elif verb == "RCPT":
                if answer := self.refused("rcpt"):
                    self.say(answer)
                    continue
                recipients.append(command.split(":", 1)[1].split()[0].strip("<>"))
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 end with .")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if answer := self.refused("data"):
                    self.say(answer)
                    continue
                self.received(Mail(sender, recipients, b"".join(lines), login))
                self.say("250 queued")
            elif verb in ("RSET", "NOOP"):
                self.say("250 ok")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 not implemented")


class _SMTPHandler(SMTPDialogue):
    server: _SMTPSocket
    capabilities = (b"AUTH PLAIN", b"8BITMIME", b"SMTPUTF8")

    def opening(self) -> str | None:
        box = self.server.box
        if box.mode == "hang":
            box.release.wait(10)
            return None
        if box.mode == "down":
            self.say("421 localhost service not available")
            return None
        return super().opening()

    def refused(
        self, step: str, login: tuple[str, str] | None = None, line: str = ""
    ) -> str | None:
        box = self.server.box
        if step == "auth" and login is not None:
            box.logins.append(login)
            if box.password is not None and login[1] != box.password:
                return "535 5.7.8 authentication failed"
        if step == "mail" and box.mode == "refuse":
            return "451 4.3.0 try again later"
        return None

    def received(self, mail: Mail) -> None:
        self.server.box.mails.append(mail)


class _SMTPSocket(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    box: SMTPServer


@dataclass
class SMTPServer:
    mode: Mode = "ok"
    password: str | None = None  # when set, AUTH with another password is refused
    mails: list[Mail] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def start(self) -> SMTPServer:
        self._server = _SMTPSocket(("127.0.0.1", 0), _SMTPHandler)
        self._server.box = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def subjects(self) -> list[str]:
        return [m.subject for m in self.mails]


@dataclass
class Webhook:
    status: int = 200
    posts: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)

    def start(self) -> Webhook:
        box = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if box.status < 300:
                    box.raw.append(body)
                    box.posts.append(json.loads(body))
                    box.headers.append(dict(self.headers))
                self.send_response(box.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook/T0K3N-in-the-path"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def subjects(self) -> list[str]:
        return [p["subject"] for p in self.posts]
