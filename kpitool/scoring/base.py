"""What a scoring method is: its name, parameter model and the two steps that differ per method.

Every method shares the pipeline (`kpitool.scoring.pipeline`): counted rows, norms, converted
hours w, lateness, then per staff member and cycle the criteria, task score, total and level.
A method supplies only the points of each counted row and the criteria percentages of a cycle,
from its own frozen parameter model built from the loaded `Rules`. Methods are registered in
`kpitool.scoring.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

import numpy as np
import pandas as pd

from kpitool.rules import Rules

P = TypeVar("P")

# The per-row columns a method may fill (the others stay NaN), in the order the pipeline adds them.
ROW_POINTS = ("quantity_points", "quality_points", "progress_points", "timeliness_factor",
              "credited_hours")
# The per-cycle criteria columns a method may fill (the others stay NaN).
CYCLE_CRITERIA = ("quantity_pct", "quality_pct", "progress_pct", "kpi_pct", "_kpi_capped")

Column: TypeAlias = pd.Series | np.ndarray


@dataclass(frozen=True)
class Method(Generic[P]):
    """A scoring method.

    Attributes:
        name: the rules file's `method` value.
        params: builds the method's frozen parameter model from the loaded rules.
        row_points: (counted rows with converted_hours, quality_factor, delays, lateness,
            rework_count; params) -> the method's `ROW_POINTS` columns.
        cycle_criteria: (sums per staff and cycle: _a, _b, _c the sums of quantity, quality and
            progress points, _credited the sum of credited hours; basis hours, NaN where not
            assessed; params) -> the method's `CYCLE_CRITERIA` columns.
        criteria: criterion name of the rules' weights -> the cycle column it reads.
        tiebreak: the column that breaks ties after total and task score (ranks, quota).
        section: the method's own table in a rules file (`[nd335]`).
        keys: that table's keys, as `kpitool.rules` checks them: (kind, required, constraint);
            the loaded values reach `params` as `Rules.method_params`.
    """

    name: str
    params: Callable[[Rules], P]
    row_points: Callable[[pd.DataFrame, P], Mapping[str, Column]]
    cycle_criteria: Callable[[pd.DataFrame, pd.Series, P], Mapping[str, Column]]
    criteria: Mapping[str, str]
    tiebreak: str
    section: str
    keys: Mapping[str, tuple[str, bool, object]]


def objective_cause(rows: pd.DataFrame) -> np.ndarray:
    """Whether each row's reworks and delays had a confirmed objective cause (Art. 14.2.b–c):
    such a row is not deducted."""
    if "objective_cause" not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows["objective_cause"].astype("boolean").fillna(False).to_numpy(dtype=bool)
