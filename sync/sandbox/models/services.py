"""Services: Query Services, and the service a booking is for.

Follows ``@wix/auto_sdk_bookings_services`` (versions in ``../shared/reference``). Only CLASS
services are seeded (see :mod:`.bookings` for what is not simulated).
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.site import Site

SERVICE_FILTERS = {
    "id": q.path("id"),
    "name": q.path("name"),
    "type": q.path("type"),
    "hidden": q.path("hidden"),
    "category.id": q.path("category.id"),
    "onlineBooking.enabled": q.path("onlineBooking.enabled"),
    "payment.options.online": q.path("payment.options.online"),
    "payment.options.inPerson": q.path("payment.options.inPerson"),
    "payment.options.pricingPlan": q.path("payment.options.pricingPlan"),
}


def query_services(site: Site, filt: Any) -> list[dict[str, Any]]:
    match = q.compile_filter(filt, SERVICE_FILTERS)
    return [s for s in sorted(site.services.values(), key=lambda s: s["createdDate"]) if match(s)]


def get_service(site: Site, service_id: str) -> dict[str, Any]:
    service = site.services.get(service_id)
    if service is None:
        raise errors.NotFound("SERVICE_NOT_FOUND", f"Service {service_id} not found")
    return service


def service_of(site: Site, booking: dict[str, Any]) -> dict[str, Any]:
    return get_service(site, booking["bookedEntity"]["slot"]["serviceId"])
