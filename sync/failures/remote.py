"""The words for Wix's and Google's errors: a refused key, not reached, failing, not found
or not shared."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sync import exit_codes
from sync.failures.failure import Failure


# -- Wix ------------------------------------------------------------------------------------
def wix(exc: BaseException, _state: Path | None) -> Failure | None:
    from sync.wix import KeyRejected, NotSent, OutcomeUnknown, Removed, WixAPIError, WixError

    down = exit_codes.UNREACHABLE
    if not isinstance(exc, WixError):
        return None
    if isinstance(exc, KeyRejected):
        return Failure(
            f"Wix refused the API key or the site id (HTTP {exc.status}).",
            "Check the key in the environment variable [wix] api_key_env names (WIX_API_KEY: "
            "all of it, made in the Wix account that owns the site) and [wix] site_id, then "
            "run wixsync doctor.",
            down,
        )
    if isinstance(exc, NotSent):
        return Failure(
            f"Cannot reach Wix ({exc.method} {exc.path} was not sent: {exc.reason}).",
            "Check the machine's network (DNS, proxy, firewall) and [wix] base_url; nothing "
            "was sent.",
            down,
        )
    if isinstance(exc, OutcomeUnknown):
        return Failure(
            f"Wix did not answer in time ({exc.method} {exc.path}: {exc.reason}).",
            "Try again in a few minutes: what may have been done is looked up in Wix first, "
            "never sent twice.",
            down,
        )
    if isinstance(exc, WixAPIError) and exc.throttled:
        return Failure(
            "Wix refuses requests for now (HTTP 429: too many in a minute).",
            "Wait a minute; if it keeps happening, lower [wix] rate_per_minute.",
            down,
        )
    if isinstance(exc, WixAPIError) and exc.server_side:
        return Failure(
            f"Wix is failing (HTTP {exc.status} {exc.code}).",
            "Wait a few minutes (status.wix.com says whether Wix knows); nothing is sent twice.",
            down,
        )
    if isinstance(exc, Removed):
        return Failure(
            str(exc) + ".",
            "Update wixsync (README: 'Upgrading'): this version uses a call Wix has removed.",
            exit_codes.FAILED,
        )
    return Failure(
        f"Wix: {exc}.",
        "Check what Wix names; run wixsync doctor to see what the key may do.",
        down,
    )


# -- Google -------------------------------------------------------------------------------------
def google(exc: BaseException, _state: Path | None) -> Failure | None:
    import requests
    from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError
    from gspread.exceptions import APIError, GSpreadException, SpreadsheetNotFound

    down = exit_codes.UNREACHABLE
    share = (
        "Share the sheet with the key file's client_email as Editor (README: \"Setup for real "
        'use", step 1).'
    )
    if isinstance(exc, TransportError):
        return Failure(
            "Cannot reach Google's sign-in service (the network may be down).",
            "Check the machine's network (DNS, proxy, firewall).",
            down,
        )
    if isinstance(exc, RefreshError) and getattr(exc, "retryable", False):
        return Failure(
            "Google's sign-in service is failing (it answered with an error).",
            "Wait a few minutes (www.google.com/appsstatus says whether Google knows).",
            down,
        )
    if isinstance(exc, RefreshError):
        said = str(exc.args[0] if exc.args else exc).split("\n")[0][:120]
        return Failure(
            f"Google refused the service account's key ({said}).",
            "The key may have been deleted in the Cloud console, or the machine's clock is "
            'wrong: check the clock (timedatectl), else make a new key (README: "Setup for '
            'real use", step 1) and put it where [sheet] credentials points.',
            down,
        )
    if isinstance(exc, GoogleAuthError):
        return Failure(
            f"Google's sign-in failed ({type(exc).__name__}).",
            "Check the key file ([sheet] credentials).",
            down,
        )
    if isinstance(exc, SpreadsheetNotFound):
        return Failure(
            "The Google Sheet was not found.",
            "Check [sheet] google (paste the sheet's URL from the browser). " + share,
            down,
        )
    if isinstance(exc, PermissionError) and not exc.filename:  # gspread: HTTP 403 on open
        return Failure("Google refuses the service account access to the sheet.", share, down)
    if isinstance(exc, APIError):
        return _sheets_api(exc, share)
    if isinstance(exc, GSpreadException):
        return Failure(
            f"Google Sheets: {type(exc).__name__}: {exc}.",
            "Check [sheet] google and worksheet_id.",
            down,
        )
    if isinstance(exc, requests.exceptions.RequestException):
        request = exc.request
        host = (urlsplit(request.url or "").hostname or "") if request is not None else ""
        where = host or "Google or Wix"
        if isinstance(exc, requests.exceptions.Timeout):
            what = f"No answer from {where} in time (the network may be down)."
        else:
            what = f"Cannot connect to {where} (the network may be down)."
        return Failure(what, "Check the machine's network (DNS, proxy, firewall).", down)
    return None


def _sheets_api(exc: object, share: str) -> Failure:
    response = getattr(exc, "response", None)
    status = response.status_code if response is not None else getattr(exc, "code", 0)
    down = exit_codes.UNREACHABLE
    if status == 429:
        return Failure(
            "Google Sheets refuses requests for now (quota exceeded, HTTP 429).",
            "Wait a minute; if it keeps happening, raise [daemon] poll_seconds or use fewer "
            "sites per service account.",
            down,
        )
    if status >= 500 or status == -1:
        return Failure(
            f"Google Sheets is failing (HTTP {status}).",
            "Wait a few minutes (www.google.com/appsstatus says whether Google knows).",
            down,
        )
    error = getattr(exc, "error", {}) or {}
    message = str(error.get("message", "") if isinstance(error, dict) else "")[:200]
    todo = share if status == 403 else "Check [sheet] google and worksheet_id."
    return Failure(f"Google Sheets answered HTTP {status}: {message}", todo, down)
