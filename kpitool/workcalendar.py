"""Working days (ngày làm việc): Monday–Friday, minus Vietnam's public holidays and extra days off,
plus make-up working days, minus approved leave; and working-day lateness of a completion.

Public holidays come from the `holidays` package (country "VN", category public), which knows
Tết (the government's announced Tết break where one exists, e.g. 16–20 Feb 2026; the Labour
Code's five days around Lunar New Year otherwise, so years not yet announced, such as 2027, are
estimates), the observed day when a holiday falls on a weekend (Hùng Kings 2026-04-26 Sunday →
Monday 04-27), and the government's swapped days (2025-05-02 off, 2026-08-31 off). A swap moves a
Saturday into a working day (2025-04-26, 2026-08-22); the package lists only the day off, so the
Saturday is read from the package's table of swaps and counted here as a make-up day. The
`calendar` sheet adds days off ("off") and make-up days ("makeup") on top; a make-up day wins over
a holiday on the same date.

Everything is vectorised with numpy's business-day functions: one call counts the working days of
all staff, or the lateness of all worklog rows.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType

import holidays
import numpy as np
import pandas as pd

WEEKMASK = "1111100"
_DAY = np.timedelta64(1, "D")


@cache
def _vietnam() -> ModuleType:
    """The package's Vietnam module, loaded on its own.

    `import holidays.countries.vietnam` first runs `holidays/countries/__init__.py`, which
    imports every country the package knows (some 250 modules, 0.2 s); Vietnam needs none of them.
    """
    loaded = sys.modules.get("holidays.countries.vietnam")
    source = Path(holidays.__file__).parent / "countries" / "vietnam.py"
    if loaded is not None or not source.is_file():
        return importlib.import_module("holidays.countries.vietnam")
    spec = importlib.util.spec_from_file_location("kpitool._holidays_vietnam", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> tuple[tuple[date, str], ...]:
    return tuple(sorted(_vietnam().Vietnam(years=year).items()))


@lru_cache(maxsize=64)
def _vn_swapped_workdays(year: int) -> tuple[date, ...]:
    """Saturdays turned into working days by a government swap (the package lists only the day
    off of each swap; its table of swaps holds both dates)."""
    entries = getattr(_vietnam().VietnamStaticHolidays, "special_public_holidays", {}).get(year, ())
    if entries and not isinstance(entries[0], tuple):
        entries = (entries,)
    days = []
    for entry in entries:
        if len(entry) >= 4:
            worked_year = entry[4] if len(entry) > 4 else year
            days.append(date(worked_year, entry[2], entry[3]))
    return tuple(days)


def public_holidays(years: range | list[int]) -> pd.DataFrame:
    """Vietnam's public holidays of the years: columns date (datetime64) and name."""
    rows = [(pd.Timestamp(day), name) for year in years for day, name in _vn_holidays(year)]
    frame = pd.DataFrame(rows, columns=["date", "name"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


@dataclass(frozen=True)
class WorkCalendar:
    """The non-working weekdays and extra working days of a span of years.

    Attributes:
        public: public holidays (weekdays and weekends) of the span.
        days_off: `calendar` sheet days off.
        makeup: make-up working days (the sheet's, plus the government's swapped Saturdays).
        nonworking: weekdays that are not working days (holidays and days off, not make-up).
        extra: weekend days that are working days (make-up days on a Saturday or Sunday).
    """

    first_year: int
    last_year: int
    public: np.ndarray
    days_off: np.ndarray
    makeup: np.ndarray
    nonworking: np.ndarray
    extra: np.ndarray

    @property
    def busdaycal(self) -> np.busdaycalendar:
        return np.busdaycalendar(weekmask=WEEKMASK, holidays=self.nonworking)


def build_calendar(calendar: pd.DataFrame | None, first_year: int, last_year: int) -> WorkCalendar:
    """The working calendar of the years first_year..last_year plus the `calendar` sheet."""
    first_year, last_year = min(first_year, last_year), max(first_year, last_year)
    years = range(first_year, last_year + 1)
    table = public_holidays(years)
    public = table["date"].to_numpy().astype("datetime64[D]")
    swapped = np.array([d for year in years for d in _vn_swapped_workdays(year)],
                       dtype="datetime64[D]")
    if calendar is not None and not calendar.empty:
        dates = calendar["date"].to_numpy().astype("datetime64[D]")
        kind = calendar["kind"].astype("string").fillna("").to_numpy()
        days_off = np.unique(dates[(kind == "off") & ~np.isnat(dates)])
        sheet_makeup = dates[(kind == "makeup") & ~np.isnat(dates)]
    else:
        days_off = np.array([], dtype="datetime64[D]")
        sheet_makeup = np.array([], dtype="datetime64[D]")
    makeup = np.unique(np.concatenate([swapped, sheet_makeup]))
    off = np.union1d(public, days_off)
    off = off[np.is_busday(off, weekmask=WEEKMASK) & ~np.isin(off, makeup)]
    extra = makeup[~np.is_busday(makeup, weekmask=WEEKMASK)]
    return WorkCalendar(
        first_year=first_year,
        last_year=last_year,
        public=np.unique(public),
        days_off=days_off,
        makeup=makeup,
        nonworking=np.unique(off),
        extra=np.sort(extra),
    )


def _count_sorted(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """How many of the sorted `values` lie in [low, high) for each pair."""
    return np.searchsorted(values, high, "left") - np.searchsorted(values, low, "left")


def count_between(cal: WorkCalendar, begin: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Working days in [begin, end), negated when end < begin (numpy's busday_count convention).

    Args:
        begin, end: datetime64[D] arrays without NaT.
    """
    counts = np.busday_count(begin, end, busdaycal=cal.busdaycal)
    low = np.minimum(begin, end)
    high = np.maximum(begin, end)
    extra = _count_sorted(cal.extra, low, high)
    return counts + np.where(end < begin, -extra, extra)


def count_working_days(cal: WorkCalendar, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Working days from first to last, both included; 0 where last < first or either is NaT."""
    first = np.asarray(first, dtype="datetime64[D]")
    last = np.asarray(last, dtype="datetime64[D]")
    valid = ~np.isnat(first) & ~np.isnat(last) & (last >= first)
    safe_first = np.where(valid, first, np.datetime64("2000-01-03"))
    safe_last = np.where(valid, last, np.datetime64("2000-01-02"))
    return np.where(valid, count_between(cal, safe_first, safe_last + _DAY), 0)


def is_working_day(cal: WorkCalendar, days: np.ndarray) -> np.ndarray:
    """True for each date that is a working day (False for NaT)."""
    days = np.asarray(days, dtype="datetime64[D]")
    valid = ~np.isnat(days)
    safe = np.where(valid, days, np.datetime64("2000-01-03"))
    working = np.is_busday(safe, busdaycal=cal.busdaycal) | np.isin(safe, cal.extra)
    return working & valid


def lateness(cal: WorkCalendar, deadline: pd.Series, completed: pd.Series) -> np.ndarray:
    """Working-day lateness L of each completion against its deadline.

    L = working days in [deadline, completed_on) when late (> 0), minus the working days in
    [completed_on, deadline) when early (< 0); 0 when on the deadline or when either date is
    missing. Finishing on the first working day after a deadline that falls on a day off is on
    time, as a deadline on a day off moves to the next working day.
    """
    due = np.asarray(deadline, dtype="datetime64[ns]").astype("datetime64[D]")
    done = np.asarray(completed, dtype="datetime64[ns]").astype("datetime64[D]")
    valid = ~np.isnat(due) & ~np.isnat(done)
    placeholder = np.datetime64("2000-01-03")
    counts = count_between(cal, np.where(valid, due, placeholder), np.where(valid, done, placeholder))
    return np.where(valid, counts, 0).astype(np.int64)


def merge_leave(leave: pd.DataFrame) -> pd.DataFrame:
    """Leave intervals merged per staff member, so overlapping rows are not counted twice."""
    columns = ["staff_id", "from_date", "to_date"]
    frame = leave[columns].dropna()
    frame = frame[frame["to_date"] >= frame["from_date"]]
    if frame.empty:
        return frame.reset_index(drop=True)
    frame = frame.sort_values(["staff_id", "from_date", "to_date"], kind="stable")
    reach = frame.groupby("staff_id", sort=False)["to_date"].cummax()
    previous = reach.groupby(frame["staff_id"], sort=False).shift(1)
    new_block = previous.isna() | (frame["from_date"] > previous + pd.Timedelta(days=1))
    block = new_block.cumsum()
    merged = frame.groupby(block, sort=False).agg(
        staff_id=("staff_id", "first"), from_date=("from_date", "min"), to_date=("to_date", "max")
    )
    return merged.reset_index(drop=True)


def working_days(
    staff: pd.DataFrame,
    leave: pd.DataFrame,
    cal: WorkCalendar,
    first: pd.Timestamp,
    last: pd.Timestamp,
) -> pd.DataFrame:
    """Working days of each staff member from first to last (both included).

    Args:
        staff: staff_id, start_date, end_date (NaT = open).
        leave: staff_id, from_date, to_date.

    Returns:
        One row per staff member (staff order kept): staff_id, window_start, window_end (the
        period clipped to start_date/end_date; NaT when the person does not work in it),
        weekdays, public_holidays, calendar_off, makeup_days, leave_days, working_days, where
        working_days = weekdays − public_holidays − calendar_off + makeup_days − leave_days.
    """
    first64 = np.datetime64(pd.Timestamp(first).date(), "D")
    last64 = np.datetime64(pd.Timestamp(last).date(), "D")
    n = len(staff)
    start = np.asarray(staff["start_date"], dtype="datetime64[ns]").astype("datetime64[D]")
    end = np.asarray(staff["end_date"], dtype="datetime64[ns]").astype("datetime64[D]")
    window_start = np.where(np.isnat(start) | (start < first64), first64, start)
    window_end = np.where(np.isnat(end) | (end > last64), last64, end)
    inside = window_end >= window_start
    window_start = np.where(inside, window_start, np.datetime64("NaT"))
    window_end = np.where(inside, window_end, np.datetime64("NaT"))

    plain = np.busdaycalendar(weekmask=WEEKMASK)
    safe_start = np.where(inside, window_start, first64)
    safe_end = np.where(inside, window_end + _DAY, first64)
    weekdays = np.where(inside, np.busday_count(safe_start, safe_end, busdaycal=plain), 0)
    public_weekdays = cal.public[np.isin(cal.public, cal.nonworking)]
    only_off = cal.nonworking[~np.isin(cal.nonworking, cal.public)]
    public_count = np.where(inside, _count_sorted(public_weekdays, safe_start, safe_end), 0)
    off_count = np.where(inside, _count_sorted(only_off, safe_start, safe_end), 0)
    makeup_count = np.where(inside, _count_sorted(cal.extra, safe_start, safe_end), 0)

    leave_days = np.zeros(n, dtype=np.int64)
    merged = merge_leave(leave) if len(leave) else leave
    if len(merged):
        windows = pd.DataFrame({
            "staff_id": staff["staff_id"].to_numpy(),
            "position": np.arange(n),
            "window_start": window_start,
            "window_end": window_end,
        })
        joined = merged.merge(windows, on="staff_id", how="inner")
        lo = np.maximum(joined["from_date"].to_numpy().astype("datetime64[D]"),
                        joined["window_start"].to_numpy().astype("datetime64[D]"))
        hi = np.minimum(joined["to_date"].to_numpy().astype("datetime64[D]"),
                        joined["window_end"].to_numpy().astype("datetime64[D]"))
        counted = count_working_days(cal, lo, hi)
        np.add.at(leave_days, joined["position"].to_numpy(), counted)

    total = weekdays - public_count - off_count + makeup_count - leave_days
    return pd.DataFrame({
        "staff_id": staff["staff_id"].to_numpy(),
        "window_start": pd.to_datetime(window_start).astype("datetime64[ns]"),
        "window_end": pd.to_datetime(window_end).astype("datetime64[ns]"),
        "weekdays": weekdays.astype(np.int64),
        "public_holidays": public_count.astype(np.int64),
        "calendar_off": off_count.astype(np.int64),
        "makeup_days": makeup_count.astype(np.int64),
        "leave_days": leave_days,
        "working_days": total.astype(np.int64),
    })


def holiday_dates_between(cal: WorkCalendar, first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    """ISO dates of the weekday public holidays from first to last (for `kpitool explain`)."""
    days = cal.public[np.isin(cal.public, cal.nonworking)]
    lo, hi = np.datetime64(pd.Timestamp(first).date(), "D"), np.datetime64(pd.Timestamp(last).date(), "D")
    return [str(day) for day in days[(days >= lo) & (days <= hi)]]
