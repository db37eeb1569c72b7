"""What several commands share: ``--config``, ``--json``, and the config file loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("wixsync.toml"),
    show_default=True,
    help="The configuration file.",
)


JSON_OPTION = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print one JSON document instead of tables (its shape: README, "--json").',
)


def config_of(config_path: Path, *, check_files: bool = True) -> Any:
    """The config file, its warnings said on standard error; its state file is the one a
    failure names (:func:`sync.failures.about_state`)."""
    from sync import failures
    from sync.cli.output import warn
    from sync.config import load_config

    config = load_config(config_path, check_files=check_files)
    for warning in config.warnings:
        warn(warning)
    failures.about_state(config.state_path)
    return config
