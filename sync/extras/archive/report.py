"""What an archive run did (or, dry, would do), and its words for the owner in 80 columns.

Row numbers are the attendance tab's as the owner saw them before the run, compressed into
runs ("2–150, 153"), so a dry run can be checked against the sheet line by line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from sync.extras.archive.tabs import runs

WIDTH = 80


@dataclass
class ArchiveSummary:
    dry_run: bool
    after_days: int
    cutoff: date  # sessions before this day are past the cut-off
    #: archive tab → the rows moved there (or, dry, to move), as numbered before the run
    moved: dict[str, list[int]] = field(default_factory=dict)
    #: why a row past the cut-off stays → its row numbers
    not_done: dict[str, list[int]] = field(default_factory=dict)
    near_edit: list[int] = field(default_factory=list)
    #: rows edited while they were being moved: they stay, their copy was taken back
    changed: list[int] = field(default_factory=list)
    #: rows archived before and found again in the attendance tab (put back by hand)
    put_back: list[int] = field(default_factory=list)
    recent: int = 0  # rows of sessions on or after the cut-off
    #: rows of a move a crash or an outage left unfinished (completed first; dry: to be)
    resumed: int = 0
    live_rows: int = 0  # rows in the attendance tab after the run (dry: now)
    tab_rows: dict[str, int] = field(default_factory=dict)  # rows in each archive tab after
    moves: int = 0

    @property
    def archived(self) -> int:
        return sum(len(rows) for rows in self.moved.values())

    def lines(self, width: int = WIDTH) -> list[str]:
        """The run in plain lines of at most ``width`` characters."""
        out: list[str] = []

        def say(text: str, indent: str = "") -> None:
            out.extend(
                textwrap.wrap(
                    text,
                    width,
                    initial_indent=indent,
                    subsequent_indent=indent + ("    " if indent else ""),
                    break_on_hyphens=False,
                )
            )

        past = (
            f"more than {self.after_days} day{'s' if self.after_days != 1 else ''} past"
            if self.after_days
            else "before today"
        )
        say(
            f"Archive: the rows of sessions before {self.cutoff:%a %-d %b %Y} ({past}) that "
            "are fully done."
        )
        if self.resumed:
            verb = "will be finished first" if self.dry_run else "was finished first"
            say(f"A move of {_rows(self.resumed)} left unfinished {verb}.")
        verb = "Would move" if self.dry_run else "Moved"
        if not self.moved:
            say(f"{verb} no row.")
        for tab, numbers in sorted(self.moved.items()):
            total = None if self.dry_run else self.tab_rows.get(tab)
            now = f" (it holds {total:,} rows now)" if total is not None else ""
            which = "row" if len(numbers) == 1 else "rows"
            say(f"{verb} {_rows(len(numbers))} to {tab}{now}: {which} {numbers_text(numbers)}.")
        stays = [f"{why}: {numbered(numbers)}" for why, numbers in sorted(self.not_done.items())]
        for why, numbers in (
            ("beside a row being edited", self.near_edit),
            ("edited while being moved", self.changed),
            ("archived before, and put back", self.put_back),
        ):
            if numbers:
                stays.append(f"{why}: {numbered(numbers)}")
        if self.recent:
            stays.append(f"sessions from {self.cutoff:%a %-d %b} on: {_rows(self.recent)}")
        if stays:
            say("Staying in the attendance tab:")
            for line in stays:
                say(line, "  ")
        if self.dry_run:
            say("Dry run: nothing was changed. `wixsync archive` moves them.")
        else:
            say(f"The attendance tab holds {_rows(self.live_rows)} now.")
        return out


def numbers_text(numbers: list[int]) -> str:
    """Row numbers as runs: "2–150, 153"."""
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs(numbers))


def numbered(numbers: list[int]) -> str:
    """ "row 9", or "3 rows (2–3, 5)"."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    return f"{_rows(len(numbers))} ({numbers_text(numbers)})"


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")
