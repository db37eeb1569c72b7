"""The client's error tree: three kinds of failure, each handled differently.

* :class:`NotSent` — the request never reached Wix (connect error): safe to send again.
* :class:`OutcomeUnknown` — it may have been processed (read timeout, connection dropped
  after sending, 5xx on a write): look the object up before sending again.
* :class:`WixAPIError` — Wix answered with an error body (4xx: rejected, terminal).

No message here ever holds a header or a key: only method, path, status, Wix's code and
description, and the request id to quote to Wix support.
"""

from __future__ import annotations

from typing import Any


class WixError(Exception):
    """Base of every error the Wix client raises."""


class NotSent(WixError):
    def __init__(self, method: str, path: str, reason: str) -> None:
        super().__init__(f"{method} {path} was not sent: {reason}")
        self.method, self.path, self.reason = method, path, reason


class OutcomeUnknown(WixError):
    def __init__(self, method: str, path: str, reason: str) -> None:
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
        details = body.get("details", {}) if isinstance(body, dict) else {}
        app = details.get("applicationError") or {}
        violations = (details.get("validationError") or {}).get("fieldViolations") or []
        self.method, self.path, self.status = method, path, status
        self.code: str = app.get("code") or ("VALIDATION_ERROR" if violations else str(status))
        self.description: str = (
            app.get("description")
            or (body.get("message") if isinstance(body, dict) else None)
            or ""
        )
        self.data: dict[str, Any] = app.get("data") or {}
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
        super().__init__(
            f"Wix refused the API key or site id (HTTP {status}{': ' + detail if detail else ''}); "
            "check WIX_API_KEY and [wix] site_id"
        )
        self.method, self.path, self.status = method, path, status


class UnexpectedAnswer(OutcomeUnknown):
    """HTTP 200 with a body that lacks what the client reads: treated as an outcome not
    known (the caller looks the object up before sending again), never as success."""
