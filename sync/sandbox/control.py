"""The control plane: test and demo controls on ``/_sandbox/…`` (never a Wix path).

=======  ==========================  ==================================================
method   path                        does
=======  ==========================  ==================================================
GET      /_sandbox/info              site id, API keys, services, sessions, contacts, plans
POST     /_sandbox/reset             reload the seed (body: a seed document, optional)
GET      /_sandbox/state             dump every object
GET      /_sandbox/requests          the request log (``?since=N``)
DELETE   /_sandbox/requests          clear the request log
GET      /_sandbox/faults            active faults
POST     /_sandbox/faults            add a fault, or a list of them (see ``faults.Fault``)
DELETE   /_sandbox/faults            remove all faults
POST     /_sandbox/rate-limit        ``{"perMinute": 200}`` (``null`` turns it off)
POST     /_sandbox/latency           ``{"seconds": 0.1}`` added to every API call
GET/POST /_sandbox/switches          read / set the "(verify)" switches
POST     /_sandbox/clock             ``{"now": "2026-11-27T13:30:00Z"}`` (``null``: real time)
=======  ==========================  ==================================================
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Protocol

from werkzeug.wrappers import Request, Response

from sync.sandbox.faults import Fault, FaultBook, RateLimiter
from sync.sandbox.models.site import Site, parse_iso
from sync.sandbox.request_log import LogEntry


class Controlled(Protocol):
    """What the control plane drives: the state of a :class:`sync.sandbox.app.Sandbox`."""

    site: Site
    seed_document: dict[str, Any]
    log: list[LogEntry]
    faults: FaultBook
    rate_limiter: RateLimiter
    latency: float


class ControlPlane:
    def __init__(self, sandbox: Controlled) -> None:
        self.sandbox = sandbox

    def handle(self, request: Request) -> Response:
        action = request.path[len("/_sandbox") :].strip("/")
        method = request.method
        try:
            body = json.loads(request.data) if request.data else None
            result = self.dispatch(method, action, body, request.args.to_dict())
        except (KeyError, ValueError, TypeError) as exc:
            return _json(400, {"error": str(exc)})
        if result is None:
            return _json(404, {"error": f"no control action {method} /_sandbox/{action}"})
        return _json(200, result)

    def dispatch(self, method: str, action: str, body: Any, args: dict[str, str]) -> Any:
        sb = self.sandbox
        if (method, action) == ("GET", "info"):
            from sync.sandbox.seed import describe

            return describe(sb.site)
        if (method, action) == ("POST", "reset"):
            from sync.sandbox.seed import load_site

            document = body or sb.seed_document
            sb.site = load_site(document, clock=sb.site.clock, now=sb.site.frozen_now)
            sb.seed_document = document
            sb.log.clear()
            sb.faults.clear()
            sb.rate_limiter.reset()
            return {"reset": True, "siteId": sb.site.site_id}
        if (method, action) == ("GET", "state"):
            return sb.site.dump()
        if action == "requests":
            if method == "DELETE":
                sb.log.clear()
                return {"cleared": True}
            since = int(args.get("since", 0))
            return {"requests": [asdict(e) for e in sb.log if e.seq > since]}
        if action == "faults":
            if method == "DELETE":
                sb.faults.clear()
                return {"cleared": True}
            if method == "POST":
                for item in body if isinstance(body, list) else [body]:
                    sb.faults.add(Fault(**item))
            return {"faults": sb.faults.listing()}
        if (method, action) == ("POST", "rate-limit"):
            sb.rate_limiter.per_minute = body.get("perMinute")
            sb.rate_limiter.reset()
            return {"perMinute": sb.rate_limiter.per_minute}
        if (method, action) == ("POST", "latency"):
            sb.latency = float(body.get("seconds", 0))
            return {"seconds": sb.latency}
        if action == "switches":
            if method == "POST":
                sb.site.switches.update(body or {})
            return sb.site.switches.as_dict()
        if (method, action) == ("POST", "clock"):
            now = (body or {}).get("now")
            sb.site.frozen_now = parse_iso(now) if now else None
            return {"now": sb.site.stamp()}
        return None


def _json(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")
