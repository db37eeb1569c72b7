"""The one place a request to Wix is made: headers, timeouts, rate limit, retries, errors.

Retry discipline (STYLE.md §4):

* never sent (connect error) — retried, for every method;
* 429 — retried after ``Retry-After`` (or back-off): Wix refused it before doing anything;
* read timeout, connection dropped after sending, or 5xx — retried only for calls that are
  safe to repeat (reads and upserts); for writes it raises :class:`OutcomeUnknown`, and the
  caller looks the object up before sending again;
* any other 4xx — raised at once as :class:`WixAPIError` (rejected).

Attempts and total time are capped; waits have jitter; the sleep is injectable so tests
never sleep. Logs carry method, path, status and the Wix request id, never a header.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from sync.wix.errors import NotSent, OutcomeUnknown, WixAPIError, WixError
from sync.wix.ratelimit import RateLimiter

log = logging.getLogger("wixsync.wix")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    total_seconds: float = 60.0
    base_wait: float = 0.5
    max_wait: float = 20.0


@dataclass
class CallStats:
    """Counts every request actually sent, by route, for benchmarks and ``status``."""

    sent: int = 0
    by_path: dict[str, int] | None = None

    def add(self, method: str, path: str) -> None:
        self.sent += 1
        self.by_path = self.by_path or {}
        key = f"{method} {path}"
        self.by_path[key] = self.by_path.get(key, 0) + 1


def _headers_only(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """The call's auth is the headers we set. Without an ``auth``, requests reads
    ``~/.netrc`` and would send its password (HTTP Basic) to Wix in place of the API key."""
    return request


def _never_reached_wix(exc: requests.exceptions.ConnectionError) -> bool:
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


class WixHTTP:
    """``request()`` is the choke point every endpoint function goes through."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        site_id: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.site_id = site_id
        self.timeout = timeout
        self.limiter = limiter or RateLimiter()
        self.retry = retry or RetryPolicy()
        self.session = session or requests.Session()
        self.sleep = sleep
        self.stats = CallStats()

    def __repr__(self) -> str:  # never show the key
        return f"WixHTTP({self.base_url!r}, site_id={self.site_id!r})"

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        safe_to_repeat: bool,
    ) -> dict[str, Any]:
        """Send one Wix call, retrying what is safe to retry. Returns the JSON body."""

        def retryable(exc: BaseException) -> bool:
            if isinstance(exc, NotSent):
                return True
            if isinstance(exc, WixAPIError):
                return exc.throttled or (exc.server_side and safe_to_repeat)
            return isinstance(exc, OutcomeUnknown) and safe_to_repeat

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            backoff = wait_random_exponential(
                multiplier=self.retry.base_wait, max=self.retry.max_wait
            )(state)
            if isinstance(exc, WixAPIError) and exc.retry_after:
                self.limiter.pause(exc.retry_after)
                return max(exc.retry_after, 0.0)
            return backoff

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.warning("retrying %s %s after: %s", method, path, exc)

        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts)
            | stop_after_delay(self.retry.total_seconds),
            wait=wait,
            retry=retry_if_exception(retryable),
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        return retrying(self._send, method, path, body, params, safe_to_repeat)

    def _send(
        self, method: str, path: str, body: Any, params: dict[str, Any] | None, safe_to_repeat: bool
    ) -> dict[str, Any]:
        self.limiter.acquire()
        self.stats.add(method, path)
        headers = {"Authorization": self._api_key, "wix-site-id": self.site_id}
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=body,
                params=params,
                headers=headers,
                timeout=self.timeout,
                auth=_headers_only,
            )
        except requests.exceptions.ConnectionError as exc:
            if _never_reached_wix(exc):
                raise NotSent(method, path, type(exc).__name__) from None
            raise OutcomeUnknown(method, path, "connection dropped after sending") from None
        except requests.exceptions.Timeout:
            raise OutcomeUnknown(method, path, f"no answer within {self.timeout[1]} s") from None
        except requests.exceptions.RequestException as exc:
            raise WixError(f"{method} {path}: {type(exc).__name__}") from None
        request_id = response.headers.get("x-wix-request-id")
        log.debug("%s %s -> %s (request id %s)", method, path, response.status_code, request_id)
        if response.status_code == 200:
            try:
                return response.json()
            except ValueError:
                raise OutcomeUnknown(method, path, "answer was not JSON") from None
        try:
            payload = response.json()
        except ValueError:
            payload = {"message": response.text[:200]}
        retry_after = response.headers.get("Retry-After")
        error = WixAPIError(
            method,
            path,
            response.status_code,
            payload,
            request_id,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
        if error.server_side and not safe_to_repeat:
            # a 5xx on a write may have been committed before the failure
            raise OutcomeUnknown(
                method, path, f"HTTP {response.status_code} {error.code}"
            ) from error
        raise error
