"""The archive's operations on a Google Sheet: :class:`GoogleTabs`, one request each."""

from __future__ import annotations

import zlib
from typing import Any

from gspread.utils import absolute_range_name, rowcol_to_a1

from sync.extras.archive.tabs import ArchiveStopped, TabView, TabWrite, runs
from sync.sheet.base import Cell, clean, pad

#: the size of a tab the archive makes (Google's default is 1000 × 26)
NEW_TAB_ROWS, NEW_TAB_COLS = 1000, 26
_READ = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "FORMATTED_STRING",
    "majorDimension": "ROWS",
}


class GoogleTabs:
    """Archive tabs of the spreadsheet a :class:`~sync.sheet.google.GoogleSheet` reads.

    Reads are one ``values.batchGet`` (plus, once per run, one ``spreadsheets.get`` for
    the tabs' ids and sizes); a copy is one RAW ``values.batchUpdate`` (after one
    ``batchUpdate`` of ``addSheet``/``appendDimension`` when a tab is missing or too
    small); a delete is one ``batchUpdate`` of ``deleteDimension`` requests, bottom-up."""

    rows_per_move: int | None = 5000

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self._tabs: dict[str, list[Any]] | None = None  # casefold title → [id, title, rows, cols]

    @property
    def label(self) -> str:
        return str(self.sheet.label)

    def _meta(self) -> dict[str, list[Any]]:
        if self._tabs is None:
            meta = self.sheet._call(self.sheet.spreadsheet.fetch_sheet_metadata)
            self._tabs = {}
            for item in meta.get("sheets", []):
                p = item.get("properties", {})
                grid = p.get("gridProperties", {})
                self._tabs[str(p.get("title", "")).casefold()] = [
                    int(p.get("sheetId", 0)),
                    str(p.get("title", "")),
                    int(grid.get("rowCount", 0)),
                    int(grid.get("columnCount", 0)),
                ]
        return self._tabs

    def read(
        self, tabs: dict[str, int], *, live: bool = True
    ) -> tuple[list[list[Cell]] | None, dict[str, TabView]]:
        meta = self._meta() if tabs else {}
        ranges: list[str] = []
        wanted: list[tuple[str, str, int]] = []  # (title, what, first)
        views: dict[str, TabView] = {}
        if live:
            ranges.append(absolute_range_name(self.sheet.worksheet.title))
            wanted.append(("", "live", 0))
        for title, first in tabs.items():
            known = meta.get(title.casefold())
            if known is None:
                views[title] = TabView(False)
                continue
            views[title] = TabView(True, first=max(first, 2))
            ranges.append(absolute_range_name(known[1], "1:1"))
            wanted.append((title, "header", 1))
            if max(first, 2) <= known[2]:
                ranges.append(absolute_range_name(known[1], f"{max(first, 2)}:{known[2]}"))
                wanted.append((title, "rows", max(first, 2)))
        if not ranges:
            return None, views
        answer = self.sheet._call(self.sheet.spreadsheet.values_batch_get, ranges, params=_READ)
        grid: list[list[Cell]] | None = None
        for (title, what, _first), part in zip(wanted, answer.get("valueRanges", []), strict=True):
            values = part.get("values", [])
            if what == "live":
                grid = pad(values)
            elif what == "header":
                views[title].header = list(values[0]) if values else []
            else:
                views[title].rows = [list(r) for r in values]
        return grid, views

    def write(self, writes: dict[str, TabWrite]) -> None:
        meta = self._meta()
        structure: list[dict[str, Any]] = []
        data: list[dict[str, Any]] = []
        used = {known[0] for known in meta.values()}
        live = self.sheet.worksheet.title.casefold()
        for title, write in writes.items():
            if title.casefold() == live:
                raise ArchiveStopped(f"{title!r} is the attendance tab: the archive needs its own")
            width = max([len(write.header or [])] + [len(r) for r in write.rows.values()])
            height = max([1, *write.rows])
            known = meta.get(title.casefold())
            if known is None:
                sheet_id = zlib.crc32(title.encode()) & 0x7FFFFFFF
                while sheet_id in used or sheet_id == 0:
                    sheet_id = (sheet_id + 1) & 0x7FFFFFFF
                used.add(sheet_id)
                known = [sheet_id, title, max(height, NEW_TAB_ROWS), max(width, NEW_TAB_COLS)]
                structure.append(
                    {
                        "addSheet": {
                            "properties": {
                                "sheetId": sheet_id,
                                "title": title,
                                "gridProperties": {"rowCount": known[2], "columnCount": known[3]},
                            }
                        }
                    }
                )
            else:
                for dim, at, need in (("ROWS", 2, height), ("COLUMNS", 3, width)):
                    if need > known[at]:
                        # rows a thousand at a time: the daily runs that follow need none
                        more = max(need - known[at], NEW_TAB_ROWS if dim == "ROWS" else 0)
                        structure.append(
                            {
                                "appendDimension": {
                                    "sheetId": known[0],
                                    "dimension": dim,
                                    "length": more,
                                }
                            }
                        )
                        known = [*known]
                        known[at] += more
            meta[title.casefold()] = known
            if write.header is not None:
                data.append(_range(known[1], 1, [write.header]))
            for first, last in runs(list(write.rows)):
                block = [write.rows[n] for n in range(first, last + 1)]
                data.append(_range(known[1], first, block))
        if structure:  # not repeated by itself: addSheet twice is refused
            try:
                self.sheet.spreadsheet.batch_update({"requests": structure})
            except BaseException:
                self._tabs = None  # what was made is unknown: read the tabs again
                raise
        if data:  # values at fixed rows: the same twice is the same tab
            self.sheet._call(
                self.sheet.spreadsheet.values_batch_update,
                {"valueInputOption": "RAW", "data": data},
            )

    def delete_live(self, indexes: list[int]) -> None:
        gid = self.sheet.worksheet.id
        self._delete([(gid, first, last + 1) for first, last in runs(indexes)])

    def delete_rows(self, rows: dict[str, list[int]]) -> None:
        meta = self._meta()
        spans = []
        for title, numbers in rows.items():
            known = meta.get(title.casefold())
            if known is not None:
                spans += [(known[0], first - 1, last) for first, last in runs(numbers)]
        self._delete(spans)

    def _delete(self, spans: list[tuple[int, int, int]]) -> None:
        """One ``batchUpdate``; within each tab the rows nearest the bottom first, so the rows
        above a deleted one are still where they were read. Sent once: never repeated by itself."""
        if not spans:
            return
        requests = [
            {
                "deleteDimension": {
                    "range": {"sheetId": s, "dimension": "ROWS", "startIndex": a, "endIndex": b}
                }
            }
            for s, a, b in sorted(spans, key=lambda span: (span[0], -span[1]))
        ]
        try:
            self.sheet.spreadsheet.batch_update({"requests": requests})
        finally:
            self._tabs = None  # row counts changed (the worksheet's cached size is not used)

    def stored(self, value: Cell) -> Cell:
        return value


def _range(title: str, first: int, rows: list[list[Cell]]) -> dict[str, Any]:
    width = max(1, max(len(r) for r in rows))
    a1 = f"A{first}:{rowcol_to_a1(first + len(rows) - 1, width)}"
    values = [[clean(v) for v in r] + [""] * (width - len(r)) for r in rows]
    return {"range": absolute_range_name(title, a1), "values": values}
