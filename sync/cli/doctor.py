"""``wixsync doctor``: what the site's API key may do and how the site places orders, records
cash and charges plans (and ``--rehearse``: the whole chain once, undone)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from sync.cli.options import CONFIG_OPTION, JSON_OPTION, config_of
from sync.cli.output import out as console
from sync.redact import shown


@click.command()
@CONFIG_OPTION
@click.option(
    "--base-url",
    help="Wix API host (default: the config's [wix] base_url, else https://www.wixapis.com; "
    "the sandbox's URL to try it locally).",
)
@click.option("--site-id", help="The Wix site id (metaSiteId; default: the config's).")
@click.option(
    "--api-key-env",
    help="Name of the environment variable holding the API key (default: the config's "
    "[wix] api_key_env, else WIX_API_KEY).",
)
@click.option(
    "--class",
    "classes",
    multiple=True,
    help="A class name the sheet uses (repeat; default: the Wix classes of the config's "
    "[classes]).",
)
@click.option("--time-zone", help="The site's time zone, an IANA name (default: the config's).")
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="State database where the strategies found are remembered (default: the config's "
    "[daemon] state, else wixsync-state/state.sqlite3).",
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
@JSON_OPTION
@click.pass_context
def doctor(
    ctx: click.Context,
    config_path: Path,
    base_url: str | None,
    site_id: str | None,
    api_key_env: str | None,
    classes: tuple[str, ...],
    time_zone: str | None,
    state_path: Path | None,
    rehearse_email: str | None,
    write_test: tuple[str, str] | None,
    as_json: bool,
) -> None:
    """Check the Wix API key, its permissions, the classes, and how this site places orders,
    records cash and charges plans; remember what was found for the daemon. The site, the
    classes, the time zone and the state file are the config's; an option overrides each.

    Exits 0 when every check passes, 1 when one fails, 69 when Wix refuses the key or cannot
    be reached (then nothing is remembered).

    \b
    Example:
      export WIX_API_KEY=...   # never on the command line
      wixsync doctor --config wixsync.toml
      wixsync doctor --site-id 5ae1c0de-... --time-zone America/Denver --class "Open Water Swim"
      wixsync doctor --config wixsync.toml --class "Open Water Swim" --rehearse ana.lee@example.org
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sync import failures
    from sync.cli.output import quiet
    from sync.cli.render import doctor_json, print_doctor, print_doctor_check, print_json
    from sync.config import BASE_URL_RULE, DEFAULT_STATE, api_key_in, safe_base_url
    from sync.doctor import rehearse, run_doctor
    from sync.engine.rowstate import RowStates, waiting_for_the_site
    from sync.flows.strategy import site_checked
    from sync.state import Journal, connect
    from sync.wix import WixClient, WixHTTP
    from sync.words import tried_again

    config = _config_if_any(ctx, config_path)
    wix = config.wix if config is not None else None
    sandbox = bool(wix and wix.sandbox) and not base_url
    base_url = base_url or (wix.base_url if wix else "https://www.wixapis.com")
    site_id = site_id or (wix.site_id if wix else None)
    time_zone = time_zone or (wix.time_zone if wix else None)
    if not classes and config is not None:
        classes = tuple(sorted(set(config.classes.values())))
    state_path = state_path or (config.state_path if config else Path(DEFAULT_STATE))
    failures.about_state(state_path)
    if not sandbox and not safe_base_url(base_url):  # the key would cross in clear text
        raise click.ClickException(f"--base-url {base_url}: {BASE_URL_RULE}")
    if not site_id and not sandbox:
        raise click.UsageError(
            f"No site id: give --site-id, or set [wix] site_id in {config_path} (--config)."
        )
    if not time_zone:
        raise click.UsageError(
            "No time zone: give --time-zone (the site's, e.g. America/Denver), or set [wix] "
            f"time_zone in {config_path} (--config)."
        )
    if write_test:
        console.print("--write-test is deprecated: use --class CLASS --rehearse EMAIL.")
        classes, rehearse_email = (write_test[0], *classes), write_test[1]
    if rehearse_email and not classes:
        raise click.ClickException("--rehearse needs a class: add --class NAME.")
    today = datetime.now(ZoneInfo(time_zone)).date()
    with ExitStack() as stack:
        if sandbox:  # the demo's local Wix, kept beside its state (sync.runtime)
            from sync.runtime import open_runtime, settings_from_config

            runtime = stack.enter_context(open_runtime(settings_from_config(config)))
            client = WixClient(runtime.client.http, today=lambda: today)
        else:
            name = api_key_env or (wix.api_key_env if wix else "WIX_API_KEY")
            http = WixHTTP(base_url, api_key_in(name), site_id or "", timeout=(5, 30))
            client = WixClient(http, today=lambda: today)
        report = run_doctor(client, classes=list(classes), time_zone=time_zone, today=today)
        if not as_json:
            print_doctor(console, report)
        if rehearse_email and not report.key_accepted:
            if not as_json:
                console.print("Rehearsal not run: the API key and site id must pass first.")
        elif rehearse_email:
            if not as_json:
                console.print(
                    f"Rehearsal for {shown(rehearse_email)} in {shown(classes[0])} "
                    "(every step is undone):"
                )
            rehearse(
                client,
                report,
                class_name=classes[0],
                email=rehearse_email,
                time_zone=time_zone,
                today=today,
                say=(lambda _check: None) if as_json else lambda c: print_doctor_check(console, c),
            )
        journal = Journal(connect(state_path))
        kept = report.remember(journal)
        again = waiting_for_the_site(RowStates(journal.db).load()) if report.key_accepted else []
        if report.key_accepted:  # what the owner fixed in Wix counts from the next cycle
            site_checked(journal)
    if as_json:
        print_json({**doctor_json(report, kept, state_path), "tried_again": again})
    elif quiet():
        pass  # -q: the lines that did not pass, and the exit code
    elif kept is None:
        console.print(
            f"Nothing remembered in {state_path}: Wix gave no clear answer.", soft_wrap=True
        )
    else:
        plan_id = f"by {kept.membership_id}" if kept.membership_id else "not known yet"
        console.print(
            f"Remembered in {state_path}: orders by {kept.order}, cash by {kept.cash}, "
            f"plan id {plan_id}.",
            soft_wrap=True,
        )
    if again and not as_json and not quiet():
        console.print(tried_again(again), soft_wrap=True)
    if not report.ok:
        raise SystemExit(1)


def _config_if_any(ctx: click.Context, config_path: Path) -> Any:
    """The config file; None when it was not named (``--config``) and the default one is not
    there — then the options say everything."""
    from click.core import ParameterSource

    given = ctx.get_parameter_source("config_path") is not ParameterSource.DEFAULT
    if not given and not config_path.exists():
        return None
    return config_of(config_path, check_files=False)
