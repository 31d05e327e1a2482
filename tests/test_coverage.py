"""Coverage (SPEC §4, issue 13 point 1): a forgotten worklog file never passes as people who did
nothing. Through the CLI on real files; the outputs are opened and read."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.messages import text
from tests.xlsxbuild import WORKLOG_HEADER, D, valid_set, worklog_row, write_book

runner = CliRunner()
COVERAGE = {"flag_no_worklogs", "flag_unit_no_worklogs"}


def _logs(folder: Path, name: str, rows: list[tuple[object, str, str]]) -> Path:
    """A worklog file with one approved row per (day, staff, task)."""
    return write_book(folder / name, {"Nhật ký": [
        WORKLOG_HEADER, *(worklog_row(n, day, staff, task)
                          for n, (day, staff, task) in enumerate(rows, start=1))]})


MARCH_ALL = [(D(2026, 3, 2), "007", "T1"), (D(2026, 3, 3), "001", "T3"), (D(2026, 3, 3), "008", "T1")]
MARCH_NO_VP = MARCH_ALL[:2]  # unit VP (008) forgotten
QUARTER_NO_FEB = [*MARCH_ALL, (D(2026, 1, 5), "007", "T1"), (D(2026, 1, 6), "001", "T3"),
                  (D(2026, 1, 6), "008", "T1")]


def _score_json(folder: Path, logs: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["score", str(logs), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("rows", "period", "expected"), [
    pytest.param(MARCH_ALL, [], set(), id="every-unit-logged"),
    pytest.param(MARCH_NO_VP, [], {("flag_unit_no_worklogs", None, "VP", "2026-03"),
                                   ("flag_no_worklogs", "008", "VP", "2026-03")},
                 id="one-unit-forgotten"),
    pytest.param(QUARTER_NO_FEB, ["--period", "2026-Q1"],
                 {("flag_unit_no_worklogs", None, unit, "2026-02") for unit in ("UB", "KT", "VP")}
                 | {("flag_no_worklogs", staff, unit, "2026-02")
                    for staff, unit in (("001", "UB"), ("007", "KT"), ("008", "VP"))},
                 id="quarter-month-forgotten"),
])
def test_coverage_flags(tmp_path: Path, rows: list, period: list[str], expected: set) -> None:
    valid_set(tmp_path)
    payload = _score_json(tmp_path, _logs(tmp_path, "nhat-ky.xlsx", rows), *period)
    found = {(f["code"], f["staff_id"], f["unit_code"], f["cycle"])
             for f in payload["flags"] if f["code"] in COVERAGE}
    assert found == expected
    assert all(f["severity"] == "high" for f in payload["flags"] if f["code"] in COVERAGE)
    if expected:  # listed before every other flag
        codes = [f["code"] for f in payload["flags"]]
        assert set(codes[:len(expected)]) <= COVERAGE
        people = {f[1] for f in expected if f[1]}
        for person in payload["staff"]:
            assert ("flag_no_worklogs" in person["flags"]) == (person["staff_id"] in people)


def test_forgotten_unit_is_loud_everywhere(tmp_path: Path) -> None:
    valid_set(tmp_path)
    logs = _logs(tmp_path, "nhat-ky-T3-KT.xlsx", MARCH_NO_VP)
    result = runner.invoke(app, ["score", str(logs)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("THIẾU NHẬT KÝ: 1 cán bộ") and "2026-03" in first and "VP" in first
    english = runner.invoke(app, ["score", str(logs), "--lang", "en", "--out",
                                  str(tmp_path / "en")], env={"COLUMNS": "200"})
    assert english.stdout.splitlines()[0].startswith("MISSING WORKLOGS: 1 staff")

    out = tmp_path / "kpi-2026-03"
    sheet = openpyxl.load_workbook(out / "kpi_2026-03.xlsx")["Cảnh báo"]
    header = [c.value for c in sheet[1]]
    kinds = [row[header.index("Loại cảnh báo")]
             for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert kinds[:2] == [text("flagkind_flag_unit_no_worklogs", "vi"),
                         text("flagkind_flag_no_worklogs", "vi")]
    assert len(kinds) > 2  # other flags follow
    html = (out / "kpi_2026-03.html").read_text(encoding="utf-8")
    flags = html[html.index('id="flags"'):]
    assert flags.index('data-flag="flag_unit_no_worklogs"') < flags.index('data-flag="flag_approver_self"')
    assert 'class="sev-high">Nghiêm trọng' in flags


def test_full_month_has_no_lead_line(tmp_path: Path) -> None:
    valid_set(tmp_path)
    result = runner.invoke(app, ["score", str(tmp_path / "worklogs.xlsx")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "THIẾU NHẬT KÝ" not in result.stdout
    assert result.stdout.startswith("Kỳ 2026-03")


@pytest.mark.parametrize(("rows", "covered", "missing"), [
    pytest.param(QUARTER_NO_FEB, "1/2026, 3/2026", "2/2026", id="february-forgotten"),
    pytest.param([*QUARTER_NO_FEB, (D(2026, 2, 2), "007", "T1")], "1/2026, 2/2026, 3/2026", None,
                 id="every-month"),
])
def test_report_says_which_months(tmp_path: Path, rows: list, covered: str,
                                  missing: str | None) -> None:
    valid_set(tmp_path)
    logs = _logs(tmp_path, "nhat-ky-Q1.xlsx", rows)
    result = runner.invoke(app, ["report", str(logs), "--period", "2026-Q1"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Nhật ký có dòng trong tháng: {covered}."
    assert lines[1].startswith(f"KHÔNG có dòng nhật ký nào trong tháng: {missing}:") \
        if missing else lines[1].startswith("Kỳ 2026-Q1")  # then the summary
    out = tmp_path / "kpi-2026-Q1"
    summary = openpyxl.load_workbook(out / "report_2026-Q1.xlsx")["Tổng hợp"]
    cells = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert cells["Tháng có nhật ký"] == covered
    assert cells["Tháng không có nhật ký"] == (missing or "không có")
    html = (out / "report_2026-Q1.html").read_text(encoding="utf-8")
    assert ('class="coverage alert"' in html) == bool(missing)
    assert f"Nhật ký có dòng trong tháng: {covered}." in html
