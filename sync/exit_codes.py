"""The exit codes ``wixsync`` ends with, in one place.

Under systemd (``deploy/wixsync.service``) ``Restart=on-failure`` restarts the daemon after
any failure *except* the codes listed in ``RestartPreventExitStatus=``: those mean a person
has to change something first, and restarting every 30 seconds would only repeat the same
message. The unit's list is tested against :data:`NO_RESTART`.

=====  ==================  =================================================================
code   name                meaning
=====  ==================  =================================================================
0      ``OK``              done (or stopped by SIGTERM / Ctrl+C); after ``sync``:
                           every row is synced or unchanged (a plan charge Wix is still
                           settling counts as done: it updates by itself)
1      ``FAILED``          anything else: a failed check, a brake, a bug; systemd restarts it
2      (click's)           the command line is wrong (click's usage error): an unknown option,
                           a missing value, doctor with no site id or time zone
3      ``ROWS_WAIT``       ``sync`` ran, and at least one row waits for a person: its
                           Error says what to fix
69     ``UNREACHABLE``     ``sync`` (or ``plan``, ``doctor``, ``init``) could not reach Wix or
                           Google, or Wix or Google refused the key: the cycle stopped,
                           or rows wait for Wix and are tried again by the next cycle
                           (``EX_UNAVAILABLE``); it wins over 3
74     ``STATE_UNUSABLE``  a file wixsync keeps cannot be used: the state database is corrupt,
                           truncated, read-only or on a full disk (at start, or while a cycle
                           writes it), or the state, lock or log path is a symbolic link or
                           not a regular file (``EX_IOERR``)
78     ``CONFIG_UNUSABLE`` the configuration cannot be used: the config file is missing or
                           invalid, a secret it names is missing, the key file it names is
                           missing or not a service account's key (``EX_CONFIG``)
=====  ==================  =================================================================

69, 74 and 78 are the ``sysexits.h`` numbers for the same cases; all are outside the range
systemd uses for its own failures (200 and up). 3 is only ever the exit of ``wixsync sync``
(for a cron job or a script); ``wixsync run`` carries on through an outage (69's cases) and
stops only for 74 or 78 at start. Which error ends with which code, and its words:
:mod:`sync.failures`. Only constants here: this module imports nothing.
"""

from __future__ import annotations

OK = 0
FAILED = 1
ROWS_WAIT = 3
UNREACHABLE = 69
STATE_UNUSABLE = 74
CONFIG_UNUSABLE = 78

#: the codes systemd must not restart on (``RestartPreventExitStatus=``)
NO_RESTART = (STATE_UNUSABLE, CONFIG_UNUSABLE)
