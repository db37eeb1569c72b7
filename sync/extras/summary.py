"""The owner's summary tab, as a grid: built from what the daemon already holds, no I/O.

Per session (class, day, time), newest first: attendees by how they paid, the cash box
(cash to collect against cash recorded in Wix), plan credits used, who still owes and how
much, who did not show; then every row in error with its message and a link to its row.

Where each figure comes from (each row's journal record is what the daemon did in Wix):

* **kind** of a booked row — ``paid_via`` in the journal: a plan charged (settled), a plan
  charge *pending* (sent, Wix has not settled it: the row is at CHARGING), paid online (a
  booking found already paid), cash recorded (mark-as-paid / Add Payments) — or, for an
  in-person payment by another method (``paid_method``: card, cheque, bank transfer, the
  club's own word), *in person, not cash*; booked and not paid is *owes* (a declined plan
  charge too); a cancelled booking (or a cancel row) is *cancelled*. A row with no booking
  (not valid yet, or Wix refused it) is *not booked* and is listed under the rows to fix
  instead of counted.
* **cash to collect** — the booked rows whose Payment says cash (the volunteer took the
  money), not paid online, by a plan or by another method: what the cash box should hold.
  **Cash recorded** — the rows whose cash payment the daemon recorded in Wix. Each is priced
  at its order's balance while one is owed (``amount_due``), else at the class's price (Wix's
  service). Card, cheque and transfer payments never count as cash: they have their own
  lines (**other payments recorded**, **other payments not in Wix yet**), by method.
* **plan credits used** — rows whose plan charge Wix settled, by plan name; a charge still
  pending is counted apart (**plan charge pending**), never as a credit used.
* **still owes** — booked rows whose order is not paid, with ``amount_due``.
* **did not show** — attendance recorded as ``NOT_ATTENDED``.
* **rows to fix** — the rows whose Error (after this cycle) waits for a person; per session,
  and in all, with how many are in no session (a row that does not parse, or names no
  class of Wix's); a row Wix failed for, tried again by itself, is *waiting for Wix*
  instead — never both (``sync.engine.counts``).

Amounts are text with two decimals (``"15.00"``), counts are numbers. Nothing here is a
formula: a link is the row's URL as plain text, which Google Sheets shows as a link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from sync.flows.attendee import Attendee, Payment, method_said
from sync.sheet.base import Cell
from sync.state import Point, RowRecord

#: the "Last updated" cell (row, column): left out of the comparison that skips a write
UPDATED_AT = (1, 1)
TITLE = "Summary"
#: ``paid_via`` of a payment taken in person and recorded in Wix (by any method)
IN_PERSON_VIAS = frozenset(
    {"mark_as_paid", "mark_as_paid_pending", "add_payment", "add_payment_unconfirmed", "cash"}
)
CASH_VIAS = IN_PERSON_VIAS  # kept for callers of the old name
#: ``paid_via`` of a plan charge (a declined one, ``plan_declined``, is not among them)
PLAN_VIAS = frozenset({"plan_checkout", "plan_billing"})
KINDS = ("cash", "other", "plan", "plan pending", "online", "owes", "cancelled")
KIND_LABELS = {
    "cash": "Cash",
    "other": "In person, not cash",
    "plan": "Plan",
    "plan pending": "Plan charge pending",
    "online": "Paid online",
    "owes": "Owes",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class RowFacts:
    """One sheet row as the summary sees it."""

    row: int  # the row number people see (1 = the header)
    name: str
    error: str = ""  # the Error column after this cycle
    attendee: Attendee | None = None  # None: the row does not parse
    record: RowRecord | None = None  # the journal's record, if the daemon worked on it
    #: the Error is Wix (or the network) failing: tried again by itself, not a row to fix
    waiting: bool = False

    @property
    def to_fix(self) -> bool:
        return bool(self.error) and not self.waiting


@dataclass(frozen=True)
class ClassInfo:
    """A class as Wix names and prices it."""

    name: str
    price: Decimal | None = None


@dataclass(frozen=True)
class SessionKey:
    class_name: str
    day: date
    at: time | None

    @property
    def label(self) -> str:
        """ "Mon 15 Jun 06:30 · Open Water Swim", as the Class dropdown names a session."""
        at = f" {self.at:%H:%M}" if self.at else ""
        return f"{self.day:%a} {self.day.day} {self.day:%b}{at} · {self.class_name}"


def kind(facts: RowFacts) -> str:
    """How a row stands in Wix: cash, other (in person, not cash), plan, plan pending,
    online, owes, cancelled — or "not booked"."""
    a, r = facts.attendee, facts.record
    if (r is not None and r.point == Point.CANCELLED) or (a and a.payment == Payment.CANCEL):
        return "cancelled"
    if r is None or not r.booking_id:
        return "not booked"
    via = r.paid_via or ""
    if via in PLAN_VIAS:
        return "plan pending" if r.point == Point.CHARGING else "plan"
    if via == "online":
        return "online"
    if via in IN_PERSON_VIAS:
        return "cash" if _is_cash(r.paid_method) else "other"
    return "owes"  # not paid, or a plan charge Wix declined


def method_of(facts: RowFacts) -> str:
    """The in-person method of a row: the one recorded in Wix, else the one written."""
    recorded = facts.record.paid_method if facts.record else None
    written = facts.attendee.method if facts.attendee else None
    return (recorded or written or "cash").strip().casefold()


def _is_cash(method: str | None) -> bool:
    return (method or "cash").strip().casefold() == "cash"


def _methods(rows: Iterable[RowFacts]) -> str:
    """ "card 2 · cheque 1": the methods of in-person rows, as the Status names them."""
    counts: dict[str, int] = defaultdict(int)
    for facts in rows:
        counts[method_said(method_of(facts)).removeprefix("by ")] += 1
    return " · ".join(f"{name} {n}" for name, n in sorted(counts.items()))


def money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(str(text)) if text not in (None, "") else None
    except ArithmeticError:
        return None


def _sessions(
    rows: Iterable[RowFacts], classes: Mapping[str, ClassInfo]
) -> dict[SessionKey, list[RowFacts]]:
    """Rows by session. A row written without the time joins its class's only timed session
    that day, so "6:30" and "" rows of a once-a-day class are one session. When Wix's classes
    are known, a row naming no class of Wix's, and booked nowhere, is in no session (it is
    among the rows to fix)."""
    groups: dict[SessionKey, list[RowFacts]] = defaultdict(list)
    for facts in rows:
        a = facts.attendee
        if a is None:
            continue
        info = classes.get(a.class_name.strip().casefold())
        if classes and info is None and not (facts.record and facts.record.booking_id):
            continue
        name = info.name if info else a.class_name.strip()
        groups[SessionKey(name, a.session_date, a.session_time)].append(facts)
    for key in [k for k in groups if k.at is None]:
        timed = [k for k in groups if k.at and (k.class_name, k.day) == (key.class_name, key.day)]
        if len(timed) == 1:
            groups[timed[0]].extend(groups.pop(key))
    return groups


def _price(facts: RowFacts, classes: Mapping[str, ClassInfo]) -> Decimal | None:
    """What the row's order costs: the balance still owed, else the class's price."""
    due = _decimal(facts.record.amount_due) if facts.record else None
    if due is not None:
        return due
    assert facts.attendee is not None
    info = classes.get(facts.attendee.class_name.strip().casefold())
    return info.price if info else None


def _total(rows: Sequence[RowFacts], classes: Mapping[str, ClassInfo]) -> str:
    prices = [_price(f, classes) for f in rows]
    known = sum((p for p in prices if p is not None), Decimal(0))
    unknown = sum(1 for p in prices if p is None)
    return money(known) + (f" + {unknown} at an unknown price" if unknown else "")


def _names(rows: Iterable[RowFacts]) -> str:
    return ", ".join(f.name for f in sorted(rows, key=lambda f: f.row))


def session_lines(
    key: SessionKey, rows: Sequence[RowFacts], classes: Mapping[str, ClassInfo]
) -> list[list[Cell]]:
    """One session's block: label, then figure lines of (label, value, detail)."""
    by_kind: dict[str, list[RowFacts]] = defaultdict(list)
    for facts in rows:
        by_kind[kind(facts)].append(facts)
    booked = [f for k in KINDS if k != "cancelled" for f in by_kind[k]]
    lines: list[list[Cell]] = [[key.label, "", ""], ["Attendees", len(booked), ""]]
    details = {"other": _methods(by_kind["other"]), "plan pending": _plans(by_kind["plan pending"])}
    lines += [[f"  {KIND_LABELS[k]}", len(by_kind[k]), details.get(k, "")] for k in KINDS]
    if by_kind["not booked"]:
        lines.append(["  Not booked (see rows to fix)", len(by_kind["not booked"]), ""])
    # taken at the door: the volunteer wrote cash (or card, cheque…) and Wix has it or not
    at_door = [
        f
        for f in by_kind["cash"] + by_kind["other"] + by_kind["owes"]
        if f.attendee is not None and f.attendee.payment == Payment.CASH
    ]
    to_collect = [
        f for f in at_door if kind(f) == "cash" or (kind(f) == "owes" and _is_cash(method_of(f)))
    ]
    recorded = by_kind["cash"]
    lines.append(["Cash to collect", _total(to_collect, classes), _count(to_collect)])
    lines.append(["Cash recorded", _total(recorded, classes), _count(recorded)])
    missing = [f for f in to_collect if kind(f) == "owes"]  # written cash, Wix: unpaid
    if missing:
        lines.append(["Cash not in Wix yet", _total(missing, classes), _names(missing)])
    other = by_kind["other"]
    other_missing = [f for f in at_door if kind(f) == "owes" and not _is_cash(method_of(f))]
    if other:
        lines.append(["Other payments recorded", _total(other, classes), _methods(other)])
    if other_missing:
        lines.append(
            ["Other payments not in Wix yet", _total(other_missing, classes), _names(other_missing)]
        )
    lines.append(["Plan credits used", len(by_kind["plan"]), _plans(by_kind["plan"])])
    owes = sorted(by_kind["owes"], key=lambda f: f.row)
    lines.append(["Still owes", len(owes), _total(owes, classes) if owes else ""])
    for facts in owes:
        price = _price(facts, classes)
        lines.append(
            [f"  {facts.name}", money(price) if price is not None else "?", _owes_note(facts)]
        )
    absent = [f for f in booked if f.record and f.record.attendance == "NOT_ATTENDED"]
    lines.append(["Did not show", len(absent), _names(absent)])
    to_fix = [f for f in rows if f.to_fix]
    lines.append(["Rows to fix in this session", len(to_fix), _rows_named(to_fix)])
    waiting = [f for f in rows if f.error and f.waiting]
    if waiting:
        lines.append(["Rows waiting for Wix", len(waiting), _rows_named(waiting)])
    return lines


