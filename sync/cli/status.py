"""``wixsync status``: recent runs and the rows waiting, from the state file alone (no key, no
sheet, no Wix: neither pandas nor the Wix client is imported)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from sync import __version__
from sync.cli.options import CONFIG_OPTION, JSON_OPTION, config_of
from sync.cli.output import out as console
from sync.redact import shown


@click.command()
@CONFIG_OPTION
@click.option(
    "--find",
    "find",
    metavar="TEXT",
    help="Only say where the rows TEXT names are now (a part of a name, an email, a day "
    "such as 2026-08-24, a Row ID, a Booking ID or an Order ID): which row of the "
    "attendance tab, which row of an archive tab, or deleted from the sheet.",
)
@JSON_OPTION
def status(config_path: Path, find: str | None, as_json: bool) -> None:
    """Show recent runs (times in the club's time zone), the last cycle's counts, and the
    rows waiting for a person or for Wix by their row number, with the version and the
    state schema; or, with --find, where the rows it names are now (archived rows too).
    Reads only the state file: no key, no sheet, no Wix.

    \b
    Example:
      wixsync status --config wixsync.toml
      wixsync status --find zoe.quinn@example.org
      wixsync status --json | jq '.rows_waiting[] | "row \\(.row): \\(.error)"'
    """
    from sync.cli.found import found_json, print_found
    from sync.cli.render import print_json, print_status, status_json
    from sync.engine.rowstate import RowStates, rows_placed
    from sync.extras.archive import archive_status
    from sync.extras.archive.find import find_rows
    from sync.extras.archive.store import tab_totals
    from sync.flows.strategy import OrderVia, old_checkout_said
    from sync.state import Journal, connect, schema_version

    config = config_of(config_path, check_files=False)  # the sheet's files are not needed
    db = connect(config.state_path)
    try:
        rows = RowStates(db)
        runs, states = rows.recent_runs(10), rows.load()
        if find is not None:  # only where the rows it names are
            found = find_rows(db, states, find, placed=rows_placed(states, runs))
            if as_json:
                print_json(found_json(find, found))
            else:
                print_found(console, find, found)
            return
        schema, tabs = schema_version(db), tab_totals(db)  # tabs: the season archive's
        zone = config.wix.time_zone
        warning = old_checkout_said(Journal(db), _today(zone))
    finally:
        db.close()
    orders_via = OrderVia.CHECKOUT_V1 if warning else OrderVia.CART_V2
    if as_json:
        print_json(
            status_json(
                runs,
                states,
                version=__version__,
                schema=schema,
                time_zone=zone,
                state=str(config.state_path),
                archived=tabs,
                orders_via=str(orders_via),
                warnings=[warning] if warning else [],
            )
        )
        return
    header = f"wixsync {__version__} · state schema {schema}"
    print_status(console, runs, states, header, time_zone=zone)
    if warning:
        console.print(f"[yellow]{shown(warning)}[/yellow]", highlight=False)
    for line in archive_status(tabs):
        console.print(shown(line), highlight=False)


def _today(time_zone: str) -> date:
    """Today in the club's time zone."""
    return datetime.now(ZoneInfo(time_zone)).date()
