"""``status``, ``plan``, ``sync`` and ``doctor`` as an owner reads them: rows by their number in
the sheet (not the hidden Row ID), rows deleted from the sheet left out, 80 columns, times in
the club's time zone — and ``--json`` in the shape the README documents ("--json")."""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from sync.cli import main
from sync.flows.strategy import OrderVia, Strategies
from sync.sheet.localfile import LocalSheet
from sync.state import Journal, connect
from tests.cli.world import ZONE, today_label
from tests.docs.messages import section
from tests.fakes.club_config import sandbox_config

HEADER = ["Date", "Time", "Class", "Name", "Email", "Payment", "Plan", "Attended"]


def _line(name: str, payment: str = "cash", email: str = "") -> list[str]:
    email = email or f"{name.split()[0].lower()}@example.org"
    return [today_label(), "06:30", "Open Water Swim", name, email, payment, "", ""]


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """A club on a local sheet and the local Wix: four rows, two of them with a typo."""
    LocalSheet(tmp_path / "attendance.csv").create(
        [
            HEADER,
            _line("Hana Sato"),
            _line("Ivan Novak", payment="csah"),
            _line("Amir Said", email="amir@@example.org"),
            _line("Ben Ortiz"),
        ]
    )
    sandbox_config(tmp_path, zone=ZONE)
    return tmp_path


def _run(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, [*args, "--config", str(folder / "wixsync.toml")], env={"COLUMNS": "80"}
    )


def _json(result: Result) -> Any:
    return json.loads(result.stdout)


def _delete_row(folder: Path, name: str) -> None:
    path = folder / "attendance.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle) if len(r) < 4 or r[3] != name]
    LocalSheet(path).create(rows)


def test_status_names_rows_by_their_number_and_forgets_deleted_ones(sheet: Path) -> None:
    assert _run(sheet, "sync").exit_code == 3  # two rows wait for a person
    said = _run(sheet, "status").output
    assert "Rows waiting for a person (2):" in said
    assert re.search(r"row 3 +Payment 'csah' is not one of", said), said
    assert re.search(r"row 4 +Email 'amir@@example.org' has more than one @", said), said
    _delete_row(sheet, "Ivan Novak")  # the row below moves up
    _run(sheet, "sync")
    said = _run(sheet, "status").output
    assert "Rows waiting for a person (1):" in said, said
    assert "csah" not in said
    assert re.search(r"row 3 +Email 'amir@@example.org'", said), said
    assert not re.search(r"\b[0-9a-f]{8}-[0-9a-f]{4}-", said), "a hidden Row ID is shown"


def test_status_fits_80_columns_with_whole_times_in_the_clubs_zone(sheet: Path) -> None:
    _run(sheet, "sync")
    result = _run(sheet, "status")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, result.stdout
    assert not any(line != line.rstrip() for line in lines if "Rows" in line or "row " in line)
    started = _json(_run(sheet, "status", "--json"))["runs"][0]["started_at"]
    local = datetime.fromisoformat(started).astimezone(ZoneInfo(ZONE))
    assert f"{local:%a} {local.day} {local:%b %H:%M}" in result.stdout  # whole, on one line
    assert f"Recent runs ({ZONE} time)" in result.stdout


def test_status_json_has_the_documented_shape(sheet: Path) -> None:
    _run(sheet, "sync")
    document = _json(_run(sheet, "status", "--json"))
    assert set(document) == {
        "version", "schema", "state", "time_zone", "runs", "last_cycle", "rows_waiting",
        "archived", "orders_via", "warnings",
    }  # fmt: skip
    (run,) = document["runs"]
    assert set(run) == {
        "run", "started_at", "finished_at", "rows", "synced", "to_fix", "waiting_wix",
        "unchanged", "wix_calls", "result",
    }  # fmt: skip
    assert run["rows"] == run["synced"] + run["to_fix"] + run["waiting_wix"] + run["unchanged"]
    assert (run["rows"], run["synced"], run["to_fix"], run["result"]) == (4, 2, 2, "ok")
    assert datetime.fromisoformat(run["started_at"]).utcoffset() == UTC.utcoffset(None)
    assert document["last_cycle"] == {k: run[k] for k in document["last_cycle"]}
    assert [(w["row"], w["stands"]) for w in document["rows_waiting"]] == [
        (3, "to fix"),
        (4, "to fix"),
    ]
    assert set(document["rows_waiting"][0]) == {"row", "row_id", "stands", "error", "status"}
    assert document["time_zone"] == ZONE
    assert document["archived"] == []  # no season archive here
    assert (document["orders_via"], document["warnings"]) == ("cart_v2", [])


