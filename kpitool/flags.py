"""The flags of SPEC §4 (cảnh báo): things a personnel officer should look at. Flags never stop
or change scoring; each names a person (or a unit), its cycle, and the worklog rows behind it.

Each flag code is a message code of `kpitool.messages` (vi + en), filled with the flag's params.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from kpitool import workcalendar
from kpitool.frames import first_rows, group_codes, group_sums, sort_positions
from kpitool.messages import text
from kpitool.rules import Rules

FLAG_COLUMNS = ("code", "severity", "staff_id", "unit_code", "cycle", "params", "rows")

SEVERITY = {
    "flag_hours_over_day": "warning",
    "flag_full_days": "warning",
    "flag_hours_ratio": "warning",
    "flag_weekend_work": "warning",
    "flag_holiday_work": "warning",
    "flag_missing_output_ref": "warning",
    "flag_duplicate_rows": "warning",
    "flag_pending_at_close": "warning",
    "flag_approver_self": "warning",
    "flag_approver_not_in_chain": "warning",
    "flag_approver_missing": "warning",
    "flag_unit_hours_outlier": "warning",
    "flag_quota_breach": "warning",
    "flag_quota_breach_group": "warning",
    "flag_quota_demoted": "notice",
    "flag_missing_general_score": "warning",
    "flag_missing_leader_assessment": "warning",
    "flag_not_assessed": "notice",
    "flag_discipline": "notice",
    "flag_norm_missing": "warning",
    "flag_quality_missing": "notice",
    "flag_quality_not_in_rules": "warning",
    "flag_no_assignments": "warning",
}
FLAG_CODES = tuple(SEVERITY)


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


def message(flag: dict[str, Any] | pd.Series, lang: str = "vi") -> str:
    """The text of one flag row in the user's language."""
    return text(flag["code"], lang, **(flag["params"] or {}))


@functools.lru_cache(maxsize=1024)
def source_label(file: str, sheet: str) -> str:
    """`file › sheet` for showing where a row is: the file by its name, the sheet unless it is
    only the file's own name again (a CSV or Parquet file)."""
    name = os.path.basename(file)
    return name if sheet == name else f"{name} › {sheet}"


class Sources:
    """Where each worklog row came from (file, sheet, Excel row), by `_rowid`, held once for all
    flags: a flag keeps only the ids of its rows, not ten million tuples."""

    def __init__(self, worklogs: pd.DataFrame) -> None:
        file_codes, files = pd.factorize(worklogs["_file"], sort=True)
        sheet_codes, sheets = pd.factorize(worklogs["_sheet"], sort=True)
        self.files = np.array([str(f) for f in files], dtype=object)
        self.sheets = np.array([str(s) for s in sheets], dtype=object)
        self.file_codes = file_codes.astype(np.int32)
        self.sheet_codes = sheet_codes.astype(np.int32)
        self.rows = worklogs["_row"].to_numpy(dtype=np.int64)
        # rank of each row in (file, sheet, row) order: the order flags list their rows in
        self.rank = np.empty(len(self.rows), dtype=np.int64)
        self.rank[sort_positions(worklogs, ["_file", "_sheet", "_row"])] = np.arange(len(self.rows))

    def labels(self, ids: np.ndarray) -> np.ndarray:
        """`file › sheet › row` of each row id, as an object array: the file by its name only,
        and no sheet for a CSV or Parquet file (its "sheet" is its own name)."""
        width = max(len(self.sheets), 1)
        prefixes = np.array([source_label(str(f), str(s)) + " › " for f in self.files
                             for s in self.sheets], dtype=object)
        which = self.file_codes[ids].astype(np.int64) * width + self.sheet_codes[ids]
        numbers = self.rows[ids].astype(str).astype(object)
        return prefixes[which] + numbers

    def triple(self, rowid: int) -> tuple[str, str, int]:
        return (self.files[self.file_codes[rowid]], self.sheets[self.sheet_codes[rowid]],
                int(self.rows[rowid]))


