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

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
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


def run_demo(console: Console, folder: Path = Path("wixsync-demo")) -> None:
    from sync.config import load_config
    from sync.runtime import open_runtime, settings_from_config

    folder.mkdir(parents=True, exist_ok=True)
    today = datetime.now(ZoneInfo(TIME_ZONE)).strftime("%-m/%-d")
    sheet_path = folder / "attendance.xlsx"
    for stale in (
        sheet_path,
        folder / "state" / "state.sqlite3",
        folder / "state" / "sandbox.json",
    ):
        stale.unlink(missing_ok=True)
    LocalSheet(sheet_path).create(demo_rows(today))
    (folder / "wixsync.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(folder / "wixsync.toml")
    console.print(
        f"[bold]wixsync demo[/] — a local Wix serving the swim club, and the sheet "
        f"[cyan]{sheet_path}[/] with {len(demo_rows(today)) - 1} rows for today's "
        "06:30 Open Water Swim."
    )
    with open_runtime(settings_from_config(config)) as runtime:
        before = _credits(runtime.sandbox)
        with console.status("Syncing the sheet into Wix…"):
            report = runtime.engine.run_cycle()
        settle, settle_calls = 0, 0
        while settle < SETTLE_CYCLES and any(o.pending for o in report.outcomes.values()):
            with console.status("Waiting for Wix to settle the plan charges…"):
                later = runtime.engine.run_cycle()
            settle += 1
            settle_calls += later.wix_calls
            report.outcomes.update(later.outcomes)
        after = _credits(runtime.sandbox)
        console.print(_rows_table(LocalSheet(sheet_path).read(), settle))
        console.print(_wix_table(runtime.sandbox))
        console.print(_credits_table(before, after))
        console.print(f"{words.row_counts(report.counts)}; {report.wix_calls} Wix calls.")
        if settle:
            console.print(
                "Wix settles a plan charge a moment after it is sent: "
                f"{_more_cycles(settle)} read them settled ({settle_calls} Wix calls)."
            )
    console.print(
        f"\nNow edit [cyan]{sheet_path}[/] — change Jade's Payment from unpaid to cash, fix "
        "Amir's email, tick Kofi's Attended — save it, and run:\n\n"
        f"    wixsync sync --once --config {folder / 'wixsync.toml'}\n\n"
        "Only what changed is sent to Wix; nothing is booked or paid twice."
    )


def _more_cycles(n: int) -> str:
    return f"{n} more cycle" if n == 1 else f"{n} more cycles"


def _rows_table(grid: list[list[Any]], settle: int = 0) -> Table:
    header = [str(h) for h in grid[0]]
    show = ["Name", "Payment", "Booking ID", "Order ID", "Status", "Error"]
    title = "The sheet after one cycle"
    if settle:
        title += f" (and {_more_cycles(settle)} while plan charges settled)"
    table = Table(title=title, show_lines=False)
    for column in show:
        table.add_column(column, overflow="fold", max_width=42 if column == "Error" else None)
    for line in grid[1:]:
        cells = dict(zip(header, line, strict=False))
        table.add_row(
            *(
                _short(str(cells.get(c, "") or ""))
                if c.endswith("ID")
                else str(cells.get(c, "") or "")
                for c in show
            )
        )
    return table


def _short(text: str) -> str:
    return text[:8] + "…" if len(text) > 9 else text


def _wix_table(sandbox: Any) -> Table:
    site = sandbox.site
    table = Table(title="What Wix now holds for today's session")
    for column in ("Contact", "Booking", "Payment", "Linked order", "Order payment", "Attended"):
        table.add_column(column)
    from sync.sandbox.models import ecom

    today = site.today_local().date().isoformat()
    attendance = {a["bookingId"]: a["status"] for a in site.attendance.values()}
    for booking in site.bookings.values():
        if not booking["bookedEntity"]["slot"]["startDate"].startswith(today):
            continue
        order = ecom.linked_order(site, booking["id"]) or {}
        contact = booking["contactDetails"]
        table.add_row(
            f"{contact.get('firstName', '')} {contact.get('lastName', '')}".strip(),
            booking["status"],
            booking["paymentStatus"],
            order.get("number", "—"),
            order.get("paymentStatus", "—"),
            attendance.get(booking["id"], "—"),
        )
    return table


def _credits(sandbox: Any) -> dict[str, str]:
    site = sandbox.site
    found = {}
    for pool in site.pools.values():
        member = site.members[pool["beneficiary"]["memberId"]]
        unlimited = pool["details"]["benefits"][0].get("price") == "0"
        left = "unlimited" if unlimited else site.balances[pool["id"]]["amount"]["available"]
        found[f"{member['profile']['nickname']} · {pool['displayName']}"] = left
    return found


def _credits_table(before: dict[str, str], after: dict[str, str]) -> Table:
    table = Table(title="Plan credits")
    for column in ("Member · plan", "Before", "After"):
        table.add_column(column)
    for key in before:
        table.add_row(key, before[key], after.get(key, "?"))
    return table
