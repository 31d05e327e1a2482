"""`kpitool explain`: everything behind one person's score, as plain data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kpitool import flags as flagging
from kpitool import workcalendar
from kpitool.errors import UsageError
from kpitool.scoring.result import ScoreResult
from kpitool.scoring.rounding import round2


def explain(result: ScoreResult, staff_id: str) -> dict[str, Any]:
    """Everything behind one person's score, as plain data (for `kpitool explain`).

    Raises:
        UsageError: the staff member is not in the result.
    """
    match = result.staff[result.staff["staff_id"] == staff_id]
    if match.empty:
        raise UsageError("explain_unknown_staff", value=staff_id)
    person = _plain(match.iloc[0].to_dict())
    cycles = []
    for row in result.cycles[result.cycles["staff_id"] == staff_id].to_dict("records"):
        plain = _plain(row)
        if plain.get("window_start"):
            plain["holiday_dates"] = workcalendar.holiday_dates_between(
                result.calendar, pd.Timestamp(plain["window_start"]),
                pd.Timestamp(plain["window_end"]))
        else:
            plain["holiday_dates"] = []
        cycles.append(plain)
    rows = result.detail[result.detail["staff_id"] == staff_id]
    sums_of = ["hours", "converted_hours", "quantity_points", "quality_points",
               "progress_points", "credited_hours"]
    sums = {column: round2(rows[column].sum()) if rows[column].notna().any() else None
            for column in sums_of}
    flags = result.flags[result.flags["staff_id"] == staff_id]
    return {
        "period": result.period.key,
        "rules": {"name": result.rules.name, "sha256": result.rules.sha256,
                  "method": result.rules.method, "cycle": result.rules.cycle},
        "staff": person,
        "cycles": cycles,
        "rows": [_plain(row) for row in rows.to_dict("records")],
        "sums": sums,
        "flags": [_plain(row) for row in flags.to_dict("records")],
    }


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: dates as ISO text, NA as None, numpy scalars as Python ones."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, flagging.SourceRows):
            out[key] = list(value)
        elif isinstance(value, list | dict | tuple):
            out[key] = value
        elif value is None or (not isinstance(value, str) and pd.isna(value)):
            out[key] = None
        elif isinstance(value, pd.Timestamp):
            out[key] = value.date().isoformat()
        elif isinstance(value, np.generic):
            out[key] = value.item()
        else:
            out[key] = value
    return out
