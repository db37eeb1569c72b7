"""Contacts v4 and Members: find-by-email, create with duplicate detection.

Follows ``@wix/auto_sdk_crm_contacts`` (Contacts v4) and ``@wix/auto_sdk_members_members``.
Not simulated: contact merging, labels, extended fields, addresses, subscriptions, the
member-side "my" APIs, and contact updates (the sync never edits a contact).
"""

from __future__ import annotations

from typing import Any

from sync.sandbox import errors
from sync.sandbox.models import query as q
from sync.sandbox.models.site import Site

CONTACT_FILTERS: dict[str, q.Getter] = {
    "id": q.path("id"),
    "info.emails.email": q.path("info.emails.items.email"),
    "primaryInfo.email": q.path("primaryInfo.email"),
    "info.name.first": q.path("info.name.first"),
    "info.name.last": q.path("info.name.last"),
    "primaryInfo.phone": q.path("primaryInfo.phone"),
    "createdDate": q.path("createdDate"),
    "updatedDate": q.path("updatedDate"),
}
EMAIL_FILTERS = ("info.emails.email", "primaryInfo.email")

MEMBER_FILTERS: dict[str, q.Getter] = {
    "id": q.path("id"),
    "contactId": q.path("contactId"),
    "loginEmail": q.path("loginEmail"),
    "status": q.path("status"),
    "profile.nickname": q.path("profile.nickname"),
}


def _emails(contact: dict[str, Any]) -> list[str]:
    return [e["email"].lower() for e in contact["info"].get("emails", {}).get("items", [])]


def contact_by_email(site: Site, email: str) -> dict[str, Any] | None:
    """The contact owning ``email`` (any of its emails, case-insensitively), oldest first."""
    wanted = email.strip().lower()
    for contact in sorted(site.contacts.values(), key=lambda c: c["createdDate"]):
        if wanted in _emails(contact):
            return contact
    return None


def get_contact(site: Site, contact_id: str) -> dict[str, Any]:
    contact = site.contacts.get(contact_id)
    if contact is None:
        raise errors.NotFound("CONTACT_NOT_FOUND", f"Contact {contact_id} not found")
    return contact


def query_contacts(
    site: Site, filt: Any, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    insensitive = () if site.switches.contact_email_filter_case_sensitive else EMAIL_FILTERS
    match = q.compile_filter(filt, CONTACT_FILTERS, case_insensitive=insensitive)
    found = [c for c in sorted(site.contacts.values(), key=lambda c: c["createdDate"]) if match(c)]
    return found[offset : offset + limit], len(found)


def create_contact(site: Site, info: dict[str, Any], *, allow_duplicates: bool) -> dict[str, Any]:
    """Create Contact. With ``allowDuplicates: false`` (default) an email already held by
    another contact is a 409 ``DUPLICATE_CONTACT_EXISTS`` carrying ``duplicateContactId``."""
    name = info.get("name") or {}
    emails = (info.get("emails") or {}).get("items") or []
    phones = (info.get("phones") or {}).get("items") or []
    if not (name.get("first") or name.get("last") or emails or phones):
        raise errors.InvalidArgument(
            "INSUFFICIENT_CONTACT_DATA", "A contact needs at least a name, a phone or an email"
        )
    if (
        sum(1 for e in emails if e.get("primary")) > 1
        or sum(1 for p in phones if p.get("primary")) > 1
    ):
        raise errors.InvalidArgument(
            "CANNOT_HAVE_MULTIPLE_PRIMARY_INFO", "Only one primary email/phone"
        )
    for index, item in enumerate(emails):
        if not isinstance(item.get("email"), str) or "@" not in item["email"]:
            raise errors.invalid(f"info.emails.items[{index}].email", "is not a valid email")
    if not allow_duplicates:
        for item in emails:
            existing = contact_by_email(site, item["email"])
            if existing is not None:
                raise errors.AlreadyExists(
                    "DUPLICATE_CONTACT_EXISTS",
                    "A contact with this email already exists",
                    data={"duplicateContactId": existing["id"], "duplicateEmail": item["email"]},
                )
    return insert_contact(site, info)


def insert_contact(site: Site, info: dict[str, Any], *, source: str = "OTHER") -> dict[str, Any]:
    contact_id = site.ids.guid()
    emails = [
        {
            "id": site.ids.guid(),
            "tag": e.get("tag", "UNTAGGED"),
            "email": e["email"],
            "primary": bool(e.get("primary", i == 0)),
        }
        for i, e in enumerate((info.get("emails") or {}).get("items") or [])
    ]
    phones = [
        {
            "id": site.ids.guid(),
            "tag": p.get("tag", "UNTAGGED"),
            "phone": p.get("phone", ""),
            "primary": bool(p.get("primary", i == 0)),
        }
        for i, p in enumerate((info.get("phones") or {}).get("items") or [])
    ]
    stored_info: dict[str, Any] = {"name": dict(info.get("name") or {})}
    if emails:
        stored_info["emails"] = {"items": emails}
    if phones:
        stored_info["phones"] = {"items": phones}
    primary_email = next((e["email"] for e in emails if e["primary"]), None)
    primary_phone = next((p["phone"] for p in phones if p["primary"]), None)
    now = site.stamp()
    contact = {
        "id": contact_id,
        "revision": 1,
        "source": {"sourceType": source},
        "createdDate": now,
        "updatedDate": now,
        "primaryInfo": {k: v for k, v in (("email", primary_email), ("phone", primary_phone)) if v},
        "info": stored_info,
    }
    if primary_email:
        contact["primaryEmail"] = {
            "email": primary_email,
            "subscriptionStatus": "NOT_SET",
            "deliverabilityStatus": "NOT_SET",
        }
    site.contacts[contact_id] = contact
    return contact


def insert_member(site: Site, contact: dict[str, Any]) -> dict[str, Any]:
    member_id = site.ids.guid()
    first = contact["info"].get("name", {}).get("first", "")
    last = contact["info"].get("name", {}).get("last", "")
    member = {
        "id": member_id,
        "loginEmail": contact["primaryInfo"].get("email"),
        "loginEmailVerified": True,
        "status": "APPROVED",
        "contactId": contact["id"],
        "profile": {"nickname": f"{first} {last}".strip()},
        "privacyStatus": "PRIVATE",
        "activityStatus": "ACTIVE",
        "createdDate": contact["createdDate"],
        "updatedDate": contact["createdDate"],
    }
    site.members[member_id] = member
    return member


def member_for_contact(site: Site, contact_id: str) -> dict[str, Any] | None:
    return next((m for m in site.members.values() if m["contactId"] == contact_id), None)


def query_members(
    site: Site, filt: Any, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    match = q.compile_filter(filt, MEMBER_FILTERS, case_insensitive=("loginEmail",))
    found = [m for m in site.members.values() if match(m)]
    return found[offset : offset + limit], len(found)
