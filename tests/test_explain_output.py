"""`kpitool explain` reads whole whatever the width (issue 13, point 7).

Redirected to a file or shown on an 80-column terminal the numbers became "0,…" and columns
disappeared; a missing general score printed "tiêu chí chung , tổng ."; under khanh-hoa the
line said "A = %, B = %" and never the KPI %. Every value is now whole, and every line says only
what the person has.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.table import Table
from typer.testing import CliRunner

from kpitool import console
from kpitool.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ward")
    for path in (ROOT / "examples" / "hac-thanh").glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    return folder


def explain(ward: Path, *args: str) -> str:
    result = runner.invoke(app, ["explain", *args, str(ward / "worklogs.xlsx")],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_redirected_rows_keep_every_value_whole(ward: Path) -> None:
    shown = explain(ward, "028", "--period", "2026-03")
    assert "…" not in shown
    story = json.loads(explain(ward, "028", "--period", "2026-03", "--json"))
    for row in story["rows"]:  # each converted hours value, with its decimal comma, is there
        assert f"{row['converted_hours']:.2f}".replace(".", ",") in shown


@pytest.mark.parametrize("staff, present, absent", [
    pytest.param("017", ["chưa có điểm tiêu chí chung, nên chưa có tổng",
                         "Không xếp loại: thiếu điểm tiêu chí chung"],
                 ["tiêu chí chung ,", "tổng .", "hạng  trong", "Kết quả: ."], id="no-general"),
    pytest.param("023", ["Không xếp loại: không có ngày làm việc"],
                 ["Kết quả: .", "A (số lượng) = %", "điểm nhiệm vụ ;"], id="not-assessed"),
    pytest.param("028", ["tiêu chí chung 29,00", "tổng 99,00", "hạng 1 trong đơn vị, 1 chung"],
                 ["chưa có điểm"], id="complete"),
])
def test_every_line_filled_or_left_out(ward: Path, staff: str, present: list[str],
                                       absent: list[str]) -> None:
    shown = " ".join(explain(ward, staff, "--period", "2026-03").split())
    for words in present:
        assert words in shown
    for words in absent:
        assert words not in shown


def test_khanh_hoa_shows_the_kpi_not_empty_criteria(ward: Path) -> None:
    shown = " ".join(explain(ward, "028", "--period", "2026-03", "--rules", "khanh-hoa").split())
    assert "KPI = 111,54%" in shown
    assert "= %" not in shown and "A (số lượng)" not in shown


def test_a_narrow_terminal_gets_one_block_per_row() -> None:
    table = Table()
    for name in ("Ngày HT", "Mã CV", "w"):
        table.add_column(name, no_wrap=True)
    table.add_row("25/3/2026", "C25-VERY-LONG-CODE", "1234,56")
    screen = io.StringIO()
    narrow = console._Console(file=screen, width=20, force_terminal=True, color_system=None)
    console._print_rows(narrow, table, ["completed_on", "task_code", "converted_hours"], "vi")
    shown = " ".join(screen.getvalue().split())
    assert "C25-VERY-LONG-CODE" in shown and "1234,56" in shown and "…" not in shown
