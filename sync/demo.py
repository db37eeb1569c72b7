"""``wixsync demo``: the first five minutes, with no credentials and no network.

Until the sync engine lands (issue 5) the demo starts the local Wix on loopback and shows,
through real Wix REST calls, what it serves: the club's classes, today's sessions, who is
already booked with which linked order, and which plans members hold.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import requests
from rich.console import Console
from rich.table import Table

from sync.sandbox import LoopbackServer, build_sandbox, describe


def _call(session: requests.Session, base: str, method: str, path: str, body: Any = None) -> Any:
    response = session.request(method, base + path, json=body, timeout=(2, 10))
    response.raise_for_status()
    return response.json()


def run_demo(console: Console) -> None:
    box = build_sandbox()
    info = describe(box.site)
    key = next(k for k in info["apiKeys"] if k["name"] == "sync")
    with LoopbackServer(box) as server:
        console.print(f"[bold]Local Wix[/] serving [cyan]{info['siteName']}[/] at {server.url}")
        session = requests.Session()
        session.headers.update({"Authorization": key["key"], "wix-site-id": info["siteId"]})
        base = server.url
        services = _call(
            session,
            base,
            "POST",
            "/_api/bookings/v2/services/query",
            {"query": {"filter": {"type": "CLASS"}}},
        )["services"]
        today = box.site.today_local().replace(hour=0, minute=0, second=0, microsecond=0)
        window = {
            "fromLocalDate": today.strftime("%Y-%m-%dT%H:%M:%S"),
            "toLocalDate": (today + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S"),
            "timeZone": info["timeZone"],
            "includeNonBookable": True,
            "serviceIds": [s["id"] for s in services],
        }
        slots = _call(
            session, base, "POST", "/_api/service-availability/v2/time-slots/event", window
        )["timeSlots"]
        table = Table(title=f"Today's sessions ({today:%a %d %b %Y}, {info['timeZone']})")
        for column in ("Class", "Starts", "Price", "Places left", "Bookable now"):
            table.add_column(column)
        prices = {s["id"]: s["payment"]["fixed"]["price"]["value"] for s in services}
        for slot in slots:
            table.add_row(
                slot["eventInfo"]["eventTitle"],
                slot["localStartDate"][11:16],
                prices[slot["serviceId"]],
                f"{slot['remainingCapacity']}/{slot['totalCapacity']}",
                "yes" if slot["bookable"] else "no (started or full)",
            )
        console.print(table)

        booked = _call(
            session,
            base,
            "POST",
            "/_api/bookings-reader/v2/extended-bookings/query",
            {
                "query": {
                    "filter": {
                        "bookedEntity.item.slot.eventId": {
                            "$in": [s["eventInfo"]["eventId"] for s in slots]
                        }
                    }
                },
                "withEcomOrder": True,
            },
        )["extendedBookings"]
        table = Table(title="Already booked online (with the order Wix links to each booking)")
        for column in ("Name", "Status", "Payment", "Order", "Order payment"):
            table.add_column(column)
        for item in booked:
            b, order = item["booking"], item.get("order") or {}
            table.add_row(
                f"{b['contactDetails'].get('firstName', '')} "
                f"{b['contactDetails'].get('lastName', '')}",
                b["status"],
                b["paymentStatus"],
                order.get("number", "—"),
                order.get("paymentStatus", "—"),
            )
        console.print(table)

        table = Table(title="Members and their plans")
        for column in ("Member", "Plan", "Status", "Credits left", "Ends"):
            table.add_column(column)
        for contact in info["contacts"]:
            if not contact["memberId"]:
                continue
            orders = _call(
                session, base, "GET", f"/pricing-plans/v2/orders?buyerIds={contact['memberId']}"
            )["orders"]
            for order in orders or [None]:
                if order is None:
                    table.add_row(contact["name"], "—", "", "", "")
                    continue
                pools = _call(
                    session,
                    base,
                    "POST",
                    "/benefit-programs/v1/pools/query",
                    {"query": {"filter": {"beneficiary.memberId": contact["memberId"]}}},
                )["pools"]
                left = "—"
                for pool in pools:
                    if pool.get("programDefinition", {}).get("externalId") != order["planId"]:
                        continue
                    benefits = pool.get("details", {}).get("benefits", [])
                    if benefits and benefits[0].get("price") == "0":
                        left = "unlimited"  # a benefit that costs no credit
                        continue
                    balance = _call(
                        session, base, "GET", f"/benefit-programs/v1/balances/{pool['id']}"
                    )["balance"]
                    left = balance.get("amount", {}).get("available", left)
                table.add_row(
                    contact["name"],
                    order["planName"],
                    order["status"],
                    str(left),
                    str(order.get("endDate", ""))[:10],
                )
        console.print(table)
        calls = len(box.log)
        console.print(
            f"{calls} Wix REST calls answered by the local Wix. "
            f"Run [bold]wixsync sandbox[/] to keep it serving on a port."
        )
