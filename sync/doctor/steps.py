"""What every step of the rehearsal may use (:mod:`.rehearsal`, :mod:`.money`,
:mod:`.undo`): the Wix client, the report its lines go in, the seat's tag and order path, and
the words of a step — its line, a refusal's fix and the Stop it raises, what is left on the
site."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import date

from sync.doctor.report import REHEARSAL, Answer, Check, DoctorReport, Verdict, judge
from sync.doctor.seat import Say, Stop
from sync.wix import WixAPIError, WixClient, WixError


class Steps:
    """A rehearsal's state and the words of its steps."""

    def __init__(
        self,
        client: WixClient,
        report: DoctorReport,
        *,
        time_zone: str,
        today: date,
        say: Say = lambda _check: None,
        sleep: Callable[[float], None] = time.sleep,
        reads: int = 5,
        pause: float = 1.0,
        tag: str | None = None,
    ) -> None:
        self.client, self.report = client, report
        self.time_zone, self.today = time_zone, today
        self.say, self.sleep, self.reads, self.pause = say, sleep, reads, pause
        self.tag = tag or f"{today:%Y%m%d}-{secrets.token_hex(4)}"
        self.path = report.strategies.order_path(today)
        self.serious = False  # something left that the owner must act on
        self.orders_work = False  # a seat got as far as its linked order

    # -- the steps' words -------------------------------------------------------------------
    def step(self, name: str, verdict: Verdict, detail: str, fix: str = "") -> None:
        check = Check(REHEARSAL + name, verdict, detail, fix)
        self.report.checks.append(check)
        self.say(check)

    def refused(self, name: str, exc: WixError, permission: str) -> Stop:
        """The words for a step Wix refused or did not answer, and the Stop to raise."""
        answer, detail = judge(exc)
        if answer == Answer.REFUSED:
            named = exc.data.get("permission") if isinstance(exc, WixAPIError) else None
            fix = f"Give the key {named or permission}."
        elif answer == Answer.UNKNOWN:
            fix = "Nothing was learned from this step: run the rehearsal again."
        else:
            assert isinstance(exc, WixAPIError)
            detail = f"Wix refused: {exc.description or exc.code} ({exc.code})"
            fix = "Fix what Wix names (in the class's or the site's settings), then run again."
        self.step(name, Verdict.FAIL, detail, fix)
        return Stop(name)

    def leave(self, text: str, *, serious: bool = False) -> None:
        self.report.left.append(text)
        self.serious = self.serious or serious
