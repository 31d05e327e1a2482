"""The analyst's view of a scored period (phân tích KPI) behind `kpitool report`.

Pure functions: frames of a `ScoreResult` (and the catalog) in, frames out; no files, no
printing. The writers in `kpitool/reports/analyst.py` turn them into HTML and xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kpitool.leniency import Leniency, leniency_view
from kpitool.scoring import LEVELS, Period, ScoreResult, name_order, round_series

OVERALL = "*"  # the unit_code of rows about all units together
TOP_TASKS = 15

MONTHLY_COLUMNS = ("cycle", "unit_code", "assessed_count", "scored_count", "mean_total",
                   *LEVELS, "no_level")
HOURS_COLUMNS = ("unit_code", "unit_name", "staff_count", "working_days", "declared_hours",
                 "converted_hours", "declared_per_day", "converted_per_day", "hours_ratio", "z",
                 "outlier")
TASK_COLUMNS = ("task_code", "task_name", "task_group", "row_count", "quantity", "converted_hours",
                "converted_share", "staff_using", "units_using")
CHANGE_COLUMNS = ("staff_id", "full_name", "unit_code", "from_cycle", "to_cycle", "from_level",
                  "to_level", "from_total", "to_total", "direction")


@dataclass
class Analysis:
    """Everything `kpitool report` shows, as frames.

    Attributes:
        monthly: one row per month and unit, plus per month for all units (`unit_code` '*').
        hours: declared and converted hours per working day per unit, outliers marked, plus '*'.
        top_tasks: the tasks with the most converted hours, most first.
        unused: catalog tasks with no worklog row dated in the period.
        changes: one row per person and pair of consecutive months whose level differs.
        flags: flag counts, one row per kind, one column per unit, and `total`.
        coverage: the months of the period with worklog rows dated in them (`covered`) and
            without any (`missing`), keys like `2026-04`.
        leniency: approval and assessment figures per approver and per unit.
    """

    period: Period
    monthly: pd.DataFrame
    hours: pd.DataFrame
    top_tasks: pd.DataFrame
    unused: pd.DataFrame
    changes: pd.DataFrame
    flags: pd.DataFrame
    task_count: int
    z_limit: float
    coverage: dict[str, list[str]]
    leniency: Leniency | None = None


def _level_table(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Assessed people, people with a total, mean total and counts per level, grouped by `keys`."""
    assessed = frame[frame["assessed"].fillna(False).astype(bool)]
    grouped = assessed.groupby(keys, sort=True, dropna=False)
    table = grouped.agg(assessed_count=("staff_id", "size"),
                        scored_count=("total", "count"),
                        mean_total=("total", "mean")).reset_index()
    counts = (assessed.groupby([*keys, "level"], dropna=True).size()
              .unstack("level").reindex(columns=list(LEVELS)).fillna(0).astype("int64")
              .reset_index())
    table = table.merge(counts, on=keys, how="left")
    for level in LEVELS:
        table[level] = table[level].fillna(0).astype("int64")
    table["no_level"] = table["assessed_count"] - table[list(LEVELS)].sum(axis=1)
    table["mean_total"] = round_series(table["mean_total"])
    return table


def monthly_levels(months: pd.DataFrame) -> pd.DataFrame:
    """Per month and unit, and per month for all units ('*'): mean total and level counts.

    Args:
        months: one row per person and month (`ScoreResult.cycles` under monthly cycles).
    """
    if months.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MONTHLY_COLUMNS})
    frame = months.assign(cycle=months["cycle"].astype(str))
    per_unit = _level_table(frame, ["cycle", "unit_code"])
    overall = _level_table(frame, ["cycle"]).assign(unit_code=OVERALL)
    table = pd.concat([per_unit, overall], ignore_index=True)
    table["unit_code"] = table["unit_code"].astype(str)
    table["_overall"] = table["unit_code"] == OVERALL
    table = table.sort_values(["cycle", "_overall", "unit_code"], kind="stable")
    return table[list(MONTHLY_COLUMNS)].reset_index(drop=True)


