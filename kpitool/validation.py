"""Checks across sheets and files (SPEC §2, issue 2 part 4), vectorised for large worklogs.

Each check returns issues pointing at the offending row's cell; nothing is raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from kpitool.data import InputData
from kpitool.frames import ColumnCodes, dense_codes, first_rows, map_distinct
from kpitool.hints import Close, CodeHints
from kpitool.issues import Issue, ValidationReport
from kpitool.rules import Rules
from kpitool.schemas import SHEETS
from kpitool.schemas.catalog import DESCRIPTIVE

Progress = Callable[[str], None]
MAX_ISSUES_PER_CHECK = 2000  # beyond this a check reports the first ones and a count


def _date_text(value: object) -> str:
    """A date as d/m/yyyy ('' when missing)."""
    if not isinstance(value, pd.Timestamp) or pd.isna(value):
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def _issues_at(
    data: InputData,
    frame: pd.DataFrame,
    sheet_key: str,
    column: str,
    code: str,
    values: Iterable[object] | None = None,
    params: Iterable[dict[str, object]] | None = None,
    severity: str = "error",
) -> list[Issue]:
    """One issue per row of `frame` (a subset of a sheet's frame), at `column`'s cell."""
    found: list[Issue] = []
    rows = frame.head(MAX_ISSUES_PER_CHECK)
    shown_values = list(values)[: len(rows)] if values is not None else rows[column].tolist()
    extra = list(params)[: len(rows)] if params is not None else [{}] * len(rows)
    label_default = SHEETS[sheet_key].column(column).vi
    for (file, sheet, row), value, more in zip(
        rows[["_file", "_sheet", "_row"]].itertuples(index=False, name=None), shown_values, extra,
        strict=False,
    ):
        label, letter = data.where(file, sheet, column)
        found.append(Issue(
            code=code, severity=severity, file=file, sheet=sheet, row=int(row),  # type: ignore[arg-type]
            column=label or label_default, cell=f"{letter}{row}" if letter else "",
            value="" if value is None or (isinstance(value, float) and np.isnan(value))
            else (_date_text(value) if isinstance(value, pd.Timestamp) else str(value)),
            params=more,
        ))
    if len(frame) > len(rows):
        first = frame.iloc[0]
        found.append(Issue(code="truncated_issues", severity=found[-1].severity,
                           file=str(first["_file"]), sheet=str(first["_sheet"]),
                           params={"count": len(frame) - len(rows), "shown": len(rows),
                                   "like": code}))
    return found


def _unknown(
    data: InputData, sheet_key: str, column: str, known: pd.Series, target_sheet: str,
    coded: ColumnCodes | None = None,
) -> list[Issue]:
    frame = data.frame(sheet_key)
    codes, values = (coded or ColumnCodes(frame))(column)
    bad = np.append(~values.isin(set(known.dropna())), False)[codes]
    if not bad.any():
        return []
    target = SHEETS[target_sheet].vi
    subset = frame[bad]
    hints = CodeHints(known.dropna())
    close = [hints.close(v) for v in subset[column]]
    hinted = np.array([c is not None for c in close], dtype=bool)
    plain = subset[~hinted]
    found = _issues_at(data, plain, sheet_key, column, "unknown_code",
                       params=[{"target": target}] * len(plain))
    found += _issues_at(data, subset[hinted], sheet_key, column, "unknown_code_close",
                        params=[_close_params(c, target) for c in close if c is not None])
    return found


def _close_params(close: Close, target: str) -> dict[str, object]:
    """The params of `unknown_code_close`: the code meant and why, in both languages."""
    from kpitool.messages import text

    return {"target": target, "close": close.code,
            "why": text(close.why, "vi"), "why_en": text(close.why, "en")}


def _given(data: InputData, kind: str) -> bool:
    return any(f.kind == kind for f in data.files)


def check_codes(data: InputData, logs: ColumnCodes | None = None) -> list[Issue]:
    """Every code refers to something that exists (`logs`: the worklogs' codes, when made)."""
    logs = logs or ColumnCodes(data.worklogs)
    issues: list[Issue] = []
    units, positions = data.units["unit_code"], data.positions["position_code"]
    staff, tasks = data.staff["staff_id"], data.tasks["task_code"]
    issues += _unknown(data, "units", "parent_code", units, "units")
    issues += _unknown(data, "staff", "unit_code", units, "units")
    issues += _unknown(data, "staff", "position_code", positions, "positions")
    issues += _unknown(data, "staff", "supervisor_id", staff, "staff")
    issues += _unknown(data, "tasks", "unit_code", units, "units")
    issues += _unknown(data, "norms", "task_code", tasks, "tasks")
    issues += _unknown(data, "leave", "staff_id", staff, "staff")
    issues += _unknown(data, "general", "staff_id", staff, "staff")
    issues += _unknown(data, "worklogs", "staff_id", staff, "staff", logs)
    issues += _unknown(data, "worklogs", "task_code", tasks, "tasks", logs)
    issues += _unknown(data, "assignments", "staff_id", staff, "staff")
    issues += _unknown(data, "assignments", "task_code", tasks, "tasks")
    listed = data.tasks[["task_code", "positions", "_file", "_sheet", "_row"]].dropna(
        subset=["positions"])
    known_positions = set(positions.dropna())
    for row in listed.itertuples(index=False):
        for code in str(row.positions).split(","):
            if code not in known_positions:
                issues += _issues_at(data, pd.DataFrame([row._asdict()]), "tasks", "positions",
                                     "unknown_code", values=[code],
                                     params=[{"target": SHEETS["positions"].vi}])
    return issues


def check_approvers(data: InputData, coded: ColumnCodes | None = None) -> list[Issue]:
    """An approver must be on the roster, except for the head of a unit (no supervisor)."""
    logs = data.worklogs
    if logs.empty or data.staff.empty:
        return []
    coded = coded or ColumnCodes(logs)
    known = set(data.staff["staff_id"].dropna())
    heads = set(data.staff.loc[data.staff["supervisor_id"].isna(), "staff_id"])
    approver_codes, _ = coded("approver_id")
    bad = (approver_codes >= 0) & ~coded.where("approver_id", known) \
        & coded.where("staff_id", known) & ~coded.where("staff_id", heads)
    return _issues_at(data, logs[bad], "worklogs", "approver_id", "unknown_approver")


def check_supervisors(data: InputData) -> list[Issue]:
    """Supervisor chains end at the top of a unit: no one supervises themselves, no loops."""
    staff = data.staff.dropna(subset=["staff_id"]).drop_duplicates("staff_id")
    issues: list[Issue] = []
    own = staff[staff["supervisor_id"] == staff["staff_id"]]
    issues += _issues_at(data, own, "staff", "supervisor_id", "self_supervisor")
    boss = dict(zip(staff["staff_id"], staff["supervisor_id"], strict=True))
    reported: set[str] = set()
    for start in boss:
        chain, node = [], start
        seen: set[str] = set()
        while isinstance(node, str) and node in boss and node not in seen:
            seen.add(node)
            chain.append(node)
            node = boss[node]
        if not (isinstance(node, str) and node in seen):
            continue
        loop = chain[chain.index(node):]
        if len(loop) < 2 or reported & set(loop):
            continue
        reported |= set(loop)
        first = staff[staff["staff_id"] == loop[0]]
        text = " → ".join([*loop, loop[0]])
        issues += _issues_at(data, first, "staff", "supervisor_id", "supervisor_cycle",
                             params=[{"chain": text}])
    return issues


def check_assignment_ids(data: InputData) -> list[Issue]:
    """A worklog row's assignment_id names an assignment of the assignments sheet."""
    return _unknown(data, "worklogs", "assignment_id", data.assignments["assignment_id"],
                    "assignments")


def check_allowed_tasks(data: InputData, sheet_key: str = "worklogs",
                        coded: ColumnCodes | None = None) -> list[Issue]:
    """A task logged by (or assigned to) a staff member is allowed for their position and unit.

    Row by row through integer codes: each staff member's position and unit and each task's
    positions and unit are looked up once, then indexed by the rows' codes.
    """
    logs = data.frame(sheet_key)
    if logs.empty or data.staff.empty or data.tasks.empty:
        return []
    staff = data.staff.drop_duplicates("staff_id").set_index("staff_id")
    tasks = data.tasks.drop_duplicates("task_code").set_index("task_code")
    coded = coded or ColumnCodes(logs)
    staff_codes, staff_ids = coded("staff_id")
    task_codes, task_ids = coded("task_code")
    at_staff = staff.index.get_indexer(pd.Index(np.asarray(staff_ids, dtype=object)))
    at_task = tasks.index.get_indexer(pd.Index(np.asarray(task_ids, dtype=object)))

    # per distinct staff member and task (None where missing or not on the roster)
    staff_list, task_list = pd.Series(staff_ids, dtype=object), pd.Series(task_ids, dtype=object)
    position = map_distinct(staff_list, staff["position_code"])
    unit = map_distinct(staff_list, staff["unit_code"])
    task_unit = map_distinct(task_list, tasks["unit_code"])
    listed = map_distinct(task_list, tasks["positions"])
    position_codes, position_ids = pd.factorize(position, use_na_sentinel=True)
    column_of = {p: j for j, p in enumerate(position_ids)}
    allowed = np.zeros((len(task_ids) + 1, len(position_ids) + 1), dtype=bool)
    for t, text in enumerate(listed):
        for code in str(text).split(",") if text is not None else ():
            if code in column_of:
                allowed[t, column_of[code]] = True
    rows_known = (staff_codes >= 0) & (task_codes >= 0)
    rows_known[rows_known] &= (at_staff[staff_codes[rows_known]] >= 0) \
        & (at_task[task_codes[rows_known]] >= 0)
    # each table gets one more entry at its end, for the rows' code -1 (missing) to land on
    row_position = np.append(position_codes, -1)[staff_codes]
    restricted = np.array([v is not None for v in listed] + [False], dtype=bool)
    bad_position = rows_known & restricted[task_codes] & ~allowed[task_codes, row_position]
    unit_codes = pd.factorize(np.concatenate([unit, task_unit]), use_na_sentinel=True)[0]
    staff_unit = np.append(unit_codes[:len(unit)], -1)
    tasks_unit = np.append(unit_codes[len(unit):], -1)
    row_task_unit = tasks_unit[task_codes]
    bad_unit = rows_known & (row_task_unit >= 0) & (row_task_unit != staff_unit[staff_codes])
    issues: list[Issue] = []
    staff_of = np.asarray(staff_ids, dtype=object)
    for bad, code, make in (
        (bad_position, "task_not_allowed_position",
         lambda i: {"position": position[staff_codes[i]], "staff_id": staff_of[staff_codes[i]]}),
        (bad_unit, "task_not_allowed_unit",
         lambda i: {"task_unit": task_unit[task_codes[i]], "unit": unit[staff_codes[i]],
                    "staff_id": staff_of[staff_codes[i]]}),
    ):
        where = np.flatnonzero(bad)
        if len(where):
            issues += _issues_at(data, logs.iloc[where], sheet_key, "task_code", code,
                                 params=[make(i) for i in where[:MAX_ISSUES_PER_CHECK]])
    return issues


def _groups_by_position(data: InputData) -> dict[str, str]:
    return dict(zip(data.positions["position_code"], data.positions["position_group"], strict=True))


def check_norms(data: InputData) -> list[Issue]:
    """Norms do not overlap, and every task has a norm for each group that may log it."""
    norms = data.norms.dropna(subset=["task_code"])
    issues: list[Issue] = []
    lows = norms["effective_from"].fillna(pd.Timestamp.min)
    highs = norms["effective_to"].fillna(pd.Timestamp.max)
    for (_task, group), part in norms.assign(_lo=lows, _hi=highs).groupby(
        ["task_code", "position_group"], sort=False
    ):
        if len(part) < 2:
            continue
        ordered = part.sort_values(["_lo", "_row"])
        previous = None
        for _, row in ordered.iterrows():
            if previous is not None and row["_lo"] <= previous["_hi"]:
                issues += _issues_at(data, row.to_frame().T, "norms", "task_code", "norm_overlap",
                                     params=[{"group": group, "other_row": int(previous["_row"])}])
            if previous is None or row["_hi"] > previous["_hi"]:
                previous = row
    if data.tasks.empty or data.positions.empty:
        return issues
    groups = _groups_by_position(data)
    all_groups = sorted({g for g in groups.values() if isinstance(g, str)})
    covered = set(zip(norms["task_code"], norms["position_group"], strict=True))
    for task in data.tasks.dropna(subset=["task_code"]).drop_duplicates("task_code").itertuples():
        if pd.notna(task.positions):
            may = sorted({groups[p] for p in str(task.positions).split(",") if p in groups})
        else:
            may = all_groups
        if (task.task_code, "*") in covered:
            continue
        for group in may:
            if (task.task_code, group) not in covered:
                frame = data.tasks[data.tasks["task_code"] == task.task_code].head(1)
                issues += _issues_at(data, frame, "tasks", "task_code", "missing_norm",
                                     params=[{"group": group}])
    return issues


def check_norm_dates(data: InputData, sheet_key: str = "worklogs",
                     date_column: str = "date", coded: ColumnCodes | None = None) -> list[Issue]:
    """Every worklog row has a norm in force on its work date for the staff's group (and every
    assignment on its deadline).

    Rows with the same task, group and date have the same answer: each such triple is looked
    up once, found through the columns' integer codes.
    """
    logs = data.frame(sheet_key)
    if logs.empty or data.norms.empty or data.staff.empty or data.positions.empty:
        return []
    coded = coded or ColumnCodes(logs)
    groups = _groups_by_position(data)
    staff_group = data.staff.drop_duplicates("staff_id").set_index("staff_id")["position_code"].map(
        groups)
    staff_codes, staff_ids = coded("staff_id")
    group_codes_, group_names = pd.factorize(
        pd.Series(staff_ids, dtype=object).map(staff_group), use_na_sentinel=True)
    row_group = np.append(group_codes_, -1)[staff_codes]
    task_codes, task_ids = coded("task_code")
    date_codes, dates = coded(date_column)
    usable = (row_group >= 0) & (date_codes >= 0) & coded.where(
        "task_code", set(data.norms["task_code"].dropna()))
    positions = np.flatnonzero(usable)
    groups_count, dates_count = max(len(group_names), 1), max(len(dates), 1)
    combined = (task_codes[positions].astype(np.int64) * groups_count
                + row_group[positions]) * dates_count + date_codes[positions]
    codes, count = dense_codes(combined, len(task_ids) * groups_count * dates_count)
    firsts = first_rows(codes)
    distinct = pd.DataFrame({
        "task_code": task_ids[task_codes[positions[firsts]]],
        "group": np.asarray(group_names, dtype=object)[row_group[positions[firsts]]],
        "date": logs[date_column].iloc[positions[firsts]].to_numpy(),
        "_key": np.arange(count)})
    norms = data.norms[["task_code", "position_group", "effective_from", "effective_to"]]
    joined = distinct.merge(norms, on="task_code", how="inner")
    fits = ((joined["position_group"] == joined["group"]) | (joined["position_group"] == "*")) & (
        joined["effective_from"].isna() | (joined["effective_from"] <= joined["date"])) & (
        joined["effective_to"].isna() | (joined["date"] <= joined["effective_to"]))
    found = np.zeros(count, dtype=bool)
    found[joined.loc[fits.to_numpy(dtype=bool), "_key"].to_numpy()] = True
    missing = positions[~found[codes]]
    if not len(missing):
        return []
    shown = missing[:MAX_ISSUES_PER_CHECK]
    params = [{"group": g, "date": _date_text(d)} for g, d in zip(
        distinct["group"].to_numpy()[codes[~found[codes]][:MAX_ISSUES_PER_CHECK]],
        logs[date_column].iloc[shown], strict=True)]
    return _issues_at(data, logs.iloc[missing], sheet_key, "task_code", "no_norm_on_date",
                      params=params)


def check_worklog_rows(data: InputData, coded: ColumnCodes | None = None) -> list[Issue]:
    """Declared hours per staff per day ≤ 24; a task is not completed before it was done."""
    logs = data.worklogs
    if logs.empty:
        return []
    coded = coded or ColumnCodes(logs)
    issues: list[Issue] = []
    early = logs["completed_on"].notna() & logs["date"].notna() & (
        logs["completed_on"] < logs["date"])
    rows = logs[early.to_numpy(dtype=bool)]
    issues += _issues_at(data, rows, "worklogs", "completed_on", "completed_before_date",
                         params=[{"date": _date_text(d)} for d in rows["date"]])
    staff_codes, staff_ids = coded("staff_id")
    date_codes, dates = coded("date")
    known = (staff_codes >= 0) & (date_codes >= 0)
    width = len(dates) + 1
    days, count = dense_codes(np.where(known, staff_codes.astype(np.int64) * width + date_codes, -1)
                              + width, (len(staff_ids) + 1) * width)
    hours = np.nan_to_num(logs["hours"].to_numpy(dtype="float64", na_value=np.nan))
    totals = np.bincount(days, weights=hours, minlength=count)[days]
    over = (totals > 24) & known
    if over.any():
        flagged = logs[over].assign(_total=totals[over])
        first = flagged.sort_values("_row").drop_duplicates(["_file", "staff_id", "date"])
        issues += _issues_at(
            data, first, "worklogs", "hours", "hours_over_24",
            values=[f"{t:g}".replace(".", ",") for t in first["_total"]],
            params=[{"staff_id": s, "date": _date_text(d)}
                    for s, d in zip(first["staff_id"], first["date"], strict=True)])
    return issues


def check_date_ranges(data: InputData) -> list[Issue]:
    """An end date is never before its start date on the same row."""
    issues: list[Issue] = []
    for sheet, start, end in (("norms", "effective_from", "effective_to"),
                              ("leave", "from_date", "to_date"),
                              ("staff", "start_date", "end_date")):
        frame = data.frame(sheet)
        bad = (frame[end] < frame[start]).fillna(False).to_numpy(dtype=bool)
        rows = frame[bad]
        issues += _issues_at(data, rows, sheet, end, "bad_date_range",
                             params=[{"start": _date_text(d)} for d in rows[start]])
    return issues


def _points(value: float) -> dict[str, str]:
    """A number of points for a message: decimal comma in Vietnamese, point in English."""
    shown = f"{round(float(value), 2):g}"
    return {"vi": shown.replace(".", ","), "en": shown}


def check_general_items(data: InputData, general_max: float | None) -> list[Issue]:
    """Form 01's ten items (SPEC §2, Decree Appendix I–II): all ten or none in a row; when
    given, their sum is the general score (a stated `general_score` or `self_score` that
    differs is an error at its cell). Then every general score within the rules' maximum.

    A complete row with a blank `general_score` gets the sum in `data.general`, so scoring
    sees one general score whichever way it was entered. A partial row is never summed:
    blank is not zero.
    """
    from kpitool.schemas.assessments import GENERAL, GENERAL_ITEM_KEYS

    general = data.general
    if general.empty:
        return []
    items = general[list(GENERAL_ITEM_KEYS)].astype("float64")
    given = items.notna()
    count = given.sum(axis=1)
    partial = (count > 0) & (count < len(GENERAL_ITEM_KEYS))
    maxima = [GENERAL.column(key).max for key in GENERAL_ITEM_KEYS]
    in_range = ((items >= 0) & (items <= maxima)).all(axis=1)
    complete = (count == len(GENERAL_ITEM_KEYS)) & in_range  # an out-of-range item is reported
    issues: list[Issue] = []
    for key in GENERAL_ITEM_KEYS:
        blank = general[partial & ~given[key]]
        issues += _issues_at(data, blank, "general", key, "general_item_blank",
                             params=[{"filled": int(n)} for n in count[blank.index]])
    total = items.sum(axis=1)
    for column in ("general_score", "self_score"):
        stated = general[column].astype("float64")
        differs = complete & stated.notna() & ((stated - total).abs() > 0.005)
        rows = general[differs]
        issues += _issues_at(data, rows, "general", column, "general_items_sum",
                             params=[{"sum": _points(v)["vi"], "sum_en": _points(v)["en"]}
                                     for v in total[differs]])
    stated = general["general_score"].astype("float64")
    filled = stated.where(stated.notna() | ~complete, total)
    data.general = general.assign(general_score=filled)
    if general_max is None:
        return issues
    limit = _points(general_max)
    for column, values in (("general_score", filled),
                           ("self_score", general["self_score"].astype("float64"))):
        over = values > general_max + 1e-9
        rows = data.general[over]
        issues += _issues_at(data, rows, "general", column, "general_over_max",
                             values=[_points(v)["vi"] for v in values[over]],
                             params=[{"max": limit["vi"], "max_en": limit["en"]}] * len(rows))
    return issues


def check_descriptive_columns(data: InputData) -> list[Issue]:
    """A descriptive column (not scored) missing from a sheet is a notice, never an error."""
    issues: list[Issue] = []
    for sheet_key, columns in DESCRIPTIVE.items():
        frame = data.frame(sheet_key)
        for file, sheet in frame[["_file", "_sheet"]].drop_duplicates().itertuples(index=False):
            layout = data.layouts.get((file, sheet))
            if layout is None:
                continue
            for key in columns:
                if key not in layout:
                    label = SHEETS[sheet_key].column(key).vi
                    issues.append(Issue("descriptive_column_missing", severity="notice",
                                        file=file, sheet=sheet, column=label,
                                        params={"label": label}))
    return issues


def check_unit_shares(data: InputData) -> list[Issue]:
    """An excellent share belongs to a top-level unit (Art. 20.5.b): on a sub-unit it is not
    used, which a notice says at its cell."""
    units = data.units
    misplaced = units[units["excellent_share"].notna() & units["parent_code"].notna()]
    return _issues_at(data, misplaced, "units", "excellent_share", "excellent_share_not_top",
                      severity="notice")


LEADER_CRITERIA = ("org_ability", "unity")  # Đ and E of Decree Art. 15.3, given per leader


def check_leader_values(data: InputData, values: tuple[float, ...]) -> list[Issue]:
    """A leader's Đ and E take one of the rules' two values of a leader criterion (Decree
    Art. 15.3: 100 % or 50 %; the rules' `leader.subordinates_ok` / `_not_ok`)."""
    general = data.general
    if general.empty:
        return []
    allowed = " / ".join(_points(v)["vi"] for v in values)
    issues: list[Issue] = []
    for column in LEADER_CRITERIA:
        given = general[column].astype("float64")
        wrong = given.notna() & ~given.round(6).isin([round(v, 6) for v in values])
        issues += _issues_at(data, general[wrong], "general", column, "not_allowed_value",
                             values=[_points(v)["vi"] for v in given[wrong]],
                             params=[{"allowed": allowed}] * int(wrong.sum()))
    return issues


def cross_checks(data: InputData, rules: Rules | None = None) -> list[Issue]:
    """All checks across sheets, for whatever inputs were given.

    `rules` give the limits of the assessments (the general score's maximum, the values of a
    leader criterion); None: those are not checked.
    """
    issues: list[Issue] = []
    logs = ColumnCodes(data.worklogs)  # the worklogs' codes, made once for every check
    has_catalog = _given(data, "catalog")
    if has_catalog:
        issues += check_codes(data, logs)
        issues += check_supervisors(data)
        issues += check_allowed_tasks(data, coded=logs)
        issues += check_allowed_tasks(data, "assignments")
        issues += check_approvers(data, logs)
        issues += check_descriptive_columns(data)
        issues += check_unit_shares(data)
    elif not data.worklogs.empty or not data.norms.empty:
        issues.append(Issue("catalog_not_given"))
    if _given(data, "norms") and has_catalog:
        issues += check_norms(data)
        issues += check_norm_dates(data, coded=logs)
        issues += check_norm_dates(data, "assignments", "deadline")
    elif not data.worklogs.empty:
        issues.append(Issue("norms_not_given"))
    issues += check_assignment_ids(data)
    issues += check_worklog_rows(data, logs)
    issues += check_date_ranges(data)
    issues += check_general_items(data, None if rules is None else rules.general_max)
    if rules is not None:
        issues += check_leader_values(data, (rules.subordinates_ok, rules.subordinates_not_ok))
    return issues


def validate(
    paths: list[Path], encoding: str | None = None, progress: Progress | None = None,
    rules: Rules | None = None,
) -> ValidationReport:
    """Read every input and run every check: the data and all issues found, in sheet order.

    `rules`: the limits of the assessments (general score maximum, leader criterion values),
    checked when given.
    """
    from kpitool.io.readers import read_inputs

    data, issues = read_inputs(paths, encoding=encoding, progress=progress)
    issues += cross_checks(data, rules)
    order = {str(path): n for n, path in enumerate(paths)}
    issues.sort(key=lambda i: (order.get(i.file, len(order)), i.sheet, i.row or 0, i.cell))
    return ValidationReport(data, issues)
