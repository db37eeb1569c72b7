"""Which API paths this site still serves: removals by date and paths Wix never mapped.

* Checkout v1 (create / get / update checkout, create-order) is removed on **2027-02-01**
  (``@targetRemovalDate`` on every method of ``@wix/auto_sdk_ecom_checkout@1.0.174``; the
  Cart V2 migration guide, wix-2027.md §3). ``Switches.checkout_v1_removed`` ``None``
  follows the site clock, ``True``/``False`` force it.
* ``/v1/bulk/payments-collector/mark-as-paid`` is the path the orders SDK's URL map leaves
  unmapped (wix-2027.md §1 #16): served only when
  ``Switches.unprefixed_bulk_mark_as_paid_served``.

What a removed or unmapped API answers is a guess: the sandbox answers it as it answers any
unknown path (404 ``NOT_FOUND`` in the application-error envelope).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sync.sandbox.models.site import Site

CHECKOUT_V1_REMOVAL = datetime(2027, 2, 1, tzinfo=UTC)


def checkout_v1_removed(site: Site) -> bool:
    forced = site.switches.checkout_v1_removed
    if forced is not None:
        return bool(forced)
    return site.now() >= CHECKOUT_V1_REMOVAL


def checkout_v1_served(site: Site, _path_index: int = 0) -> bool:
    """``Route.served`` for every Checkout v1 route."""
    return not checkout_v1_removed(site)


def bulk_mark_as_paid_served(site: Site, path_index: int) -> bool:
    """``Route.served`` for Bulk Mark Orders As Paid: index 0 is the SDK's unmapped
    ``/v1/bulk/…``, index 1 the documented ``/ecom/v1/bulk/…`` form (always served)."""
    return path_index != 0 or bool(site.switches.unprefixed_bulk_mark_as_paid_served)
