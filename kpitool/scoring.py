"""KPI scoring (chấm điểm KPI), SPEC §3: pure functions, DataFrames and `Rules` in, DataFrames out.

`score()` is the whole pipeline: counted worklog rows → norms (h, k) → converted hours w →
lateness and delays → per staff and cycle A/B/C (nd335) or KPI % (khanh-hoa), leader criteria,
task score, general score, total, level → period means → quota → ranks → flags. Arithmetic runs
on unrounded values; the frames of `ScoreResult` hold reported numbers rounded half-up to two
decimals (`round2`), and the level is read from the rounded total.
"""

from __future__ import annotations

import calendar as _calendar
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from kpitool import flags as flagging
from kpitool import workcalendar
from kpitool.data import InputData
from kpitool.errors import InvalidDataError, UsageError
from kpitool.frames import first_rows, group_codes, sort_positions
from kpitool.rules import Rules, check_complexity

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

# The numbers a cycle or a period reports (rounded in the result frames).
SCORE_COLUMNS = (
    "basis_hours", "declared_hours", "converted_hours", "quantity_pct", "quality_pct",
    "progress_pct", "kpi_pct", "leader_d", "leader_dd", "leader_e", "task_score",
    "general_score", "total",
)
DETAIL_NUMBERS = (
    "norm_hours", "complexity_coef", "converted_hours", "quality_factor", "quantity_points",
    "quality_points", "progress_points", "timeliness_factor", "credited_hours",
)
_CRITERIA_COLUMNS = {
    "quantity": "quantity_pct", "quality": "quality_pct", "progress": "progress_pct",
    "kpi": "_kpi_capped", "subordinates": "leader_d", "org_ability": "leader_dd",
    "unity": "leader_e",
}


# --- rounding -------------------------------------------------------------------------------


