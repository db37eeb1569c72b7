"""Reading the file: TOML, the checks, the keys that look like secrets (refused without
being echoed), and the paths resolved with the guards on what the daemon may read and
write."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sync.config.alerts import alert_secret_leaks
from sync.config.daemon import DEFAULT_STATE, STATE_COMPANIONS
from sync.config.errors import ConfigError
from sync.config.file import Config, ConfigFile
from sync.config.messages import key_at, show, translate
from sync.config.rules import ENV_NAME, looks_like_key


def load_config(path: str | Path, *, check_files: bool = True) -> Config:
    """Read, check and resolve the config file, or raise :class:`ConfigError` naming every
    problem. ``check_files`` also checks the files it names (credentials, sheet file)."""
    shown = str(path)
    path = Path(path).expanduser().absolute()
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        hint = f"copy wixsync.example.toml to {path.name} and edit it"
        fix = "Or name the file with --config FILE (every command takes it)."
        raise ConfigError(f"{shown}: no such file; {hint}", fix=fix) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read it ({type(exc).__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: {_syntax(str(exc))}") from None
    leaks = _key_leaks(doc) + alert_secret_leaks(doc)
    problems = [f"{shown}: {key_at(loc)}: {message}" for loc, message in leaks]
    try:
        model = ConfigFile.model_validate(doc)
    except ValidationError as exc:
        for err in exc.errors():
            if not any(_about_leak(err, loc) for loc, _ in leaks):
                problems.append(f"{shown}: {translate(err)}")
    if problems:
        raise ConfigError(problems)
    return _resolve(model, path, shown, check_files)


def _about_leak(err: Any, leak: tuple[Any, ...]) -> bool:
    """The error is about the key-looking value (or the unknown key holding it)."""
    loc = tuple(err["loc"])
    return loc[: len(leak)] == leak or (
        err["type"] == "extra_forbidden" and leak[: len(loc)] == loc
    )


def _syntax(text: str) -> str:
    if found := re.search(r"\s*\(at line (\d+), column (\d+)\)$", text):
        line, column = found.groups()
        return f"line {line}, column {column}: not valid TOML: {text[: found.start()]}"
    return f"not valid TOML: {text.replace(' (at end of document)', '')} (at the end)"


def _key_leaks(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every value that looks like an API key: any "IST." string, or a long one under [wix]."""
    env = doc.get("wix", {}).get("api_key_env") if isinstance(doc.get("wix"), dict) else None
    env = env if isinstance(env, str) and ENV_NAME.fullmatch(env) else "WIX_API_KEY"
    found: list[tuple[Any, ...]] = []

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, dict | list):
            for key, item in value.items() if isinstance(value, dict) else enumerate(value):
                walk(item, (*loc, key))
        elif looks_like_key(value, under_wix=loc[:1] == ("wix",)):
            found.append(loc)

    walk(doc, ())
    message = (
        "looks like a Wix API key; never put the key in this file: delete it here and set the "
        f"environment variable {env} instead (export {env}=…)"
    )
    return [(loc, message) for loc in found]


def _resolve(model: ConfigFile, path: Path, shown: str, check_files: bool) -> Config:
    """Absolute paths, and the guards on what the daemon may read and write."""
    problems: list[str] = []
    texts = {
        "[sheet] file": model.sheet.file,
        "[sheet] credentials": model.sheet.credentials,
        "[daemon] state": model.daemon.state,
        "[daemon] log": model.daemon.log,
    }
    paths: dict[str, Path | None] = {}
    for where, text in texts.items():
        try:
            given = None if text is None else Path(text).expanduser()
        except RuntimeError:  # no home folder to expand ~ to
            problems.append(f"{shown}: {where} = {show(text)}: cannot expand ~ here")
            given = None
        paths[where] = given if given is None else (path.parent / given).resolve()
    for where in ("[daemon] state", "[daemon] log"):
        target, text = paths[where], str(texts[where])
        if target is not None and (target.is_dir() or text.endswith(("/", os.sep))):
            example = DEFAULT_STATE if where.endswith("state") else "wixsync.log"
            problems.append(
                f'{shown}: {where} = {show(text)}: is a folder; name a file, e.g. "{example}"'
            )
    seen: dict[Path, str] = {path.resolve(): "the config file"}
    for where, target in paths.items():
        if target is not None and (first := seen.setdefault(target, where)) != where:
            problems.append(f"{shown}: {where} is the same file as {first}; use another")
    state = paths["[daemon] state"] or (path.parent / DEFAULT_STATE).resolve()
    beside = {state.with_name(state.name + end) for end in STATE_COMPANIONS}
    beside |= {state.with_name("sandbox.json")} if model.wix.sandbox else set()
    for target, where in seen.items():
        if target in beside:
            problems.append(
                f"{shown}: {where} is {target.name}, a file wixsync writes beside [daemon] "
                "state; use another"
            )
    archive_tab = re.compile(re.escape(model.archive.tab).replace(r"\{year\}", r"\d{4}"), re.I)
    clashes = {"[summary] tab": model.summary.tab, "[sheet] worksheet": model.sheet.worksheet}
    for where, title in clashes.items():
        if title is not None and archive_tab.fullmatch(title.strip()):
            problems.append(
                f"{shown}: [archive] tab = {show(model.archive.tab)}: is the {where}; "
                "the archive needs a tab of its own"
            )
    warnings: list[str] = []
    for where in ("[sheet] file", "[sheet] credentials") if check_files else ():
        if (target := paths[where]) is None:
            continue
        if not target.is_file():
            problems.append(
                f"{shown}: {where} = {show(texts[where])}: no such file ({target}; "
                "relative paths start from the config file's folder)"
            )
        elif where.endswith("credentials"):
            from sync.files import lax_modes

            # 0640 root:wixsync (deploy/install.sh) is fine; open to others is not
            warnings.extend(str(lax) for lax in lax_modes(secrets=[target]))
    if problems:
        raise ConfigError(problems)
    alerts = model.alerts
    if (minutes := model.daemon.alert_after_minutes) is not None:
        # the old key's meaning ("no cycle has succeeded for this long") is an outage's
        warnings.append(
            "[daemon] alert_after_minutes is deprecated: it is [alerts] outage_after_minutes "
            "now; move it there (alerts are sent by [alerts.email] or [alerts.webhook])"
        )
        if alerts is not None and "outage_after_minutes" not in alerts.model_fields_set:
            alerts = alerts.model_copy(update={"outage_after_minutes": minutes})
    return Config(
        path=path,
        sheet=model.sheet,
        vocabulary=model.vocabulary,
        classes=dict(model.classes),
        wix=model.wix,
        daemon=model.daemon,
        state_path=paths["[daemon] state"] or path.parent / DEFAULT_STATE,
        sheet_path=paths["[sheet] file"],
        credentials_path=paths["[sheet] credentials"],
        log_path=paths["[daemon] log"],
        sheet_columns=model.columns.build(),
        warnings=warnings,
        files_checked=check_files,
        summary=model.summary,
        alerts=alerts,
        roster=model.roster,
        choices=model.choices,
        archive=model.archive,
    )
