"""Shared by the log suites: the ``wixsync`` logger put back as it was after each test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture
def restore_logging() -> Iterator[None]:
    logger = logging.getLogger("wixsync")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    for h in list(logger.handlers):
        if h not in handlers:
            logger.removeHandler(h)
            h.close()
    logger.setLevel(level)
    logger.propagate = propagate
