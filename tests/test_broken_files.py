"""Broken input files (issue 6, part 1): each is built here, refused or read with the exact code.

Refusals go through the CLI in both languages and must name the file and say what to do.
"""

from __future__ import annotations

import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kpitool.io.readers import read_inputs
from tests.hardening import assert_cli_refuses, invoke, ole2_file, plain, refusal
from tests.rawxlsx import col_letters, sheet_parts, write_raw_book
from tests.xlsxbuild import WORKLOG_HEADER, D, valid_set, worklog_row, write_book

ROW = worklog_row(1, D(2026, 3, 2), "007", "T1")
TEXT_ROW = [1, "2/3/2026", "007", "T1", "Làm việc", 1, 2, None, "2/3/2026", "1/UBND", "Đã duyệt",
            "Đạt", "001"]


def good_book(path: Path) -> Path:
    return write_book(path, {"Nhật ký": [WORKLOG_HEADER, ROW]})


def empty(folder: Path) -> Path:
    path = folder / "nhat-ky.xlsx"
    path.write_bytes(b"")
    return path


def text_renamed(folder: Path) -> Path:
    path = folder / "nhat-ky.xlsx"
    path.write_text("Ngày thực hiện;Mã cán bộ\n2/3/2026;007\n", encoding="utf-8")
    return path


def html_renamed(folder: Path) -> Path:
    path = folder / "xuat-tu-phan-mem.xlsx"
    path.write_text("<html><body><table><tr><td>Mã cán bộ</td></tr></table></body></html>")
    return path


def pdf_renamed(folder: Path) -> Path:
    path = folder / "bao-cao.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def docx_renamed(folder: Path) -> Path:
    path = folder / "cong-van.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def ods_renamed(folder: Path) -> Path:
    path = folder / "bang-tinh.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def old_xls_renamed(folder: Path) -> Path:
    return ole2_file(folder / "nhat-ky.xlsx", ["Workbook", "\x05SummaryInformation"])


def old_xls(folder: Path) -> Path:
    return ole2_file(folder / "nhat-ky.xls", ["Workbook"])


def password(folder: Path) -> Path:
    return ole2_file(folder / "nhat-ky.xlsx", ["EncryptionInfo", "EncryptedPackage"])


