"""The secrets attack set (issue 14): every kind of hostile Wix, Google and SMTP answer, each
quoting every secret in reach, against the whole product; then a grep of every output.

One *scene* per answer kind, wired as production is (a config file, the key in the
environment, the service account's key file at 0600), over loopback:

* the Wix sandbox and the fake Sheets API (token endpoint included) behind
  :class:`~tests.security.hostile.HostileApp`; alerts by email to
  :class:`~tests.security.hostile.HostileSMTP` and to a webhook receiver;
* ``plan``, ``sync --once`` (twice), ``status``, ``doctor`` and ``test-alert`` through the
  real CLI, with the log set up as ``wixsync run`` sets it up (a file, debug level);
* two daemon ticks (``sync.daemon.Daemon`` with the config's alerts) on a clock two minutes
  apart, so outages and rows in error are alerted.

Outputs searched (:class:`tests.proof.test_security.Secrets`: each whole secret, any
40-character piece of the private key, ``-----BEGIN``): the sheet's cells and the summary
tab (the fake's whole spreadsheet), every file in the scene's folder but the key file (the
state database and its WAL, the log), every command's output, the daemon's lines, the
webhook's payloads, the email bodies, the request bodies sent to Wix and Google, and the
text of every exception that escaped.

:func:`run_attacks` returns :class:`Counts` (kinds tried, secrets found, crashes) for
``bench/attacks.py``.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from sync.cli import main
from sync.redact import REDACTOR
from sync.sandbox import LoopbackServer, build_sandbox
from tests.extras.alerts.servers import Webhook
from tests.fakes.sheets import build_fake_sheets
from tests.fakes.sheets import fake_service_account_info as service_account
from tests.proof.world import HEADER, TAB, line
from tests.security.hostile import Answer, Bait, HostileApp, HostileSMTP

ZONE = "America/Denver"


# == the answers =================================================================================
def _app_error(field_name: str) -> Any:
    def body(bait: str) -> str:
        app = {"code": "HOSTILE", "description": "refused", "data": {}}
        if field_name == "data":
            app["data"] = {"echo": bait, "request": {"headers": {"Authorization": bait}}}
        else:
            app[field_name] = bait
        return json.dumps({"message": "refused", "details": {"applicationError": app}})

    return body


def _violations(bait: str) -> str:
    violation = {"field": "booking.contactDetails", "description": bait, "data": {"x": bait}}
    return json.dumps(
        {"message": bait, "details": {"validationError": {"fieldViolations": [violation]}}}
    )


def _html(bait: str) -> str:
    return f"<html><body><h1>Bad gateway</h1><pre>{bait}</pre></body></html>"


def _google_error(status: int, state: str) -> Any:
    return lambda bait: json.dumps({"error": {"code": status, "message": bait, "status": state}})


BOOK = r"^POST /_api/bookings-service/v2/bookings$|^POST /bookings/v2/bulk/bookings/create$"
CONTACTS = r"^POST /contacts/v4/contacts/query$"
SERVICES = r"^POST /_api/bookings/v2/services/query$"
ECOM = r" /ecom/"
ATTEND = r" /bookings/(v2/bulk/attendance|bookings-attendance)/set$"
ANY = r"."

WIX: list[Answer] = [
    Answer("wix 400 applicationError.description", "wix", BOOK, 400, _app_error("description")),
    Answer("wix 400 applicationError.code", "wix", BOOK, 400, _app_error("code")),
    Answer("wix 400 applicationError.data", "wix", BOOK, 400, _app_error("data")),
    Answer("wix 400 validation fieldViolations", "wix", BOOK, 400, _violations),
    Answer("wix 400 message only (read)", "wix", CONTACTS, 400),
    Answer("wix 400 HTML page (write)", "wix", BOOK, 400, _html, "text/html"),
    Answer("wix 502 HTML page (read)", "wix", CONTACTS, 502, _html, "text/html"),
    Answer("wix 500 description (write)", "wix", BOOK, 500, _app_error("description")),
    Answer("wix 503 description (read)", "wix", SERVICES, 503, _app_error("description")),
    Answer("wix 401 description", "wix", ANY, 401, _app_error("description")),
    Answer(
        "wix 403 naming the key",
        "wix",
        ANY,
        403,
        lambda bait: json.dumps({"message": f"API key refused: {bait}"}),
    ),
    Answer(
        "wix 403 permission",
        "wix",
        ANY,
        403,
        lambda bait: json.dumps(
            {
                "message": f"Missing permission {bait}",
                "details": {
                    "applicationError": {
                        "code": "FORBIDDEN",
                        "description": bait,
                        "data": {"permission": "BOOKINGS.MANAGE", "echo": bait},
                    }
                },
            }
        ),
    ),
    Answer("wix 404 description (read)", "wix", SERVICES, 404, _app_error("description")),
    Answer("wix 409 conflict (write)", "wix", BOOK, 409, _app_error("description")),
    Answer(
        "wix 429 with Retry-After",
        "wix",
        CONTACTS,
        429,
        _app_error("description"),
        headers={"Retry-After": "1"},
        times=3,
    ),
    Answer(
        "wix 307 redirect",
        "wix",
        BOOK,
        307,
        lambda bait: json.dumps({"message": bait}),
        headers={"Location": "http://127.0.0.1:9/steal?k=IST.leaked-key-in-location-0123456789"},
    ),
    Answer("wix 200 not JSON (write)", "wix", BOOK, 200, _html, "text/html"),
    Answer(
        "wix 200 {} quoting (write)",
        "wix",
        BOOK,
        200,
        lambda bait: json.dumps({"message": bait, "debug": {"echo": bait}}),
    ),
    Answer(
        "wix 200 echoed service name",
        "wix",
        SERVICES,
        200,
        lambda bait: json.dumps(
            {
                "services": [{"id": "5e7c0de0-0000-4000-8000-000000000001", "name": bait}],
                "pagingMetadata": {"count": 1, "hasNext": False},
            }
        ),
    ),
    Answer(
        "wix 200 echoed contact name",
        "wix",
        CONTACTS,
        200,
        lambda bait: json.dumps(
            {
                "contacts": [
                    {
                        "id": "c0ffee00-0000-4000-8000-000000000001",
                        "info": {
                            "name": {"first": bait, "last": bait},
                            "emails": {"items": [{"email": "ana.lee@example.org"}]},
                        },
                    }
                ],
                "pagingMetadata": {"count": 1, "hasNext": False},
            }
        ),
    ),
    Answer("wix 400 on the order path", "wix", ECOM, 400, _app_error("description")),
    Answer("wix 500 HTML on the order path", "wix", ECOM, 500, _html, "text/html"),
    Answer("wix 400 on attendance", "wix", ATTEND, 400, _violations),
]

GOOGLE: list[Answer] = [
    Answer(
        "google token 400 error_description",
        "google",
        "token",
        400,
        lambda bait: json.dumps({"error": "invalid_grant", "error_description": bait}),
    ),
    Answer("google token 400 not JSON", "google", "token", 400, lambda b: b, "text/plain"),
    Answer("google token 500 HTML", "google", "token", 500, _html, "text/html"),
    Answer(
        "google token 200 without a token",
        "google",
        "token",
        200,
        lambda bait: json.dumps({"token_type": "Bearer", "error_description": bait}),
    ),
    Answer(
        "google values.get 400", "google", "values.get", 400, _google_error(400, "INVALID_ARGUMENT")
    ),
    Answer("google reads 403", "google", "reads", 403, _google_error(403, "PERMISSION_DENIED")),
    Answer(
        "google values.batchUpdate 400",
        "google",
        "values.batchUpdate",
        400,
        _google_error(400, "INVALID_ARGUMENT"),
    ),
    Answer(
        "google spreadsheets.get 404",
        "google",
        "spreadsheets.get",
        404,
        _google_error(404, "NOT_FOUND"),
    ),
    Answer("google reads 502 HTML", "google", "reads", 502, _html, "text/html"),
    Answer("google API 401", "google", "*", 401, _google_error(401, "UNAUTHENTICATED")),
    Answer("google reads 429", "google", "reads", 429, _google_error(429, "RESOURCE_EXHAUSTED")),
    Answer(
        "google summary tab 400",
        "google",
        "spreadsheets.batchUpdate",
        400,
        _google_error(400, "INVALID_ARGUMENT"),
    ),
    Answer("google writes 500", "google", "writes", 500, _google_error(500, "INTERNAL")),
]

SMTP: list[Answer] = [
    Answer(f"smtp {step} {code}", "smtp", "", code, smtp_step=step)
    for step, code in (
        ("greeting", 421),
        ("auth", 535),
        ("mail", 550),
        ("rcpt", 550),
        ("data", 554),
    )
]


def attack_set() -> list[Answer]:
    return [copy.copy(a) for a in (*WIX, *GOOGLE, *SMTP)]


# == the needles =================================================================================
@dataclass
class Scene:
    folder: Path
    wix_key: str = field(default_factory=lambda: "IST." + secrets.token_urlsafe(96))
    smtp_password: str = field(default_factory=lambda: "smtp-" + secrets.token_urlsafe(18))
    webhook_secret: str = field(default_factory=lambda: "whk-" + secrets.token_urlsafe(24))
    info: dict[str, str] = field(default_factory=dict)


def needles_of(scene: Scene, bait: Bait, tokens: Iterable[str]) -> Any:
    from tests.proof.test_security import Secrets

    found = Secrets()
    found.add("Wix API key", scene.wix_key)
    found.add("SMTP password", scene.smtp_password)
    found.add("webhook secret", scene.webhook_secret)
    found.add_service_account("service account", scene.info)
    for index, token in enumerate(tokens):
        found.add(f"OAuth access token {index + 1}", token)
    for index, assertion in enumerate(bait.assertions):
        found.add(f"assertion {index + 1}", assertion)
    import base64

    plain = base64.b64encode(f"\0wixsync@club.example.org\0{scene.smtp_password}".encode())
    found.add("SMTP AUTH PLAIN line", plain.decode())
    return found


# == one scene ===================================================================================
@dataclass
class Outcome:
    kind: str
    leaks: list[tuple[str, list[str]]] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    fired: int = 0
    exits: dict[str, int] = field(default_factory=dict)
    #: outputs that show ``[redacted]``: the bait got that far and was cleaned on the way
    redacted_in: list[str] = field(default_factory=list)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def _log_file(path: Path) -> Iterator[None]:
    """The log as ``wixsync run`` sets it up; the ``wixsync`` logger is put back after."""
    from sync.logs import setup_logging

    logger = logging.getLogger("wixsync")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    handler = setup_logging(path, level="debug")
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.handlers[:] = saved[0]
        logger.propagate, logger.level = saved[1], saved[2]


def _club_rows() -> list[list[str]]:
    now = datetime.now(ZoneInfo(ZONE))
    day = f"{now.month}/{now.day}"
    return [
        line("Ana Lee", "ana.lee@example.org", "plan", "10 Swim Pass", day=day),
        line("Ivan Novak", "ivan.novak@example.org", "cash", day=day),
        line("Jade Kim", "jade.kim@example.org", "unpaid", day=day),
        line("Amir Said", "amir.said@@example.org", "cash", day=day),  # in error
        line("[/] [bold red]Mark Up", "markup@example.org", "cash", day=day),
    ]


def _config(scene: Scene, sheets_url: str, sheet: str, wix_url: str, site_id: str, **ports: Any):
    credentials = scene.folder / "service-account.json"
    credentials.write_text(json.dumps(scene.info))
    credentials.chmod(0o600)
    config = scene.folder / "wixsync.toml"
    config.write_text(
        f'[sheet]\ngoogle = "{sheet}"\ncredentials = "service-account.json"\n'
        f'api_url = "{sheets_url}"\n\n'
        f'[wix]\nsite_id = "{site_id}"\nbase_url = "{wix_url}"\ntime_zone = "{ZONE}"\n'
        "timeout_seconds = [2, 2]\n\n"
        '[daemon]\nstate = "state/state.sqlite3"\n\n'
        "[alerts]\noutage_after_minutes = 0\nrow_error_after_minutes = 1\n\n"
        f'[alerts.email]\nhost = "127.0.0.1"\nport = {ports["smtp"]}\nsecurity = "none"\n'
        'username = "wixsync@club.example.org"\nfrom_address = "wixsync@club.example.org"\n'
        'to = ["owner@club.example.org"]\ntimeout_seconds = 2\n\n'
        f'[alerts.webhook]\nurl = "{ports["webhook"]}"\nsecret_env = "WIXSYNC_WEBHOOK_SECRET"\n'
        "timeout_seconds = [2, 2]\n"
    )
    return config


def _daemon_ticks(config_path: Path, said: list[str], evidence: Any, crashes: list[str]) -> None:
    """Two ticks of the daemon, two minutes apart on the engine's clock (alerts on)."""
    from sync.config import load_config
    from sync.daemon import Daemon
    from sync.extras.alerts import alerts_of
    from sync.runtime import open_runtime, settings_from_config

    start = time.time()
    wall = [start]
    mono = [0.0]
    settings = replace(settings_from_config(load_config(config_path)), clock=lambda: wall[0])
    settings.sleep = lambda _s: None
    try:
        with open_runtime(settings) as runtime:
            daemon = Daemon(
                runtime.engine.run_cycle,
                poll_seconds=15,
                state_path=runtime.state_path,
                say=said.append,
                clock=lambda: mono[0],
                alerts=alerts_of(runtime.engine.hooks),
            )
            for _ in range(2):
                daemon.tick()
                wall[0] += 120
                mono[0] += 3600  # past any back-off
    except Exception as exc:
        crashes.append(f"daemon: {type(exc).__name__}")
        evidence.exception("daemon", exc)


