"""State and Wix business rules, with no HTTP (the moto "models" layer).

``Site`` holds every object of one simulated Wix site as REST-shaped dicts; the modules
beside it (``crm``, ``bookings``, ``ecom``, ``plans``) hold the rules, as functions of a
``Site``; ``ecom`` names the modules eCommerce is split into (``checkout``, ``orders``, …).
The HTTP layer (``sync.sandbox.routes``) only parses, routes and serialises.
"""

from __future__ import annotations

from sync.sandbox.models.site import Site, Switches

__all__ = ["Site", "Switches"]
