"""``wixsync status``: recent runs and the rows waiting, from the state file alone (no key, no
sheet, no Wix: neither pandas nor the Wix client is imported)."""

from __future__ import annotations

from pathlib import Path

import click

from sync import __version__
from sync.cli.options import CONFIG_OPTION, JSON_OPTION, config_of
from sync.cli.output import out as console
from sync.redact import shown


@click.command()
@CONFIG_OPTION
@JSON_OPTION
def status(config_path: Path, as_json: bool) -> None:
    """Show recent runs (times in the club's time zone), the last cycle's counts, and the
    rows waiting for a person or for Wix by their row number, with the version and the
    state schema. Reads only the state file: no key, no sheet, no Wix.

    \b
    Example:
      wixsync status --config wixsync.toml
      wixsync status --json | jq '.rows_waiting[] | "row \\(.row): \\(.error)"'
    """
    from sync.cli.render import print_json, print_status, status_json
    from sync.engine.rowstate import RowStates
    from sync.extras.archive import archive_status
    from sync.state import connect, schema_version

    config = config_of(config_path, check_files=False)  # the sheet's files are not needed
    db = connect(config.state_path)
    try:
        rows = RowStates(db)
        runs, states, schema = rows.recent_runs(10), rows.load(), schema_version(db)
        archived = archive_status(db)  # rows moved to the season archive's tabs
    finally:
        db.close()
    zone = config.wix.time_zone
    if as_json:
        print_json(
            status_json(
                runs,
                states,
                version=__version__,
                schema=schema,
                time_zone=zone,
                state=str(config.state_path),
            )
        )
        return
    header = f"wixsync {__version__} · state schema {schema}"
    print_status(console, runs, states, header, time_zone=zone)
    for line in archived:
        console.print(shown(line), highlight=False)
