"""What the program can say, collected from its source, and the README's Troubleshooting
table as patterns — for ``test_readme_messages``.

Two ways a message is found:

* **rendered** from a problem type with sample values (``sync.words``), the way a volunteer
  reads it in the Error column;
* **templates** read from a module's source with ``ast``: every string a module holds
  (docstrings, option help and identifiers aside), and the first argument of every log call
  and ``say(…)`` in the whole package, each computed part written ``…`` — so a message added
  to the code without a word in the README fails the test.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PACKAGE = ROOT / "sync"

#: modules whose every string is a message (they hold little else)
MESSAGE_MODULES = (
    *(  # the config package (its edit of the file aside)
        f"sync/config/{name}.py"
        for name in (
            "rules",
            "sheet",
            "vocabulary",
            "wix",
            "daemon",
            "extras",
            "alerts",
            "file",
            "load",
            "messages",
            "sites",
        )
    ),
    "sync/cli/group.py",
    "sync/cli/options.py",
    "sync/cli/sandbox.py",
    "sync/cli/doctor.py",
    "sync/cli/setup.py",
    "sync/cli/sync_cmds.py",
    "sync/cli/alerts.py",
    "sync/cli/archive.py",
    "sync/cli/status.py",
    "sync/cli/render.py",
    "sync/cli/found.py",
    "sync/cli/output.py",
    "sync/failures/__init__.py",
    "sync/failures/local.py",
    "sync/failures/remote.py",
    "sync/doctor/probes.py",
    "sync/doctor/rehearsal.py",
    "sync/doctor/money.py",
    "sync/doctor/undo.py",
    "sync/doctor/steps.py",
    "sync/doctor/report.py",
    "sync/daemon.py",
    "sync/engine/planner.py",
    "sync/sheet/columns.py",
)
LOG_CALLS = {"debug": False, "info": True, "warning": True, "error": True, "exception": True}
_PLACEHOLDER = re.compile(r"%[-#0-9.]*[sdrgfo]")
_RICH_TAG = re.compile(r"\[/?(?:green|red|yellow|bold|dim)?\]")


# -- the README ---------------------------------------------------------------------------------
@cache
def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of ``## title`` up to the next ``## `` heading."""
    text = readme()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


class Pattern:
    """A README pattern: ``…`` stands for any text (on one line); a quoted ``'…'`` may be
    quoted or not; runs of spaces count as one. Matched piece by piece, in order, so no
    pattern can backtrack for long."""

    def __init__(self, text: str) -> None:
        self.text = text
        normal = " ".join(text.replace("'…'", "…").replace('"…"', "…").split())
        self.pieces = [piece for piece in normal.split("…") if piece]

    def matches(self, message: str) -> bool:
        """The whole message: it starts with the first piece unless the pattern starts with
        ``…``, and ends with the last piece unless the pattern ends with ``…``."""
        message = " ".join(message.split())
        normal = " ".join(self.text.split())
        if not self.pieces:
            return False
        if not normal.startswith(("…", "'…'", '"…"')) and not message.startswith(self.pieces[0]):
            return False
        if not normal.endswith(("…", "'…'", '"…"')) and not message.endswith(self.pieces[-1]):
            return False
        return self._in(message)

    def search(self, text: str) -> bool:
        """Anywhere in the text, on one line."""
        return any(self._in(" ".join(line.split())) for line in text.splitlines())

    def _in(self, line: str) -> bool:
        at = 0
        for piece in self.pieces:
            found = line.find(piece, at)
            if found == -1:
                return False
            at = found + len(piece)
        return True

    def __repr__(self) -> str:
        return f"Pattern({self.text!r})"


@cache
def troubleshooting_patterns() -> tuple[Pattern, ...]:
    """Every backticked message in the first column of the Troubleshooting tables."""
    found = []
    for line in section("Troubleshooting").splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        first = line.split(" | ")[0]
        found += [Pattern(quoted) for quoted in re.findall(r"`([^`]+)`", first)]
    return tuple(found)


def in_troubleshooting(message: str) -> bool:
    """A pattern of the Troubleshooting tables matches the whole message."""
    return any(pattern.matches(message) for pattern in troubleshooting_patterns())


def explained(message: str, *, anywhere: bool = True) -> bool:
    """The message matches a Troubleshooting pattern, or (``anywhere``) it appears in the
    README, its ``…`` parts standing for any text on the same line."""
    if in_troubleshooting(message):
        return True
    return anywhere and Pattern(message).search(readme())


# -- templates from the source -------------------------------------------------------------------
def render(node: ast.AST) -> str | None:
    """A string expression as text, each computed part as ``…`` (None: not a string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = render(node.left), render(node.right)
        if left is not None or right is not None:
            return (left or "…") + (right or "…")
    return None


def _clean(text: str) -> str:
    text = _RICH_TAG.sub("", _PLACEHOLDER.sub("…", text))
    return re.sub(r"…+", "…", " ".join(text.split()))


def _wordy(text: str) -> bool:
    """Prose, not an identifier, a path or a URL: three words with letters."""
    return sum(1 for word in text.split() if re.search(r"[A-Za-z]{2}", word)) >= 3


def _skipped(tree: ast.Module) -> set[int]:
    """Docstrings, strings inside decorators (click options and their help), keyword
    arguments (``help=``, ``metavar=``…), and the inner parts of a rendered expression."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
        for deco in getattr(node, "decorator_list", []):
            skip |= {id(n) for n in ast.walk(deco)}
        if isinstance(node, ast.Call) and (
            _call_name(node) in ("option", "add_column")
            or (isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "re")
        ):  # click options and their help, table columns, regular expressions
            skip |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.keyword):
            skip |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.JoinedStr | ast.BinOp):
            skip |= {id(n) for n in ast.walk(node) if n is not node}
    return skip


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def module_templates(relative: str) -> Iterator[tuple[str, str]]:
    """Every prose string of a message module, as ``(where, template)``."""
    path = ROOT / relative
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        text = render(node) if isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp) else None
        if text is not None and _wordy(_clean(text)):
            yield f"{relative}:{node.lineno}", _clean(text)


def log_templates() -> Iterator[tuple[str, str]]:
    """The first argument of every log call (debug aside) and every ``say(…)`` in the
    package (the sandbox, which is not the product, aside)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("sync/sandbox/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = _call_name(node)
            if not (LOG_CALLS.get(name) or name == "say"):
                continue
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name != "say" and not (isinstance(receiver, ast.Name) and receiver.id == "log"):
                continue
            text = render(node.args[0])
            if text is not None and _wordy(_clean(text)):
                yield f"{relative}:{node.lineno}", _clean(text)
