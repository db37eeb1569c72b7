"""The ``wixsync`` command line: a thin layer over the library, rendered with rich."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from sync import __version__
from sync.redact import shown

console = Console()


class _Main(click.Group):
    """Every command ends with a documented exit code (``sync.exit_codes``): a state, lock
    or log file that cannot be used is one ``Error:`` line and 74, a configuration that
    cannot be used 78 — never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from sync.exit_codes import unusable_exits
        from sync.redact import guard_process

        guard_process()  # every text leaving the process goes through the redactor
        with unusable_exits():
            return super().invoke(ctx)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wixsync")
def main() -> None:
    """wixsync: the volunteers' attendance sheet, synced into Wix Bookings.

    \b
    Example:
      wixsync demo          # the whole thing against a local Wix, no credentials
    """


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Loopback address to bind (other addresses are refused).",
)
@click.option("--port", default=8765, show_default=True, type=int, help="Port (0 = any free port).")
@click.option(
    "--seed",
    "seed_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Seed JSON (default: the built-in swim club).",
)
@click.option(
    "--rate-limit",
    default=200,
    show_default=True,
    type=int,
    help="Requests per minute before 429 (0 = no limit).",
)
@click.option(
    "--latency", default=0.0, show_default=True, type=float, help="Seconds added to every API call."
)
def sandbox(host: str, port: int, seed_path: Path | None, rate_limit: int, latency: float) -> None:
    """Serve the local Wix simulator over loopback.

    \b
    Example:
      wixsync sandbox --port 8765
      curl -s http://127.0.0.1:8765/_sandbox/info
    """
    from sync.sandbox import LoopbackServer, build_sandbox, describe

    try:
        box = build_sandbox(seed_path, rate_limit=rate_limit or None, latency=latency)
        server = LoopbackServer(box, host=host, port=port)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    info = describe(box.site)
    click.echo(f"wixsync sandbox listening on {server.url}")
    click.echo(f"site: {info['siteName']}  id: {info['siteId']}  time zone: {info['timeZone']}")
    for key in info["apiKeys"]:
        click.echo(f"api key {key['name']}: {key['key']}")
    click.echo(f"control plane: {server.url}/_sandbox/info  (seed: {seed_path or 'built-in club'})")
    click.echo("Ctrl+C stops it.")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("sandbox stopped")


