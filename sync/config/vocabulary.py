"""``[vocabulary]``: the club's words for how a row was paid and who attended, checked so
that a word has one meaning only."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from sync.config.rules import Section, Text
from sync.engine import vocabulary as words
from sync.flows.attendee import Payment

#: the parser's built-in words (sync.engine.vocabulary), as the config file writes them
DEFAULT_PAYMENT_WORDS: dict[str, list[str]] = {
    p.value: [w for w, meaning in words.DEFAULT_PAYMENT_WORDS if meaning == p] for p in Payment
}
#: the built-in in-person methods and their words (each also a cash word), by method
DEFAULT_METHODS: dict[str, list[str]] = {
    m: [w for w, meaning in words.DEFAULT_METHOD_WORDS if meaning == m]
    for m in dict.fromkeys(m for _, m in words.DEFAULT_METHOD_WORDS)
}
DEFAULT_ATTENDED_YES = list(words.DEFAULT_YES)
DEFAULT_ATTENDED_NO = list(words.DEFAULT_NO)
Meaning = Literal["cash", "plan", "unpaid", "cancel"]


def _complete_payment(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """A meaning left out keeps its default words."""
    return {meaning: list(value.get(meaning, d)) for meaning, d in DEFAULT_PAYMENT_WORDS.items()}


def _complete_methods(value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    """A built-in method left out keeps its words (``card = []`` drops them): writing the
    club's own method never turns card, cheque or transfer words back into plain cash."""
    if value is None:
        return None
    written = {words.method_key(name) for name in value}
    kept = {m: list(w) for m, w in DEFAULT_METHODS.items() if m not in written}
    return {**kept, **{name: list(listed) for name, listed in value.items()}}


class VocabularySection(Section):
    payment: Annotated[dict[Meaning, list[Text]], AfterValidator(_complete_payment)] = Field(
        default_factory=lambda: _complete_payment({})
    )
    attended_yes: list[Text] = Field(default_factory=lambda: list(DEFAULT_ATTENDED_YES))
    attended_no: list[Text] = Field(default_factory=lambda: list(DEFAULT_ATTENDED_NO))
    #: in-person methods → words (each also a cash word); None: the built-in card, cheque
    #: and bank-transfer words; a built-in method left out keeps its words
    methods: Annotated[dict[Text, list[Text]] | None, AfterValidator(_complete_methods)] = None

    @model_validator(mode="after")
    def _one_meaning_per_word(self) -> VocabularySection:
        """Words are matched as the parser matches them (no case, accents, spaces or
        punctuation), and the canonical words cash, plan, unpaid, cancel always count. A
        method's word is a cash word too, so it may not be a plan, unpaid or cancel word,
        nor another method's."""
        groups = (
            {f"payment.{meaning}": listed for meaning, listed in self.payment.items()},
            {"attended_yes": self.attended_yes, "attended_no": self.attended_no},
        )
        meanings: dict[str, str] = {}
        for group in groups:
            seen = (
                {p.value: f"payment.{p.value}" for p in Payment} if "payment.cash" in group else {}
            )
            for meaning, listed in group.items():
                for word in listed:
                    if not words.fold(word):
                        raise ValueError(f'"{word}" has no letters, digits or symbols')
                    if (first := seen.setdefault(words.fold(word), meaning)) != meaning:
                        raise ValueError(
                            f'"{word}" is under both {first} and {meaning}; a word may have '
                            "one meaning only"
                        )
            if "payment.cash" in group:
                meanings = seen
        method_of: dict[str, tuple[str, str]] = {}  # word key → (method, as written)
        for name, listed in (self.methods or {}).items():
            where = f"methods.{name}"
            for word in listed:
                key = words.fold(word)
                if not key:
                    raise ValueError(f'"{word}" has no letters, digits or symbols')
                other = meanings.get(key, "payment.cash")
                if other != "payment.cash":
                    raise ValueError(
                        f'"{word}" is under both {where} and {other}; a word may have one '
                        "meaning only"
                    )
                first = method_of.setdefault(key, (words.method_key(name), where))
                if first[0] != words.method_key(name):
                    raise ValueError(
                        f'"{word}" is under both {first[1]} and {where}; a word may have one '
                        "meaning only"
                    )
        return self
