"""A third scoring method that lives only in the tests: `toy-hours`.

It shows what adding a method takes: this one module (its frozen parameter model built from the
loaded rules, the points of a row, the criteria of a cycle) and one `register()` call. Every
criterion the rules weigh reads one number: converted hours as a share of the basis, capped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpitool.rules import Rules
from kpitool.scoring.base import Column, Method


@dataclass(frozen=True)
class Params:
    """The cap of the one percentage: the rules' nd335 cap, else 100."""

    cap: float

    @classmethod
    def from_rules(cls, rules: Rules) -> Params:
        assert rules.nd335 is not None
        cap = rules.nd335.percent_cap
        return cls(cap=100.0 if cap is None else cap)


def row_points(rows: pd.DataFrame, params: Params) -> Mapping[str, Column]:
    return {"quantity_points": rows["converted_hours"]}


def cycle_criteria(sums: pd.DataFrame, basis: pd.Series, params: Params) -> Mapping[str, Column]:
    return {"quantity_pct": np.minimum(params.cap, 100.0 * sums["_a"] / basis)}


METHOD = Method(
    name="toy-hours", params=Params.from_rules, row_points=row_points,
    cycle_criteria=cycle_criteria,
    criteria={"quantity": "quantity_pct", "quality": "quantity_pct", "progress": "quantity_pct"},
    tiebreak="quantity_pct",
)
