"""Build `InputData` frames to the contract of `kpitool/data.py` from short dict rows.

    data = make_input(
        staff=[{"staff_id": "001", "full_name": "Nguyễn Văn An", "unit_code": "U1", ...}],
        worklogs=[{"date": "2026-04-01", "staff_id": "001", "task_code": "T1", "hours": 2, ...}],
    )

Columns left out of a row are blank; blank cells get the sheet's default (quantity 1,
rework_count 0, norm position_group "*", discipline False) as the readers would give them.
Dates are ISO text ("2026-04-01"); enumerations are their canonical keys ("approved", "pass",
"yes"/True). Source columns `_file`, `_sheet`, `_row` are filled in (row 2, 3, … of the sheet)
unless given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kpitool.data import InputData
from kpitool.schemas import SHEETS

_DTYPES = {"date": "datetime64[ns]", "number": "float64", "integer": "Int64", "bool": "boolean"}
SHEET_FILES = {
    "units": "catalog.xlsx", "positions": "catalog.xlsx", "tasks": "catalog.xlsx",
    "staff": "catalog.xlsx", "norms": "norms.xlsx", "calendar": "norms.xlsx",
    "leave": "norms.xlsx", "worklogs": "worklogs.xlsx", "general": "assessments.xlsx",
    "assignments": "assignments.xlsx",
}


def _bool(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return value.strip().casefold() in ("yes", "có", "true", "x", "1")
    return bool(value)


def frame(sheet_key: str, rows: Sequence[dict[str, Any]], file: str | None = None) -> pd.DataFrame:
    """A typed frame of one sheet kind from dict rows."""
    sheet = SHEETS[sheet_key]
    data: dict[str, pd.Series] = {}
    for column in sheet.columns:
        values = [row.get(column.key) for row in rows]
        if column.default is not None:
            values = [column.default if v is None else v for v in values]
        dtype = _DTYPES.get(column.kind, "string")
        if column.kind == "bool":
            values = [_bool(v) for v in values]
        if column.kind == "date":
            series = pd.Series(pd.to_datetime(pd.Series(values, dtype="object")),
                               dtype="datetime64[ns]")
        else:
            series = pd.Series(pd.array(values, dtype=dtype))
        data[column.key] = series
    unknown = {key for row in rows for key in row} - set(sheet.keys) - {"_file", "_sheet", "_row"}
    if unknown:
        raise KeyError(f"{sheet_key}: unknown columns {sorted(unknown)}")
    data["_file"] = pd.Series(
        [row.get("_file", file or SHEET_FILES[sheet_key]) for row in rows], dtype="string")
    data["_sheet"] = pd.Series([row.get("_sheet", sheet.vi) for row in rows], dtype="string")
    data["_row"] = pd.Series([row.get("_row", i + 2) for i, row in enumerate(rows)], dtype="int64")
    return pd.DataFrame(data)


def make_input(**sheets: Sequence[dict[str, Any]]) -> InputData:
    """`InputData` with the given sheets (sheet key → dict rows); the others are empty."""
    unknown = set(sheets) - set(SHEET_FILES)
    if unknown:
        raise KeyError(f"unknown sheets {sorted(unknown)}")
    return InputData(**{key: frame(key, sheets.get(key, ())) for key in SHEET_FILES})


def staff_row(staff_id: str, full_name: str, unit_code: str = "U1", position_code: str = "CV",
              supervisor_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """A staff row with the usual defaults (staff_type cong_chuc)."""
    return {"staff_id": staff_id, "full_name": full_name, "unit_code": unit_code,
            "position_code": position_code, "supervisor_id": supervisor_id,
            "staff_type": "cong_chuc", **extra}


def log_row(staff_id: str, date: str, task_code: str = "T1", hours: float = 2.0,
            completed_on: str | None = "same", status: str = "approved",
            quality: str | None = "pass", output_ref: str | None = "auto",
            approver_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """A worklog row: completed on its date, approved, pass, with an output reference."""
    return {
        "date": date, "staff_id": staff_id, "task_code": task_code, "hours": hours,
        "completed_on": date if completed_on == "same" else completed_on,
        "status": status, "quality": quality,
        "output_ref": f"{staff_id}/{task_code}/{date}" if output_ref == "auto" else output_ref,
        "approver_id": approver_id, **extra,
    }
