"""``spreadsheets.batchUpdate``: structural sub-requests, applied atomically.

:func:`run` first checks the shape of every sub-request (exactly one known kind each), then
applies them in order inside a transaction (``Spreadsheet.transaction``) that undoes them all
if any fails. So a batch whose third request is invalid changes nothing, as in Google, and
a later request may rely on an earlier one (``addSheet`` then
``updateSheetProperties`` on the new sheet). Errors read
``Invalid requests[i].<kind>: <message>``; unknown kinds get Google's "Unknown name" text.

Simulated kinds: ``addSheet``, ``deleteSheet``, ``updateSheetProperties`` (field masks),
``appendDimension``, ``insertDimension``, ``deleteDimension``, ``updateDimensionProperties``
(``hiddenByUser``, ``pixelSize``), ``sortRange``, ``setDataValidation``,
``addProtectedRange``, ``deleteProtectedRange``, ``addConditionalFormatRule``, ``repeatCell``
(records ``numberFormat.type``; sets ``userEnteredValue``), ``updateCells`` (values, number
formats and validation over a range or from a start; see :mod:`.cell_data`),
``createDeveloperMetadata``, ``deleteDeveloperMetadata`` (by ``developerMetadataLookup``).

Not simulated: every other kind (400 naming it), the ``fields`` mask of ``repeatCell``
beyond ``numberFormat``/``userEnteredValue``, and ``includeSpreadsheetInResponse`` grid
data. Messages not recorded from Google in the reference are approximate.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets import cell_data, errors, rules, sheet_requests
from tests.fakes.sheets.context import Context, Handler
from tests.fakes.sheets.models import Ids, LimitExceeded, Spreadsheet
from tests.fakes.sheets.shapes import spreadsheet_json

#: Real request kinds the fake does not simulate (answered with a clear 400).
UNSIMULATED = frozenset(
    [
        "updateSpreadsheetProperties",
        "autoFill",
        "cutPaste",
        "copyPaste",
        "mergeCells",
        "unmergeCells",
        "updateBorders",
        "findReplace",
        "duplicateSheet",
        "moveDimension",
        "insertRange",
        "deleteRange",
        "addNamedRange",
        "updateNamedRange",
        "deleteNamedRange",
        "addFilterView",
        "updateFilterView",
        "deleteFilterView",
        "duplicateFilterView",
        "setBasicFilter",
        "clearBasicFilter",
        "updateConditionalFormatRule",
        "deleteConditionalFormatRule",
        "updateProtectedRange",
        "autoResizeDimensions",
        "addChart",
        "updateChartSpec",
        "deleteEmbeddedObject",
        "pasteData",
        "textToColumns",
        "appendCells",
        "addBanding",
        "updateBanding",
        "deleteBanding",
        "updateDeveloperMetadata",
        "randomizeRange",
        "addDimensionGroup",
        "deleteDimensionGroup",
        "updateDimensionGroup",
        "trimWhitespace",
        "deleteDuplicates",
        "addSlicer",
        "updateSlicerSpec",
        "addDataSource",
        "updateDataSource",
        "deleteDataSource",
        "refreshDataSource",
        "cancelDataSourceRefresh",
        "updateEmbeddedObjectPosition",
        "updateEmbeddedObjectBorder",
        "addTable",
        "updateTable",
        "deleteTable",
    ]
)


def run(spreadsheet: Spreadsheet, body: Any, ids: Ids) -> dict[str, Any]:
    """Apply ``body`` and return the response, or raise. Call it inside
    ``spreadsheet.transaction()`` so that a failing sub-request undoes the earlier ones."""
    items = body.get("requests") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise errors.BadRequest("Must specify at least one request.")
    plan: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(items):
        present = [k for k, v in item.items() if v is not None] if isinstance(item, dict) else []
        if len(present) != 1:
            raise errors.BadRequest(
                f"Invalid requests[{index}]: exactly one kind of request per entry"
            )
        kind = present[0]
        if kind not in HANDLERS:
            if kind in UNSIMULATED:
                raise errors.BadRequest(
                    f"Invalid requests[{index}]: '{kind}' is a real Sheets request that this "
                    f"fake does not simulate"
                )
            raise errors.BadRequest(
                f'Invalid JSON payload received. Unknown name "{kind}" at '
                f"'requests[{index}]': Cannot find field."
            )
        if not isinstance(item[kind], dict):
            raise errors.BadRequest(f"Invalid requests[{index}].{kind}: must be an object")
        plan.append((kind, item[kind]))
    working = spreadsheet
    replies = []
    for index, (kind, params) in enumerate(plan):
        ctx = Context(working, ids, index, kind)
        try:
            reply = HANDLERS[kind](ctx, params)
            working.check_limits()
        except LimitExceeded as exc:
            raise ctx.fail(str(exc)) from None
        except (ValueError, TypeError, AttributeError) as exc:  # a malformed field
            raise ctx.fail(f"malformed request ({type(exc).__name__}: {exc})") from None
        replies.append(reply or {})
    answer: dict[str, Any] = {"spreadsheetId": working.spreadsheet_id, "replies": replies}
    if str(body.get("includeSpreadsheetInResponse")).lower() == "true":
        answer["updatedSpreadsheet"] = spreadsheet_json(working)
    return answer


HANDLERS: dict[str, Handler] = {
    **sheet_requests.HANDLERS,
    **rules.HANDLERS,
    **cell_data.HANDLERS,
}
