"""Which plans people hold with credits left, found in bulk for many emails at once.

Contact → member → plan → credits (reference: wix-ecom.md §7.2): one Query Contacts for the
emails, one Query Members for their contacts, then the very reads the row flows make before
booking (:mod:`sync.flows.plan_checks`): one List Orders (pricing plans, ACTIVE), one Query
Pools and one Query Balances for the members (an unlimited plan has no credits to count).
A checkout's ``eligibleMemberships`` is never read (reserved for internal use). A person who
is no member holds no plan. The answer is kept per email per day in the state database
(``plan_choices``): a plan bought or used up during the day shows the next day.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sync.state.db import transaction
from sync.wix import WixClient

MAX_EMAILS = 100  # looked up per call; more wait for the next cycle


class PlansHeld:
    def __init__(
        self, client: WixClient, db: sqlite3.Connection, *, clock: Callable[[], float]
    ) -> None:
        self.client = client
        self.db = db
        self.clock = clock

    def plans(self, emails: Iterable[str], day: str) -> dict[str, tuple[str, ...]]:
        """Email → names of the plans held with credits left (sorted), for the emails known
        today; emails not looked up yet are looked up (up to :data:`MAX_EMAILS`), the rest
        are left out of the answer."""
        wanted = sorted({e.casefold() for e in emails if e})
        known = self._cached(wanted, day)
        missing = [e for e in wanted if e not in known][:MAX_EMAILS]
        if missing:
            found = self._look_up(missing)
            with transaction(self.db):
                self.db.execute("DELETE FROM plan_choices WHERE day <> ?", (day,))
                for email, plans in found.items():
                    self.db.execute(
                        "INSERT OR REPLACE INTO plan_choices (email, day, plans) VALUES (?, ?, ?)",
                        (email, day, json.dumps(list(plans))),
                    )
            known.update(found)
        return known

    def _cached(self, emails: list[str], day: str) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(emails), 500):
            group = emails[start : start + 500]
            marks = ", ".join("?" * len(group))
            for row in self.db.execute(
                f"SELECT email, plans FROM plan_choices WHERE day = ? AND email IN ({marks})",  # noqa: S608 — placeholders only
                (day, *group),
            ):
                found[row["email"]] = tuple(json.loads(row["plans"]))
        return found

    def _look_up(self, emails: list[str]) -> dict[str, tuple[str, ...]]:
        """Emails → plans; an email whose credits could not all be counted is left out."""
        contact_of: dict[str, str] = {}
        for contact in self.client.query_contacts({"info.emails.email": {"$in": emails}}):
            primary = str((contact.get("primaryInfo") or {}).get("email") or "").casefold()
            items = (contact.get("info") or {}).get("emails", {}).get("items", [])
            for email in {primary, *(str(i.get("email", "")).casefold() for i in items)}:
                if email in emails and (email not in contact_of or email == primary):
                    contact_of[email] = contact["id"]
        result: dict[str, tuple[str, ...]] = {e: () for e in emails}
        if not contact_of:
            return result
        contacts = sorted(set(contact_of.values()))
        members = self.client.query_members({"contactId": {"$in": contacts}})
        member_of = {m["contactId"]: m["id"] for m in members if m.get("contactId")}
        member_ids = sorted({member_of[c] for c in contact_of.values() if c in member_of})
        if not member_ids:
            return result
        now = datetime.fromtimestamp(self.clock(), UTC)
        orders = [o for o in self.client.plan_orders(member_ids) if _current(o, now)]
        pools = self.client.pools(member_ids) if orders else []
        counted = [p for p in pools if _price(p) > 0 and p.get("status", "ACTIVE") == "ACTIVE"]
        balances = {b.get("id"): b for b in self.client.balances(member_ids)} if counted else {}
        held: dict[str, set[str]] = {}
        unsure: set[str] = set()
        for order in orders:
            member = (order.get("buyer") or {}).get("memberId", "")
            pool = _pool_of(order, pools)
            left = True  # no pool found: its credits cannot be counted; offer it
            if pool is not None:
                price = _price(pool)
                if pool.get("status", "ACTIVE") != "ACTIVE":
                    left = False
                elif price > 0:
                    if pool.get("id") not in balances:  # not counted: ask again next cycle
                        unsure.add(member)
                        continue
                    amount = balances[pool.get("id")].get("amount") or {}
                    left = float(amount.get("available") or 0) >= price
            if left:
                held.setdefault(member, set()).add(str(order.get("planName") or "").strip())
        for email, contact in contact_of.items():
            member = member_of.get(contact)
            if member in unsure:
                result.pop(email)
            elif member is not None:
                result[email] = tuple(sorted(p for p in held.get(member, ()) if p))
        return result


def _price(pool: dict[str, Any]) -> float:
    """Credits one session costs from the pool (0: an unlimited plan)."""
    benefit = ((pool.get("details") or {}).get("benefits") or [{}])[0]
    try:
        return float(benefit.get("price") or 0)
    except (TypeError, ValueError):
        return 0.0


def _current(order: dict[str, Any], now: datetime) -> bool:
    """An ACTIVE plan order whose period holds ``now``."""
    if order.get("status") not in (None, "ACTIVE"):
        return False
    for field, after in (("startDate", False), ("endDate", True)):
        text = order.get(field)
        if not text:
            continue
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        if (now > when) if after else (now < when):
            return False
    return True


def _pool_of(order: dict[str, Any], pools: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The credit pool of a plan order: the one whose program is that purchase (its
    ``program.externalId``), else the member's one pool of that plan."""
    for pool in pools:
        if (pool.get("program") or {}).get("externalId") == order.get("id"):
            return pool
    member = (order.get("buyer") or {}).get("memberId")
    same = [
        p
        for p in pools
        if (p.get("programDefinition") or {}).get("externalId") == order.get("planId")
        and (p.get("beneficiary") or {}).get("memberId") == member
    ]
    return same[0] if len(same) == 1 else None
