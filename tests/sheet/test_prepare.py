"""``wixsync init`` on a Google Sheet (the fake): everything volunteers need, once."""

from __future__ import annotations

from sync.sheet.prepare import prepare_sheet
from tests.fakes.sheets import FakeSheets, FakeSheetsServer
from tests.sheet.conftest import google_sheet, rows

WORDS = ["cash", "plan", "unpaid", "cancel"]
CLASSES = ["Open Water Swim", "Masters Swim"]


def test_init_prepares_the_sheet_for_phones(fake: FakeSheets, server: FakeSheetsServer) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(3)})
    result = prepare_sheet(google_sheet(server, key), payment_words=WORDS, class_names=CLASSES)
    assert result.changed
    sheet = fake.describe(key)["sheets"][0]
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
    protected = sheet["protectedRanges"]
    assert len(protected) == 6
    assert all(p["warningOnly"] for p in protected)
    assert sheet["conditionalFormats"][0]["booleanRule"]["condition"]["values"] == [
        {"userEnteredValue": '=$K2<>""'}
    ]
    validations = sheet["validations"]
    assert any(v["condition"]["type"] == "BOOLEAN" for v in validations.values())
    listed = [
        v["condition"] for v in validations.values() if v["condition"]["type"] == "ONE_OF_LIST"
    ]
    assert [x["userEnteredValue"] for x in listed[0]["values"]] in (WORDS, CLASSES)
    assert sheet["dimensionProperties"]["COLUMNS"]["12"]["hiddenByUser"] is True
    assert fake.values(key, "Attendance")[1][:7] == rows(3)[1], "people's cells untouched"


def test_init_twice_changes_nothing_the_second_time(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(3)})
    prepare_sheet(google_sheet(server, key), payment_words=WORDS, class_names=CLASSES)
    before = fake.describe(key)
    writes = fake.counts().writes
    again = prepare_sheet(google_sheet(server, key), payment_words=WORDS, class_names=CLASSES)
    assert not again.changed
    assert fake.counts().writes == writes
    assert fake.describe(key) == before


def test_init_with_new_words_replaces_its_own_rules_only(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": rows(3)})
    prepare_sheet(google_sheet(server, key), payment_words=WORDS, class_names=CLASSES)
    prepare_sheet(google_sheet(server, key), payment_words=[*WORDS, "card"], class_names=CLASSES)
    sheet = fake.describe(key)["sheets"][0]
    assert len(sheet["protectedRanges"]) == 6
    assert len(sheet["conditionalFormats"]) == 1


def test_init_on_an_empty_tab_writes_the_default_header(
    fake: FakeSheets, server: FakeSheetsServer
) -> None:
    key = fake.create_spreadsheet({"Attendance": []})
    prepare_sheet(google_sheet(server, key), payment_words=WORDS, class_names=CLASSES)
    assert fake.values(key, "Attendance")[0][:3] == ["Date", "Time", "Class"]
