"""One process, several sites: a file listing the sites' own config files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sync.config.errors import ConfigError
from sync.config.file import Config
from sync.config.load import load_config


def site_paths(path: str | Path) -> list[tuple[str, Path]]:
    """The sites one process serves: a config file is one site; a file holding only
    ``sites = ["club-a.toml", "club-b.toml"]`` (paths relative to it) is several, each a whole
    config of its own — its own sheet, Wix site, API key variable, state and rate budget."""
    shown = str(path)
    path = Path(path).expanduser().absolute()
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return [(path.stem, path)]  # load_config says what is wrong with it
    if "sites" not in doc:
        return [(path.stem, path)]
    sites = doc["sites"]
    others = sorted(set(doc) - {"sites"})
    if others:
        raise ConfigError(
            f"{shown}: a file listing sites holds only `sites`; move {', '.join(others)} into "
            "the sites' own files"
        )
    if not isinstance(sites, list) or not sites or not all(isinstance(s, str) for s in sites):
        raise ConfigError(f'{shown}: sites: a list of config files, like ["club-a.toml"]')
    found = [
        (str(Path(s).with_suffix("")), (path.parent / Path(s).expanduser()).absolute())
        for s in sites
    ]
    if len({p for _, p in found}) != len(found):
        raise ConfigError(f"{shown}: sites: a file is listed twice")
    return found


def load_sites(path: str | Path) -> list[tuple[str, Config]]:
    """Every site's config, checked; two sites may not share a state file."""
    loaded = [(name, load_config(p)) for name, p in site_paths(path)]
    states: dict[Path, str] = {}
    for name, config in loaded:
        if (other := states.setdefault(config.state_path, name)) != name:
            raise ConfigError(
                f"{path}: sites {other} and {name} share the state file {config.state_path}; "
                "give each its own [daemon] state"
            )
    return loaded
