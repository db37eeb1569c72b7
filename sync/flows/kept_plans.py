"""Each member's pricing-plan orders and benefit pools, kept for the daemon's life.

A plan row typed alone into a warm daemon asked Wix again every cycle for what its member
holds (``/pricing-plans/v2/orders`` and the pools), though a member buys a plan a few times
a season. The plan check (:meth:`sync.flows.plan_checks.PlanChecks.check_plans`) reads them
through :class:`KeptPlans`, on this schedule (the README's "What the daemon keeps between
cycles"):

* a member's orders and pools are reused while younger than :data:`PLANS_MAX_AGE`, then
  asked again;
* anything the kept answer would refuse a row for — no plan held, none of the name written,
  several and none named, ended or not started at the session, not listed by the class, no
  credit left, or no pool to read credits from — is asked again at once, before the row is
  told: a plan bought a minute ago is seen, and no refusal rests on what an earlier cycle
  kept;
* a charge Wix refuses (or settles as declined) forgets the member, and the plans are read
  again before the row is told;
* the balances (credits left) are never kept: credits are used online at any moment.

The row threads of the charge phase forget and read members at once: the kept answers
change under one lock (the Wix calls are made outside it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.wix import WixClient

Json = dict[str, Any]

#: seconds a member's plan orders and pools are reused (10 minutes, as the classes and the
#: sessions): long enough that a volunteer typing the morning's rows asks once per member;
#: short enough that a plan ended or cancelled in the dashboard is read within the class.
#: The age is only the cost side: every refusal reads afresh first, whatever the age.
PLANS_MAX_AGE = 600.0


@dataclass(frozen=True)
class Held:
    """What one member holds, as Wix answered at ``at`` (the clock's seconds)."""

    orders: tuple[Json, ...]
    pools: tuple[Json, ...]
    at: float


class KeptPlans:
    """Member id → the member's active plan orders and their pools, with when asked."""

    def __init__(
        self,
        client: WixClient,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_age: float = PLANS_MAX_AGE,
    ) -> None:
        self.client = client
        self.clock, self.max_age = clock, max_age
        self._held: dict[str, Held] = {}
        self._lock = threading.Lock()

    def read(
        self, members: Iterable[str], *, fresh: bool = False
    ) -> tuple[dict[str, Held], set[str]]:
        """Every member's holdings, and the members answered from what was kept (not asked
        now). ``fresh``: ask Wix for all of them. Two calls for the members asked, none when
        every one is kept and young."""
        wanted = sorted(set(members))
        now = self.clock()
        with self._lock:
            kept = {
                m: h
                for m in wanted
                if not fresh and (h := self._held.get(m)) is not None and self._young(h, now)
            }
        due = [m for m in wanted if m not in kept]
        if not due:
            return kept, set(kept)
        orders = self.client.plan_orders(due)
        pools = self.client.pools(due)
        asked: dict[str, Held] = {}
        for m in due:
            mine = tuple(o for o in orders if (o.get("buyer") or {}).get("memberId") == m)
            ids = {o.get("id") for o in mine}
            # a pool is an order's (``program.externalId``): the plan check matches it so
            ours = tuple(x for x in pools if (x.get("program") or {}).get("externalId") in ids)
            asked[m] = Held(mine, ours, now)
        with self._lock:
            self._held.update(asked)
        return {**kept, **asked}, set(kept)

    def _young(self, held: Held, now: float) -> bool:
        return 0 <= now - held.at < self.max_age  # a clock gone back: asked again

    def forget(self, member: str | None) -> None:
        """Wix refused (or declined) a charge on what was kept: ask again next time."""
        with self._lock:
            self._held.pop(member or "", None)

    def __contains__(self, member: object) -> bool:
        with self._lock:
            return member in self._held
