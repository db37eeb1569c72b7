"""The commands that run cycles: ``wixsync plan`` (read and plan only), ``sync`` (one cycle)
and ``run`` (the daemon)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from sync.cli.options import CONFIG_OPTION, JSON_OPTION, config_of
from sync.cli.output import out as console


@contextmanager
def _runtime(config_path: Path) -> Iterator[Any]:
    """The runtime of one site's config. Its waits (the rate limit, a retry) show on the
    progress bar while one is shown; any problem is two lines and an exit code
    (:mod:`sync.failures`)."""
    from sync.cli.output import watched
    from sync.runtime import open_runtime, settings_from_config

    settings = settings_from_config(config_of(config_path))
    settings.sleep = watched(settings.sleep)
    with open_runtime(settings) as runtime:
        yield runtime


@click.command()
@CONFIG_OPTION
@click.option(
    "--force", is_flag=True, help="Plan even past the brakes (empty sheet, too many rows)."
)
@click.option(
    "--include-older",
    is_flag=True,
    help="Plan the rows before [sheet] start_date too (as `sync --include-older` would).",
)
@JSON_OPTION
def plan(config_path: Path, force: bool, include_older: bool, as_json: bool) -> None:
    """Show what the next cycle would do, row by row (by the sheet's row numbers). Sends
    nothing to Wix, writes nothing.

    \b
    Example:
      wixsync plan --config wixsync.toml
      wixsync plan --json | jq '.actions[] | select(.action == "report")'
    """
    from sync.cli.render import plan_json, print_json, print_plan

    with _runtime(config_path) as runtime:
        _snapshot, report = runtime.engine.read_and_plan(
            force=force, dry_run=True, include_older=include_older
        )
    if as_json:
        print_json(plan_json(report))
    if report.brake:
        raise click.ClickException(report.brake)
    if not as_json:
        print_plan(console, report)


@click.command(name="sync")
@CONFIG_OPTION
@click.option("--once", is_flag=True, help="Run one cycle and exit (what sync does anyway).")
@click.option("--force", is_flag=True, help="Go past the brakes (empty sheet, too many rows).")
@click.option(
    "--include-older",
    is_flag=True,
    help="This cycle, also sync the rows before [sheet] start_date (it stays as it is).",
)
@JSON_OPTION
def sync_once(
    config_path: Path, once: bool, force: bool, include_older: bool, as_json: bool
) -> None:
    """Run one sync cycle now: read the sheet, update Wix, write results back, and exit
    (wixsync run is the daemon that keeps doing it). --once says the same.

    Exits 0 when every row is synced or unchanged, 3 when rows wait for a person (see
    Error), 69 when Wix or Google could not be reached (see "Exit codes" in the README).

    \b
    Example:
      wixsync sync --config wixsync.toml
    """
    from sync import failures
    from sync.cli.output import cycle_progress
    from sync.cli.render import cycle_json, print_cycle, print_json
    from sync.lock import state_lock

    with _runtime(config_path) as runtime:
        with state_lock(runtime.state_path), cycle_progress(runtime):
            report = runtime.engine.run_cycle(force=force, include_older=include_older)
        if as_json:
            print_json(cycle_json(report))
        if report.brake:
            raise click.ClickException(report.brake)
        if not as_json:
            print_cycle(console, report)
    if report.wix_down:  # the cycle ran, and Wix failed every row it sent
        failure = failures.rows_not_reached()
        raise failures.ExitWith(failure.message, failure.code)
    code = failures.cycle_exit(report.counts)
    if code:
        raise SystemExit(code)


@click.command()
@CONFIG_OPTION
def run(config_path: Path) -> None:
    """Run the daemon: sync every poll interval until SIGTERM or Ctrl+C.

    A config file holding only the line  sites = ["club-a.toml", "club-b.toml"]  runs
    several sites in this one process, each with its own sheet, state and rate budget.

    \b
    Example:
      wixsync run --config /etc/wixsync/wixsync.toml
    """
    import logging
    from contextlib import ExitStack

    from sync.cli.output import VERBOSITY
    from sync.config import ConfigError, load_sites
    from sync.daemon import Daemon, run_daemons
    from sync.extras.alerts import alerts_of
    from sync.failures import config_unusable
    from sync.files import lax_modes_of
    from sync.flows.strategy import old_checkout_said
    from sync.logs import setup_logging
    from sync.runtime import open_runtime, settings_from_config

    sites = load_sites(config_path)
    first = sites[0][1]  # with several sites, the first one's [daemon] log settings apply
    level = first.daemon.log_level
    level = "debug" if VERBOSITY.verbose else "warning" if VERBOSITY.quiet else level
    setup_logging(first.log_path, level=level, emails=first.daemon.log_emails)
    log = logging.getLogger("wixsync.daemon")
    with ExitStack() as stack:
        daemons = []
        for name, config in sites:
            for warning in config.warnings:
                log.warning("%s: %s", name, warning)
            for lax in lax_modes_of(config):
                if str(lax) not in config.warnings:  # the key file's, said just above
                    log.warning("%s: %s", name, lax)
            try:
                runtime = stack.enter_context(open_runtime(settings_from_config(config)))
            except ConfigError as exc:
                raise config_unusable(exc, f"{name}: ") from exc
            prefix = f"[{name}] " if len(sites) > 1 else ""
            said = old_checkout_said(runtime.journal, runtime.engine.today())
            if said:  # at start, before any order: the owner reading the log sees it first
                log.warning("%s%s", prefix, said)
            daemons.append(
                Daemon(
                    runtime.engine.run_cycle,
                    poll_seconds=config.poll_seconds,
                    state_path=runtime.state_path,
                    say=lambda text, prefix=prefix: log.info("%s%s", prefix, text),
                    # outages that stop a cycle; the rest it sees as a hook
                    alerts=alerts_of(runtime.engine.hooks),
                    time_zone=config.wix.time_zone,
                )
            )
        run_daemons(daemons)
