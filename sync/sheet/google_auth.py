"""The gspread client the daemon reads and writes a Google Sheet with: the service account's
key loaded (a key other users can read is warned about), explicit timeouts, no ``~/.netrc``,
and every secret redacted (:mod:`sync.redact`) — the key file's when it is read, each access
token when google-auth obtains it, and an error answer from the Sheets API or the token
endpoint as it arrives, before gspread or google-auth quote it in an exception."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import gspread
import requests
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.service_account import Credentials

from sync.redact import REDACTOR
from sync.sheet.endpoint import point_at

log = logging.getLogger("wixsync.sheet")
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]


def _headers_only(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def credentials_from_file(path: str | Path, *, check_mode: bool = True) -> Credentials:
    """Load a service-account key; warn when the file is more open than a key should be (as
    the config's check says it: :func:`sync.files.lax_modes`, so the install script's 0640
    root:wixsync is fine). ``check_mode=False``: a config loaded with its files checked has
    said it already. A file that is not a service-account key (an OAuth client, the example
    file, not JSON, a damaged key) is one :class:`~sync.sheet.keyfile.KeyFileUnusable`
    saying which."""
    from sync.files import lax_modes
    from sync.sheet.keyfile import KeyFileUnusable, KeyProblem, read_key_file

    path = Path(path)
    info = read_key_file(path)  # registers its private key with the redactor first
    for lax in lax_modes(secrets=[path]) if check_mode else ():
        log.warning("%s", lax)
    try:
        return Credentials.from_service_account_info(info, scopes=SCOPES)
    except ValueError as exc:  # google-auth's MalformedError, or a private key it cannot read
        raise KeyFileUnusable(path, KeyProblem.BAD_KEY, type(exc).__name__) from None


def _redact_error_answer(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
    """A response hook: an error answer (token endpoint or API) that quotes a secret — the
    request's ``Authorization`` header, the signed assertion, a key — is redacted before
    gspread or google-auth put its text into an exception. A 2xx answer is left alone (the
    token endpoint's holds the new token; the sheet's, what volunteers typed)."""
    if response.status_code < 300:
        return
    text = response.content.decode("utf-8", "replace")
    if REDACTOR.dirty(text):
        response._content = REDACTOR.text(text).encode("utf-8")
        response.encoding = "utf-8"


def _redact_token_answer(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """A response hook on google-auth's token session: an error answer as above; a 2xx
    answer keeps its tokens (google-auth needs them) but every other field is redacted, and
    one with no ``access_token`` (google-auth then quotes the whole answer) is redacted
    whole."""
    if response.status_code >= 300:
        _redact_error_answer(response, *args, **kwargs)
        return
    try:
        answer = response.json()
    except ValueError:
        answer = None
    keep = ("access_token", "id_token", "refresh_token")
    if isinstance(answer, dict) and answer.get("access_token"):
        cleaned = {k: v if k in keep else REDACTOR.value(v) for k, v in answer.items()}
    else:
        cleaned = REDACTOR.value(answer) if answer is not None else None
    if cleaned != answer:
        text = json.dumps(cleaned) if cleaned is not None else REDACTOR.text(response.text)
        response._content = text.encode("utf-8")
        response.encoding = "utf-8"
    elif answer is None and REDACTOR.dirty(response.text):
        response._content = REDACTOR.text(response.text).encode("utf-8")


def _remember_tokens(credentials: Credentials) -> None:
    """Register each access token with the redactor as google-auth obtains it."""
    refresh = credentials.refresh
    if getattr(refresh, "_wixsync", False):
        return

    def refresh_and_remember(request: Any) -> None:
        refresh(request)
        REDACTOR.add_token(getattr(credentials, "token", None))

    refresh_and_remember._wixsync = True  # type: ignore[attr-defined]
    credentials.refresh = refresh_and_remember  # type: ignore[method-assign]


def gspread_client(
    credentials: Credentials,
    *,
    timeout: tuple[float, float] = (5.0, 30.0),
    api_url: str | None = None,
) -> gspread.Client:
    """A plain gspread client (no back-off client) with explicit timeouts.

    ``api_url`` points the client at the local fake of the Sheets API (loopback only; for
    the demo and tests): the same gspread code then talks to it instead of Google.
    """
    _remember_tokens(credentials)
    session = AuthorizedSession(credentials)
    # the bearer token is the only auth: with none set, requests would read ~/.netrc and send
    # its password (HTTP Basic) instead, to the API and to the token endpoint (google-auth's
    # own session, the one sync.sheet.endpoint.mount also reaches)
    token_session = getattr(session, "_auth_request_session", None)
    for each, hook in ((session, _redact_error_answer), (token_session, _redact_token_answer)):
        if isinstance(each, requests.Session):
            each.auth = _headers_only
            each.hooks.setdefault("response", []).append(hook)
    client = gspread.Client(auth=credentials, session=session)
    client.set_timeout(timeout)
    if api_url:
        point_at(client.http_client.session, api_url)
    return client