@main.command()
@click.option(
    "--base-url",
    default="https://www.wixapis.com",
    show_default=True,
    help="Wix API host (the sandbox's URL to try it locally).",
)
@click.option("--site-id", required=True, help="The Wix site id (metaSiteId).")
@click.option(
    "--api-key-env",
    default="WIX_API_KEY",
    show_default=True,
    help="Name of the environment variable holding the API key.",
)
@click.option("--class", "classes", multiple=True, help="A class name the sheet uses (repeat).")
@click.option(
    "--time-zone",
    default="America/Denver",
    show_default=True,
    help="The site's time zone (IANA name).",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("wixsync-state/state.sqlite3"),
    show_default=True,
    help="State database where the strategies found are remembered.",
)
@click.option(
    "--rehearse",
    "rehearse_email",
    metavar="EMAIL",
    help="Run the whole chain once on the real site for the contact EMAIL, in the next "
    "session of the first --class, then undo it.",
)
@click.option(
    "--write-test",
    nargs=2,
    metavar="CLASS EMAIL",
    help="Deprecated: the same as --class CLASS --rehearse EMAIL.",
)
def doctor(
    base_url: str,
    site_id: str,
    api_key_env: str,
    classes: tuple[str, ...],
    time_zone: str,
    state_path: Path,
    rehearse_email: str | None,
    write_test: tuple[str, str] | None,
) -> None:
    """Check the Wix API key, its permissions, the classes, and how this site places orders,
    records cash and charges plans; remember what was found for the daemon.

    \b
    Example:
      export WIX_API_KEY=...   # never on the command line
      wixsync doctor --site-id 5ae1c0de-... --class "Open Water Swim"
      wixsync doctor --site-id ... --class "Open Water Swim" --rehearse ana.lee@example.org
    """
    import os
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from rich.table import Table

    from sync.config import BASE_URL_RULE, safe_base_url
    from sync.doctor import Check, Verdict, rehearse, run_doctor
    from sync.state import Journal, connect
    from sync.wix import WixClient, WixHTTP

    if not safe_base_url(base_url):  # the key would cross the network in clear text
        raise click.ClickException(f"--base-url {base_url}: {BASE_URL_RULE}")
    if write_test:
        console.print("--write-test is deprecated: use --class CLASS --rehearse EMAIL.")
        classes, rehearse_email = (write_test[0], *classes), write_test[1]
    if rehearse_email and not classes:
        raise click.ClickException("--rehearse needs a class: add --class NAME.")
    key = os.environ.get(api_key_env)
    if not key:
        raise click.ClickException(f"Set the API key in the environment variable {api_key_env}.")
    today = datetime.now(ZoneInfo(time_zone)).date()
    client = WixClient(WixHTTP(base_url, key, site_id, timeout=(5, 30)), today=lambda: today)
    report = run_doctor(client, classes=list(classes), time_zone=time_zone, today=today)
    style = {Verdict.OK: "green", Verdict.WARN: "yellow", Verdict.FAIL: "red"}
    table = Table(title="wixsync doctor")
    for column in ("Check", "Result", "Detail", "What to change"):
        table.add_column(column, overflow="fold")
    for check in report.checks:
        table.add_row(
            shown(check.name),
            f"[{style[check.verdict]}]{check.verdict}[/]",
            shown(check.detail),
            shown(check.fix),
        )
    console.print(table)

    def say(check: Check) -> None:
        verdict = f"[{style[check.verdict]}]{check.verdict:>4}[/]"
        console.print(f"{verdict} {shown(check.name)}: {shown(check.detail)}")
        if check.fix:
            console.print(f"     what to change: {shown(check.fix)}")

    if rehearse_email and not report.key_accepted:
        console.print("Rehearsal not run: the API key and site id must pass first.")
    elif rehearse_email:
        console.print(
            f"Rehearsal for {shown(rehearse_email)} in {shown(classes[0])} (every step is undone):"
        )
        rehearse(
            client,
            report,
            class_name=classes[0],
            email=rehearse_email,
            time_zone=time_zone,
            today=today,
            say=say,
        )
    kept = report.remember(Journal(connect(state_path)))
    if kept is None:
        console.print(f"Nothing remembered in {state_path}: Wix gave no clear answer.")
    else:
        plan_id = f"by {kept.membership_id}" if kept.membership_id else "not known yet"
        console.print(
            f"Remembered in {state_path}: orders by {kept.order}, cash by {kept.cash}, "
            f"plan id {plan_id}."
        )
    if not report.ok:
        raise SystemExit(1)


@main.command()
@click.option("--sheet", "sheet_ref", required=True, help="The Google Sheet's key or URL.")
@click.option(
    "--credentials",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The service account's JSON key file.",
)
@click.option("--worksheet-id", type=int, help="The tab's id (gid=… in its URL); default: first.")
@click.option("--class", "classes", multiple=True, help="A class name for the Class dropdown.")
@click.option(
    "--payment-word",
    "words",
    multiple=True,
    default=("cash", "plan", "unpaid", "cancel"),
    show_default=True,
    help="A word for the Payment dropdown (repeat).",
)
@click.option("--sheets-api-url", hidden=True, help="Local fake of the Sheets API (tests).")
def init(
    sheet_ref: str,
    credentials: Path,
    worksheet_id: int | None,
    classes: tuple[str, ...],
    words: tuple[str, ...],
    sheets_api_url: str | None,
) -> None:
    """Prepare a Google Sheet for volunteers on phones: frozen header, daemon columns added
    and protected, Payment and Class dropdowns, an Attended checkbox, rows with an Error in
    red, the Row ID column hidden. Running it twice changes nothing the second time.

    \b
    Example:
      wixsync init --sheet https://docs.google.com/spreadsheets/d/KEY/edit \\
                   --credentials ~/.config/wixsync/service-account.json \\
                   --class "Open Water Swim" --class "Masters Swim"
    """
    from sync.sheet.google import GoogleSheet, credentials_from_file, gspread_client, sheet_key
    from sync.sheet.prepare import prepare_sheet

    client = gspread_client(credentials_from_file(credentials), api_url=sheets_api_url)
    sheet = GoogleSheet(client, sheet_key(sheet_ref), gid=worksheet_id)
    result = prepare_sheet(sheet, payment_words=list(words), class_names=list(classes))
    if not result.changed:
        console.print(f"[green]{shown(sheet.label)}[/] is already prepared: nothing changed.")
        return
    for step in result.steps:
        console.print(f"  ✓ {shown(step)}")
    console.print(f"[green]{shown(sheet.label)}[/] is ready for volunteers.")


