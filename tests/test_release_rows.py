"""`kpitool score` lets the worklog rows go once scored, before its writers are forked (issue 16)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpitool.data import InputData


def _data(worklogs: pd.DataFrame) -> InputData:
    empty = pd.DataFrame()
    return InputData(units=empty, positions=empty, tasks=empty, staff=empty, norms=empty,
                     calendar=empty, leave=empty, worklogs=worklogs, general=empty,
                     assignments=empty)


def test_released_worklogs_keep_columns_and_types_without_rows() -> None:
    rows = pd.DataFrame({
        "staff_id": pd.Categorical(["001", "002", "001"]),
        "hours": [1.5, 2.0, np.nan],
        "date": pd.to_datetime(["2026-04-01", "2026-04-02", "2026-04-03"]),
        "_row": np.array([2, 3, 4], dtype=np.int64),
    })
    data = _data(rows)
    data.release_worklogs()
    assert data.worklogs.empty
    assert list(data.worklogs.columns) == list(rows.columns)
    assert data.worklogs.dtypes.to_dict() == rows.dtypes.to_dict()
    assert list(data.worklogs["staff_id"].cat.categories) == ["001", "002"]


def test_released_worklogs_hold_no_view_of_the_rows() -> None:
    hours = np.arange(1_000_000, dtype=np.float64)
    data = _data(pd.DataFrame({"hours": hours}))
    del hours
    column = data.worklogs["hours"].to_numpy()
    rows = column.base if column.base is not None else column
    data.release_worklogs()
    left = data.worklogs["hours"].to_numpy()
    while left is not None:  # no array under the released column is the rows' buffer
        assert left is not rows
        left = left.base
