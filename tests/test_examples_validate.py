"""The shipped examples validate clean; seeded errors are reported at their cells; the blank
templates of `kpitool init`, filled with the example data, validate clean too."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpitool.io.readers import read_inputs
from kpitool.schemas import SHEETS, WORKBOOKS
from kpitool.schemas.templates import write_blank_templates
from kpitool.validation import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("ward", ["hac-thanh", "dong-son"])
def test_examples_validate_clean(ward: str) -> None:
    _, issues = validate(sorted((EXAMPLES / ward).glob("*.xlsx")))
    assert [(i.code, i.file, i.cell) for i in issues if i.severity == "error"] == []


def _cell_of(sheet, row_values: dict[str, int], header_row: int, label: str, excel_row: int):
    return sheet.cell(excel_row, row_values[label])


def test_seeded_errors_reported_at_their_cells(tmp_path: Path) -> None:
    for path in (EXAMPLES / "hac-thanh").glob("*.xlsx"):
        shutil.copy(path, tmp_path / path.name)
    data, _ = read_inputs([tmp_path / "worklogs.xlsx"])
    logs = data.worklogs
    layout = data.layouts[(str(tmp_path / "worklogs.xlsx"), str(logs["_sheet"].iloc[0]))]
    book = openpyxl.load_workbook(tmp_path / "worklogs.xlsx")
    sheet = book[str(logs["_sheet"].iloc[0])]
    rows = logs["_row"].tolist()
    seeded = {
        ("bad_date", f"{layout['date'][1]}{rows[0]}"): ("date", "31/2/2026"),
        ("unknown_code", f"{layout['task_code'][1]}{rows[1]}"): ("task_code", "KHONG-CO"),
        ("bad_number", f"{layout['hours'][1]}{rows[2]}"): ("hours", "hai giờ"),
        ("bad_enum", f"{layout['status'][1]}{rows[3]}"): ("status", "Xong rồi"),
        ("unknown_code", f"{layout['staff_id'][1]}{rows[4]}"): ("staff_id", "999999"),
        ("out_of_range", f"{layout['quantity'][1]}{rows[5]}"): ("quantity", -1),
    }
    for (_, cell), (_, value) in seeded.items():
        sheet[cell] = value
    book.save(tmp_path / "worklogs.xlsx")
    _, issues = validate(sorted(tmp_path.glob("*.xlsx")))
    found = {(i.code, i.cell) for i in issues if i.severity == "error"}
    assert set(seeded) <= found


def _write_frame(sheet, frame: pd.DataFrame, spec) -> None:
    labels = [c.value for c in sheet[1]]
    for r, record in enumerate(frame.to_dict("records"), start=2):
        for c, label in enumerate(labels, start=1):
            col = next((x for x in spec.columns if x.vi == label), None)
            if col is None:
                continue
            value = record.get(col.key)
            if value is None or value is pd.NA or value is pd.NaT or (
                    isinstance(value, float) and pd.isna(value)):
                continue
            if col.kind in ("enum", "bool") and col.enum is not None:
                key = ("yes" if value else "no") if col.kind == "bool" else str(value)
                value = col.enum.label_of(key, "vi")
            elif col.kind == "date":
                value = value.to_pydatetime()
            elif col.kind == "integer":
                value = int(value)
            sheet.cell(r, c, value)


def test_init_templates_filled_with_example_data_validate_clean(tmp_path: Path) -> None:
    data, _ = read_inputs(sorted((EXAMPLES / "hac-thanh").glob("*.xlsx")))
    paths = write_blank_templates(tmp_path, "vi", general_max=30.0,
        leader_values=(100.0, 50.0))
    for path in paths:
        book = openpyxl.load_workbook(path)
        kind = next(b for b in WORKBOOKS if b.key == path.stem)
        for spec in kind.sheets:
            _write_frame(book[spec.vi], data.frame(spec.key), SHEETS[spec.key])
        book.save(path)
    filled, issues = validate(paths)
    assert [(i.code, i.file, i.cell) for i in issues if i.severity == "error"] == []
    assert len(filled.worklogs) == len(data.worklogs)
    assert len(filled.staff) == len(data.staff)
