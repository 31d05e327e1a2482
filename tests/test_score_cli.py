"""`kpitool score` end to end on the shipped examples: outputs opened and checked cell by cell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import WORKLOG_HEADER, D, valid_set, worklog_row, write_book

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "hac-thanh"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("ward")
    for path in EXAMPLES.glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    result = runner.invoke(app, ["score", str(folder / "worklogs.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    return folder, json.loads(result.stdout)


def test_json_contract(scored: tuple[Path, dict]) -> None:
    _, payload = scored
    assert payload["period"] == "2026-Q1"
    assert payload["rules"]["name"] == "nd335" and len(payload["rules"]["sha256"]) == 64
    assert {Path(i["path"]).name for i in payload["inputs"]} == {
        "catalog.xlsx", "norms.xlsx", "worklogs.xlsx", "assessments.xlsx"}
    person = payload["staff"][0]
    for key in ("staff_id", "full_name", "unit_code", "position_code", "is_leader",
                "basis_hours", "converted_hours", "quantity_pct", "quality_pct", "progress_pct",
                "leader_d", "leader_dd", "leader_e", "task_score", "general_score", "total",
                "level", "rank_in_unit", "rank_overall", "flags"):
        assert key in person
    assert "level_label" not in person  # a key in the data; named only when rendered
    levels = {p["level"] for p in payload["staff"]}
    assert levels <= {"HTXSNV", "HTTNV", "HTNV", "KHTNV", None}
    for p in payload["staff"]:
        if p["total"] is not None:
            assert 0 <= p["total"] <= 100
            assert round(p["total"], 2) == p["total"]


def test_ranked_report_cells_match_json(scored: tuple[Path, dict]) -> None:
    folder, payload = scored
    book = openpyxl.load_workbook(folder / "kpi-2026-Q1" / "kpi_2026-Q1.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Xếp hạng", "Theo đơn vị", "Chi tiết", "Cảnh báo",
                               "Tham số"]
    ranking = book["Xếp hạng"]
    header = [c.value for c in ranking[1]]
    assert header[:4] == ["Hạng chung", "Hạng trong đơn vị", "Mã cán bộ", "Họ và tên"]
    assert ranking.freeze_panes == "A2"
    assert ranking.auto_filter.ref is not None
    col = {name: i for i, name in enumerate(header)}
    for n, person in enumerate(payload["staff"], start=2):
        row = [c.value for c in ranking[n]]
        assert row[col["Mã cán bộ"]] == person["staff_id"]
        assert row[col["Tổng điểm"]] == person["total"]
        assert row[col["Hạng chung"]] == person["rank_overall"]
    total_cell = ranking.cell(2, col["Tổng điểm"] + 1)
    assert total_cell.number_format == "#,##0.00"
    params = {r[0].value: r[1].value for r in book["Tham số"].iter_rows() if r[0].value}
    assert params["SHA-256"] == payload["rules"]["sha256"]
    detail = book["Chi tiết"]
    detail_header = [c.value for c in detail[1]]
    assert {"Tệp nguồn", "Sheet nguồn", "Dòng nguồn", "Giờ chuẩn quy đổi"} <= set(detail_header)
    assert isinstance(detail.cell(2, detail_header.index("Dòng nguồn") + 1).value, int)


def test_one_workbook_per_unit(scored: tuple[Path, dict]) -> None:
    folder, payload = scored
    units = {p["unit_code"] for p in payload["staff"]}
    written = {p.stem for p in (folder / "kpi-2026-Q1" / "units").glob("*.xlsx")}
    assert written == units
    unit = sorted(units)[0]
    book = openpyxl.load_workbook(folder / "kpi-2026-Q1" / "units" / f"{unit}.xlsx")
    assert "Theo tháng" in book.sheetnames
    months = book["Theo tháng"]
    assert [c.value for c in months[1]][2:] == ["2026-01", "2026-02", "2026-03"]
    ids = [r[1].value for r in book["Xếp hạng"].iter_rows(min_row=4) if r[1].value]
    members = [p["staff_id"] for p in payload["staff"] if p["unit_code"] == unit]
    assert set(members) <= set(ids)
    assert unit in book["Xếp hạng"]["A1"].value  # named once in the title, not on every row
    for name in ("Xếp hạng", "Cảnh báo", "Chi tiết"):
        header = [c.value for c in book[name][3 if name == "Xếp hạng" else 1]]
        assert "Mã cán bộ" in header and "Mã đơn vị" not in header


def test_invalid_data_exits_one_with_table(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, worklog_row(1, "31/2/2026", "007", "T1"),
                                      worklog_row(2, D(2026, 3, 2), "007", "T1")]})
    result = runner.invoke(app, ["score", str(paths[2])], env={"COLUMNS": "150"})
    assert result.exit_code == 1
    assert "bad_date" in result.output
    assert not (tmp_path / "kpi-2026-03").exists()
    skipped = runner.invoke(app, ["score", str(paths[2]), "--skip-invalid", "--json"])
    assert skipped.exit_code == 0, skipped.output
    payload = json.loads(skipped.stdout)
    assert [i["cell"] for i in payload["skipped"] if i["code"] == "bad_date"] == ["B2", "I2"]


def test_text_is_never_written_as_formula(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    row = worklog_row(1, D(2026, 3, 2), "007", "T1")
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, row]})
    book = openpyxl.load_workbook(paths[2])
    cell = book["Nhật ký"]["J2"]
    cell.value = '=HYPERLINK("http://x","y")'
    cell.data_type = "s"  # text typed into the cell, not a formula
    book.save(paths[2])
    result = runner.invoke(app, ["score", str(paths[2]), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "kpi_2026-03.xlsx")
    cells = [c for sheet in book for r in sheet.iter_rows() for c in r if c.value is not None]
    hits = [c for c in cells if str(c.value).startswith("=")]
    assert hits and all(c.data_type == "s" for c in hits)


def test_rules_show_and_check(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["rules", "show", "khanh-hoa"])
    assert shown.exit_code == 0
    path = tmp_path / "r.toml"
    path.write_text(shown.stdout, encoding="utf-8")
    assert runner.invoke(app, ["rules", "check", str(path)]).exit_code == 0
    path.write_text(shown.stdout.replace("hours_per_day", "hours_per_dy"), encoding="utf-8")
    bad = runner.invoke(app, ["rules", "check", str(path)], env={"COLUMNS": "200"})
    assert bad.exit_code == 1
    assert "hours_per_dy" in bad.output


def test_explain(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    result = runner.invoke(app, ["explain", "007", str(paths[2]), "--json"])
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)
    assert story["staff"]["staff_id"] == "007"
    assert [r["task_code"] for r in story["rows"]] == ["T1", "T2"]
    text = runner.invoke(app, ["explain", "007", str(paths[2])], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "Kết quả" in text.output
