"""What Wix says about classes and sessions is kept for ten minutes, then asked again: a
daemon running for weeks still learns of a new class or a session that has started."""

from __future__ import annotations

from sync.flows.catalog import Catalog
from sync.sandbox import Sandbox
from tests.flows.conftest import TODAY, make_client


def test_classes_and_sessions_are_asked_again_after_ten_minutes(sandbox: Sandbox) -> None:
    now = [0.0]
    catalog = Catalog(make_client(sandbox), "America/Denver", clock=lambda: now[0])
    catalog.session("Open Water Swim", TODAY, None)
    catalog.session("Masters Swim", TODAY, None)
    calls = len(sandbox.log)
    assert calls == 2, "one services query, one time-slot list for the day"
    now[0] += 599
    catalog.session("Open Water Swim", TODAY, None)
    assert len(sandbox.log) == calls
    now[0] += 1
    catalog.session("Open Water Swim", TODAY, None)
    assert len(sandbox.log) == calls + 2
