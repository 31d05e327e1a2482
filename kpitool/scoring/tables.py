"""Per staff member and cycle, then per period: criteria, leader D, task score, total, level."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpitool import workcalendar
from kpitool.data import InputData
from kpitool.rules import Rules
from kpitool.scoring.base import CYCLE_CRITERIA
from kpitool.scoring.levels import classify
from kpitool.scoring.periods import Period
from kpitool.scoring.registry import method_of
from kpitool.scoring.rounding import round_series

# The leader criteria every method shares: criterion name of the rules' weights -> column.
LEADER_CRITERIA = {"subordinates": "leader_d", "org_ability": "leader_dd", "unity": "leader_e"}


def _assessment_rows(general: pd.DataFrame, cycles: list[Period]) -> pd.DataFrame:
    """For each staff member and cycle, the assessment that applies: the cycle's own, else the
    narrowest longer period's that contains it (quarter, half-year, year)."""
    columns = ["general_score", "discipline", "org_ability", "unity"]
    general = general.drop_duplicates(["staff_id", "period"])
    frames = []
    for cycle in cycles:
        own = general[general["period"] == cycle.key]
        parts = [own.assign(_priority=0)]
        for priority, longer in enumerate(cycle.enclosing(), start=1):
            parts.append(general[general["period"] == longer.key].assign(_priority=priority))
        chosen = pd.concat(parts).sort_values("_priority", kind="stable")
        chosen = chosen.drop_duplicates("staff_id")
        frames.append(chosen[["staff_id", "period", *columns]].assign(cycle=cycle.key))
    if not frames:
        return pd.DataFrame(columns=["staff_id", "cycle", "assessment_period", *columns])
    out = pd.concat(frames, ignore_index=True).rename(columns={"period": "assessment_period"})
    return out


def _task_score(table: pd.DataFrame, rules: Rules) -> pd.Series:
    """Task score = min(max, max × Σ(weight × criterion %) / (100 × Σ weight)), by leader or
    not: the criterion is capped, not its percentages (Decree Art. 12.3)."""
    columns = {**method_of(rules).criteria, **LEADER_CRITERIA}
    score = pd.Series(np.nan, index=table.index, dtype="float64")
    for is_leader, weights in ((False, rules.weights), (True, rules.leader_weights)):
        rows = table["is_leader"] == is_leader
        if not rows.any():
            continue
        part = table.loc[rows]
        total_weight = sum(weights.values())
        points = sum(weight * part[columns[name]].astype("float64")
                     for name, weight in weights.items() if weight)
        score.loc[rows] = np.minimum(rules.task_max,
                                     rules.task_max * points / (100.0 * total_weight))
    return score


def _finish(table: pd.DataFrame, rows: pd.Series, rules: Rules) -> None:
    """Task score, total and level of the rows (in place); no level outside the scope."""
    part = table.loc[rows]
    task = _task_score(part, rules)
    table.loc[rows, "task_score"] = task
    table.loc[rows, "total"] = part["general_score"] + task
    rounded = round_series(table.loc[rows, "total"])
    level = classify(rounded, part["discipline"], rules)
    table.loc[rows, "level"] = level.where(part["in_scope"].to_numpy(dtype=bool))


def _leader_order(pairs: pd.DataFrame, leaders: pd.Index) -> pd.Series:
    """Height of each leader among leaders (0: no leader below), so D is computed bottom-up."""
    height = pd.Series(0, index=leaders, dtype="int64")
    among = pairs[pairs["ancestor"].isin(leaders) & pairs["descendant"].isin(leaders)]
    for _ in range(len(leaders)):
        if among.empty:
            break
        above = (among["descendant"].map(height) + 1).groupby(among["ancestor"]).max()
        updated = height.combine(above.reindex(height.index).fillna(0).astype("int64"), max)
        if updated.equals(height):
            break
        height = updated
    return height