def truncated_half(folder: Path) -> Path:
    full = good_book(folder / "full.xlsx").read_bytes()
    path = folder / "nhat-ky.xlsx"
    path.write_bytes(full[: len(full) // 2])
    return path


def truncated_start(folder: Path) -> Path:
    full = good_book(folder / "full.xlsx").read_bytes()
    path = folder / "nhat-ky.xlsx"
    path.write_bytes(full[:100])
    return path


def damaged_member(folder: Path) -> Path:
    """A byte flipped inside the compressed sheet: the CRC no longer matches."""
    source = good_book(folder / "full.xlsx")
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(source.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path = folder / "nhat-ky.xlsx"
    path.write_bytes(bytes(data))
    return path


def xlsx_named_csv(folder: Path) -> Path:
    path = folder / "nhat-ky.csv"
    good_book(folder / "x.xlsx").rename(path)
    return path


REFUSED = [
    pytest.param(empty, "empty_file", id="empty-file"),
    pytest.param(text_renamed, "not_xlsx_text", id="txt-renamed-xlsx"),
    pytest.param(html_renamed, "not_xlsx_html", id="html-export-renamed-xlsx"),
    pytest.param(pdf_renamed, "not_xlsx_pdf", id="pdf-renamed-xlsx"),
    pytest.param(docx_renamed, "not_xlsx_office", id="docx-renamed-xlsx"),
    pytest.param(ods_renamed, "not_xlsx_ods", id="ods-renamed-xlsx"),
    pytest.param(old_xls_renamed, "old_xls", id="xls-renamed-xlsx"),
    pytest.param(old_xls, "old_xls", id="xls"),
    pytest.param(password, "encrypted_workbook", id="password-protected"),
    pytest.param(truncated_half, "truncated_file", id="truncated-download-half"),
    pytest.param(truncated_start, "truncated_file", id="truncated-download-100-bytes"),
    pytest.param(damaged_member, "truncated_file", id="damaged-member-crc"),
    pytest.param(xlsx_named_csv, "not_csv", id="xlsx-named-csv"),
]


@pytest.mark.parametrize(("build", "code"), REFUSED)
def test_broken_file_is_refused_with_its_code(tmp_path: Path, build: Callable[[Path], Path],
                                              code: str) -> None:
    path = build(tmp_path)
    error = refusal(path)
    assert (error.code, error.exit_code, error.params["file"]) == (code, 1, str(path))
    assert_cli_refuses(path, code)


def test_broken_companion_stops_score_with_its_code(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    ole2_file(norms, ["EncryptionInfo", "EncryptedPackage"])
    result = invoke("score", str(logs), "--catalog", str(catalog), "--norms", str(norms),
                    "--lang", "en")
    assert result.exit_code == 1
    assert f"File {norms} is password-protected" in plain(result.output)


def test_header_only_is_valid_and_score_says_nothing_to_score(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    write_book(logs, {"Nhật ký": [WORKLOG_HEADER]})
    assert invoke("validate", str(catalog), str(norms), str(logs)).exit_code == 0
    data, issues = read_inputs([logs])
    assert len(data.worklogs) == 0 and not [i for i in issues if i.severity == "error"]
    assert_cli_refuses(logs, "nothing_to_score", command="score")


def test_error_cells_reported_at_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "nhat-ky.xlsx"
    row = list(TEXT_ROW)
    errors = ['<row r="3"><c r="A3" t="inlineStr"><is><t>3/3/2026</t></is></c>'
              '<c r="B3" t="e"><f>VLOOKUP(X1,A:A,1,0)</f><v>#N/A</v></c>'
              '<c r="C3" t="inlineStr"><is><t>T1</t></is></c>'
              '<c r="F3" t="e"><v>#REF!</v></c></row>']
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER[1:], row], errors))
    _, issues = read_inputs([path])
    found = {(i.code, i.cell, i.value) for i in issues if i.code == "error_value"}
    assert found == {("error_value", "B3", "#N/A"), ("error_value", "F3", "#REF!")}
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 1 and "#REF!" in result.output


@pytest.mark.parametrize(
    ("hours", "expected", "code"),
    [
        pytest.param("2,5", 2.5, None, id="decimal-comma-as-text"),
        pytest.param(" 3 ", 3.0, None, id="number-as-text-with-spaces"),
        pytest.param("1.234,5", 1234.5, "out_of_range", id="grouped-number-as-text"),
        pytest.param("hai", None, "bad_number", id="words"),
        pytest.param("NaN", None, "bad_number", id="nan"),
        pytest.param("inf", None, "bad_number", id="inf"),
        pytest.param("-Infinity", None, "bad_number", id="minus-infinity"),
        pytest.param("1e999", None, "bad_number", id="overflow-to-inf"),
    ],
)
def test_numbers_as_text_and_nan_inf(tmp_path: Path, hours: str, expected: float | None,
                                     code: str | None) -> None:
    row = list(TEXT_ROW)
    row[6] = hours
    path = write_raw_book(tmp_path / "w.xlsx", "Nhật ký", sheet_parts([WORKLOG_HEADER, row]))
    data, issues = read_inputs([path])
    codes = {i.code for i in issues if i.severity == "error" and i.cell == "G2"}
    assert codes == ({code} if code else set())
    if expected is not None:
        assert data.worklogs["hours"].tolist() == [expected]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("31/12/1899", False, id="before-1900"),
        pytest.param("1/1/1900", False, id="before-march-1900"),
        pytest.param("28/2/1900", False, id="excel-serial-59-or-60"),
        pytest.param("1/3/1900", True, id="first-right-excel-serial"),
        pytest.param("31/12/2100", True, id="last-day-of-2100"),
        pytest.param("1/1/2101", False, id="after-2100"),
        pytest.param("9999-12-31", False, id="year-9999"),
        pytest.param("0001-01-01", False, id="year-1"),
    ],
)
def test_dates_outside_1900_2100(tmp_path: Path, value: str, ok: bool) -> None:
    row = list(TEXT_ROW)
    row[1] = value
    path = write_raw_book(tmp_path / "w.xlsx", "Nhật ký", sheet_parts([WORKLOG_HEADER, row]))
    _, issues = read_inputs([path])
    assert {i.code for i in issues if i.cell == "B2"} == (set() if ok else {"bad_date"})


def test_dates_before_1900_as_real_excel_date(tmp_path: Path) -> None:
    """Excel cannot store 1899 as a date; a negative serial is what a program may write."""
    row = list(TEXT_ROW)
    row[1] = -5
    path = write_raw_book(tmp_path / "w.xlsx", "Nhật ký", sheet_parts([WORKLOG_HEADER, row]))
    _, issues = read_inputs([path])
    assert {i.code for i in issues if i.cell == "B2"} == {"bad_date"}


CP1258_CSV = ("Ngày thực hiện,Mã cán bộ,Mã công việc,Nội dung công việc,Số giờ thực hiện,"
              "Ngày hoàn thành,Sản phẩm đầu ra,Trạng thái,Chất lượng\n"
              "2/3/2026,007,T1,Soạn thảo công văn gửi Sở Nội vụ,2,2/3/2026,12/UBND,Đã duyệt,Đạt\n")


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Text as Windows saves it in code page 1258: ư, â, đ … whole, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def cp1258_csv(folder: Path) -> Path:
    path = folder / "nhat-ky.csv"
    path.write_bytes(windows_1258(CP1258_CSV))
    return path


def test_windows_1258_csv_is_refused_with_the_encoding_hint(tmp_path: Path) -> None:
    path = cp1258_csv(tmp_path)
    error = refusal(path)
    assert (error.code, error.exit_code) == ("bad_encoding", 1)
    assert_cli_refuses(path, "bad_encoding")
    assert "--encoding cp1258" in plain(invoke("validate", str(path), "--lang", "en").output)


