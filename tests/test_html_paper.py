"""The HTML report as a paper document (issue 13, point 8): the agency top left beside the
national motto, the checksums in an annex rather than the header, a place-and-date line and
two signature blocks, printed by Chromium."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.office import pdf_pages
from tests.test_html_report import print_pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("paper")
    for path in (ROOT / "examples" / "hac-thanh").glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    out = folder / "out"
    runner = CliRunner()
    for command in ("score", "report"):
        done = runner.invoke(app, [command, str(folder / "worklogs.xlsx"), "--period", "2026-Q1",
                                   "--out", str(out)])
        assert done.exit_code == 0, done.output
    printed = {}
    for name, page in (("score", out / "kpi_2026-Q1.html"), ("report", out / "report_2026-Q1.html")):
        pdf = print_pdf(page, folder / f"{name}.pdf", folder / f"profile-{name}")
        printed[name] = pdf_pages(pdf)
    return printed


@pytest.mark.parametrize("name", ["score", "report"])
def test_heading_date_line_and_signatures(pages: dict[str, list[str]], name: str) -> None:
    first = " ".join(pages[name][0].split())
    assert "UBND PHƯỜNG HẠC THÀNH" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Độc lập - Tự do - Hạnh phúc" in first
    header = first.split("Số cán bộ")[0]
    assert not re.search(r"[0-9a-f]{16}", header)  # no checksum in the header any more
    whole = " ".join(" ".join(pages[name]).split())
    today = dt.date.today()
    assert f"ngày {today.day} tháng {today.month} năm {today.year}" in whole
    assert "NGƯỜI LẬP BIỂU" in whole and "THỦ TRƯỞNG ĐƠN VỊ" in whole
    assert whole.index("THỦ TRƯỞNG ĐƠN VỊ") < whole.rindex("SHA-256")  # the annex comes last


def test_header_has_no_checksum_in_the_html_either(tmp_path: Path) -> None:
    for path in (ROOT / "examples" / "hac-thanh").glob("*.xlsx"):
        shutil.copy(path, tmp_path / path.name)
    done = CliRunner().invoke(app, ["score", str(tmp_path / "worklogs.xlsx"), "--out",
                                    str(tmp_path / "o"), "--lang", "en"])
    assert done.exit_code == 0, done.output
    html = next((tmp_path / "o").glob("kpi_*.html")).read_text(encoding="utf-8")
    header = html[html.index('<header class="doc">'):html.index("</header>")]
    assert not re.search(r"[0-9a-f]{16}", header)
    assert "see the annex" in header
    assert "PREPARED BY" in html and "HEAD OF THE AGENCY" in html
