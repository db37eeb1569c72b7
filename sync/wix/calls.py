"""What every group of Wix endpoints calls through: the one HTTP choke point
(:mod:`sync.wix.http`), a read (safe to repeat) or a write (checked against the answer's shape
when one is given, :mod:`sync.wix.answers`), and the client's day (Checkout v1's removal)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sync.wix import answers as A
from sync.wix.http import WixHTTP

Json = dict[str, Any]
#: the most ids one ``$in`` / ``$hasSome`` (or ``serviceIds``, ``buyerIds``) carries
IDS_PER_CALL = 100


class Calls:
    def __init__(self, http: WixHTTP, today: Callable[[], date] = date.today) -> None:
        self.http = http
        self.today = today

    def _read(self, method: str, path: str, body: Any = None, params: Any = None) -> Json:
        return self.http.request(method, path, body=body, params=params, safe_to_repeat=True)

    def _write(
        self,
        path: str,
        body: Any,
        *,
        method: str = "POST",
        safe: bool = False,
        shape: type[A._Shape] | None = None,
    ) -> Json:
        answer = self.http.request(method, path, body=body, safe_to_repeat=safe)
        return A.checked(answer, shape, method, path) if shape else answer

    def _checked_read(
        self, method: str, path: str, shape: type[A._Shape], body: Any = None
    ) -> Json:
        return A.checked(self._read(method, path, body), shape, method, path)