@pytest.mark.parametrize(
    ("today", "warned"), [(date(2027, 1, 31), True), (date(2027, 2, 1), False)]
)
def test_status_warns_while_orders_ride_the_old_checkout_wix_removes(
    sheet: Path, monkeypatch: pytest.MonkeyPatch, today: date, warned: bool
) -> None:
    """A key that may not use Cart V2 left the site on the old checkout: ``status`` says
    until when, and what to give the key. From the removal day on, orders go by Cart V2
    (the rows say so if the key is still refused), and status no longer warns."""
    _run(sheet, "sync")
    db = connect(sheet / "state" / "state.sqlite3")
    Strategies(order=OrderVia.CHECKOUT_V1).save(Journal(db))
    db.commit()
    db.close()
    status_module = sys.modules["sync.cli.status"]  # the package's name is the command
    monkeypatch.setattr(status_module, "_today", lambda _zone: today)
    said = _run(sheet, "status").output
    document = _json(_run(sheet, "status", "--json"))
    if warned:
        assert "Wix removes the old checkout on 1 Feb 2027 (in 1 day)" in " ".join(said.split())
        assert document["orders_via"] == "checkout_v1"
        (warning,) = document["warnings"]
        assert "ecom:v2:cart:create_cart and ecom:v2:cart:place_order" in warning
    else:
        assert "old checkout" not in said
        assert (document["orders_via"], document["warnings"]) == ("cart_v2", [])


def test_plan_and_sync_json_have_the_documented_shape(sheet: Path) -> None:
    planned = _json(_run(sheet, "plan", "--json"))
    assert set(planned) == {"brake", "counts", "actions", "start_date", "left_alone"}
    assert planned["counts"] == {
        "rows": 4, "synced": 2, "to_fix": 2, "waiting_wix": 0, "unchanged": 0,
    }  # fmt: skip
    syncs = [a for a in planned["actions"] if a["action"] == "sync"]
    assert [a["row"] for a in syncs] == [2, 5]
    assert set(syncs[0]) == {
        "row", "action", "why", "name", "email", "class", "date", "time", "payment", "plan",
    }  # fmt: skip
    first = syncs[0]
    assert (first["name"], first["time"], first["payment"]) == ("Hana Sato", "06:30", "cash")
    reports = [a for a in planned["actions"] if a["action"] == "report"]
    assert [(a["row"], len(a["messages"])) for a in reports] == [(3, 1), (4, 1)]
    result = _run(sheet, "sync", "--json")
    assert result.exit_code == 3
    synced = _json(result)
    assert set(synced) == {"brake", "counts", "wix_calls", "rows", "changed_while_syncing"}
    assert [r["row"] for r in synced["rows"]] == [2, 3, 4, 5]
    assert synced["rows"][0]["booking_id"]
    assert synced["rows"][0]["status"].startswith("Booked")
    assert synced["rows"][1]["error"].startswith("Payment 'csah'")
    assert synced["wix_calls"] > 0


