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


class _SMTPHandler(socketserver.StreamRequestHandler):
    server: _SMTPSocket

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        box = self.server.box
        if box.mode == "hang":
            box.release.wait(10)
            return
        if box.mode == "down":
            self.say("421 localhost service not available")
            return
        self.say("220 localhost ESMTP tiny")
        sender, recipients, login = "", [], None
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(
                    b"250-localhost\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                )
            elif verb == "HELO":
                self.say("250 localhost")
            elif verb == "AUTH":
                parts = command.split()
                if len(parts) < 3:
                    self.say("334 ")
                    parts.append(self.rfile.readline().decode().strip())
                _, user, password = base64.b64decode(parts[2]).decode().split("\0")
                login = (user, password)
                box.logins.append(login)
                if box.password is not None and password != box.password:
                    self.say("535 5.7.8 authentication failed")
                else:
                    self.say("235 2.7.0 accepted")
            elif verb == "MAIL":
                if box.mode == "refuse":
                    self.say("451 4.3.0 try again later")
                    continue
                sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                self.say("250 ok")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].split()[0].strip("<>"))
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 end with .")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                box.mails.append(Mail(sender, recipients, b"".join(lines), login))
                self.say("250 queued")
            elif verb in ("RSET", "NOOP"):
                self.say("250 ok")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 not implemented")


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
