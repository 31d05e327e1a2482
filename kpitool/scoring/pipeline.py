"""Scoring a period (SPEC §3): `score()` runs the whole pipeline.

Counted worklog rows → norms (h, k) → converted hours w → lateness and delays → per staff and
cycle the method's criteria (`kpitool.scoring.registry`), leader criteria, task score, general
score, total, level → period means → quota → ranks → flags. Arithmetic runs on unrounded values;
the frames of `ScoreResult` hold reported numbers rounded half-up to two decimals (`round2`), and
the level is read from the rounded total.
"""

from __future__ import annotations

import functools
import itertools
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from kpitool import flags as flagging
from kpitool import workcalendar
from kpitool.data import InputData
from kpitool.errors import InvalidDataError
from kpitool.frames import empty_like, sort_positions
from kpitool.memory import give_back
from kpitool.rules import Rules, check_complexity
from kpitool.scoring.assigned import assigned_hours, in_cycles, with_deliveries
from kpitool.scoring.levels import LEVELS, apply_quota, competition_rank, year_rules
from kpitool.scoring.names import name_order
from kpitool.scoring.periods import Period
from kpitool.scoring.registry import method_of
from kpitool.scoring.result import (
    DETAIL_COLUMNS,
    DETAIL_NUMBERS,
    SCORE_COLUMNS,
    STAFF_COLUMNS,
    ScoreResult,
)
from kpitool.scoring.rounding import round_series
from kpitool.scoring.rows import coded, cycle_of, lookup_norms, score_rows, with_staff
from kpitool.scoring.staff import staff_frame, supervisor_closure
from kpitool.scoring.tables import build_cycle_table, build_period_table


def score(data: InputData, rules: Rules, period: Period,
          enforce_quota: bool = False, release_rows: bool = False) -> ScoreResult:
    """Score every staff member for the period (SPEC §3) and collect the flags (SPEC §4): the
    whole input as one partition, then `finish` (the path a partitioned run takes too).

    A large run of several top units scores them two at a time, on threads (`SCORE_THREADS`).
    With `release_rows` the worklog rows are let go as they are scored (`by_top_unit`): `data`
    keeps its worklogs only as an empty frame of the same columns and types.

    Raises:
        InvalidDataError: a norm's complexity level has no coefficient in the rules.
    """
    cal = calendar_for(data, period)
    parts = _score_pieces(by_top_unit(data, release_rows=release_rows), rules, period, cal,
                          enforce_quota)
    if release_rows:
        data.release_worklogs()
    return finish(parts, rules, period, data.units, cal, enforce_quota)


# Top units scored at once on one machine (issue 16), each on a thread: numpy and pandas let
# go of the interpreter in their long steps, so a second core works (10M rows: 5-8 s less).
SCORE_THREADS = 2


def _score_pieces(pieces: Iterator[InputData], rules: Rules, period: Period,
                  cal: workcalendar.WorkCalendar, enforce_quota: bool) -> list[Partial]:
    """Each piece's partial, in the pieces' order: one after another, or, when there are
    several pieces and cores, `SCORE_THREADS` at a time (the next piece is taken only when
    one is done, so that at most that many pieces' rows are being scored at once)."""
    threads = min(SCORE_THREADS, os.cpu_count() or 1)
    ahead = list(itertools.islice(pieces, 2 if threads > 1 else 0))
    several = len(ahead) == 2
    queue = itertools.chain(ahead, pieces)
    del ahead  # the pieces are held by the queue only, and let go once scored
    if several:
        return _on_threads(queue, threads, rules, period, cal, enforce_quota)
    parts = []
    for index, piece in enumerate(queue):
        parts.append(score_partition(piece, rules, period, cal, enforce_quota, part=index))
        del piece
        give_back()  # a top unit's temporaries, before the next one's
    return parts


