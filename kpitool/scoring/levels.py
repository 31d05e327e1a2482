"""Levels (mức xếp loại): classifying a rounded total, competition ranks, the excellent quota."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from kpitool.rules import Rules
from kpitool.scoring.registry import method_of
from kpitool.scoring.rounding import round_series

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
LEVEL_LABELS = {
    "vi": {
        "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
        "HTTNV": "Hoàn thành tốt nhiệm vụ",
        "HTNV": "Hoàn thành nhiệm vụ",
        "KHTNV": "Không hoàn thành nhiệm vụ",
    },
    "en": {
        "HTXSNV": "Excellent",
        "HTTNV": "Good",
        "HTNV": "Completed",
        "KHTNV": "Not completed",
    },
}
_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


def classify(total: pd.Series, discipline: pd.Series, rules: Rules) -> pd.Series:
    """The level key of each rounded total (NA where no total); discipline forces KHTNV."""
    t = total.astype("float64").to_numpy()
    level = np.select(
        [t >= rules.levels["HTXSNV"], t >= rules.levels["HTTNV"], t >= rules.levels["HTNV"]],
        ["HTXSNV", "HTTNV", "HTNV"], "KHTNV",
    ).astype(object)
    level = np.where(discipline.fillna(False).astype(bool).to_numpy(), "KHTNV", level)
    level[np.isnan(t)] = None
    return pd.Series(level, index=total.index, dtype="string")


def competition_rank(frame: pd.DataFrame, by: list[str] | None, tiebreak: str) -> pd.Series:
    """Competition ranks (1, 2, 2, 4) by level, total, task score and `tiebreak`, all rounded.

    Rows without a level get no rank (NA).
    """
    ranked = frame[frame["level"].notna()]
    result = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if ranked.empty:
        return result
    keys = pd.DataFrame({
        "_level": ranked["level"].map(_LEVEL_ORDER).astype("int64"),
        "_total": -ranked["total"].astype("float64"),
        "_task": -ranked["task_score"].astype("float64").fillna(-np.inf),
        "_tie": -ranked[tiebreak].astype("float64").fillna(-np.inf),
    }, index=ranked.index)
    groups = ["_group"] if by else []
    if by:
        keys["_group"] = ranked[by[0]].astype("string").fillna("")
    keys = keys.sort_values([*groups, "_level", "_total", "_task", "_tie"], kind="stable")
    position = keys.groupby(groups, sort=False).cumcount() + 1 if by else \
        pd.Series(np.arange(1, len(keys) + 1), index=keys.index)
    compare = ["_level", "_total", "_task", "_tie", *groups]
    changed = (keys[compare] != keys[compare].shift(1)).any(axis=1)
    rank = position.where(changed).ffill()
    result.loc[keys.index] = rank.astype("int64")
    return result



def apply_quota(table: pd.DataFrame, rules: Rules, enforce: bool) -> pd.DataFrame:
    """Check count(HTXSNV) ≤ share × count(HTTNV) per top-level unit; with `enforce`, move the
    lowest excellent to HTTNV (in `table`, in place) until it holds.

    Returns:
        One row per top-level unit: top_unit_code, excellent, good, allowed, breach, demoted
        (numbers before enforcement, except `demoted`).
    """
    share = Fraction(str(rules.quota_share))
    rows = []
    tiebreak = method_of(rules).tiebreak
    for unit, members in table.groupby("top_unit_code", sort=True, dropna=False):
        excellent = int((members["level"] == "HTXSNV").sum())
        good = int((members["level"] == "HTTNV").sum())
        allowed = math.floor(share * good)
        demoted: list[str] = []
        if enforce and excellent > allowed:
            candidates = members[members["level"] == "HTXSNV"].assign(
                _total=round_series(members["total"]), _task=round_series(members["task_score"]),
                _tie=round_series(members[tiebreak]))
            candidates = candidates.sort_values(
                ["_total", "_task", "_tie", "_name"], ascending=[True, True, True, False],
                kind="stable")
            e, g = excellent, good
            for index, row in candidates.iterrows():
                if e <= math.floor(share * g):
                    break
                table.loc[index, "level"] = "HTTNV"
                demoted.append(row["staff_id"])
                e, g = e - 1, g + 1
        rows.append({"top_unit_code": unit, "excellent": excellent, "good": good,
                     "allowed": allowed, "breach": excellent > allowed,
                     "demoted": demoted})
    columns = ["top_unit_code", "excellent", "good", "allowed", "breach", "demoted"]
    return pd.DataFrame(rows, columns=columns)

