"""Readers on real .xlsx/.csv files: headers, labels, dates, numbers, IDs, formulas."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from kpitool.io.readers import read_inputs
from tests.xlsxbuild import WORKLOG_HEADER, D, worklog_row, write_book


def read_logs(path: Path):
    data, issues = read_inputs([path])
    return data.worklogs, issues


def codes_at(issues) -> set[tuple[str, str]]:
    return {(i.code, i.cell) for i in issues if i.severity == "error"}


def test_title_block_above_header(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Độc lập - Tự do - Hạnh phúc"],
        [],
        ["NHẬT KÝ CÔNG VIỆC THÁNG 3/2026"],
        [],
        WORKLOG_HEADER,
        worklog_row(1, D(2026, 3, 2), "007", "T1"),
    ]})
    logs, issues = read_logs(path)
    assert codes_at(issues) == set()
    assert logs["staff_id"].tolist() == ["007"]
    assert logs["_row"].tolist() == [7]
    assert logs["date"].tolist() == [pd.Timestamp(2026, 3, 2)]
    assert logs["status"].tolist() == ["approved"]


def test_labels_in_nfd_and_other_case_and_keys(tmp_path: Path) -> None:
    header = [unicodedata.normalize("NFD", h).upper() if i % 2 else h for i, h in
              enumerate(WORKLOG_HEADER)]
    header[2] = "staff_id"
    path = write_book(tmp_path / "w.xlsx", {"NHẬT KÝ": [header, worklog_row(1, D(2026, 3, 2),
                                                                          "007", "T1")]})
    logs, issues = read_logs(path)
    assert codes_at(issues) == set()
    assert logs.loc[0, "staff_id"] == "007"
    assert logs.loc[0, "hours"] == 2.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("3/4/2026", pd.Timestamp(2026, 4, 3), id="d/m/yyyy"),
        pytest.param("03/04/2026", pd.Timestamp(2026, 4, 3), id="dd/mm/yyyy-day-first"),
        pytest.param("2026-04-03", pd.Timestamp(2026, 4, 3), id="iso"),
        pytest.param(D(2026, 4, 3), pd.Timestamp(2026, 4, 3), id="excel-date"),
    ],
)
def test_dates(tmp_path: Path, text: object, expected: pd.Timestamp) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [WORKLOG_HEADER,
                                                         worklog_row(1, text, "007", "T1")]})
    logs, issues = read_logs(path)
    assert codes_at(issues) == set()
    assert logs.loc[0, "date"] == expected
    assert logs.loc[0, "completed_on"] == expected


def test_bad_date_reported_at_its_cell(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [WORKLOG_HEADER,
                                                         worklog_row(1, "31/2/2026", "007", "T1")]})
    _, issues = read_logs(path)
    assert ("bad_date", "B2") in codes_at(issues)
    assert ("bad_date", "I2") in codes_at(issues)


def test_decimal_comma_and_leading_zero_ids(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        WORKLOG_HEADER,
        worklog_row(1, D(2026, 3, 2), "007", "T1", hours="1,5"),
        worklog_row(2, D(2026, 3, 2), "0070", "T1", hours=" 2,25 "),
    ]})
    logs, issues = read_logs(path)
    assert codes_at(issues) == set()
    assert logs["hours"].tolist() == [1.5, 2.25]
    assert logs["staff_id"].tolist() == ["007", "0070"]


def test_integer_too_large_for_a_count_is_reported(tmp_path: Path) -> None:
    header = [*WORKLOG_HEADER, "Số lần bị trả lại"]
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        header,
        [*worklog_row(1, D(2026, 3, 2), "007", "T1"), "1e30"],
        [*worklog_row(2, D(2026, 3, 2), "007", "T1"), 2],
    ]})
    logs, issues = read_logs(path)
    assert ("bad_integer", "N2") in codes_at(issues)
    assert logs["rework_count"].tolist()[1] == 2


def test_bad_number_and_range(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        WORKLOG_HEADER,
        worklog_row(1, D(2026, 3, 2), "007", "T1", hours="hai giờ"),
        worklog_row(2, D(2026, 3, 2), "007", "T1", hours=25),
        worklog_row(3, D(2026, 3, 2), "007", "T1", hours=0),
    ]})
    _, issues = read_logs(path)
    assert codes_at(issues) >= {("bad_number", "G2"), ("out_of_range", "G3"),
                                ("out_of_range", "G4")}


def test_formula_without_cached_value(tmp_path: Path) -> None:
    row = worklog_row(1, D(2026, 3, 2), "007", "T1", hours="=1+1")
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [WORKLOG_HEADER, row]})
    _, issues = read_logs(path)
    found = [i for i in issues if i.code == "formula_no_value"]
    assert [(i.cell, i.value) for i in found] == [("G2", "=1+1")]
    assert ("required_value", "G2") not in codes_at(issues)


def test_two_row_merged_header(tmp_path: Path) -> None:
    import openpyxl

    upper = ["STT", "Ngày thực hiện", "Mã cán bộ", "Mã công việc", "Nội dung công việc",
             "Kết quả", None, None, "Thời gian", None, "Trạng thái", "Chất lượng", "Người duyệt"]
    lower = [None, None, None, None, None, "Số lượng", "Số giờ thực hiện", "Sản phẩm đầu ra",
             "Hạn hoàn thành", "Ngày hoàn thành", None, None, None]
    row = [1, D(2026, 3, 2), "007", "T1", "Soạn thảo", 2, 3, "15/UBND", D(2026, 3, 5),
           D(2026, 3, 4), "Đã duyệt", "Đạt", "001"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nhật ký"
    sheet.append(["BÁO CÁO"])
    sheet.append(upper)
    sheet.append(lower)
    sheet.append(row)
    sheet.merge_cells("F2:H2")
    sheet.merge_cells("I2:J2")
    for col in "ABCDEKLM":
        sheet.merge_cells(f"{col}2:{col}3")
    book.save(tmp_path / "w.xlsx")
    logs, issues = read_logs(tmp_path / "w.xlsx")
    assert codes_at(issues) == set()
    first = logs.iloc[0]
    assert first["quantity"] == 2 and first["hours"] == 3
    assert first["output_ref"] == "15/UBND"
    assert first["deadline"] == pd.Timestamp(2026, 3, 5)
    assert first["completed_on"] == pd.Timestamp(2026, 3, 4)
    assert first["_row"] == 4


def test_two_row_header_with_stacked_labels_is_rejected(tmp_path: Path) -> None:
    upper = list(WORKLOG_HEADER)
    lower = [None] * len(upper)
    lower[6] = "Số lượng"  # a different column's label under "Số giờ thực hiện"
    lower[9] = "Hạn hoàn thành"
    upper[9] = "Ngày hoàn thành"
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [upper[:9] + [None] * 4, lower,
                                                         worklog_row(1, D(2026, 3, 2), "007", "T1")]})
    _, issues = read_logs(path)
    assert any(i.code in ("ambiguous_header", "duplicate_column") for i in issues)


def test_missing_column(tmp_path: Path) -> None:
    header = [h for h in WORKLOG_HEADER if h != "Số giờ thực hiện"]
    row = worklog_row(1, D(2026, 3, 2), "007", "T1")
    del row[6]
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [header, row]})
    _, issues = read_logs(path)
    missing = [i for i in issues if i.code == "missing_column"]
    assert [(i.column, i.row) for i in missing] == [("Số giờ thực hiện", 1)]


def test_unknown_column_kept_as_notice(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        [*WORKLOG_HEADER, "Ghi chú riêng"],
        [*worklog_row(1, D(2026, 3, 2), "007", "T1"), "abc"],
    ]})
    logs, issues = read_logs(path)
    notice = [i for i in issues if i.code == "unknown_column"]
    assert [(i.severity, i.cell, i.value) for i in notice] == [("notice", "N1", "Ghi chú riêng")]
    assert logs["Ghi chú riêng"].tolist() == ["abc"]


def test_bad_enum_lists_allowed_values(tmp_path: Path) -> None:
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [
        WORKLOG_HEADER, worklog_row(1, D(2026, 3, 2), "007", "T1", status="Xong"),
        worklog_row(2, D(2026, 3, 2), "007", "T1", status="da duyet"),
    ]})
    logs, issues = read_logs(path)
    bad = [i for i in issues if i.code == "bad_enum"]
    assert [(i.cell, i.value) for i in bad] == [("K2", "Xong")]
    assert "Đã duyệt, Chờ duyệt, Trả lại" in bad[0].message("vi")
    assert "approved, pending, returned" in bad[0].message("en")
    assert logs.loc[1, "status"] == "approved"


@pytest.mark.parametrize("large", [False, True], ids=["pandas-reader", "arrow-reader"])
def test_csv_with_bom_and_decimal_comma(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        large: bool) -> None:
    import kpitool.io.readers as readers

    if large:
        monkeypatch.setattr(readers, "LARGE_CSV", 0)
    path = tmp_path / "w.csv"
    lines = [",".join(WORKLOG_HEADER),
             '1,2/3/2026,007,T1,Soạn thảo,1,"1,5",,2/3/2026,12/UBND,Đã duyệt,Đạt,001']
    path.write_bytes("\n".join(lines).encode("utf-8-sig"))
    assert (readers._read_large_csv(path, None) is not None) is large
    logs, issues = read_logs(path)
    assert codes_at(issues) == set()
    assert logs.loc[0, "date"] == pd.Timestamp(2026, 3, 2)
    assert logs.loc[0, "hours"] == 1.5
    assert logs.loc[0, "staff_id"] == "007"
    assert logs.loc[0, "_row"] == 2


def test_missing_sheet_and_unknown_workbook(tmp_path: Path) -> None:
    from tests.xlsxbuild import CATALOG

    partial = {k: v for k, v in CATALOG.items() if k != "Cán bộ"}
    path = write_book(tmp_path / "c.xlsx", partial)
    _, issues = read_inputs([path])
    assert [(i.code, i.sheet) for i in issues if i.severity == "error"] == [
        ("missing_sheet", "Cán bộ")]
    other = write_book(tmp_path / "x.xlsx", {"Sheet1": [["a", "b"]]})
    _, issues = read_inputs([other])
    assert [i.code for i in issues] == ["unknown_workbook"]


def test_template_lookup_columns_are_read_quietly(tmp_path: Path) -> None:
    header = [*WORKLOG_HEADER[:3], "Họ và tên", WORKLOG_HEADER[3], "Tên công việc",
              "Định mức (giờ)", *WORKLOG_HEADER[4:]]
    row = worklog_row(1, D(2026, 3, 2), "007", "T1")
    row = [*row[:3], "Trần Thị Bình", row[3], "Soạn thảo công văn", 2, *row[4:]]
    path = write_book(tmp_path / "w.xlsx", {"Nhật ký": [header, row]})
    logs, issues = read_logs(path)
    assert issues == []
    assert logs.loc[0, "task_code"] == "T1" and logs.loc[0, "hours"] == 2
