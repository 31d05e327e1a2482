"""The range screen in front of the pandera schemas: it lets pass exactly what pandera passes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpitool.schemas import SHEETS
from kpitool.schemas.checks import schema_failures


def _frame(sheet_key: str, column: str, values: list[object]) -> pd.DataFrame:
    sheet = SHEETS[sheet_key]
    data: dict[str, object] = {}
    for col in sheet.columns:
        if col.key == column:
            dtype = "Int64" if col.kind == "integer" else "float64"
            data[col.key] = pd.array(values, dtype=dtype)
        elif col.kind in ("number", "integer"):
            data[col.key] = pd.array([None] * len(values), dtype="Float64")
        else:
            data[col.key] = pd.array([None] * len(values), dtype="string")
    frame = pd.DataFrame(data)
    frame["_row"] = np.arange(2, len(values) + 2)
    return frame


@pytest.mark.parametrize(("sheet_key", "column", "values", "failing"), [
    pytest.param("worklogs", "hours", [0.5, 24, None], [], id="hours-inside"),
    pytest.param("worklogs", "hours", [0, 24.01, 8], [0, 1], id="hours-zero-and-over"),
    pytest.param("worklogs", "quantity", [100000, 1], [], id="quantity-at-max"),
    pytest.param("worklogs", "quantity", [100001, -1], [0, 1], id="quantity-outside"),
    pytest.param("worklogs", "rework_count", [0, 100, None], [], id="rework-inside"),
    pytest.param("worklogs", "rework_count", [101, 3], [0], id="rework-over"),
    pytest.param("norms", "complexity", [1, 10], [], id="complexity-inside"),
    pytest.param("norms", "complexity", [0, 11], [0, 1], id="complexity-outside"),
    pytest.param("general", "unity", [50, 75, 100, None], [], id="unity-in-range"),
    # which two values a leader criterion takes is the rules' (validation.check_leader_values)
    pytest.param("general", "unity", [150, 100, -5], [0, 2], id="unity-out-of-range"),
])
def test_range_failures(sheet_key: str, column: str, values: list[object],
                        failing: list[int]) -> None:
    failures = [f for f in schema_failures(_frame(sheet_key, column, values), SHEETS[sheet_key])
                if f.code in ("out_of_range", "not_allowed_value")]
    assert sorted((f.column, f.position) for f in failures) == [(column, i) for i in failing]
