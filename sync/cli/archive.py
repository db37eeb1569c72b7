"""``wixsync archive``: the season's finished rows moved to the yearly archive tab."""

from __future__ import annotations

from pathlib import Path

import click

from sync.cli.options import CONFIG_OPTION, config_of
from sync.cli.output import out as console
from sync.redact import shown


@click.command()
@CONFIG_OPTION
@click.option("--dry-run", is_flag=True, help="Say what would move, by row number; change nothing.")
def archive(config_path: Path, dry_run: bool) -> None:
    """Move the rows of sessions more than [archive] after_days past that are fully done
    (booked, paid, attendance set, no Error, nothing pending) to the yearly archive tab of
    the same spreadsheet, once. The daemon does it by itself once a day when [archive]
    enabled = true; Wix is not called.

    \b
    Example:
      wixsync archive --dry-run --config wixsync.toml
      wixsync archive --config wixsync.toml
    """
    from contextlib import nullcontext

    from sync.extras.archive import ArchiveStopped, options_from, run_archive
    from sync.lock import state_lock
    from sync.runtime import open_archive
    from sync.sheet.lease import LeaseHeld

    config = config_of(config_path)
    try:  # a dry run reads only: it may run beside the daemon
        with (
            nullcontext() if dry_run else state_lock(config.state_path),
            open_archive(config, lease=not dry_run) as parts,
        ):
            summary = run_archive(parts, options_from(config.archive), dry_run=dry_run)
    except (ArchiveStopped, LeaseHeld) as exc:
        raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        console.print(shown(line), highlight=False)
