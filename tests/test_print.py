"""Every workbook kpitool writes prints as a person expects (issue 13, point 6).

Outputs and templates are written through the CLI, checked with openpyxl (A4, fit to width,
page numbers, print area, repeated header rows) and printed for real: LibreOffice converts
them to PDF and pdftotext reads the pages back.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.office import pdf_pages, to_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "hac-thanh"
FOOTER = re.compile(r"Trang (\d+) / (\d+)")
runner = CliRunner()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples scored, the blank templates and a unit's worklog template."""
    root = tmp_path_factory.mktemp("print")
    data = root / "data"
    shutil.copytree(EXAMPLES, data)
    out = root / "out"
    result = runner.invoke(app, ["score", str(data / "worklogs.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    blank = root / "blank"
    assert runner.invoke(app, ["init", str(blank)]).exit_code == 0
    unit_template = root / "nhat-ky-HT-TT.xlsx"
    made = runner.invoke(app, ["template", "worklogs", "--catalog", str(data / "catalog.xlsx"),
                               "--norms", str(data / "norms.xlsx"), "--unit", "HT-TT",
                               "-o", str(unit_template)])
    assert made.exit_code == 0, made.output
    books = {"kpi": out / "kpi_2026-Q1.xlsx", "unit": out / "units" / "HT-TT.xlsx",
             "template_worklogs": unit_template}
    books.update({f"blank_{p.stem}": p for p in sorted(blank.glob("*.xlsx"))})
    return books


@pytest.fixture(scope="module")
def printed(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    names = list(written)
    pdfs = to_pdf([written[n] for n in names], tmp_path_factory.mktemp("pdf"))
    return {name: pdf_pages(pdf) for name, pdf in zip(names, pdfs, strict=True)}


def test_every_sheet_has_print_settings(written: dict[str, Path]) -> None:
    for name, path in written.items():
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            where = f"{name} › {sheet.title}"
            assert sheet.page_setup.paperSize == 9, where  # A4
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert (sheet.page_setup.fitToWidth or 1) == 1, where  # 1 is the OOXML default
            assert sheet.page_setup.fitToHeight == 0, where
            assert "&P" in (sheet.oddFooter.center.text or ""), where
            assert sheet.print_area, where
            assert sheet.print_options.gridLines, where


@pytest.mark.parametrize("name, most", [
    pytest.param("template_worklogs", 2, id="unit-worklog-template"),  # 217 pages before
    pytest.param("blank_worklogs", 2, id="blank-worklogs"),
    pytest.param("blank_assessments", 3, id="blank-assessments"),
    pytest.param("blank_norms", 5, id="blank-norms"),
    pytest.param("blank_catalog", 6, id="blank-catalog"),
    pytest.param("unit", 10, id="unit-workbook"),  # 57 pages before for a smaller ward
])
def test_page_counts_and_numbers(printed: dict[str, list[str]], name: str, most: int) -> None:
    pages = printed[name]
    assert 1 <= len(pages) <= most
    for number, page in enumerate(pages, start=1):
        footer = FOOTER.findall(page)
        assert footer and footer[-1] == (str(number), str(len(pages))), (name, number)


def first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


def test_ranking_fits_one_page_across(printed: dict[str, list[str]]) -> None:
    """The ranking sheet's first and last columns print on the same page."""
    ranking = [p for p in printed["kpi"] if "Họ và tên" in p and "Giờ tự khai" in p]
    assert ranking, "no page of the ranking sheet"
    assert all("Cảnh báo" in page for page in ranking)  # the last column, on the same page
    assert len(ranking) <= 2  # 32 people


def test_detail_header_repeats_on_every_page(printed: dict[str, list[str]]) -> None:
    pages = printed["kpi"]
    detail = [i for i, page in enumerate(pages) if "Ngày thực hiện" in page]
    assert len(detail) >= 2, "the detail sheet should take several pages"
    assert detail == list(range(detail[0], detail[-1] + 1))
    for i in detail:
        assert first_line(pages[i]).startswith("Mã cán bộ"), f"page {i + 1} has no header row"
    assert len(pages) <= 45  # 90 pages before for one month of a smaller ward


def test_template_prints_header_and_rows_to_fill(written: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(written["template_worklogs"])
    sheet = book.worksheets[0]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area.endswith("$40")  # header + 39 rows, not the 5,000 with formulas
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.row_dimensions[1].height >= 32  # tall enough for the wrapped labels