def trend_table(monthly: pd.DataFrame, value: str = "mean_total") -> pd.DataFrame:
    """One row per month, one column per unit and '*' last: `value` from `monthly_levels`."""
    wide = monthly.pivot_table(index="cycle", columns="unit_code", values=value, aggfunc="first",
                               dropna=False)
    units = sorted(c for c in wide.columns if c != OVERALL)
    wide = wide.reindex(columns=[*units, OVERALL])
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def hours_per_day(staff: pd.DataFrame, units: pd.DataFrame, z_limit: float) -> pd.DataFrame:
    """Declared and converted hours per working day per unit, with each unit's z-score.

    Declared hours per day and the z-score are computed as the unit outlier flag computes
    them (SPEC §4: population standard deviation over the units with working days), so a unit
    is marked `outlier` exactly when `kpitool score` flags it.
    """
    converted = staff.groupby("unit_code")["converted_hours"].sum()
    table = units[["unit_code", "unit_name", "staff_count", "working_days", "declared_hours",
                   "hours_per_working_day"]].rename(columns={"hours_per_working_day":
                                                             "declared_per_day"})
    table = table.assign(converted_hours=table["unit_code"].map(converted).astype("float64"))
    days = table["working_days"].astype("float64")
    table["converted_per_day"] = table["converted_hours"] / days.where(days > 0)
    values = table["declared_per_day"].astype("float64")
    known = values.dropna()
    spread = known.std(ddof=0) if len(known) >= 2 else np.nan
    table["z"] = (values - known.mean()) / spread if spread > 0 else np.nan
    table["outlier"] = (table["z"] > z_limit).fillna(False).astype(bool)
    total_days = float(days.sum())
    overall: dict[str, Any] = {
        "unit_code": OVERALL, "unit_name": "", "staff_count": int(table["staff_count"].sum()),
        "working_days": int(total_days), "declared_hours": float(table["declared_hours"].sum()),
        "converted_hours": float(table["converted_hours"].sum()), "z": np.nan, "outlier": False,
    }
    overall["declared_per_day"] = overall["declared_hours"] / total_days if total_days else np.nan
    overall["converted_per_day"] = (overall["converted_hours"] / total_days if total_days
                                    else np.nan)
    table = pd.concat([table, pd.DataFrame([overall])], ignore_index=True)
    conv = table["converted_hours"].astype("float64")
    table["hours_ratio"] = table["declared_hours"].astype("float64") / conv.where(conv > 0)
    for column in ("declared_hours", "converted_hours", "declared_per_day", "converted_per_day",
                   "hours_ratio", "z"):
        table[column] = round_series(table[column])
    table["staff_count"] = table["staff_count"].astype("int64")
    table["working_days"] = table["working_days"].astype("int64")
    return table[list(HOURS_COLUMNS)].reset_index(drop=True)


def top_tasks(detail: pd.DataFrame, tasks: pd.DataFrame, limit: int = TOP_TASKS) -> pd.DataFrame:
    """The `limit` tasks with the most converted hours over the counted rows, most first."""
    if detail.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TASK_COLUMNS})
    grouped = detail.groupby("task_code", sort=True)
    table = grouped.agg(row_count=("staff_id", "size"), quantity=("quantity", "sum"),
                        converted_hours=("converted_hours", "sum"),
                        staff_using=("staff_id", "nunique"),
                        units_using=("unit_code", "nunique")).reset_index()
    total = float(table["converted_hours"].sum())
    table["converted_share"] = 100 * table["converted_hours"] / total if total else np.nan
    names = tasks.drop_duplicates("task_code").set_index("task_code")
    table["task_name"] = table["task_code"].map(names["task_name"]).astype("string")
    table["task_group"] = table["task_code"].map(names["task_group"]).astype("string")
    table = table.sort_values(["converted_hours", "task_code"], ascending=[False, True],
                              kind="stable").head(limit)
    for column in ("quantity", "converted_hours", "converted_share"):
        table[column] = round_series(table[column])
    return table[list(TASK_COLUMNS)].reset_index(drop=True)


