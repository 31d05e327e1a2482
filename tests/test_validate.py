"""Cross-file checks and the `kpitool validate` command, on real workbooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.validation import validate
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D, valid_set, worklog_row, write_book

runner = CliRunner()


def errors(issues) -> set[tuple[str, str, str]]:
    return {(Path(i.file).name, i.code, i.cell) for i in issues if i.severity == "error"}


def test_valid_set_is_clean(tmp_path: Path) -> None:
    _, issues = validate(valid_set(tmp_path))
    assert errors(issues) == set()


def with_logs(tmp_path: Path, rows: list[list[object]]) -> list[Path]:
    paths = valid_set(tmp_path)
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, *rows]})
    return paths


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(worklog_row(1, D(2026, 3, 2), "007", "T9"), ("unknown_code", "D2"),
                     id="unknown-task"),
        pytest.param(worklog_row(1, D(2026, 3, 2), "999", "T1"), ("unknown_code", "C2"),
                     id="unknown-staff"),
        pytest.param(worklog_row(1, D(2026, 3, 2), "007", "T3"),
                     ("task_not_allowed_position", "D2"), id="task-of-another-position"),
        pytest.param(worklog_row(1, D(2026, 3, 2), "008", "T2"),
                     ("task_not_allowed_position", "D2"), id="task-of-another-unit-and-position"),
        pytest.param([1, D(2026, 3, 5), "007", "T1", "x", 1, 2, None, D(2026, 3, 4), "1/UB",
                      "Đã duyệt", "Đạt", "001"], ("completed_before_date", "I2"),
                     id="completed-before-date"),
        pytest.param([1, D(2026, 3, 5), "007", "T1", "x", 1, 2, None, None, "1/UB",
                      "Đã duyệt", "Đạt", "555"], ("unknown_approver", "M2"),
                     id="approver-not-on-roster"),
    ],
)
def test_worklog_cross_checks(tmp_path: Path, row: list[object], expected: tuple[str, str]) -> None:
    _, issues = validate(with_logs(tmp_path, [row]))
    assert ("worklogs.xlsx", *expected) in errors(issues)


def test_task_of_another_unit(tmp_path: Path) -> None:
    catalog = {**CATALOG, "Cán bộ": [*CATALOG["Cán bộ"], ["009", "Phạm Văn Dũng", "VP", "CV",
                                                          "001", "Công chức"]]}
    paths = with_logs(tmp_path, [worklog_row(1, D(2026, 3, 2), "009", "T2")])
    write_book(paths[0], catalog)
    _, issues = validate(paths)
    assert ("worklogs.xlsx", "task_not_allowed_unit", "D2") in errors(issues)


def test_hours_over_24_in_a_day(tmp_path: Path) -> None:
    rows = [worklog_row(n, D(2026, 3, 2), "007", "T1", hours=9) for n in (1, 2, 3)]
    _, issues = validate(with_logs(tmp_path, rows))
    found = [i for i in issues if i.code == "hours_over_24"]
    assert [(i.cell, i.value) for i in found] == [("G2", "27")]


def test_catalog_checks(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    staff = [*CATALOG["Cán bộ"], ["010", "Hồ Thị Em", "XX", "CV", "011", "Công chức"],
             ["011", "Đỗ Văn Phúc", "VP", "CV", "010", "Công chức"],
             ["007", "Trùng Mã", "VP", "CV", "001", "Công chức"]]
    write_book(paths[0], {**CATALOG, "Cán bộ": staff})
    _, issues = validate(paths)
    found = errors(issues)
    assert ("catalog.xlsx", "unknown_code", "C5") in found  # unit XX
    assert ("catalog.xlsx", "supervisor_cycle", "E5") in found
    assert ("catalog.xlsx", "duplicate_key", "A7") in found


def test_norm_checks(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    norms = {"Định mức": [
        [*NORMS["Định mức"][0], "Hiệu lực từ", "Hiệu lực đến"],
        ["T1", "*", 2, 1, None, "31/3/2026"],
        ["T1", "*", 3, 1, "1/3/2026", None],  # overlaps the row above
        ["T3", "LĐQL", 3, 3, None, None],
    ]}
    write_book(paths[1], norms)
    _, issues = validate(paths)
    found = errors(issues)
    assert ("norms.xlsx", "norm_overlap", "A3") in found
    assert ("catalog.xlsx", "missing_norm", "A3") in found  # T2 has no CMNV norm


def test_no_norm_in_force_on_the_work_date(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    norms = {"Định mức": [
        [*NORMS["Định mức"][0], "Hiệu lực từ"],
        ["T1", "*", 2, 1, "1/4/2026"],
        ["T2", "CMNV", 4, 2, None],
        ["T3", "LĐQL", 3, 3, None],
    ]}
    write_book(paths[1], norms)
    _, issues = validate(paths)
    assert ("worklogs.xlsx", "no_norm_on_date", "D2") in errors(issues)


def test_cli_valid_exit_zero(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", *map(str, valid_set(tmp_path))],
                           env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "Hợp lệ" in result.output


def test_cli_json_and_exit_one(tmp_path: Path) -> None:
    paths = with_logs(tmp_path, [worklog_row(1, "31/2/2026", "007", "T1")])
    result = runner.invoke(app, ["validate", "--json", *map(str, paths)])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    bad = [i for i in payload["issues"] if i["code"] == "bad_date"]
    assert bad[0]["cell"] == "B2"
    assert set(bad[0]) == {"code", "severity", "file", "sheet", "row", "column", "cell", "value",
                           "message"}


def test_cli_english(tmp_path: Path) -> None:
    paths = with_logs(tmp_path, [worklog_row(1, "31/2/2026", "007", "T1")])
    result = runner.invoke(app, ["validate", "--lang", "en", *map(str, paths)],
                           env={"COLUMNS": "160"})
    assert result.exit_code == 1
    assert "is not a valid date" in result.output


def test_cli_bad_lang_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--lang", "fr", *map(str, valid_set(tmp_path))])
    assert result.exit_code == 2


def test_annotate_marks_cells_and_keeps_input(tmp_path: Path) -> None:
    paths = with_logs(tmp_path, [worklog_row(1, "31/2/2026", "007", "T1")])
    before = paths[2].read_bytes()
    out = tmp_path / "marked.xlsx"
    result = runner.invoke(app, ["validate", *map(str, paths), "--annotate", str(out)])
    assert result.exit_code == 1
    assert paths[2].read_bytes() == before
    sheet = openpyxl.load_workbook(out)["Nhật ký"]
    assert "bad_date" in sheet["B2"].comment.text
    assert sheet["B2"].fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["C2"].comment is None
    refused = runner.invoke(app, ["validate", *map(str, paths), "--annotate", str(paths[2])])
    assert refused.exit_code == 1
    assert "output_is_input" not in refused.output and "Không được ghi" in refused.output
    assert paths[2].read_bytes() == before


def test_python_dash_m_subprocess(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    done = subprocess.run([sys.executable, "-m", "kpitool", "validate", "--json", *map(str, paths)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["valid"] is True


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 1
    assert "nope.xlsx" in result.output
