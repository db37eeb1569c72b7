"""What doctor found: one line per check, the strategies, and which of them have evidence.

A strategy is remembered only from an answer that says something about the site: a call
that went through, or one Wix refused with a clear answer (a 403 for a permission, a Wix
application error). A rejected key (401, or a 403 about the key or site id) or a Wix that
could not be reached (not sent, outcome unknown, 429, 5xx) says nothing, and leaves what
the state database already holds as it was.

A line's words are redacted as the line is made (:mod:`sync.redact`): whatever Wix said, the
doctor table shows no key or token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sync.flows.strategy import Strategies
from sync.redact import redact
from sync.state import Journal
from sync.wix import WixAPIError, WixError

#: the strategy fields doctor can find out (attribute names of ``Strategies``)
STRATEGY_FIELDS = ("order", "cash", "membership_id")
#: the rehearsal's lines are named with this prefix (the CLI prints them as they come)
REHEARSAL = "rehearsal: "


class Verdict(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    verdict: Verdict
    detail: str
    fix: str = ""

    def __post_init__(self) -> None:
        for name in ("name", "detail", "fix"):
            object.__setattr__(self, name, redact(getattr(self, name)))


class Answer(StrEnum):
    ALLOWED = "allowed"  # past the permission check (a 200, or Wix refusing the request itself)
    REFUSED = "refused"  # a 403 for a permission, or a path this site does not serve
    UNKNOWN = "unknown"  # the key was rejected or Wix was not reached: no evidence either way


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    strategies: Strategies = field(default_factory=Strategies)
    #: the strategy fields with evidence behind them (only these are remembered)
    learned: set[str] = field(default_factory=set)
    #: what the rehearsal could not undo, in the owner's words
    left: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.verdict != Verdict.FAIL for c in self.checks)

    @property
    def key_accepted(self) -> bool:
        return bool(self.checks) and self.checks[0].verdict == Verdict.OK

    def learn(self, name: str, value: object) -> None:
        setattr(self.strategies, name, value)
        self.learned.add(name)

    def remember(self, journal: Journal) -> Strategies | None:
        """Write the strategies with evidence over what the journal holds; None: nothing
        was learned, nothing written."""
        if not self.learned:
            return None
        kept = Strategies.load(journal)
        for name in STRATEGY_FIELDS:
            if name in self.learned:
                setattr(kept, name, getattr(self.strategies, name))
        kept.save(journal)
        return kept


def _names_the_key(exc: WixAPIError) -> bool:
    """A 403 about the key or the site id itself, not about one permission."""
    if exc.data.get("permission"):
        return False
    text = exc.description.lower()
    return "permission" not in text or any(w in text for w in ("api key", "site-id", "site id"))


def _not_served(exc: WixAPIError) -> bool:
    """A 404 about the path, not about the (made-up) id the probe named: no application
    error, or only a generic not-found code."""
    return exc.status == 404 and exc.code in ("404", "NOT_FOUND")


def judge(exc: BaseException | None) -> tuple[Answer, str]:
    """What one answer says about a permission, and the words for it."""
    if exc is None:
        return Answer.ALLOWED, "allowed"
    if isinstance(exc, WixAPIError):
        if exc.status == 401:
            return Answer.UNKNOWN, "the API key was not accepted"
        if exc.status == 403:
            if _names_the_key(exc):
                return Answer.UNKNOWN, f"Wix refused the key itself: {exc.description}"
            return Answer.REFUSED, exc.description or "Missing required permission"
        if exc.throttled or exc.server_side:
            return Answer.UNKNOWN, f"Wix did not answer (HTTP {exc.status}); run doctor again"
        if _not_served(exc):
            return Answer.REFUSED, f"this site does not serve {exc.path}"
        return Answer.ALLOWED, f"allowed (probe refused as expected: {exc.code})"
    if isinstance(exc, WixError):
        return Answer.UNKNOWN, str(exc)
    raise exc
