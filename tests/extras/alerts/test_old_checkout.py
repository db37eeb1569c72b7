"""Orders going through the old checkout, which Wix removes on 2027-02-01, are told to the owner
once — when the daemon falls back to it — with the date and the permissions to give; and
once more when orders go through Cart V2 again. Not per cycle, not after a restart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.extras.alerts.conftest import GOOD, Loop, alert_world, email_channel
from tests.extras.alerts.servers import SMTPServer
from tests.proof.world import World, line

pytestmark = pytest.mark.usefixtures("secrets")

OLD = "wixsync: orders go through Wix's old checkout"
BACK = "wixsync: orders go through Cart V2 again"


def _without_cart_v2(world: World) -> frozenset[str]:
    keys = world.sandbox.site.api_keys
    held = keys["sync"].permissions
    keys["sync"] = replace(keys["sync"], permissions={p for p in held if "v2:cart" not in p})
    return held


def test_the_old_checkout_is_told_once_with_its_end_date_then_once_when_it_is_over(
    tmp_path: Path, smtp: SMTPServer
) -> None:
    world = alert_world(tmp_path, GOOD, [email_channel(smtp)])
    world.sandbox.site.switches.update({"checkout_requires_billing_address": False})
    held = _without_cart_v2(world)
    with world.open() as runtime:
        loop = Loop(world, runtime)
        loop.run(1800)
    assert smtp.subjects() == [OLD]
    text = " ".join(smtp.mails[0].text.split())
    assert "Wix removes the old checkout on 1 Feb 2027 (in 231 days)" in text, text
    assert "ecom:v2:cart:create_cart and ecom:v2:cart:place_order" in text
    with world.open() as runtime:  # a restart: not told again
        Loop(world, runtime).run(600)
    assert smtp.subjects() == [OLD]
    world.sandbox.site.api_keys["sync"] = replace(
        world.sandbox.site.api_keys["sync"], permissions=held
    )
    world.now += 86400  # the next day: its first order tries Cart V2, and gets it
    world.human().set_row(4, line("Pat Byrne", "pat.byrne@example.org"))
    with world.open() as runtime:
        Loop(world, runtime).run(600)
    assert smtp.subjects() == [OLD, BACK]
    assert all(r["Order ID"] for r in world.records())
