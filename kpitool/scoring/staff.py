"""The staff as scoring sees them: position group, leader flag, top-level unit, supervisor chains."""

from __future__ import annotations

import pandas as pd

from kpitool.data import InputData
from kpitool.schemas.enums import STAFF_TYPE


def top_units(units: pd.DataFrame) -> dict[str, str]:
    """Each unit's top-level unit (following parent_code; a unit of unknown parent is its own top)."""
    parent = {
        str(code): (str(p) if pd.notna(p) else None)
        for code, p in zip(units["unit_code"], units["parent_code"], strict=True)
    }
    tops: dict[str, str] = {}
    for code in parent:
        seen = {code}
        current = code
        while parent.get(current) and parent[current] in parent and parent[current] not in seen:
            current = parent[current]  # type: ignore[assignment]
            seen.add(current)
        tops[code] = current
    return tops


def staff_frame(data: InputData, staff_types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The staff with their position group, duty group, leader flag, top-level unit and
    whether they are in the rules' scope (`staff_types`; Decree Art. 2, 28).

    A blank staff type is in the scope only when every type is (None or all four).
    """
    staff = data.staff.drop_duplicates("staff_id").reset_index(drop=True)
    positions = data.positions.drop_duplicates("position_code")
    staff = staff.merge(
        positions[["position_code", "position_group", "is_leader", "duty_group"]],
        on="position_code", how="left"
    )
    staff["is_leader"] = staff["is_leader"].astype("boolean").fillna(False).astype(bool)
    staff["duty_group"] = staff["duty_group"].astype("string").fillna(
        staff["position_group"].astype("string"))
    if staff_types is None or set(staff_types) >= set(STAFF_TYPE.keys()):
        staff["in_scope"] = True
    else:
        staff["in_scope"] = staff["staff_type"].isin(list(staff_types)).fillna(False).astype(bool)
    tops = top_units(data.units)
    staff["top_unit_code"] = staff["unit_code"].map(lambda u: tops.get(u, u)).astype("string")
    return staff


def supervisor_closure(staff: pd.DataFrame) -> pd.DataFrame:
    """Every (ancestor, descendant) pair of the supervisor chains: the leader's subordinates."""
    known = set(staff["staff_id"].dropna())
    edges = staff[["supervisor_id", "staff_id"]].dropna()
    edges = edges[edges["supervisor_id"].isin(known) & (edges["supervisor_id"] != edges["staff_id"])]
    edges = edges.rename(columns={"supervisor_id": "ancestor", "staff_id": "descendant"})
    edges = edges.astype({"ancestor": "string", "descendant": "string"})
    pairs = edges.drop_duplicates()
    frontier = pairs
    for _ in range(len(known)):
        step = frontier.merge(edges, left_on="descendant", right_on="ancestor",
                              suffixes=("", "_next"))
        step = step[["ancestor", "descendant_next"]].rename(columns={"descendant_next": "descendant"})
        step = step[step["ancestor"] != step["descendant"]]
        merged = pd.concat([pairs, step]).drop_duplicates()
        if len(merged) == len(pairs):
            break
        frontier = merged.iloc[len(pairs):]
        pairs = merged
    return pairs.reset_index(drop=True)
