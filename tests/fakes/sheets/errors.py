"""Sheets API errors as types, and the wire envelope Google wraps them in.

Every API error answers ``{"error": {"code", "message", "status", "details"?}}`` with
``Content-Type: application/json`` (reference §4.2). The wording of each message is Google's
where the reference records it (grid limits, unparsable range, quota, not found); messages
marked *(approximate)* in a docstring are the fake's own.
"""

from __future__ import annotations

from typing import Any

#: The consumer named in quota errors (a made-up project number).
FAKE_PROJECT_NUMBER = "100000000001"

_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class SheetsError(Exception):
    """An error the API answers with. ``details`` is Google's optional ``details`` list."""

    def __init__(
        self, code: int, message: str, *, status: str | None = None, details: Any = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or _STATUS.get(code, "UNKNOWN")
        self.details = details

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class BadRequest(SheetsError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class NotFound(SheetsError):
    def __init__(self, message: str = "Requested entity was not found.") -> None:
        super().__init__(404, message)


class Unauthenticated(SheetsError):
    MISSING = (
        "Request is missing required authentication credential. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project."
    )
    INVALID = (
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project."
    )

    def __init__(self, missing: bool) -> None:
        super().__init__(401, self.MISSING if missing else self.INVALID)


class InsufficientScopes(SheetsError):
    def __init__(self) -> None:
        super().__init__(403, "Request had insufficient authentication scopes.")


class QuotaExceeded(SheetsError):
    """429 ``RESOURCE_EXHAUSTED`` with Google's ``ErrorInfo`` detail (reference §2)."""

    def __init__(self, kind: str) -> None:
        word = "Read" if kind == "read" else "Write"
        limit = f"{word}RequestsPerMinutePerUser"
        super().__init__(
            429,
            f"Quota exceeded for quota metric '{word} requests' and limit '{word} requests "
            f"per minute per user' of service 'sheets.googleapis.com' for consumer "
            f"'project_number:{FAKE_PROJECT_NUMBER}'.",
            details=[
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "consumer": f"projects/{FAKE_PROJECT_NUMBER}",
                        "quota_limit": limit,
                        "quota_metric": f"sheets.googleapis.com/{kind}_requests",
                        "service": "sheets.googleapis.com",
                    },
                }
            ],
        )


class ServerError(SheetsError):
    """An injected 500 ``INTERNAL`` or 503 ``UNAVAILABLE`` with Google's standard text."""

    def __init__(self, code: int = 500) -> None:
        message = (
            "The service is currently unavailable."
            if code == 503
            else "Internal error encountered."
        )
        super().__init__(code, message)


def unparsable_range(text: str) -> BadRequest:
    return BadRequest(f"Unable to parse range: {text}")


def exceeds_grid(echo: str, rows: int, cols: int) -> BadRequest:
    return BadRequest(f"Range ({echo}) exceeds grid limits. Max rows: {rows}, max columns: {cols}")


def writing_outside(window: str, where: str) -> BadRequest:
    """``where`` is ``row [401]`` or ``column [D]``."""
    return BadRequest(f"Requested writing within range [{window}], but tried writing to {where}")


def invalid_request(index: int, kind: str, message: str) -> BadRequest:
    return BadRequest(f"Invalid requests[{index}].{kind}: {message}")


#: Google's HTML page for a 502 from its front end (abridged); not JSON on purpose.
BAD_GATEWAY_HTML = (
    "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"
    "  <title>Error 502 (Server Error)!!1</title>\n"
    "  <p><b>502.</b> <ins>That’s an error.</ins>\n"
    "  <p>The server encountered a temporary error and could not complete your request."
    "<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>\n"
)
