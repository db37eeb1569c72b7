"""A class synced while 10% of all Wix calls fail at random in one of the four ways: every
attendee ends with one booking, one linked order, one cash payment or one plan charge, and
the row shows its IDs. ``bench/proof.py`` runs it for a class of 100."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.proof.chaos import KINDS, run_random_faults


@pytest.mark.parametrize("kind", list(KINDS))
def test_ten_percent_of_wix_calls_failing(tmp_path: Path, kind: str) -> None:
    run = run_random_faults(tmp_path, kind, attendees=20)
    assert run.faults_fired > 0, "no fault fired: the run proves nothing"
    assert run.ok, run.line()
