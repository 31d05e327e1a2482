"""The flags of SPEC §4: the one registry of their kinds (`KINDS`), and the checks that raise
them. Each check is registered with the columns it reads of each frame of `FlagInputs`;
`collect` gives it those columns only, and stops at once, naming the check and the column, when
a frame lacks one.

A new kind of flag: its line in `KINDS` and its check here, its text and short name in
`kpitool.messages`. The order of `KINDS` is the order flags are listed in per person.

Flag params are data: numbers stay numbers (rounded to the 2 decimals they are shown with) and
are formatted for the reader's language when the message is rendered.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from kpitool import workcalendar
from kpitool.flags.kinds import SEVERITY_ORDER, FlagKind, check_registry
from kpitool.flags.sources import NO_ROWS, Groups, SourceRows, Sources, groups
from kpitool.frames import dense_codes, key_codes, value_codes
from kpitool.frames import repeated as rows_repeated
from kpitool.rules import Rules

FLAG_COLUMNS = ("code", "severity", "staff_id", "unit_code", "cycle", "params", "rows")

# the one registry of flag kinds: code, severity, the rules keys of its thresholds
KINDS: tuple[FlagKind, ...] = (
    FlagKind("flag_unit_no_worklogs", "high"),
    FlagKind("flag_no_worklogs", "high"),
    FlagKind("flag_hours_over_day", "warning", ("flags.max_hours_per_day",)),
    FlagKind("flag_full_days", "warning", ("flags.full_day_hours", "flags.full_day_share")),
    FlagKind("flag_hours_ratio", "warning", ("flags.hours_ratio_min", "flags.hours_ratio_max")),
    FlagKind("flag_weekend_work", "warning"),
    FlagKind("flag_holiday_work", "warning"),
    FlagKind("flag_missing_output_ref", "warning"),
    FlagKind("flag_duplicate_rows", "warning"),
    FlagKind("flag_pending_at_close", "warning"),
    FlagKind("flag_approver_self", "warning"),
    FlagKind("flag_approver_not_in_chain", "warning"),
    FlagKind("flag_approver_missing", "warning"),
    FlagKind("flag_unit_hours_outlier", "warning", ("flags.unit_hours_z",)),
    FlagKind("flag_quota_breach", "warning", ("quota.excellent_share_of_good",)),
    FlagKind("flag_quota_breach_group", "warning", ("quota.excellent_share_of_good",)),
    FlagKind("flag_quota_demoted", "notice", ("quota.excellent_share_of_good",)),
    FlagKind("flag_missing_general_score", "warning"),
    FlagKind("flag_missing_leader_assessment", "warning", ("task_score.leader_weights",)),
    FlagKind("flag_not_assessed", "notice"),
    FlagKind("flag_discipline", "notice"),
    FlagKind("flag_norm_missing", "warning"),
    FlagKind("flag_quality_missing", "notice"),
    FlagKind("flag_quality_not_in_rules", "warning", ("quality_factors",)),
    FlagKind("flag_no_assignments", "warning"),
)
check_registry(KINDS)
KIND = {kind.code: kind for kind in KINDS}
FLAG_CODES = tuple(KIND)


@dataclass
class FlagInputs:
    """What the flags look at: the rows of the period and the unrounded scoring tables.

    Attributes:
        dated: worklog rows whose `date` is in the period (any status), with unit and cycle.
        detail: counted rows (approved, completed in the period) with their computed columns.
        cycles: one row per staff member and cycle (unrounded).
        period_table: one row per staff member for the period (unrounded).
        pairs: (ancestor, descendant) supervisor chains.
        sources: the file, sheet and row of every worklog row, by `_rowid`.
    """

    period: str
    rules: Rules
    calendar: workcalendar.WorkCalendar
    staff: pd.DataFrame
    pairs: pd.DataFrame
    dated: pd.DataFrame
    detail: pd.DataFrame
    cycles: pd.DataFrame
    period_table: pd.DataFrame
    units: pd.DataFrame
    quota: pd.DataFrame
    sources: Sources
    enforce_quota: bool = False


FRAMES = tuple(f.name for f in dataclasses.fields(FlagInputs)
               if f.type in ("pd.DataFrame", pd.DataFrame))

Flag = dict[str, Any]
Found: TypeAlias = list[Flag] | pd.DataFrame  # a check's flags: dicts, or a frame of `FLAG_COLUMNS`


class CheckColumnError(AssertionError):
    """A check reads a column its frame lacks: a programming error in kpitool, not in the data."""

    def __init__(self, check: str, frame: str, column: str) -> None:
        super().__init__(f"flag check '{check}' needs column '{column}' of '{frame}', "
                         f"which the frame lacks")
        self.check, self.frame, self.column = check, frame, column


@dataclass(frozen=True)
class Check:
    """One check: its function and the columns it reads, by frame of `FlagInputs`."""

    name: str
    run: Callable[[FlagInputs], Found]
    columns: Mapping[str, tuple[str, ...]]
    whole: bool = False  # needs every top unit at once (else it sees one top unit's rows)

    def inputs(self, inputs: FlagInputs) -> FlagInputs:
        """`inputs` with each frame cut to the columns this check declared (none for a frame it
        did not declare), so that an undeclared column fails in tests, not in a user's run."""
        narrow: dict[str, pd.DataFrame] = {}
        for name in FRAMES:
            frame = getattr(inputs, name)
            wanted = self.columns.get(name, ())
            for column in wanted:
                if column not in frame.columns:
                    raise CheckColumnError(self.name, name, column)
            narrow[name] = frame[list(wanted)]
        return dataclasses.replace(inputs, **narrow)


