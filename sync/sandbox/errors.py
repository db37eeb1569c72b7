"""Wix error bodies as types.

Every error the sandbox can answer with is a :class:`WixError` subclass carrying the HTTP
status and the body Wix documents (see ``../shared/reference/wix-bookings.md`` §1.3)::

    {"message": "...",
     "details": {"applicationError": {"code": "...", "description": "...", "data": {...}}}}

or, for input validation::

    {"message": "...",
     "details": {"validationError": {"fieldViolations": [{"field", "description",
                                                          "violatedRule", "data"}]}}}

Unverified (documented nowhere we could read): the exact body of 401/403/429 answers. The
sandbox uses the same application-error envelope for them, with the codes named below.
"""

from __future__ import annotations

from typing import Any

#: how a refusal of something the sandbox does not do ends (with violated rule
#: ``NOT_SIMULATED``): the request may be fine for Wix, the sandbox just cannot answer it
NOT_SIMULATED = "is not simulated by the sandbox"


class WixError(Exception):
    """An answer with a Wix application-error body."""

    status = 400

    def __init__(
        self,
        code: str,
        description: str = "",
        *,
        data: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {description}" if description else code)
        self.code = code
        self.description = description or code
        self.data = data or {}
        if status is not None:
            self.status = status

    def body(self) -> dict[str, Any]:
        app_error: dict[str, Any] = {"code": self.code, "description": self.description}
        if self.data:
            app_error["data"] = self.data
        return {"message": self.description, "details": {"applicationError": app_error}}


class InvalidArgument(WixError):
    """400 with an application error (bad parameter the request model could not catch)."""

    status = 400


class ValidationFailed(WixError):
    """400 with ``details.validationError.fieldViolations``."""

    status = 400

    def __init__(self, violations: list[tuple[str, str, str]]) -> None:
        # each violation: (field, description, violatedRule)
        self.violations = violations
        first = violations[0]
        super().__init__("VALIDATION_ERROR", f"{first[0]} {first[1]}")

    def body(self) -> dict[str, Any]:
        return {
            "message": "; ".join(f"{f}: {d}" for f, d, _ in self.violations),
            "details": {
                "validationError": {
                    "fieldViolations": [
                        {"field": f, "description": d, "violatedRule": r}
                        for f, d, r in self.violations
                    ]
                }
            },
        }


def required(field: str) -> ValidationFailed:
    return ValidationFailed([(field, "is required", "REQUIRED_FIELD")])


def invalid(field: str, description: str, rule: str = "FORMAT") -> ValidationFailed:
    return ValidationFailed([(field, description, rule)])


class Unauthenticated(WixError):
    status = 401

    def __init__(self, description: str = "Missing or invalid API key") -> None:
        super().__init__("UNAUTHENTICATED", description)


class PermissionDenied(WixError):
    """403. The message follows the one seen in the seed thread:
    ``Missing required permission BOOKINGS.MANAGE_PAYMENTS``."""

    status = 403

    def __init__(self, permission: str, why: str = "") -> None:
        text = f"Missing required permission {permission}"
        if why:
            text = f"{text}: {text} {why}"
        super().__init__("PERMISSION_DENIED", text, data={"permission": permission})


class NotFound(WixError):
    status = 404


class AlreadyExists(WixError):
    status = 409


class FailedPrecondition(WixError):
    status = 428


class TooManyRequests(WixError):
    status = 429

    def __init__(self, retry_after: int | None) -> None:
        super().__init__("TOO_MANY_REQUESTS", "Rate limit exceeded: 200 requests per minute")
        self.retry_after = retry_after


class InternalError(WixError):
    status = 500

    def __init__(self, description: str = "Internal error (injected by the sandbox)") -> None:
        super().__init__("INTERNAL", description)
