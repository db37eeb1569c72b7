"""Issue 6: what phone keyboards put in the sheet either syncs correctly or gets its own clear
message; no case stops the daemon, sends an invalid row to Wix, or changes a cell a person
typed; and an idle daemon then sends nothing.

One test per case of :mod:`tests.proof.corpus_cases`, each on its own world (the real
runtime, the real gspread on the fake Sheets API, the Wix sandbox). The corpus's figures:
``python -m tests.proof.corpus``.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.engine import parse
from sync.engine.cycle import CycleReport, Engine
from sync.sheet.base import CellWrite
from tests.proof import corpus
from tests.proof.corpus import (
    CASES,
    FAMILIES,
    CaseResult,
    CorpusFigures,
    run_case,
    scratch_folder,
)
from tests.proof.corpus_cases import Case, Synced, bad, cash, one, row

MIN_PER_FAMILY = 5


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    path = scratch_folder()
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def assert_met(result: CaseResult) -> None:
    assert result.crash is None, result.explain()
    assert not result.mismatches, result.explain()
    assert result.invalid_wix_calls == 0, result.explain()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_syncs_or_gets_its_own_message(case: Case, folder: Path) -> None:
    assert_met(run_case(case, folder / case.id))


# -- the corpus itself ----------------------------------------------------------------------
def test_corpus_has_150_cases_and_covers_every_family_of_the_issue() -> None:
    families = Counter(c.family for c in CASES)
    assert len(CASES) >= 150
    assert set(families) == set(FAMILIES)
    assert min(families.values()) >= MIN_PER_FAMILY, families
    date_forms = {
        c.rows[0][0] for c in CASES if c.family == "dates" and isinstance(c.expect[0], Synced)
    }
    assert len(date_forms) >= 12  # "dates in a dozen forms"
    kinds = Counter(type(e).__name__ for c in CASES for e in c.expect)
    assert {"Synced", "Rejected", "Blank", "Braked"} <= set(kinds), kinds


# -- the runner catches what it counts --------------------------------------------------------
def test_a_cycle_that_raises_is_counted_as_a_crash(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> parse.Parsed:
        raise RuntimeError("a cell the parser chokes on")

    monkeypatch.setattr(corpus, "parse_row", explode)
    result = run_case(one("crash", "dates", "", cash(), date="6/15"), folder / "crash")
    assert result.crash is not None
    assert "a cell the parser chokes on" in result.crash
    assert CorpusFigures([result]).crashes == 1


def test_a_row_that_should_be_rejected_but_reaches_wix_is_counted(folder: Path) -> None:
    leak = one("leak", "emails", "", bad("never said"), email="ivan.novak@example.org")
    result = run_case(leak, folder / "leak")
    assert result.invalid_wix_calls > 0
    assert any("lacks 'never said'" in m for m in result.mismatches)


def test_a_row_expected_booked_that_is_not_is_a_mismatch(folder: Path) -> None:
    result = run_case(one("miss", "dates", "", cash(), date="6/31"), folder / "miss")
    assert any("not synced" in m for m in result.mismatches)
    assert result.invalid_wix_calls == 0


def test_a_booking_on_the_wrong_session_is_a_mismatch(folder: Path) -> None:
    case = Case("wrong-day", "dates", "", (row(date="yesterday"),), (cash(),))
    result = run_case(case, folder / "wrong-day")
    assert any("not 2026-06-15T06:30" in m for m in result.mismatches)


def test_a_daemon_write_over_a_typed_cell_is_a_mismatch(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cycle = Engine.run_cycle

    def and_overwrite_the_name(self: Engine, **kwargs: bool) -> CycleReport:
        report = run_cycle(self, **kwargs)
        self.session.backend.write([CellWrite(1, 3, "overwritten")])  # row 2, Name
        return report

    monkeypatch.setattr(Engine, "run_cycle", and_overwrite_the_name)
    result = run_case(one("overwrite", "names", "", cash()), folder / "overwrite")
    assert any("cell D2 a person typed changed" in m for m in result.mismatches)
