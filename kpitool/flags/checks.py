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
from typing import Any

import numpy as np
import pandas as pd

from kpitool import workcalendar
from kpitool.flags.kinds import SEVERITY_ORDER, FlagKind, check_registry
from kpitool.flags.sources import NO_ROWS, SourceRows, Sources, groups, objects
from kpitool.frames import first_rows, group_codes, group_sums
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
    run: Callable[[FlagInputs], list[Flag]]
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
          ) -> Callable[[Callable[[FlagInputs], list[Flag]]], Callable[[FlagInputs], list[Flag]]]:
    """Register a check with the columns it reads, e.g. `@check(dated=("staff_id", "date"))`;
    `whole` when it compares top units (it runs in `scoring.finish`, after the partitions)."""
    unknown = set(columns) - set(FRAMES)
    if unknown:
        raise CheckColumnError("?", ", ".join(sorted(unknown)), "(not a frame of FlagInputs)")

    def register(run: Callable[[FlagInputs], list[Flag]]) -> Callable[[FlagInputs], list[Flag]]:
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


def _per_staff(frame: pd.DataFrame, sources: Sources, code: str, cycle: str,
               **params: Any) -> Iterable[Flag]:
    """One flag per staff member with the rows of `frame`, params count and the given ones."""
    for group in groups(frame, ["staff_id"], sources):
        yield _flag(code, group.keys[0], group.first("unit_code"), cycle, group.rows,
                    count=len(group.rows), **params)


ROW = ("staff_id", "unit_code", "_rowid")  # what every check of rows groups and points with


@check(dated=(*ROW, "date", "hours"))
def daily_hours(inputs: FlagInputs) -> list[Flag]:
    """More than max_hours_per_day declared on a day; the full-day pattern (SPEC §4)."""
    limits = inputs.rules.flags
    dated = inputs.dated
    out: list[Flag] = []
    if dated.empty:
        return out
    staff_codes, staff_ids = pd.factorize(dated["staff_id"], use_na_sentinel=True)
    days, per_day = group_sums(dated, ["staff_id", "date"], "hours")
    dated = dated.assign(_day_hours=per_day[days])
    over = dated[dated["_day_hours"].to_numpy() > limits.max_hours_per_day + 1e-9]
    for group in groups(over, ["staff_id", "date"], inputs.sources, ("_day_hours",)):
        staff_id, day = group.keys
        out.append(_flag("flag_hours_over_day", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, date=_date(day),
                         hours=_shown(group.first("_day_hours")),
                         limit=_shown(limits.max_hours_per_day)))
    full_day = np.isclose(per_day, limits.full_day_hours, rtol=0, atol=1e-9)
    staff_of_day = np.full(len(per_day), -1, dtype=np.int64)
    staff_of_day[days] = staff_codes
    known = staff_of_day >= 0
    day_count = np.bincount(staff_of_day[known], minlength=len(staff_ids))
    full_count = np.bincount(staff_of_day[known], weights=full_day[known],
                             minlength=len(staff_ids))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = full_count / day_count
    flagged = np.flatnonzero((day_count > 0) & (share >= limits.full_day_share - 1e-12))
    shares_of = {staff_ids[i]: {"mean": share[i], "sum": full_count[i]} for i in flagged}
    in_flagged = np.zeros(len(staff_ids) + 1, dtype=bool)
    in_flagged[flagged] = True
    rows_of_full_days = dated[full_day[days] & in_flagged[staff_codes]]
    for group in groups(rows_of_full_days, ["staff_id"], inputs.sources):
        staff_id = group.keys[0]
        found = shares_of[staff_id]
        out.append(_flag("flag_full_days", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, hours=_shown(limits.full_day_hours),
                         share=_shown(100 * found["mean"]), days=int(found["sum"])))
    return out


