"""The dates Wix removes something wixsync still uses as a fallback: the code must not send it
from that day, and the owner is told before. Kept apart from the Wix client, so that
``wixsync status`` can warn without loading it."""

from __future__ import annotations

from datetime import date

#: Checkout v1 (``@targetRemovalDate 2027-02-01`` on every method of
#: ``@wix/auto_sdk_ecom_checkout``): the fallback order path for a key that may not use Cart V2
CHECKOUT_V1_REMOVAL = date(2027, 2, 1)