@main.command()
def demo() -> None:
    """Run the demo: a local Wix (the sandbox) serving the swim club, no credentials needed.

    \b
    Example:
      wixsync demo
    """
    from sync.demo import run_demo

    run_demo(console)


CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("wixsync.toml"),
    show_default=True,
    help="The configuration file.",
)


@contextmanager
def _runtime(config_path: Path) -> Iterator[Any]:
    """The runtime of one site's config; a config problem (also one found only when the
    runtime opens, like a missing API key variable) is a one-line message, not a traceback."""
    from sync.config import ConfigError, load_config
    from sync.runtime import open_runtime, settings_from_config

    with ExitStack() as stack:
        try:
            config = load_config(config_path)
            for warning in config.warnings:
                console.print(f"[yellow]warning:[/] {shown(warning)}")
            runtime = stack.enter_context(open_runtime(settings_from_config(config)))
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc
        yield runtime


@main.command()
@CONFIG_OPTION
@click.option(
    "--force", is_flag=True, help="Plan even past the brakes (empty sheet, too many rows)."
)
def plan(config_path: Path, force: bool) -> None:
    """Show what the next cycle would do, row by row. Sends nothing to Wix, writes nothing.

    \b
    Example:
      wixsync plan --config wixsync.toml
    """
    from sync import exit_codes, words
    from sync.cli_render import print_plan
    from sync.daemon import UNREACHABLE

    with _runtime(config_path) as runtime:
        try:
            _snapshot, report = runtime.engine.read_and_plan(force=force, dry_run=True)
        except UNREACHABLE as exc:  # the sheet (or Wix) could not be read
            why = f"cannot plan ({words.outage(exc)})"
            raise exit_codes.ExitWith(why, exit_codes.UNREACHABLE) from exc
    if report.brake:
        raise click.ClickException(report.brake)
    print_plan(console, report)


@main.command(name="sync")
@CONFIG_OPTION
@click.option("--once", is_flag=True, required=True, help="Run one cycle and exit.")
@click.option("--force", is_flag=True, help="Go past the brakes (empty sheet, too many rows).")
def sync_once(config_path: Path, once: bool, force: bool) -> None:
    """Run one sync cycle now: read the sheet, update Wix, write results back.

    Exits 0 when every row is synced or unchanged, 3 when rows wait for a person (see
    Error), 69 when Wix or Google could not be reached (see "Exit codes" in the README).

    \b
    Example:
      wixsync sync --once --config wixsync.toml
    """
    from sync import exit_codes, words
    from sync.cli_render import print_cycle
    from sync.daemon import UNREACHABLE, AlreadyRunning, state_lock

    with _runtime(config_path) as runtime:
        try:
            with state_lock(runtime.state_path), console.status("Syncing…"):
                report = runtime.engine.run_cycle(force=force)
        except AlreadyRunning as exc:
            raise click.ClickException(str(exc)) from exc
        except UNREACHABLE as exc:  # Wix or Google down, or the key refused: nothing synced
            why = f"cannot sync ({words.outage(exc)})"
            raise exit_codes.ExitWith(why, exit_codes.UNREACHABLE) from exc
        if report.brake:
            raise click.ClickException(report.brake)
        print_cycle(console, report)
    code = exit_codes.cycle_exit(report.counts)
    if code:
        raise SystemExit(code)


