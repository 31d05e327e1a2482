"""Assigned work (giao việc, Decree 335 Art. 14.1 and 18.1): the converted products assigned to
each person in a cycle (P), and what each counted row delivers.

An assignment belongs to the cycle that contains its deadline; its converted hours use the norm
of its owner's position group in force on the deadline. A row that names an assignment of
someone else delivers work taken over (Art. 18.1.d): it counts for the person who did it, and the
assignment stays in its owner's P.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpitool.rules import Rules
from kpitool.scoring.rows import cycle_of, lookup_norms

DELIVERIES = ("own", "taken_over", "ad_hoc")


def assignment_table(assignments: pd.DataFrame) -> pd.DataFrame:
    """assignment_id → owner (staff_id), task_code and deadline (ids given only)."""
    named = assignments.dropna(subset=["assignment_id"]).drop_duplicates("assignment_id")
    return named.set_index("assignment_id")[["staff_id", "task_code", "deadline"]]


def with_deliveries(rows: pd.DataFrame, assignments: pd.DataFrame,
                    in_period: pd.DataFrame) -> pd.DataFrame:
    """Counted rows with their assignment's deadline where their own is blank, and `delivers`:
    `own` (one of the person's assignments), `taken_over` (a colleague's) or `ad_hoc` (nothing
    assigned). A row naming no assignment delivers the person's own when they were assigned
    that task in the cycle.

    Args:
        rows: counted rows with staff_id, task_code, cycle, deadline, assignment_id.
        assignments: the whole assignments sheet.
        in_period: the period's assignments with their `cycle` (`in_cycles`).
    """
    out = rows.copy(deep=False)
    if assignments.empty:
        out["assignment_owner"] = pd.Series(pd.NA, index=out.index, dtype="string")
        out["delivers"] = pd.Series(pd.NA, index=out.index, dtype="string")
        return out
    table = assignment_table(assignments)
    named = out["assignment_id"].astype("string")
    keys = named.fillna("").to_numpy(dtype=object)
    owner = pd.Series(table["staff_id"].reindex(keys).to_numpy(), index=out.index,
                      dtype="string")
    deadline = pd.Series(table["deadline"].reindex(keys).to_numpy(dtype="datetime64[ns]"),
                         index=out.index)
    out["deadline"] = out["deadline"].fillna(deadline)
    staff_text = out["staff_id"].astype("string")
    given = pd.MultiIndex.from_arrays([in_period["staff_id"].astype("string"),
                                       in_period["task_code"].astype("string"),
                                       in_period["cycle"].astype("string")])
    unnamed_own = pd.MultiIndex.from_arrays([
        staff_text, out["task_code"].astype("string"), out["cycle"].astype("string")]).isin(given)
    delivers = np.where(
        owner.notna().to_numpy(dtype=bool),
        np.where((owner == staff_text).fillna(False).to_numpy(dtype=bool), "own", "taken_over"),
        np.where(unnamed_own, "own", "ad_hoc"))
    out["assignment_owner"] = owner
    out["delivers"] = pd.Series(delivers, index=out.index, dtype="string")
    return out


def in_cycles(assignments: pd.DataFrame, staff: pd.DataFrame, starts: np.ndarray,
              keys: np.ndarray, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The assignments whose deadline is in [first, last], of known staff, with their cycle and
    their owner's position group."""
    inside = assignments["deadline"].between(first, last).fillna(False).astype(bool)
    known = assignments["staff_id"].isin(set(staff["staff_id"].dropna()))
    out = assignments[inside & known].copy()
    groups = staff.drop_duplicates("staff_id").set_index("staff_id")["position_group"]
    out["position_group"] = out["staff_id"].map(groups)
    out["cycle"] = cycle_of(out["deadline"], starts, keys).astype("string")
    return out


def assigned_hours(assignments: pd.DataFrame, norms: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """P = Σ quantity × h × k per staff member and cycle.

    Args:
        assignments: from `in_cycles`.

    Returns:
        staff_id, cycle, assigned_hours.
    """
    if assignments.empty:
        return pd.DataFrame({"staff_id": pd.Series(dtype="string"),
                             "cycle": pd.Series(dtype="string"),
                             "assigned_hours": pd.Series(dtype="float64")})
    lookup = lookup_norms(assignments.rename(columns={"deadline": "completed_on"}), norms)
    coef = lookup["complexity"].astype("float64").map(
        {float(level): value for level, value in rules.complexity.items()})
    hours = assignments["quantity"].astype("float64") * lookup["norm_hours"] * coef
    frame = pd.DataFrame({"staff_id": assignments["staff_id"].astype("string"),
                          "cycle": assignments["cycle"].astype("string"),
                          "assigned_hours": hours.astype("float64")})
    return frame.groupby(["staff_id", "cycle"], as_index=False)["assigned_hours"].sum()