def build_cycle_table(staff: pd.DataFrame, data: InputData, detail: pd.DataFrame,
                      dated: pd.DataFrame, cycles: list[Period], rules: Rules,
                      cal: workcalendar.WorkCalendar, pairs: pd.DataFrame,
                      assigned: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per staff member and cycle, unrounded.

    Args:
        assigned: P per staff_id and cycle (`assigned.assigned_hours`); None when no
            assignments were given at all.
    """
    base_columns = ["staff_id", "full_name", "unit_code", "top_unit_code", "position_code",
                    "position_group", "duty_group", "is_leader", "in_scope"]
    frames = []
    for cycle in cycles:
        days = workcalendar.working_days(staff, data.leave, cal, cycle.start, cycle.end)
        frame = staff[base_columns].reset_index(drop=True).copy()
        frame.insert(1, "cycle", cycle.key)
        frame["cycle_start"] = cycle.start
        frame["cycle_end"] = cycle.end
        frames.append(pd.concat([frame, days.drop(columns="staff_id")], axis=1))
    table = pd.concat(frames, ignore_index=True)
    table["capacity_hours"] = rules.hours_per_day * table["working_days"]
    table["assessed"] = table["working_days"] > 0
    _basis(table, rules, assigned)

    sums = detail.groupby(["staff_id", "cycle"]).agg(
        converted_hours=("converted_hours", "sum"),
        _a=("quantity_points", "sum"), _b=("quality_points", "sum"),
        _c=("progress_points", "sum"), _credited=("credited_hours", "sum"),
        _count=("converted_hours", "size"),
    ).reset_index()
    declared = dated.groupby(["staff_id", "cycle"])["hours"].sum().rename("declared_hours")
    table = table.merge(sums, on=["staff_id", "cycle"], how="left")
    table = table.merge(declared.reset_index(), on=["staff_id", "cycle"], how="left")
    for column in ("converted_hours", "_a", "_b", "_c", "_credited", "declared_hours"):
        table[column] = table[column].astype("float64").fillna(0.0)

    basis = table["basis_hours"].where(table["assessed"])
    for column in CYCLE_CRITERIA:
        table[column] = np.nan
    method = method_of(rules)
    for column, values in method.cycle_criteria(table, basis, method.params(rules)).items():
        table[column] = values

    assessments = _assessment_rows(data.general, cycles)
    table = table.merge(assessments, on=["staff_id", "cycle"], how="left")
    given = table["general_score"].astype("float64")
    if rules.default_general_score is not None:
        given = given.fillna(rules.default_general_score)
    table["general_score"] = given.where(table["assessed"])
    table["discipline"] = table["discipline"].astype("boolean").fillna(False).astype(bool) \
        & table["assessed"]
    leader = table["is_leader"] & table["assessed"]
    table["leader_dd"] = table["org_ability"].astype("float64").where(leader)
    table["leader_e"] = table["unity"].astype("float64").where(leader)
    table["leader_d"] = np.nan
    table["task_score"] = np.nan
    table["total"] = np.nan
    table["level"] = pd.Series(pd.NA, index=table.index, dtype="string")

    _finish(table, table["assessed"] & ~table["is_leader"], rules)
    leaders = pd.Index(staff.loc[staff["is_leader"], "staff_id"].unique())
    if len(leaders):
        height = _leader_order(pairs, leaders)
        below = pairs[pairs["ancestor"].isin(leaders)]
        for level in sorted(height.unique()):
            group = height.index[height == level]
            rows = table["staff_id"].isin(group) & table["assessed"]
            subs = below[below["ancestor"].isin(group)].merge(
                table[["staff_id", "cycle", "total", "in_scope"]], left_on="descendant",
                right_on="staff_id")
            # the subordinate's points, not their level: discipline alone does not lower D
            # (Art. 15.3.a); staff outside the scope count in no leader's D
            below_band = round_series(subs["total"]) < rules.levels["HTNV"]
            failing = subs[below_band & subs["in_scope"]][["ancestor", "cycle"]].drop_duplicates()
            failing["_failing"] = True
            flagged = table.loc[rows, ["staff_id", "cycle"]].merge(
                failing, left_on=["staff_id", "cycle"], right_on=["ancestor", "cycle"],
                how="left")["_failing"].fillna(False).astype(bool).to_numpy()
            table.loc[rows, "leader_d"] = np.where(
                flagged, rules.subordinates_not_ok, rules.subordinates_ok)
            _finish(table, rows, rules)
    return table


def _basis(table: pd.DataFrame, rules: Rules, assigned: pd.DataFrame | None) -> None:
    """basis, basis_hours, assigned_hours and `_no_assignment` of each row (in place).

    Basis `assigned` (Art. 14.1): P where the person has assignments in the cycle, else the
    capacity S, flagged when others have some; without any assignments, S for everyone.
    """
    if assigned is None:
        table["assigned_hours"] = np.nan
    else:
        keys = pd.DataFrame({"staff_id": table["staff_id"].astype("string"),
                             "cycle": table["cycle"].astype("string")})
        merged = keys.merge(assigned, on=["staff_id", "cycle"], how="left")
        table["assigned_hours"] = merged["assigned_hours"].to_numpy(dtype="float64")
    has = (table["assigned_hours"] > 0).to_numpy(dtype=bool)
    use_assigned = has if rules.basis == "assigned" else np.zeros(len(table), dtype=bool)
    table["basis"] = pd.Series(np.where(use_assigned, "assigned", "capacity"), index=table.index,
                               dtype="string")
    table["basis_hours"] = np.where(use_assigned, table["assigned_hours"],
                                    table["capacity_hours"])
    others = pd.Series(has, index=table.index).groupby(table["cycle"]).transform("any")
    table["_no_assignment"] = (rules.basis == "assigned") & table["assessed"] & ~has & others \
        & table["in_scope"]


def build_period_table(cycle_table: pd.DataFrame, rules: Rules, single: bool) -> pd.DataFrame:
    """One row per staff member for the period: the cycle itself, or means of assessed cycles."""
    keep = ["staff_id", "full_name", "unit_code", "top_unit_code", "position_code",
            "position_group", "duty_group", "is_leader", "in_scope"]
    if single:
        table = cycle_table.copy()
        table["cycles_assessed"] = table["assessed"].astype("int64")
        return table
    assessed = cycle_table[cycle_table["assessed"]]
    grouped = cycle_table.groupby("staff_id", sort=False)
    table = grouped[keep[1:]].first().reset_index()
    sums = assessed.groupby("staff_id")[["basis_hours", "capacity_hours"]].sum()
    sums = sums.join(grouped[["working_days", "declared_hours", "converted_hours"]].sum(),
                     how="right").fillna({"basis_hours": 0.0, "capacity_hours": 0.0})
    sums["assigned_hours"] = assessed.groupby("staff_id")["assigned_hours"].sum(min_count=1)
    # one basis kind for the period only when every assessed cycle used the same
    # (each person's first assessed cycle's basis, where it has one distinct value)
    distinct = assessed.groupby("staff_id")["basis"].nunique()
    first = assessed.drop_duplicates("staff_id").set_index("staff_id")["basis"]
    sums["basis"] = first.reindex(distinct.index).where(distinct == 1).astype("string")
    table = table.merge(sums.reset_index(), on="staff_id", how="left")
    means_of = ["quantity_pct", "quality_pct", "progress_pct", "kpi_pct", "leader_d",
                "leader_dd", "leader_e", "task_score", "general_score"]
    means = assessed.groupby("staff_id")[means_of].mean()
    by_staff = assessed.groupby("staff_id")["total"]
    total = by_staff.mean().where(~assessed["total"].isna().groupby(assessed["staff_id"]).any())
    counts = assessed.groupby("staff_id").size().rename("cycles_assessed")
    discipline = assessed.groupby("staff_id")["discipline"].any()
    table = table.merge(means.reset_index(), on="staff_id", how="left")
    table = table.merge(total.rename("total").reset_index(), on="staff_id", how="left")
    table = table.merge(counts.reset_index(), on="staff_id", how="left")
    table = table.merge(discipline.reset_index(), on="staff_id", how="left")
    table["cycles_assessed"] = table["cycles_assessed"].fillna(0).astype("int64")
    table["assessed"] = table["cycles_assessed"] > 0
    table["discipline"] = table["discipline"].astype("boolean").fillna(False).astype(bool)
    table["total"] = table["total"].astype("float64")
    table["level"] = classify(round_series(table["total"]), table["discipline"], rules)
    return table

