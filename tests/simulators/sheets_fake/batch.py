"""Sending ``spreadsheets.batchUpdate`` through real gspread, for the request-kind suites."""

from __future__ import annotations

from typing import Any

import gspread
import pytest


def run(sh: gspread.Spreadsheet, *requests: dict[str, Any]) -> list[dict[str, Any]]:
    return sh.batch_update({"requests": list(requests)})["replies"]


def refused(sh: gspread.Spreadsheet, *requests: dict[str, Any]) -> str:
    """The 400 message Google answers for ``requests``."""
    with pytest.raises(gspread.exceptions.APIError) as caught:
        run(sh, *requests)
    assert caught.value.code == 400
    return str(caught.value.error["message"])
