"""The kill test: the daemon syncing a 100-attendee class (60 cash, 30 plan, 10 unpaid; 70%
already contacts) against the Wix sandbox and a fake Google Sheet over loopback is killed
with SIGKILL at 20 random moments and restarted each time; afterwards Wix must hold exactly
100 bookings, 100 linked orders, one cash payment per cash attendee and one plan charge per
plan attendee, and every row must show its IDs.

The daemon is the real program (``python -m sync.cli run``) in a subprocess; the kills are
spread over the writes one uninterrupted pass sends (see ``tests/proof/kill.py``).

    python bench/kill_test.py                          # 100 attendees, 20 kills (about a minute)
    python bench/kill_test.py --attendees 20 --kills 3 --seed 7
    python bench/kill_test.py --workdir /tmp/kill      # keep the configs, states and logs
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.proof.kill import KillReport, run_kill_test  # noqa: E402

LOG_TAIL = 40


def _print(report: KillReport) -> None:
    for line in report.lines():
        print(line)
    if not report.ok and report.log.exists():
        print(f"--- the last {LOG_TAIL} lines of {report.log.name} ---")
        print("\n".join(report.log.read_text(errors="replace").splitlines()[-LOG_TAIL:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="SIGKILL the daemon at random moments while it syncs a class, restart it "
        "each time, then check that Wix holds everything exactly once and every row its IDs."
    )
    parser.add_argument("--attendees", type=int, default=100, help="class size (default 100)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs to send (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="where the kills land (default 0)")
    parser.add_argument(
        "--workdir", type=Path, help="keep the files here (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    if args.workdir is not None:
        report = run_kill_test(
            args.workdir, attendees=args.attendees, kills=args.kills, seed=args.seed
        )
        _print(report)
        return 0 if report.ok else 1
    with tempfile.TemporaryDirectory(prefix="wixsync-kill-") as tmp:
        report = run_kill_test(
            Path(tmp), attendees=args.attendees, kills=args.kills, seed=args.seed
        )
        _print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
