"""The in-person methods of the vocabulary: which word names which way of paying at the door
(issue 12: a card payment is recorded as card, never as cash)."""

from __future__ import annotations

import pytest

from sync.engine.vocabulary import DEFAULT_VOCABULARY, Vocabulary, method_key
from sync.flows.attendee import Payment, method_name, method_said


@pytest.mark.parametrize(
    ("typed", "method"),
    [
        ("cash", "cash"),
        ("Paid", "cash"),
        ("$", "cash"),
        ("card", "card"),
        ("Credit Card", "card"),
        ("debit-card", "card"),
        ("VISA", "card"),
        ("MasterCard", "card"),
        ("cheque", "check"),
        ("Check", "check"),
        ("chq.", "check"),
        ("Bank transfer", "bank_transfer"),
        ("transfer", "bank_transfer"),
        ("wire", "bank_transfer"),
    ],
)
def test_every_default_method_word_is_a_cash_word_naming_its_method(
    typed: str, method: str
) -> None:
    assert DEFAULT_VOCABULARY.payment(typed) == Payment.CASH
    assert DEFAULT_VOCABULARY.method(typed) == method


@pytest.mark.parametrize(
    ("method", "sent", "status"),
    [
        ("cash", {"predefined": "CASH"}, "cash"),
        ("check", {"predefined": "CHECK"}, "by cheque"),
        ("bank_transfer", {"predefined": "BANK_TRANSFER"}, "by bank transfer"),
        ("card", {"custom": "Card"}, "by card"),
        ("venmo", {"custom": "Venmo"}, "by venmo"),
    ],
)
def test_each_method_is_sent_to_wix_and_said_in_the_status(
    method: str, sent: dict[str, str], status: str
) -> None:
    assert method_name(method) == sent
    assert method_said(method) == status


@pytest.mark.parametrize(
    ("name", "key"),
    [("Cheque", "check"), ("Bank transfer", "bank_transfer"), ("transfer", "bank_transfer"),
     ("Venmo", "venmo"), ("Apple-Pay", "apple_pay")],
)  # fmt: skip
def test_method_names_have_one_stored_form(name: str, key: str) -> None:
    assert method_key(name) == key


def test_owner_methods_are_cash_words_too() -> None:
    club = Vocabulary.from_config({}, methods={"Venmo": ["venmo"], "card": ["tarjeta"]})
    assert club.payment("Venmo") == club.payment("tarjeta") == Payment.CASH
    assert (club.method("venmo"), club.method("Tarjeta")) == ("venmo", "card")


def test_a_word_for_anything_but_cash_is_cash_by_method() -> None:
    assert DEFAULT_VOCABULARY.method("plan") == "cash"  # only read for a cash payment
    assert DEFAULT_VOCABULARY.method("x" * 200) == "cash"


def test_an_owner_method_word_that_means_unpaid_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'later' \(unpaid\) vs 'later' \(cash\)"):
        Vocabulary.from_config({"unpaid": ["later"]}, methods={"Venmo": ["later"]})
