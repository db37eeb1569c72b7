"""The site's strategies in the state file's settings: written together, read back whole,
and a value the code cannot read is taken as unknown, not as a crash."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sync.flows.strategy import (
    CashVia,
    MembershipId,
    OrderVia,
    Strategies,
    site_checked,
    site_checks,
)
from sync.state import Journal, connect


def test_the_strategies_are_written_together_and_read_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    wrote = Strategies(
        OrderVia.CHECKOUT_V1, CashVia.ADD_PAYMENT, MembershipId.POOL, date(2026, 12, 7)
    )
    wrote.save(Journal(connect(path)))
    assert Strategies.load(Journal(connect(path))) == wrote  # another connection: all of it
    Strategies().save(Journal(connect(path)))
    assert Strategies.load(Journal(connect(path))) == Strategies()


def test_a_day_or_a_count_the_code_cannot_read_is_unknown(tmp_path: Path) -> None:
    journal = Journal(connect(tmp_path / "state.sqlite3"))
    journal.set_settings({"strategy.order.cart_retried_on": "soon", "site.checks": "many"})
    assert Strategies.load(journal).cart_retried_on is None
    assert site_checks(journal) == 0
    site_checked(journal)
    site_checked(journal)
    assert site_checks(journal) == 2
