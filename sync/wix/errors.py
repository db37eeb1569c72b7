"""The client's error tree: three kinds of failure, each handled differently.

* :class:`NotSent` — the request never reached Wix (connect error): safe to send again.
* :class:`OutcomeUnknown` — it may have been processed (read timeout, connection dropped
  after sending, 5xx on a write): look the object up before sending again.
* :class:`WixAPIError` — Wix answered with an error body (4xx: rejected, terminal).

No message here ever holds a header or a key: only method, path, status, Wix's code and
description, and the request id to quote to Wix support. What Wix (or a gateway in front of
it) says is redacted as it is read (:mod:`sync.redact`): a description, a code, the
``applicationError.data`` or a field violation that quotes the request's ``Authorization``
header, the key or a token carries ``[redacted]`` instead, wherever the text goes next (the
Error column, the summary tab, the state, the log, the CLI, alerts).
"""

from __future__ import annotations

from typing import Any

from sync.redact import redact, redact_value


class WixError(Exception):
    """Base of every error the Wix client raises."""


class NotSent(WixError):
    def __init__(self, method: str, path: str, reason: str) -> None:
        reason = redact(reason)
        super().__init__(f"{method} {path} was not sent: {reason}")
        self.method, self.path, self.reason = method, path, reason


class OutcomeUnknown(WixError):
    def __init__(self, method: str, path: str, reason: str) -> None:
        reason = redact(reason)
        super().__init__(f"{method} {path}: outcome unknown ({reason})")
        self.method, self.path, self.reason = method, path, reason


class WixAPIError(WixError):
    """Wix answered with an error status and (usually) an application-error body."""

    def __init__(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        request_id: str | None,
        retry_after: float | None = None,
    ) -> None:
        body = redact_value(body)  # before any of it is kept: every field below is clean
        details = body.get("details", {}) if isinstance(body, dict) else {}
        details = details if isinstance(details, dict) else {}
        app = details.get("applicationError") or {}
        app = app if isinstance(app, dict) else {}
        validation = details.get("validationError") or {}
        violations = validation.get("fieldViolations") if isinstance(validation, dict) else None
        violations = (
            [v for v in violations if isinstance(v, dict)] if isinstance(violations, list) else []
        )
        self.method, self.path, self.status = method, path, status
        self.code: str = str(app.get("code") or ("VALIDATION_ERROR" if violations else status))
        self.description: str = str(
            app.get("description")
            or (body.get("message") if isinstance(body, dict) else None)
            or ""
        )
        data = app.get("data") or {}
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.violations: list[dict[str, Any]] = violations
        self.request_id = request_id
        self.retry_after = retry_after
        super().__init__(
            f"{method} {path} -> HTTP {status} {self.code}: {self.description}"
            + (f" (request id {request_id})" if request_id else "")
        )

    @property
    def rejected(self) -> bool:
        """A 4xx other than 429: Wix refused the request; sending it again will not help."""
        return 400 <= self.status < 500 and self.status != 429

    @property
    def throttled(self) -> bool:
        return self.status == 429

    @property
    def server_side(self) -> bool:
        return self.status >= 500


class Removed(WixError):
    """The call's method was removed by Wix (its ``@targetRemovalDate`` has passed): the
    client refuses to send it."""

    def __init__(self, method: str, path: str, removed_on: str) -> None:
        super().__init__(f"{method} {path} was removed by Wix on {removed_on}; not sent")
        self.method, self.path, self.removed_on = method, path, removed_on


class KeyRejected(WixError):
    """Wix refused the API key or the site id (HTTP 401, or a 403 that names the key rather
    than a permission): no row can be synced until the owner fixes it. A cycle that meets it
    stops and says so once; it is never a row's error."""

    def __init__(self, method: str, path: str, status: int, detail: str) -> None:
        detail = redact(detail)
        super().__init__(
            f"Wix refused the API key or site id (HTTP {status}{': ' + detail if detail else ''}); "
            "check WIX_API_KEY and [wix] site_id"
        )
        self.method, self.path, self.status = method, path, status


class UnexpectedAnswer(OutcomeUnknown):
    """HTTP 200 with a body that lacks what the client reads: treated as an outcome not
    known (the caller looks the object up before sending again), never as success."""