def test_doctor_json_has_the_documented_shape(sheet: Path) -> None:
    result = _run(sheet, "doctor", "--json")  # the config's local Wix: no key to export
    assert result.exit_code == 0, result.output
    document = _json(result)
    assert set(document) == {
        "ok", "checks", "rehearsal", "left_on_site", "state", "remembered", "tried_again",
    }  # fmt: skip
    assert document["tried_again"] == []  # the rows' errors are their cells' (typos)
    assert document["ok"] is True
    first = document["checks"][0]
    assert set(first) == {"check", "result", "detail", "fix"}
    assert (first["check"], first["result"]) == ("API key and site id", "ok")
    assert document["remembered"]["order"] == "cart_v2"
    assert document["state"] == str(sheet / "state" / "state.sqlite3")


def test_every_documented_key_is_in_the_readme() -> None:
    text = section("Commands")
    for key in ("rows_waiting", "left_alone", "changed_while_syncing", "left_on_site", "stands"):
        assert f'"{key}"' in text, key


def _rewrite(folder: Path, edit: Any) -> None:
    """The local sheet's rows (header first) through ``edit``, written back."""
    path = folder / "attendance.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    LocalSheet(path).create(edit(rows))


def test_plan_shows_a_note_on_a_cancelled_row_a_deleted_rows_booking_still_holds(
    sheet: Path,
) -> None:
    """Hana cancelled on row 2, booked again on a new row, that row deleted: `plan` says
    what the cancelled row will be told (a note, not a report), `sync` writes it."""
    _run(sheet, "sync")

    def cancel(rows: list[list[str]]) -> list[list[str]]:
        rows[1][5] = "cancel"
        return rows

    _rewrite(sheet, cancel)
    _run(sheet, "sync")
    _rewrite(sheet, lambda rows: [*rows, _line("Hana Sato")])
    _run(sheet, "sync")
    _rewrite(sheet, lambda rows: rows[:-1])
    planned = _json(_run(sheet, "plan", "--json"))
    (note,) = [a for a in planned["actions"] if a["action"] == "note"]
    assert note["row"] == 2
    assert note["messages"][0].startswith("Hana Sato is still booked for this session in Wix")
    shown = _run(sheet, "plan").output
    assert re.search(r"│ 2 +│ note", shown), shown
    _run(sheet, "sync")
    said = _run(sheet, "status").output
    assert re.search(r"row 2 +Hana Sato is still booked", said), said


def test_status_find_names_where_a_row_is_in_80_columns(sheet: Path) -> None:
    _run(sheet, "sync")
    said = _run(sheet, "status", "--find", "hana")
    assert said.exit_code == 0, said.output
    lines = said.stdout.splitlines()
    assert lines[0] == "Rows matching 'hana' (1):"
    assert max(len(line) for line in lines) <= 80, said.stdout
    assert re.search(r"attendance tab, row 2 +Hana Sato ", said.stdout), said.stdout
    (found,) = _json(_run(sheet, "status", "--find", "HANA@EXAMPLE.ORG", "--json"))["found"]
    assert set(found) == {
        "row_id", "where", "tab", "row", "name", "session", "booking_id", "order_id",
        "status", "error",
    }  # fmt: skip
    assert (found["where"], found["row"], found["name"]) == ("attendance", 2, "Hana Sato")
    assert found["booking_id"]
    assert found["status"].startswith("Booked")
    _delete_row(sheet, "Hana Sato")
    _run(sheet, "sync")
    (gone,) = _json(_run(sheet, "status", "--find", found["booking_id"], "--json"))["found"]
    assert (gone["where"], gone["row"]) == ("gone", None)


def test_status_lists_no_row_waiting_once_every_row_left_the_sheet(sheet: Path) -> None:
    _run(sheet, "sync")
    for name in ("Hana Sato", "Ivan Novak", "Amir Said", "Ben Ortiz"):
        _delete_row(sheet, name)
    _run(sheet, "sync")
    document = _json(_run(sheet, "status", "--json"))
    assert document["runs"][0]["rows"] == 0, document["runs"][0]
    assert document["rows_waiting"] == []
    (gone,) = _json(_run(sheet, "status", "--find", "hana", "--json"))["found"]
    assert gone["where"] == "gone"
