"""The daemon's log: one structured line per event, free of personal data by default.

Lines are ``logfmt`` (``at=2026-06-15T14:00:05Z level=info logger=wixsync.daemon msg="…"``):
one line each, easy to read in ``journalctl -u wixsync`` and easy to grep or parse. They go to
standard error (the journal, under systemd) or, with ``[daemon] log``, to a file created 0600
and rotated at 5 MB (5 kept); each new file after a rotation is 0600 too, and a symbolic link
at the log's path is refused rather than written through.

Emails are masked (``a***@example.org``) unless ``[daemon] log_emails = "full"``: the owner
can tell rows apart by the row number and the first letter, and a log sent to someone for
help carries no address. Keys and tokens never reach a log line in the first place (the Wix
client and the sheet logs carry method, path, status and request id only), and every handler
set up here — and Python's last-resort handler, which prints the one-shot commands'
warnings — carries :class:`sync.redact.RedactFilter` as well: a secret quoted by an answer,
an exception or an argument is ``[redacted]`` before any formatter sees it.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import sys
import time
from pathlib import Path
from typing import IO, Any

from sync.files import open_log, private_folder
from sync.redact import guard_logging, protect, redact

EMAIL = re.compile(r"([^\s@'\"<>(),;:]+)(@+)([^\s@'\"<>(),;:]+)")


def mask_emails(text: str) -> str:
    """``ana.lee@example.org`` → ``a***@example.org``: enough for the owner to find the row,
    not an address to be copied out of a log, a mailbox or a chat."""
    return EMAIL.sub(lambda m: f"{m.group(1)[0]}***{m.group(2)}{m.group(3)}", text)


class LogfmtFormatter(logging.Formatter):
    def __init__(self, *, mask: bool = True) -> None:
        super().__init__()
        self.mask = mask
        self.converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            # the exception's type and text, on the same line; no traceback with local values
            exc = record.exc_info[1]
            message += f" ({type(exc).__name__}: {exc})"
        if self.mask:
            message = mask_emails(message)
        message = redact(" ".join(message.split()))  # one line, always; never a secret
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", self.converter(record.created))
        quoted = message.replace("\\", "\\\\").replace('"', '\\"')
        return f'at={at} level={record.levelname.lower()} logger={record.name} msg="{quoted}"'


class SaysWhyItCannotLog:
    """A log line that cannot be written — a full disk, a file gone, a closed stream — is said
    once on standard error in words (:mod:`sync.failures`), never as ``logging``'s own
    ``--- Logging error ---`` traceback; the daemon carries on."""

    _told = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self._told:
            return
        self._told = True
        from sync.failures import failure_of

        exc = sys.exc_info()[1]
        found = failure_of(exc) if exc is not None else None
        why = found.line if found is not None else f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):  # standard error gone too: nothing left to tell
            sys.stderr.write(f"wixsync: a log line could not be written: {why}\n")


class _StderrHandler(SaysWhyItCannotLog, logging.StreamHandler):  # type: ignore[type-arg]
    pass


class PrivateRotatingFileHandler(SaysWhyItCannotLog, logging.handlers.RotatingFileHandler):
    """``RotatingFileHandler`` whose file, the first one and each new one after a rotation,
    is created 0600 and never opened through a symbolic link (:func:`sync.files.open_log`):
    the standard handler's new file after a rotation takes the umask's mode (often 0644)
    and follows a link planted at the path. A link is refused at start with
    :class:`sync.files.SymlinkRefused`."""

    def __init__(self, filename: str | os.PathLike[str], **kwargs: Any) -> None:
        super().__init__(filename, delay=True, **kwargs)
        self.stream = self._open()  # at once, so a link or a FIFO is refused at start

    def _open(self) -> IO[str]:
        return open_log(
            Path(self.baseFilename), encoding=self.encoding or "utf-8", errors=self.errors
        )


def setup_logging(
    path: Path | None = None, *, level: str = "info", emails: str = "masked"
) -> logging.Handler:
    """Send the ``wixsync`` loggers to ``path`` (0600, rotated) or to standard error."""
    if path is not None:
        private_folder(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
    else:
        handler = _StderrHandler(sys.stderr)
    handler.setFormatter(LogfmtFormatter(mask=emails != "full"))
    logger = logging.getLogger("wixsync")
    for old in [h for h in logger.handlers if getattr(h, "_wixsync", False)]:
        logger.removeHandler(old)
        old.close()
    handler._wixsync = True  # type: ignore[attr-defined]
    logger.addHandler(protect(handler))
    logger.setLevel(level.upper())
    logger.propagate = False
    guard_logging()  # the root's handlers and the last-resort one too
    return handler