def _on_threads(pieces: Iterable[InputData], threads: int, rules: Rules, period: Period,
                cal: workcalendar.WorkCalendar, enforce_quota: bool) -> list[Partial]:
    """`score_partition` of each piece on `threads` threads, the partials in order.

    pandas saves and restores the warning filters around some of its steps, which Python 3.11
    does not do per thread: two threads would undo each other's. The warnings are ignored
    while the threads run (the one-thread path shows them, and the tests run it too)."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    parts: dict[int, Partial] = {}

    def collect(done: Iterable[Future[Partial]]) -> None:
        for future in done:
            parts[running.pop(future)] = future.result()

    running: dict[Future[Partial], int] = {}
    with warnings.catch_warnings(), \
            ThreadPoolExecutor(threads, thread_name_prefix="kpitool-score") as pool:
        warnings.simplefilter("ignore")
        # at most `threads` pieces are submitted: on an error the pool's exit waits for the
        # other running one, and nothing else was queued
        for index, piece in enumerate(pieces):
            if len(running) == threads:
                collect(wait(running, return_when=FIRST_COMPLETED).done)
                give_back()  # a top unit's temporaries, before the next one's
            running[pool.submit(score_partition, piece, rules, period, cal, enforce_quota,
                                part=index)] = index
            del piece
        collect(wait(running).done)
    return [parts[index] for index in sorted(parts)]


# From this many worklog rows on, `score` takes one top unit at a time: the row-level
# temporaries are then bounded by the largest top unit (issue 16), and a run of a few top units
# of many rows costs less than the whole at once.
SPLIT_ROWS = 2_000_000


def by_top_unit(data: InputData, split_rows: int | None = None,
                release_rows: bool = False) -> Iterator[InputData]:
    """The inputs of each top unit in turn (`kpitool.engine.dataset.agency_data`), when `data`
    holds at least `split_rows` worklog rows (`SPLIT_ROWS`) of several top units and scoring
    them one by one gives the same result as at once (docs/scale.md: no supervisor chain nor
    assignment crosses top units, every staff member has one); else `data` whole. A top unit's
    rows are taken from the worklogs only when it comes, in file order.

    With `release_rows`, the worklogs are instead cut into the top units' rows at once, one
    column at a time, and `data` lets them go: each top unit's rows are then freed once it is
    scored, so that the rows still to score shrink while the scored detail grows (issue 16)."""
    from kpitool.engine.dataset import agency_data, agency_of_staff, crossing_chains

    logs = data.worklogs
    if len(logs) < (SPLIT_ROWS if split_rows is None else split_rows):
        yield data
        return
    agency = agency_of_staff(data)
    agencies = sorted(agency.dropna().unique())
    if len(agencies) < 2 or agency.isna().any() or crossing_chains(data) \
            or _assignments_cross(data, agency):
        yield data
        return
    codes, ids = pd.factorize(logs["staff_id"], use_na_sentinel=True)
    where = pd.Index(agencies).get_indexer(pd.Series(np.asarray(ids, dtype=object)).map(agency))
    row_agency = np.where(codes >= 0, where[codes], -1)
    if not release_rows:
        for index, name in enumerate(agencies):
            rows = logs.take(np.flatnonzero(row_agency == index)).reset_index(drop=True)
            yield agency_data(data, name, rows)
        return
    data.release_worklogs()  # first: `logs` is the frame it held, emptied by the cut
    pieces = _cut_rows(logs, row_agency, len(agencies))
    del logs
    for index, name in enumerate(agencies):
        rows, pieces[index] = pieces[index], None
        yield agency_data(data, name, rows)
        del rows


def _cut_rows(logs: pd.DataFrame, row_agency: np.ndarray, count: int) -> list[pd.DataFrame]:
    """Each top unit's rows of `logs` (the rows whose `row_agency` is its index), in file
    order, cut one column at a time, each column taken out of `logs` as it is cut (`logs` is
    emptied): the rows are held once, not twice."""
    positions = [np.flatnonzero(row_agency == index) for index in range(count)]
    pieces: list[dict[str, pd.Series]] = [{} for _ in range(count)]
    for column in list(logs.columns):
        values = logs.pop(column)
        for piece, where in zip(pieces, positions, strict=True):
            piece[column] = values.take(where).reset_index(drop=True)
        del values
        give_back()  # the column's rows, before the next column is cut
    return [pd.DataFrame(piece, copy=False) for piece in pieces]


def _assignments_cross(data: InputData, agency: pd.Series) -> bool:
    """Whether a worklog row delivers an assignment of a staff member of another top unit (or
    one not found): its top unit alone would not see the assignment."""
    logs = data.worklogs
    used = logs[logs["assignment_id"].notna()]
    if used.empty:
        return False
    owners = data.assignments.drop_duplicates("assignment_id").set_index("assignment_id")
    theirs = used["assignment_id"].astype(object).map(owners["staff_id"].map(agency))
    own = used["staff_id"].astype(object).map(agency)
    return bool((theirs.isna() | (theirs != own)).any())


@dataclass
class Partial:
    """What `score_partition` gives for one top unit (or several whole ones): unrounded tables
    without ranks, quota and name order, the partition-local flags, and the reported detail.

    Attributes:
        period_table: one row per staff member for the period (unrounded, classified).
        cycle_table: one row per staff member and cycle (unrounded, classified).
        detail: the counted rows as reported (rounded), with `_part` and `_rowid`, which put
            them in file order inside the partition.
        flags: the flags of the checks that see one partition (`FlagKind` not `whole`).
        elsewhere: the partition's flags taken out of `flags` (a national run writes them to
            disk as they come), counted: their number by kind and each person's kinds.
    """

    part: int
    period_table: pd.DataFrame
    cycle_table: pd.DataFrame
    detail: pd.DataFrame
    flags: pd.DataFrame
    calendar: workcalendar.WorkCalendar = field(repr=False)
    elsewhere: flagging.Tally = field(default_factory=flagging.Tally)


def score_partition(data: InputData, rules: Rules, period: Period,
                    cal: workcalendar.WorkCalendar, enforce_quota: bool = False,
                    part: int = 0, detail: bool = True) -> Partial:
    """Score the staff of `data` for the period: everything that one top unit decides alone
    (rows, cycles, staff, units' year rules, the partition-local flags, the detail).

    `data` holds whole top units: their units, staff (with every supervisor chain), worklogs,
    assessments, leave and assignments; the catalog's other sheets may be whole. The period
    and the calendar come from outside, so that every partition is scored alike. Without
    `detail`, the partial's detail is left empty (a national run keeps the rows where they are).

    Raises:
        InvalidDataError: a norm's complexity level has no coefficient in the rules.
    """
    issues = check_complexity(rules, data.norms)
    if issues:
        raise InvalidDataError(issues)
    staff = staff_frame(data, rules.staff_types)
    cycles = period.cycles(rules.cycle)
    pairs = supervisor_closure(staff)

    worklogs = coded(data.worklogs)
    logs = with_staff(worklogs, staff)
    starts = np.array([c.start for c in cycles], dtype="datetime64[ns]")
    cycle_keys = np.array([c.key for c in cycles], dtype=object)

    in_period = logs["completed_on"].between(period.start, period.end).fillna(False)
    approved = (logs["status"] == "approved").fillna(False).astype(bool)
    counted = logs[approved & in_period.astype(bool)]  # a new frame (copy on write)
    counted["cycle"] = cycle_of(counted["completed_on"], starts, cycle_keys)
    given = in_cycles(data.assignments, staff, starts, cycle_keys, period.start, period.end)
    assigned = None if data.assignments.empty else assigned_hours(given, data.norms, rules)
    counted = with_deliveries(counted, data.assignments, given)
    norms = lookup_norms(counted, data.norms)
    counted["norm_hours"] = norms["norm_hours"]
    counted["complexity"] = norms["complexity"]
    rows = score_rows(counted, rules, cal)

    dated = logs[logs["date"].between(period.start, period.end).fillna(False).astype(bool)]
    dated["cycle"] = cycle_of(dated["date"], starts, cycle_keys)
    sources = flagging.Sources(worklogs[["_file", "_sheet", "_row"]])
    del logs, worklogs, counted, norms  # the rows live on in `rows` and `dated`

    cycle_table = build_cycle_table(staff, data, rows, dated, cycles, rules, cal, pairs,
                                    assigned)
    period_table = build_period_table(cycle_table, rules, single=len(cycles) == 1)
    year_rules(cycle_table, staff, data.units, rules, period.start, period.end, is_year=False)
    year_rules(period_table, staff, data.units, rules, period.start, period.end,
               is_year=period.kind == "year")
    local = [one for one in flagging.CHECKS if not one.whole]
    flags = flagging.collect(flagging.FlagInputs(
        period=period.key, rules=rules, calendar=cal, staff=staff, pairs=pairs,
        dated=dated, detail=rows, cycles=cycle_table, period_table=period_table,
        units=pd.DataFrame(), quota=pd.DataFrame(), sources=sources,
        enforce_quota=enforce_quota,
    ), local)
    del dated
    for table in (period_table, cycle_table):
        _plain_text(table)
    return Partial(part=part, period_table=period_table, cycle_table=cycle_table,
                   detail=_detail_report(rows if detail else rows.iloc[:0], part), flags=flags,
                   calendar=cal)


def finish(parts: list[Partial], rules: Rules, period: Period, units: pd.DataFrame,
           cal: workcalendar.WorkCalendar, enforce_quota: bool = False) -> ScoreResult:
    """The step over every partition, on the per-staff tables: the quota of each top unit and
    duty group, the overall ranks, Vietnamese name order, the units table and the flags that
    compare units (`whole` checks). The partials are used up: their tables and detail are
    moved into the result (left empty, with their columns).
    """
    period_table = pd.concat([p.period_table for p in parts], ignore_index=True)
    cycle_table = pd.concat([p.cycle_table for p in parts], ignore_index=True)
    # the partials' rows are in these tables now: held once (a national run has hundreds)
    for part in parts:
        part.period_table = part.period_table.iloc[:0].copy()
        part.cycle_table = part.cycle_table.iloc[:0].copy()
    give_back()  # the partials' tables, freed
    period_table["_name"] = name_order(period_table["full_name"])
    quota = apply_quota(period_table, rules, enforce_quota, period.kind, units)
    _rank(period_table, rules, by_cycle=False)
    _rank(cycle_table, rules, by_cycle=True)
    give_back()  # the ranks' keys

    # rounded where it is (the table is this step's own) and copied once, in its order
    staff_out = _report(period_table, copy=False).sort_values(
        ["rank_overall", "_name", "staff_id"], na_position="last", kind="stable")
    del period_table  # the checks below see the same rows, in the staff's order
    give_back()
    # the cycle table (a row per person and cycle) is rounded where it is and copied once, in
    # its order and with the columns reported
    _report(cycle_table, copy=False)
    cycle_table["_name"] = name_order(cycle_table["full_name"])
    order = sort_positions(cycle_table, ["cycle", "rank_overall", "_name", "staff_id"])
    reported = [c for c in cycle_table.columns if not c.startswith("_")
                and c not in ("assessment_period", "org_ability", "unity")]
    cycles_out = pd.DataFrame({column: cycle_table.pop(column).take(order).reset_index(drop=True)
                               for column in [*reported, "assessment_period"]})
    del cycle_table, order
    give_back()  # the cycle table before its copy
    units_out = _units_table(staff_out, units)

    whole = [one for one in flagging.CHECKS if one.whole]
    empty = pd.DataFrame()
    flag_frame = flagging.ordered([*(p.flags for p in parts), flagging.collect(
        flagging.FlagInputs(
            period=period.key, rules=rules, calendar=cal, staff=empty, pairs=empty,
            dated=empty, detail=empty, cycles=empty, period_table=staff_out,
            units=units_out, quota=quota, sources=flagging.Sources(_NO_SOURCES),
            enforce_quota=enforce_quota,
        ), whole)])
    # each person's kinds, in the order of the flags: of those held and those counted
    elsewhere = functools.reduce(flagging.Tally.add, (p.elsewhere for p in parts),
                                 flagging.Tally())
    kinds = flagging.Tally.of(flag_frame).add(elsewhere).kinds
    listed = flagging.kinds_listed(kinds.reindex(staff_out["staff_id"].array, fill_value=0))
    staff_out["flags"] = pd.Series(listed.array, index=staff_out.index, dtype=object)
    staff_out = staff_out[list(STAFF_COLUMNS)].reset_index(drop=True)
    return ScoreResult(
        period=period, rules=rules, staff=staff_out, cycles=cycles_out,
        detail=_stack_details(parts), units=units_out, flags=flag_frame, quota=quota,
        calendar=cal, enforce_quota=enforce_quota, flags_elsewhere=elsewhere.counts,
    )


# the per-staff tables' key columns that can come out of the scoring steps as Python objects
_KEY_TEXT = ("staff_id", "cycle", "position_code")


def _plain_text(table: pd.DataFrame) -> None:
    """The key columns of a per-staff table as Arrow text, whatever the steps made them:
    a Python string per row and cycle costs 60 bytes more, held for a country's people until
    `finish`, and every partition then gives the same types."""
    for column in _KEY_TEXT:
        if column in table and table[column].dtype == object:
            table[column] = table[column].astype("string[pyarrow]")


def _stack_details(parts: list[Partial]) -> pd.DataFrame:
    """The partitions' detail rows one below the other, by unit, person, completion date,
    partition and row id, codes kept as categories (the union of theirs). Built one column at a
    time, each taken out of the partials as it is moved (their detail is emptied), so the rows
    are held once; when the partitions already follow one another in that order (one partition,
    or whole units in order), nothing is moved, and when whole units are only out of order
    their blocks are moved as blocks."""
    frames = [p.detail for p in parts]
    if not any(len(frame) for frame in frames):  # a national run keeps none: nothing to join
        return empty_like(frames[0].drop(columns=["_part", "_rowid"], errors="ignore"))
    blocks = _unit_blocks(frames)
    moved: np.ndarray | None = None
    if blocks is None:
        keys = ["unit_code", "staff_id", "completed_on", "_part", "_rowid"]
        order = sort_positions(_concat([f[keys] for f in frames]), keys)
        moved = None if _in_order(order) else order
    elif not blocks or (len(blocks) == len(frames) and all(
            block == (n, 0, len(frames[n])) for n, block in enumerate(blocks))):
        blocks = None  # no rows, or the partitions in order, whole: stacked as they are
    rows = sum(len(frame) for frame in frames)
    out: dict[str, pd.Series] = {}
    for column in [c for c in frames[0].columns if c not in ("_part", "_rowid")]:
        pieces = [frame.pop(column) for frame in frames]
        if blocks is not None:  # whole units out of order: their blocks, in one copy
            pieces = _same_categories(pieces)
            values = pd.concat([pieces[n].iloc[start:stop] for n, start, stop in blocks],
                               ignore_index=True)
        else:
            values = _stack(pieces)
            if moved is not None:
                values = values.take(moved)
        del pieces
        out[column] = values
        out[column].index = pd.RangeIndex(rows)
        del values
        give_back()  # the partitions' pieces of the column
    for frame in frames:
        for column in list(frame.columns):
            del frame[column]
    return pd.DataFrame(out, index=pd.RangeIndex(rows), copy=False)


def _unit_blocks(frames: list[pd.DataFrame]) -> list[tuple[int, int, int]] | None:
    """The blocks (partition, first row, end) of the partitions' details that, one after the
    other, put them in order, found from their units' blocks: each partition's detail is in
    order, unit by unit, so when every unit is in one partition the blocks in the order of
    their unit codes are the order (neighbouring blocks of one partition joined). None when a
    unit is in several partitions or missing (the rows are then sorted)."""
    blocks: list[tuple[str, int, int, int]] = []
    for n, frame in enumerate(frames):
        units = frame["unit_code"]
        if not isinstance(units.dtype, pd.CategoricalDtype) or units.isna().any():
            return None
        codes = units.cat.codes.to_numpy()
        if not len(codes):
            continue
        bounds = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1, [len(codes)]])
        names = units.cat.categories[codes[bounds[:-1]]]
        blocks += [(str(name), n, int(start), int(stop))
                   for name, start, stop in zip(names, bounds[:-1], bounds[1:], strict=True)]
    if len({name for name, _, _, _ in blocks}) < len(blocks):
        return None
    blocks.sort()
    joined: list[tuple[int, int, int]] = []
    for _, n, start, stop in blocks:
        if joined and joined[-1][0] == n and joined[-1][2] == start:
            joined[-1] = (n, joined[-1][1], stop)
        else:
            joined.append((n, start, stop))
    return joined


def _same_categories(columns: list[pd.Series]) -> list[pd.Series]:
    """Categorical columns recoded to the union of their categories, in the order of their
    text (as `_stack` gives them); other columns as they are."""
    if not isinstance(columns[0].dtype, pd.CategoricalDtype):
        return columns
    kind = columns[0].cat.categories.dtype
    union = pd.Index(sorted(set().union(*(c.cat.categories for c in columns))), dtype=kind)
    return [c.cat.set_categories(union) for c in columns]


def _stack(columns: list[pd.Series]) -> pd.Series:
    """Columns one below the other; categories stay categories (the union of theirs)."""
    if len(columns) == 1:
        return columns[0]
    if isinstance(columns[0].dtype, pd.CategoricalDtype):
        return pd.Series(union_categoricals(columns, sort_categories=True))
    return pd.concat(columns, ignore_index=True)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames one below the other, codes kept as categories (the union of theirs)."""
    if len(frames) == 1:
        return frames[0]
    return pd.DataFrame({column: _stack([f[column] for f in frames])
                         for column in frames[0].columns})


_NO_SOURCES = pd.DataFrame({"_file": pd.Series([], dtype=object),
                            "_sheet": pd.Series([], dtype=object),
                            "_row": pd.Series([], dtype="int64")})


def month_cycles(data: InputData, result: ScoreResult) -> pd.DataFrame:
    """One row per person and month of the result's period (the trend `kpitool report` draws).

    Under monthly cycles these are the result's cycles. Under quarterly cycles each month is
    scored on its own (a period shorter than the cycle is its own cycle, SPEC §3), so the trend
    still runs month by month.
    """
    if result.rules.cycle == "month" or result.period.kind == "month":
        return result.cycles
    return pd.concat([score(data, result.rules, month, enforce_quota=result.enforce_quota).cycles
                      for month in result.period.months()], ignore_index=True)


def _rank(table: pd.DataFrame, rules: Rules, by_cycle: bool) -> None:
    tiebreak = method_of(rules).tiebreak
    # only the keys the ranks need (a copy of the whole table would double a country's)
    rounded = pd.DataFrame({"level": table["level"], "total": round_series(table["total"]),
                            "task_score": round_series(table["task_score"]),
                            "_tie": round_series(table[tiebreak]),
                            "unit_code": table["unit_code"]}, index=table.index)
    if by_cycle:
        cycle = table["cycle"].astype("string")
        rounded["_unit"] = cycle + "\x00" + rounded["unit_code"]
        rounded["_all"] = cycle
        table["rank_in_unit"] = competition_rank(rounded, ["_unit"], "_tie")
        table["rank_overall"] = competition_rank(rounded, ["_all"], "_tie")
    else:
        table["rank_in_unit"] = competition_rank(rounded, ["unit_code"], "_tie")
        table["rank_overall"] = competition_rank(rounded, None, "_tie")


def _report(table: pd.DataFrame, copy: bool = True) -> pd.DataFrame:
    """Round the reported numbers (in `table` itself when not `copy`)."""
    out = table.copy() if copy else table
    for column in SCORE_COLUMNS:
        if column in out:
            out[column] = round_series(out[column])
    out["level"] = out["level"].astype("string")
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


# the detail's text columns that are codes or keys, kept as categories like the others
_CODED_TEXT = ("assignment_id", "assignment_owner", "delivers")


def _detail_report(detail: pd.DataFrame, part: int) -> pd.DataFrame:
    """The counted rows with their computed columns, by unit, person, completion date and file
    order (each unit's rows one block, as the unit files take them), with the partition and row
    ids that keep that order when partitions are put together. Codes are categories in the
    order of their text, so that the order does not depend on which rows a partition holds.

    The rows are put in order by their positions, one column at a time, each column taken out
    of `detail` as it is moved (`detail` is emptied): the rows are held once, not twice.
    """
    for column in _CODED_TEXT:  # mostly blank: a byte a row as codes, eight as text
        if column in detail and not isinstance(detail[column].dtype, pd.CategoricalDtype):
            detail[column] = detail[column].astype("category")
    for column in detail.columns:
        if isinstance(detail[column].dtype, pd.CategoricalDtype):
            detail[column] = detail[column].cat.set_categories(
                sorted(detail[column].cat.categories))
    positions = sort_positions(detail, ["unit_code", "staff_id", "completed_on", "_rowid"])
    order = None if _in_order(positions) else positions
    columns = [c for c in DETAIL_COLUMNS if c in detail.columns] + ["_rowid"]
    out: dict[str, pd.Series] = {}
    for column in columns:
        values = detail.pop(column)
        if order is not None:
            values = values.take(order)
        out[column] = round_series(values) if column in DETAIL_NUMBERS else values
        out[column].index = pd.RangeIndex(len(values))
    frame = pd.DataFrame(out, copy=False)
    frame.insert(len(frame.columns) - 1, "_part", np.full(len(frame), part, dtype=np.int32))
    return frame


def _in_order(order: np.ndarray) -> bool:
    """Whether sorting positions leave every row where it is."""
    return bool((order == np.arange(len(order))).all())


def calendar_for(data: InputData, period: Period,
                 years: tuple[int, int] | None = None) -> workcalendar.WorkCalendar:
    """The working calendar of every year a date of the run falls in (and of `years`, the
    first and last year of a partitioned dataset's dates)."""
    found = {period.start.year, period.end.year, *(years or ())}
    for column in ("date", "deadline", "completed_on"):
        values = data.worklogs[column].dropna()
        if len(values):
            found.update((values.min().year, values.max().year))
    return workcalendar.build_calendar(data.calendar, min(found), max(found))