CHECKS: list[Check] = []


def check(whole: bool = False, **columns: tuple[str, ...]
          ) -> Callable[[Callable[[FlagInputs], Found]], Callable[[FlagInputs], Found]]:
    """Register a check with the columns it reads, e.g. `@check(dated=("staff_id", "date"))`;
    `whole` when it compares top units (it runs in `scoring.finish`, after the partitions)."""
    unknown = set(columns) - set(FRAMES)
    if unknown:
        raise CheckColumnError("?", ", ".join(sorted(unknown)), "(not a frame of FlagInputs)")

    def register(run: Callable[[FlagInputs], Found]) -> Callable[[FlagInputs], Found]:
        CHECKS.append(Check(run.__name__, run, columns, whole))
        return run

    return register


def _shown(value: float) -> float:
    """A number of a flag's text, to the 2 decimals it is shown with."""
    return round(float(value), 2)


@functools.lru_cache(maxsize=4096)
def _date(value: Any) -> str:
    """d/m/yyyy of a date (a period holds a few hundred distinct dates: each formatted once)."""
    day = pd.Timestamp(value)
    return f"{day.day}/{day.month}/{day.year}"


def _flag(code: str, staff_id: Any = None, unit_code: Any = None, span: Any = None,
          rows: SourceRows | None = None, **params: Any) -> Flag:
    return {
        "code": code,
        "severity": KIND[code].severity,
        "staff_id": None if staff_id is None or pd.isna(staff_id) else str(staff_id),
        "unit_code": None if unit_code is None or pd.isna(unit_code) else str(unit_code),
        "cycle": span,
        "params": params,
        "rows": NO_ROWS if rows is None else rows,
    }


