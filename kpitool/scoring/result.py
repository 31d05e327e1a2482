"""The result of scoring a period: `ScoreResult` and the columns of its frames."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpitool import workcalendar
from kpitool.rules import Rules
from kpitool.scoring.periods import Period

# The numbers a cycle or a period reports (rounded in the result frames).
SCORE_COLUMNS = (
    "basis_hours", "capacity_hours", "assigned_hours", "declared_hours", "converted_hours",
    "quantity_pct", "quality_pct", "progress_pct", "kpi_pct", "leader_d", "leader_dd",
    "leader_e", "task_score", "general_score", "total",
)
DETAIL_NUMBERS = (
    "norm_hours", "complexity_coef", "converted_hours", "quality_factor", "quantity_points",
    "quality_points", "progress_points", "timeliness_factor", "credited_hours",
)

DETAIL_COLUMNS = (
    "staff_id", "unit_code", "top_unit_code", "position_group", "cycle", "date", "task_code",
    "quantity", "hours", "deadline", "completed_on", "status", "quality", "rework_count",
    "delay_count", "output_ref", "approver_id", "norm_hours", "complexity", "complexity_coef",
    "converted_hours", "lateness", "delays", "quality_factor", "quantity_points",
    "quality_points", "progress_points", "timeliness_factor", "credited_hours",
    "assignment_id", "assignment_owner", "delivers", "objective_cause", "_file", "_sheet", "_row",
)


@dataclass
class ScoreResult:
    """Everything `kpitool score` reports, as frames (numbers rounded with `round2`).

    Attributes:
        staff: one row per staff member for the period (see `STAFF_COLUMNS`).
        cycles: one row per staff member and cycle, with the working-day breakdown.
        detail: one row per counted worklog row with every computed column and its source.
        units: one row per unit: counts per level, means, declared hours per working day.
        flags: one row per flag (`kpitool.flags.FLAG_COLUMNS`): every flag of the run, or in
            a national run with many, those its report shows (the others are in `flags/`).
        quota: one row per top-level unit: excellent, good, allowed, breach, demoted.
        flags_elsewhere: how many flags of each kind the run has besides those in `flags`.
    """

    period: Period
    rules: Rules
    staff: pd.DataFrame
    cycles: pd.DataFrame
    detail: pd.DataFrame
    units: pd.DataFrame
    flags: pd.DataFrame
    quota: pd.DataFrame
    calendar: workcalendar.WorkCalendar = field(repr=False)
    enforce_quota: bool = False
    flags_elsewhere: dict[str, int] = field(default_factory=dict)

    def flag_counts(self) -> dict[str, int]:
        """How many flags of each kind the run has (held or not), the most first (a tie in
        the order the kinds first come in the flags)."""
        counts = {str(k): int(v) for k, v in
                  self.flags["code"].value_counts(sort=False).items()}
        for code, count in self.flags_elsewhere.items():
            counts[code] = counts.get(code, 0) + count
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    @property
    def flag_total(self) -> int:
        """How many flags the run has, held or not."""
        return len(self.flags) + sum(self.flags_elsewhere.values())


STAFF_COLUMNS = (
    "staff_id", "full_name", "unit_code", "top_unit_code", "position_code", "position_group",
    "duty_group", "is_leader", "in_scope", "assessed", "cycles_assessed", "working_days",
    "basis", *SCORE_COLUMNS, "discipline", "level", "not_classified",
    "level_capped_by_unit", "rank_in_unit", "rank_overall", "flags",
)
