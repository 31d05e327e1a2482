"""Method `nd335` (Decree 335/2025/NĐ-CP): criteria A (quantity), B (quality), C (progress).

Per counted row: quantity points = w; quality points = w × quality factor × (1 − rework
deduction × reworks); progress points = w × (1 − delay deduction × delays); a row whose
reworks and delays had a confirmed objective cause is not deducted (Art. 14.2.b–c). Per cycle:
A, B, C = 100 × points / basis hours, capped at `percent_cap` when the rules give one (the
decree caps only the task score, Art. 12.3; SPEC §3).
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
    """The rules' `[nd335]` section: deductions per rework and per delay, the cap of A, B, C."""

    rework_deduction: float
    delay_deduction: float
    percent_cap: float | None  # None: A, B, C not capped, only the task score (Art. 12.3)

    @classmethod
    def from_rules(cls, rules: Rules) -> Params:
        section = rules.method_params
        return cls(rework_deduction=section["rework_deduction"],
                   delay_deduction=section["delay_deduction"],
                   percent_cap=section["percent_cap"])


def row_points(rows: pd.DataFrame, params: Params) -> Mapping[str, Column]:
    """Quantity, quality and progress points of each counted row."""
    w = rows["converted_hours"]
    waived = objective_cause(rows)
    rework = np.where(waived, 0.0,
                      rows["rework_count"].astype("Float64").fillna(0).astype("float64"))
    delays = np.where(waived, 0.0, rows["delays"].astype("float64"))
    return {
        "quantity_points": w,
        "quality_points": w * rows["quality_factor"] * np.maximum(
            0.0, 1.0 - params.rework_deduction * rework),
        "progress_points": w * np.maximum(0.0, 1.0 - params.delay_deduction * delays),
    }


def cycle_criteria(sums: pd.DataFrame, basis: pd.Series, params: Params) -> Mapping[str, Column]:
    """A, B, C of each staff member and cycle, capped."""
    cap = np.inf if params.percent_cap is None else params.percent_cap
    return {
        "quantity_pct": np.minimum(cap, 100.0 * sums["_a"] / basis),
        "quality_pct": np.minimum(cap, 100.0 * sums["_b"] / basis),
        "progress_pct": np.minimum(cap, 100.0 * sums["_c"] / basis),
    }


METHOD = Method(
    name="nd335", params=Params.from_rules, row_points=row_points, cycle_criteria=cycle_criteria,
    criteria={"quantity": "quantity_pct", "quality": "quality_pct", "progress": "progress_pct"},
    tiebreak="quality_pct", section="nd335",
    keys={"rework_deduction": ("number", True, SHARE), "delay_deduction": ("number", True, SHARE),
          "percent_cap": ("number", False, NUMBER_POS)},
)