@main.command()
@CONFIG_OPTION
def run(config_path: Path) -> None:
    """Run the daemon: sync every poll interval until SIGTERM or Ctrl+C.

    A config file holding only ``sites = ["club-a.toml", "club-b.toml"]`` runs several
    sites in this one process, each with its own sheet, state and rate budget.

    \b
    Example:
      wixsync run --config /etc/wixsync/wixsync.toml
    """
    import logging
    from contextlib import ExitStack

    from sync.alerts import alerts_of
    from sync.config import ConfigError, load_sites
    from sync.daemon import AlreadyRunning, Daemon, run_daemons
    from sync.exit_codes import config_unusable
    from sync.files import lax_modes_of
    from sync.logs import setup_logging
    from sync.runtime import open_runtime, settings_from_config

    try:
        sites = load_sites(config_path)
    except ConfigError as exc:
        raise config_unusable(exc) from exc
    first = sites[0][1]  # with several sites, the first one's [daemon] log settings apply
    setup_logging(first.log_path, level=first.daemon.log_level, emails=first.daemon.log_emails)
    log = logging.getLogger("wixsync.daemon")
    with ExitStack() as stack:
        daemons = []
        for name, config in sites:
            for warning in config.warnings:
                log.warning("%s: %s", name, warning)
            for lax in lax_modes_of(config):
                log.warning("%s: %s", name, lax)
            try:
                runtime = stack.enter_context(open_runtime(settings_from_config(config)))
            except ConfigError as exc:
                raise config_unusable(exc, f"{name}: ") from exc
            prefix = f"[{name}] " if len(sites) > 1 else ""
            daemons.append(
                Daemon(
                    runtime.engine.run_cycle,
                    poll_seconds=config.poll_seconds,
                    state_path=runtime.state_path,
                    say=lambda text, prefix=prefix: log.info("%s%s", prefix, text),
                    # outages that stop a cycle; the rest it sees as a hook
                    alerts=alerts_of(runtime),
                )
            )
        try:
            run_daemons(daemons)
        except AlreadyRunning as exc:
            raise click.ClickException(str(exc)) from exc


@main.command(name="test-alert")
@CONFIG_OPTION
def test_alert(config_path: Path) -> None:
    """Send one test message by each channel of [alerts] (email, webhook) now, and say
    whether it went. Touches neither the sheet, nor Wix, nor the state.

    \b
    Example:
      export WIXSYNC_SMTP_PASSWORD=...   # the variable [alerts.email] password_env names
      wixsync test-alert --config wixsync.toml
    """
    from sync.alerts import channels_from_config, missing_secrets, send_test, sheet_link
    from sync.config import ConfigError, load_config, site_paths

    try:  # the sheet is not needed: its file is not checked
        sites = [(name, load_config(p, check_files=False)) for name, p in site_paths(config_path)]
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    chosen = [(name, config, config.alerts) for name, config in sites if config.alerts]
    if not chosen:
        raise click.ClickException(
            f"{config_path}: no [alerts] section; add [alerts.email] or [alerts.webhook] "
            "(see wixsync.example.toml)"
        )
    failed = False
    for name, config, alerts in chosen:
        site = f"{name}: " if len(sites) > 1 else ""
        for warning in config.warnings + missing_secrets(alerts):
            console.print(f"[yellow]warning:[/] {site}{shown(warning)}")
        results = send_test(channels_from_config(alerts), sheet=sheet_link(config))
        for channel, failure in results:
            if failure is None:
                console.print(f"  [green]✓[/] {site}{channel}: test alert sent")
            else:
                console.print(f"  [red]✗[/] {site}{channel}: not sent: {shown(failure)}")
                failed = True
    if failed:
        raise SystemExit(1)


@main.command()
@CONFIG_OPTION
def status(config_path: Path) -> None:
    """Show recent runs, rows pending and rows in error, the version and the schema.

    \b
    Example:
      wixsync status --config wixsync.toml
    """
    from sync.cli_render import print_status
    from sync.config import ConfigError, load_config
    from sync.engine.rowstate import RowStates
    from sync.state import connect, schema_version

    # the state file only: status needs neither the Wix key nor the sheet
    try:
        config = load_config(config_path, check_files=False)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    db = connect(config.state_path)
    try:
        rows = RowStates(db)
        runs, states, schema = rows.recent_runs(10), rows.load(), schema_version(db)
    finally:
        db.close()
    print_status(console, runs, states, f"wixsync {__version__} · state schema {schema}")


if __name__ == "__main__":  # pragma: no cover
    main()
