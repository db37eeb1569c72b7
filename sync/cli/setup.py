"""``wixsync init``: the sheet prepared for volunteers on phones, and the start date kept in
the config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sync.cli.output import out as console
from sync.redact import shown


class _Day(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from datetime import date

        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date: write it like 2026-12-02", param, ctx)


@click.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("wixsync.toml"),
    show_default=True,
    help="The configuration file: its sheet, classes and columns; the start date is kept in it.",
)
@click.option("--sheet", "sheet_ref", help="A Google Sheet's key or URL (default: the config's).")
@click.option(
    "--credentials",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The service account's JSON key file (default: the config's).",
)
@click.option("--worksheet-id", type=int, help="The tab's id (gid=… in its URL); default: first.")
@click.option("--class", "classes", multiple=True, help="A class name for the Class dropdown.")
@click.option(
    "--payment-word",
    "words",
    multiple=True,
    help="A word for the Payment dropdown (repeat; default: cash, plan, unpaid, cancel).",
)
@click.option(
    "--start-date",
    type=_Day(),
    help="Rows for sessions before this day are left alone (default: the config's, else today).",
)
@click.option("--sheets-api-url", hidden=True, help="Local fake of the Sheets API (tests).")
@click.pass_context
def init(
    ctx: click.Context,
    config_path: Path,
    sheet_ref: str | None,
    credentials: Path | None,
    worksheet_id: int | None,
    classes: tuple[str, ...],
    words: tuple[str, ...],
    start_date: Any,
    sheets_api_url: str | None,
) -> None:
    """Prepare the sheet for volunteers on phones: the header row on an empty sheet, the
    daemon's columns added and protected, Payment and Class dropdowns, an Attended checkbox,
    rows with an Error in red, the Row ID column hidden; and set the start date in the config
    (rows for sessions before it are left alone). Running it twice changes nothing.

    \b
    Example:
      wixsync init --config wixsync.toml
      wixsync init --config wixsync.toml --start-date 2026-12-02
    """
    from sync.init_sheet import InitProblem, initialise

    given = ctx.get_parameter_source("config_path") != click.core.ParameterSource.DEFAULT
    try:
        done = initialise(
            config_path=config_path,
            config_given=given,
            sheet_ref=sheet_ref,
            credentials=credentials,
            worksheet_id=worksheet_id,
            classes=classes,
            payment_words=words,
            start_date=start_date,
            sheets_api_url=sheets_api_url,
        )
    except InitProblem as exc:
        raise click.ClickException(str(exc)) from exc
    label, start = shown(done.label), done.start
    if done.prepared.changed:
        for step in done.prepared.steps:
            console.print(f"  ✓ {shown(step)}")
    if start.changed and start.day is not None:
        console.print(
            f"  ✓ start date {start.day:%a} {start.day.day} {start.day:%b %Y} (in "
            f"{shown(start.config.name if start.config else '')}): older rows are left alone"
        )
    if done.prepared.changed or start.changed:
        console.print(f"[green]{label}[/] is ready for volunteers.")
    else:
        console.print(f"[green]{label}[/] is already prepared: nothing changed.")
    if start.config is None:
        console.print(
            "No start date set: there is no config file to keep it in. Run init again "
            "with --config once wixsync.toml exists."
        )
    elif not start.changed and start.day is not None:
        console.print(
            f"Start date: {start.day:%a} {start.day.day} {start.day:%b %Y} (kept; "
            "--start-date changes it)."
        )