def test_windows_1258_csv_reads_with_encoding_cp1258(tmp_path: Path) -> None:
    data, issues = read_inputs([cp1258_csv(tmp_path)], encoding="cp1258")
    assert not [i for i in issues if i.severity == "error"]
    logs = data.worklogs
    assert logs["description"].tolist() == ["Soạn thảo công văn gửi Sở Nội vụ"]  # NFC again
    assert logs["status"].tolist() == ["approved"] and logs["quality"].tolist() == ["pass"]
    result = invoke("validate", str(tmp_path / "nhat-ky.csv"), "--encoding", "cp1258")
    assert result.exit_code == 0, result.output


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = cp1258_csv(tmp_path)
    result = invoke("validate", str(path), "--encoding", "tcvn3-khong-co", "--lang", "en")
    assert result.exit_code == 2
    assert "Unknown encoding 'tcvn3-khong-co'" in plain(result.output)


# --------------------------------------------------------------------------------------------
# huge sheets: formatted far beyond the data, or with stray cells far away


def test_million_formatted_empty_rows_read_fast(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    formatted = (f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="M{n}" s="1"/></row>'
                 for n in range(3, 1_048_577))
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER, ROW_TEXT()], formatted,
                                                 dimension="A1:M1048576"))
    start = time.perf_counter()
    data, issues = read_inputs([path])
    elapsed = time.perf_counter() - start
    assert len(data.worklogs) == 1
    assert not [i for i in issues if i.severity == "error"]
    assert elapsed < 20, elapsed


def ROW_TEXT() -> list[object]:  # noqa: N802 - a constant that must be a fresh list
    return list(TEXT_ROW)


def test_16384_formatted_columns_read_fast(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    styled = "".join(f'<c r="{col_letters(c)}{{n}}" s="1"/>' for c in range(13, 16384))
    formatted = (f'<row r="{n}">{styled.format(n=n)}</row>' for n in range(3, 50))
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER, ROW_TEXT()], formatted,
                                                 dimension="A1:XFD49"))
    start = time.perf_counter()
    data, issues = read_inputs([path])
    assert time.perf_counter() - start < 20
    assert len(data.worklogs) == 1
    assert not [i for i in issues if i.severity == "error"]


def test_value_in_column_xfd_is_read_as_an_unknown_column(tmp_path: Path, capfd) -> None:
    path = tmp_path / "w.xlsx"
    header = [*WORKLOG_HEADER, *([None] * (16384 - 1 - len(WORKLOG_HEADER))), "ghi chú lạc"]
    write_raw_book(path, "Nhật ký", sheet_parts([header, ROW_TEXT()]))
    data, issues = read_inputs([path])
    assert len(data.worklogs) == 1
    assert [(i.code, i.cell) for i in issues if i.code == "unknown_column"] == [
        ("unknown_column", "XFD1")]
    assert "Could not determine dtype" not in capfd.readouterr().err


def corners(folder: Path) -> Path:
    """Two cells, XFD1 and A1048576: 2 KB on disk, a 17-billion-cell rectangle for a reader."""
    path = folder / "w.xlsx"
    header = [*WORKLOG_HEADER, *([None] * (16384 - 1 - len(WORKLOG_HEADER))), "x"]
    far = ['<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c></row>']
    return write_raw_book(path, "Nhật ký", sheet_parts([header, ROW_TEXT()], far))


def test_stray_cells_in_far_corners_refused_as_sheet_too_large(tmp_path: Path) -> None:
    path = corners(tmp_path)
    error = refusal(path)
    assert error.code == "sheet_too_large"
    assert (error.params["rows"], error.params["columns"], error.params["sheet"]) == (
        "1,048,576", "16,384", "Nhật ký")
    assert_cli_refuses(path, "sheet_too_large")


def test_sheet_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_raw_book(tmp_path / "w.xlsx", "Nhật ký",
                          sheet_parts([WORKLOG_HEADER, *([ROW_TEXT()] * 20)]))
    monkeypatch.setenv("KPITOOL_MAX_CELLS", "100")
    error = refusal(path)
    assert (error.code, error.params["rows"], error.params["columns"]) == (
        "sheet_too_large", "21", "13")
    monkeypatch.setenv("KPITOOL_MAX_CELLS", "273")
    data, _ = read_inputs([path])
    assert len(data.worklogs) == 20
    monkeypatch.setenv("KPITOOL_MAX_CELLS", "nhiều")
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "KPITOOL_MAX_CELLS='nhiều' is not a positive whole number" in plain(result.output)


def test_formatted_block_beyond_the_limit_is_judged_by_its_values(tmp_path: Path,
                                                                  monkeypatch) -> None:
    """Styled empty cells out to column Z over many rows: the cheap bound is over the limit, the
    cells that hold values are not, and the sheet is read."""
    path = tmp_path / "w.xlsx"
    styled = "".join(f'<c r="{col_letters(c)}{{n}}" s="1"/>' for c in range(13, 26))
    formatted = (f'<row r="{n}">{styled.format(n=n)}</row>' for n in range(3, 2000))
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER, ROW_TEXT()], formatted))
    monkeypatch.setenv("KPITOOL_MAX_CELLS", "1000")
    data, _ = read_inputs([path])
    assert len(data.worklogs) == 1
