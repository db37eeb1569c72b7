"""``[wix]``: the site, its API key's variable, the API's address and the site's time zone."""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, BeforeValidator, model_validator

from sync.config.rules import EnvName, Seconds, Section, between, rule, safe_base_url

_HEX = "[0-9a-fA-F]"
_SITE_ID = re.compile(rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_WHERE_SITE_ID = "in the dashboard's address: manage.wix.com/dashboard/<site id>/…"


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=1)
        raise ValueError(f'not a time zone (e.g. "{(close or ["America/Denver"])[0]}")') from None
    return value


SiteId = Annotated[str, rule(_SITE_ID.fullmatch, f"not a site id ({_WHERE_SITE_ID})")]
BASE_URL_RULE = "must start with https:// (http:// only for a local sandbox on 127.0.0.1)"
BaseURL = Annotated[str, rule(safe_base_url, BASE_URL_RULE)]


class WixSection(Section):
    site_id: SiteId | None = None
    api_key_env: EnvName = "WIX_API_KEY"
    base_url: BaseURL = "https://www.wixapis.com"
    rate_per_minute: Annotated[int, between(1, 10000)] = 200
    time_zone: Annotated[str, AfterValidator(_time_zone)]
    date_order: Literal["MDY", "DMY"] = "MDY"
    timeout_seconds: Annotated[
        tuple[Seconds, Seconds], BeforeValidator(lambda v: tuple(v) if type(v) is list else v)
    ] = (5.0, 30.0)
    sandbox: bool = False

    @model_validator(mode="after")
    def _site_or_sandbox(self) -> WixSection:
        if self.site_id is None and not self.sandbox:
            raise ValueError(
                f'set site_id = "<your site id>" ({_WHERE_SITE_ID}), or sandbox = true for the demo'
            )
        return self
