"""``wixsync demo``: the first five minutes — no credentials, no network.

It writes a demo folder holding an attendance sheet (a local ``.xlsx``) of about 30 rows for
today's Open Water Swim, a config file, and a local Wix (the sandbox, kept on disk); runs one
sync cycle with progress; shows each row's Booking ID, Order ID, Status and Error, and what Wix
now holds (bookings with their linked orders, plan credits before and after); and says how to
edit the sheet and run ``wixsync sync --once`` on it again.

Wix settles a plan charge a moment after it is sent, so a plan row reads "plan charge pending"
after the first cycle; the demo then runs a few more cycles (a read each, at most
``SETTLE_CYCLES``) until those charges settle, and says so, as the daemon would on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sync import words
from sync.sheet.localfile import LocalSheet

TIME_ZONE = "America/Denver"
HEADER = ["Date", "Time", "Class", "Name", "Email", "Payment", "Plan", "Attended"]
CONFIG = """\
# wixsync demo: the local Wix (sandbox) and a local sheet. See wixsync.example.toml.
[sheet]
file = "attendance.xlsx"

[wix]
sandbox = true
time_zone = "America/Denver"

[daemon]
state = "state/state.sqlite3"
"""
#: the most cycles the demo runs after the first one while plan charges settle
SETTLE_CYCLES = 3


def demo_rows(today: str) -> list[list[Any]]:
    ows, cls = "Open Water Swim", "06:30"
    people = [
        # the seed's contacts: plans, pre-booked, members
        ("Ana Lee", "ana.lee@example.org", "plan", "10 Swim Pass", "x"),
        ("Ben Ortiz", "ben.ortiz@example.org", "pass", "", "x"),  # no credits left
        ("Cara Nguyen", "cara.nguyen@example.org", "plan", "", "x"),  # unlimited
        ("Eve Martin", "eve.martin@example.org", "plan", "", "x"),  # two plans
        ("Gus Petrov", "gus.petrov@example.org", "", "", "x"),  # booked, paid online
        ("Hana Sato", "hana.sato@example.org", "cash", "", "x"),  # booked, pays now
        ("Ivan Novak", "ivan.novak@example.org", "cash", "", "x"),
        ("Jade Kim", "JADE.KIM@example.org ", "unpaid", "", "x"),
        ("Kofi Mensah", "kofi.mensah@example.org", "cash", "", ""),  # no-show
        ("Lena Berg", "lena.berg@example.org", "card", "", "yes"),
    ]
    newcomers = [
        ("Maya Okafor", "maya.okafor@example.org", "cash", "x"),
        ("Noah Fischer", "noah.f@example.org", "cash", "x"),
        ("Olivia Brandt", "olivia.brandt@example.org", "cash", "✓"),
        ("Pablo Ruiz", "pablo.ruiz@example.org", "cash", "x"),
        ("Quinn Harper", "quinn.harper@example.org", "unpaid", "x"),
        ("Rosa Delgado", "rosa.delgado@example.org", "cash", "x"),
        ("Sam Whitaker", "sam.whitaker@example.org", "cash", "no"),  # no-show
        ("Tara Singh", "tara.singh@example.org", "cash", "x"),
        ("Uma Patel", "uma.patel@example.org", "owes", "x"),
        ("Victor Hale", "victor.hale@example.org", "Cash", "x"),
        ("Wen Li", "wen.li@example.org", "cash", "x"),
        ("Xavier Moreau", "xavier.moreau@example.org", "cash", "x"),
        ("Yara Haddad", "yara.haddad@example.org", "cash", "x"),
        ("Zoe Quinn", "zoe.quinn@example.org", "cash", "x"),
    ]
    rows: list[list[Any]] = [HEADER]
    for name, email, pay, plan, came in people:
        rows.append([today, cls, ows, name, email, pay, plan, came])
    for name, email, pay, came in newcomers:
        rows.append([today, cls, ows, name, email, pay, "", came])
    rows += [  # typing mistakes a phone keyboard makes
        [today, cls, ows, "Amir Said", "amir.said@@example.org", "cash", "", "x"],
        [today, cls, "Open Water Swm", "Bea Costa", "bea.costa@example.org", "cash", "", "x"],
        ["31/31", cls, ows, "Carl Jung", "carl.jung@example.org", "cash", "", "x"],
        [today, cls, ows, "Dora Mills", "dora.mills@example.org", "csah", "", "x"],
        [today, cls, ows, "Ivan Novak", "ivan.novak@example.org", "cash", "", "x"],  # twice
    ]
    return rows


class DemoStopped(Exception):
    """The demo's cycle stopped at a brake (another wixsync holds the sheet, say)."""


