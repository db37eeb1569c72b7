"""The ``wixsync`` command line: a thin layer over the library, rendered with rich.

Each command loads its config, calls the library and prints what it did; the group
(:mod:`.group`) turns any error into its two lines and exit code (:mod:`sync.failures`).
One module per command group — :mod:`.sync_cmds` (``plan``, ``sync``, ``run``),
:mod:`.status`, :mod:`.doctor`, :mod:`.setup` (``init``), :mod:`.sandbox` (``sandbox``,
``demo``), :mod:`.archive`, :mod:`.alerts` (``test-alert``) — and what they print:
:mod:`.render` (tables and JSON) and :mod:`.output` (how much, where, the progress bar).
A command's heavy imports (the engine, the Wix client, pandas) are made inside it, so
``wixsync status`` loads none of them.
"""

from __future__ import annotations

from sync.cli.alerts import test_alert
from sync.cli.archive import archive
from sync.cli.doctor import doctor
from sync.cli.group import main
from sync.cli.sandbox import demo, sandbox
from sync.cli.setup import init
from sync.cli.status import status
from sync.cli.sync_cmds import plan, run, sync_once

for _command in (sandbox, doctor, init, demo, plan, sync_once, run, test_alert, archive, status):
    main.add_command(_command)

__all__ = ["main"]
