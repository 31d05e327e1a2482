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


def test_rows_let_go_as_each_top_unit_is_scored_give_the_same_result(monkeypatch) -> None:
    """With `release_rows`, `score` cuts the worklogs into the top units' rows and lets them
    go (the inputs keep an empty frame of the same columns); the result is the same, frame by
    frame, as a split run that keeps them, and as a whole run."""
    import kpitool.scoring.pipeline as core
    from kpitool.rules import load_rules
    from kpitool.scoring import parse_period, score
    from tests.national import national

    rules, when = load_rules("nd335"), parse_period("2026-Q1")
    whole = score(national(3, suffix=True), rules, when)
    monkeypatch.setattr(core, "SPLIT_ROWS", 0)
    kept_data = national(3, suffix=True)
    kept = score(kept_data, rules, when)
    assert len(kept_data.worklogs) > 0
    data = national(3, suffix=True)
    columns = data.worklogs.dtypes.to_dict()
    released = score(data, rules, when, release_rows=True)
    assert data.worklogs.empty
    assert data.worklogs.dtypes.to_dict() == columns
    for name in ("staff", "cycles", "detail", "units", "quota", "flags"):
        pd.testing.assert_frame_equal(getattr(released, name), getattr(kept, name), obj=name)
        pd.testing.assert_frame_equal(getattr(released, name), getattr(whole, name), obj=name)
    assert len(released.detail) > 0