def unused_tasks(tasks: pd.DataFrame, worklogs: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Catalog tasks that no worklog row dated in the period uses, whatever its status."""
    dated = worklogs["date"].between(period.start, period.end).fillna(False).astype(bool)
    used = set(worklogs.loc[dated, "task_code"].dropna().astype(str))
    catalog = tasks.drop_duplicates("task_code")
    unused = catalog[~catalog["task_code"].astype(str).isin(used)]
    table = pd.DataFrame({
        "task_code": unused["task_code"].astype("string"),
        "task_name": unused["task_name"].astype("string"),
        "task_group": unused["task_group"].astype("string"),
        "task_positions": unused["positions"].astype("string") if "positions" in unused
        else pd.Series(pd.NA, index=unused.index, dtype="string"),
        "task_unit": unused["unit_code"].astype("string") if "unit_code" in unused
        else pd.Series(pd.NA, index=unused.index, dtype="string"),
    })
    return table.sort_values(["task_group", "task_code"], kind="stable").reset_index(drop=True)


def level_changes(months: pd.DataFrame) -> pd.DataFrame:
    """People whose level differs between two consecutive months in which both have a level.

    `direction` is +1 for a better level, −1 for a worse one. Rows are in unit order, then
    Vietnamese name order, then month.
    """
    rated = months[months["level"].notna()].copy()
    if rated.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CHANGE_COLUMNS})
    rated["cycle"] = rated["cycle"].astype(str)
    rated = rated.sort_values(["staff_id", "cycle"], kind="stable")
    same = rated["staff_id"].eq(rated["staff_id"].shift())
    before = rated.shift()
    changed = same & rated["level"].ne(before["level"])
    rank = {level: i for i, level in enumerate(LEVELS)}
    table = pd.DataFrame({
        "staff_id": rated["staff_id"], "full_name": rated["full_name"],
        "unit_code": rated["unit_code"], "from_cycle": before["cycle"], "to_cycle": rated["cycle"],
        "from_level": before["level"], "to_level": rated["level"],
        "from_total": before["total"], "to_total": rated["total"],
    })[changed]
    table["direction"] = np.where(table["from_level"].map(rank) > table["to_level"].map(rank), 1, -1)
    table["direction"] = table["direction"].astype("int64")
    table["_name"] = name_order(table["full_name"].astype("string"))
    table = table.sort_values(["unit_code", "_name", "staff_id", "to_cycle"], kind="stable")
    for column in ("from_total", "to_total"):
        table[column] = table[column].astype("float64")
    return table[list(CHANGE_COLUMNS)].reset_index(drop=True)


def flags_by_kind_and_unit(flags: pd.DataFrame) -> pd.DataFrame:
    """Flag counts: one row per kind (most frequent first), one column per unit, then `total`."""
    if flags.empty:
        return pd.DataFrame({"code": pd.Series(dtype="string"), "total": pd.Series(dtype="int64")})
    units = flags["unit_code"].astype("string").fillna("")
    table = pd.crosstab(flags["code"].astype("string"), units)
    table.columns = [str(c) for c in table.columns]
    table = table.reindex(columns=sorted(table.columns))
    table["total"] = table.sum(axis=1)
    table = table.reset_index().rename(columns={"row_0": "code"})
    table.columns = ["code", *table.columns[1:]]
    table = table.sort_values(["total", "code"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def analyse(result: ScoreResult, tasks: pd.DataFrame, worklogs: pd.DataFrame,
            months: pd.DataFrame | None = None) -> Analysis:
    """The whole analysis of a scored period.

    Args:
        result: the `ScoreResult` of the period.
        tasks: the catalog's tasks; worklogs: every worklog row read.
        months: one row per person and month (`kpitool.scoring.month_cycles`); by default
            `result.cycles`.
    """
    from kpitool.flags import month_coverage

    months = result.cycles if months is None else months
    z_limit = float(result.rules.flags.unit_hours_z)
    return Analysis(
        period=result.period,
        monthly=monthly_levels(months),
        hours=hours_per_day(result.staff, result.units, z_limit),
        top_tasks=top_tasks(result.detail, tasks),
        unused=unused_tasks(tasks, worklogs, result.period),
        changes=level_changes(months),
        flags=flags_by_kind_and_unit(result.flags),
        task_count=int(tasks["task_code"].nunique()),
        z_limit=z_limit,
        coverage=month_coverage([m.key for m in result.period.months()], worklogs["date"]),
        leniency=leniency_view(result, worklogs),
    )
