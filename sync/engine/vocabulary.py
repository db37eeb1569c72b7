"""The words volunteers write in Payment and Attended, and what each one means.

Matching ignores case, accents, spaces and punctuation ("Not paid", "not-paid" and "NOTPAID"
are one word), but keeps symbols, so "$" and "✓" are words of their own. The canonical
words — cash, plan, unpaid, cancel — always work, whatever the configuration adds. A
checkbox (a true/false cell) always means came / did not come.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sync.flows.attendee import Payment

T = TypeVar("T")

#: the word that stands for an empty Payment cell
BLANK = "blank"

#: in-person payment words that name a method other than cash (each is also a cash word)
DEFAULT_METHOD_WORDS: tuple[tuple[str, str], ...] = (
    *((w, "card") for w in ("card", "credit card", "debit card", "debit", "visa", "mastercard")),
    *((w, "check") for w in ("cheque", "check", "chq")),
    *((w, "bank_transfer") for w in ("bank transfer", "transfer", "bank", "wire")),
)

DEFAULT_PAYMENT_WORDS: tuple[tuple[str, Payment], ...] = (
    *((w, Payment.CASH) for w in ("cash", "paid", "$")),
    *((w, Payment.CASH) for w, _ in DEFAULT_METHOD_WORDS),
    *((w, Payment.PLAN) for w in ("plan", "pass", "membership", "package")),
    *((w, Payment.UNPAID) for w in ("unpaid", BLANK, "owes", "owing", "later", "not paid")),
    *((w, Payment.CANCEL) for w in ("cancel", "cancelled", "canceled")),
)
DEFAULT_YES: tuple[str, ...] = (
    "x", "yes", "y", "✓", "✔", "✅", "TRUE", "1", "came", "here", "present",
)  # fmt: skip
DEFAULT_NO: tuple[str, ...] = ("no", "n", "FALSE", "0", "no-show", "noshow", "absent")

_DROPPED = ("P", "Z", "C", "Mn", "Me")  # punctuation, spaces, controls, combining marks


def fold(text: str) -> str:
    """The form words are matched in: no case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.category(c).startswith(_DROPPED))
    return "".join(kept).casefold()


