"""Issue 16: a large run on one machine. `score()` takes one top unit at a time from
`SPLIT_ROWS` worklog rows on, with the same result cell by cell as all at once, and keeps the
whole where a top unit alone would not see what it needs; CSV and Parquet worklogs are read in
threads and come out in the order the files were given, their codes as categories."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import kpitool.scoring.pipeline as core
from kpitool.engine.dataset import agency_of_staff
from kpitool.io.readers import read_inputs
from kpitool.rules import load_rules
from kpitool.schemas import WORKLOGS
from kpitool.scoring import parse_period, score
from tests.national import national

RESULT_FRAMES = ("staff", "cycles", "detail", "units", "quota", "flags")


def _parts(data) -> int:
    return len(list(core.by_top_unit(data, split_rows=0)))


@pytest.mark.parametrize(("agencies", "period", "enforce", "suffix"), [
    (3, "2026-Q1", False, False),
    (4, "2026-03", True, False),
    (3, "2026-Q1", False, True),  # the units of the top units alternate: blocks are moved
])
def test_one_top_unit_at_a_time_equals_all_at_once(monkeypatch, agencies, period, enforce,
                                                   suffix):
    data = national(agencies, suffix=suffix)
    rules, when = load_rules("nd335"), parse_period(period)
    assert len(list(core.by_top_unit(data))) == 1  # a small run stays whole
    whole = score(data, rules, when, enforce_quota=enforce)
    assert _parts(data) == agencies
    monkeypatch.setattr(core, "SPLIT_ROWS", 0)
    split = score(data, rules, when, enforce_quota=enforce)
    for name in RESULT_FRAMES:
        pd.testing.assert_frame_equal(getattr(split, name), getattr(whole, name), obj=name)
    assert len(split.detail) == len(whole.detail) > 0
    cal = core.calendar_for(data, when)
    parts = [core.score_partition(piece, rules, when, cal, part=index)
             for index, piece in enumerate(core.by_top_unit(data))]
    blocks = core._unit_blocks([part.detail for part in parts])
    assert len(blocks) == (agencies if not suffix else len(data.units))


def _other_agency(data, staff_id: str) -> str:
    """A staff member of another top unit than `staff_id`'s."""
    agency = agency_of_staff(data)
    return str(agency[agency != agency[staff_id]].index[0])


def _chain_crossing(data):
    staff = data.staff.copy()
    first = staff.index[staff["supervisor_id"].notna()][0]
    staff.loc[first, "supervisor_id"] = _other_agency(data, staff.loc[first, "staff_id"])
    return dataclasses.replace(data, staff=staff)


def _assignment_crossing(data):
    logs = data.worklogs.copy()
    logs["assignment_id"] = logs["assignment_id"].astype("string")
    logs.loc[0, "assignment_id"] = "GV-1"
    owner = _other_agency(data, logs.loc[0, "staff_id"])
    given = pd.DataFrame({"assignment_id": pd.Series(["GV-1"], dtype="string"),
                          "staff_id": pd.Series([owner], dtype="string")})
    return dataclasses.replace(data, worklogs=logs, assignments=given)


def _assignment_inside(data):
    crossing = _assignment_crossing(data)
    owner = crossing.worklogs.loc[0, "staff_id"]
    crossing.assignments["staff_id"] = pd.Series([owner], dtype="string")
    return crossing


@pytest.mark.parametrize(("change", "parts"), [
    (lambda data: data, 3),
    (_chain_crossing, 1),
    (_assignment_crossing, 1),
    (_assignment_inside, 3),
])
def test_split_only_where_each_top_unit_has_what_it_needs(change, parts):
    assert _parts(change(national(3))) == parts


def _parquet(path: Path, staff: list[str], hours: list[object]) -> Path:
    label = {column.key: column.vi for column in WORKLOGS.columns}
    frame = pd.DataFrame({
        label["date"]: pd.to_datetime(["2026-03-02"] * len(staff)),
        label["staff_id"]: staff,
        label["task_code"]: ["T1"] * len(staff),
        label["hours"]: hours,
        label["completed_on"]: pd.to_datetime(["2026-03-03"] * len(staff)),
        label["output_ref"]: [f"VB-{i}" for i in range(len(staff))],
        label["status"]: ["Đã duyệt"] * len(staff),
        label["quality"]: ["Đạt"] * len(staff),
    })
    frame.to_parquet(path)
    return path


def test_tables_read_in_threads_come_in_the_order_given(tmp_path):
    files = [
        _parquet(tmp_path / "c.parquet", ["C1", "C2", "C1"], [1.0, 30.0, 2.0]),
        _parquet(tmp_path / "a.parquet", ["A1", "A2"], [3.0, 4.0]),
        _parquet(tmp_path / "b.parquet", ["B1", "B1", "B2", "B3"], [5.0, 6.0, 25.0, 7.0]),
    ]
    data, issues = read_inputs(files)
    logs = data.worklogs
    assert list(logs["staff_id"].astype(str)) == ["C1", "C2", "C1", "A1", "A2",
                                                  "B1", "B1", "B2", "B3"]
    assert list(logs["_file"].astype(str)) == [str(files[0])] * 3 + [str(files[1])] * 2 + \
        [str(files[2])] * 4
    assert list(logs["_row"]) == [2, 3, 4, 2, 3, 2, 3, 4, 5]
    assert list(logs["hours"]) == [1.0, 30.0, 2.0, 3.0, 4.0, 5.0, 6.0, 25.0, 7.0]
    for column in ("_file", "_sheet", "staff_id", "task_code", "status", "quality"):
        assert isinstance(logs[column].dtype, pd.CategoricalDtype), column
    assert list(logs["status"].astype(str).unique()) == ["approved"]
    # hours over 24: one issue per bad cell, in the order of the files given
    bad = [(i.file, i.row) for i in issues if i.severity == "error"]
    assert bad == [(str(files[0]), 3), (str(files[2]), 4)]
    assert [f.path for f in data.files] == files
