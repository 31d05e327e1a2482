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



def apply_quota(table: pd.DataFrame, rules: Rules, enforce: bool, period_kind: str = "year",
                units: pd.DataFrame | None = None) -> pd.DataFrame:
    """The excellent quota (Art. 20.5): count(HTXSNV) ≤ share × count(HTTNV) per top-level unit
    and, inside it, per duty group, the share being the unit's `excellent_share` (else the
    rules' default). Checked for the periods of `quota.periods` only; with `enforce`, the
    lowest excellent are moved to HTTNV (in `table`, in place) until every count holds: each
    duty group first, then the unit as a whole.

    Returns:
        One row per top-level unit, then one per duty group inside it: top_unit_code,
        duty_group (NA for the unit's own row), share (%), excellent, good, allowed, checked,
        breach (a checked count that does not hold), demoted (numbers before enforcement,
        except `demoted`).
    """
    checked = period_kind in rules.quota_periods
    shares = _unit_shares(units, rules)
    tiebreak = method_of(rules).tiebreak
    # the columns counted, not a copy of every column of the country's people
    counted = table.loc[table["level"].notna(),
                        [c for c in ("top_unit_code", "duty_group", "level") if c in table]]
    groups = counted["duty_group"] if "duty_group" in counted else \
        pd.Series(pd.NA, index=counted.index, dtype="string")
    rows = []
    for unit, members in counted.groupby("top_unit_code", sort=True, dropna=False):
        share = shares.get(unit, Fraction(str(rules.quota_share)))
        parts = [(group, part) for group, part in members.groupby(
            groups.loc[members.index].fillna(""), sort=True)]
        unit_rows = []
        for group, part in [(None, members), *parts]:
            excellent = int((part["level"] == "HTXSNV").sum())
            good = int((part["level"] == "HTTNV").sum())
            unit_rows.append({"top_unit_code": unit, "duty_group": group or pd.NA,
                              "share": float(100 * share), "excellent": excellent,
                              "good": good, "allowed": math.floor(share * good),
                              "checked": checked, "breach": checked and
                              excellent > math.floor(share * good), "demoted": []})
        if enforce and checked:
            for row, (_, part) in zip(unit_rows[1:], parts, strict=True):
                row["demoted"] = _demote(table, part.index, share, tiebreak)
            unit_rows[0]["demoted"] = _demote(table, members.index, share, tiebreak)
        rows += unit_rows
    columns = ["top_unit_code", "duty_group", "share", "excellent", "good", "allowed",
               "checked", "breach", "demoted"]
    out = pd.DataFrame(rows, columns=columns)
    out["duty_group"] = out["duty_group"].astype("string")
    return out


def _unit_shares(units: pd.DataFrame | None, rules: Rules) -> dict[str, Fraction]:
    """Each unit's own excellent share (a fraction), where the catalog gives one."""
    if units is None or "excellent_share" not in units:
        return {}
    given = units.dropna(subset=["excellent_share"]).drop_duplicates("unit_code")
    return {str(code): Fraction(str(share)) / 100
            for code, share in zip(given["unit_code"], given["excellent_share"], strict=True)}


def _demote(table: pd.DataFrame, index: pd.Index, share: Fraction, tiebreak: str) -> list[str]:
    """Move the lowest excellent of `index` to HTTNV until excellent ≤ share × good."""
    members = table.loc[index]
    excellent = int((members["level"] == "HTXSNV").sum())
    good = int((members["level"] == "HTTNV").sum())
    if excellent <= math.floor(share * good):
        return []
    candidates = members[members["level"] == "HTXSNV"].assign(
        _total=round_series(members["total"]), _task=round_series(members["task_score"]),
        _tie=round_series(members[tiebreak]))
    candidates = candidates.sort_values(
        ["_total", "_task", "_tie", "_name"], ascending=[True, True, True, False], kind="stable")
    demoted: list[str] = []
    for index_value, row in candidates.iterrows():
        if excellent <= math.floor(share * good):
            break
        table.loc[index_value, "level"] = "HTTNV"
        demoted.append(row["staff_id"])
        excellent, good = excellent - 1, good + 1
    return demoted


def year_rules(table: pd.DataFrame, staff: pd.DataFrame, units: pd.DataFrame, rules: Rules,
               first: pd.Timestamp, last: pd.Timestamp, is_year: bool) -> None:
    """`not_classified` and `level_capped_by_unit` of each person (in place), and the level
    lowered or removed where they say so.

    not_classified: `not_assessed` (no working day), `out_of_scope` (staff type outside the
    rules' `staff_types`), `short_employment` (a year: employed in fewer than
    `min_months_in_year` months of it, Art. 11.1), `missing_general` (no total); else NA.
    level_capped_by_unit (a year): a unit's head classified above the unit's `org_level` is
    lowered to it (Art. 20.6).
    """
    people = staff.drop_duplicates("staff_id").set_index("staff_id")
    ids = table["staff_id"]
    in_scope = ids.map(people["in_scope"]).fillna(False).astype(bool)
    reason = pd.Series(pd.NA, index=table.index, dtype="string")
    reason = reason.mask(table["total"].isna(), "missing_general")
    if is_year:
        start = ids.map(people["start_date"]).fillna(first).clip(lower=first)
        end = ids.map(people["end_date"]).fillna(last).clip(upper=last)
        months = pd.DateOffset(months=rules.min_months_in_year)
        enough = pd.Series([s + months <= e + pd.Timedelta(days=1)
                            for s, e in zip(start, end, strict=True)], index=table.index,
                           dtype=bool)
        reason = reason.mask(~enough, "short_employment")
    reason = reason.mask(~in_scope, "out_of_scope")
    reason = reason.mask(~table["assessed"].astype(bool), "not_assessed")
    table["not_classified"] = reason
    table["level"] = table["level"].astype("string").where(
        reason.isna() | (reason == "missing_general"))
    table["level_capped_by_unit"] = False
    if not is_year:
        return
    org = units.dropna(subset=["org_level"]).drop_duplicates("unit_code").set_index(
        "unit_code")["org_level"]
    unit_of = people["unit_code"]
    supervisor_unit = people["supervisor_id"].map(unit_of)
    heads = people.index[people["is_leader"] & (supervisor_unit.isna()
                                                | (supervisor_unit != unit_of)).to_numpy()]
    cap = ids.map(people["unit_code"]).map(org).where(ids.isin(heads))
    level = table["level"]
    above = level.notna() & cap.notna() & (
        level.map(_LEVEL_ORDER).astype("float64") < cap.map(_LEVEL_ORDER).astype("float64"))
    above = above.fillna(False).astype(bool)
    table.loc[above, "level"] = cap[above]
    table["level_capped_by_unit"] = above
