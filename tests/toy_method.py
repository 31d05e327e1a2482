"""A third scoring method that lives only in the tests: `toy-hours`.

It shows what adding a method takes: this one module (its frozen parameter model built from the
loaded rules, the keys of its own rules table, the points of a row, the criteria of a cycle), one
rules file naming it (`toy_preset()`: the nd335 preset with `method = "toy-hours"` and a
`[toy_hours]` table), and one `register()` call. Every
criterion the rules weigh reads one number: converted hours as a share of the basis, capped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpitool.rules import NUMBER_POS, Rules
from kpitool.scoring.base import Column, Method


@dataclass(frozen=True)
class Params:
    """The cap of the one percentage: the rules' `[toy_hours] cap`."""

    cap: float

    @classmethod
    def from_rules(cls, rules: Rules) -> Params:
        return cls(cap=rules.method_params["cap"])


def row_points(rows: pd.DataFrame, params: Params) -> Mapping[str, Column]:
    return {"quantity_points": rows["converted_hours"]}


def cycle_criteria(sums: pd.DataFrame, basis: pd.Series, params: Params) -> Mapping[str, Column]:
    return {"quantity_pct": np.minimum(params.cap, 100.0 * sums["_a"] / basis)}


METHOD = Method(
    name="toy-hours", params=Params.from_rules, row_points=row_points,
    cycle_criteria=cycle_criteria,
    criteria={"quantity": "quantity_pct", "quality": "quantity_pct", "progress": "quantity_pct"},
    tiebreak="quantity_pct", section="toy_hours", keys={"cap": ("number", True, NUMBER_POS)},
)


def toy_preset() -> bytes:
    """A rules file for the toy method: the shipped nd335 preset with the method and its own
    table swapped, as an office would write one."""
    import re

    from kpitool.rules import preset_text

    text = preset_text("nd335").replace('method = "nd335"', 'method = "toy-hours"')
    text = re.sub(r"\[nd335\]\n(?:[^\[]*)", "[toy_hours]\ncap = 100.0\n\n", text, count=1)
    return text.encode("utf-8")
