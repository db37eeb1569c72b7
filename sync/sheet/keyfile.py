"""The service account's key file, checked before google-auth reads it.

The files people download from the Google Cloud console by mistake are told apart here, each
as one :class:`KeyFileUnusable` with its :class:`KeyProblem` (the words are in
:mod:`sync.failures`), never as google-auth's ``MalformedError`` or a JSON traceback:

* an **OAuth client** file (``{"installed": {...}}`` or ``{"web": {...}}``): made under
  *Credentials → OAuth client ID*, it signs a person in, not a robot;
* a person's **gcloud sign-in** (``"type": "authorized_user"``) or any other ``type``;
* the repository's **example** file, ``credentials.example.json``, copied as it is;
* a file that is **not JSON** (a ``.p12`` key, an HTML page saved instead of the file);
* a key whose **private key** cannot be read (cut short, or edited).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from sync.redact import register_service_account

#: the fields a service-account key has (google-auth needs the last three)
SERVICE_ACCOUNT_FIELDS = ("client_email", "private_key", "token_uri")
#: what the repository's credentials.example.json says of itself
EXAMPLE_MARKS = ("DOCUMENTATION ONLY", "NOT-A-REAL-KEY")


class KeyProblem(StrEnum):
    MISSING = "missing"
    UNREADABLE = "unreadable"
    NOT_JSON = "not JSON"
    OAUTH_CLIENT = "OAuth client"
    NOT_SERVICE_ACCOUNT = "not a service account"
    EXAMPLE = "example"
    BAD_KEY = "bad private key"


class KeyFileUnusable(Exception):
    """The key file at ``path`` cannot sign in to Google; ``detail`` is what was found (the
    ``type`` it holds, the missing fields, the OS's reason), never the key itself."""

    def __init__(self, path: Path, problem: KeyProblem, detail: str = "") -> None:
        self.path, self.problem, self.detail = Path(path), problem, detail
        super().__init__(f"{path}: {problem}" + (f" ({detail})" if detail else ""))


def read_key_file(path: str | Path) -> dict[str, Any]:
    """The key file's JSON, or :class:`KeyFileUnusable` saying which wrong file it is."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileUnusable(path, KeyProblem.MISSING) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise KeyFileUnusable(path, KeyProblem.UNREADABLE, reason or type(exc).__name__) from None
    try:
        info = json.loads(text)
    except ValueError:
        raise KeyFileUnusable(path, KeyProblem.NOT_JSON) from None
    if isinstance(info, dict):  # whatever it turns out to be, its key is never shown
        register_service_account(info)
    check_key_info(path, info)
    return info


def check_key_info(path: Path, info: object) -> None:
    """Raise :class:`KeyFileUnusable` unless ``info`` looks like a service-account key."""
    if not isinstance(info, dict):
        raise KeyFileUnusable(path, KeyProblem.NOT_JSON, "not a JSON object")
    if any(isinstance(info.get(k), dict) for k in ("installed", "web")):
        raise KeyFileUnusable(path, KeyProblem.OAUTH_CLIENT)
    kind = info.get("type")
    if kind != "service_account":
        raise KeyFileUnusable(path, KeyProblem.NOT_SERVICE_ACCOUNT, f"type {kind!s}")
    said = " ".join(str(info.get(k, "")) for k in ("_comment", "private_key"))
    if any(mark in said for mark in EXAMPLE_MARKS):
        raise KeyFileUnusable(path, KeyProblem.EXAMPLE)
    missing = [k for k in SERVICE_ACCOUNT_FIELDS if not info.get(k)]
    if missing:
        raise KeyFileUnusable(path, KeyProblem.BAD_KEY, f"no {', '.join(missing)}")
