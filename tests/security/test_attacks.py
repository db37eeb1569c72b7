"""Issue 14, "Secrets": every kind of hostile Wix, Google and SMTP answer, each quoting every
secret in reach, and no secret in any output (:mod:`tests.security.attacks`).

The default run takes one kind of each family (a Wix error field, a non-JSON page, a key
refusal, a 200 echo, a token endpoint error, a Sheets API error, SMTP replies); ``--slow``
runs the whole set, which ``bench/attacks.py`` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.attacks import Counts, attack_set, run_attacks

SAMPLE = (
    "wix 400 applicationError.data",
    "wix 400 validation fieldViolations",
    "wix 400 HTML page (write)",
    "wix 401 description",
    "wix 403 permission",
    "wix 200 echoed contact name",
    "wix 400 on the order path",
    "google token 400 error_description",
    "google token 200 without a token",
    "google values.batchUpdate 400",
    "smtp auth 535",
    "smtp data 554",
)


def _report(counts: Counts) -> str:
    lines = [f"{k}: {v}" for k, v in counts.as_dict().items() if k != "by kind"]
    for outcome in counts.outcomes:
        for where, hits in outcome.leaks:
            lines.append(f"LEAK {outcome.kind} → {where}: {', '.join(hits)}")
        lines += [f"CRASH {outcome.kind} → {c}" for c in outcome.crashes]
    return "\n".join(lines)


def test_the_attack_set_spans_wix_google_and_smtp() -> None:
    answers = attack_set()
    sides = {a.side for a in answers}
    names = [a.name for a in answers]
    assert sides == {"wix", "google", "smtp"}
    assert len(set(names)) == len(names)
    assert len(answers) >= 40


def _run(tmp_path: Path, names: tuple[str, ...] | None) -> Counts:
    answers = [a for a in attack_set() if names is None or a.name in names]
    counts = run_attacks(tmp_path, answers)
    print(_report(counts))  # the figures, for a bench or a reader of -s
    assert counts.kinds_tried == len(answers)
    assert counts.kinds_fired == counts.kinds_tried, "every hostile answer was given"
    return counts


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Counts:
    return _run(tmp_path_factory.mktemp("attacks"), SAMPLE)


def test_a_sample_of_hostile_answers_leaks_no_secret(sample: Counts) -> None:
    assert sample.secrets_found == 0, _report(sample)
    # ... and the haystack is real: in half the kinds or more, the bait reached an output
    # (the Error column, the state, the log, an email) and was cleaned on the way; in the
    # others the product's own words replace what Wix said (a non-JSON page is not quoted;
    # a refused key stops the cycle with the product's own sentence, not Wix's)
    reached = [o.kind for o in sample.outcomes if o.redacted_in]
    assert len(reached) >= len(SAMPLE) // 3, [(o.kind, o.redacted_in) for o in sample.outcomes]


@pytest.mark.slow
def test_every_hostile_answer_leaks_no_secret(tmp_path: Path) -> None:
    counts = _run(tmp_path, None)
    assert counts.secrets_found == 0, _report(counts)


def test_no_hostile_answer_crashes_a_command(sample: Counts) -> None:
    assert sample.crashes == 0, _report(sample)
