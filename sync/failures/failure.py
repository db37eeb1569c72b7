"""One failure in the owner's words (what is wrong, what to do, the exit code), and the
click error that ends a command with it."""

from __future__ import annotations

from dataclasses import dataclass

import click

from sync.redact import redact


@dataclass(frozen=True)
class Failure:
    what: str  # what is wrong, one line (a config file's problems: one line each)
    todo: str  # what to do, one line
    code: int  # the exit code (sync.exit_codes)

    @property
    def message(self) -> str:
        """What click prints after ``Error: ``: the two lines."""
        return redact(f"{self.what}\n{self.todo}" if self.todo else self.what)

    @property
    def line(self) -> str:
        """Both on one line, for the daemon's log and the alerts."""
        return redact(" ".join(f"{self.what} {self.todo}".split()).rstrip("."))


class ExitWith(click.ClickException):
    """A click error that ends the program with ``code`` (click prints ``Error: message``)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code
