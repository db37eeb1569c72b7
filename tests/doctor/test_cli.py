"""``wixsync doctor`` through the CLI, against the sandbox over loopback. The doctor works
on the real today, so these sandboxes run on the real clock."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sync import exit_codes
from sync.cli import main
from sync.flows.strategy import CashVia, MembershipId, OrderVia, Strategies
from sync.sandbox import LoopbackServer, Sandbox
from sync.state import Journal, connect
from tests.doctor.conftest import make_sandbox, rehearsal_bookings, site_state


@pytest.fixture
def sandbox() -> Sandbox:
    return make_sandbox(now=None)


def _doctor(
    sandbox: Sandbox,
    tmp_path: Path,
    *extra: str,
    key: str = "sync",
    classes: tuple[str, ...] = ("Open Water Swim",),
    api_key: str | None = None,
    site_id: str | None = None,
) -> Result:
    args = ["doctor", "--site-id", site_id or sandbox.site.site_id]
    args += ["--state", str(tmp_path / "s.sqlite3"), "--time-zone", "America/Denver"]
    for name in classes:
        args += ["--class", name]
    with LoopbackServer(sandbox) as server:
        return CliRunner().invoke(
            main,
            [*args, "--base-url", server.url, *extra],
            env={"WIX_API_KEY": api_key or sandbox.site.api_keys[key].key, "COLUMNS": "200"},
        )


def _journal(tmp_path: Path) -> Journal:
    return Journal(connect(tmp_path / "s.sqlite3"))


def test_doctor_with_a_full_key_passes_and_remembers_what_it_found(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    result = _doctor(sandbox, tmp_path)
    assert result.exit_code == 0, result.output
    assert "place orders" in result.output
    assert "fail" not in result.output
    assert "Remembered in" in result.output
    kept = Strategies.load(_journal(tmp_path))
    assert (kept.order, kept.cash, kept.membership_id) == (
        OrderVia.CART_V2,
        CashVia.MARK_AS_PAID,
        None,
    )


def test_the_rehearsal_runs_through_the_cli_and_leaves_the_site_as_it_was(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    before = site_state(sandbox)
    result = _doctor(sandbox, tmp_path, "--rehearse", "ana.lee@example.org")
    assert result.exit_code == 0, result.output
    for said in ("rehearsal: book (cash)", "rehearsal: plan charge", "left on the site"):
        assert said in result.output
    assert site_state(sandbox) == before
    assert {b["status"] for b in rehearsal_bookings(sandbox)} == {"CANCELED"}
    assert Strategies.load(_journal(tmp_path)).membership_id == MembershipId.ORDER


def test_write_test_is_a_deprecated_alias_of_rehearse(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(
        sandbox, tmp_path, "--write-test", "Open Water Swim", "ivan.novak@example.org", classes=()
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("--write-test is deprecated")
    assert "rehearsal: cash payment" in result.output
    assert len(rehearsal_bookings(sandbox)) == 1


def test_rehearse_needs_a_class(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, "--rehearse", "ana.lee@example.org", classes=())
    assert result.exit_code != 0
    assert "--rehearse needs a class" in result.output


def test_doctor_names_the_missing_payment_permissions(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, key="no-payments")
    assert result.exit_code == 1
    assert "ECOM.MODIFY_ORDERS" in result.output
    assert "BOOKINGS.BOOKING_CANCEL" not in result.output  # that one it has


def test_doctor_reports_an_unknown_class(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, classes=("Aqua Zumba",))
    assert result.exit_code == 1
    assert "Aqua Zumba" in result.output


@pytest.mark.parametrize("wrong", ["key", "site id"])
def test_a_rejected_key_says_so_and_remembers_nothing(
    sandbox: Sandbox, tmp_path: Path, wrong: str
) -> None:
    """Two lines (what, what to do) and exit 69; the state keeps what it held."""
    before = Strategies(order=OrderVia.CHECKOUT_V1, cash=CashVia.ADD_PAYMENT)
    before.save(_journal(tmp_path))
    if wrong == "key":
        result = _doctor(
            sandbox, tmp_path, "--rehearse", "ana.lee@example.org", api_key="IST.wrong"
        )
    else:
        result = _doctor(
            sandbox,
            tmp_path,
            "--rehearse",
            "ana.lee@example.org",
            site_id="00000000-0000-4000-8000-00000000abcd",
        )
    assert result.exit_code == exit_codes.UNREACHABLE, result.output
    assert "IST.wrong" not in result.output
    assert "Error: Wix refused the API key or the site id (HTTP 40" in result.output
    assert "then run wixsync doctor" in result.output
    assert "Traceback" not in result.output
    assert not rehearsal_bookings(sandbox)
    assert Strategies.load(_journal(tmp_path)) == before


def test_an_unreachable_wix_says_so_and_remembers_nothing(tmp_path: Path) -> None:
    before = Strategies(order=OrderVia.CHECKOUT_V1, cash=CashVia.ADD_PAYMENT)
    before.save(_journal(tmp_path))
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = CliRunner().invoke(
        main,
        ["doctor", "--site-id", "5ae1c0de-0b5e-4a11-9c1a-5a0d0b0e5a11", "--time-zone", "UTC",
         "--base-url", f"http://127.0.0.1:{port}", "--state", str(tmp_path / "s.sqlite3")],
        env={"WIX_API_KEY": "IST.any"},
    )  # fmt: skip
    assert result.exit_code == exit_codes.UNREACHABLE, result.output
    assert "Error: Cannot reach Wix (" in result.output
    assert "Traceback" not in result.output
    assert Strategies.load(_journal(tmp_path)) == before


def test_doctor_needs_the_key_in_the_environment(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["doctor", "--site-id", "x", "--time-zone", "UTC"], env={"WIX_API_KEY": ""}
    )
    assert result.exit_code == exit_codes.CONFIG_UNUSABLE
    assert "WIX_API_KEY" in result.output


def test_doctor_without_a_time_zone_says_it_is_missing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor", "--site-id", "x"], env={"WIX_API_KEY": "IST.x"})
    assert result.exit_code == 2
    assert "No time zone: give --time-zone" in result.output


def test_doctor_names_a_missing_sessions_permission_instead_of_crashing(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    key = sandbox.site.api_keys["sync"]
    sandbox.site.api_keys["sync"] = dataclasses.replace(
        key, permissions=key.permissions - {"BOOKINGS.AVAILABILITY_READ"}
    )
    result = _doctor(sandbox, tmp_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Give the key BOOKINGS.AVAILABILITY_READ" in result.output


# -- issue 15: doctor reads wixsync.toml like every command ----------------------------------
def _config(folder: Path, server_url: str, site_id: str) -> Path:
    (folder / "attendance.csv").write_text("Date,Class,Name,Email,Payment\n")
    lines = [
        '[sheet]\nfile = "attendance.csv"\n',
        f'[wix]\nsite_id = "{site_id}"\nbase_url = "{server_url}"\ntime_zone = "America/Denver"\n',
        '[classes]\n"OWS" = "Open Water Swim"\n',
        '[daemon]\nstate = "state/club.sqlite3"\n',
    ]
    config = folder / "club" / "wixsync.toml"
    config.parent.mkdir()
    (folder / "attendance.csv").rename(config.parent / "attendance.csv")
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


def test_doctor_takes_the_site_classes_time_zone_and_state_from_the_config(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a relative state path is the config folder's, not the cwd's
    with LoopbackServer(sandbox) as server:
        config = _config(tmp_path, server.url, sandbox.site.site_id)
        result = CliRunner().invoke(
            main,
            ["doctor", "--config", str(config)],
            env={"WIX_API_KEY": sandbox.site.api_keys["sync"].key, "COLUMNS": "200"},
        )
    assert result.exit_code == 0, result.output
    assert "class 'Open Water Swim': " in result.output  # from [classes]
    state = config.parent / "state" / "club.sqlite3"
    assert f"Remembered in {state}" in result.output
    assert Strategies.load(Journal(connect(state))).order == OrderVia.CART_V2
    assert not (elsewhere / "state").exists()


def test_an_option_overrides_the_config(sandbox: Sandbox, tmp_path: Path) -> None:
    mine = ["--class", "Masters Swim", "--state", str(tmp_path / "mine.sqlite3")]
    with LoopbackServer(sandbox) as server:
        config = _config(tmp_path, server.url, "00000000-0000-4000-8000-00000000abcd")
        result = CliRunner().invoke(
            main,
            ["doctor", "--config", str(config), "--site-id", sandbox.site.site_id, *mine],
            env={"WIX_API_KEY": sandbox.site.api_keys["sync"].key, "COLUMNS": "200"},
        )
    assert result.exit_code == 0, result.output  # the config's site id is a wrong one
    assert "class 'Masters Swim': " in result.output
    assert "Open Water Swim" not in result.output
    assert (tmp_path / "mine.sqlite3").exists()
    assert not (config.parent / "state").exists()


def test_a_config_named_but_missing_is_two_lines_and_78(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == exit_codes.CONFIG_UNUSABLE
    assert "none.toml: no such file" in result.output
    assert "Or name the file with --config FILE" in result.output
