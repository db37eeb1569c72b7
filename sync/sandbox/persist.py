"""Keep a sandbox's site on disk between commands (``wixsync demo``, then ``wixsync sync
--once`` on the demo sheet): the seed, every object, and the ID source's state."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sync.sandbox.app import Sandbox
from sync.sandbox.models.site import Site


def save(sandbox: Sandbox, path: str | Path) -> None:
    site = sandbox.site
    version, internal, gauss = site.ids.state()  # type: ignore[misc]
    data: dict[str, Any] = {
        "seed": sandbox.seed_document,
        "objects": {name: getattr(site, name) for name in Site._MUTABLE},
        "switches": site.switches.as_dict(),
        "ids": [version, list(internal), gauss],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the state folder: private
    fd, tmp = tempfile.mkstemp(prefix=".sandbox.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def load(path: str | Path, *, rate_limit: int | None = None, latency: float = 0.0) -> Sandbox:
    from sync.sandbox import build_sandbox

    data = json.loads(Path(path).read_text("utf-8"))
    sandbox = build_sandbox(data["seed"], rate_limit=rate_limit, latency=latency)
    site = sandbox.site
    for name, value in data["objects"].items():
        setattr(site, name, value)
    site.switches.update(data["switches"])
    version, internal, gauss = data["ids"]
    site.ids.restore((version, tuple(internal), gauss))
    return sandbox
