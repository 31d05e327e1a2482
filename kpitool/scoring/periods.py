"""Scoring periods (kỳ): a month, a quarter, a half-year or a year (Decree 335 Art. 17.3);
parsed from text or inferred from dates."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from kpitool.errors import UsageError
from kpitool.periodtext import period_key

PeriodKind = Literal["month", "quarter", "half", "year"]


@dataclass(frozen=True, order=True)
class Period:
    """A scoring period (kỳ): a month (2026-04), a quarter (2026-Q2), a half-year (2026-H1) or
    a year (2026)."""

    year: int
    kind: PeriodKind
    number: int = 0  # month 1–12, quarter 1–4, half 1–2, 0 for a year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year:04d}-H{self.number}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.key

    @property
    def first_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number - 2, "half": 6 * self.number - 5,
                "year": 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number, "half": 6 * self.number,
                "year": 12}[self.kind]

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.year, self.first_month, 1)

    @property
    def end(self) -> pd.Timestamp:
        last_day = _calendar.monthrange(self.year, self.last_month)[1]
        return pd.Timestamp(self.year, self.last_month, last_day)

    @property
    def quarter(self) -> Period | None:
        """The quarter a month lies in."""
        if self.kind != "month":
            return None
        return Period(self.year, "quarter", (self.number - 1) // 3 + 1)

    def enclosing(self) -> list[Period]:
        """The longer periods that contain this one, narrowest first (month → quarter, half,
        year): an assessment given for one of them applies here unless a narrower one is."""
        half = Period(self.year, "half", (self.first_month - 1) // 6 + 1)
        year = Period(self.year, "year")
        if self.kind == "month":
            return [Period(self.year, "quarter", (self.number - 1) // 3 + 1), half, year]
        if self.kind == "quarter":
            return [half, year]
        if self.kind == "half":
            return [year]
        return []

    def months(self) -> list[Period]:
        return [Period(self.year, "month", m) for m in range(self.first_month, self.last_month + 1)]

    def cycles(self, cycle: str) -> list[Period]:
        """The cycles the period is made of; a period shorter than the cycle is its own cycle."""
        if cycle == "month" or self.kind == "month":
            return self.months()
        if self.kind == "quarter":
            return [self]
        first_quarter = (self.first_month - 1) // 3 + 1
        last_quarter = (self.last_month - 1) // 3 + 1
        return [Period(self.year, "quarter", q) for q in range(first_quarter, last_quarter + 1)]


def parse_period(text: str) -> Period:
    """A period as a person writes it (`period_key`): '2026-04', '4/2026', 'quý 2/2026',
    '2026-H1', '2026' …"""
    key = period_key(text)
    if key is None:
        raise UsageError("period_invalid", value=text)
    year, rest = int(key[:4]), key[5:]
    if not rest:
        return Period(year, "year")
    if rest[0] in "QH":
        return Period(year, "quarter" if rest[0] == "Q" else "half", int(rest[1:]))
    return Period(year, "month", int(rest))


def infer_period(worklogs: pd.DataFrame) -> Period:
    """The month, else the quarter, all worklog dates (`date`) fall in."""
    dates = worklogs["date"].dropna() if "date" in worklogs else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        raise UsageError("period_no_worklogs")
    first, last = dates.min(), dates.max()
    if (first.year, first.month) == (last.year, last.month):
        return Period(first.year, "month", first.month)
    if first.year == last.year and (first.month - 1) // 3 == (last.month - 1) // 3:
        return Period(first.year, "quarter", (first.month - 1) // 3 + 1)
    raise UsageError("period_not_inferable", first=f"{first.day}/{first.month}/{first.year}",
                     last=f"{last.day}/{last.month}/{last.year}")