@check(detail=(*ROW, "hours", "converted_hours"))
def hours_ratio(inputs: FlagInputs) -> list[Flag]:
    """Declared hours far from converted hours over the period (counted rows)."""
    limits = inputs.rules.flags
    out: list[Flag] = []
    sums = inputs.detail.groupby("staff_id")[["hours", "converted_hours"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(sums["converted_hours"] > 0,
                          sums["hours"] / sums["converted_hours"], np.inf)
    outside = (ratios < limits.hours_ratio_min) | (ratios > limits.hours_ratio_max)
    flagged = sums.assign(_ratio=ratios)[outside]
    detail = inputs.detail[inputs.detail["staff_id"].isin(flagged.index)]
    numbers = dict(zip(flagged.index, zip(flagged["hours"], flagged["converted_hours"],
                                          flagged["_ratio"], strict=True), strict=True))
    for group in groups(detail, ["staff_id"], inputs.sources):
        staff_id = group.keys[0]
        declared, converted, ratio = numbers[staff_id]
        out.append(_flag("flag_hours_ratio", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, declared=_shown(declared), converted=_shown(converted),
                         ratio=_shown(ratio) if np.isfinite(ratio) else "∞",
                         low=_shown(limits.hours_ratio_min),
                         high=_shown(limits.hours_ratio_max)))
    return out


@check(dated=(*ROW, "date"))
def days_off_work(inputs: FlagInputs) -> list[Flag]:
    """Work logged on a weekend, or on a public holiday or calendar day off."""
    dated = inputs.dated
    if dated.empty:
        return []
    days = dated["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    off = ~workcalendar.is_working_day(inputs.calendar, days)
    weekend = off & ~np.is_busday(days, weekmask=workcalendar.WEEKMASK)
    out: list[Flag] = []
    for code, mask in (("flag_weekend_work", weekend), ("flag_holiday_work", off & ~weekend)):
        for group in groups(dated[mask], ["staff_id"], inputs.sources, ("date",)):
            dates = ", ".join(_date(d) for d in np.unique(group.columns["date"]).tolist())
            out.append(_flag(code, group.keys[0], group.first("unit_code"), inputs.period,
                             group.rows, dates=dates))
    return out


@check(dated=(*ROW, "date", "task_code", "output_ref", "status"))
def row_checks(inputs: FlagInputs) -> list[Flag]:
    """Missing output_ref, duplicate rows, rows pending at period close."""
    dated = inputs.dated
    out: list[Flag] = []
    out += _per_staff(dated[dated["output_ref"].isna()], inputs.sources, "flag_missing_output_ref",
                      inputs.period)
    keys = ["staff_id", "date", "task_code", "output_ref"]
    with_ref = dated[dated["output_ref"].notna()]
    codes = group_codes(with_ref, keys, sort=False)
    repeated = with_ref[np.bincount(codes)[codes] > 1] if len(codes) else with_ref
    for group in groups(repeated, keys, inputs.sources):
        staff_id, day, task, ref = group.keys
        out.append(_flag("flag_duplicate_rows", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows),
                         date=_date(day), task=task, output_ref=ref))
    pending = dated[(dated["status"] == "pending").fillna(False).astype(bool)]
    out += _per_staff(pending, inputs.sources, "flag_pending_at_close", inputs.period,
                      period=inputs.period)
    return out


@check(detail=(*ROW, "approver_id"), staff=("staff_id", "supervisor_id"),
       pairs=("ancestor", "descendant"))
def approvers(inputs: FlagInputs) -> list[Flag]:
    """Approved rows approved by the staff member, by someone outside their chain, or by nobody.

    A staff member without a supervisor (the head of a unit) may be approved by anyone.
    """
    rows = inputs.detail
    out: list[Flag] = []
    if rows.empty:
        return out
    approver = objects(rows["approver_id"])
    staff = objects(rows["staff_id"])
    missing = pd.isna(approver)
    out += _per_staff(rows[missing], inputs.sources, "flag_approver_missing", inputs.period)
    own = ~missing & (approver == staff)
    out += _per_staff(rows[own], inputs.sources, "flag_approver_self", inputs.period)
    supervised = set(inputs.staff.loc[inputs.staff["supervisor_id"].notna(), "staff_id"])
    others = rows[~missing & ~own & rows["staff_id"].isin(supervised).to_numpy(dtype=bool)]
    # each (approver, staff) pair is looked up in the chains once
    codes = group_codes(others, ["approver_id", "staff_id"])
    firsts = first_rows(codes)
    pairs = pd.DataFrame({"ancestor": objects(others["approver_id"].iloc[firsts]),
                          "descendant": objects(others["staff_id"].iloc[firsts])})
    chain = inputs.pairs.astype(object).drop_duplicates()
    in_chain = pairs.merge(chain.assign(_in_chain=True), how="left",
                           on=["ancestor", "descendant"])["_in_chain"].notna().to_numpy()
    outside = ~in_chain[codes]  # the codes are 0 … pairs - 1
    for group in groups(others[outside] if len(others) else others,
                        ["staff_id", "approver_id"], inputs.sources):
        staff_id, who = group.keys
        out.append(_flag("flag_approver_not_in_chain", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows), approver=who))
    return out


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
def counted_rows(inputs: FlagInputs) -> list[Flag]:
    """Counted rows without a norm in force, without a quality, or with a quality the rules lack."""
    detail = inputs.detail
    out: list[Flag] = []
    if detail.empty:
        return out
    no_norm = detail[detail["norm_hours"].isna()]
    for group in groups(no_norm, ["staff_id", "task_code"], inputs.sources, ("completed_on",)):
        staff_id, task = group.keys
        out.append(_flag("flag_norm_missing", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, count=len(group.rows), task=task,
                         date=_date(group.columns["completed_on"].min())))
    quality = detail["quality"].astype("string")
    out += _per_staff(detail[quality.isna()], inputs.sources, "flag_quality_missing",
                      inputs.period)
    unknown = quality.notna() & ~quality.isin(list(inputs.rules.quality_factors))
    for group in groups(detail[unknown.fillna(False).astype(bool)], ["staff_id", "quality"],
                        inputs.sources):
        staff_id, value = group.keys
        out.append(_flag("flag_quality_not_in_rules", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows), quality=value))
    return out


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
    dated = inputs.dated.astype("string").dropna()
    logged = dated[["staff_id", "cycle"]].drop_duplicates().assign(_logged=True)
    seen = cycles.merge(logged, on=["staff_id", "cycle"], how="left")
    missing = seen[seen["_logged"].isna()]
    units_logged = set(zip(dated["unit_code"], dated["cycle"], strict=True))
    out: list[Flag] = []
    for (unit, cycle), part in missing.groupby(["unit_code", "cycle"], sort=True):
        if (unit, cycle) not in units_logged:
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
    found = [flag for one in (CHECKS if checks is None else checks)
             for flag in one.run(one.inputs(inputs))]
    return ordered([pd.DataFrame(found, columns=list(FLAG_COLUMNS))])


def ordered(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The flags of several `collect` calls (the partitions and the whole) as one frame, by
    person then code: the order one `collect` over everything gives, since the flags of one
    person, code and cycle all come from one check of one partition."""
    frame = pd.concat([f.astype(object) for f in frames], ignore_index=True)
    if frame.empty:
        return frame.astype({"code": "string", "severity": "string", "staff_id": "string",
                             "unit_code": "string", "cycle": "string"})
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
    frame["_order"] = frame["code"].map(order)
    frame["_rank"] = frame["severity"].map(rank)
    frame = frame.sort_values(["_rank", "staff_id", "_order", "cycle"], na_position="first",
                              kind="stable").drop(columns=["_order", "_rank"])
    for column in ("code", "severity", "staff_id", "unit_code", "cycle"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)
