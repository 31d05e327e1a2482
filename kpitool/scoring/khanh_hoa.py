"""Method `khanh-hoa`: one KPI % of credited hours, with a bonus for finishing early.

Per counted row: timeliness factor = 1 + min(bonus per day × days early, max bonus), or
1 − min(deduction per day × days late, max deduction); credited hours = w × quality factor ×
timeliness (a late row with a confirmed objective cause is not deducted). Per cycle: KPI % =
100 × credited hours / basis hours; the task score reads it capped
at `kpi_cap` (SPEC §3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpitool.rules import NUMBER_POS, SHARE, Rules
from kpitool.scoring.base import Column, Method, objective_cause


@dataclass(frozen=True)
class Params:
    """The rules' `[khanh_hoa]` section: timeliness per working day and the KPI cap."""

    early_bonus_per_day: float
    early_bonus_max: float
    late_deduction_per_day: float
    late_deduction_max: float
    kpi_cap: float

    @classmethod
    def from_rules(cls, rules: Rules) -> Params:
        return cls(**{key: rules.method_params[key] for key in KEYS})


def row_points(rows: pd.DataFrame, params: Params) -> Mapping[str, Column]:
    """Timeliness factor and credited hours of each counted row."""
    late = rows["lateness"].astype("float64").where(~objective_cause(rows) | (rows["lateness"] < 0),
                                                    0.0)
    timeliness = np.where(
        late < 0, 1.0 + np.minimum(params.early_bonus_per_day * -late, params.early_bonus_max),
        np.where(late > 0, 1.0 - np.minimum(params.late_deduction_per_day * late,
                                            params.late_deduction_max), 1.0))
    return {
        "timeliness_factor": timeliness,
        "credited_hours": rows["converted_hours"] * rows["quality_factor"] * timeliness,
    }


def cycle_criteria(sums: pd.DataFrame, basis: pd.Series, params: Params) -> Mapping[str, Column]:
    """KPI % of each staff member and cycle, and its capped value the task score reads."""
    kpi = 100.0 * sums["_credited"] / basis
    return {"kpi_pct": kpi, "_kpi_capped": np.minimum(params.kpi_cap, kpi)}


KEYS = {  # the rules' [khanh_hoa] table
    "early_bonus_per_day": ("number", True, SHARE), "early_bonus_max": ("number", True, SHARE),
    "late_deduction_per_day": ("number", True, SHARE),
    "late_deduction_max": ("number", True, SHARE), "kpi_cap": ("number", True, NUMBER_POS),
}

METHOD = Method(
    name="khanh-hoa", params=Params.from_rules, row_points=row_points,
    cycle_criteria=cycle_criteria, criteria={"kpi": "_kpi_capped"}, tiebreak="kpi_pct",
    section="khanh_hoa", keys=KEYS,
)
