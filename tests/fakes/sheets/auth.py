"""OAuth for the fake: the service-account token endpoint, bearer tokens on the API, and
throw-away service-account credentials for tests.

``POST /token`` answers the JWT-bearer grant google-auth sends
(``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>``) with
``{access_token, expires_in, token_type: "Bearer"}``. The assertion is checked loosely: three
base64url parts, an ``RS256`` header, and ``iss``/``aud``/``iat``/``exp`` claims with
``exp - iat`` at most an hour and ``iat`` within five minutes of now (else Google's
``invalid_grant`` text about a "reasonable timeframe"). API calls need
``Authorization: Bearer <a token this fake issued and has not expired or revoked>`` (else
401 ``UNAUTHENTICATED``, which makes google-auth refresh and retry), and a scope that
allows the call (else 403 "insufficient authentication scopes").

Not simulated: the JWT signature is not verified (any RS256-shaped token is accepted),
sharing (every service account may open every spreadsheet), user OAuth flows, API keys,
and self-signed JWTs used directly as bearer tokens (refused as unknown tokens).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google.oauth2.service_account import Credentials

from sync.sheet.endpoint import GOOGLE_TOKEN_URL
from tests.fakes.sheets import errors

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPE_SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets"
SCOPE_SPREADSHEETS_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
_WRITE_SCOPES = frozenset(
    {
        SCOPE_SPREADSHEETS,
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
    }
)
_READ_SCOPES = _WRITE_SCOPES | {
    SCOPE_SPREADSHEETS_READONLY,
    "https://www.googleapis.com/auth/drive.readonly",
}
_TIMEFRAME = (
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
    "timeframe. Check your iat and exp values in the JWT claim."
)


class TokenError(Exception):
    """An OAuth error answer: ``{"error": code, "error_description": description}``."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.code, self.description, self.status = code, description, status

    def body(self) -> dict[str, str]:
        return {"error": self.code, "error_description": self.description}


@dataclass
class Token:
    value: str
    scopes: frozenset[str]
    expires_at: float
    client_email: str


@dataclass
class TokenBook:
    """Issued tokens. ``lifetime`` is ``expires_in``; google-auth refreshes a token 3 min
    45 s before it expires, so a lifetime under that makes every API call refresh."""

    lifetime: int = 3600
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    tokens: dict[str, Token] = field(default_factory=dict)
    #: every successful grant, oldest first
    issued: list[Token] = field(default_factory=list)
    #: every ``/token`` request, successful or not (counted by the app)
    requests: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def issue(self, scopes: frozenset[str] = _WRITE_SCOPES, client_email: str = "test") -> str:
        """Issue a token directly (no JWT), e.g. for a raw ``requests`` test client."""
        token = Token(
            "ya29.fake-" + secrets.token_urlsafe(24),
            frozenset(scopes),
            self.clock() + self.lifetime,
            client_email,
        )
        with self._lock:
            self.tokens[token.value] = token
            self.issued.append(token)
        return token.value

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    def revoke_all(self) -> int:
        """Forget every token (the next API call gets 401 and google-auth refreshes)."""
        with self._lock:
            count = len(self.tokens)
            self.tokens.clear()
        return count

    def grant(self, form: dict[str, str]) -> dict[str, Any]:
        """Answer a token request or raise :class:`TokenError`."""
        if form.get("grant_type") != GRANT_TYPE:
            raise TokenError(
                "unsupported_grant_type", f"Invalid grant_type: {form.get('grant_type', '')}"
            )
        header, claims = _decode_jwt(form.get("assertion", ""))
        if header.get("alg") != "RS256":
            raise TokenError("invalid_grant", "Invalid JWT Signature.")
        for claim in ("iss", "aud", "iat", "exp"):
            if claim not in claims:
                raise TokenError("invalid_grant", f"Invalid JWT: missing claim {claim!r}.")
        if not str(claims["aud"]).endswith("/token"):
            raise TokenError("invalid_grant", "Invalid JWT: aud is not a token endpoint.")
        iat, exp = float(claims["iat"]), float(claims["exp"])
        if exp - iat > 3600 or exp <= iat or abs(iat - self.wall_clock()) > 300:
            raise TokenError("invalid_grant", _TIMEFRAME)
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            raise TokenError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        value = self.issue(scopes, str(claims["iss"]))
        return {"access_token": value, "expires_in": self.lifetime, "token_type": "Bearer"}

    def check(self, authorization: str | None, kind: str) -> Token:
        """The token behind an ``Authorization`` header, allowed to ``kind`` (read/write)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise errors.Unauthenticated(missing=True)
        with self._lock:
            token = self.tokens.get(authorization[len("Bearer ") :].strip())
        if token is None or token.expires_at <= self.clock():
            raise errors.Unauthenticated(missing=False)
        allowed = _READ_SCOPES if kind == "read" else _WRITE_SCOPES
        if not token.scopes & allowed:
            raise errors.InsufficientScopes()
        return token


def _b64json(part: str) -> dict[str, Any]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError):
        raise TokenError("invalid_grant", "Invalid JWT: not base64url JSON.") from None
    if not isinstance(decoded, dict):
        raise TokenError("invalid_grant", "Invalid JWT: not a JSON object.")
    return decoded


def _decode_jwt(assertion: str) -> tuple[dict[str, Any], dict[str, Any]]:
    parts = assertion.split(".")
    if len(parts) != 3 or not all(parts):
        raise TokenError("invalid_grant", "Invalid JWT: expected three base64url parts.")
    try:
        base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
    except binascii.Error:
        raise TokenError("invalid_grant", "Invalid JWT Signature.") from None
    return _b64json(parts[0]), _b64json(parts[1])


@functools.cache
def _private_key_pem() -> str:
    """One RSA key per process, made at run time (never stored in the repository)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def fake_service_account_info(
    token_uri: str = GOOGLE_TOKEN_URL,
    *,
    client_email: str = "wixsync@wixsync-test.iam.gserviceaccount.com",
    project_id: str = "wixsync-test",
) -> dict[str, str]:
    """A service-account JSON document (as Google writes them) with a freshly generated key.

    Point ``token_uri`` at the fake's ``/token`` (``FakeSheetsServer.token_uri``), or keep
    Google's and route it with :func:`~tests.fakes.sheets.transport.mount_fake_sheets`."""
    return {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": secrets.token_hex(20),
        "private_key": _private_key_pem(),
        "client_email": client_email,
        "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
        + client_email.replace("@", "%40"),
        "universe_domain": "googleapis.com",
    }


def fake_service_account_credentials(
    token_uri: str = GOOGLE_TOKEN_URL, scopes: tuple[str, ...] = (SCOPE_SPREADSHEETS,)
) -> Credentials:
    """Real ``google.oauth2.service_account.Credentials`` over :func:`fake_service_account_info`."""
    return Credentials.from_service_account_info(
        fake_service_account_info(token_uri), scopes=list(scopes)
    )
