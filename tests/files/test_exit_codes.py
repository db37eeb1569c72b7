"""An unusable state or config ends ``wixsync`` with its own exit code and two plain lines
(what is wrong, what to do: ``sync.failures``): the codes systemd's
``RestartPreventExitStatus=`` lists."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from sync import exit_codes, failures
from sync.config import ConfigError
from sync.files import open_lock
from sync.state import connect


def _command(body):  # type: ignore[no-untyped-def]
    @click.command()
    def command() -> None:
        with failures.exits():
            body()

    return command


def test_a_damaged_state_file_ends_with_the_state_unusable_code(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    state.write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(_command(lambda: connect(state)))
    assert result.exit_code == exit_codes.STATE_UNUSABLE == 74
    assert result.output.startswith(f"Error: The state file {state} is damaged")
    assert "Traceback" not in result.output


def test_a_symlinked_lock_ends_with_the_state_unusable_code(tmp_path: Path) -> None:
    lock = tmp_path / "state.sqlite3.lock"
    lock.symlink_to(tmp_path / "elsewhere")
    result = CliRunner().invoke(_command(lambda: open_lock(lock)))
    assert result.exit_code == exit_codes.STATE_UNUSABLE
    assert "symbolic link" in result.output


def test_an_unusable_config_ends_with_the_config_unusable_code() -> None:
    def body() -> None:
        raise ConfigError(["wixsync.toml: no such file"])

    result = CliRunner().invoke(_command(body))
    assert result.exit_code == exit_codes.CONFIG_UNUSABLE == 78
    assert result.output.startswith("Error: wixsync.toml: no such file\nFix what it names")


def test_other_failures_keep_their_code() -> None:
    def body() -> None:
        raise click.ClickException("something else")

    assert CliRunner().invoke(_command(body)).exit_code == 1
