"""Removal dates of the pinned official Wix SDK packages, and what a request log touches.

Pure Python over ``tests/sdk/node_modules`` (``npm ci --prefix tests/sdk``): nothing runs Node.

* :func:`load_catalog` reads every ``@targetRemovalDate`` tag of every pinned
  ``@wix/auto_sdk_*`` package (``build/cjs`` and, where present, ``build/internal/cjs``:
  ``index.typings.d.ts``, the ``*.universal-*.d.ts`` typings and ``meta.d.ts``) with the
  interface field, function or enum value it stands on; the REST request and response
  interfaces of every SDK function (``meta.d.ts`` ``__PublicMethodMetaInfo<…, Request,
  …, Response>``, REST field names: ``id``, not ``_id``); and every function's HTTP method
  and ``www.wixapis.com`` path, resolved from ``build/cjs/index.js`` exactly as
  ``@wix/sdk-runtime`` ``resolveUrl`` does (first mapping whose ``destPath`` prefixes the
  proto path; ``routes.tsv`` in the shared reference is this table).
* :func:`check` maps each logged request (method, path) to its SDK function and walks its
  JSON body (and query) through the request interface, and each recorded response read
  through the response interface; every tagged function or field met is a :class:`Hit`.

A tag found on ``Interface.field`` of one ``ecom_*`` package also covers the same
untagged ``Interface.field`` of its sibling ``ecom_*`` packages (reported "via" the package
that carries it): Checkout v1's ``MembershipOptions.eligibleMemberships`` is the legacy
ListEligibleMemberships list whose removal (2026-10-01) is declared in Cart V2's copy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SDK_DIR = Path(__file__).resolve().parents[1] / "sdk"
NODE_MODULES = SDK_DIR / "node_modules"
#: how far ahead a removal is reported (not failed)
HORIZON_DAYS = 90

_DOC_START = re.compile(r"^\s*/\*\*")
_TAG_DATE = re.compile(r"@targetRemovalDate\s+(\d{4}-\d{2}-\d{2})")
_TAG_REPLACED = re.compile(r"@replacedBy\s+(\S+)")
_TAG_FQN = re.compile(r"@fqn\s+(\S+)")
_INTERFACE = re.compile(r"^interface (\w+)(?:<[^>]*>)?(?: extends ([\w$, ]+))? \{\s*$")
_ENUM = re.compile(r"^declare enum (\w+) \{\s*$")
_FUNCTION = re.compile(r"^declare function (\w+)\s*[<(]")
_FIELD = re.compile(r"^ {4}(\w+|\"[^\"]+\")\??:\s*(.+?);\s*$")
_ENUM_MEMBER = re.compile(r"^ {4}(\w+)\s*=\s*\"([^\"]*)\",?\s*$")
_META_FN = re.compile(
    r"declare function (\w+)\(\): __PublicMethodMetaInfo<'(\w+)',\s*\{.*?\},\s*"
    r"([\w$]+),\s*([\w$]+),\s*([\w$]+),\s*([\w$]+)>;",
    re.S,
)
_BUILDER = re.compile(
    r"^function (\w+)\(payload\) \{\n\s*function __\1\(\{ host \}\) \{(.*?)\n  return __\1;",
    re.S | re.M,
)
_RESOLVER = re.compile(
    r"^function (\w+)\(opts\) \{\n\s*const domainToMappings = \{(.*?)\n  \};", re.S | re.M
)
_MAPPING = re.compile(r'srcPath:\s*"([^"]*)",\s*destPath:\s*"([^"]*)"')
_NOT_TYPES = {"Record", "Date", "Array", "Partial", "Omit", "Pick", "NonNullable"}


@dataclass(frozen=True)
class Removal:
    package: str  # "ecom_order-transactions"
    version: str
    owner: str  # interface, enum, or "FUNCTION"
    member: str  # field, enum value, or function name
    removal: date
    replaced_by: str
    source: str  # file:line
    fqn: str = ""

    @property
    def key(self) -> str:
        return f"{self.owner}.{self.member}"

    def __str__(self) -> str:
        via = f" → {self.replaced_by}" if self.replaced_by and self.replaced_by != "-" else ""
        return f"{self.package}@{self.version} {self.key} (removal {self.removal}){via}"


@dataclass
class Field:
    name: str
    types: list[str]  # interface names the field's type refers to
    raw_type: str
    removal: Removal | None = None


@dataclass
class Interface:
    name: str
    bases: list[str]
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    package: str
    version: str
    function: str  # SDK function (builder) name, e.g. "addPayments"
    fqn: str  # methodFqn, e.g. "com.wix.ecom.orders.payments.v1.Payments.AddPayments"
    method: str
    path: str  # www.wixapis.com path template, e.g. /ecom/v1/payments/orders/{orderId}/add-payment
    request_type: str | None
    response_type: str | None

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(f"^{regex}/?$")

    @property
    def literal_weight(self) -> int:
        return len(re.sub(r"\{[^}]+\}", "", self.path))


@dataclass
class Package:
    name: str  # "@wix/auto_sdk_ecom_orders"
    short: str  # "ecom_orders"
    version: str
    interfaces: dict[str, Interface] = field(default_factory=dict)
    enums: dict[str, dict[str, Removal]] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)

    def function_removal(self, route: Route) -> Removal | None:
        for r in self.removals:
            if r.owner == "FUNCTION" and (
                (r.fqn and r.fqn == route.fqn) or (not r.fqn and r.member == route.function)
            ):
                return r
        return None

    def lookup(self, iface: str, name: str, seen: set[str] | None = None) -> Field | None:
        seen = seen or set()
        if iface in seen or iface not in self.interfaces:
            return None
        seen.add(iface)
        found = self.interfaces[iface].fields.get(name)
        if found:
            return found
        for base in self.interfaces[iface].bases:
            hit = self.lookup(base, name, seen)
            if hit:
                return hit
        return None


@dataclass
class Catalog:
    packages: list[Package]

    @property
    def removals(self) -> list[Removal]:
        return [r for p in self.packages for r in p.removals]

    @property
    def routes(self) -> list[Route]:
        return [r for p in self.packages for r in p.routes]

    def package(self, short: str) -> Package:
        return next(p for p in self.packages if p.short == short)

    def route_for(self, method: str, path: str) -> Route | None:
        matches = [r for r in self.routes if r.method == method.upper() and r.pattern.match(path)]
        # the most literal path wins; between twins (two services routing one path) the one
        # whose REST types meta.d.ts declares, then the first in index.js
        best = sorted(matches, key=lambda r: (-r.literal_weight, r.request_type is None))
        return best[0] if best else None

    def sibling_removal(self, package: Package, iface: str, name: str) -> Removal | None:
        """A tag on the same ``Interface.field`` of another package of the same domain."""
        domain = package.short.split("_", 1)[0]
        for other in self.packages:
            if other is package or other.short.split("_", 1)[0] != domain:
                continue
            found = other.lookup(iface, name)
            if found and found.removal:
                return found.removal
        return None


# -- reading the packages -----------------------------------------------------------------


def pinned_packages(sdk_dir: Path = SDK_DIR) -> dict[str, str]:
    """``@wix/auto_sdk_*`` dependencies of tests/sdk/package.json with their exact versions."""
    manifest = json.loads((sdk_dir / "package.json").read_text())
    deps: dict[str, str] = manifest.get("dependencies", {})
    return {k: v for k, v in sorted(deps.items()) if k.startswith("@wix/auto_sdk_")}


def _typing_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for sub in ("build/cjs", "build/internal/cjs"):
        folder = root / sub
        if folder.is_dir():
            files += sorted(p for p in folder.glob("*.d.ts") if p.name != "index.d.ts")
    return files


def _type_names(raw: str) -> list[str]:
    if "{" in raw:  # an inline object type: not walked
        return []
    return [t for t in re.findall(r"\b([A-Z]\w*)\b", raw) if t not in _NOT_TYPES]


def parse_typings(
    text: str, package: str, version: str, source: str
) -> tuple[dict[str, Interface], dict[str, dict[str, Removal]], list[Removal]]:
    """Interfaces (with their fields' removal tags), enum-member tags and every tag."""
    interfaces: dict[str, Interface] = {}
    enums: dict[str, dict[str, Removal]] = {}
    removals: list[Removal] = []
    lines = text.splitlines()
    current: Interface | None = None
    current_enum: str | None = None
    doc: list[str] | None = None
    pending: str | None = None  # the last finished JSDoc, waiting for its declaration
    for number, line in enumerate(lines, start=1):
        if doc is not None:
            doc.append(line)
            if "*/" in line:
                pending, doc = "\n".join(doc), None
            continue
        if _DOC_START.match(line):
            doc = [line]
            if "*/" in line:
                pending, doc = line, None
            continue
        if not line.strip():
            continue
        tag = _TAG_DATE.search(pending) if pending else None
        replaced = _TAG_REPLACED.search(pending) if pending else None
        fqn = _TAG_FQN.search(pending) if pending else None

        def removal(
            owner: str,
            member: str,
            *,
            fqn_: str = "",
            tag_: re.Match[str] | None = tag,
            replaced_: re.Match[str] | None = replaced,
            line_no: int = number,
        ) -> Removal:
            assert tag_ is not None
            return Removal(
                package,
                version,
                owner,
                member,
                date.fromisoformat(tag_.group(1)),
                replaced_.group(1) if replaced_ else "-",
                f"{source}:{line_no}",
                fqn_,
            )

        if m := _INTERFACE.match(line):
            bases = [b.strip() for b in (m.group(2) or "").split(",") if b.strip()]
            current = interfaces.setdefault(m.group(1), Interface(m.group(1), bases))
            current_enum = None
        elif m := _ENUM.match(line):
            current, current_enum = None, m.group(1)
            enums.setdefault(current_enum, {})
        elif line.startswith("}"):
            current, current_enum = None, None
        elif m := _FUNCTION.match(line):
            current, current_enum = None, None
            if tag:
                removals.append(removal("FUNCTION", m.group(1), fqn_=fqn.group(1) if fqn else ""))
        elif current is not None and (m := _FIELD.match(line)):
            name = m.group(1).strip('"')
            f = Field(name, _type_names(m.group(2)), m.group(2))
            if tag:
                f.removal = removal(current.name, name)
                removals.append(f.removal)
            current.fields.setdefault(name, f)
        elif current_enum is not None and tag and (m := _ENUM_MEMBER.match(line)):
            r = removal(current_enum, m.group(2))
            enums[current_enum][m.group(2)] = r
            removals.append(r)
        pending = None
    return interfaces, enums, removals


def _resolve_path(proto_path: str, mappings: list[tuple[str, str]]) -> str:
    """@wix/sdk-runtime rest-modules.js resolvePathFromMappings for www.wixapis.com."""
    for src, dest in mappings:
        if proto_path.startswith(dest):
            return src + proto_path[len(dest) :]
    return proto_path


def parse_routes(index_js: str) -> list[tuple[str, str, str, str]]:
    """(builder name, methodFqn, HTTP method, www.wixapis.com path) for every builder."""
    resolvers: dict[str, list[tuple[str, str]]] = {}
    for m in _RESOLVER.finditer(index_js):
        body = m.group(2)
        start = body.find('"www.wixapis.com": [')
        if start < 0:
            resolvers[m.group(1)] = []
            continue
        end = body.find("]", start)
        resolvers[m.group(1)] = _MAPPING.findall(body[start:end])
    out = []
    for m in _BUILDER.finditer(index_js):
        body = m.group(2)
        method = re.search(r'method: "(\w+)"', body)
        fqn = re.search(r'methodFqn: "([^"]+)"', body)
        url = re.search(r'url: (\w+)\(\{\s*protoPath: "([^"]+)"', body)
        if not (method and fqn and url):
            continue
        path = _resolve_path(url.group(2), resolvers.get(url.group(1), []))
        out.append((m.group(1), fqn.group(1), method.group(1), path))
    return out


def load_package(name: str, node_modules: Path = NODE_MODULES) -> Package:
    root = node_modules / name
    version = json.loads((root / "package.json").read_text())["version"]
    short = name.removeprefix("@wix/auto_sdk_")
    pkg = Package(name, short, version)
    meta_text = ""
    for path in _typing_files(root):
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(node_modules))
        interfaces, enums, removals = parse_typings(text, short, version, rel)
        pkg.removals += removals
        if path.name == "meta.d.ts":
            # REST names: the wire. build/internal/cjs/meta.d.ts (read last) is a superset.
            meta_text = text
            for iname, iface in interfaces.items():
                pkg.interfaces[iname] = iface
            for ename, members in enums.items():
                pkg.enums.setdefault(ename, {}).update(members)
    types = {m.group(1): (m.group(4), m.group(6)) for m in _META_FN.finditer(meta_text)}
    index_js = (root / "build/cjs/index.js").read_text(encoding="utf-8")
    for builder, fqn, method, path in parse_routes(index_js):
        request, response = types.get(builder, (None, None))
        method_name = fqn.rsplit(".", 1)[-1]
        if request is None and f"{method_name}Request" in pkg.interfaces:
            request = f"{method_name}Request"
        if response is None and f"{method_name}Response" in pkg.interfaces:
            response = f"{method_name}Response"
        pkg.routes.append(Route(short, version, builder, fqn, method, path, request, response))
    # one entry per (where, what): the same tag is in the typings, the internal typings and meta
    unique: dict[tuple[str, str, date], Removal] = {}
    for r in pkg.removals:
        unique.setdefault((r.owner, r.member, r.removal), r)
    pkg.removals = list(unique.values())
    return pkg


