"""Issue 6's figures in one command: the kill test, random Wix faults, the bad-input corpus.

1. Kill test: the daemon (the real ``wixsync run`` in a subprocess) syncs a 100-attendee
   class against the Wix sandbox and a fake Google Sheet over loopback and is killed with
   SIGKILL at 20 random moments, restarted each time (``tests/proof/kill.py``).
2. Faults: the same class synced by the whole product while 10% of all Wix calls fail at
   random, in each of the four ways in turn (``tests/proof/chaos.py``).
3. Bad input: every case of the corpus (``tests/proof/corpus_cases.py``), each in a world of
   its own (``tests/proof/corpus.py``).
4. Sheet edits (issue 13): 200 random volunteer edits — sorts, a row copied with its hidden
   Row ID and typed over, inserts, deletes, a deleted row typed again with cancel, relative
   dates across simulated days — judged against what the volunteers asked for
   (``tests/proof/sheet_edits.py``; ``bench/sheet_edits.py`` runs it alone and shrinks a
   failure to a reproduction).

Bookings, linked orders, cash payments and plan charges are counted from the sandbox's own
state against what the sheet asked for.

    python bench/proof.py                 # all four (~3 minutes)
    python bench/proof.py --skip-kill     # without the kill test (no subprocesses)
    python bench/sheet_edits.py           # only the sheet edits (~15 s)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.proof.chaos import KINDS, run_random_faults  # noqa: E402
from tests.proof.corpus import run_corpus  # noqa: E402
from tests.proof.kill import run_kill_test  # noqa: E402
from tests.proof.sheet_edits import run_sheet_edits  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=100)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--edits", type=int, default=200, help="random sheet edits")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the retries the faults cause are expected; keep quiet
    ok = True
    with tempfile.TemporaryDirectory(prefix="wixsync-proof-") as tmp:
        folder = Path(tmp)
        if not args.skip_kill:
            print(f"== kill test: {args.kills} SIGKILLs while syncing {args.attendees} attendees")
            kill = run_kill_test(
                folder / "kill",
                attendees=args.attendees,
                kills=args.kills,
                seed=args.seed,
                say=lambda _s: None,
            )
            for line in kill.lines():
                print(line)
            ok &= kill.ok
        print(f"\n== faults: 10% of Wix calls failing at random, {args.attendees} attendees")
        for kind in KINDS:
            run = run_random_faults(folder / kind.replace(" ", "-"), kind, attendees=args.attendees)
            print(("ok   " if run.ok else "FAIL ") + run.line())
            ok &= run.ok
        print("\n== bad input: the corpus, each case in a world of its own")
        figures = run_corpus(workers=os.cpu_count() or 1)
        print(figures.summary())
        ok &= figures.crashes == 0 and figures.invalid_wix_calls == 0 and not figures.mismatches
        print(f"\n== sheet edits: {args.edits} random volunteer edits, a cycle after each")
        edits = run_sheet_edits(args.edits, seed=args.seed or 1, folder=folder / "edits")
        print("\n".join(edits.lines()))
        ok &= edits.ok
    print("\nall figures as expected" if ok else "\nSOME FIGURES ARE OFF")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
