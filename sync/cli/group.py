"""The ``wixsync`` group: every command under it ends with a documented exit code and, when
it fails, with two lines in words (:mod:`sync.failures`); every one takes ``-q`` and ``-v``."""

from __future__ import annotations

import click

from sync import __version__
from sync.cli.output import verbosity_options


class _Main(click.Group):
    """Every command ends with a documented exit code (``sync.exit_codes``) and, when it
    fails, with two lines — what is wrong, what to do — never a traceback: every command runs
    inside :func:`sync.failures.exits`, the one mapping from an error to its words. Every
    command takes ``-q`` and ``-v`` (:mod:`sync.cli.output`)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        have = {o for p in cmd.params for o in getattr(p, "opts", [])}
        cmd.params += [o for o in verbosity_options() if not set(o.opts) & have]
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from sync.cli import output

        output.start(args[0] if args else None)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        from sync import failures
        from sync.cli.output import VERBOSITY
        from sync.redact import guard_process

        guard_process()  # every text leaving the process goes through the redactor
        failures.about_state(None)
        with failures.exits(verbose=lambda: VERBOSITY.verbose):
            return super().invoke(ctx)


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"]},
    params=verbosity_options(),
)
@click.version_option(__version__, "-V", "--version", prog_name="wixsync")
def main() -> None:
    """wixsync: the volunteers' attendance sheet, synced into Wix Bookings.

    \b
    Example:
      wixsync demo          # the whole thing against a local Wix, no credentials
    """
