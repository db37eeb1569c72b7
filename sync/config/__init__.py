"""The configuration file: one TOML file (``wixsync.toml``), loaded and checked before anything
runs. ``wixsync.example.toml`` documents every key and its default.

Problems are said in the owner's words, one line each, naming the key and the fix::

    wixsync.toml: [wix] time_zone = "America/Denvr": not a time zone (e.g. "America/Denver")

Relative paths are relative to the config file's folder and ``~`` is expanded. The Wix API key
is never in the file: :meth:`Config.api_key` reads it from the environment variable named by
``[wix] api_key_env``, and a key-looking value in the file is refused without being echoed.
``[sheet] api_url`` is hidden (tests, demo): the local fake of the Sheets API, loopback only.

One module per section (:mod:`~sync.config.sheet` with ``[columns]``,
:mod:`~sync.config.vocabulary`, :mod:`~sync.config.wix`, :mod:`~sync.config.daemon`,
:mod:`~sync.config.alerts`, and :mod:`~sync.config.extras` for the owner's extras), on the
shared :mod:`~sync.config.rules`; :mod:`~sync.config.file` is the whole file,
:mod:`~sync.config.load` reads it, :mod:`~sync.config.messages` words pydantic's errors,
:mod:`~sync.config.sites` lists several sites, and :mod:`~sync.config.edit` is the one change
wixsync makes to the file (``wixsync init``'s start date).
"""

from __future__ import annotations

from sync.config.alerts import AlertsSection, EmailAlerts, WebhookAlerts
from sync.config.daemon import DEFAULT_STATE, STATE_COMPANIONS, DaemonSection
from sync.config.errors import ConfigError
from sync.config.extras import ArchiveSection, ChoicesSection, RosterSection, SummarySection
from sync.config.file import Config, ConfigFile, api_key_in
from sync.config.load import load_config
from sync.config.rules import safe_base_url
from sync.config.sheet import ColumnOverride, ColumnsSection, SheetSection
from sync.config.sites import load_sites, site_paths
from sync.config.vocabulary import (
    DEFAULT_ATTENDED_NO,
    DEFAULT_ATTENDED_YES,
    DEFAULT_METHODS,
    DEFAULT_PAYMENT_WORDS,
    VocabularySection,
)
from sync.config.wix import BASE_URL_RULE, WixSection

__all__ = [
    "BASE_URL_RULE",
    "DEFAULT_ATTENDED_NO",
    "DEFAULT_ATTENDED_YES",
    "DEFAULT_METHODS",
    "DEFAULT_PAYMENT_WORDS",
    "DEFAULT_STATE",
    "STATE_COMPANIONS",
    "AlertsSection",
    "ArchiveSection",
    "ChoicesSection",
    "ColumnOverride",
    "ColumnsSection",
    "Config",
    "ConfigError",
    "ConfigFile",
    "DaemonSection",
    "EmailAlerts",
    "RosterSection",
    "SheetSection",
    "SummarySection",
    "VocabularySection",
    "WebhookAlerts",
    "WixSection",
    "api_key_in",
    "load_config",
    "load_sites",
    "safe_base_url",
    "site_paths",
]
