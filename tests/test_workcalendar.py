"""Working days and lateness: holidays, make-up days, calendar, leave, start/end clipping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpitool.workcalendar import (
    build_calendar,
    count_working_days,
    is_working_day,
    lateness,
    merge_leave,
    public_holidays,
    working_days,
)
from tests.factories import frame, staff_row

CAL = build_calendar(None, 2025, 2027)


def days(*isos):
    return np.array(isos, dtype="datetime64[D]")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param("2026-04-01", "2026-04-30", 20, id="april-2026-two-holidays"),
        pytest.param("2026-02-01", "2026-02-28", 15, id="tet-2026-five-weekdays"),
        pytest.param("2025-01-01", "2025-01-31", 17, id="jan-2025-new-year-and-tet"),
        pytest.param("2026-08-01", "2026-08-31", 21, id="aug-2026-swap-saturday-22"),
        pytest.param("2027-02-01", "2027-02-28", 15, id="tet-2027-estimated"),
        pytest.param("2026-04-30", "2026-04-01", 0, id="reversed"),
    ],
)
def test_count_working_days(first, last, expected):
    assert count_working_days(CAL, days(first), days(last))[0] == expected


def test_holiday_table_2025_2027():
    table = public_holidays([2025, 2026, 2027])
    dates = set(table["date"].dt.strftime("%Y-%m-%d"))
    assert {"2025-01-29", "2026-02-17", "2026-04-27", "2026-09-02", "2027-02-06"} <= dates
    assert "2025-04-26" not in dates  # a worked Saturday, see the make-up days
    assert days("2025-04-26", "2026-08-22").tolist() == CAL.extra.tolist()


def test_calendar_sheet_days_off_and_makeup():
    sheet = frame("calendar", [{"date": "2026-04-10", "kind": "off"},
                               {"date": "2026-04-11", "kind": "makeup"},
                               {"date": "2026-04-30", "kind": "makeup"}])
    cal = build_calendar(sheet, 2026, 2026)
    # −1 for Friday 10th off, +1 Saturday 11th worked, +1 the 30th worked despite the holiday.
    assert count_working_days(cal, days("2026-04-01"), days("2026-04-30"))[0] == 21
    assert is_working_day(cal, days("2026-04-10", "2026-04-11", "2026-04-12")).tolist() == \
        [False, True, False]


@pytest.mark.parametrize(
    ("deadline", "completed", "expected"),
    [
        pytest.param("2026-04-10", "2026-04-14", 2, id="late-over-weekend"),
        pytest.param("2026-04-17", "2026-04-14", -3, id="early"),
        pytest.param("2026-04-14", "2026-04-14", 0, id="on-time"),
        pytest.param("2026-04-24", "2026-04-28", 1, id="late-over-holiday"),
        pytest.param("2026-04-25", "2026-04-28", 0, id="deadline-saturday-moves"),
        pytest.param(None, "2026-04-14", 0, id="no-deadline"),
        pytest.param("2026-04-14", None, 0, id="not-completed"),
    ],
)
def test_lateness(deadline, completed, expected):
    got = lateness(CAL, pd.Series(pd.to_datetime([deadline])),
                   pd.Series(pd.to_datetime([completed])))
    assert got.tolist() == [expected]


def test_lateness_is_vectorised():
    n = 200_000
    rng = np.random.default_rng(1)
    base = np.datetime64("2026-01-01")
    due = pd.Series(base + rng.integers(0, 700, n).astype("timedelta64[D]"))
    done = pd.Series(base + rng.integers(0, 700, n).astype("timedelta64[D]"))
    cal = build_calendar(None, 2026, 2027)
    got = lateness(cal, due, done)
    assert got.shape == (n,) and got.dtype == np.int64
    assert (np.sign(got) == np.sign((done - due).dt.days.to_numpy()) * (got != 0)).all()


def test_working_days_per_staff():
    staff = frame("staff", [
        staff_row("A", "A A"), staff_row("B", "B B", start_date="2026-04-15"),
        staff_row("C", "C C", end_date="2026-04-09"), staff_row("D", "D D",
                                                              end_date="2026-03-31"),
    ])
    leave = frame("leave", [
        {"staff_id": "A", "from_date": "2026-04-06", "to_date": "2026-04-08"},
        {"staff_id": "A", "from_date": "2026-04-08", "to_date": "2026-04-13"},  # overlaps
        {"staff_id": "B", "from_date": "2026-04-01", "to_date": "2026-04-16"},  # before start
        {"staff_id": "C", "from_date": "2026-04-24", "to_date": "2026-04-27"},  # after end
    ])
    got = working_days(staff, leave, CAL, pd.Timestamp("2026-04-01"),
                       pd.Timestamp("2026-04-30"))
    assert got["working_days"].tolist() == [14, 8, 7, 0]
    assert got["leave_days"].tolist() == [6, 2, 0, 0]
    assert got["public_holidays"].tolist() == [2, 2, 0, 0]
    assert got["window_start"].isna().tolist() == [False, False, False, True]


def test_merge_leave():
    leave = frame("leave", [
        {"staff_id": "A", "from_date": "2026-04-06", "to_date": "2026-04-08"},
        {"staff_id": "A", "from_date": "2026-04-09", "to_date": "2026-04-10"},
        {"staff_id": "A", "from_date": "2026-04-20", "to_date": "2026-04-20"},
    ])
    merged = merge_leave(leave)
    assert merged["from_date"].dt.day.tolist() == [6, 20]
    assert merged["to_date"].dt.day.tolist() == [10, 20]


def test_working_days_20000_staff_fast():
    import time
    n = 20_000
    staff = frame("staff", [staff_row(f"{i:05d}", "X Y") for i in range(50)])
    staff = pd.concat([staff] * (n // 50), ignore_index=True)
    staff["staff_id"] = pd.array([f"{i:05d}" for i in range(n)], dtype="string")
    leave = pd.DataFrame({"staff_id": staff["staff_id"][::3],
                          "from_date": pd.Timestamp("2026-04-06"),
                          "to_date": pd.Timestamp("2026-04-08")})
    start = time.perf_counter()
    got = working_days(staff, leave, CAL, pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-30"))
    assert time.perf_counter() - start < 2.0
    assert got["working_days"].iloc[0] == 17 and got["working_days"].iloc[1] == 20
