"""How approvers and units approve and assess (mức độ chặt chẽ khi duyệt, chấm điểm), for
`kpitool report`.

Pure functions: a `ScoreResult` and the worklog rows in, frames out. Figures only, each with
the worklog rows it comes from: a figure far from the others' (the z rule of the unit hours
flag, SPEC §4) is marked for a look, never turned into a judgement of a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kpitool.scoring import round_series

# The figures compared among approvers (and among units), in the order they are shown.
FIGURES = ("approval_rate", "rework_rate", "failed_rate", "delay_rate", "general_pct",
           "task_pct", "general_gap", "excellent_share", "hours_ratio")
# Figures that describe the same people twice (general_pct and task_pct feed general_gap):
# only the gap is tested for an outlier.
TESTED = ("approval_rate", "rework_rate", "failed_rate", "delay_rate", "general_gap",
          "excellent_share", "hours_ratio")
COUNT_COLUMNS = ("people", "rows_approved", "rows_returned", "declared_hours",
                 "converted_hours")


@dataclass
class Leniency:
    """Per approver (`approver_id`) and per unit (`unit_code`): the figures of `FIGURES`, the
    counts of `COUNT_COLUMNS`, `z_<figure>` for the tested figures, `outliers` (the tested
    figures with |z| above `z_limit`, as a list of keys) and `rows` (the worklog rows behind
    the figures, as (file, sheet, row))."""

    approvers: pd.DataFrame
    units: pd.DataFrame
    z_limit: float


def decided_rows(result: Any, worklogs: pd.DataFrame) -> pd.DataFrame:
    """The rows an approver decided on in the period: the counted (approved) rows of the result
    and the returned rows dated in the period, with the unit of the person who logged them."""
    approved = result.detail.assign(decision="approved")
    period = result.period
    dated = worklogs["date"].between(period.start, period.end).fillna(False).astype(bool)
    returned = worklogs[dated & (worklogs["status"] == "returned").fillna(False).astype(bool)]
    units = result.staff.drop_duplicates("staff_id").set_index("staff_id")["unit_code"]
    returned = returned.assign(decision="returned",
                               unit_code=returned["staff_id"].map(units).astype("string"))
    columns = ["staff_id", "unit_code", "approver_id", "decision", "quality", "rework_count",
               "hours", "_file", "_sheet", "_row"]
    frame = pd.concat([approved.reindex(columns=[*columns, "delays", "converted_hours"]),
                       returned.reindex(columns=[*columns, "delays", "converted_hours"])],
                      ignore_index=True)
    frame["approver_id"] = frame["approver_id"].astype("string")
    return frame


def _figures(rows: pd.DataFrame, key: str, staff: pd.DataFrame, rules: Any) -> pd.DataFrame:
    """The figures of each group of rows (`key`: approver_id or unit_code)."""
    rows = rows[rows[key].notna()]
    approved = rows["decision"] == "approved"
    rows = rows.assign(
        _approved=approved.astype("int64"), _returned=(~approved).astype("int64"),
        _rework=(approved & (rows["rework_count"].fillna(0).astype("float64") > 0))
        .astype("int64"),
        _failed=(approved & (rows["quality"] == "fail").fillna(False).astype(bool))
        .astype("int64"),
        _delayed=(approved & (rows["delays"].fillna(0).astype("float64") > 0)).astype("int64"),
        _declared=rows["hours"].astype("float64").where(approved, 0.0),
        _converted=rows["converted_hours"].astype("float64").where(approved, 0.0),
    )
    grouped = rows.groupby(key, sort=True)
    table = grouped.agg(rows_approved=("_approved", "sum"), rows_returned=("_returned", "sum"),
                        reworked=("_rework", "sum"), failed=("_failed", "sum"),
                        delayed=("_delayed", "sum"), declared_hours=("_declared", "sum"),
                        converted_hours=("_converted", "sum")).reset_index()
    decided = (table["rows_approved"] + table["rows_returned"]).astype("float64")
    approved_n = table["rows_approved"].astype("float64").where(table["rows_approved"] > 0)
    table["approval_rate"] = 100 * table["rows_approved"] / decided
    table["rework_rate"] = 100 * table["reworked"] / approved_n
    table["failed_rate"] = 100 * table["failed"] / approved_n
    table["delay_rate"] = 100 * table["delayed"] / approved_n
    converted = table["converted_hours"].where(table["converted_hours"] > 0)
    table["hours_ratio"] = table["declared_hours"] / converted
    people = rows[rows["decision"] == "approved"][[key, "staff_id"]].drop_duplicates()
    scored = people.merge(staff[["staff_id", "general_score", "task_score", "level"]],
                          on="staff_id", how="left")
    per_group = scored.groupby(key, sort=True).agg(
        people=("staff_id", "nunique"), general=("general_score", "mean"),
        task=("task_score", "mean"),
        rated=("level", "count"),
        excellent=("level", lambda s: int((s == "HTXSNV").sum())))
    table = table.merge(per_group.reset_index(), on=key, how="left")
    table["people"] = table["people"].fillna(0).astype("int64")
    table["general_pct"] = 100 * table["general"] / rules.general_max
    table["task_pct"] = 100 * table["task"] / rules.task_max
    table["general_gap"] = table["general_pct"] - table["task_pct"]
    rated = table["rated"].astype("float64")
    table["excellent_share"] = 100 * table["excellent"] / rated.where(rated > 0)
    sources = rows.groupby(key, sort=True)[["_file", "_sheet", "_row"]].apply(
        lambda g: list(zip(g["_file"].astype(str), g["_sheet"].astype(str),
                           g["_row"].astype("int64"), strict=True)))
    table["rows"] = table[key].map(sources)
    return table


def z_scores(values: pd.Series) -> pd.Series:
    """(value − mean) / population standard deviation over the known values, as the unit
    hours flag computes it; NaN where fewer than two are known or all are equal."""
    values = values.astype("float64")
    known = values.dropna()
    spread = known.std(ddof=0) if len(known) >= 2 else np.nan
    if not spread or np.isnan(spread):
        return pd.Series(np.nan, index=values.index)
    return (values - known.mean()) / spread


def _with_z(table: pd.DataFrame, z_limit: float) -> pd.DataFrame:
    outliers: list[list[str]] = [[] for _ in range(len(table))]
    for figure in TESTED:
        z = z_scores(table[figure])
        table[f"z_{figure}"] = round_series(z)
        for i, far in enumerate((z.abs() > z_limit).fillna(False).tolist()):
            if far:
                outliers[i].append(figure)
    for figure in FIGURES:
        table[figure] = round_series(table[figure].astype("float64"))
    for column in ("declared_hours", "converted_hours"):
        table[column] = round_series(table[column])
    table["outliers"] = pd.Series(outliers, index=table.index, dtype=object)
    return table


def leniency_view(result: Any, worklogs: pd.DataFrame) -> Leniency:
    """Per approver and per unit, the figures with their z among the others."""
    z_limit = float(result.rules.flags.unit_hours_z)
    rows = decided_rows(result, worklogs)
    staff = result.staff
    approvers = _with_z(_figures(rows, "approver_id", staff, result.rules), z_limit)
    names = staff.drop_duplicates("staff_id").set_index("staff_id")
    approvers.insert(1, "full_name", approvers["approver_id"].map(names["full_name"])
                     .astype("string"))
    approvers.insert(2, "unit_code", approvers["approver_id"].map(names["unit_code"])
                     .astype("string"))
    units = _with_z(_figures(rows, "unit_code", staff, result.rules), z_limit)
    keep = [*COUNT_COLUMNS, *FIGURES, *(f"z_{f}" for f in TESTED), "outliers", "rows"]
    return Leniency(approvers=approvers[["approver_id", "full_name", "unit_code", *keep]],
                    units=units[["unit_code", *keep]], z_limit=z_limit)
