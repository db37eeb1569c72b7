"""What changed in the sheet since the daemon last saw it, in one vectorised pandas pass.

Each row is keyed by its Row ID and a fingerprint of the cells volunteers own; the result
labels every row ``new``, ``edited``, ``unchanged`` or ``gone`` (in the state, no longer in
the sheet — which never cancels anything by itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from sync.engine.rowstate import RowState


def diff(current: Iterable[tuple[str, str]], states: Mapping[str, RowState]) -> dict[str, str]:
    now = pd.DataFrame(list(current), columns=["row_id", "fingerprint"])
    before = pd.DataFrame(
        [(s.row_id, s.fingerprint) for s in states.values()], columns=["row_id", "fingerprint"]
    )
    merged = now.merge(before, on="row_id", how="outer", suffixes=("", "_before"), indicator=True)
    kind = pd.Series("unchanged", index=merged.index)
    kind[merged["_merge"] == "left_only"] = "new"
    kind[merged["_merge"] == "right_only"] = "gone"
    both = merged["_merge"] == "both"
    kind[both & (merged["fingerprint"] != merged["fingerprint_before"])] = "edited"
    return dict(zip(merged["row_id"], kind, strict=True))
