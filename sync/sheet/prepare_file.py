"""``wixsync init`` on a local sheet (``[sheet] file``): what a file can hold of what the
Google Sheet gets (:mod:`sync.sheet.prepare`).

Both kinds get the header row when the file is missing or empty (the configured columns),
and the daemon's columns added when missing. An ``.xlsx`` file also gets, in one atomic
replace:

* the header row frozen;
* a dropdown for Payment (the configured words), Class (the class names) and Attended
  (``x``, ``no``: a file has no checkbox), kept in the hidden tab ``wixsync lists``
  (:mod:`sync.sheet.xlsx_choices`, as the live dropdowns are);
* the daemon's header cells greyed (a file has no warning-only protection: Excel's sheet
  protection would also stop volunteers inserting and sorting rows);
* rows with an Error in red (a conditional format);
* the Row ID column hidden.

A ``.csv`` file holds values only, so it gets the header and nothing else. Running it again
with the same settings finds the stamp (a custom document property holding a hash of what
was applied) and changes nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from sync.sheet.base import CellWrite, Choices
from sync.sheet.columns import DEFAULT_COLUMNS, Column, Owner, match_headers
from sync.sheet.localfile import LocalSheet
from sync.sheet.prepare import ERROR_RED, Prepared, header_written

STAMP = "wixsync.init"
GREY = "FFE8E8E8"
#: an .xlsx has no checkbox: the Attended dropdown offers a tick and a no
ATTENDED_WORDS = ("x", "no")


def prepare_file(
    sheet: LocalSheet,
    *,
    payment_words: list[str],
    class_names: list[str],
    columns: tuple[Column, ...] = DEFAULT_COLUMNS,
) -> Prepared:
    steps: list[str] = []
    grid = sheet.read()
    if not grid or not any(str(c or "").strip() for c in grid[0]):
        if grid:  # a file of blank rows: the header goes on the first one
            sheet.write([CellWrite(0, i, c.header) for i, c in enumerate(columns)])
        else:
            sheet.path.parent.mkdir(parents=True, exist_ok=True)
            sheet.create([[c.header for c in columns]])
        steps.append(header_written(columns))
        grid = sheet.read()
    layout = match_headers(grid[0], columns)
    if layout.missing_daemon:
        sheet.add_columns([c.header for c in layout.missing_daemon], at=len(grid[0]))
        steps.append("added columns " + ", ".join(c.header for c in layout.missing_daemon))
        layout = match_headers(sheet.read()[0], columns)
    if sheet.path.suffix.lower() == ".csv":
        return Prepared(bool(steps), tuple(steps))
    from openpyxl import load_workbook

    spec = {"positions": layout.positions, "payment": payment_words, "classes": class_names}
    stamp = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    book = load_workbook(sheet.path)
    tab = book[sheet.worksheet] if sheet.worksheet else book.worksheets[0]
    if _stamp(book) == stamp and not steps:
        return Prepared(False, ())
    steps += _format(book, tab, layout.positions, payment_words, class_names, columns)
    _set_stamp(book, stamp)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet._replace(buffer.getvalue())
    return Prepared(True, tuple(steps))


def _format(
    book: Any,
    tab: Any,
    positions: dict[str, int],
    payment_words: list[str],
    class_names: list[str],
    columns: tuple[Column, ...],
) -> list[str]:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    from sync.sheet import xlsx_choices

    steps = []
    tab.freeze_panes = "A2"
    steps.append("froze the header row")
    grey = PatternFill("solid", start_color=GREY, end_color=GREY)
    for column in columns:
        if column.owner == Owner.DAEMON and column.key in positions:
            tab.cell(row=1, column=positions[column.key] + 1).fill = grey
    steps.append("greyed the daemon's headers (a file cannot protect them with a warning)")
    choices = [Choices(positions["payment"], 1, None, tuple(payment_words))]
    said = ["Payment dropdown"]
    if class_names:
        choices.append(Choices(positions["class_name"], 1, None, tuple(class_names)))
        said.append("Class dropdown")
    if "attended" in positions:
        choices.append(Choices(positions["attended"], 1, None, ATTENDED_WORDS))
        said.append("Attended dropdown (x, no: a file has no checkbox)")
    xlsx_choices.apply(book, tab, choices)
    steps += said
    error = get_column_letter(positions["error"] + 1)
    formula = f'${error}2<>""'
    present = [
        r
        for rules in tab.conditional_formatting
        for r in rules.rules
        if formula in (r.formula or [])
    ]
    if not present:
        red = "FF{:02X}{:02X}{:02X}".format(
            *(round(ERROR_RED[c] * 255) for c in ("red", "green", "blue"))
        )
        fill = PatternFill("solid", start_color=red, end_color=red)
        last = get_column_letter(max(tab.max_column, len(positions)))
        rule = FormulaRule(formula=[formula], fill=fill)
        tab.conditional_formatting.add(f"A2:{last}{xlsx_choices.MAX_ROWS}", rule)
        steps.append("rows with an Error turn red")
    tab.column_dimensions[get_column_letter(positions["row_id"] + 1)].hidden = True
    steps.append("hid the Row ID column")
    return steps


def _stamp(book: Any) -> str | None:
    for prop in book.custom_doc_props.props:
        if prop.name == STAMP:
            return str(prop.value)
    return None


def _set_stamp(book: Any, stamp: str) -> None:
    from openpyxl.packaging.custom import StringProperty

    book.custom_doc_props.props = [p for p in book.custom_doc_props.props if p.name != STAMP]
    book.custom_doc_props.append(StringProperty(name=STAMP, value=stamp))
