"""Issue 14: one sheet, one worker — the lease kept in the sheet (logic on a local store,
and the Google store through the real gspread against the fake Sheets API)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.sheet.lease import FileLeaseStore, Holder, LeaseHeld, SheetLease


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _lease(store: FileLeaseStore, holder: str, clock: Clock, host: str = "vm") -> SheetLease:
    return SheetLease(store, holder, clock=clock, host=host, pid=7)


def test_the_first_deployment_takes_the_sheet_and_a_second_is_refused(
    tmp_path: Path, clock: Clock
) -> None:
    store = FileLeaseStore(tmp_path / "attendance.xlsx")
    first, second = _lease(store, "a", clock), _lease(store, "b", clock, host="laptop")
    first.ensure()
    with pytest.raises(LeaseHeld) as held:
        second.ensure()
    assert "host vm" in str(held.value)
    assert "writes nothing" in str(held.value)
    first.ensure()  # still ours


def test_a_refusal_says_since_when_in_the_clubs_time_zone(tmp_path: Path, clock: Clock) -> None:
    store = FileLeaseStore(tmp_path / "attendance.xlsx")
    _lease(store, "a", clock).ensure()  # 1_800_000_000 is 2027-01-15 08:00 UTC
    second = SheetLease(store, "b", clock=clock, host="laptop", time_zone="America/Denver")
    with pytest.raises(LeaseHeld) as held:
        second.ensure()
    assert "since 2027-01-15 01:00 MST," in str(held.value)


def test_a_fresh_lease_costs_no_request(tmp_path: Path, clock: Clock) -> None:
    store = FileLeaseStore(tmp_path / "a.csv")
    lease = _lease(store, "a", clock)
    lease.ensure()
    store.path.unlink()  # had it read the store, it would now write a new entry
    clock.now += 60
    lease.ensure()
    assert not store.path.exists()


def test_a_stale_lease_is_taken_over_and_the_old_holder_then_stops(
    tmp_path: Path, clock: Clock
) -> None:
    store = FileLeaseStore(tmp_path / "a.csv")
    old, new = _lease(store, "a", clock), _lease(store, "b", clock)
    old.ensure()
    clock.now += 1801  # the old daemon has been silent for 30 minutes
    new.ensure()
    assert new.took_over is not None
    assert new.took_over.holder == "a"
    with pytest.raises(LeaseHeld):
        old.ensure()


def test_a_holder_renews_its_lease_so_it_never_goes_stale_while_it_runs(
    tmp_path: Path, clock: Clock
) -> None:
    store = FileLeaseStore(tmp_path / "a.csv")
    lease, other = _lease(store, "a", clock), _lease(store, "b", clock)
    for _ in range(10):
        clock.now += 601
        lease.ensure()
    with pytest.raises(LeaseHeld):
        other.ensure()
    (entry,) = store.entries()
    assert entry[1].since == 1_800_000_000.0 + 601, "since stays; the heartbeat moves"


def test_two_starting_at_once_leave_exactly_one_holder(tmp_path: Path, clock: Clock) -> None:
    """Both read an empty store before either writes; the read-back decides: the entry
    that came first keeps the sheet, the other removes its own and stops."""
    store = FileLeaseStore(tmp_path / "a.csv")

    class Racing(FileLeaseStore):
        reads = 0

        def entries(self):  # type: ignore[no-untyped-def]
            found = super().entries()
            Racing.reads += 1
            if Racing.reads == 1:  # b writes between a's read and a's write
                store.put(Holder("b", "laptop", 8, clock.now - 1, clock.now - 1), [])
            return found

    racing = Racing(tmp_path / "a.csv")
    a = SheetLease(racing, "a", clock=clock, host="vm", pid=7)
    with pytest.raises(LeaseHeld):
        a.ensure()
    assert [h.holder for _, h in store.entries()] == ["b"], "one holder left"


def test_release_lets_another_start_at_once(tmp_path: Path, clock: Clock) -> None:
    store = FileLeaseStore(tmp_path / "a.csv")
    a, b = _lease(store, "a", clock), _lease(store, "b", clock)
    a.ensure()
    a.release()
    b.ensure()


def test_a_garbled_entry_is_ignored_not_a_crash(tmp_path: Path, clock: Clock) -> None:
    store = FileLeaseStore(tmp_path / "a.csv")
    store.path.write_text('{"x": {"holder": 1}}', encoding="utf-8")
    _lease(store, "a", clock).ensure()


# -- the Google store: real gspread against the fake Sheets API --------------------------------
def test_the_lease_lives_in_the_spreadsheets_developer_metadata(clock: Clock) -> None:
    from sync.sheet.lease import GoogleLeaseStore
    from tests.fakes.sheets import FakeSheetsServer, build_fake_sheets
    from tests.sheet.conftest import google_sheet, rows

    fake = build_fake_sheets(reads_per_minute=None, writes_per_minute=None)
    key = fake.create_spreadsheet({"Attendance": rows(2)})
    with FakeSheetsServer(fake) as server:
        vm, laptop = google_sheet(server, key), google_sheet(server, key)
        first = SheetLease(GoogleLeaseStore(vm.spreadsheet), "a", clock=clock, host="vm", pid=1)
        second = SheetLease(
            GoogleLeaseStore(laptop.spreadsheet), "b", clock=clock, host="laptop", pid=2
        )
        first.ensure()
        with pytest.raises(LeaseHeld) as held:
            second.ensure()
        assert "host vm" in str(held.value)
        clock.now += 601
        first.ensure()  # renewed: one entry, still
        found = fake.describe(key).get("developerMetadata") or []
        assert [m["metadataKey"] for m in found] == ["wixsync.lease"]
        first.release()
        second.ensure()
        assert fake.values(key, "Attendance") == rows(2), "no cell was touched"
