"""Contacts v4 and Members, as the official SDK typings and doc pages describe them."""

from __future__ import annotations

import pytest

from tests.conftest import Wix

CONTACTS = "/contacts/v4/contacts"


@pytest.mark.evidence("wix-bookings.md §8: Query Contacts by info.emails.email")
def test_query_contacts_by_email_finds_the_contact(wix: Wix) -> None:
    found = wix.ok(
        "POST",
        f"{CONTACTS}/query",
        {"query": {"filter": {"info.emails.email": "ana.lee@example.org"}}},
    )
    assert [c["info"]["name"]["first"] for c in found["contacts"]] == ["Ana"]
    assert found["pagingMetadata"]["total"] == 1


def test_query_contacts_for_many_emails_in_one_call(wix: Wix) -> None:
    emails = ["ana.lee@example.org", "ben.ortiz@example.org", "nobody@example.org"]
    found = wix.ok(
        "POST",
        f"{CONTACTS}/query",
        {"query": {"filter": {"info.emails.email": {"$in": emails}}, "paging": {"limit": 100}}},
    )
    assert sorted(c["primaryInfo"]["email"] for c in found["contacts"]) == emails[:2]


def test_email_filter_is_case_insensitive_unless_switched(wix: Wix) -> None:
    body = {"query": {"filter": {"info.emails.email": "ANA.LEE@example.org"}}}
    assert len(wix.ok("POST", f"{CONTACTS}/query", body)["contacts"]) == 1
    wix.control("POST", "switches", {"contact_email_filter_case_sensitive": True})
    assert wix.ok("POST", f"{CONTACTS}/query", body)["contacts"] == []


def test_unsupported_filter_field_is_400(wix: Wix) -> None:
    response = wix.call("POST", f"{CONTACTS}/query", {"query": {"filter": {"shoeSize": 44}}})
    assert response.status_code == 400
    assert response.json()["details"]["applicationError"]["code"] == "UNSUPPORTED_FILTER"


@pytest.mark.evidence("wix-bookings.md §8: Create Contact shape and response")
def test_create_contact_returns_the_v4_shape(wix: Wix) -> None:
    created = wix.ok(
        "POST",
        CONTACTS,
        {
            "info": {
                "name": {"first": "Mo", "last": "Diaz"},
                "emails": {"items": [{"tag": "MAIN", "email": "mo@example.org", "primary": True}]},
            },
            "allowDuplicates": False,
        },
    )["contact"]
    assert created["primaryInfo"]["email"] == "mo@example.org"
    assert isinstance(created["revision"], int)
    fetched = wix.ok("GET", f"{CONTACTS}/{created['id']}")["contact"]
    assert fetched == created


@pytest.mark.evidence("wix-bookings.md §8: 409 DUPLICATE_CONTACT_EXISTS with duplicateContactId")
def test_creating_a_duplicate_email_is_409_with_the_existing_id(wix: Wix) -> None:
    response = wix.call(
        "POST",
        CONTACTS,
        {
            "info": {"emails": {"items": [{"email": "Ana.Lee@example.org"}]}},
            "allowDuplicates": False,
        },
    )
    assert response.status_code == 409
    error = response.json()["details"]["applicationError"]
    assert error["code"] == "DUPLICATE_CONTACT_EXISTS"
    assert error["data"]["duplicateContactId"] == wix.contact("ana.lee@example.org")["id"]


def test_allow_duplicates_creates_a_second_contact(wix: Wix) -> None:
    wix.ok(
        "POST",
        CONTACTS,
        {
            "info": {"emails": {"items": [{"email": "ana.lee@example.org"}]}},
            "allowDuplicates": True,
        },
    )
    found = wix.ok(
        "POST",
        f"{CONTACTS}/query",
        {"query": {"filter": {"info.emails.email": "ana.lee@example.org"}}},
    )
    assert len(found["contacts"]) == 2


def test_contact_without_name_phone_or_email_is_refused(wix: Wix) -> None:
    response = wix.call("POST", CONTACTS, {"info": {}})
    assert response.status_code == 400
    assert response.json()["details"]["applicationError"]["code"] == "INSUFFICIENT_CONTACT_DATA"


def test_unknown_contact_is_404(wix: Wix) -> None:
    assert wix.call("GET", f"{CONTACTS}/00000000-0000-4000-8000-000000000000").status_code == 404


def test_query_members_by_contact_id(wix: Wix) -> None:
    ana = wix.contact("ana.lee@example.org")
    members = wix.ok(
        "POST", "/members/v1/members/query", {"query": {"filter": {"contactId": ana["id"]}}}
    )["members"]
    assert [m["id"] for m in members] == [ana["memberId"]]
    assert members[0]["status"] == "APPROVED"
    ivan = wix.contact("ivan.novak@example.org")
    assert (
        wix.ok(
            "POST", "/members/v1/members/query", {"query": {"filter": {"contactId": ivan["id"]}}}
        )["members"]
        == []
    )
