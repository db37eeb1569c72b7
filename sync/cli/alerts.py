"""``wixsync test-alert``: one test message by each channel of ``[alerts]``."""

from __future__ import annotations

from pathlib import Path

import click

from sync.cli.options import CONFIG_OPTION
from sync.cli.output import out as console
from sync.redact import shown


@click.command(name="test-alert")
@CONFIG_OPTION
def test_alert(config_path: Path) -> None:
    """Send one test message by each channel of [alerts] (email, webhook) now, and say
    whether it went. Touches neither the sheet, nor Wix, nor the state.

    \b
    Example:
      export WIXSYNC_SMTP_PASSWORD=...   # the variable [alerts.email] password_env names
      wixsync test-alert --config wixsync.toml
    """
    from sync.cli.output import warn
    from sync.config import load_config, site_paths
    from sync.extras.alerts import channels_from_config, missing_secrets, send_test, sheet_link

    # the sheet is not needed: its file is not checked
    sites = [(name, load_config(p, check_files=False)) for name, p in site_paths(config_path)]
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
            warn(f"{site}{warning}")
        results = send_test(channels_from_config(alerts), sheet=sheet_link(config))
        for channel, failure in results:
            if failure is None:
                console.print(f"  [green]✓[/] {site}{channel}: test alert sent")
            else:
                console.print(f"  [red]✗[/] {site}{channel}: not sent: {shown(failure)}")
                failed = True
    if failed:
        raise SystemExit(1)
