"""The inputs after reading: one typed DataFrame per sheet kind, plus where they came from.

Every frame has the sheet's canonical column keys (SPEC §2; optional columns absent from the
file are present and empty) and three source columns: `_file` (path as given), `_sheet` (the
sheet's name in the file), both categories, and `_row` (the row number as Excel shows it).

Column types: id/text/enum/period/codes → pandas string (enums hold their canonical keys, e.g.
status "approved"; codes a comma-joined list "P1,P2"); date → datetime64[ns] at midnight;
number → float64; integer → Int64; bool → boolean. Blank cells are missing (NA/NaN/NaT)
unless the column has a default (quantity 1, rework_count 0, norm position_group "*",
discipline "no" → False). Worklogs read from CSV or Parquet hold their codes (`WORKLOG_CODES`)
as categories of that text, so that ten million rows hold each code once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SOURCE_COLUMNS = ("_file", "_sheet", "_row")
# The worklog columns that hold codes, read from CSV and Parquet as categories (the ones that
# `kpitool.scoring.rows.coded` makes categories for scoring, so that scoring shares them).
WORKLOG_CODES = ("staff_id", "task_code", "status", "quality", "approver_id")


@dataclass
class InputFile:
    """One input file: its path, its kind (catalog, norms, worklogs, assessments, assignments)
    and checksum."""

    path: Path
    kind: str
    sha256: str


@dataclass
class InputData:
    """All inputs of a run. A sheet not given is an empty frame with its columns."""

    units: pd.DataFrame
    positions: pd.DataFrame
    tasks: pd.DataFrame
    staff: pd.DataFrame
    norms: pd.DataFrame
    calendar: pd.DataFrame
    leave: pd.DataFrame
    worklogs: pd.DataFrame
    general: pd.DataFrame
    assignments: pd.DataFrame
    files: list[InputFile] = field(default_factory=list)
    # (file, sheet name) → canonical key → (header label as written, column letter)
    layouts: dict[tuple[str, str], dict[str, tuple[str, str]]] = field(default_factory=dict)

    def frame(self, sheet_key: str) -> pd.DataFrame:
        return getattr(self, sheet_key)

    def release_worklogs(self) -> None:
        """Let the worklog rows go once nothing reads them any more (`kpitool score` after
        scoring, before its writers are forked): the sheet becomes an empty frame with the
        same columns and types, and the memory is given back to the system. A slice such as
        `iloc[:0]` would keep every column's rows alive."""
        from kpitool.frames import empty_like
        from kpitool.memory import give_back

        self.worklogs = empty_like(self.worklogs)
        give_back()

    def where(self, file: str, sheet: str, key: str) -> tuple[str, str]:
        """(header label, column letter) of a column in one file's sheet; ('', '') if unknown."""
        return self.layouts.get((file, sheet), {}).get(key, ("", ""))
