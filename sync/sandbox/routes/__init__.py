"""HTTP routes of the simulated Wix APIs, one module per area.

Each module exposes ``ROUTES: list[Route]``. A handler only unpacks the request into
arguments for the models and returns the REST-shaped answer; rules live in the models.
"""

from __future__ import annotations

from sync.sandbox.app import Route
from sync.sandbox.routes import bookings, cart, crm, ecom, plans


def all_routes() -> list[Route]:
    return [*crm.ROUTES, *bookings.ROUTES, *ecom.ROUTES, *cart.ROUTES, *plans.ROUTES]
