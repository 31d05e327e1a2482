"""Counted worklog rows: coding, norms (h, k), converted hours w, lateness and each row's points."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpitool import workcalendar
from kpitool.frames import first_rows, group_codes
from kpitool.rules import Rules
from kpitool.scoring.base import ROW_POINTS
from kpitool.scoring.registry import method_of

CODE_COLUMNS = ("staff_id", "task_code", "status", "quality", "approver_id", "_file", "_sheet")
FREE_TEXT = ("description", "note")


def coded(worklogs: pd.DataFrame) -> pd.DataFrame:
    """The worklog rows that scoring needs, numbered (`_rowid`), codes held as categories.

    Codes repeat over millions of rows: as categories, every filter, sort and grouping of the
    rows moves small integers instead of text. Free text (description, note) is not scored.
    """
    keep = [c for c in worklogs.columns if c not in FREE_TEXT]
    out = worklogs[keep].reset_index(drop=True)
    for column in CODE_COLUMNS:
        if column in out:
            out[column] = out[column].astype("category")
    out["_rowid"] = np.arange(len(out))
    return out


def with_staff(worklogs: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """The rows of known staff members, in file order, with their unit, top unit and group
    (as categories)."""
    known = staff.drop_duplicates("staff_id").set_index("staff_id")
    ids = worklogs["staff_id"].cat
    where = known.index.get_indexer(ids.categories.astype(object))
    codes = ids.codes.to_numpy()
    row_where = np.where(codes >= 0, where[codes], -1)
    present = row_where >= 0
    logs = worklogs[present].reset_index(drop=True)
    positions = row_where[present]
    for column in ("unit_code", "top_unit_code", "position_group"):
        values_codes, values = pd.factorize(known[column], use_na_sentinel=True)
        logs[column] = pd.Categorical.from_codes(values_codes[positions],
                                                 categories=pd.Index(values, dtype="string"))
    return logs


def cycle_of(dates: pd.Series, starts: np.ndarray, keys: np.ndarray) -> pd.Series:
    position = np.searchsorted(starts, dates.to_numpy(dtype="datetime64[ns]"), side="right") - 1
    cycles = pd.Categorical.from_codes(np.clip(position, 0, len(keys) - 1),
                                       categories=pd.Index(keys, dtype="string"))
    return pd.Series(cycles, index=dates.index)



def lookup_norms(rows: pd.DataFrame, norms: pd.DataFrame) -> pd.DataFrame:
    """Norm hours h and complexity of each row, by task, position group and completion date.

    The most specific norm wins: (task, group) over (task, '*'); then the latest effective_from.
    Rows with the same task, group and date share their norm: each such triple is looked up once.

    Args:
        rows: task_code, position_group, completed_on.

    Returns:
        norm_hours (float, NaN where no norm is in force) and complexity (Int64), on `rows`' index.
    """
    keys = ["task_code", "position_group", "completed_on"]
    codes = group_codes(rows, keys)
    firsts = first_rows(codes)
    distinct = pd.DataFrame({
        "task_code": np.asarray(rows["task_code"].iloc[firsts], dtype=object),
        "position_group": np.asarray(rows["position_group"].iloc[firsts], dtype=object),
        "completed_on": rows["completed_on"].iloc[firsts].to_numpy(),
        "_key": np.arange(len(firsts)),
    })
    table = norms[["task_code", "position_group", "norm_hours", "complexity",
                   "effective_from", "effective_to"]].rename(
        columns={"position_group": "norm_group"}).astype({"task_code": object})
    candidates = distinct.merge(table, on="task_code", how="inner")
    group = candidates["norm_group"].astype(object).fillna("*")
    specific = (group == candidates["position_group"]).fillna(False).astype(bool)
    general = (group == "*").astype(bool)
    on_date = candidates["completed_on"]
    in_force = (candidates["effective_from"].isna() | (candidates["effective_from"] <= on_date)) \
        & (candidates["effective_to"].isna() | (candidates["effective_to"] >= on_date))
    candidates = candidates[(specific | general) & in_force.fillna(False).astype(bool)].copy()
    candidates["_specific"] = specific[candidates.index]
    best = candidates.sort_values(
        ["_key", "_specific", "effective_from"], ascending=[True, False, False],
        na_position="last", kind="stable",
    ).drop_duplicates("_key")
    hours = np.full(len(distinct), np.nan)
    hours[best["_key"].to_numpy()] = best["norm_hours"].astype("float64").to_numpy()
    level = pd.array([pd.NA] * len(distinct), dtype="Int64")
    level[best["_key"].to_numpy()] = best["complexity"].astype("Int64").to_numpy()
    return pd.DataFrame({"norm_hours": hours[codes], "complexity": level[codes]},
                        index=rows.index)


def score_rows(rows: pd.DataFrame, rules: Rules, cal: workcalendar.WorkCalendar) -> pd.DataFrame:
    """Add h, k, w, L, d and the points of each counted row (SPEC §3, per counted row).

    Args:
        rows: counted worklog rows with norm_hours and complexity (NaN where no norm).
    """
    out = rows.copy(deep=False)  # new columns only: the rows' own are shared, copy on write
    quantity = out["quantity"].astype("float64").fillna(1.0)
    out["complexity_coef"] = out["complexity"].astype("float64").map(
        {float(level): coef for level, coef in rules.complexity.items()})
    out["converted_hours"] = (quantity * out["norm_hours"].astype("float64")
                              * out["complexity_coef"]).fillna(0.0)
    out["lateness"] = workcalendar.lateness(cal, out["deadline"], out["completed_on"])
    derived = (out["lateness"] > 0).astype("int64")
    out["delays"] = out["delay_count"].astype("Float64").fillna(derived).astype("int64")
    factor = out["quality"].map(dict(rules.quality_factors)).astype("float64")
    out["quality_factor"] = factor.fillna(rules.quality_factors["pass"])
    method = method_of(rules)
    for column in ROW_POINTS:
        out[column] = np.nan
    for column, values in method.row_points(out, method.params(rules)).items():
        out[column] = values
    return out