@dataclass(frozen=True)
class Vocabulary:
    """Payment words (word → :class:`Payment`) and Attended words (came / did not come).

    A word that means two things is a ``ValueError`` naming it. ``"blank"`` stands for an
    empty Payment cell: without it, an empty Payment is reported as missing.
    """

    payment_words: tuple[tuple[str, Payment], ...] = DEFAULT_PAYMENT_WORDS
    yes_words: tuple[str, ...] = DEFAULT_YES
    no_words: tuple[str, ...] = DEFAULT_NO
    #: word → in-person method (cash words not listed here mean cash)
    method_words: tuple[tuple[str, str], ...] = DEFAULT_METHOD_WORDS
    _payments: dict[str, Payment] = field(init=False, repr=False, compare=False)
    _methods: dict[str, str] = field(init=False, repr=False, compare=False)
    _attended: dict[str, bool] = field(init=False, repr=False, compare=False)
    #: word key → the Payment word as written, for suggestions (not ``blank``)
    _spelled: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        canonical = tuple((p.value, p) for p in Payment)
        came = [(w, True) for w in self.yes_words] + [(w, False) for w in self.no_words]
        object.__setattr__(self, "_payments", _index((*canonical, *self.payment_words), "Payment"))
        object.__setattr__(self, "_attended", _index(came, "Attended"))
        methods = {fold(w): m for w, m in self.method_words if fold(w)}
        object.__setattr__(self, "_methods", methods)
        pairs = (*canonical, *self.payment_words)
        spelled = {fold(w): w.strip() for w, _ in reversed(pairs) if fold(w) != BLANK}
        object.__setattr__(self, "_spelled", spelled)

    @classmethod
    def from_config(
        cls,
        payment: Mapping[str, Iterable[str]],
        attended_yes: Iterable[str] | None = None,
        attended_no: Iterable[str] | None = None,
        methods: Mapping[str, Iterable[str]] | None = None,
    ) -> Vocabulary:
        """``payment`` maps cash/plan/unpaid/cancel to their words; the Attended lists
        default to the built-in ones. ``methods`` maps an in-person method (cash, check,
        bank_transfer, or the owner's own name such as "card") to words that mean it; each
        such word is also a cash word."""
        words: list[tuple[str, Payment]] = []
        method_words = list(DEFAULT_METHOD_WORDS) if methods is None else []
        for method, listed in (methods or {}).items():
            listed = [listed] if isinstance(listed, str) else listed
            method_words.extend((str(w), method_key(str(method))) for w in listed)
            words.extend((str(w), Payment.CASH) for w in listed if str(w).strip())
        for name, listed in payment.items():
            kind = _payment_named(name)
            listed = [listed] if isinstance(listed, str) else listed  # "cash: efectivo"
            words.extend((BLANK if not str(w).strip() else str(w), kind) for w in listed)
        return cls(
            tuple(words),
            DEFAULT_YES if attended_yes is None else tuple(str(w) for w in attended_yes),
            DEFAULT_NO if attended_no is None else tuple(str(w) for w in attended_no),
            tuple(method_words),
        )

    @property
    def payment_names(self) -> tuple[str, ...]:
        """The canonical words, the ones a message lists."""
        return tuple(p.value for p in Payment)

    @property
    def blank_payment(self) -> Payment | None:
        """What an empty Payment cell means (None: it is missing)."""
        return self._payments.get(BLANK)

    def payment(self, text: str) -> Payment | None:
        """The payment a word means; None when it is not a payment word."""
        if not text.strip():
            return self.blank_payment
        key = _key(text)
        return self._payments.get(key) if key else None

    def nearest_payment(self, text: str) -> str | None:
        """The Payment word ``text`` is most likely a slip for ("csah" → cash, "crad" →
        card), to suggest and never to act on; None when no word is close."""
        key = _key(text)
        near = difflib.get_close_matches(key, self._spelled, n=1, cutoff=0.75) if key else []
        return self._spelled[near[0]] if near else None

    def method(self, text: str) -> str:
        """The in-person method a cash word names ("card" → card); cash otherwise."""
        return self._methods.get(_key(text), "cash")

    def attended(self, text: str) -> bool | None:
        """True = came, False = did not come, None when it is not an Attended word."""
        key = _key(text)
        return self._attended.get(key) if key else None


def method_key(name: str) -> str:
    """A method's stored form: "Bank transfer" → bank_transfer, "Cheque" → check."""
    key = "_".join(name.strip().casefold().replace("-", " ").split())
    return {"cheque": "check", "transfer": "bank_transfer"}.get(key, key)


def _key(text: str) -> str:
    return fold(text) if len(text) <= 100 else ""


def _payment_named(name: object) -> Payment:
    try:
        return Payment(fold(str(name)))
    except ValueError:
        known = ", ".join(p.value for p in Payment)
        raise ValueError(f"unknown payment {name!r} in the vocabulary (use {known})") from None


def _index(pairs: Iterable[tuple[str, T]], column: str) -> dict[str, T]:
    """word key → meaning; a word without letters, or with two meanings, is refused."""
    index: dict[str, T] = {}
    first: dict[str, str] = {}
    clashes: list[str] = []
    for word, meaning in pairs:
        key = fold(word)
        if not key:
            raise ValueError(f"{column} word {word!r} has no letters, digits or symbols")
        if key in index and index[key] != meaning:
            clashes.append(f"{word!r} ({_label(meaning)}) vs {first[key]!r} ({_label(index[key])})")
            continue
        index.setdefault(key, meaning)
        first.setdefault(key, word)
    if clashes:
        raise ValueError(f"{column} words mean two things: {'; '.join(clashes)}")
    return index


def _label(meaning: object) -> str:
    if isinstance(meaning, bool):
        return "came" if meaning else "did not come"
    return str(meaning)


DEFAULT_VOCABULARY = Vocabulary()
