"""Odd inputs that ended in `internal_error`, a wrong message or a silent misreading (issue 14,
points 6, 7, 12, 14 and 17): each is a real file, refused or noted at its cell with its message.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitool.io.readers import read_inputs
from tests.hardening import invoke, plain, refusal
from tests.rawxlsx import CONTENT_TYPES, ROOT_RELS, STYLES, WORKBOOK_RELS, sheet_parts
from tests.test_hostile import CAP_MB, run_capped
from tests.xlsxbuild import WORKLOG_HEADER, valid_set, worklog_row

WORKBOOK_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
STRICT = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
          "http://purl.oclc.org/ooxml/spreadsheetml/main",
          "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
          "http://purl.oclc.org/ooxml/officeDocument/relationships"}


DATE_STYLES = STYLES.replace('<xf numFmtId="0" fontId="0" fillId="2"', '<xf numFmtId="14" '
                             'applyNumberFormat="1" fontId="0" fillId="0"')


def workbook(path: Path, sheets: dict[str, str], states: dict[str, str] | None = None,
             strict: bool = False, styles: str = STYLES) -> Path:
    """A workbook of raw sheet XML, sheets in order, some hidden; strict OOXML if asked."""
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n + 10}"'
        + (f' state="{(states or {})[name]}"' if name in (states or {}) else "") + "/>"
        for n, name in enumerate(sheets, start=1))
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {WORKBOOK_NS}><sheets>{entries}'
            "</sheets></workbook>")
    rels = WORKBOOK_RELS.replace("</Relationships>", "".join(
        f'<Relationship Id="rId{n + 10}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/s{n}.xml"/>'
        for n in range(1, len(sheets) + 1)) + "</Relationships>")
    parts = {"xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels,
             **{f"xl/worksheets/s{n}.xml": xml for n, xml in enumerate(sheets.values(), start=1)}}
    if strict:
        for old, new in STRICT.items():
            parts = {k: v.replace(old, new) for k, v in parts.items()}
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/styles.xml", styles)
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return path


def worklog_xml(*rows: list[object]) -> str:
    return "".join(sheet_parts([WORKLOG_HEADER, *rows]))


def codes_at(issues: list, cell: str) -> set[str]:
    return {i.code for i in issues if i.cell == cell}


# --- point 17: messages -------------------------------------------------------------------


@pytest.mark.parametrize(("serial", "codes"), [
    pytest.param(59, {"bad_date"}, id="28-02-1900"),
    pytest.param(60, {"bad_date"}, id="excel-fake-29-02-1900"),
    pytest.param(61, set(), id="01-03-1900"),
    pytest.param(46083, set(), id="2026"),
])
def test_excel_serials_before_march_1900_refused_at_their_cell(tmp_path: Path, serial: int,
                                                                 codes: set[str]) -> None:
    xml = worklog_xml(worklog_row(1, dt.datetime(2026, 3, 2), "007", "T1"))
    xml = xml.replace('<c r="B2" t="inlineStr"><is><t xml:space="preserve">2026-03-02 00:00:00'
                      "</t></is></c>", f'<c r="B2" s="1"><v>{serial}</v></c>')
    assert f"<v>{serial}</v>" in xml
    path = workbook(tmp_path / "w.xlsx", {"Nhật ký": xml}, styles=DATE_STYLES)
    assert codes_at(read_inputs([path])[1], "B2") == codes


def test_strict_ooxml_error_cell_is_an_error_value(tmp_path: Path) -> None:
    row = worklog_row(1, "2/3/2026", "007", "T1")
    xml = worklog_xml(row).replace(
        '<c r="G2"><v>2</v></c>', '<c r="G2" t="e"><v>#N/A</v></c>')
    assert 't="e"' in xml
    for strict in (False, True):
        path = workbook(tmp_path / f"w{strict}.xlsx", {"Nhật ký": xml}, strict=strict)
        issues = read_inputs([path])[1]
        assert codes_at(issues, "G2") == {"error_value"}, (strict, issues)


@pytest.mark.parametrize("staff", ["001\u200b", "\u200b001", "0\u200d01", "\ufeff001", "001"])
def test_invisible_characters_in_a_code_are_dropped(tmp_path: Path, staff: str) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    path = tmp_path / "nhat-ky.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(WORKLOG_HEADER)
        writer.writerow(worklog_row(1, "2/3/2026", staff, "T3"))
    data, issues = read_inputs([catalog, norms, path])
    assert data.worklogs["staff_id"].tolist() == ["001"]
    result = invoke("validate", str(catalog), str(norms), str(path), "--lang", "en")
    assert result.exit_code == 0, result.output


def test_utf16_csv_is_told_as_utf16_and_reads_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "nhat-ky.csv"
    rows = [WORKLOG_HEADER, worklog_row(1, "2/3/2026", "007", "T1")]
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel's "Unicode Text"
    error = refusal(path)
    assert error.code == "csv_utf16"
    result = invoke("validate", str(path), "--lang", "en")
    assert "UTF-16" in plain(result.output) and "cp1258" not in result.output
    data, issues = read_inputs([path], encoding="utf-16")
    assert data.worklogs["staff_id"].tolist() == ["007"]


# --- points 6 and 7 -----------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "other", "codes"), [
    pytest.param("1.000", "2,5", {"ambiguous_number"}, id="thousands-or-one"),
    pytest.param("2.500", "2,5", {"ambiguous_number"}, id="two-thousand-five-hundred-or-2.5"),
    pytest.param("1.5", "2,5", set(), id="one-decimal"),
    pytest.param("1.000", "2.5", set(), id="no-decimal-comma-in-the-column"),
    pytest.param("0,5", "2,5", set(), id="decimal-comma"),
])
def test_a_dot_number_beside_decimal_commas_is_ambiguous(tmp_path: Path, hours: str, other: str,
                                                          codes: set[str]) -> None:
    path = tmp_path / "nhat-ky.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(WORKLOG_HEADER)
        writer.writerow(worklog_row(1, "2/3/2026", "007", "T1", hours=hours))
        writer.writerow(worklog_row(2, "2/3/2026", "007", "T1", hours=other))
    data, issues = read_inputs([path])
    assert codes_at(issues, "G2") == codes
    if codes:
        message = next(i for i in issues if i.cell == "G2").message("en")
        assert hours in message and hours.replace(".", "") in message


@pytest.mark.parametrize("large", [False, True], ids=["pandas-reader", "arrow-reader"])
def test_ambiguous_numbers_among_many_rows_are_found_at_their_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool) -> None:
    # each distinct text is matched once and spread over the rows: the cells named must be
    # exactly those holding a dot number, whatever repeats around them
    import kpitool.io.readers as readers

    if large:
        monkeypatch.setattr(readers, "LARGE_CSV", 0)
    hours = ["2,5", "1", "0,5", "3"] * 750  # 3,000 rows
    hours[1499], hours[2998] = "1.000", "2.500"  # Excel rows 1501 and 3000
    path = tmp_path / "nhat-ky.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(WORKLOG_HEADER)
        for n, value in enumerate(hours, start=1):
            writer.writerow(worklog_row(n, "2/3/2026", "007", "T1", hours=value))
    assert (readers._read_large_csv(path, None) is not None) is large
    data, issues = read_inputs([path])
    assert sorted((i.cell, i.value) for i in issues if i.code == "ambiguous_number") == [
        ("G1501", "1.000"), ("G3000", "2.500")]
    assert data.worklogs["hours"].isna().sum() == 2
    assert data.worklogs["hours"].iloc[:4].tolist() == [2.5, 1.0, 0.5, 3.0]


@pytest.mark.parametrize(("state", "noted"), [("veryHidden", True), ("hidden", True),
                                              ("visible", False)])
def test_a_hidden_worklog_sheet_is_noted(tmp_path: Path, state: str, noted: bool) -> None:
    xml = worklog_xml(worklog_row(1, "2/3/2026", "007", "T1"))
    path = workbook(tmp_path / "w.xlsx", {"Ghi chú": "".join(sheet_parts([["x"]])),
                                          "Nhật ký": xml}, states={"Nhật ký": state})
    data, issues = read_inputs([path])
    assert len(data.worklogs) == 1
    hidden = [i for i in issues if i.code == "hidden_sheet"]
    assert bool(hidden) == noted
    if noted:
        assert hidden[0].severity == "notice" and state in hidden[0].message("en")


# --- point 12: internal errors ------------------------------------------------------------


def parquet_worklog(path: Path, **columns: pa.Array) -> Path:
    rows = [worklog_row(1, dt.datetime(2026, 3, 2), "007", "T1"),
            worklog_row(2, dt.datetime(2026, 3, 3), "007", "T1")]
    table = {h: pa.array([r[i] for r in rows]) for i, h in enumerate(WORKLOG_HEADER)
             if h != "Hạn hoàn thành"}
    table["Số giờ thực hiện"] = pa.array([2.0, 2.0])
    table.update(columns)
    pq.write_table(pa.table(table), path)
    return path


def test_parquet_year_9999_is_a_bad_date_at_its_cell(tmp_path: Path) -> None:
    path = parquet_worklog(tmp_path / "w.parquet", **{"Ngày thực hiện": pa.array(
        [dt.datetime(2026, 3, 2), dt.datetime(9999, 12, 31)], pa.timestamp("us"))})
    issues = read_inputs([path])[1]
    assert codes_at(issues, "B3") == {"bad_date"}
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 1 and "Unexpected" not in result.output


@pytest.mark.parametrize("column", ["Số giờ thực hiện", "Nội dung công việc"])
def test_a_parquet_list_column_is_refused_by_name(tmp_path: Path, column: str) -> None:
    path = parquet_worklog(tmp_path / "w.parquet", **{column: pa.array([[1.0], [2.0]])})
    error = refusal(path)
    assert error.code == "parquet_nested" and error.params["column"] == column
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 1 and column in plain(result.output)


@pytest.mark.parametrize("what", ["name-over-255-bytes", "path-over-4096-bytes"])
def test_a_path_the_system_refuses_is_a_message(tmp_path: Path, what: str) -> None:
    path = tmp_path / ("đ" * 130 + ".xlsx") if what.startswith("name") else \
        tmp_path.joinpath(*["a" * 200] * 22, "w.xlsx")
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 1 and "Unexpected" not in result.output, result.output
    assert "File name too long" in plain(result.output), result.output
    out = path.with_suffix("")
    result = invoke("score", str(valid_set(tmp_path)[2]), "--out", str(out), "--lang", "en")
    assert result.exit_code == 1 and "Unexpected" not in result.output, result.output
    assert "File name too long" in plain(result.output), result.output


def test_deeply_nested_toml_is_a_rules_error(tmp_path: Path) -> None:
    path = tmp_path / "quy-tac.toml"
    path.write_text('name = "x"\na = ' + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = invoke("rules", "check", str(path), "--lang", "en")
    assert result.exit_code == 1 and "nested too deeply" in plain(result.output), result.output


def test_annotate_a_workbook_with_a_slash_in_a_sheet_name(tmp_path: Path) -> None:
    xml = worklog_xml(worklog_row(1, "2/3/2026", "007", "T1", hours="nhiều"))
    path = workbook(tmp_path / "w.xlsx", {"Nhật ký": xml,
                                          "Ghi chú/2026": "".join(sheet_parts([["x"]]))})
    before = path.read_bytes()
    result = invoke("validate", str(path), "--annotate", str(tmp_path / "out.xlsx"), "--lang",
                    "en")
    assert result.exit_code == 1 and "Unexpected" not in result.output
    assert "Cannot write a marked copy" in plain(result.output)
    assert "G2" in result.output  # the issues are still listed
    assert path.read_bytes() == before and not (tmp_path / "out.xlsx").exists()


# --- point 14: CSV and Parquet bounds ------------------------------------------------------


def test_a_csv_of_blank_lines_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "nhat-ky.csv"
    with path.open("wb") as stream:
        stream.write(",".join(WORKLOG_HEADER).encode() + b"\n")
        stream.write(b"\n" * 30_000_000)
    done = run_capped(["validate", str(path), "--lang", "en"], CAP_MB)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "30,000,001 rows × 13 columns" in plain(done.stderr), done.stderr


@pytest.mark.parametrize(("lines", "delimiter", "expected"), [
    pytest.param(["a,b,c", "1,2,3"], ",", (2, 3), id="plain"),
    pytest.param(["a;b", "1;2;3;4;5", ""], ";", (3, 5), id="widest-row"),
    pytest.param(["a,b,c"], ",", (1, 3), id="no-final-newline"),
])
def test_csv_extent(tmp_path: Path, lines: list[str], delimiter: str,
                    expected: tuple[int, int]) -> None:
    from kpitool.io.safety import csv_extent

    path = tmp_path / "x.csv"
    path.write_text("\n".join(lines) + ("" if expected == (1, 3) else "\n"), encoding="utf-8")
    assert csv_extent(path, ord(delimiter)) == expected


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=80).map(lambda raw: bytes(b"a,;\n"[b % 4] for b in raw)),
       chunk=st.integers(min_value=1, max_value=9))
def test_csv_extent_counts_each_line_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   data: bytes, chunk: int) -> None:
    # lines and fields counted one line at a time in Python: the same, wherever the file is
    # cut into chunks
    import kpitool.io.safety as safety

    monkeypatch.setattr(safety, "CSV_CHUNK", chunk)
    lines = data.split(b"\n")
    if not data or data.endswith(b"\n"):
        lines = lines[:-1]
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert safety.csv_extent(path, ord(",")) == (
        len(lines), max((line.count(b",") + 1 for line in lines), default=0))


def test_a_small_parquet_of_many_cells_is_refused_from_its_footer(tmp_path: Path) -> None:
    path = tmp_path / "w.parquet"
    rows = 2_000_000
    zeros = pa.array(np.zeros(rows, dtype=np.int8))
    pq.write_table(pa.table(dict.fromkeys(WORKLOG_HEADER, zeros)), path)
    assert path.stat().st_size < 5 << 20
    done = run_capped(["validate", str(path), "--lang", "en"], CAP_MB)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "2,000,000 rows × 13 columns" in plain(done.stderr), done.stderr
