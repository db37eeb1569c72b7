"""The owner's sheet extras: work a cycle does besides the rows, each a cycle hook
(:class:`sync.engine.cycle.CycleHook`) built from the parts :mod:`sync.extras.seam` names.

* :mod:`sync.extras.roster` — people booked in Wix added to the sheet before each class;
* :mod:`sync.extras.choices` — the live dropdowns (coming sessions, plans held), from
  :mod:`sync.extras.upcoming` and :mod:`sync.extras.plans_held`;
* :mod:`sync.extras.summary` (pure) and :mod:`sync.extras.summary_hook` — the summary tab;
* :mod:`sync.extras.archive` — the season archive;
* :mod:`sync.extras.alerts` — what the owner is told, and how.

The wiring (:mod:`sync.runtime`) imports the extras and hands them their parts; no extra
imports the wiring, so the dependency runs one way.
"""