def run_demo(
    console: Console,
    folder: Path = Path("wixsync-demo"),
    reset: bool = False,
    *,
    quiet: int = 0,
) -> None:
    """One cycle of the demo. A folder made before is kept as it is — the sheet with the
    user's edits, the state, the local Wix — and synced again; ``reset`` makes it afresh.
    ``quiet`` (the ``-q`` count): 1 prints only the line of counts, 2 nothing."""
    from sync.config import load_config
    from sync.runtime import open_runtime, settings_from_config

    show = console.print if not quiet else _nothing
    status = console.status if not quiet else _no_status
    counts = console.print if quiet < 2 else _nothing  # -q keeps the line of counts

    sheet_path = folder / "attendance.xlsx"
    kept = not reset and sheet_path.is_file() and (folder / "wixsync.toml").is_file()
    if kept:
        show(f"Kept [cyan]{folder}/[/] as you left it; `wixsync demo --reset` starts afresh.")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        today = datetime.now(ZoneInfo(TIME_ZONE)).strftime("%-m/%-d")
        from sync.sheet.lease import FileLeaseStore

        for stale in (
            sheet_path,
            FileLeaseStore(sheet_path).path,  # the old state's claim on the old sheet
            folder / "state" / "state.sqlite3",
            folder / "state" / "sandbox.json",
        ):
            stale.unlink(missing_ok=True)
        LocalSheet(sheet_path).create(demo_rows(today))
        (folder / "wixsync.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(folder / "wixsync.toml")
    rows = len(LocalSheet(sheet_path).read()) - 1
    show(
        f"[bold]wixsync demo[/] — a local Wix serving the swim club, and the sheet "
        f"[cyan]{sheet_path}[/] with {rows} rows for today's 06:30 Open Water Swim."
    )
    with open_runtime(settings_from_config(config)) as runtime:
        before = _credits(runtime.sandbox)
        with status("Syncing the sheet into Wix…"):
            report = runtime.engine.run_cycle()
        if report.brake:
            raise DemoStopped(report.brake)
        settle, settle_calls = 0, 0
        while settle < SETTLE_CYCLES and any(o.pending for o in report.outcomes.values()):
            with status("Waiting for Wix to settle the plan charges…"):
                later = runtime.engine.run_cycle()
            settle += 1
            settle_calls += later.wix_calls
            report.outcomes.update(later.outcomes)
        after = _credits(runtime.sandbox)
        show(_rows_table(LocalSheet(sheet_path).read(), settle, console.width))
        for line in _wix_lines(runtime.sandbox):
            show(line)
        show(_credits_line(before, after))
        calls = f"{report.wix_calls} Wix call{'' if report.wix_calls == 1 else 's'}"
        counts(f"{words.row_counts(report.counts)}; {calls}.")
        if settle:
            show(
                "Wix settles a plan charge a moment after it is sent: "
                f"{_more_cycles(settle)} read them settled "
                f"({words.plural(settle_calls, 'Wix call')})."
            )
    show(
        f"\nNow edit [cyan]{sheet_path}[/] — change Jade's Payment from unpaid to cash, fix "
        "Amir's email, tick Kofi's Attended — save it, and run:\n\n"
        f"    wixsync sync --once --config {folder / 'wixsync.toml'}\n\n"
        "Only what changed is sent to Wix; nothing is booked or paid twice."
    )


def _nothing(*_args: object, **_kwargs: object) -> None:
    return None


@contextmanager
def _no_status(*_args: object, **_kwargs: object) -> Iterator[None]:
    yield


def _more_cycles(n: int) -> str:
    return f"{n} more cycle" if n == 1 else f"{n} more cycles"


#: from this console width on, the sheet's table also shows the Booking and Order IDs
WIDE = 110


def _rows_table(grid: list[list[Any]], settle: int = 0, width: int = 80) -> Table:
    """The sheet's rows, one line each where it fits: the Status without the session both
    name (the title says it), an Error in red in its place; IDs only on a wide console."""
    header = [str(h) for h in grid[0]]
    lines = [dict(zip(header, line, strict=False)) for line in grid[1:]]
    statuses = [str(c.get("Status") or "") for c in lines]
    when = _common_when(statuses)
    title = "The sheet after one cycle"
    if settle:
        title += f" (and {_more_cycles(settle)} while plan charges settled)"
    caption = f"(each Status starts “Booked · {when} ·”: the rest is shown)" if when else None
    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Row", justify="right")
    table.add_column("Name", no_wrap=True)
    table.add_column("Payment", no_wrap=True)
    wide = width >= WIDE
    if wide:
        table.add_column("Booking ID", no_wrap=True)
        table.add_column("Order ID", no_wrap=True)
    table.add_column("Status or Error")
    for number, (cells, status) in enumerate(zip(lines, statuses, strict=True), start=2):
        error = str(cells.get("Error") or "")
        if when and status.startswith(f"Booked · {when} · "):
            status = status[len(f"Booked · {when} · ") :]
        said = f"[red]{escape(error)}[/]" if error else escape(status)
        ids = [_short(str(cells.get(c) or "")) for c in ("Booking ID", "Order ID")]
        name, pay = (escape(str(cells.get(c) or "")) for c in ("Name", "Payment"))
        table.add_row(str(number), name, pay, *(ids if wide else []), said)
    return table


def _common_when(statuses: list[str]) -> str:
    """The session every booked row's Status names ("Tue 1 Dec 06:30"), if they all name one."""
    found = {s.split(" · ")[1] for s in statuses if s.startswith("Booked · ") and " · " in s[9:]}
    return found.pop() if len(found) == 1 else ""


def _short(text: str) -> str:
    return text[:8] + "…" if len(text) > 9 else text


def _wix_lines(sandbox: Any) -> list[str]:
    """What Wix holds for today's session, counted, with the names of the exceptions."""
    from sync.sandbox.models import ecom

    site = sandbox.site
    today = site.today_local().date().isoformat()
    attendance = {a["bookingId"]: a["status"] for a in site.attendance.values()}
    confirmed, linked = 0, 0
    unpaid: list[str] = []
    came: list[str] = []
    missed: list[str] = []
    unmarked: list[str] = []
    for booking in site.bookings.values():
        if not booking["bookedEntity"]["slot"]["startDate"].startswith(today):
            continue
        contact = booking["contactDetails"]
        name = f"{contact.get('firstName', '')} {contact.get('lastName', '')}".strip()
        confirmed += booking["status"] == "CONFIRMED"
        order = ecom.linked_order(site, booking["id"]) or {}
        linked += bool(order)
        if order.get("paymentStatus") != "PAID":
            unpaid.append(name)
        mark = attendance.get(booking["id"])
        (came if mark == "ATTENDED" else missed if mark == "NOT_ATTENDED" else unmarked).append(
            name
        )
    total = len(came) + len(missed) + len(unmarked)

    def who(names: list[str]) -> str:
        return f" ({', '.join(names)})" if names else ""

    return [
        f"[bold]What Wix now holds for today's session[/]: {total} bookings, {confirmed} "
        f"confirmed, {linked} with their linked order",
        f"  paid {total - len(unpaid)} · not paid {len(unpaid)}{escape(who(unpaid))}",
        f"  checked in {len(came)} · no-show {len(missed)}{escape(who(missed))} · not "
        f"marked {len(unmarked)}{escape(who(unmarked))}",
    ]


def _credits(sandbox: Any) -> dict[str, str]:
    site = sandbox.site
    found = {}
    for pool in site.pools.values():
        member = site.members[pool["beneficiary"]["memberId"]]
        unlimited = pool["details"]["benefits"][0].get("price") == "0"
        left = "unlimited" if unlimited else site.balances[pool["id"]]["amount"]["available"]
        found[f"{member['profile']['nickname']}'s {pool['displayName']}"] = left
    return found


def _credits_line(before: dict[str, str], after: dict[str, str]) -> str:
    changed = [
        f"{k} {before[k]} → {after.get(k, '?')}" for k in before if after.get(k) != before[k]
    ]
    same = len(before) - len(changed)
    said = "; ".join(changed) if changed else "none used"
    return escape(f"Plan credits: {said} (the other {same} plans as they were).")
