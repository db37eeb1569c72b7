"""Long histories the random sheet edits (``bench/sheet_edits.py``) found the product getting
wrong, each shrunk (delta debugging) from a seed's run: replayed by
``tests/proof/test_sheet_edits.py`` with the short ones of its ``FOUND``. Kept apart because
each is long."""

from __future__ import annotations

import json
from pathlib import Path

from tests.proof.sheet_edits import Edit, Op

HERE = Path(__file__).parent / "found"


def history(name: str) -> list[Edit]:
    """A history kept as JSON lines: ``[kind, [[op kind, args], …]]``, one edit a line."""
    lines = (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [
        Edit(kind, tuple(Op(op, tuple(args)) for op, args in ops))
        for kind, ops in map(json.loads, lines)
    ]


LONG_FOUND: dict[str, list[Edit]] = {
    # seed 3, 39 edits, the last what matters: a cancel row whose booking was cancelled is
    # copied whole (hidden cells too), the copy keeps the Row ID, and another person is typed
    # over it: the row showed the first person's cancelled booking ID beside "Wix holds no
    # booking for <the new person>" (it now starts from nothing: the engine's ``retyped``)
    "seed 3: a copied-over row ends showing another person's booking": history(
        "seed3_copied_cancel_row"
    ),
}
