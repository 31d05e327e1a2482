"""The flags of SPEC §4 (cảnh báo): things a personnel officer should look at. Flags never stop
or change scoring; each names a person (or a unit), its cycle, and the worklog rows behind it.

- `checks`: the one registry of flag kinds (`KINDS`: severity, message keys, rules keys of
  thresholds), the checks, each declaring the columns it reads, and `collect`;
- `kinds`: what a flag kind is, and the check of the registry;
- `sources`: where rows came from, and the grouping the checks share.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpitool.flags.checks import (
    CHECKS,
    FLAG_CODES,
    FLAG_COLUMNS,
    KIND,
    KINDS,
    Check,
    CheckColumnError,
    FlagInputs,
    Tally,
    check,
    collect,
    kinds_listed,
    ordered,
)
from kpitool.flags.kinds import FlagKind
from kpitool.flags.sources import NO_ROWS, SourceRows, Sources, source_label
from kpitool.messages import text

__all__ = [
    "CHECKS", "COVERAGE_CODES", "FLAG_CODES", "FLAG_COLUMNS", "KIND", "KINDS", "NO_ROWS", "Check",
    "CheckColumnError", "FlagInputs", "FlagKind", "SourceRows", "Sources", "Tally", "check",
    "collect", "coverage_gaps", "kinds_listed", "message", "month_coverage", "month_text",
    "ordered", "source_label",
]


def message(flag: dict[str, Any] | pd.Series, lang: str = "vi") -> str:
    """The text of one flag row in the user's language."""
    return text(KIND[flag["code"]].message, lang, **(flag["params"] or {}))


COVERAGE_CODES = ("flag_unit_no_worklogs", "flag_no_worklogs")


def coverage_gaps(flags: pd.DataFrame) -> dict[str, Any] | None:
    """What the coverage flags of a run add up to, for a line that leads a summary: how many
    people, which cycles, which units; None when every cycle has worklog rows."""
    people = flags[flags["code"] == "flag_no_worklogs"]
    units = flags[flags["code"] == "flag_unit_no_worklogs"]
    if people.empty and units.empty:
        return None
    return {"people": int(people["staff_id"].nunique()),
            "cycles": sorted({str(c) for c in pd.concat([people["cycle"], units["cycle"]])}),
            "units": sorted({str(u) for u in units["unit_code"]})}


def month_coverage(months: list[str], dates: pd.Series) -> dict[str, list[str]]:
    """Which months of a period (keys `2026-04`) have worklog rows dated in them, and which have
    none: what `kpitool report` says it covers."""
    seen = set(pd.to_datetime(dates.dropna()).dt.strftime("%Y-%m"))
    return {"covered": [m for m in months if m in seen],
            "missing": [m for m in months if m not in seen]}


def month_text(key: str) -> str:
    """`2026-04` as 4/2026."""
    year, month = key.split("-")
    return f"{int(month)}/{year}"