class SourceRows(Sequence):
    """The source rows of one flag, in file order: a sequence of (file, sheet, row) tuples made
    on demand from the shared `Sources`."""

    __slots__ = ("_ids", "_sources")

    def __init__(self, sources: Sources | None, ids: np.ndarray) -> None:
        self._sources = sources
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> tuple[str, str, int]: ...

    @overload
    def __getitem__(self, index: slice) -> SourceRows: ...

    def __getitem__(self, index: int | slice) -> tuple[str, str, int] | SourceRows:
        if isinstance(index, slice):
            return SourceRows(self._sources, self._ids[index])
        assert self._sources is not None
        return self._sources.triple(int(self._ids[index]))

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        sources = self._sources
        if sources is None or not len(self._ids):
            return iter(())
        ids = self._ids
        files = sources.files[sources.file_codes[ids]]
        sheets = sources.sheets[sources.sheet_codes[ids]]
        return zip(files.tolist(), sheets.tolist(), sources.rows[ids].tolist(), strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceRows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceRows({list(self[:3])}{' …' if len(self) > 3 else ''}, {len(self)} rows)"


NO_ROWS = SourceRows(None, np.empty(0, dtype=np.int64))


def rows_texts(column: Iterable[Any], limit: int = 20) -> list[str]:
    """Each flag's first `limit` source rows as `file › sheet › row; …` and how many more.

    The rows of `SourceRows` that share one `Sources` (every flag of a run) are labelled
    together in one vectorised step; any other sequence of (file, sheet, row) row by row.
    """
    items = [r if r is not None else NO_ROWS for r in column]
    shared = {id(r._sources): r._sources for r in items
              if isinstance(r, SourceRows) and r._sources is not None}
    sources = next(iter(shared.values())) if len(shared) == 1 else None
    heads = [r._ids[:limit] if isinstance(r, SourceRows) and r._sources is sources else None
             for r in items]
    ids = [head for head in heads if head is not None]
    labels = iter(sources.labels(np.concatenate(ids)).tolist() if sources is not None and ids
                  else [])
    out = []
    for r, head in zip(items, heads, strict=True):
        if head is not None:
            shown = [next(labels) for _ in range(len(head))]
        else:
            shown = [f"{source_label(str(f), str(s))} › {row}" for f, s, row in r[:limit]]
        more = len(r) - len(shown)
        out.append("; ".join(shown) + (f"; … (+{more})" if more > 0 else ""))
    return out


@dataclass
class _Group:
    """One group of rows: its key values, its first unit, its rows' columns (in file order)
    and its source rows."""

    keys: tuple
    unit: Any
    columns: dict[str, np.ndarray]
    rows: SourceRows

    def first(self, column: str) -> Any:
        return self.unit if column == "unit_code" else self.columns[column][0]


def _objects(values: pd.Series) -> np.ndarray:
    """A column as an object array, built from its distinct values (Arrow-backed text converts
    row by row otherwise, which costs seconds at ten million rows)."""
    if values.dtype.kind in "iufbM":
        return values.to_numpy()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.append(np.asarray(uniques, dtype=object), np.array([None], dtype=object))
    return table[codes]


def _groups(frame: pd.DataFrame, keys: list[str], sources: Sources,
            columns: tuple[str, ...] = ()) -> Iterable[_Group]:
    """The groups of `frame` by `keys`, each with its rows in file order (one sort for all)."""
    if frame.empty:
        return
    codes = group_codes(frame, keys)
    rowids = frame["_rowid"].to_numpy(dtype=np.int64)
    order = np.argsort(codes * len(sources.rank) + sources.rank[rowids])
    codes = codes[order]
    change = np.empty(len(codes), dtype=bool)
    change[0] = True
    np.not_equal(codes[1:], codes[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(codes))
    firsts = order[starts]
    key_arrays = [_objects(frame[key].iloc[firsts]) for key in keys]
    units = _objects(frame["unit_code"].iloc[firsts])
    wanted = {column: _objects(frame[column])[order] for column in columns}
    ids = rowids[order]
    for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        yield _Group(
            keys=tuple(values[i] for values in key_arrays),
            unit=units[i],
            columns={column: values[start:end] for column, values in wanted.items()},
            rows=SourceRows(sources, ids[start:end]),
        )


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@functools.lru_cache(maxsize=4096)
def _date(value: Any) -> str:
    """d/m/yyyy of a date (a period holds a few hundred distinct dates: each formatted once)."""
    return f"{pd.Timestamp(value):%d/%m/%Y}"


def _flag(code: str, staff_id: Any = None, unit_code: Any = None, span: Any = None,
          rows: SourceRows | None = None, **params: Any) -> dict[str, Any]:
    return {
        "code": code,
        "severity": SEVERITY[code],
        "staff_id": None if staff_id is None or pd.isna(staff_id) else str(staff_id),
        "unit_code": None if unit_code is None or pd.isna(unit_code) else str(unit_code),
        "cycle": span,
        "params": params,
        "rows": NO_ROWS if rows is None else rows,
    }


def _per_staff(frame: pd.DataFrame, sources: Sources, code: str, cycle: str,
               **params: Any) -> Iterable[dict[str, Any]]:
    """One flag per staff member with the rows of `frame`, params count and the given ones."""
    for group in _groups(frame, ["staff_id"], sources):
        yield _flag(code, group.keys[0], group.first("unit_code"), cycle, group.rows,
                    count=len(group.rows), **params)


def daily_hours(inputs: FlagInputs) -> list[dict[str, Any]]:
    """More than max_hours_per_day declared on a day; the full-day pattern (SPEC §4)."""
    limits = inputs.rules.flags
    dated = inputs.dated
    out: list[dict[str, Any]] = []
    if dated.empty:
        return out
    staff_codes, staff_ids = pd.factorize(dated["staff_id"], use_na_sentinel=True)
    days, per_day = group_sums(dated, ["staff_id", "date"], "hours")
    dated = dated.assign(_day_hours=per_day[days])
    over = dated[dated["_day_hours"].to_numpy() > limits.max_hours_per_day + 1e-9]
    for group in _groups(over, ["staff_id", "date"], inputs.sources, ("_day_hours",)):
        staff_id, day = group.keys
        out.append(_flag("flag_hours_over_day", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, date=_date(day),
                         hours=_number(group.first("_day_hours")),
                         limit=_number(limits.max_hours_per_day)))
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
    for group in _groups(rows_of_full_days, ["staff_id"], inputs.sources):
        staff_id = group.keys[0]
        found = shares_of[staff_id]
        out.append(_flag("flag_full_days", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, hours=_number(limits.full_day_hours),
                         share=_number(100 * found["mean"]), days=int(found["sum"])))
    return out


def hours_ratio(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Declared hours far from converted hours over the period (counted rows)."""
    limits = inputs.rules.flags
    out: list[dict[str, Any]] = []
    sums = inputs.detail.groupby("staff_id")[["hours", "converted_hours"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(sums["converted_hours"] > 0,
                          sums["hours"] / sums["converted_hours"], np.inf)
    outside = (ratios < limits.hours_ratio_min) | (ratios > limits.hours_ratio_max)
    flagged = sums.assign(_ratio=ratios)[outside]
    detail = inputs.detail[inputs.detail["staff_id"].isin(flagged.index)]
    numbers = dict(zip(flagged.index, zip(flagged["hours"], flagged["converted_hours"],
                                          flagged["_ratio"], strict=True), strict=True))
    for group in _groups(detail, ["staff_id"], inputs.sources):
        staff_id = group.keys[0]
        declared, converted, ratio = numbers[staff_id]
        out.append(_flag("flag_hours_ratio", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, declared=_number(declared),
                         converted=_number(converted),
                         ratio="∞" if np.isinf(ratio) else _number(ratio),
                         low=_number(limits.hours_ratio_min),
                         high=_number(limits.hours_ratio_max)))
    return out


def days_off_work(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Work logged on a weekend, or on a public holiday or calendar day off."""
    dated = inputs.dated
    if dated.empty:
        return []
    days = dated["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    off = ~workcalendar.is_working_day(inputs.calendar, days)
    weekend = off & ~np.is_busday(days, weekmask=workcalendar.WEEKMASK)
    out: list[dict[str, Any]] = []
    for code, mask in (("flag_weekend_work", weekend), ("flag_holiday_work", off & ~weekend)):
        for group in _groups(dated[mask], ["staff_id"], inputs.sources, ("date",)):
            dates = ", ".join(_date(d) for d in np.unique(group.columns["date"]).tolist())
            out.append(_flag(code, group.keys[0], group.first("unit_code"), inputs.period,
                             group.rows, dates=dates))
    return out


def row_checks(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Missing output_ref, duplicate rows, rows pending at period close."""
    dated = inputs.dated
    out: list[dict[str, Any]] = []
    out += _per_staff(dated[dated["output_ref"].isna()], inputs.sources, "flag_missing_output_ref",
                      inputs.period)
    keys = ["staff_id", "date", "task_code", "output_ref"]
    with_ref = dated[dated["output_ref"].notna()]
    codes = group_codes(with_ref, keys, sort=False)
    repeated = with_ref[np.bincount(codes)[codes] > 1] if len(codes) else with_ref
    for group in _groups(repeated, keys, inputs.sources):
        staff_id, day, task, ref = group.keys
        out.append(_flag("flag_duplicate_rows", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows),
                         date=_date(day), task=task, output_ref=ref))
    pending = dated[(dated["status"] == "pending").fillna(False).astype(bool)]
    out += _per_staff(pending, inputs.sources, "flag_pending_at_close", inputs.period, period=inputs.period)
    return out


def approvers(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Approved rows approved by the staff member, by someone outside their chain, or by nobody.

    A staff member without a supervisor (the head of a unit) may be approved by anyone.
    """
    rows = inputs.detail[["staff_id", "approver_id", "unit_code", "_rowid"]]
    out: list[dict[str, Any]] = []
    if rows.empty:
        return out
    approver = _objects(rows["approver_id"])
    staff = _objects(rows["staff_id"])
    missing = pd.isna(approver)
    out += _per_staff(rows[missing], inputs.sources, "flag_approver_missing", inputs.period)
    own = ~missing & (approver == staff)
    out += _per_staff(rows[own], inputs.sources, "flag_approver_self", inputs.period)
    supervised = set(inputs.staff.loc[inputs.staff["supervisor_id"].notna(), "staff_id"])
    others = rows[~missing & ~own & rows["staff_id"].isin(supervised).to_numpy(dtype=bool)]
    # each (approver, staff) pair is looked up in the chains once
    codes = group_codes(others, ["approver_id", "staff_id"])
    firsts = first_rows(codes)
    pairs = pd.DataFrame({"ancestor": _objects(others["approver_id"].iloc[firsts]),
                          "descendant": _objects(others["staff_id"].iloc[firsts])})
    chain = inputs.pairs[["ancestor", "descendant"]].astype(object).drop_duplicates()
    in_chain = pairs.merge(chain.assign(_in_chain=True), how="left",
                           on=["ancestor", "descendant"])["_in_chain"].notna().to_numpy()
    outside = ~in_chain[codes]  # the codes are 0 … pairs - 1
    for group in _groups(others[outside] if len(others) else others,
                         ["staff_id", "approver_id"], inputs.sources):
        staff_id, who = group.keys
        out.append(_flag("flag_approver_not_in_chain", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows), approver=who))
    return out


def unit_outliers(inputs: FlagInputs) -> list[dict[str, Any]]:
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
              hours=_number(value), mean=_number(values.mean()), z=_number(score))
        for unit, value, score in zip(units["unit_code"], values, z, strict=True)
        if score > limit
    ]


def quota(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Quota breaches per top-level unit, and the people moved down with --enforce-quota."""
    out: list[dict[str, Any]] = []
    units = inputs.period_table.drop_duplicates("staff_id").set_index("staff_id")["unit_code"]
    for row in inputs.quota[inputs.quota["breach"]].to_dict("records"):
        group = row.get("duty_group")
        code = "flag_quota_breach" if group is None or pd.isna(group) else "flag_quota_breach_group"
        out.append(_flag(code, None, row["top_unit_code"], inputs.period, None,
                         unit=row["top_unit_code"], group="" if code == "flag_quota_breach"
                         else group, excellent=row["excellent"], good=row["good"],
                         allowed=row["allowed"], share=_number(row["share"])))
        for staff_id in row["demoted"]:
            out.append(_flag("flag_quota_demoted", staff_id, units.get(staff_id),
                             inputs.period, None, unit=row["top_unit_code"]))
    return out


def assessments(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Missing general scores and leader criteria, discipline, people not assessed."""
    rules = inputs.rules
    cycles = inputs.cycles
    out: list[dict[str, Any]] = []
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


def no_assignments(inputs: FlagInputs) -> list[dict[str, Any]]:
    """People scored against their working time in a cycle where others had assigned work."""
    cycles = inputs.cycles
    if "_no_assignment" not in cycles:
        return []
    return [_flag("flag_no_assignments", row["staff_id"], row["unit_code"], row["cycle"],
                  cycle=row["cycle"])
            for row in cycles[cycles["_no_assignment"].astype(bool)].to_dict("records")]


def counted_rows(inputs: FlagInputs) -> list[dict[str, Any]]:
    """Counted rows without a norm in force, without a quality, or with a quality the rules lack."""
    detail = inputs.detail
    out: list[dict[str, Any]] = []
    if detail.empty:
        return out
    no_norm = detail[detail["norm_hours"].isna()]
    for group in _groups(no_norm, ["staff_id", "task_code"], inputs.sources, ("completed_on",)):
        staff_id, task = group.keys
        out.append(_flag("flag_norm_missing", staff_id, group.first("unit_code"), inputs.period,
                         group.rows, count=len(group.rows), task=task,
                         date=_date(group.columns["completed_on"].min())))
    quality = detail["quality"].astype("string")
    out += _per_staff(detail[quality.isna()], inputs.sources, "flag_quality_missing", inputs.period)
    unknown = quality.notna() & ~quality.isin(list(inputs.rules.quality_factors))
    for group in _groups(detail[unknown.fillna(False).astype(bool)], ["staff_id", "quality"], inputs.sources):
        staff_id, value = group.keys
        out.append(_flag("flag_quality_not_in_rules", staff_id, group.first("unit_code"),
                         inputs.period, group.rows, count=len(group.rows), quality=value))
    return out


CHECKS = (daily_hours, hours_ratio, days_off_work, row_checks, approvers, unit_outliers, quota,
          assessments, no_assignments, counted_rows)


# the columns the checks read: every filter of ten million rows copies only these
DATED_COLUMNS = ("staff_id", "unit_code", "date", "hours", "output_ref", "task_code", "status",
                 "_rowid")
DETAIL_COLUMNS = ("staff_id", "unit_code", "hours", "converted_hours", "approver_id",
                  "norm_hours", "completed_on", "quality", "task_code", "_rowid")


def _columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame[[c for c in columns if c in frame.columns]]


def collect(inputs: FlagInputs) -> pd.DataFrame:
    """Every flag of the run, one row each (`FLAG_COLUMNS`), by person then code."""
    narrow = dataclasses.replace(
        inputs, dated=_columns(inputs.dated, DATED_COLUMNS),
        detail=_columns(inputs.detail, DETAIL_COLUMNS))
    found = [flag for check in CHECKS for flag in check(narrow)]
    frame = pd.DataFrame(found, columns=list(FLAG_COLUMNS))
    if frame.empty:
        return frame.astype({"code": "string", "severity": "string", "staff_id": "string",
                             "unit_code": "string", "cycle": "string"})
    order = {code: i for i, code in enumerate(FLAG_CODES)}
    frame["_order"] = frame["code"].map(order)
    frame = frame.sort_values(["staff_id", "_order", "cycle"], na_position="first",
                              kind="stable").drop(columns="_order")
    for column in ("code", "severity", "staff_id", "unit_code", "cycle"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)
