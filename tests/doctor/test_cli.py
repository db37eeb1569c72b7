"""``wixsync doctor`` through the CLI, against the sandbox over loopback. The doctor works
on the real today, so these sandboxes run on the real clock."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

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
    args += ["--state", str(tmp_path / "s.sqlite3")]
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
    assert result.exit_code == 1
    assert "IST.wrong" not in result.output
    assert "Nothing remembered" in result.output
    assert "Rehearsal not run" in result.output
    assert not rehearsal_bookings(sandbox)
    assert Strategies.load(_journal(tmp_path)) == before


def test_doctor_needs_the_key_in_the_environment(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor", "--site-id", "x"], env={"WIX_API_KEY": ""})
    assert result.exit_code != 0
    assert "WIX_API_KEY" in result.output


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
