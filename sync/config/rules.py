"""Value rules shared by the sections: a rule's message is what the owner reads after
``key = value: ``; and the base of every section (unknown keys refused, no coercion)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict

ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def rule(test: Callable[[Any], object], message: str) -> AfterValidator:
    def check(value: Any) -> Any:
        if not test(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


def between(low: int, high: int) -> AfterValidator:
    return rule(lambda v: low <= v <= high, f"must be between {low} and {high}")


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname is None:
        return False
    try:
        return parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def safe_base_url(url: str) -> bool:
    """Where the Wix API key may be sent: over https, or over plain http to loopback only
    (a local sandbox), never in clear text across a network."""
    return url.startswith("https://") or is_loopback(url)


def looks_like_key(value: object, under_wix: bool) -> bool:
    return isinstance(value, str) and (
        value.strip().startswith("IST.") or (under_wix and len(value) > 100)
    )


Text = Annotated[str, rule(str.strip, "is empty; write a value or delete the line")]
PathText = Annotated[Text, rule(lambda v: "\x00" not in v, "contains a NUL character; remove it")]
Seconds = Annotated[float, rule(lambda v: 0 < v <= 600, "must be between 0 and 600 seconds")]
EnvName = Annotated[str, rule(ENV_NAME.fullmatch, 'not a variable name, e.g. "WIX_API_KEY"')]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


TabTitle = Annotated[
    Text,
    rule(lambda v: len(v) <= 100, "is longer than 100 characters; shorten it"),
    rule(lambda v: not set(v) & set("[]*?/\\:"), "may not contain [ ] * ? / \\ or :"),
]
