"""Issue 16: a long cycle writes its rows to the sheet as groups of them are done — through
real gspread against the fake Google Sheet, and the local Wix — while a short cycle keeps
its two reads and one write, and a row typed into meanwhile is never written over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sync.config import load_config
from sync.demo import demo_rows
from sync.runtime import Runtime, open_runtime, settings_from_config
from tests.fakes.club_config import sandbox_config
from tests.fakes.sheets import FakeSheets, FakeSheetsServer, build_fake_sheets
from tests.fakes.sheets import fake_service_account_info as service_account

TAB = "Attendance"


@pytest.fixture
def sheets() -> Iterator[tuple[FakeSheets, FakeSheetsServer]]:
    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    with FakeSheetsServer(fake) as server:
        yield fake, server


def _runtime(tmp_path: Path, server: FakeSheetsServer, key: str) -> Any:
    credentials = tmp_path / "sa.json"
    credentials.write_text(json.dumps(service_account(server.token_uri)))
    credentials.chmod(0o600)
    config = sandbox_config(
        tmp_path, f'google = "{key}"\ncredentials = "sa.json"\napi_url = "{server.url}"'
    )
    return open_runtime(settings_from_config(load_config(config)))


def _today() -> str:
    return datetime.now(ZoneInfo("America/Denver")).strftime("%-m/%-d")


def _booking_ids(fake: FakeSheets, key: str) -> list[str]:
    grid = fake.values(key, TAB)
    col = grid[0].index("Booking ID")
    return [str(line[col]) if len(line) > col else "" for line in grid[1:]]


def _writes_as_they_happen(runtime: Runtime, fake: FakeSheets, key: str) -> list[list[str]]:
    """The sheet's Booking IDs after each batch write of the cycle."""
    seen: list[list[str]] = []
    session = runtime.engine.session
    original = session.write_back

    def write_back(*args: Any, **kwargs: Any) -> Any:
        placement = original(*args, **kwargs)
        seen.append(_booking_ids(fake, key))
        return placement

    session.write_back = write_back  # type: ignore[method-assign]
    return seen


def test_a_long_cycle_writes_its_first_rows_while_the_rest_are_synced(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> None:
    """The demo's class: 22 rows to book (8 go first) and 7 that wait for a person."""
    fake, server = sheets
    key = fake.create_spreadsheet({TAB: demo_rows(_today())})
    with _runtime(tmp_path, server, key) as runtime:
        runtime.engine.early_after = 0.0  # a long cycle, as on a real network
        seen = _writes_as_they_happen(runtime, fake, key)
        report = runtime.engine.run_cycle()
    assert len(seen) == 2, "the first group, then the rest"
    first, last = (sum(1 for b in ids if b) for ids in seen)
    assert first == 8
    assert last == 22 == sum(1 for o in report.outcomes.values() if o.booking_id)
    assert report.written_rows == 29  # every row once: the first write, then the rest
    bookings = runtime.sandbox.site.bookings.values()
    made = [b for b in bookings if str(b.get("externalUserId") or "").startswith("wixsync:")]
    assert len(made) == len({b["externalUserId"] for b in made})  # nobody booked twice


def test_a_short_cycle_still_reads_the_sheet_twice_and_writes_it_once(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> None:
    fake, server = sheets
    rows = demo_rows(_today())[:13]  # the header and 12 rows: one group
    key = fake.create_spreadsheet({TAB: rows})
    with _runtime(tmp_path, server, key) as runtime:
        runtime.engine.early_after = 0.0
        runtime.engine.run_cycle()  # the first cycle adds the daemon's columns and the lease
        human = fake.human(key, TAB)
        human.set_row(14, demo_rows(_today())[20])  # one more row typed
        since = fake.log[-1].seq
        runtime.engine.run_cycle()
    # the attendance tab: read, read again to place, one batch of values (the owner's
    # summary tab, rewritten after each active cycle, is its own write)
    sent = fake.counts(since).by_endpoint
    assert (sent["values.get"], sent["values.batchUpdate"]) == (2, 1)


def test_a_row_typed_into_during_a_long_cycle_is_not_written_over(
    sheets: tuple[FakeSheets, FakeSheetsServer], tmp_path: Path
) -> None:
    """Ana's row (the first of the first group) is edited while the cycle books the class:
    the early write leaves her row alone, and so does the cycle's last; the next cycle,
    reading her edit, writes her row."""
    fake, server = sheets
    key = fake.create_spreadsheet({TAB: demo_rows(_today())})
    with _runtime(tmp_path, server, key) as runtime:
        runtime.engine.early_after = 0.0
        session = runtime.engine.session
        original = session.write_back
        human = fake.human(key, TAB)

        def volunteer_types_then_write(*args: Any, **kwargs: Any) -> Any:
            human.set_cell("H2", "no")  # Ana's Attended, typed as the daemon writes
            session.write_back = original  # type: ignore[method-assign]
            return original(*args, **kwargs)

        session.write_back = volunteer_types_then_write  # type: ignore[method-assign]
        runtime.engine.run_cycle()
        grid = fake.values(key, TAB)
        header = grid[0]
        ana = dict(zip(header, grid[1], strict=False))
        assert ana["Attended"] == "no"
        assert not ana.get("Booking ID"), "not written over the edit"
        assert sum(1 for b in _booking_ids(fake, key) if b) == 21
        runtime.engine.run_cycle()
    ana = dict(zip(header, fake.values(key, TAB)[1], strict=False))
    assert ana["Attended"] == "no"
    assert ana["Booking ID"]
