"""The one place a request to Wix is made: headers, timeouts, rate limit, retries, errors.

Retry discipline (STYLE.md §4):

* never sent (connect error) — retried, for every method;
* 429 — retried after ``Retry-After`` (or back-off): Wix refused it before doing anything;
* read timeout, connection dropped after sending, or 5xx — retried only for calls that are
  safe to repeat (reads and upserts); for writes it raises :class:`OutcomeUnknown`, and the
  caller looks the object up before sending again;
* any other 4xx — raised at once as :class:`WixAPIError` (rejected);
* 401, or a 403 that names the key or site rather than a permission —
  :class:`KeyRejected`: the site cannot be synced, which is never one row's problem.

Time is bounded three ways: connect and read timeouts, a total deadline per attempt
(``deadline``: a server that dribbles one byte every few seconds is cut off), and a cap on
``Retry-After`` (``max_retry_after``; a longer wait is not waited: the call fails now and the
cycle says Wix is refusing). The sleep is injectable (the daemon's wakes up for SIGTERM).
Redirects are never followed: a 3xx is an error (a body with names and emails is never
re-sent to another host, and a POST never turns into a GET). A response body is read up to
``max_body`` bytes.

Attempts and total time are capped; waits have jitter; the sleep is injectable so tests
never sleep. Logs carry method, path, status and the Wix request id, never a header.

The key is registered with the process's redactor (:mod:`sync.redact`) when the client is
made, and every answer is read through it: an error body is redacted field by field
(:class:`~sync.wix.errors.WixAPIError`), a non-JSON body is never quoted, and a 200 body
that quotes the key, a token or a private key (a proxy echoing the request, a field set to
it) has those strings replaced before anything reads it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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

from sync.redact import REDACTOR
from sync.wix.errors import KeyRejected, NotSent, OutcomeUnknown, WixAPIError, WixError
from sync.wix.ratelimit import RateLimiter

log = logging.getLogger("wixsync.wix")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    total_seconds: float = 60.0
    base_wait: float = 0.5
    max_wait: float = 20.0
    #: the longest ``Retry-After`` honoured; a longer one fails the call at once
    max_retry_after: float = 300.0


#: one attempt's whole time (connect + headers + body), whatever the server does
DEFAULT_DEADLINE = 60.0
#: the largest answer read (a Wix answer of ours is a few hundred KB at most)
MAX_BODY = 20 * 1024 * 1024


@dataclass
class CallStats:
    """Counts every request actually sent, by route, for benchmarks and ``status`` (the
    row threads of a phase count through one lock)."""

    sent: int = 0
    by_path: dict[str, int] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, method: str, path: str) -> None:
        with self._lock:
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
        deadline: float = DEFAULT_DEADLINE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        REDACTOR.add(api_key, name="Wix API key")
        self.deadline = deadline
        self.site_id = site_id
        self.timeout = timeout
        self.limiter = limiter or RateLimiter()
        self.retry = retry or RetryPolicy()
        self.session = session or requests.Session()
        self.sleep = sleep
        self.stats = CallStats()
        #: the last key refusal: a caller that caught errors row by row checks it
        self.key_refused: KeyRejected | None = None

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

        def too_long(state: RetryCallState) -> bool:
            """Stop rather than wait past the cap or the call's time budget."""
            exc = state.outcome.exception() if state.outcome else None
            if not (isinstance(exc, WixAPIError) and exc.retry_after):
                return False
            left = self.retry.total_seconds - (state.seconds_since_start or 0.0)
            return exc.retry_after > min(self.retry.max_retry_after, left)

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            seconds = state.next_action.sleep if state.next_action else 0.0
            log.debug("retrying %s %s after: %s", method, path, exc)
            log.warning("%s; waiting %.0f s", retry_said(exc), max(seconds, 1.0))

        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts)
            | stop_after_delay(self.retry.total_seconds)
            | too_long,
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
        try:
            headers = {"Authorization": _header_safe(self._api_key), "wix-site-id": self.site_id}
        except UnicodeEncodeError:
            self.key_refused = KeyRejected(method, path, 0, "the key holds a character no key has")
            raise self.key_refused from None
        status, response_headers, raw = self._exchange(method, path, body, params, headers)
        request_id = response_headers.get("x-wix-request-id")
        log.debug("%s %s -> %s (request id %s)", method, path, status, request_id)
        if status == 200:
            try:
                answer = json.loads(raw)
            except ValueError:
                raise OutcomeUnknown(method, path, "answer was not JSON") from None
            if not isinstance(answer, dict):
                raise OutcomeUnknown(method, path, "answer was not a JSON object")
            if REDACTOR.dirty(raw.decode("utf-8", "replace")):
                log.warning("%s %s: the answer quoted a secret; it was redacted", method, path)
                answer = REDACTOR.value(answer)
            return answer
        if 300 <= status < 400:  # never followed: the body would go to another host
            raise WixAPIError(
                method, path, status, {"message": "redirected; wixsync does not follow"}, request_id
            )
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = {"message": f"a non-JSON answer ({len(raw)} bytes)"}
        if not isinstance(payload, dict):
            payload = {"message": "a JSON answer that is not an object"}
        retry_after = response_headers.get("Retry-After")
        error = WixAPIError(
            method,
            path,
            status,
            payload,
            request_id,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
        if status == 401 or (status == 403 and _names_the_key(error)):
            self.key_refused = KeyRejected(method, path, status, error.code)
            raise self.key_refused
        if error.server_side and not safe_to_repeat:
            # a 5xx on a write may have been committed before the failure
            raise OutcomeUnknown(method, path, f"HTTP {status} {error.code}") from error
        raise error

    def _exchange(
        self,
        method: str,
        path: str,
        body: Any,
        params: dict[str, Any] | None,
        headers: dict[str, str],
    ) -> tuple[int, Any, bytes]:
        """One attempt within ``deadline``: the status, headers and body (at most
        ``MAX_BODY`` bytes). The attempt runs on a helper thread so that a server which
        sends slowly cannot hold the caller past the deadline."""
        box: dict[str, Any] = {}

        def attempt() -> None:
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    json=body,
                    params=params,
                    headers=headers,
                    timeout=self.timeout,
                    auth=_headers_only,
                    allow_redirects=False,
                    stream=True,
                )
                try:
                    raw = bytearray()
                    for chunk in response.iter_content(65536):
                        raw.extend(chunk)
                        if len(raw) > MAX_BODY or "abandoned" in box:
                            raise _TooLong
                    box["answer"] = (response.status_code, response.headers, bytes(raw))
                finally:
                    response.close()
            except BaseException as exc:  # handed to the caller
                box["error"] = exc

        worker = threading.Thread(target=attempt, name="wix-request", daemon=True)
        worker.start()
        worker.join(self.deadline)
        if worker.is_alive():
            box["abandoned"] = True
            raise OutcomeUnknown(method, path, f"no complete answer within {self.deadline:g} s")
        exc = box.get("error")
        if exc is None:
            return box["answer"]
        if isinstance(exc, _TooLong):
            raise OutcomeUnknown(method, path, "answer too large") from None
        if isinstance(exc, requests.exceptions.ConnectionError):
            if _never_reached_wix(exc):
                raise NotSent(method, path, type(exc).__name__) from None
            raise OutcomeUnknown(method, path, "connection dropped after sending") from None
        if isinstance(exc, requests.exceptions.Timeout):
            raise OutcomeUnknown(method, path, f"no answer within {self.timeout[1]} s") from None
        if isinstance(exc, requests.exceptions.RequestException):
            raise WixError(f"{method} {path}: {type(exc).__name__}") from None
        raise exc


class _TooLong(Exception):
    pass


def retry_said(exc: BaseException | None) -> str:
    """Why a call is sent again, in the owner's words (the log line of a retry)."""
    if isinstance(exc, WixAPIError) and exc.throttled:
        return "Wix asked us to slow down"
    if isinstance(exc, WixAPIError) and exc.server_side:
        return f"Wix is failing (HTTP {exc.status})"
    if isinstance(exc, NotSent):
        return "Wix could not be reached"
    return "Wix did not answer in time"


def _header_safe(key: str) -> str:
    """An API key is printable ASCII; anything else (a pasted curly quote, a non-breaking
    space) would fail deep inside the HTTP library."""
    key.encode("latin-1")
    if not key.isascii() or not key.isprintable():
        raise UnicodeEncodeError("ascii", key, 0, len(key), "not a key character")
    return key


def _names_the_key(error: WixAPIError) -> bool:
    """A 403 about the key or the site, not about one permission the key lacks."""
    if error.data.get("permission"):
        return False
    text = f"{error.code} {error.description}".casefold()
    return any(word in text for word in ("api key", "site id", "wix-site-id", "unauthenticated"))
