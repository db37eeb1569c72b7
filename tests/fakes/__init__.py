"""Test doubles at the network edge that the product does not ship: the fake Google Sheets
v4 API (:mod:`tests.fakes.sheets`). The Wix sandbox stays in ``sync/sandbox/`` because
``wixsync sandbox`` and ``wixsync demo`` serve it."""
