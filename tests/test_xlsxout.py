"""Tables into .xlsx (`kpitool.reports.xlsxout`): each kind of column, written in bulk, stores
what xlsxwriter's own cell calls store, and missing values stay blank."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpitool.reports.xlsxout import Book, Col

STAMPS = [dt.datetime(2026, 1, 5), dt.datetime(2026, 3, 31, 17, 45, 30, 250_000),
          dt.datetime(1900, 3, 1), dt.datetime(2099, 12, 31, 23, 59, 59, 999_999)]


def _values(book: Path, sheet: int) -> list[str]:
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    return re.findall(r'<c r="A\d+" s="\d+"><v>([^<]*)</v>', xml)


@pytest.mark.parametrize("stamps", [
    pytest.param(STAMPS, id="dates-and-times"),
    pytest.param([dt.datetime(1900, 2, 28), dt.datetime(1900, 1, 1, 6)], id="before-excel-leap-day"),
])
def test_date_column_stores_what_write_datetime_stores(stamps: list[dt.datetime],
                                                       tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    book = Book(path, "vi")
    book.table(book.sheet("bulk"), pd.DataFrame({"date": pd.to_datetime(stamps)}),
               [Col("date", "date")])
    one_by_one = book.sheet("cells")
    for row, stamp in enumerate(stamps, start=1):
        one_by_one.write_datetime(row, 0, stamp, book.fmt["date"])
    book.close()
    assert _values(path, 1) == _values(path, 2)
    assert len(_values(path, 1)) == len(stamps)


def test_missing_values_stay_blank(tmp_path: Path) -> None:
    frame = pd.DataFrame({
        "date": pd.to_datetime([dt.datetime(2026, 1, 5), None]),
        "hours": [1.5, float("nan")],
        "rework_count": pd.array([2, None], dtype="Int64"),
        "status": pd.array(["=1+1", None], dtype="string"),
    })
    path = tmp_path / "blank.xlsx"
    book = Book(path, "en")
    book.table(book.sheet("t"), frame, [Col("date", "date"), Col("hours", "number"),
                                        Col("rework_count", "int"), Col("status")])
    book.close()
    sheet = openpyxl.load_workbook(path)["t"]
    assert [c.value for c in sheet[2]] == [dt.datetime(2026, 1, 5), 1.5, 2, "=1+1"]
    assert sheet["D2"].data_type == "s"  # text that looks like a formula stays text
    assert [c.value for c in sheet[3]] == [None, None, None, None]
    assert sheet["A2"].number_format == "d/m/yyyy" and sheet["C2"].number_format == "0"


@pytest.mark.parametrize(("values", "shown"), [
    pytest.param([True, False], ["yes", "no"], id="plain-bool"),
    pytest.param(pd.array([True, None], dtype="boolean"), ["yes", None], id="nullable-missing"),
    pytest.param([False, None], ["no", None], id="object-with-none"),
])
def test_bool_column_is_yes_or_no_text(values: list, shown: list, tmp_path: Path) -> None:
    path = tmp_path / "bool.xlsx"
    book = Book(path, "en")
    book.table(book.sheet("t"), pd.DataFrame({"is_leader": values}), [Col("is_leader", "bool")])
    book.close()
    sheet = openpyxl.load_workbook(path)["t"]
    assert [sheet.cell(r, 1).value for r in (2, 3)] == shown


def test_in_memory_book_holds_the_same_sheet(tmp_path: Path) -> None:
    frame = pd.DataFrame({"staff_id": ["007", "=A1"], "hours": [1.5, None]})
    xml = []
    for in_memory in (False, True):
        path = tmp_path / f"m{in_memory}.xlsx"
        book = Book(path, "vi", in_memory=in_memory)
        book.table(book.sheet("t"), frame, [Col("staff_id"), Col("hours", "number")])
        book.close()
        with zipfile.ZipFile(path) as archive:
            xml.append([archive.read(f"xl/{part}") for part in
                        ("worksheets/sheet1.xml", "sharedStrings.xml")])
    assert xml[0] == xml[1]


def _cells(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cells as a person sees them: value, number format, fill, boldness; and the
    sheet's row heights, frozen panes, filter and print area."""
    book = openpyxl.load_workbook(path)
    try:
        return {sheet.title: [
            *[(c.coordinate, c.value, c.number_format, c.fill.fgColor.rgb, c.font.b)
              for row in sheet.iter_rows() for c in row if c.value is not None or c.has_style],
            ({r: d.height for r, d in sheet.row_dimensions.items() if d.height},
             sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_area,
             sheet.print_title_rows)]
            for sheet in book.worksheets}
    finally:
        book.close()


def test_ranked_report_row_by_row_holds_what_column_by_column_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A country's ranked report is written row by row in constant_memory mode; a smaller one
    column by column. Both give the same workbook, cell by cell, over several chunks of rows."""
    from kpitool.pipeline import run_score
    from kpitool.reports import scorebook, xlsxout

    run = run_score([Path(__file__).parents[1] / "examples" / "hac-thanh"], {}, None, "nd335")
    result = run.result
    assert len(result.detail) > 1_000 and len(result.flags) > 0 and len(result.staff) > 10
    monkeypatch.setattr(xlsxout, "ROWWISE_CHUNK", 7)  # rows in several chunks, one cut short
    seen = {}
    for threshold in (10**12, 0):
        monkeypatch.setattr(scorebook, "ROWWISE_FROM_CELLS", threshold)
        path = tmp_path / f"report-{threshold}.xlsx"
        scorebook.write_ranked_report(result, run.data.files, path, "vi")
        with zipfile.ZipFile(path) as archive:
            inline = b'"inlineStr"' in archive.read("xl/worksheets/sheet2.xml")
        assert inline == (threshold == 0)  # the row-by-row way really was taken
        seen[threshold] = _cells(path)
    made = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")  # when each was made may differ
    for cells in seen.values():
        for name, sheet in cells.items():
            cells[name] = [c for c in sheet if not (isinstance(c[1], str) and made.fullmatch(c[1]))]
    assert seen[0] == seen[10**12]
    assert len(seen[0]) == 6 and sum(len(c) for c in seen[0].values()) > 40_000