def load_catalog(sdk_dir: Path = SDK_DIR) -> Catalog:
    node_modules = sdk_dir / "node_modules"
    return Catalog([load_package(n, node_modules) for n in pinned_packages(sdk_dir)])


# -- checking what was sent ---------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One request as the sandbox logged it (``sync.sandbox.request_log.LogEntry``)."""

    method: str
    path: str
    body: Any = None
    query: dict[str, list[Any]] | None = None
    #: response field paths the client read (``a.b[].c``), if recorded
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    method: str
    path: str  # the SDK's path template, e.g. /ecom/v1/payments/orders/{orderId}/add-payment
    function: str  # "ecom_order-transactions.addPayments"
    where: str  # "request", "query", "response read" or "function"
    field_path: str  # body path, e.g. payments[].regularPaymentDetails.status
    removal: Removal
    via: str = ""  # sibling package whose tag applies

    def days_left(self, today: date) -> int:
        return (self.removal.removal - today).days

    def describe(self, today: date) -> str:
        left = self.days_left(today)
        when = f"{-left} days ago" if left < 0 else ("today" if left == 0 else f"in {left} days")
        via = f" (tag via {self.via})" if self.via else ""
        what = self.field_path if self.where != "function" else "the method itself"
        return (
            f"{self.method} {self.path} [{self.function}] {self.where} {what}: "
            f"{self.removal}{via}, removed {when}"
        )


