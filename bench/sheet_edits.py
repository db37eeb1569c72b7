"""Issue 13's figure: volunteers handling the sheet as they really do, 200 random edits.

Sorting by any column, a whole row copied with its hidden Row ID into a new row and another
person typed over it, blank rows inserted, rows deleted, a deleted row typed again with
``cancel``, Payment changed after the fact, ``today``/``tomorrow``/weekday dates while the
simulated days go by — one ``wixsync run`` cycle after each edit, through the whole product
(real gspread against the fake Sheets API, the Wix client against the sandbox). A model of
what the volunteers asked for, kept outside the product, judges Wix's own state and the
sheet's cells (``tests/proof/sheet_edits.py`` says how).

    python bench/sheet_edits.py                         # 200 edits, seed 1
    python bench/sheet_edits.py --edits 200 --seed 7
    python bench/sheet_edits.py --seeds 5               # seeds 1..5, one line of figures each
    python bench/sheet_edits.py --seed 3 --shrink "wrong booking"   # a short reproduction

Exits 1 when a target (a figure that must be 0) is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.proof.sheet_edits import (  # noqa: E402
    AT_END,
    CHECKS,
    Figures,
    run_sheet_edits,
    shrink,
)


def _fails(check: str) -> object:
    def fails(figures: Figures) -> bool:
        return bool(figures.count(check) or (check in AT_END and figures.during[check]))

    return fails


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=0, help="run seeds 1..N instead")
    parser.add_argument("--details", type=int, default=3, help="findings shown per figure")
    parser.add_argument(
        "--shrink",
        metavar="CHECK",
        choices=[c for c, _, _ in CHECKS],
        help="replay fewer edits until only those needed for CHECK's finding are left",
    )
    args = parser.parse_args(argv)
    ok = True
    seeds = range(1, args.seeds + 1) if args.seeds else [args.seed]
    for seed in seeds:
        started = time.perf_counter()
        figures = run_sheet_edits(args.edits, seed=seed)
        took = time.perf_counter() - started
        if args.seeds:
            missed = ", ".join(f"{c} {figures.count(c)}" for c in figures.missed) or "none"
            print(f"seed {seed}: targets missed: {missed} ({took:.1f} s)")
        else:
            print("\n".join(figures.lines(details=args.details)))
            print(f"({took:.1f} s)")
        ok &= figures.ok
        if args.shrink:
            fails = _fails(args.shrink)
            if not fails(figures):  # type: ignore[operator]
                print(f"\nno finding for {args.shrink!r} to shrink")
                continue
            first = figures.first_seen.get(args.shrink, len(figures.history))
            history = shrink(figures.history[:first], fails)  # type: ignore[arg-type]
            print(f"\n{args.shrink!r} in {len(history)} edits (a cycle after each):")
            for number, edit in enumerate(history, start=1):
                print(f"  {number}. {edit}")
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