def _plans(rows: Iterable[RowFacts]) -> str:
    """ "10 Swim Pass 2 · Unlimited Summer 1": plan rows by plan name."""
    plans: dict[str, int] = defaultdict(int)
    for facts in rows:
        plans[(facts.record.plan_name if facts.record else None) or "plan"] += 1
    return " · ".join(f"{name} {n}" for name, n in sorted(plans.items()))


def _owes_note(facts: RowFacts) -> str:
    """Why a row still owes, when the sheet says it should not."""
    if facts.record is not None and facts.record.paid_via == "plan_declined":
        return "plan charge declined"
    if facts.attendee and facts.attendee.payment == Payment.CASH:
        said = method_said(method_of(facts)).removeprefix("by ")
        return f"{said} written, not recorded"
    return ""


def _count(rows: Sequence[RowFacts]) -> str:
    return f"{len(rows)} {'person' if len(rows) == 1 else 'people'}"


def _rows_named(rows: Sequence[RowFacts]) -> str:
    return ", ".join(f"row {f.row}" for f in sorted(rows, key=lambda f: f.row))


def build_summary(
    rows: Sequence[RowFacts],
    *,
    classes: Mapping[str, ClassInfo] | None = None,
    link: Callable[[int], str | None] = lambda _row: None,
    updated: str = "",
    title: str = TITLE,
) -> list[list[Cell]]:
    """The summary tab's grid, three columns wide (label, value, detail), for a phone.

    ``classes``: class name as typed (case-folded) → Wix's name and price; ``link``: the URL
    of a sheet row (``None`` for a local file); ``updated``: the "Last updated" text, which
    sits at :data:`UPDATED_AT`."""
    classes = classes or {}
    grid: list[list[Cell]] = [[title, "", ""], ["Last updated", updated, ""]]
    sessions = _sessions(rows, classes)
    order = sorted(
        sessions,
        key=lambda k: (-k.day.toordinal(), k.at or time.min, k.class_name.casefold()),
    )
    if not order:
        grid += [["", "", ""], ["No sessions in the sheet yet", "", ""]]
    for key in order:
        grid.append(["", "", ""])
        grid += session_lines(key, sessions[key], classes)
    in_sessions = {f.row for group in sessions.values() for f in group}
    for title_, chosen in (
        ("Rows to fix", [f for f in rows if f.to_fix]),
        ("Rows waiting for Wix", [f for f in rows if f.error and f.waiting]),
    ):
        chosen = sorted(chosen, key=lambda f: f.row)
        if not chosen and title_ != "Rows to fix":
            continue
        outside = sum(1 for f in chosen if f.row not in in_sessions)
        where = (
            f"{len(chosen) - outside} in the sessions above · {outside} in no session"
            if outside and order
            else ""
        )
        grid += [["", "", ""], [title_, len(chosen), where]]
        for facts in chosen:
            label = f"Row {facts.row} · {facts.name}" if facts.name else f"Row {facts.row}"
            grid.append([label, facts.error, link(facts.row) or ""])
    return grid
