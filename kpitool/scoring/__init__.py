"""KPI scoring (chấm điểm KPI), SPEC §3: pure functions, DataFrames and `Rules` in, DataFrames out.

Modules: `periods` (Period, parse_period, infer_period), `rounding` (round2 and its vectorised
forms), `names` (Vietnamese name order), `base` and `registry` (what a scoring method is and the
one place methods are registered), one module per method (`nd335`, `khanh_hoa`), `staff`,
`rows`, `tables` and `levels` (the steps), `pipeline` (`score()`, one period:
`score_partition` per top unit, then `finish`), `result`
(`ScoreResult`), `explain`.
"""

from kpitool.scoring.explain import explain
from kpitool.scoring.levels import LEVELS, apply_quota, classify, competition_rank
from kpitool.scoring.names import name_order, name_order_key, vietnamese_key
from kpitool.scoring.periods import Period, PeriodKind, infer_period, parse_period
from kpitool.scoring.pipeline import Partial, finish, month_cycles, score, score_partition
from kpitool.scoring.result import (
    DETAIL_COLUMNS,
    DETAIL_NUMBERS,
    SCORE_COLUMNS,
    STAFF_COLUMNS,
    ScoreResult,
)
from kpitool.scoring.rounding import EXACT_BELOW, round2, round_array, round_series
from kpitool.scoring.rows import lookup_norms, score_rows
from kpitool.scoring.staff import staff_frame, supervisor_closure, top_units

__all__ = [
    "DETAIL_COLUMNS", "DETAIL_NUMBERS", "EXACT_BELOW", "LEVELS", "SCORE_COLUMNS", "STAFF_COLUMNS",
    "Partial", "Period", "PeriodKind", "ScoreResult", "apply_quota", "classify",
    "competition_rank", "explain", "finish", "infer_period", "lookup_norms", "month_cycles",
    "name_order", "name_order_key", "parse_period", "round2", "round_array", "round_series",
    "score", "score_partition", "score_rows", "staff_frame", "supervisor_closure", "top_units",
    "vietnamese_key",
]