def round2(value: float | None) -> float:
    """Half-up to 2 decimals after rounding to 9 (SPEC §3): 55.625 → 55.63, 89.995 → 90.0."""
    if value is None or pd.isna(value):
        return math.nan
    exact = Decimal(repr(round(float(value), 9)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


EXACT_BELOW = 1e6  # |value| under which the vectorised rounding is exact (see round_array)


def round_array(values: np.ndarray) -> np.ndarray:
    """`round2` of every value, vectorised.

    A value rounded to 9 decimals, times 100, has at most 7 decimals: rounding that product
    to 7 decimals removes the binary noise (1.005 × 100 = 100.49999999999999 → 100.5), and the
    half-up step is then exact. Values too large for 7 exact decimals take `round2`'s path.
    """
    x = np.round(np.asarray(values, dtype="float64"), 9)
    scaled = np.round(np.abs(x) * 100, 7)
    out = np.copysign(np.floor(scaled + 0.5) / 100, x)
    large = np.flatnonzero(np.abs(x) >= EXACT_BELOW)
    for i in large.tolist():
        out[i] = round2(float(x[i]))
    return out


def round_series(values: pd.Series) -> pd.Series:
    """`round2` of every value."""
    return pd.Series(round_array(values.astype("float64").to_numpy(na_value=np.nan)),
                     index=values.index, dtype="float64")


# --- periods --------------------------------------------------------------------------------

PeriodKind = Literal["month", "quarter", "year"]


@dataclass(frozen=True, order=True)
class Period:
    """A scoring period (kỳ): a month (2026-04), a quarter (2026-Q2) or a year (2026)."""

    year: int
    kind: PeriodKind
    number: int = 0  # month 1–12, quarter 1–4, 0 for a year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.key

    @property
    def first_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.year, self.first_month, 1)

    @property
    def end(self) -> pd.Timestamp:
        last_day = _calendar.monthrange(self.year, self.last_month)[1]
        return pd.Timestamp(self.year, self.last_month, last_day)

    @property
    def quarter(self) -> Period | None:
        """The quarter a month lies in."""
        if self.kind != "month":
            return None
        return Period(self.year, "quarter", (self.number - 1) // 3 + 1)

    def months(self) -> list[Period]:
        return [Period(self.year, "month", m) for m in range(self.first_month, self.last_month + 1)]

    def cycles(self, cycle: str) -> list[Period]:
        """The cycles the period is made of; a period shorter than the cycle is its own cycle."""
        if cycle == "month" or self.kind == "month":
            return self.months()
        if self.kind == "quarter":
            return [self]
        return [Period(self.year, "quarter", q) for q in range(1, 5)]


_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*-\s*(?:(\d{1,2})|[qQ]([1-4])))?\s*$")


def parse_period(text: str) -> Period:
    """'2026-04' → April 2026, '2026-Q2' → second quarter, '2026' → the year."""
    match = _PERIOD.match(str(text))
    if not match:
        raise UsageError("period_invalid", value=text)
    year = int(match[1])
    if match[2]:
        month = int(match[2])
        if not 1 <= month <= 12:
            raise UsageError("period_invalid", value=text)
        return Period(year, "month", month)
    if match[3]:
        return Period(year, "quarter", int(match[3]))
    return Period(year, "year")


def infer_period(worklogs: pd.DataFrame) -> Period:
    """The month, else the quarter, all worklog dates (`date`) fall in."""
    dates = worklogs["date"].dropna() if "date" in worklogs else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        raise UsageError("period_no_worklogs")
    first, last = dates.min(), dates.max()
    if (first.year, first.month) == (last.year, last.month):
        return Period(first.year, "month", first.month)
    if first.year == last.year and (first.month - 1) // 3 == (last.month - 1) // 3:
        return Period(first.year, "quarter", (first.month - 1) // 3 + 1)
    raise UsageError("period_not_inferable", first=f"{first:%d/%m/%Y}", last=f"{last:%d/%m/%Y}")


# --- Vietnamese name order --------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_SHAPE = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}
_WITH_MARK = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô",
              ("o", "'"): "ơ", ("u", "'"): "ư"}
# Tones in dictionary order: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A sort key in Vietnamese dictionary order: letters a ă â b c d đ e ê … first, tones second.

    Letters outside the Vietnamese alphabet sort after it by code point; spaces sort first.
    """
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", str(text).casefold()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in _SHAPE and letters:
            base = _ALPHABET[letters[-1]] if 0 <= letters[-1] < len(_ALPHABET) else ""
            marked = _WITH_MARK.get((base if base != "ă" else "a", _SHAPE[char]))
            if marked:
                letters[-1] = _LETTER_RANK[marked]
            continue
        if unicodedata.combining(char):
            continue
        if char.isspace():
            letters.append(-1)
        else:
            letters.append(_LETTER_RANK.get(char, len(_ALPHABET) + ord(char)))
        tones.append(0)
    return tuple(letters), tuple(tones)


def name_order_key(full_name: str) -> tuple:
    """Given name (the last word) first, then the full name, in Vietnamese order."""
    words = str(full_name).split()
    given = words[-1] if words else ""
    return vietnamese_key(given), vietnamese_key(" ".join(words))


def name_order(names: pd.Series) -> pd.Series:
    """The position of each name in Vietnamese name order (0 first; equal names share one)."""
    keys = {name: name_order_key(name) for name in names.fillna("").unique()}
    ordered = sorted(keys, key=keys.__getitem__)
    position: dict[str, int] = {}
    previous = None
    for i, name in enumerate(ordered):
        position[name] = position[previous] if previous is not None and \
            keys[previous] == keys[name] else i
        previous = name
    return names.fillna("").map(position).astype("int64")


# --- the result -----------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """Everything `kpitool score` reports, as frames (numbers rounded with `round2`).

    Attributes:
        staff: one row per staff member for the period (see `STAFF_COLUMNS`).
        cycles: one row per staff member and cycle, with the working-day breakdown.
        detail: one row per counted worklog row with every computed column and its source.
        units: one row per unit: counts per level, means, declared hours per working day.
        flags: one row per flag (`kpitool.flags.FLAG_COLUMNS`).
        quota: one row per top-level unit: excellent, good, allowed, breach, demoted.
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


STAFF_COLUMNS = (
    "staff_id", "full_name", "unit_code", "top_unit_code", "position_code", "position_group",
    "is_leader", "assessed", "cycles_assessed", "working_days", *SCORE_COLUMNS, "discipline",
    "level", "level_label", "rank_in_unit", "rank_overall", "flags",
)


# --- building blocks ------------------------------------------------------------------------


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


def staff_frame(data: InputData) -> pd.DataFrame:
    """The staff with their position group, leader flag and top-level unit."""
    staff = data.staff.drop_duplicates("staff_id").reset_index(drop=True)
    positions = data.positions.drop_duplicates("position_code")
    staff = staff.merge(
        positions[["position_code", "position_group", "is_leader"]], on="position_code", how="left"
    )
    staff["is_leader"] = staff["is_leader"].astype("boolean").fillna(False).astype(bool)
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
    w = out["converted_hours"]
    rework = out["rework_count"].astype("Float64").fillna(0).astype("float64")
    nan = np.full(len(out), np.nan)
    if rules.nd335 is not None:
        p = rules.nd335
        out["quantity_points"] = w
        out["quality_points"] = w * out["quality_factor"] * np.maximum(
            0.0, 1.0 - p.rework_deduction * rework)
        out["progress_points"] = w * np.maximum(0.0, 1.0 - p.delay_deduction * out["delays"])
        out["timeliness_factor"] = nan
        out["credited_hours"] = nan
    if rules.khanh_hoa is not None:
        kh = rules.khanh_hoa
        late = out["lateness"].astype("float64")
        timeliness = np.where(
            late < 0, 1.0 + np.minimum(kh.early_bonus_per_day * -late, kh.early_bonus_max),
            np.where(late > 0, 1.0 - np.minimum(kh.late_deduction_per_day * late,
                                                kh.late_deduction_max), 1.0))
        out["timeliness_factor"] = timeliness
        out["credited_hours"] = w * out["quality_factor"] * timeliness
        out["quantity_points"] = nan
        out["quality_points"] = nan
        out["progress_points"] = nan
    return out


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


def _assessment_rows(general: pd.DataFrame, cycles: list[Period]) -> pd.DataFrame:
    """For each staff member and cycle, the assessment that applies: the cycle's own, else (for a
    month) its quarter's."""
    columns = ["general_score", "discipline", "org_ability", "unity"]
    general = general.drop_duplicates(["staff_id", "period"])
    frames = []
    for cycle in cycles:
        own = general[general["period"] == cycle.key]
        parts = [own.assign(_priority=0)]
        if cycle.quarter is not None:
            parts.append(general[general["period"] == cycle.quarter.key].assign(_priority=1))
        chosen = pd.concat(parts).sort_values("_priority", kind="stable")
        chosen = chosen.drop_duplicates("staff_id")
        frames.append(chosen[["staff_id", "period", *columns]].assign(cycle=cycle.key))
    if not frames:
        return pd.DataFrame(columns=["staff_id", "cycle", "assessment_period", *columns])
    out = pd.concat(frames, ignore_index=True).rename(columns={"period": "assessment_period"})
    return out


def _task_score(table: pd.DataFrame, rules: Rules) -> pd.Series:
    """Task score = max × Σ(weight × criterion %) / (100 × Σ weight), by leader or not."""
    score = pd.Series(np.nan, index=table.index, dtype="float64")
    for is_leader, weights in ((False, rules.weights), (True, rules.leader_weights)):
        rows = table["is_leader"] == is_leader
        if not rows.any():
            continue
        part = table.loc[rows]
        total_weight = sum(weights.values())
        points = sum(weight * part[_CRITERIA_COLUMNS[name]].astype("float64")
                     for name, weight in weights.items() if weight)
        score.loc[rows] = rules.task_max * points / (100.0 * total_weight)
    return score


def _finish(table: pd.DataFrame, rows: pd.Series, rules: Rules) -> None:
    """Task score, total and level of the rows (in place)."""
    part = table.loc[rows]
    task = _task_score(part, rules)
    table.loc[rows, "task_score"] = task
    table.loc[rows, "total"] = part["general_score"] + task
    rounded = round_series(table.loc[rows, "total"])
    table.loc[rows, "level"] = classify(rounded, part["discipline"], rules)


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


def _cycle_table(staff: pd.DataFrame, data: InputData, detail: pd.DataFrame,
                 dated: pd.DataFrame, cycles: list[Period], rules: Rules,
                 cal: workcalendar.WorkCalendar, pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per staff member and cycle, unrounded."""
    base_columns = ["staff_id", "full_name", "unit_code", "top_unit_code", "position_code",
                    "position_group", "is_leader"]
    frames = []
    for cycle in cycles:
        days = workcalendar.working_days(staff, data.leave, cal, cycle.start, cycle.end)
        frame = staff[base_columns].reset_index(drop=True).copy()
        frame.insert(1, "cycle", cycle.key)
        frame["cycle_start"] = cycle.start
        frame["cycle_end"] = cycle.end
        frames.append(pd.concat([frame, days.drop(columns="staff_id")], axis=1))
    table = pd.concat(frames, ignore_index=True)
    table["basis_hours"] = rules.hours_per_day * table["working_days"]
    table["assessed"] = table["working_days"] > 0

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
    nan = pd.Series(np.nan, index=table.index)
    if rules.nd335 is not None:
        cap = np.inf if rules.nd335.percent_cap is None else rules.nd335.percent_cap
        table["quantity_pct"] = np.minimum(cap, 100.0 * table["_a"] / basis)
        table["quality_pct"] = np.minimum(cap, 100.0 * table["_b"] / basis)
        table["progress_pct"] = np.minimum(cap, 100.0 * table["_c"] / basis)
        table["kpi_pct"] = nan
        table["_kpi_capped"] = nan
    else:
        assert rules.khanh_hoa is not None
        table["quantity_pct"] = table["quality_pct"] = table["progress_pct"] = nan
        table["kpi_pct"] = 100.0 * table["_credited"] / basis
        table["_kpi_capped"] = np.minimum(rules.khanh_hoa.kpi_cap, table["kpi_pct"])

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
                table[["staff_id", "cycle", "level"]], left_on="descendant", right_on="staff_id")
            failing = subs[subs["level"] == "KHTNV"][["ancestor", "cycle"]].drop_duplicates()
            failing["_failing"] = True
            flagged = table.loc[rows, ["staff_id", "cycle"]].merge(
                failing, left_on=["staff_id", "cycle"], right_on=["ancestor", "cycle"],
                how="left")["_failing"].fillna(False).astype(bool).to_numpy()
            table.loc[rows, "leader_d"] = np.where(
                flagged, rules.subordinates_not_ok, rules.subordinates_ok)
            _finish(table, rows, rules)
    return table


def _period_table(cycle_table: pd.DataFrame, rules: Rules, single: bool) -> pd.DataFrame:
    """One row per staff member for the period: the cycle itself, or means of assessed cycles."""
    keep = ["staff_id", "full_name", "unit_code", "top_unit_code", "position_code",
            "position_group", "is_leader"]
    if single:
        table = cycle_table.copy()
        table["cycles_assessed"] = table["assessed"].astype("int64")
        return table
    assessed = cycle_table[cycle_table["assessed"]]
    grouped = cycle_table.groupby("staff_id", sort=False)
    table = grouped[keep[1:]].first().reset_index()
    sums = grouped[["working_days", "basis_hours", "declared_hours", "converted_hours"]].sum()
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


def apply_quota(table: pd.DataFrame, rules: Rules, enforce: bool) -> pd.DataFrame:
    """Check count(HTXSNV) ≤ share × count(HTTNV) per top-level unit; with `enforce`, move the
    lowest excellent to HTTNV (in `table`, in place) until it holds.

    Returns:
        One row per top-level unit: top_unit_code, excellent, good, allowed, breach, demoted
        (numbers before enforcement, except `demoted`).
    """
    share = Fraction(str(rules.quota_share))
    rows = []
    tiebreak = "quality_pct" if rules.method == "nd335" else "kpi_pct"
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


def _rank(table: pd.DataFrame, rules: Rules, by_cycle: bool) -> None:
    tiebreak = "quality_pct" if rules.method == "nd335" else "kpi_pct"
    rounded = table.assign(total=round_series(table["total"]),
                           task_score=round_series(table["task_score"]),
                           _tie=round_series(table[tiebreak]))
    if by_cycle:
        rounded["_unit"] = rounded["cycle"].astype("string") + "\x00" + rounded["unit_code"]
        rounded["_all"] = rounded["cycle"].astype("string")
        table["rank_in_unit"] = competition_rank(rounded, ["_unit"], "_tie")
        table["rank_overall"] = competition_rank(rounded, ["_all"], "_tie")
    else:
        table["rank_in_unit"] = competition_rank(rounded, ["unit_code"], "_tie")
        table["rank_overall"] = competition_rank(rounded, None, "_tie")


def _report(table: pd.DataFrame) -> pd.DataFrame:
    """Round the reported numbers and add the level labels."""
    out = table.copy()
    for column in SCORE_COLUMNS:
        if column in out:
            out[column] = round_series(out[column])
    out["level"] = out["level"].astype("string")
    out["level_label"] = out["level"].map(LEVEL_LABELS["vi"]).astype("string")
    return out


def _units_table(staff: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per unit: staff counts per level, mean total and task score, declared hours per day."""
    grouped = staff.groupby("unit_code", sort=True, dropna=False)
    table = grouped.agg(
        top_unit_code=("top_unit_code", "first"),
        staff_count=("staff_id", "size"),
        assessed_count=("assessed", "sum"),
        mean_total=("total", "mean"),
        mean_task_score=("task_score", "mean"),
        declared_hours=("declared_hours", "sum"),
        working_days=("working_days", "sum"),
    ).reset_index()
    counts = pd.crosstab(staff["unit_code"], staff["level"]).reindex(columns=list(LEVELS),
                                                                       fill_value=0)
    table = table.merge(counts.reset_index(), on="unit_code", how="left")
    for level in LEVELS:
        table[level] = table[level].fillna(0).astype("int64")
    table["no_level"] = table["assessed_count"] - table[list(LEVELS)].sum(axis=1)
    days = table["working_days"].astype("float64")
    table["hours_per_working_day"] = (table["declared_hours"] / days.where(days > 0))
    names = units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    table.insert(1, "unit_name", table["unit_code"].map(names).astype("string"))
    for column in ("mean_total", "mean_task_score", "declared_hours", "hours_per_working_day"):
        table[column] = round_series(table[column])
    return table


# --- the pipeline ---------------------------------------------------------------------------


def score(data: InputData, rules: Rules, period: Period,
          enforce_quota: bool = False) -> ScoreResult:
    """Score every staff member for the period (SPEC §3) and collect the flags (SPEC §4).

    Raises:
        InvalidDataError: a norm's complexity level has no coefficient in the rules.
    """
    issues = check_complexity(rules, data.norms)
    if issues:
        raise InvalidDataError(issues)
    staff = staff_frame(data)
    cycles = period.cycles(rules.cycle)
    cal = _calendar_for(data, period)
    pairs = supervisor_closure(staff)

    worklogs = _coded(data.worklogs)
    logs = _with_staff(worklogs, staff)
    starts = np.array([c.start for c in cycles], dtype="datetime64[ns]")
    cycle_keys = np.array([c.key for c in cycles], dtype=object)

    in_period = logs["completed_on"].between(period.start, period.end).fillna(False)
    approved = (logs["status"] == "approved").fillna(False).astype(bool)
    counted = logs[approved & in_period.astype(bool)]  # a new frame (copy on write)
    counted["cycle"] = _cycle_of(counted["completed_on"], starts, cycle_keys)
    norms = lookup_norms(counted, data.norms)
    counted["norm_hours"] = norms["norm_hours"]
    counted["complexity"] = norms["complexity"]
    detail = score_rows(counted, rules, cal)

    dated = logs[logs["date"].between(period.start, period.end).fillna(False).astype(bool)]
    dated["cycle"] = _cycle_of(dated["date"], starts, cycle_keys)

    cycle_table = _cycle_table(staff, data, detail, dated, cycles, rules, cal, pairs)
    period_table = _period_table(cycle_table, rules, single=len(cycles) == 1)
    period_table["_name"] = name_order(period_table["full_name"])
    quota = apply_quota(period_table, rules, enforce_quota)
    _rank(period_table, rules, by_cycle=False)
    _rank(cycle_table, rules, by_cycle=True)

    staff_out = _report(period_table)
    staff_out = staff_out.sort_values(["rank_overall", "_name", "staff_id"],
                                      na_position="last", kind="stable")
    cycles_out = _report(cycle_table)
    cycles_out["_name"] = name_order(cycles_out["full_name"])
    cycles_out = cycles_out.sort_values(["cycle", "rank_overall", "_name", "staff_id"],
                                        na_position="last", kind="stable")
    units = _units_table(staff_out, data.units)

    flag_frame = flagging.collect(flagging.FlagInputs(
        period=period.key, rules=rules, calendar=cal, staff=staff, pairs=pairs,
        dated=dated, detail=detail, cycles=cycle_table, period_table=period_table,
        units=units, quota=quota, sources=flagging.Sources(worklogs),
        enforce_quota=enforce_quota,
    ))
    codes: dict[str, list[str]] = {}
    for staff_id, code in zip(flag_frame["staff_id"], flag_frame["code"], strict=True):
        if pd.notna(staff_id) and code not in codes.setdefault(staff_id, []):
            codes[staff_id].append(code)
    staff_out["flags"] = pd.Series([codes.get(s, []) for s in staff_out["staff_id"]],
                                   index=staff_out.index, dtype=object)
    staff_out = staff_out[list(STAFF_COLUMNS)].reset_index(drop=True)
    cycle_columns = [c for c in cycles_out.columns if not c.startswith("_")
                     and c not in ("assessment_period", "org_ability", "unity")]
    cycles_out = cycles_out[[*cycle_columns, "assessment_period"]].reset_index(drop=True)
    return ScoreResult(
        period=period, rules=rules, staff=staff_out, cycles=cycles_out,
        detail=_detail_report(detail), units=units, flags=flag_frame, quota=quota,
        calendar=cal, enforce_quota=enforce_quota,
    )


DETAIL_COLUMNS = (
    "staff_id", "unit_code", "top_unit_code", "position_group", "cycle", "date", "task_code",
    "quantity", "hours", "deadline", "completed_on", "status", "quality", "rework_count",
    "delay_count", "output_ref", "approver_id", "norm_hours", "complexity", "complexity_coef",
    "converted_hours", "lateness", "delays", "quality_factor", "quantity_points",
    "quality_points", "progress_points", "timeliness_factor", "credited_hours",
    "_file", "_sheet", "_row",
)


def _detail_report(detail: pd.DataFrame) -> pd.DataFrame:
    """The counted rows with their computed columns, by unit, person, completion date and file
    order (each unit's rows one block, as the unit files take them)."""
    order = sort_positions(detail, ["unit_code", "staff_id", "completed_on", "_rowid"])
    out = detail[[c for c in DETAIL_COLUMNS if c in detail.columns]].iloc[order]
    out = out.reset_index(drop=True)
    for column in DETAIL_NUMBERS:
        out[column] = round_series(out[column])
    return out


CODE_COLUMNS = ("staff_id", "task_code", "status", "quality", "approver_id", "_file", "_sheet")
FREE_TEXT = ("description", "note")


def _coded(worklogs: pd.DataFrame) -> pd.DataFrame:
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


def _with_staff(worklogs: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
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


def _cycle_of(dates: pd.Series, starts: np.ndarray, keys: np.ndarray) -> pd.Series:
    position = np.searchsorted(starts, dates.to_numpy(dtype="datetime64[ns]"), side="right") - 1
    cycles = pd.Categorical.from_codes(np.clip(position, 0, len(keys) - 1),
                                       categories=pd.Index(keys, dtype="string"))
    return pd.Series(cycles, index=dates.index)


def _calendar_for(data: InputData, period: Period) -> workcalendar.WorkCalendar:
    """The working calendar of every year a date of the run falls in."""
    years = {period.start.year, period.end.year}
    for column in ("date", "deadline", "completed_on"):
        values = data.worklogs[column].dropna()
        if len(values):
            years.update((values.min().year, values.max().year))
    return workcalendar.build_calendar(data.calendar, min(years), max(years))


# --- explain --------------------------------------------------------------------------------


def explain(result: ScoreResult, staff_id: str) -> dict[str, Any]:
    """Everything behind one person's score, as plain data (for `kpitool explain`).

    Raises:
        UsageError: the staff member is not in the result.
    """
    match = result.staff[result.staff["staff_id"] == staff_id]
    if match.empty:
        raise UsageError("explain_unknown_staff", value=staff_id)
    person = _plain(match.iloc[0].to_dict())
    cycles = []
    for row in result.cycles[result.cycles["staff_id"] == staff_id].to_dict("records"):
        plain = _plain(row)
        if plain.get("window_start"):
            plain["holiday_dates"] = workcalendar.holiday_dates_between(
                result.calendar, pd.Timestamp(plain["window_start"]),
                pd.Timestamp(plain["window_end"]))
        else:
            plain["holiday_dates"] = []
        cycles.append(plain)
    rows = result.detail[result.detail["staff_id"] == staff_id]
    sums_of = ["hours", "converted_hours", "quantity_points", "quality_points",
               "progress_points", "credited_hours"]
    sums = {column: round2(rows[column].sum()) if rows[column].notna().any() else None
            for column in sums_of}
    flags = result.flags[result.flags["staff_id"] == staff_id]
    return {
        "period": result.period.key,
        "rules": {"name": result.rules.name, "sha256": result.rules.sha256,
                  "method": result.rules.method, "cycle": result.rules.cycle},
        "staff": person,
        "cycles": cycles,
        "rows": [_plain(row) for row in rows.to_dict("records")],
        "sums": sums,
        "flags": [_plain(row) for row in flags.to_dict("records")],
    }


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: dates as ISO text, NA as None, numpy scalars as Python ones."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, flagging.SourceRows):
            out[key] = list(value)
        elif isinstance(value, list | dict | tuple):
            out[key] = value
        elif value is None or (not isinstance(value, str) and pd.isna(value)):
            out[key] = None
        elif isinstance(value, pd.Timestamp):
            out[key] = value.date().isoformat()
        elif isinstance(value, np.generic):
            out[key] = value.item()
        else:
            out[key] = value
    return out