@dataclass
class Report:
    today: date
    hits: list[Hit] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # requests no pinned function serves
    unknown_fields: list[str] = field(default_factory=list)  # not in the request interface
    functions: set[str] = field(default_factory=set)

    @property
    def overdue(self) -> list[Hit]:
        return [h for h in self.hits if h.removal.removal <= self.today]

    def soon(self, days: int = HORIZON_DAYS) -> list[Hit]:
        limit = self.today + timedelta(days=days)
        return [h for h in self.hits if self.today < h.removal.removal <= limit]

    def summary(self, days: int = HORIZON_DAYS) -> str:
        def unique(items: Iterable[str]) -> list[str]:
            return sorted(set(items))

        lines = [f"removal check as of {self.today}: {len(self.functions)} SDK functions used"]
        lines += [f"  REMOVED  {h}" for h in unique(h.describe(self.today) for h in self.overdue)]
        lines += [
            f"  SOON     {h}" for h in unique(h.describe(self.today) for h in self.soon(days))
        ]
        lines += [f"  UNMAPPED {u}" for u in unique(self.unmapped)]
        lines += [f"  UNKNOWN  {u}" for u in unique(self.unknown_fields)]
        return "\n".join(lines)


def _query_as_body(query: dict[str, list[Any]] | None) -> dict[str, Any]:
    """GET parameters (``a.b=1`` or the decoded ``.r``) as the request object they stand for."""
    out: dict[str, Any] = {}
    for key, values in (query or {}).items():
        value: Any = values[0] if isinstance(values, list) and len(values) == 1 else values
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _walk(
    catalog: Catalog,
    pkg: Package,
    iface: str | None,
    value: Any,
    prefix: str,
    found: list[tuple[str, Removal, str]],
    unknown: list[str],
) -> None:
    """Every (path, removal, via) the value touches in ``iface``; unknown names too."""
    if isinstance(value, list):
        for item in value:
            _walk(catalog, pkg, iface, item, prefix + "[]", found, unknown)
        return
    if not isinstance(value, dict) or iface is None:
        return
    if iface not in pkg.interfaces:
        return
    for key, child in value.items():
        path = f"{prefix}.{key}" if prefix else key
        f = pkg.lookup(iface, key)
        if f is None:
            unknown.append(f"{iface}.{key} ({path})")
            continue
        if f.removal:
            found.append((path, f.removal, ""))
        else:
            sibling = catalog.sibling_removal(pkg, iface, key)
            if sibling:
                found.append((path, sibling, f"{sibling.package}@{sibling.version}"))
        enum_tags = [pkg.enums.get(t, {}) for t in f.types]
        for scalar in child if isinstance(child, list) else [child]:
            if isinstance(scalar, str):
                for tags in enum_tags:
                    if scalar in tags:
                        found.append((f"{path}={scalar}", tags[scalar], ""))
        target = next((t for t in f.types if t in pkg.interfaces), None)
        if target and not f.raw_type.startswith("Record<"):
            _walk(catalog, pkg, target, child, path, found, unknown)


