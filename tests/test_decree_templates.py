"""Issue 11: `kpitool template assignments` — a unit head's giao-việc sheet, on real files."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.io.readers import read_inputs
from kpitool.rules import load_rules
from kpitool.schemas.templates import LISTS_SHEET, write_assignment_template
from tests.test_templates import defined_range, header, sample_data, validations

runner = CliRunner()
ROWS = 200


@pytest.fixture(autouse=True)
def few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kpitool.schemas.templates.DATA_ROWS", ROWS)


def test_assignment_template_lists_the_unit_staff_and_converted_hours(tmp_path: Path) -> None:
    out = write_assignment_template(sample_data(), "VP", tmp_path / "gv.xlsx",
                                    load_rules("nd335").complexity, as_of=dt.date(2026, 3, 1))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Giao việc", "Hướng dẫn", LISTS_SHEET]
    assert defined_range(book, "kpi_staff_ids") == ["007", "008"]
    assert defined_range(book, "kpi_task_codes") == ["T01", "T02", "T06"]
    keys = defined_range(book, "kpi_converted_keys")
    # T02 has complexity 2 (× 1.2): 3 h → 3.6 converted hours per unit; the others level 1
    assert dict(zip(keys, defined_range(book, "kpi_converted_hours"), strict=True)) == {
        "1|T01": 2, "1|T06": 1.25, "2|T01": 1.5, "2|T02": 3.6, "2|T06": 1.25}
    sheet = book["Giao việc"]
    assert header(sheet) == ["Mã giao việc", "Mã cán bộ", "Họ và tên", "Mã công việc",
                             "Tên công việc", "Số lượng", "Giờ chuẩn quy đổi", "Ngày giao",
                             "Hạn hoàn thành", "Ghi chú"]
    found = validations(sheet)
    assert found[f"B2:B{ROWS}"].formula1 == "kpi_staff_ids"
    assert found[f"D2:D{ROWS}"].formula1 == "kpi_task_codes"
    assert found[f"F2:F{ROWS}"].formula1 == "AND(ISNUMBER(F2),F2>0,F2<=100000)"
    converted = sheet["G2"]
    assert converted.value.startswith('=IF(OR(B2="",D2="",F2=""),"",IFERROR(F2*INDEX(')
    assert converted.protection.locked and sheet.protection.sheet


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_assignment_template_converted_hours_computed_by_a_spreadsheet(tmp_path: Path) -> None:
    out = write_assignment_template(sample_data(), "VP", tmp_path / "gv.xlsx",
                                    load_rules("nd335").complexity, as_of=dt.date(2026, 3, 1))
    book = openpyxl.load_workbook(out)
    sheet = book["Giao việc"]
    lines = [("008", "T02", 5), ("007", "T01", 3), ("007", "T02", 1), ("007", "T06", 2)]
    for row, (staff, task, quantity) in enumerate(lines, start=2):
        sheet[f"B{row}"], sheet[f"D{row}"], sheet[f"F{row}"] = staff, task, quantity
    book.save(out)
    folder = tmp_path / "calc"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(folder), str(out)],
                   check=True, capture_output=True, timeout=120)
    computed = openpyxl.load_workbook(folder / "gv.xlsx", data_only=True)["Giao việc"]
    assert [computed[f"G{row}"].value for row in range(2, 6)] == [
        pytest.approx(18.0), pytest.approx(6.0), "Không áp dụng cho cán bộ này", pytest.approx(2.5)]
    assert computed["C2"].value == "Trần Thị Bình"
    assert computed["G6"].value in (None, "")


def test_cli_template_assignments_filled_in_reads_back(tmp_path: Path) -> None:
    from kpitool.schemas.templates import write_blank_templates
    from tests.test_templates import fill_blank_inputs

    write_blank_templates(tmp_path, general_max=30.0,
        leader_values=(100.0, 50.0))
    fill_blank_inputs(tmp_path)
    catalog, norms = tmp_path / "catalog.xlsx", tmp_path / "norms.xlsx"
    out = tmp_path / "giao-viec-VP.xlsx"
    result = runner.invoke(app, ["template", "assignments", "--catalog", str(catalog),
                                 "--norms", str(norms), "--unit", "VP", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert defined_range(book, "kpi_staff_ids") == ["008", "007"]
    sheet = book["Giao việc"]
    sheet["A2"], sheet["B2"], sheet["D2"], sheet["F2"] = "GV-1", "007", "T01", 4
    sheet["I2"] = dt.datetime(2026, 3, 31)
    book.save(out)
    data, issues = read_inputs([catalog, norms, out])
    assert [i for i in issues if i.severity == "error"] == []
    assert data.assignments[["assignment_id", "staff_id", "task_code"]].values.tolist() == [
        ["GV-1", "007", "T01"]]
    assert data.assignments.loc[0, "quantity"] == 4 and data.assignments.loc[0, "_row"] == 2


def test_cli_template_assignments_refuses_a_unit_without_staff(tmp_path: Path) -> None:
    from kpitool.schemas.templates import write_blank_templates
    from tests.test_templates import fill_blank_inputs

    write_blank_templates(tmp_path, general_max=30.0,
        leader_values=(100.0, 50.0))
    fill_blank_inputs(tmp_path)
    result = runner.invoke(app, ["template", "assignments", "--catalog",
                                 str(tmp_path / "catalog.xlsx"), "--norms",
                                 str(tmp_path / "norms.xlsx"), "--unit", "XX",
                                 "-o", str(tmp_path / "t.xlsx")], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert not (tmp_path / "t.xlsx").exists()
