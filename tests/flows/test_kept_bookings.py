"""Issue 16: a session's bookings are kept between cycles once the site takes no more
online bookings for it — and never where that could hide a booking (``sync.flows
.kept_bookings``). A warm daemon is one :class:`sync.flows.RowFlows` run again and again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from sync.flows import Payment, RowFlows
from sync.flows.kept_bookings import KEPT_FOR, MARGIN, online_closes
from sync.sandbox import Fault, Sandbox
from tests.conftest import NOW
from tests.flows.conftest import Harness, person
from tests.flows.invariants import bookings_of

ZONE = "America/Denver"
SLOT = {"localStartDate": "2026-06-15T06:30:00"}
START = datetime(2026, 6, 15, 12, 30, tzinfo=UTC)  # 06:30 in Denver


def _looks(sandbox: Sandbox, since: int) -> int:
    return Counter(e.route for e in sandbox.log[since:])["extended_bookings.query"]


def _warm(harness: Harness, at: datetime = NOW) -> tuple[RowFlows, list[float]]:
    """A daemon whose clock a test moves; it has synced Ivan into today's 06:30 swim."""
    clock = [at.timestamp()]
    flows = harness.flows()
    flows.clock = lambda: clock[0]
    out = flows.run([person("r1", "ivan.novak@example.org", attended=None)])
    assert out[0].error is None, out[0].error
    return flows, clock


# -- when online booking closes -------------------------------------------------------------
@pytest.mark.parametrize(
    ("policy", "closes"),
    [
        ({"bookAfterStartPolicy": {"enabled": False}}, START),
        (
            {
                "bookAfterStartPolicy": {"enabled": False},
                "limitLateBookingPolicy": {"enabled": True, "latestBookingInMinutes": 30},
            },
            START - timedelta(minutes=30),
        ),
        ({"bookAfterStartPolicy": {"enabled": True}}, None),
        ({}, None),  # not said: as if open while it runs
    ],
)
def test_online_booking_closes_as_the_services_policy_says(
    policy: dict, closes: datetime | None
) -> None:
    assert online_closes({"bookingPolicy": policy}, SLOT, ZONE) == closes


def test_a_service_answer_without_its_policy_is_never_kept() -> None:
    assert online_closes({"id": "s"}, SLOT, ZONE) is None


# -- kept, and read afresh ------------------------------------------------------------------
def test_a_row_typed_alone_after_the_close_is_not_looked_up_again(harness: Harness) -> None:
    flows, _clock = _warm(harness)  # 08:00: the 06:30 swim started, online booking closed
    since = len(harness.sandbox.log)
    out = flows.run([person("r2", "cara.nguyen@example.org", attended=None)])
    assert out[0].error is None, out[0].error
    assert _looks(harness.sandbox, since) == 0
    assert len(bookings_of(harness.sandbox, person("x", "cara.nguyen@example.org"))) == 1


def test_a_session_still_open_online_is_looked_up_for_every_row(harness: Harness) -> None:
    flows, _clock = _warm(harness, at=START - MARGIN)  # 06:28: online booking still open
    since = len(harness.sandbox.log)
    flows.run([person("r2", "cara.nguyen@example.org", attended=None)])
    assert _looks(harness.sandbox, since) == 1


def test_someone_who_booked_online_is_looked_up_afresh_and_not_booked_twice(
    harness: Harness,
) -> None:
    """Hana booked today's swim online: the kept list shows her contact, so her row reads
    the session afresh and takes her booking over."""
    flows, _clock = _warm(harness)
    since = len(harness.sandbox.log)
    out = flows.run([person("r2", "hana.sato@example.org", attended=None)])
    assert out[0].error is None, out[0].error
    assert _looks(harness.sandbox, since) == 1
    assert len(bookings_of(harness.sandbox, person("x", "hana.sato@example.org"))) == 1
    routes = Counter(e.route for e in harness.sandbox.log[since:])
    assert routes["bookings.bulk_create"] == 0


def test_a_kept_list_is_read_again_after_its_age(harness: Harness) -> None:
    flows, clock = _warm(harness)
    clock[0] += KEPT_FOR
    since = len(harness.sandbox.log)
    flows.run([person("r2", "cara.nguyen@example.org", attended=None)])
    assert _looks(harness.sandbox, since) == 1


def test_a_booking_sent_without_an_answer_has_the_session_read_afresh(
    harness: Harness,
) -> None:
    """The answer to Cara's booking is lost: Wix made it, the daemon cannot know. The next
    cycle reads the session again (not the kept list, which cannot show it) and finds it."""
    flows, _clock = _warm(harness)
    harness.sandbox.faults.add(Fault(route="bookings.bulk_create", kind="drop", times=1))
    cara = person("r2", "cara.nguyen@example.org", attended=None)
    first = flows.run([cara])
    assert first[0].error is not None
    since = len(harness.sandbox.log)
    again = flows.run([cara])
    assert again[0].error is None, again[0].error
    assert _looks(harness.sandbox, since) == 1
    assert len(bookings_of(harness.sandbox, person("x", "cara.nguyen@example.org"))) == 1


def test_a_deleted_rows_booking_is_found_for_the_row_typed_again(harness: Harness) -> None:
    """Ivan's row left the sheet and is typed again as another row: the journal holds his
    booking there, so the session is read afresh and the new row carries it on."""
    flows, _clock = _warm(harness)
    since = len(harness.sandbox.log)
    out = flows.run([person("r9", "ivan.novak@example.org", attended=None)], present={"r9"})
    assert out[0].error is None, out[0].error
    assert _looks(harness.sandbox, since) == 1
    assert len(bookings_of(harness.sandbox, person("x", "ivan.novak@example.org"))) == 1


def test_two_rows_for_one_person_after_the_close_book_once(harness: Harness) -> None:
    """Cara typed twice in two cycles (the second row with another Payment): the first
    cycle's booking is in the kept list, so the second row is told, not booked."""
    flows, _clock = _warm(harness)
    flows.run([person("r2", "cara.nguyen@example.org", attended=None)])
    out = flows.run(
        [person("r3", "cara.nguyen@example.org", Payment.UNPAID, attended=None)],
        present={"r1", "r2", "r3"},
    )
    assert out[0].held_by == "r2", out[0].error
    assert len(bookings_of(harness.sandbox, person("x", "cara.nguyen@example.org"))) == 1
