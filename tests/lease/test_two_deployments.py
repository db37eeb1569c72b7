"""Issue 14: two deployments on one sheet (a second VM, or the config copied to a laptop),
each with its own state file. Before the lease, 16 new rows became 24 bookings and 8 extra
cash payments; now the second refuses to write and says who holds the sheet, and takes over
only once the first has been silent for the stated time."""

from __future__ import annotations

from pathlib import Path

from tests.flows.invariants import approved_cash, bookings_of, linked_orders
from tests.proof.world import World, line

PEOPLE = [
    ("Ivan Novak", "ivan.novak@example.org"),
    ("Jade Kim", "jade.kim@example.org"),
    ("Kofi Mensah", "kofi.mensah@example.org"),
    ("Zoe Quinn", "zoe.quinn@example.org"),
    ("Maya Okafor", "maya.okafor@example.org"),
    ("Noah Fischer", "noah.fischer@example.org"),
]


def _counts(world: World) -> tuple[int, int, int]:
    from tests.flows.conftest import person

    bookings = orders = cash = 0
    for _name, email in PEOPLE:
        found = bookings_of(world.sandbox, person("x", email))
        bookings += len(found)
        for b in found:
            for order in linked_orders(world.sandbox, b["id"]):
                orders += 1
                cash += len(approved_cash(world.sandbox, order["id"]))
    return bookings, orders, cash


def test_a_second_deployment_on_the_same_sheet_writes_nothing(tmp_path: Path) -> None:
    world = World(tmp_path / "vm", [line(n, e) for n, e in PEOPLE])
    laptop = World(tmp_path / "laptop", [], sandbox=world.sandbox)
    laptop.sheets, laptop.key = world.sheets, world.key  # the same sheet, another state file
    laptop.state_path = tmp_path / "laptop" / "state" / "state.sqlite3"
    with world.open() as vm_runtime, laptop.open() as laptop_runtime:
        for _ in range(3):  # both poll, turn by turn
            vm_report = vm_runtime.engine.run_cycle()
            laptop_report = laptop_runtime.engine.run_cycle()
            assert not vm_report.brake, vm_report.brake
            assert laptop_report.brake is not None
            assert "another wixsync is syncing this sheet" in laptop_report.brake
        assert _counts(world) == (len(PEOPLE), len(PEOPLE), len(PEOPLE))
        world.human().set_row(len(PEOPLE) + 2, line("Wen Li", "wen.li@example.org"))
        laptop_runtime.engine.run_cycle()
        vm_runtime.engine.run_cycle()
        from tests.flows.conftest import person

        assert len(bookings_of(world.sandbox, person("x", "wen.li@example.org"))) == 1
        assert _counts(world) == (len(PEOPLE), len(PEOPLE), len(PEOPLE))
        # the VM stops for good: after 30 minutes of silence the laptop takes over, alone
        world.now += 1801
        laptop.now = world.now
        taken = laptop_runtime.engine.run_cycle()
        assert not taken.brake, taken.brake
        again = vm_runtime.engine.run_cycle()  # had it come back: it now writes nothing
        assert again.brake is not None
    assert _counts(world) == (len(PEOPLE), len(PEOPLE), len(PEOPLE))
