"""The same worklogs as one xlsx, as several files, as CSV or as Parquet score the same."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app

runner = CliRunner()
WARD = Path(__file__).resolve().parent.parent / "examples" / "hac-thanh"


def _rows() -> tuple[list[str], list[list[object]]]:
    book = openpyxl.load_workbook(WARD / "worklogs.xlsx", read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    start = next(i for i, r in enumerate(rows) if "Mã cán bộ" in r)
    header = [str(h) if h is not None else "" for h in rows[start]]
    return header, [r for r in rows[start + 1:] if any(v is not None for v in r)]


def _score(worklogs: list[Path], tmp: Path) -> dict:
    result = runner.invoke(app, [
        "score", *map(str, worklogs), "--catalog", str(WARD / "catalog.xlsx"),
        "--norms", str(WARD / "norms.xlsx"), "--assessments", str(WARD / "assessments.xlsx"),
        "--out", str(tmp / "out"), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    for flag in payload["flags"]:
        flag["rows"] = len(flag["rows"])  # the source rows name different files
    return {key: payload[key] for key in ("period", "rules", "levels", "staff", "units", "quota",
                                          "flags")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score([WARD / "worklogs.xlsx"], tmp_path_factory.mktemp("one"))


def test_split_over_files(tmp_path: Path, reference: dict) -> None:
    header, rows = _rows()
    date_col = header.index("Ngày thực hiện")
    parts = []
    for month in (1, 2, 3):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Nhật ký"
        sheet.append(header)
        for row in rows:
            if row[date_col].month == month:
                sheet.append(row)
        parts.append(tmp_path / f"nhat-ky-{month}.xlsx")
        book.save(parts[-1])
    assert _score(parts[::-1], tmp_path) == reference


def test_csv(tmp_path: Path, reference: dict) -> None:
    header, rows = _rows()
    path = tmp_path / "nhat-ky.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for row in rows:
            writer.writerow([f"{v.day}/{v.month}/{v.year}" if hasattr(v, "month") else
                             ("" if v is None else str(v).replace(".", ",")
                              if isinstance(v, float) else v) for v in row])
    assert _score([path], tmp_path) == reference


def test_parquet(tmp_path: Path, reference: dict) -> None:
    header, rows = _rows()
    frame = pd.DataFrame(rows, columns=header)
    frame = frame.drop(columns=[c for c in frame.columns if c in ("", "STT")])
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, str)).any():
            frame[column] = frame[column].astype("string")
    path = tmp_path / "nhat-ky.parquet"
    frame.to_parquet(path)
    assert _score([path], tmp_path) == reference
