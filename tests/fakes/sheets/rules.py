"""``batchUpdate`` sub-requests that attach rules to ranges: data validation, protection,
conditional formats, number formats (``repeatCell``) and developer metadata.

Validation and number formats live on the cells they cover (so they move with rows);
protected ranges, conditional formats and row/column metadata are anchored ranges shifted
by structural edits. A protected range whose ``range`` holds only a ``sheetId`` protects the
whole sheet, and a sheet can carry that protection only once (reference §1.9).

Not simulated: ``namedRangeId`` and ``unprotectedRanges`` on protected ranges (refused),
data-validation rules' effect on writes (Google does not enforce them on API writes),
and metadata locations wider than one row or column (refused, reference §1.9).
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets import cells
from tests.fakes.sheets.context import Context, bounded, field_paths, registry
from tests.fakes.sheets.models import ConditionalFormat, DeveloperMetadata, ProtectedRange
from tests.fakes.sheets.shapes import all_metadata, developer_metadata, protected_range

HANDLERS, handler = registry()

CONDITION_TYPES = frozenset(
    [
        "NUMBER_GREATER",
        "NUMBER_GREATER_THAN_EQ",
        "NUMBER_LESS",
        "NUMBER_LESS_THAN_EQ",
        "NUMBER_EQ",
        "NUMBER_NOT_EQ",
        "NUMBER_BETWEEN",
        "NUMBER_NOT_BETWEEN",
        "TEXT_CONTAINS",
        "TEXT_NOT_CONTAINS",
        "TEXT_STARTS_WITH",
        "TEXT_ENDS_WITH",
        "TEXT_EQ",
        "TEXT_NOT_EQ",
        "TEXT_IS_EMAIL",
        "TEXT_IS_URL",
        "DATE_EQ",
        "DATE_NOT_EQ",
        "DATE_BEFORE",
        "DATE_AFTER",
        "DATE_ON_OR_BEFORE",
        "DATE_ON_OR_AFTER",
        "DATE_BETWEEN",
        "DATE_NOT_BETWEEN",
        "DATE_IS_VALID",
        "ONE_OF_RANGE",
        "ONE_OF_LIST",
        "BLANK",
        "NOT_BLANK",
        "CUSTOM_FORMULA",
        "BOOLEAN",
        "FILTER_EXPRESSION",
    ]
)
NUMBER_FORMAT_TYPES = frozenset(
    [
        "NUMBER_FORMAT_TYPE_UNSPECIFIED",
        "TEXT",
        "NUMBER",
        "PERCENT",
        "CURRENCY",
        "DATE",
        "TIME",
        "DATE_TIME",
        "SCIENTIFIC",
    ]
)
_EXTENDED = {"stringValue": str, "numberValue": (int, float), "boolValue": bool}


def _condition(ctx: Context, condition: Any) -> None:
    if not isinstance(condition, dict) or condition.get("type") not in CONDITION_TYPES:
        kind = condition.get("type") if isinstance(condition, dict) else condition
        raise ctx.fail(f"Invalid condition type: {kind!r}")
    values = condition.get("values") or []
    if condition["type"] == "ONE_OF_LIST" and not values:
        raise ctx.fail("ONE_OF_LIST condition requires at least one value")
    if condition["type"] == "BOOLEAN" and len(values) > 2:
        raise ctx.fail("BOOLEAN condition takes zero, one or two values")


@handler("setDataValidation")
def set_data_validation(ctx: Context, params: dict[str, Any]) -> None:
    sheet, area = ctx.grid_range(params.get("range"))
    rule = params.get("rule")
    if rule is not None:
        _condition(ctx, rule.get("condition"))
    area = bounded(sheet, area)
    assert area.row0 is not None
    assert area.row1 is not None
    assert area.col0 is not None
    assert area.col1 is not None
    for row in range(area.row0, area.row1):
        for col in range(area.col0, area.col1):
            if rule is not None or sheet.cell(row, col):
                sheet.change(row, col, validation=rule)


@handler("addProtectedRange")
def add_protected_range(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    spec = params.get("protectedRange") or {}
    if spec.get("namedRangeId") or spec.get("unprotectedRanges"):
        raise ctx.fail("namedRangeId and unprotectedRanges are not simulated by the fake")
    grid = spec.get("range") or {}
    sheet, area = ctx.grid_range(grid)
    whole = not any(
        grid.get(k) is not None
        for k in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex")
    )
    if whole and any(p.whole_sheet for p in sheet.protected):
        raise ctx.fail(f"The sheet '{sheet.title}' already has sheet protection.")
    warning_only = bool(spec.get("warningOnly"))
    editors = spec.get("editors")
    if (
        warning_only
        and editors
        and any(editors.get(k) for k in ("users", "groups", "domainUsersCanEdit"))
    ):
        raise ctx.fail("A warning-only protected range can't have editors.")
    item = ProtectedRange(
        ctx.ids.integer(),
        area,
        description=str(spec.get("description") or ""),
        warning_only=warning_only,
        editors=None if warning_only else (editors or {}),
        whole_sheet=whole,
    )
    sheet.protected.append(item)
    return {"addProtectedRange": {"protectedRange": protected_range(sheet, item)}}


@handler("deleteProtectedRange")
def delete_protected_range(ctx: Context, params: dict[str, Any]) -> None:
    wanted = int(params.get("protectedRangeId") or 0)
    for sheet in ctx.spreadsheet.sheets:
        for item in sheet.protected:
            if item.protected_range_id == wanted:
                sheet.protected.remove(item)
                return
    raise ctx.fail(f"No protected range with id: {wanted}")


@handler("addConditionalFormatRule")
def add_conditional_format_rule(ctx: Context, params: dict[str, Any]) -> None:
    rule = dict(params.get("rule") or {})
    ranges = rule.pop("ranges", None) or []
    if not ranges:
        raise ctx.fail("a conditional format rule needs at least one range")
    if sum(1 for k in ("booleanRule", "gradientRule") if rule.get(k)) != 1:
        raise ctx.fail("a conditional format rule needs exactly one of booleanRule, gradientRule")
    if rule.get("booleanRule"):
        _condition(ctx, rule["booleanRule"].get("condition"))
    located = [ctx.grid_range(r) for r in ranges]
    sheet = located[0][0]
    if any(s is not sheet for s, _ in located):
        raise ctx.fail("all ranges of a conditional format rule must be on one sheet")
    index = max(0, min(int(params.get("index") or 0), len(sheet.conditional_formats)))
    sheet.conditional_formats.insert(index, ConditionalFormat([a for _, a in located], rule))


@handler("repeatCell")
def repeat_cell(ctx: Context, params: dict[str, Any]) -> None:
    sheet, area = ctx.grid_range(params.get("range"))
    paths = " ".join(field_paths(ctx, params.get("fields")))
    cell = params.get("cell") or {}
    number_format = (cell.get("userEnteredFormat") or {}).get("numberFormat") or {}
    fmt = number_format.get("type")
    set_format = "numberFormat" in paths or paths.strip() in ("*", "userEnteredFormat")
    if set_format and fmt is not None and fmt not in NUMBER_FORMAT_TYPES:
        raise ctx.fail(f"Invalid numberFormat type: {fmt!r}")
    value: Any = None
    set_value = "userEnteredValue" in paths or paths.strip() == "*"
    if set_value:
        value = _extended_value(ctx, cell.get("userEnteredValue"))
    box = bounded(sheet, area)
    assert box.row0 is not None
    assert box.row1 is not None
    assert box.col0 is not None
    assert box.col1 is not None
    for row in range(box.row0, box.row1):
        for col in range(box.col0, box.col1):
            changes: dict[str, Any] = {}
            if set_format:
                changes["number_format"] = fmt
            if set_value:
                changes["value"] = value
            sheet.change(row, col, **changes)


def _extended_value(ctx: Context, value: Any) -> cells.Value | None:
    if not value:
        return None
    if "formulaValue" in value:
        return cells.Formula(str(value["formulaValue"]))
    for name, kind in _EXTENDED.items():
        if name in value and isinstance(value[name], kind):
            raw = value[name]
            return cells.number(raw) if name == "numberValue" else raw
    raise ctx.fail(f"unsupported userEnteredValue {value!r}")


@handler("createDeveloperMetadata")
def create_developer_metadata(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    spec = params.get("developerMetadata") or {}
    key, visibility = spec.get("metadataKey"), spec.get("visibility")
    if not key:
        raise ctx.fail("metadataKey is required")
    if visibility not in ("DOCUMENT", "PROJECT"):
        raise ctx.fail("visibility must be DOCUMENT or PROJECT")
    wanted = spec.get("metadataId")
    used = {m.metadata_id for _, m in all_metadata(ctx.spreadsheet)}
    if wanted is not None and (int(wanted) <= 0 or int(wanted) in used):
        raise ctx.fail(f"metadataId {wanted} is not a positive unused id")
    if wanted is not None:
        ctx.ids.reserve(int(wanted))
    metadata_id = int(wanted) if wanted is not None else ctx.ids.integer()
    where = spec.get("location") or {}
    value = spec.get("metadataValue")
    if where.get("spreadsheet"):
        item = DeveloperMetadata(metadata_id, key, value, visibility, ("SPREADSHEET",))
        ctx.spreadsheet.metadata.append(item)
        sheet = None
    elif where.get("dimensionRange"):
        sheet, dimension, start, end = ctx.dimension_range(where["dimensionRange"])
        if end - start != 1:
            raise ctx.fail("a metadata location must be exactly one row or column")
        item = DeveloperMetadata(metadata_id, key, value, visibility, (dimension, start, end))
        sheet.metadata.append(item)
    elif where.get("sheetId") is not None:
        sheet = ctx.sheet(where["sheetId"])
        item = DeveloperMetadata(metadata_id, key, value, visibility, ("SHEET",))
        sheet.metadata.append(item)
    else:
        raise ctx.fail("location must name the spreadsheet, a sheetId or a dimensionRange")
    return {"createDeveloperMetadata": {"developerMetadata": developer_metadata(sheet, item)}}


def matches(lookup: dict[str, Any], item: DeveloperMetadata) -> bool:
    """A ``DeveloperMetadataLookup`` (by id, key, value, visibility) matches ``item``."""
    checks = (
        ("metadataId", item.metadata_id),
        ("metadataKey", item.key),
        ("metadataValue", item.value),
        ("visibility", item.visibility),
    )
    wanted = [(lookup[name], actual) for name, actual in checks if lookup.get(name) is not None]
    return bool(wanted) and all(str(w) == str(a) for w, a in wanted)


@handler("deleteDeveloperMetadata")
def delete_developer_metadata(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    lookup = (params.get("dataFilter") or {}).get("developerMetadataLookup")
    if not isinstance(lookup, dict):
        raise ctx.fail("only a developerMetadataLookup dataFilter is simulated")
    deleted = []
    for sheet, item in all_metadata(ctx.spreadsheet):
        if matches(lookup, item):
            deleted.append(developer_metadata(sheet, item))
            (sheet.metadata if sheet else ctx.spreadsheet.metadata).remove(item)
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": deleted}}
