"""Every key the config file may hold is explained: in ``wixsync.example.toml`` (which the
README points to for every key), with a comment, or — for the few kept out of the example on
purpose — in the README."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from sync import config
from tests.docs.messages import ROOT, readme

EXAMPLE = (ROOT / "wixsync.example.toml").read_text(encoding="utf-8")
#: keys kept out of the example on purpose, and the README's words for them
README_ONLY = {"sheet.api_url": "`[sheet] api_url`", "sites": 'sites = ["club-a.toml"'}


def _keys(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[str]:
    for name, info in model.model_fields.items():
        yield ".".join((*path, name))
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _keys(arg, (*path, name))


KEYS = [*_keys(config.ConfigFile), "sites"]  # `sites`: a file listing sites (config.site_paths)


@pytest.mark.parametrize("key", KEYS)
def test_every_config_key_is_explained(key: str) -> None:
    if key in README_ONLY:
        assert README_ONLY[key] in readme(), key
        return
    name = re.escape(key.rsplit(".", 1)[-1])
    as_key = re.search(rf"^(# )?{name} = |^(# )?\[[a-z._]*\b{name}\]", EXAMPLE, re.MULTILINE)
    in_comment = re.search(rf"^#.*\b{name}\b", EXAMPLE, re.MULTILINE)
    assert as_key or in_comment, f"{key}: not in wixsync.example.toml"
    assert in_comment or re.search(rf"^\[[a-z.]*\b{name}\]\n#", EXAMPLE, re.MULTILINE), (
        f"{key}: no comment explains it in wixsync.example.toml"
    )
