"""``wixsync doctor``: what a site's API key can do, how this site places orders and records
payments, and (``--rehearse``) the whole chain once on the real site, undone afterwards.

* :mod:`.probes` — the read-only checks (requests Wix must refuse anyway);
* :mod:`.rehearsal` — book, order, pay, charge a plan, attend, cancel, for one contact;
* :mod:`.report` — the lines, the strategies found, and which of them have evidence.
"""

from __future__ import annotations

from sync.doctor.probes import NO_SUCH_ID, run_doctor
from sync.doctor.rehearsal import rehearse
from sync.doctor.report import REHEARSAL, Answer, Check, DoctorReport, Verdict, judge

__all__ = [
    "NO_SUCH_ID",
    "REHEARSAL",
    "Answer",
    "Check",
    "DoctorReport",
    "Verdict",
    "judge",
    "rehearse",
    "run_doctor",
]