def run_scene(answer: Answer, folder: Path) -> Outcome:
    """One hostile answer kind against the whole product; what leaked, what crashed."""
    from tests.proof.test_security import Evidence, seed_with_key

    folder.mkdir(parents=True, exist_ok=True)
    scene = Scene(folder)
    bait = Bait()
    box = build_sandbox(seed_with_key(scene.wix_key), rate_limit=None)
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    sheet = fake.create_spreadsheet({TAB: [HEADER, *_club_rows()]})
    wix_app, google_app = HostileApp(box, "wix", bait), HostileApp(fake, "google", bait)
    smtp, webhook = HostileSMTP(bait).start(), Webhook().start()
    evidence, said, crashes = Evidence(), [], []
    outcome = Outcome(answer.name)
    env = {
        "WIX_API_KEY": scene.wix_key,
        "WIXSYNC_SMTP_PASSWORD": scene.smtp_password,
        "WIXSYNC_WEBHOOK_SECRET": scene.webhook_secret,
        "COLUMNS": "200",
    }
    try:
        with (
            LoopbackServer(wix_app) as wix,
            LoopbackServer(google_app, name="fake-sheets", poll_interval=0.01) as google,
            _environment(env),
            _log_file(folder / "wixsync.log"),
        ):
            scene.info = service_account(f"{google.url}/token")
            bait.values = {
                "wix key": scene.wix_key,
                "private_key_id": scene.info["private_key_id"],
                "private_key": scene.info["private_key"],
                "smtp password": scene.smtp_password,
                "webhook secret": scene.webhook_secret,
            }
            config = _config(
                scene,
                google.url,
                sheet,
                wix.url,
                box.site.site_id,
                smtp=smtp.port,
                webhook=webhook.url,
            )
            wix_app.arm([answer])
            google_app.arm([answer])
            smtp.answer = answer if answer.side == "smtp" else None
            state = str(folder / "state" / "state.sqlite3")
            doctor = ["doctor", "--base-url", wix.url, "--site-id", box.site.site_id]
            doctor += ["--class", "Open Water Swim", "--state", state]
            runs = [
                ("plan", ["plan", "--config", str(config)]),
                ("sync", ["sync", "--once", "--config", str(config)]),
                ("sync again", ["sync", "--once", "--config", str(config)]),
                ("status", ["status", "--config", str(config)]),
                ("doctor", doctor),
                ("test-alert", ["test-alert", "--config", str(config)]),
            ]
            for name, args in runs:
                result = CliRunner().invoke(main, args, env=env)
                evidence.cli(name, result)
                outcome.exits[name] = result.exit_code
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    crashes.append(f"{name}: {type(result.exception).__name__}")
            _daemon_ticks(config, said, evidence, crashes)
            for index, text in enumerate(said):
                evidence.add(f"daemon line {index + 1}", text)
            evidence.requests_sent("wix", box.log)
            evidence.requests_sent("google", fake.log)
    finally:
        smtp.stop()
        webhook.stop()
    evidence.folder(folder, skip={folder / "service-account.json"})
    evidence.add("sheet and summary tab", json.dumps(fake.describe(sheet), default=str))
    for index, raw in enumerate(webhook.raw):
        evidence.add(f"webhook payload {index + 1}", raw.decode("utf-8", "replace"))
    for index, (_s, _r, raw, _login) in enumerate(smtp.mails):
        evidence.add(f"email {index + 1}", raw.decode("utf-8", "replace"))
    needles = needles_of(scene, bait, [t.value for t in fake.tokens.issued])
    outcome.leaks = [(w, hits) for w, text in evidence.items if (hits := needles.found_in(text))]
    outcome.redacted_in = sorted({w for w, text in evidence.items if "[redacted]" in text})
    outcome.crashes = crashes
    outcome.fired = answer.fired
    return outcome


# == the whole set ===============================================================================
@dataclass
class Counts:
    """What the bench reports."""

    kinds_tried: int = 0
    kinds_fired: int = 0
    secrets_found: int = 0
    crashes: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "hostile answer kinds tried": self.kinds_tried,
            "kinds that were answered": self.kinds_fired,
            "secrets found in any output": self.secrets_found,
            "crashes": self.crashes,
            "by kind": [asdict(o) for o in self.outcomes],
        }


def run_attacks(folder: Path, answers: Iterable[Answer] | None = None) -> Counts:
    """Run every answer kind (each in its own scene under ``folder``) and count."""
    counts = Counts()
    for index, answer in enumerate(answers if answers is not None else attack_set()):
        REDACTOR.forget()  # each scene registers its own secrets, as a fresh process would
        outcome = run_scene(answer, folder / f"scene-{index:02d}")
        counts.outcomes.append(outcome)
        counts.kinds_tried += 1
        counts.kinds_fired += outcome.fired > 0
        counts.secrets_found += len(outcome.leaks)
        counts.crashes += len(outcome.crashes)
    return counts
