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


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(("agencies", "period", "enforce", "suffix"), [
    (3, "2026-Q1", False, False),
    (4, "2026-03", True, False),
    (3, "2026-Q1", False, True),  # the units of the top units alternate: blocks are moved
])
def test_one_top_unit_at_a_time_equals_all_at_once(monkeypatch, agencies, period, enforce,
                                                   suffix, threads):
    data = national(agencies, suffix=suffix)
    rules, when = load_rules("nd335"), parse_period(period)
    assert len(list(core.by_top_unit(data))) == 1  # a small run stays whole
    whole = score(data, rules, when, enforce_quota=enforce)
    assert _parts(data) == agencies
    monkeypatch.setattr(core, "SPLIT_ROWS", 0)
    monkeypatch.setattr(core, "SCORE_THREADS", threads)
    split = score(data, rules, when, enforce_quota=enforce)
    for name in RESULT_FRAMES:
        pd.testing.assert_frame_equal(getattr(split, name), getattr(whole, name), obj=name)
    assert len(split.detail) == len(whole.detail) > 0
    cal = core.calendar_for(data, when)
    parts = [core.score_partition(piece, rules, when, cal, part=index)
             for index, piece in enumerate(core.by_top_unit(data))]
    blocks = core._unit_blocks([part.detail for part in parts])
    assert len(blocks) == (agencies if not suffix else len(data.units))


def _spied(monkeypatch, fail: int | None = None) -> list[tuple[str, int, str, int]]:
    """`score_partition` watched: (event, part, thread name, pieces being scored) for each
    start and end; with `fail`, that part raises as an invalid norm would. The first part
    waits (10 s at most) until the second has started, so that two run at once if they can."""
    import threading

    from kpitool.errors import InvalidDataError
    from kpitool.issues import Issue

    events: list[tuple[str, int, str, int]] = []
    busy = [0]
    lock = threading.Lock()
    second = threading.Event()
    real = core.score_partition

    def watched(*args, part: int = 0, **kwargs):
        with lock:
            busy[0] += 1
            events.append(("start", part, threading.current_thread().name, busy[0]))
        if part == 1:
            second.set()
        try:
            if part == 0:
                second.wait(10)
            if part == fail:
                raise InvalidDataError([Issue("complexity_not_in_rules", params={})])
            return real(*args, part=part, **kwargs)
        finally:
            with lock:
                busy[0] -= 1
                events.append(("end", part, threading.current_thread().name, busy[0]))

    monkeypatch.setattr(core, "score_partition", watched)
    monkeypatch.setattr(core, "SPLIT_ROWS", 0)
    monkeypatch.setattr(core.os, "cpu_count", lambda: 2)
    return events


def test_top_units_are_scored_two_at_a_time_on_threads_in_order(monkeypatch):
    data = national(5)
    rules, when = load_rules("nd335"), parse_period("2026-Q1")
    events = _spied(monkeypatch)
    result = score(data, rules, when)
    starts = [e for e in events if e[0] == "start"]
    assert sorted(part for _, part, _, _ in starts) == [0, 1, 2, 3, 4]
    assert {name.startswith("kpitool-score") for _, _, name, _ in starts} == {True}
    assert max(busy for _, _, _, busy in events) == 2  # both cores, never more
    # the partials are put together in the top units' order, whatever finished first
    assert list(result.detail["unit_code"].astype(str)) == sorted(
        result.detail["unit_code"].astype(str))


def test_an_invalid_top_unit_on_a_thread_stops_the_run_with_its_issues(monkeypatch):
    from kpitool.errors import InvalidDataError

    events = _spied(monkeypatch, fail=1)
    with pytest.raises(InvalidDataError) as caught:
        score(national(4), load_rules("nd335"), parse_period("2026-Q1"))
    assert [i.code for i in caught.value.issues] == ["complexity_not_in_rules"]
    ends = [part for event, part, _, _ in events if event == "end"]
    starts = [part for event, part, _, _ in events if event == "start"]
    assert sorted(ends) == sorted(starts)  # no thread left running when the error arrives
    assert 3 not in starts  # nothing more is started once a top unit failed


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
