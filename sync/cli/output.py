"""What the commands print besides their tables: how much, where, and the progress bar.

* **How much**: ``-q`` (quiet: no progress, no tables, only the one line of counts, warnings
  and errors), ``-v`` (also what wixsync does: the summary tab written, a phase that failed),
  ``-vv`` (also every Wix call, and a bug's traceback), on every command and on ``wixsync``
  itself (``wixsync -q sync`` is ``wixsync sync -q``).
* **Where**: results on standard output; warnings, retries and errors on standard error, in
  words, one line each and never wrapped in the middle of a path (a terminal folds a long
  line by itself; copied, it is still one line).
* **The progress bar** of a cycle with rows to send (:class:`CycleProgress`), only on a
  terminal and not with ``-q``: the step, its rows done and left, the Wix calls so far, a wait
  for Wix's rate limit (or a retry) as it counts down, and the time left for the step.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console

from sync.redact import protect, redact, shown

#: results (tables, counts); the errors console never wraps (a path stays on one line)
out = Console()
err = Console(stderr=True, soft_wrap=True, highlight=False)


@dataclass
class Verbosity:
    quiet: int = 0
    verbose: int = 0

    @property
    def level(self) -> int:
        """``logging`` level for wixsync's own lines on standard error."""
        if self.quiet:
            return logging.ERROR if self.quiet > 1 else logging.WARNING
        return (logging.WARNING, logging.INFO)[min(self.verbose, 1)] if self.verbose < 2 else 5


VERBOSITY = Verbosity()


def _count(name: str) -> Callable[[click.Context, click.Parameter, int], None]:
    def remember(_ctx: click.Context, _param: click.Parameter, value: int) -> None:
        if value:
            setattr(VERBOSITY, name, getattr(VERBOSITY, name) + value)
            _handler().setLevel(VERBOSITY.level)
            if VERBOSITY.verbose:  # otherwise the root's level decides (WARNING)
                logging.getLogger("wixsync").setLevel(VERBOSITY.level)

    return remember


def verbosity_options() -> list[click.Option]:
    """``-q`` and ``-v``, as every command (and ``wixsync`` itself) takes them."""
    return [
        click.Option(
            ["-q", "--quiet"],
            count=True,
            expose_value=False,
            callback=_count("quiet"),
            help="Print less: only the counts, warnings and errors (-qq: errors only).",
        ),
        click.Option(
            ["-v", "--verbose"],
            count=True,
            expose_value=False,
            callback=_count("verbose"),
            help="Print more: what wixsync does, a bug's traceback (-vv: every Wix call).",
        ),
    ]


def quiet() -> bool:
    """``-q``: no progress, no tables, no informational lines: the counts, warnings, errors."""
    return VERBOSITY.quiet > 0


def silent() -> bool:
    """``-qq``: errors only."""
    return VERBOSITY.quiet > 1


def say(text: str) -> None:
    """An informational line on standard output (not with ``-q``); ``text`` is rich markup."""
    if not quiet():
        out.print(text)


def warn(text: str) -> None:
    """``warning: …`` on standard error (not with ``-qq``); ``text`` is plain."""
    if VERBOSITY.quiet < 2:
        err.print(f"[yellow]warning:[/] {shown(text)}")


# -- wixsync's log lines, for the one-shot commands ------------------------------------------------
class StderrWords(logging.Handler):
    """wixsync's log records as plain lines on standard error: ``warning: …`` (``-v``: the
    info lines too, ``-vv``: debug), each on one line, emails masked as in the daemon's log."""

    def emit(self, record: logging.LogRecord) -> None:
        from sync.logs import mask_emails

        try:
            text = " ".join(record.getMessage().split())
            if record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                text += f" ({type(exc).__name__}: {exc})"
            head = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
            sys.stderr.write(redact(mask_emails(f"{head}{text}")) + "\n")
        except Exception:  # a log line never stops a command
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # standard error itself failing: nothing better to say it on


_HANDLER: list[StderrWords] = []


