"""Contacts v4 and Members routes (``@wix/auto_sdk_crm_contacts``, ``…members_members``)."""

from __future__ import annotations

from typing import Any

from sync.sandbox.app import Call, Route
from sync.sandbox.models import crm
from sync.sandbox.routes._body import boolean, obj


def _paging(query: dict[str, Any], default: int, maximum: int) -> tuple[int, int]:
    paging = query.get("paging") or {}
    limit = paging.get("limit", default)
    offset = paging.get("offset", 0)
    if not isinstance(limit, int) or not 0 <= limit <= maximum:
        from sync.sandbox import errors

        raise errors.InvalidArgument("ILLEGAL_LIMIT", f"paging.limit must be 0..{maximum}")
    return limit, int(offset or 0)


def query_contacts(call: Call) -> dict[str, Any]:
    """Query Contacts — POST /contacts/v4/contacts/query.
    https://dev.wix.com/docs/rest/api-reference/contacts/contacts/contact-v4/sort-filter-and-search
    """
    query = obj(call.body, "query")
    limit, offset = _paging(query, 50, 1000)
    found, total = crm.query_contacts(call.site, query.get("filter"), limit, offset)
    return {
        "contacts": found,
        "pagingMetadata": {
            "count": len(found),
            "offset": offset,
            "total": total,
            "tooManyToCount": False,
        },
    }


def create_contact(call: Call) -> dict[str, Any]:
    """Create Contact — POST /contacts/v4/contacts.
    https://dev.wix.com/docs/sdk/backend-modules/crm/contacts/create-contact
    """
    info = obj(call.body, "info", required=True)
    contact = crm.create_contact(
        call.site, info, allow_duplicates=boolean(call.body, "allowDuplicates", False)
    )
    return {"contact": contact}


def get_contact(call: Call) -> dict[str, Any]:
    """Get Contact — GET /contacts/v4/contacts/{id}."""
    return {"contact": crm.get_contact(call.site, call.params["id"])}


def query_members(call: Call) -> dict[str, Any]:
    """Query Members — POST /members/v1/members/query (``@wix/auto_sdk_members_members``)."""
    query = obj(call.body, "query")
    limit, offset = _paging(query, 50, 100)
    found, total = crm.query_members(call.site, query.get("filter"), limit, offset)
    return {
        "members": found,
        "metadata": {
            "count": len(found),
            "offset": offset,
            "total": total,
            "tooManyToCount": False,
        },
    }


ROUTES = [
    Route(
        "contacts.query",
        "POST",
        ("/contacts/v4/contacts/query",),
        query_contacts,
        ("CONTACTS.VIEW", "CONTACTS.MODIFY"),
        frozenset({"search", "query"}),
        writes=False,
    ),
    Route(
        "contacts.create",
        "POST",
        ("/contacts/v4/contacts",),
        create_contact,
        ("CONTACTS.MODIFY",),
        frozenset({"info", "allowDuplicates"}),
    ),
    Route(
        "contacts.get",
        "GET",
        ("/contacts/v4/contacts/<id>",),
        get_contact,
        ("CONTACTS.VIEW", "CONTACTS.MODIFY"),
        writes=False,
    ),
    Route(
        "members.query",
        "POST",
        ("/members/v1/members/query",),
        query_members,
        ("MEMBERS.MEMBER_READ",),
        frozenset({"query", "fieldsets", "search"}),
        writes=False,
    ),
]
