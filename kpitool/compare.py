"""Two rule sets side by side on the same inputs (so sánh bộ quy tắc) behind `kpitool compare`.

Pure functions: two `ScoreResult`s of the same data and period in, frames out; no files, no
printing. Both results come from the one scoring call of `kpitool score`; nothing here
recomputes a score, it only lines the two up and explains the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kpitool.scoring import LEVELS, name_order, round_series

TOP_MOVERS = 10

# The rules' criterion names (task_score.weights) and the result columns holding them.
CRITERION_COLUMNS = {
    "quantity": "quantity_pct", "quality": "quality_pct", "progress": "progress_pct",
    "kpi": "kpi_pct", "subordinates": "leader_d", "org_ability": "leader_dd",
    "unity": "leader_e",
}
TERMS = ("general_score", *CRITERION_COLUMNS.values())

PEOPLE_COLUMNS = ("staff_id", "full_name", "unit_code", "total_a", "total_b", "delta",
                  "level_a", "level_b", "direction", "reason", "reason_delta")
UNIT_COLUMNS = ("unit_code", "unit_name", "assessed_count", "mean_total_a", "mean_total_b",
                "mean_delta", *(f"{lv}_a" for lv in LEVELS), *(f"{lv}_b" for lv in LEVELS))
QUOTA_COLUMNS = ("top_unit_code", "excellent_a", "good_a", "allowed_a", "breach_a",
                 "excellent_b", "good_b", "allowed_b", "breach_b", "change")


@dataclass
class Comparison:
    """What changes from rules A to rules B.

    Attributes:
        people: one row per staff member scored under both (`PEOPLE_COLUMNS`); `direction`
            +1 a better level under B, −1 a worse one, 0 the same, NA when either has none;
            `reason` the term of the formula whose contribution to the total moved most in
            the direction the total went, and `reason_delta` by how many points.
        movers: the `TOP_MOVERS` largest absolute changes of total, largest first.
        units: per unit, the mean total and the level mix under A and B.
        quota: per top-level unit, the excellent quota under A and B; `change` is `gained`
            (a breach under B only), `lost` (under A only) or empty.
    """

    rules_a: Any
    rules_b: Any
    people: pd.DataFrame
    movers: pd.DataFrame
    units: pd.DataFrame
    quota: pd.DataFrame

    def summary(self) -> dict[str, int]:
        """How many people move up, down, keep their level, or have a level on one side only."""
        direction = self.people["direction"]
        return {"up": int((direction == 1).sum()), "down": int((direction == -1).sum()),
                "same": int((direction == 0).sum()), "unknown": int(direction.isna().sum()),
                "changed_total": int((self.people["delta"].fillna(0) != 0).sum())}


def contributions(staff: pd.DataFrame, rules: Any) -> pd.DataFrame:
    """Points each term adds to the total before the task score's cap, one column per term.

    The general score counts as itself; a criterion counts task_max × weight × % / (100 × Σ
    weights), with the leader weights for leaders (SPEC §3), and the KPI % of `khanh-hoa` at
    most its cap, as the task score takes it.
    """
    out = pd.DataFrame(0.0, index=staff.index, columns=list(TERMS))
    out["general_score"] = staff["general_score"].astype("float64")
    leader = staff["is_leader"].fillna(False).astype(bool)
    for is_leader, weights in ((False, rules.weights), (True, rules.leader_weights)):
        rows = leader == is_leader
        total_weight = sum(weights.values())
        for name, weight in weights.items():
            column = CRITERION_COLUMNS[name]
            values = staff.loc[rows, column].astype("float64")
            if name == "kpi" and rules.method_params.get("kpi_cap") is not None:
                values = values.clip(upper=rules.method_params["kpi_cap"])
            out.loc[rows, column] = rules.task_max * weight * values / (100.0 * total_weight)
    return out.fillna(0.0)


def _direction(level_a: pd.Series, level_b: pd.Series) -> pd.Series:
    rank = {level: -i for i, level in enumerate(LEVELS)}
    a = level_a.map(rank).astype("float64")
    b = level_b.map(rank).astype("float64")
    return pd.Series(np.sign(b - a), index=level_a.index).astype("Int64")


def _strongest(moved: pd.DataFrame, delta: pd.Series) -> pd.Series:
    """Per person, the term that moved most in the direction the total went (any direction
    when none did: the task score's cap absorbed it)."""
    along = moved.where(np.sign(moved).eq(np.sign(delta), axis=0))
    fallback = moved.abs().idxmax(axis=1)
    best = along.abs().fillna(-1.0).idxmax(axis=1)
    return best.where(along.notna().any(axis=1), fallback)


def compare_people(staff_a: pd.DataFrame, staff_b: pd.DataFrame, rules_a: Any,
                   rules_b: Any) -> pd.DataFrame:
    """One row per person scored under both rule sets, in unit then Vietnamese name order."""
    a = staff_a.set_index("staff_id")
    b = staff_b.set_index("staff_id").reindex(a.index)
    moved = (contributions(b.reset_index(), rules_b).set_index(b.index)
             - contributions(a.reset_index(), rules_a).set_index(a.index))
    strongest = _strongest(moved, (b["total"] - a["total"]).astype("float64"))
    table = pd.DataFrame({
        "staff_id": a.index.astype("string"),
        "full_name": a["full_name"].astype("string").to_numpy(),
        "unit_code": a["unit_code"].astype("string").to_numpy(),
        "total_a": a["total"].astype("float64").to_numpy(),
        "total_b": b["total"].astype("float64").to_numpy(),
        "level_a": a["level"].astype("string").to_numpy(),
        "level_b": b["level"].astype("string").to_numpy(),
    })
    table["delta"] = round_series(table["total_b"] - table["total_a"])
    table["direction"] = _direction(table["level_a"], table["level_b"])
    picked = moved.to_numpy()[np.arange(len(moved)), moved.columns.get_indexer(strongest)]
    has_change = (np.abs(picked) > 0.005) & table["delta"].notna().to_numpy()
    table["reason"] = pd.Series(np.where(has_change, strongest.to_numpy(), None),
                                dtype="string")
    table["reason_delta"] = round_series(pd.Series(np.where(has_change, picked, np.nan)))
    table["_name"] = name_order(table["full_name"])
    table = table.sort_values(["unit_code", "_name", "staff_id"], kind="stable")
    return table[list(PEOPLE_COLUMNS)].reset_index(drop=True)


def top_movers(people: pd.DataFrame, limit: int = TOP_MOVERS) -> pd.DataFrame:
    """The `limit` largest absolute changes of total (level changes first on a tie)."""
    moved = people[people["delta"].fillna(0) != 0]
    order = moved.assign(_size=moved["delta"].abs(),
                         _level=moved["direction"].fillna(0).abs().astype("int64"))
    order = order.sort_values(["_size", "_level", "staff_id"], ascending=[False, False, True],
                              kind="stable")
    return order.head(limit)[list(PEOPLE_COLUMNS)].reset_index(drop=True)


def compare_units(units_a: pd.DataFrame, units_b: pd.DataFrame) -> pd.DataFrame:
    """Per unit: the mean total under A and B, its change, and the level mix under each."""
    keep = ["unit_code", "mean_total", *LEVELS]
    table = units_a[["unit_code", "unit_name", "assessed_count", *keep[1:]]].merge(
        units_b[keep], on="unit_code", how="outer", suffixes=("_a", "_b"))
    table["mean_delta"] = round_series(table["mean_total_b"] - table["mean_total_a"])
    for level in LEVELS:
        for side in ("a", "b"):
            table[f"{level}_{side}"] = table[f"{level}_{side}"].fillna(0).astype("int64")
    table["assessed_count"] = table["assessed_count"].fillna(0).astype("int64")
    return table[list(UNIT_COLUMNS)].sort_values("unit_code", kind="stable").reset_index(drop=True)


def compare_quota(quota_a: pd.DataFrame, quota_b: pd.DataFrame) -> pd.DataFrame:
    """Per top-level unit: the quota counts under A and B and whether a breach is gained or lost."""
    keep = ["top_unit_code", "excellent", "good", "allowed", "breach"]
    table = quota_a[keep].merge(quota_b[keep], on="top_unit_code", how="outer",
                                suffixes=("_a", "_b"))
    for column in ("breach_a", "breach_b"):
        table[column] = table[column].fillna(False).astype(bool)
    table["change"] = np.select([table["breach_b"] & ~table["breach_a"],
                                 table["breach_a"] & ~table["breach_b"]], ["gained", "lost"], "")
    return table[list(QUOTA_COLUMNS)].sort_values("top_unit_code", kind="stable").reset_index(
        drop=True)


def compare(result_a: Any, result_b: Any) -> Comparison:
    """Line up two results of the same data and period scored under two rule sets."""
    people = compare_people(result_a.staff, result_b.staff, result_a.rules, result_b.rules)
    return Comparison(
        rules_a=result_a.rules, rules_b=result_b.rules, people=people,
        movers=top_movers(people),
        units=compare_units(result_a.units, result_b.units),
        quota=compare_quota(result_a.quota, result_b.quota),
    )
