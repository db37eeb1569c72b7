"""``wixsync doctor`` against the sandbox over loopback, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from sync.flows import CashVia, PlanVia, Strategies
from sync.sandbox import LoopbackServer, Sandbox
from sync.state import Journal, connect


@pytest.fixture
def sandbox() -> Sandbox:
    """The doctor works on the real today, so the sandbox's clock is the real one too."""
    from sync.sandbox import build_sandbox

    return build_sandbox(rate_limit=None)


def _doctor(
    sandbox: Sandbox,
    tmp_path: Path,
    *extra: str,
    key: str = "sync",
    classes: tuple[str, ...] = ("Open Water Swim",),
    api_key: str | None = None,
):
    args = ["doctor", "--site-id", sandbox.site.site_id, "--state", str(tmp_path / "s.sqlite3")]
    for name in classes:
        args += ["--class", name]
    with LoopbackServer(sandbox) as server:
        return CliRunner().invoke(
            main,
            [*args, "--base-url", server.url, *extra],
            env={"WIX_API_KEY": api_key or sandbox.site.api_keys[key].key, "COLUMNS": "200"},
        )


def _strategies(tmp_path: Path) -> Strategies:
    return Strategies.load(Journal(connect(tmp_path / "s.sqlite3")))


def test_doctor_with_a_full_key_passes_and_remembers_mark_as_paid(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    result = _doctor(sandbox, tmp_path)
    assert result.exit_code == 0, result.output
    assert "record cash payments" in result.output
    assert "fail" not in result.output
    assert _strategies(tmp_path).cash == CashVia.MARK_AS_PAID
    assert not [
        e
        for e in sandbox.log
        if e.status == 200
        and e.method == "POST"
        and e.route in ("bookings.bulk_create", "checkout.create")
    ], "read-only"


def test_doctor_names_the_missing_payment_permissions(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, key="no-payments")
    assert result.exit_code == 1
    assert "ECOM.MODIFY_ORDERS" in result.output
    assert "BOOKINGS.BOOKING_CANCEL" not in result.output  # that one it has


def test_doctor_finds_add_payment_where_mark_as_paid_is_refused(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.site.switches.mark_as_paid_allowed = False
    result = _doctor(sandbox, tmp_path)
    assert result.exit_code == 0, result.output
    assert _strategies(tmp_path).cash == CashVia.ADD_PAYMENT


def test_doctor_reports_an_unknown_class(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, classes=("Aqua Zumba",))
    assert result.exit_code == 1
    assert "Aqua Zumba" in result.output


def test_doctor_with_a_wrong_key_says_so(sandbox: Sandbox, tmp_path: Path) -> None:
    result = _doctor(sandbox, tmp_path, classes=(), api_key="IST.wrong")
    assert result.exit_code == 1
    assert "IST.wrong" not in result.output


@pytest.mark.parametrize(
    ("listed", "expected"), [(True, PlanVia.CHECKOUT), (False, PlanVia.ORDER_BILLING)]
)
def test_write_test_finds_the_plan_strategy_and_leaves_no_booking(
    sandbox: Sandbox, tmp_path: Path, listed: bool, expected: PlanVia
) -> None:
    sandbox.site.switches.checkout_lists_eligible_memberships = listed
    before = {b["id"] for b in sandbox.site.bookings.values() if b["status"] != "CANCELED"}
    result = _doctor(sandbox, tmp_path, "--write-test", "Open Water Swim", "ana.lee@example.org")
    assert result.exit_code == 0, result.output
    assert _strategies(tmp_path).plan == expected
    after = {b["id"] for b in sandbox.site.bookings.values() if b["status"] != "CANCELED"}
    assert after == before
    assert not sandbox.site.order_links.keys() - {
        o for o in sandbox.site.order_links if sandbox.site.order_links[o] in before
    }


def test_doctor_needs_the_key_in_the_environment(sandbox: Sandbox, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["doctor", "--site-id", "x"], env={"WIX_API_KEY": ""})
    assert result.exit_code != 0
    assert "WIX_API_KEY" in result.output


def test_doctor_names_a_missing_sessions_permission_instead_of_crashing(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    import dataclasses

    key = sandbox.site.api_keys["sync"]
    sandbox.site.api_keys["sync"] = dataclasses.replace(
        key, permissions=key.permissions - {"BOOKINGS.AVAILABILITY_READ"}
    )
    result = _doctor(sandbox, tmp_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Give the key BOOKINGS.AVAILABILITY_READ" in result.output
