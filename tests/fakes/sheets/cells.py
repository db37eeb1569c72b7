"""What a cell holds, how written values become cell contents, and how contents are rendered.

A cell value is a ``str``, a number (``int``/``float``), a ``bool`` or a :class:`Formula`.

Input (``valueInputOption``):

* ``RAW`` stores exactly what was sent: ``"=1+2"``, ``"+44…"``, ``"0012"``, ``"TRUE"`` stay
  text; JSON numbers and booleans stay numbers and booleans.
* ``USER_ENTERED`` parses strings as if typed in the UI (en_US): a leading ``=`` makes a
  formula, a leading ``'`` is stripped and forces text, numeric strings (``"53"``,
  ``"-1.5"``, ``"1,234"``, ``"1e3"``) become numbers, ``TRUE``/``FALSE`` (any case)
  become booleans. In a cell whose number format is ``TEXT`` strings are kept as typed.

Output (``valueRenderOption``): ``FORMATTED_VALUE`` gives strings (``53`` → ``"53"``,
``True`` → ``"TRUE"``); ``UNFORMATTED_VALUE`` gives JSON numbers and booleans;
``FORMULA`` gives formula text for formulas and unformatted values for the rest.

Not simulated: formulas are *not* really evaluated. A formula made only of number literals,
``+ - * / ^`` and parentheses (``=4/2``) is computed; any other formula (cell references,
functions) renders as its own text under ``FORMATTED_VALUE``/``UNFORMATTED_VALUE``. Dates,
times, percentages, currencies and locale-specific numbers (``"1,5"`` on de_DE) are not
parsed: they stay text, so ``dateTimeRenderOption`` never changes anything. Number display
under ``FORMATTED_VALUE`` is an approximation of the "Automatic" format.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass
from typing import Any

VALUE_INPUT_OPTIONS = ("RAW", "USER_ENTERED")
VALUE_RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATE_TIME_RENDER_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class Formula:
    """A formula as entered, including its leading ``=``."""

    text: str


Value = str | int | float | bool | Formula


class BadValue(TypeError):
    """A written value that is not a JSON string, number, boolean or null."""


def number(value: float) -> int | float:
    """Integral floats as ints, the way Google's JSON prints them (``53``, not ``53.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def from_input(raw: Any, option: str, *, text_format: bool = False) -> Value | None:
    """A written JSON value → cell content; ``None`` means "clear the cell" (``""``).

    JSON ``null`` (skip the cell) is the caller's business and never reaches here."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise BadValue("not a finite number")
        return number(raw)
    if not isinstance(raw, str):
        raise BadValue(type(raw).__name__)
    if raw == "":
        return None
    if option == "RAW" or text_format:
        return raw
    if raw.startswith("'"):
        return raw[1:]
    if raw.startswith("="):
        return Formula(raw)
    stripped = raw.strip()
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE"
    if _NUMBER.match(stripped):
        if stripped.lstrip("+-").isdigit() and len(stripped) < 16:
            return int(stripped)
        return number(float(stripped))
    if _GROUPED.match(stripped):
        return number(float(stripped.replace(",", "")))
    return raw


def evaluate(formula: Formula) -> Value:
    """The formula's value when it is plain arithmetic on literals, else the formula."""
    source = formula.text[1:].replace("^", "**")
    if "**" in formula.text[1:] or len(source) > 200:
        return formula
    try:
        result = _arithmetic(ast.parse(source, mode="eval").body)
    except ZeroDivisionError:
        return "#DIV/0!"
    except (SyntaxError, ValueError, OverflowError):
        return formula
    return number(float(result)) if isinstance(result, float) else result


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def _arithmetic(node: ast.AST) -> int | float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        operand = _arithmetic(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _arithmetic(node.left), _arithmetic(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 100:
            raise ValueError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    raise ValueError("not arithmetic on literals")


def display_number(value: int | float) -> str:
    """A number as the "Automatic" format shows it (approximate)."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return format(value, ".15g").replace("e+", "E+").replace("e-", "E-")


def render(value: Value, option: str) -> Any:
    """Cell content as ``values.get`` answers it under ``valueRenderOption=option``."""
    if isinstance(value, Formula):
        if option == "FORMULA":
            return value.text
        value = evaluate(value)
        if isinstance(value, Formula):  # not simulated: shown as its own text
            return value.text
    if option == "FORMATTED_VALUE":
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int | float):
            return display_number(value)
    return value


def typed(value: Value) -> dict[str, Any]:
    """Cell content as an ``ExtendedValue`` (``{"numberValue": 3}``), for control dumps."""
    if isinstance(value, Formula):
        return {"formulaValue": value.text}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": value}


def sort_key(value: Value) -> tuple[int, Any]:
    """Ascending order for ``sortRange``: numbers, then text (case-insensitive), then
    booleans. Blank cells are not given a key: they always go last."""
    if isinstance(value, Formula):
        value = evaluate(value)
        if isinstance(value, Formula):
            value = value.text
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, value)
    return (1, value.casefold())