def _handler() -> StderrWords:
    if not _HANDLER:
        handler = StderrWords()
        handler._wixsync = True  # type: ignore[attr-defined]  # sync.logs.setup_logging replaces it
        _HANDLER.append(handler)
    return _HANDLER[0]


def start(command: str | None) -> None:
    """Before a command runs: the verbosity back to normal, and (except for ``run``, which
    sets up its own log) wixsync's log lines on standard error in words."""
    VERBOSITY.quiet = VERBOSITY.verbose = 0
    logger = logging.getLogger("wixsync")
    handler = protect(_handler())
    handler.setLevel(VERBOSITY.level)
    for old in [h for h in logger.handlers if getattr(h, "_wixsync", False) and h is not handler]:
        logger.removeHandler(old)
    if handler not in logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.NOTSET)
    logger.propagate = True  # the root has no handler of its own unless a caller adds one


# -- the progress bar ------------------------------------------------------------------------------
class CycleProgress:
    """The bar of one cycle, fed by the row flows (:attr:`sync.flows.RowFlows.progress`: a row
    reached a point; ``phase_started``: a step begins for so many rows) and by every wait of
    the runtime (the rate limiter's and a retry's go through its one ``sleep``:
    :func:`watched`)."""

    def __init__(self, calls: Callable[[], int]) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.calls = calls
        self.first_calls = calls()
        self.wait_until = 0.0
        self._lock = threading.Lock()
        self._rows: set[str] = set()
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=16),
            MofNCompleteColumn(),
            TextColumn("rows ·"),
            _live_column(self),
            TimeRemainingColumn(compact=True),
            console=err,
            transient=True,
        )
        self.task = self.bar.add_task("Reading the sheet", total=None)

    # fed by the flows (maybe from several threads)
    def phase_started(self, step: str, rows: int) -> None:
        with self._lock:
            self._rows = set()
            self.bar.reset(self.task, total=rows, completed=0, description=step.capitalize())

    def row_step(self, row_id: str, _point: str) -> None:
        with self._lock:
            if row_id not in self._rows:
                self._rows.add(row_id)
                self.bar.update(self.task, completed=len(self._rows))

    @property
    def waiting(self) -> float:
        return max(0.0, self.wait_until - time.monotonic())


def _live_column(progress: CycleProgress) -> Any:
    """The bar's live part: Wix calls so far, and a wait counting down."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Live(ProgressColumn):
        def render(self, task: Any) -> Text:
            calls = progress.calls() - progress.first_calls
            text = f"{calls} Wix call{'' if calls == 1 else 's'}"
            if (left := progress.waiting) >= 0.5:
                text += f" · waiting {left:.0f} s for Wix"
            return Text(text + " ·")

    return Live()


_SHOWN: list[CycleProgress] = []


def watched(sleep: Callable[[float], None]) -> Callable[[float], None]:
    """The runtime's ``sleep`` (``Settings.sleep``), showing each wait on the bar if one is
    shown."""

    def sleep_shown(seconds: float) -> None:
        bar = _SHOWN[0] if _SHOWN else None
        if bar is not None:
            bar.wait_until = time.monotonic() + seconds
        try:
            sleep(seconds)
        finally:
            if bar is not None:
                bar.wait_until = 0.0

    return sleep_shown


@contextmanager
def cycle_progress(runtime: Any) -> Iterator[None]:
    """The progress bar around one cycle of ``runtime``, on a terminal and not with ``-q``;
    otherwise nothing is shown."""
    if quiet() or not err.is_terminal:
        yield
        return
    flows = runtime.engine.flows
    http = flows.client.http
    progress = CycleProgress(lambda: http.stats.sent)
    kept = flows.progress, flows.phase_started
    flows.progress, flows.phase_started = progress.row_step, progress.phase_started
    _SHOWN[:] = [progress]
    try:
        with progress.bar:
            yield
    finally:
        _SHOWN.clear()
        flows.progress, flows.phase_started = kept