def _reads_as_tree(reads: Iterable[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for read in reads:
        node = tree
        for part in read.replace("[]", "").split("."):
            if part:
                node = node.setdefault(part, {})
    return tree


def check(sent: Iterable[Sent], catalog: Catalog, today: date) -> Report:
    report = Report(today)
    for req in sent:
        route = catalog.route_for(req.method, req.path)
        if route is None:
            report.unmapped.append(f"{req.method} {req.path}")
            continue
        pkg = catalog.package(route.package)
        fn = f"{route.package}.{route.function}"
        report.functions.add(fn)
        fn_removal = pkg.function_removal(route)
        if fn_removal:
            report.hits.append(Hit(req.method, route.path, fn, "function", "", fn_removal))
        for where, value, iface in (
            ("request", req.body if isinstance(req.body, dict) else {}, route.request_type),
            ("query", _query_as_body(req.query), route.request_type),
            ("response read", _reads_as_tree(req.reads), route.response_type),
        ):
            found: list[tuple[str, Removal, str]] = []
            unknown: list[str] = []
            _walk(catalog, pkg, iface, value, "", found, unknown)
            for path, removal, via in found:
                report.hits.append(Hit(req.method, route.path, fn, where, path, removal, via))
            if where != "response read":
                report.unknown_fields += [f"{fn} {where} {u}" for u in unknown]
    return report


# -- recording what the client reads ------------------------------------------------------


class ReadRecorder:
    """Collects the response field paths a client looks up (``get``, ``[]``, ``in``)."""

    def __init__(self) -> None:
        self.paths: set[str] = set()

    def wrap(self, value: Any, prefix: str = "") -> Any:
        if isinstance(value, dict):
            return _TrackedDict(value, self, prefix)
        if isinstance(value, list):
            return _TrackedList(value, self, prefix)
        return value


class _TrackedDict(dict):  # type: ignore[type-arg]
    """A dict that records explicit key look-ups; bulk copies and dumps read it untracked."""

    def __init__(self, data: dict[str, Any], recorder: ReadRecorder, prefix: str) -> None:
        super().__init__(data)
        self._recorder = recorder
        self._prefix = prefix

    def _path(self, key: Any) -> str:
        return f"{self._prefix}.{key}" if self._prefix else str(key)

    def __getitem__(self, key: Any) -> Any:
        self._recorder.paths.add(self._path(key))
        return self._recorder.wrap(super().__getitem__(key), self._path(key))

    def get(self, key: Any, default: Any = None) -> Any:
        self._recorder.paths.add(self._path(key))
        if key in self.keys():
            return self._recorder.wrap(super().__getitem__(key), self._path(key))
        return default

    def __contains__(self, key: object) -> bool:
        self._recorder.paths.add(self._path(key))
        return super().__contains__(key)


class _TrackedList(list):  # type: ignore[type-arg]
    def __init__(self, data: list[Any], recorder: ReadRecorder, prefix: str) -> None:
        super().__init__(data)
        self._recorder = recorder
        self._prefix = prefix + "[]"

    def __getitem__(self, index: Any) -> Any:
        item = super().__getitem__(index)
        if isinstance(index, slice):
            return _TrackedList(item, self._recorder, self._prefix[:-2])
        return self._recorder.wrap(item, self._prefix)

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            yield self._recorder.wrap(item, self._prefix)
