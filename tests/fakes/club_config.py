"""The config file of a club on the local Wix (``[wix] sandbox = true``), as the tests write
it: one writer, so a test says only what its club has of its own."""

from __future__ import annotations

from pathlib import Path

LOCAL_SHEET = 'file = "attendance.csv"'


def sandbox_config(
    folder: Path,
    sheet: str = LOCAL_SHEET,
    *,
    state: str | Path = "state/state.sqlite3",
    zone: str = "America/Denver",
    extra: str = "",
) -> Path:
    """Write ``folder/wixsync.toml``: ``sheet`` is the ``[sheet]`` table's body (a local
    file by default), ``extra`` any further tables. Returns its path."""
    config = folder / "wixsync.toml"
    config.write_text(
        f'[sheet]\n{sheet}\n\n[wix]\nsandbox = true\ntime_zone = "{zone}"\n\n'
        f'[daemon]\nstate = "{state}"\n' + (f"\n{extra}" if extra else ""),
        encoding="utf-8",
    )
    return config
