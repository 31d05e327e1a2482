"""Runs too large for a spreadsheet sheet keep every counted row in CSV and Parquet files."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import WORKLOG_HEADER, D, valid_set, worklog_row, write_book

runner = CliRunner()


def test_detail_goes_to_csv_and_parquet_when_large(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import kpitool.reports.writeall as writeall

    monkeypatch.setattr(writeall, "DETAIL_XLSX_LIMIT", 2)
    paths = valid_set(tmp_path)
    rows = [worklog_row(1, D(2026, 3, 2), "007", "T1"), worklog_row(2, D(2026, 3, 2), "007", "T2"),
            worklog_row(3, D(2026, 3, 3), "001", "T3"), worklog_row(4, D(2026, 3, 3), "008", "T1")]
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, *rows]})
    book = openpyxl.load_workbook(paths[2])
    book["Nhật ký"]["J2"].value = "=cmd|' /C calc'!A0"
    book["Nhật ký"]["J2"].data_type = "s"
    book.save(paths[2])
    out = tmp_path / "out"
    result = runner.invoke(app, ["score", str(paths[2]), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    detail_csv = out / "kpi_2026-03_chi-tiet.csv"
    assert str(detail_csv) in payload["outputs"]
    raw = detail_csv.read_bytes()
    assert raw.startswith("\ufeff".encode())
    with detail_csv.open(encoding="utf-8-sig", newline="") as stream:
        records = list(csv.DictReader(stream))
    assert len(records) == 4
    assert {r["Dòng nguồn"] for r in records} == {"2", "3", "4", "5"}
    first = next(r for r in records if r["Dòng nguồn"] == "2")
    assert first["Sản phẩm đầu ra"] == "'=cmd|' /C calc'!A0"
    assert first["Ngày thực hiện"] == "2/3/2026"
    exact = pd.read_parquet(detail_csv.with_suffix(".parquet"))
    assert sorted(exact["_row"].tolist()) == [2, 3, 4, 5]
    assert exact.loc[exact["_row"] == 2, "output_ref"].item() == "=cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(out / "kpi_2026-03.xlsx")["Chi tiết"]
    assert "kpi_2026-03_chi-tiet.csv" in sheet["A1"].value
    # the detail is written once: the unit's workbook names its rows of the whole-run CSV
    assert not list((out / "units").glob("*.csv"))
    note = openpyxl.load_workbook(out / "units" / "KT.xlsx")["Chi tiết"]["A1"].value
    found = re.search(r"các dòng (\d+)–(\d+) của tệp (\S+) ", note)
    assert found is not None, note
    assert found.group(3) == "kpi_2026-03_chi-tiet.csv"
    with detail_csv.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    first, last = int(found.group(1)), int(found.group(2))
    unit = table[0].index("Mã đơn vị")
    assert [row[unit] for row in table[first - 1:last]] == ["KT", "KT"]
    assert "KT" not in [row[unit] for row in table[1:first - 1] + table[last:]]


@pytest.mark.parametrize(("unit_detail", "unit_files"), [
    (False, []),
    (True, ["KT_chi-tiet.csv", "UB_chi-tiet.csv"]),
])
def test_unit_detail_csvs_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          unit_detail: bool, unit_files: list[str]) -> None:
    import kpitool.reports.writeall as writeall

    monkeypatch.setattr(writeall, "DETAIL_XLSX_LIMIT", 2)
    paths = valid_set(tmp_path)
    rows = [worklog_row(1, D(2026, 3, 2), "007", "T1"), worklog_row(2, D(2026, 3, 2), "007", "T2"),
            worklog_row(3, D(2026, 3, 3), "001", "T3")]
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, *rows]})
    out = tmp_path / "out"
    result = runner.invoke(app, ["score", str(paths[2]), "--out", str(out),
                                 *(["--unit-detail"] if unit_detail else [])])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "units").glob("*.csv")) == unit_files
    note = openpyxl.load_workbook(out / "units" / "KT.xlsx")["Chi tiết"]["A1"].value
    assert ("KT_chi-tiet.csv" in note) is unit_detail
    if unit_detail:
        with (out / "units" / "KT_chi-tiet.csv").open(encoding="utf-8-sig", newline="") as stream:
            assert [r["Mã cán bộ"] for r in csv.DictReader(stream)] == ["007", "007"]