def _strings(values: np.ndarray) -> np.ndarray:
    """str of each value as an object array, None where missing (each distinct value once)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    return np.array([str(u) for u in uniques] + [None], dtype=object)[codes]


def _each(values: Iterable[Any], convert: Callable[[Any], Any]) -> list[Any]:
    return [convert(value) for value in values]


def _flags(code: str, found: Groups, frame: pd.DataFrame, cycle: Any,
           **params: Any) -> pd.DataFrame:
    """One flag per group of `found` (groups of `frame`'s rows): its staff member and unit those
    of the group's first row, its params the given ones (a list or array: one value per group)."""
    count = len(found)
    names = list(params)
    columns = [value if isinstance(value, list | np.ndarray) else [value] * count
               for value in params.values()]
    given = np.fromiter((dict(zip(names, one, strict=True)) for one in zip(*columns, strict=True))
                        if names else ({} for _ in range(count)), dtype=object, count=count)
    return pd.DataFrame({
        "code": [code] * count, "severity": [KIND[code].severity] * count,
        "staff_id": _strings(found.first(frame, "staff_id")),
        "unit_code": _strings(found.first(frame, "unit_code")),
        "cycle": [cycle] * count, "params": given, "rows": found.rows(),
    }, columns=list(FLAG_COLUMNS))


def _per_staff(frame: pd.DataFrame, sources: Sources, code: str, cycle: str,
               **params: Any) -> pd.DataFrame:
    """One flag per staff member with the rows of `frame`, params count and the given ones."""
    found = groups(frame, ["staff_id"], sources)
    return _flags(code, found, frame, cycle, count=found.sizes.tolist(), **params)


ROW = ("staff_id", "unit_code", "_rowid")  # what every check of rows groups and points with


@check(dated=(*ROW, "date", "hours"))
def daily_hours(inputs: FlagInputs) -> Found:
    """More than max_hours_per_day declared on a day; the full-day pattern (SPEC §4)."""
    limits = inputs.rules.flags
    dated = inputs.dated
    if dated.empty:
        return []
    days, day_count = dense_codes(*key_codes(dated, ["staff_id", "date"]))
    hours = np.nan_to_num(dated["hours"].to_numpy(dtype="float64", na_value=np.nan))
    per_day = np.bincount(days, weights=hours, minlength=day_count)
    over = per_day[days] > limits.max_hours_per_day + 1e-9
    rows = dated[over]
    found = groups(rows, ["staff_id", "date"], inputs.sources)
    out = [_flags("flag_hours_over_day", found, rows, inputs.period,
                  date=_each(found.first(rows, "date"), _date),
                  hours=_each(per_day[days[over]][found.firsts].tolist(), _shown),
                  limit=_shown(limits.max_hours_per_day))]
    full_day = np.isclose(per_day, limits.full_day_hours, rtol=0, atol=1e-9)
    staff_codes, staff_count = value_codes(dated["staff_id"])
    staff_of_day = np.empty(day_count, dtype=np.int64)
    staff_of_day[days] = staff_codes
    known = staff_of_day < staff_count - 1  # the last code is a missing staff_id
    days_of = np.bincount(staff_of_day[known], minlength=staff_count)
    full_of = np.bincount(staff_of_day[known], weights=full_day[known], minlength=staff_count)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = full_of / days_of
    flagged = (days_of > 0) & (share >= limits.full_day_share - 1e-12)
    chosen = full_day[days] & flagged[staff_codes]
    rows = dated[chosen]
    found = groups(rows, ["staff_id"], inputs.sources)
    whose = staff_codes[chosen][found.firsts]
    out.append(_flags("flag_full_days", found, rows, inputs.period,
                      hours=_shown(limits.full_day_hours),
                      share=_each((100 * share[whose]).tolist(), _shown),
                      days=[int(n) for n in full_of[whose].tolist()]))
    return pd.concat(out, ignore_index=True)


@check(detail=(*ROW, "hours", "converted_hours"))
def hours_ratio(inputs: FlagInputs) -> Found:
    """Declared hours far from converted hours over the period (counted rows)."""
    limits = inputs.rules.flags
    detail = inputs.detail
    sums = detail.groupby("staff_id", observed=True)[["hours", "converted_hours"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(sums["converted_hours"] > 0,
                          sums["hours"] / sums["converted_hours"], np.inf)
    outside = (ratios < limits.hours_ratio_min) | (ratios > limits.hours_ratio_max)
    flagged = sums.assign(_ratio=ratios)[outside]
    rows = detail[detail["staff_id"].isin(flagged.index).to_numpy(dtype=bool)]
    found = groups(rows, ["staff_id"], inputs.sources)
    at = flagged.index.get_indexer(found.first(rows, "staff_id"))
    ratio = flagged["_ratio"].to_numpy()[at].tolist()
    return _flags("flag_hours_ratio", found, rows, inputs.period,
                  declared=_each(flagged["hours"].to_numpy()[at].tolist(), _shown),
                  converted=_each(flagged["converted_hours"].to_numpy()[at].tolist(), _shown),
                  ratio=[_shown(r) if np.isfinite(r) else "∞" for r in ratio],
                  low=_shown(limits.hours_ratio_min), high=_shown(limits.hours_ratio_max))


@check(dated=(*ROW, "date"))
def days_off_work(inputs: FlagInputs) -> Found:
    """Work logged on a weekend, or on a public holiday or calendar day off."""
    dated = inputs.dated
    if dated.empty:
        return []
    dates = dated["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    dated_ok = ~np.isnat(dates)
    numbers = dates.astype(np.int64)
    first = int(numbers[dated_ok].min()) if dated_ok.any() else 0
    span = int(numbers[dated_ok].max()) - first + 1 if dated_ok.any() else 1
    calendar = np.arange(first, first + span).astype("datetime64[D]")  # each day once
    off_day = ~workcalendar.is_working_day(inputs.calendar, calendar)
    weekend_day = off_day & ~np.is_busday(calendar, weekmask=workcalendar.WEEKMASK)
    day = np.where(dated_ok, numbers - first, 0)
    texts = _each(calendar, _date)
    out: list[pd.DataFrame] = []
    for code, kind in (("flag_weekend_work", weekend_day), ("flag_holiday_work",
                                                           off_day & ~weekend_day)):
        chosen = dated_ok & kind[day]
        rows = dated[chosen]
        found = groups(rows, ["staff_id"], inputs.sources)
        # the distinct days of each group, in order: one mark per (group, day)
        group_of = np.repeat(np.arange(len(found)), found.sizes)
        marks = np.unique(group_of * span + day[chosen][found.order])
        listed: list[list[str]] = [[] for _ in range(len(found))]
        for mark in marks.tolist():
            listed[mark // span].append(texts[mark % span])
        out.append(_flags(code, found, rows, inputs.period,
                          dates=[", ".join(days) for days in listed]))
    return pd.concat(out, ignore_index=True)


@check(dated=(*ROW, "date", "task_code", "output_ref", "status"))
def row_checks(inputs: FlagInputs) -> Found:
    """Missing output_ref, duplicate rows, rows pending at period close."""
    dated = inputs.dated
    sources, period = inputs.sources, inputs.period
    no_ref = dated["output_ref"].isna().to_numpy(dtype=bool)
    out = [_per_staff(dated[no_ref], sources, "flag_missing_output_ref", period)]
    keys = ["staff_id", "date", "task_code", "output_ref"]
    with_ref = dated[~no_ref]
    codes, _ = key_codes(with_ref, keys, sort=False)
    repeated = with_ref[rows_repeated(codes)]
    found = groups(repeated, keys, sources)
    out.append(_flags("flag_duplicate_rows", found, repeated, period,
                      count=found.sizes.tolist(),
                      date=_each(found.first(repeated, "date"), _date),
                      task=found.first(repeated, "task_code"),
                      output_ref=found.first(repeated, "output_ref")))
    pending = dated[(dated["status"] == "pending").fillna(False).to_numpy(dtype=bool)]
    out.append(_per_staff(pending, sources, "flag_pending_at_close", period, period=period))
    return pd.concat(out, ignore_index=True)


def _positions(values: pd.Series, index: pd.Index) -> np.ndarray:
    """The position in `index` of each row's value (-1: missing or not in it), looked up once
    per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    at = index.get_indexer(pd.Index(np.asarray(uniques, dtype=object)))
    return np.append(at, -1)[codes]


@check(detail=(*ROW, "approver_id"), staff=("staff_id", "supervisor_id"),
       pairs=("ancestor", "descendant"))
def approvers(inputs: FlagInputs) -> Found:
    """Approved rows approved by the staff member, by someone outside their chain, or by nobody.

    A staff member without a supervisor (the head of a unit) may be approved by anyone.
    """
    rows = inputs.detail
    if rows.empty:
        return []
    sources, period = inputs.sources, inputs.period
    staff_codes, staff_ids = pd.factorize(rows["staff_id"], use_na_sentinel=True)
    staff_index = pd.Index(np.asarray(staff_ids, dtype=object))
    approver_codes, approver_ids = pd.factorize(rows["approver_id"], use_na_sentinel=True)
    approver_index = pd.Index(np.asarray(approver_ids, dtype=object))
    missing = approver_codes < 0
    out = [_per_staff(rows[missing], sources, "flag_approver_missing", period)]
    approver_as_staff = np.append(staff_index.get_indexer(approver_index), -1)[approver_codes]
    own = ~missing & (staff_codes >= 0) & (approver_as_staff == staff_codes)
    out.append(_per_staff(rows[own], sources, "flag_approver_self", period))
    has_supervisor = inputs.staff.loc[inputs.staff["supervisor_id"].notna(), "staff_id"]
    supervised = np.append(staff_index.isin(set(has_supervisor)), False)[staff_codes]
    others = ~missing & ~own & supervised
    # a row is in its chain when its (approver, staff) pair is a pair of the chains
    chain = inputs.pairs
    ancestor = _positions(chain["ancestor"].astype(object), approver_index)
    descendant = _positions(chain["descendant"].astype(object), staff_index)
    width = len(staff_index) + 1
    known = (ancestor >= 0) & (descendant >= 0)
    pair_codes = approver_codes.astype(np.int64) * width + staff_codes
    in_chain = pd.Series(pair_codes[others]).isin(ancestor[known] * width + descendant[known])
    outside = np.zeros(len(rows), dtype=bool)
    outside[np.flatnonzero(others)[~in_chain.to_numpy()]] = True
    chosen = rows[outside]
    found = groups(chosen, ["staff_id", "approver_id"], sources)
    out.append(_flags("flag_approver_not_in_chain", found, chosen, period,
                      count=found.sizes.tolist(), approver=found.first(chosen, "approver_id")))
    return pd.concat(out, ignore_index=True)


@check(whole=True, units=("unit_code", "hours_per_working_day"))
def unit_outliers(inputs: FlagInputs) -> list[Flag]:
    """Units whose declared hours per working day lie more than z standard deviations above the
    mean of the units (population standard deviation)."""
    units = inputs.units[inputs.units["hours_per_working_day"].notna()]
    if len(units) < 2:
        return []
    values = units["hours_per_working_day"].astype("float64")
    spread = values.std(ddof=0)
    if not spread > 0:
        return []
    z = (values - values.mean()) / spread
    limit = inputs.rules.flags.unit_hours_z
    return [
        _flag("flag_unit_hours_outlier", None, unit, inputs.period, None, unit=unit,
              hours=_shown(value), mean=_shown(values.mean()), z=_shown(score))
        for unit, value, score in zip(units["unit_code"], values, z, strict=True)
        if score > limit
    ]


@check(whole=True, period_table=("staff_id", "unit_code"),
       quota=("top_unit_code", "duty_group", "share", "excellent", "good", "allowed", "breach",
              "demoted"))
def quota(inputs: FlagInputs) -> list[Flag]:
    """Quota breaches per top-level unit and per duty group inside it (Art. 20.5), and the
    people moved down with --enforce-quota."""
    out: list[Flag] = []
    units = inputs.period_table.drop_duplicates("staff_id").set_index("staff_id")["unit_code"]
    for row in inputs.quota[inputs.quota["breach"]].to_dict("records"):
        group = row["duty_group"]
        whole_unit = group is None or pd.isna(group)
        out.append(_flag("flag_quota_breach" if whole_unit else "flag_quota_breach_group", None,
                         row["top_unit_code"], inputs.period, None, unit=row["top_unit_code"],
                         group="" if whole_unit else group, excellent=row["excellent"],
                         good=row["good"], allowed=row["allowed"], share=_shown(row["share"])))
        for staff_id in row["demoted"]:
            out.append(_flag("flag_quota_demoted", staff_id, units.get(staff_id),
                             inputs.period, None, unit=row["top_unit_code"]))
    return out


@check(cycles=("staff_id", "unit_code", "cycle", "assessed", "general_score", "is_leader",
               "leader_dd", "leader_e", "discipline"),
       period_table=("staff_id", "unit_code", "assessed"))
def assessments(inputs: FlagInputs) -> list[Flag]:
    """Missing general scores and leader criteria, discipline, people not assessed."""
    rules = inputs.rules
    cycles = inputs.cycles
    out: list[Flag] = []
    assessed = cycles[cycles["assessed"]]
    for row in assessed[assessed["general_score"].isna()].to_dict("records"):
        out.append(_flag("flag_missing_general_score", row["staff_id"], row["unit_code"],
                         row["cycle"], cycle=row["cycle"]))
    needed = [(name, column) for name, column in (("org_ability", "leader_dd"),
                                                  ("unity", "leader_e"))
              if rules.leader_weights.get(name)]
    leaders = assessed[assessed["is_leader"]]
    for row in leaders.to_dict("records"):
        missing = [name for name, column in needed if pd.isna(row[column])]
        if missing:
            out.append(_flag("flag_missing_leader_assessment", row["staff_id"],
                             row["unit_code"], row["cycle"], cycle=row["cycle"],
                             criteria=", ".join(missing)))
    for row in assessed[assessed["discipline"]].to_dict("records"):
        out.append(_flag("flag_discipline", row["staff_id"], row["unit_code"], row["cycle"],
                         cycle=row["cycle"]))
    period_table = inputs.period_table
    for row in period_table[~period_table["assessed"]].to_dict("records"):
        out.append(_flag("flag_not_assessed", row["staff_id"], row["unit_code"], inputs.period,
                         cycle=inputs.period))
    return out


@check(cycles=("staff_id", "unit_code", "cycle", "_no_assignment"))
def no_assignments(inputs: FlagInputs) -> list[Flag]:
    """People scored against their working time in a cycle where others had assigned work."""
    cycles = inputs.cycles
    return [_flag("flag_no_assignments", row["staff_id"], row["unit_code"], row["cycle"],
                  cycle=row["cycle"])
            for row in cycles[cycles["_no_assignment"].astype(bool)].to_dict("records")]


@check(detail=(*ROW, "task_code", "norm_hours", "completed_on", "quality"))
def counted_rows(inputs: FlagInputs) -> Found:
    """Counted rows without a norm in force, without a quality, or with a quality the rules lack."""
    detail = inputs.detail
    if detail.empty:
        return []
    sources, period = inputs.sources, inputs.period
    no_norm = detail[detail["norm_hours"].isna().to_numpy(dtype=bool)]
    found = groups(no_norm, ["staff_id", "task_code"], sources)
    earliest = np.minimum.reduceat(found.values(no_norm, "completed_on"), found.starts) \
        if len(found) else np.array([], dtype="datetime64[ns]")
    out = [_flags("flag_norm_missing", found, no_norm, period, count=found.sizes.tolist(),
                  task=found.first(no_norm, "task_code"), date=_each(earliest, _date))]
    codes, values = pd.factorize(detail["quality"], use_na_sentinel=True)
    out.append(_per_staff(detail[codes < 0], sources, "flag_quality_missing", period))
    unknown = ~pd.Index(np.asarray(values, dtype=object)).astype("string").isin(
        list(inputs.rules.quality_factors))
    chosen = detail[np.append(unknown, False)[codes]]
    found = groups(chosen, ["staff_id", "quality"], sources)
    out.append(_flags("flag_quality_not_in_rules", found, chosen, period,
                      count=found.sizes.tolist(), quality=found.first(chosen, "quality")))
    return pd.concat(out, ignore_index=True)


def _seen(frame: pd.DataFrame, keys: list[str], wanted: pd.DataFrame) -> np.ndarray:
    """For each row of `wanted`, whether a row of `frame` with no key missing has its values of
    `keys` (compared as text): the pairs of `frame` counted once each, on integer codes."""
    combined = np.zeros(len(frame), dtype=np.int64)
    found = np.zeros(len(wanted), dtype=np.int64)
    size = 1
    complete = np.ones(len(frame), dtype=bool)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=True)
        complete &= codes >= 0
        text = pd.Index(np.asarray(uniques, dtype=object)).astype("string")
        at = text.get_indexer(wanted[key].astype("string"))
        complete_wanted = at >= 0
        combined = combined * len(uniques) + codes
        found = np.where(complete_wanted & (found >= 0), found * len(uniques) + at, -1)
        size *= max(len(uniques), 1)
    present = np.bincount(combined[complete], minlength=size) > 0
    return (found >= 0) & present[np.maximum(found, 0)]


@check(cycles=("staff_id", "unit_code", "cycle", "assessed"),
       dated=("staff_id", "unit_code", "cycle"))
def coverage(inputs: FlagInputs) -> list[Flag]:
    """Coverage (SPEC §4): a unit, or a person assessed in a cycle, with no worklog row at all
    dated in that cycle, whatever its status. A forgotten file must never pass as people who did
    nothing: their task score of 0 is not a result.

    "Employed in the cycle" is read as assessed (working days > 0, so start and end dates and
    leave are counted): someone with no working day is already flagged as not assessed.
    """
    cycles = inputs.cycles[inputs.cycles["assessed"].fillna(False).astype(bool)]
    if cycles.empty:
        return []
    cycles = cycles.astype({"staff_id": "string", "unit_code": "string", "cycle": "string"})
    dated = inputs.dated
    whole = dated[dated[["staff_id", "unit_code", "cycle"]].notna().all(axis=1).to_numpy()]
    logged = _seen(whole, ["staff_id", "cycle"], cycles)
    missing = cycles[~logged].reset_index(drop=True)
    units_logged = _seen(whole, ["unit_code", "cycle"], missing)
    out: list[Flag] = []
    for (unit, cycle), part in missing.assign(_unit_logged=units_logged).groupby(
            ["unit_code", "cycle"], sort=True):
        if not part["_unit_logged"].iloc[0]:
            out.append(_flag("flag_unit_no_worklogs", None, unit, cycle, None, unit=unit,
                             cycle=cycle, people=len(part)))
    for row in missing.sort_values(["cycle", "staff_id"]).to_dict("records"):
        out.append(_flag("flag_no_worklogs", row["staff_id"], row["unit_code"], row["cycle"],
                         cycle=row["cycle"]))
    return out


def collect(inputs: FlagInputs, checks: Iterable[Check] | None = None) -> pd.DataFrame:
    """Every flag of the run, one row each (`FLAG_COLUMNS`): the high ones first (coverage),
    then by person and code.

    Raises:
        CheckColumnError: a check declared a column its frame lacks.
    """
    found = [one.run(one.inputs(inputs)) for one in (CHECKS if checks is None else checks)]
    return ordered([flags if isinstance(flags, pd.DataFrame)
                    else pd.DataFrame(flags, columns=list(FLAG_COLUMNS)) for flags in found])


KEY_COLUMNS = ("code", "severity", "staff_id", "unit_code", "cycle")


def ordered(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The flags of several `collect` calls (the partitions and the whole) as one frame, by
    person then code: the order one `collect` over everything gives, since the flags of one
    person, code and cycle all come from one check of one partition. The key columns stay
    Arrow strings throughout (a national run has millions of flags: no Python string each)."""
    frame = pd.concat([f.astype({c: "string" for c in KEY_COLUMNS if c in f.columns})
                       for f in frames], ignore_index=True)
    frame = frame.astype(dict.fromkeys(KEY_COLUMNS, "string"))  # an empty frame's too
    return frame if frame.empty else frame.take(order_positions(frame)).reset_index(drop=True)


def order_positions(flags: pd.DataFrame) -> np.ndarray:
    """The positions that put `flags` in the order of `ordered`: by severity, person, kind
    (in `FLAG_CODES` order) and cycle, stable, no person first."""
    keys = pd.DataFrame({
        # an unknown severity or kind (code -1) first, as a missing value
        "_rank": pd.Categorical(flags["severity"].astype("string"),
                                categories=list(SEVERITY_ORDER)).codes,
        "staff_id": flags["staff_id"].astype("string").array,
        "_order": pd.Categorical(flags["code"].astype("string"),
                                 categories=list(FLAG_CODES)).codes,
        "cycle": flags["cycle"].astype("string").array,
    })
    return keys.sort_values(["_rank", "staff_id", "_order", "cycle"], na_position="first",
                            kind="stable").index.to_numpy()


# a person's kinds of flags as bits, in the order they are listed: by severity, then `KINDS`
_LISTED = sorted(FLAG_CODES, key=lambda c: (SEVERITY_ORDER.index(KIND[c].severity),
                                            FLAG_CODES.index(c)))
_BIT = {code: np.uint32(1) << np.uint32(at) for at, code in enumerate(_LISTED)}
assert len(_LISTED) <= 32, "a person's kinds of flags are the bits of a uint32"


@dataclass
class Tally:
    """Flags counted, not held: how many of each kind (`counts`), and the kinds each person
    has (`kinds`: by staff id, the bits of their kinds). A national run writes its flags to
    disk as they come and keeps of most of them only this: a few bytes a person, not a row a
    flag."""

    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    kinds: pd.Series = dataclasses.field(
        default_factory=lambda: pd.Series([], dtype=np.uint32, index=pd.Index([], dtype="string")))

    @classmethod
    def of(cls, flags: pd.DataFrame) -> Tally:
        """The tally of `flags` (rows of `FLAG_COLUMNS`)."""
        codes = flags["code"].astype("string")
        counts = {str(k): int(v) for k, v in codes.value_counts(sort=False).items()}
        pairs = pd.DataFrame({"staff_id": flags["staff_id"].astype("string").array,
                              "code": codes.array}).dropna().drop_duplicates()
        bits = pairs["code"].map(_BIT).astype(np.uint32)  # each kind once a person: + is |
        kinds = bits.groupby(pairs["staff_id"].array, sort=False).sum().astype(np.uint32)
        return cls(counts, kinds)

    def add(self, other: Tally) -> Tally:
        """This tally and `other`'s together."""
        counts = dict(self.counts)
        for code, count in other.counts.items():
            counts[code] = counts.get(code, 0) + count
        both = pd.concat([self.kinds, other.kinds])
        kinds = both if not both.index.has_duplicates else both.groupby(
            level=0, sort=False).agg(np.bitwise_or.reduce).astype(np.uint32)
        return Tally(counts, kinds)


def kinds_listed(bits: pd.Series) -> pd.Series:
    """Each person's kinds of flags (`Tally.kinds`) as the list a per-staff table shows: in the
    order of `ordered` (by severity, then `KINDS`), each kind once."""
    cache: dict[int, list[str]] = {}

    def listed(value: int) -> list[str]:
        if value not in cache:
            cache[value] = [code for code in _LISTED if value & int(_BIT[code])]
        return cache[value]

    return pd.Series([list(listed(int(v))) for v in bits.to_numpy()], index=bits.index,
                     dtype=object)
