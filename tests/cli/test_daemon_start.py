"""What ``wixsync run`` says as it starts, before any cycle: the owner reading its log
(``journalctl -u wixsync``) first."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from sync.flows import strategy
from sync.flows.strategy import OrderVia, Strategies
from sync.state import Journal, connect
from tests.cli.world import club


def test_the_daemon_says_at_start_that_orders_go_through_the_old_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    removal = date.today() + timedelta(days=30)  # whatever day the test runs on
    monkeypatch.setattr(strategy, "CHECKOUT_V1_REMOVAL", removal)
    with club(tmp_path) as world:
        world.state.parent.mkdir(parents=True, exist_ok=True)
        db = connect(world.state)
        Strategies(order=OrderVia.CHECKOUT_V1).save(Journal(db))
        db.close()
        code, said = world.daemon(until=("started: a cycle every",))
    assert code == 0, said
    start = said.index("started: a cycle every")
    warned = " ".join(said[:start].split())
    assert "Orders go through Wix's old checkout because this API key may not use Cart V2" in (
        warned
    ), said
    assert f"Wix removes the old checkout on {removal:%-d %b %Y}" in warned, said


def test_the_daemon_on_cart_v2_says_nothing_of_it(tmp_path: Path) -> None:
    with club(tmp_path) as world:
        code, said = world.daemon(until=("started: a cycle every",))
    assert code == 0, said
    assert "old checkout" not in said
