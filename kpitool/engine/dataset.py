"""A partitioned worklog dataset: `DATASET/agency=<top unit>/month=<yyyy-mm>/*.parquet`.

The agency of a row is the top unit of its staff member's unit (staff → unit → top unit), the
month that of its `date`. `_kpitool.json` beside the partitions keeps the period the rows span
and the years of their dates (the working calendar every partition is scored with).

The assessments and assignments given to `kpitool partition` are written by agency too
(`DATASET/_general/agency=<code>/`, `DATASET/_assignments/agency=<code>/`, each row with its
`_file`, `_sheet`, `_row`): each agency's task reads its own beside its worklogs, so that the
client of a national run never holds the country's (`_kpitool.json` keeps their files'
checksums and column layouts, which name a cell in a message).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kpitool.data import InputData, InputFile
from kpitool.errors import InputFileError, InvalidDataError, UsageError
from kpitool.frames import empty_like
from kpitool.issues import Issue
from kpitool.scoring.periods import infer_period
from kpitool.scoring.rows import FREE_TEXT
from kpitool.scoring.staff import top_units

META = "_kpitool.json"
DATE_COLUMNS = ("date", "deadline", "completed_on")
# the companions written by agency into the dataset: kind of file → its sheet
HELD = {"assessments": "general", "assignments": "assignments"}


def agency_of(units: pd.DataFrame, codes: pd.Series) -> pd.Series:
    """The agency (top unit) of each unit code of `codes`, by the catalog's `units`."""
    tops = top_units(units)
    return codes.map(lambda unit: tops.get(unit, unit))


def agency_of_staff(data: InputData) -> pd.Series:
    """The top unit of each staff member (by staff_id)."""
    staff = data.staff.drop_duplicates("staff_id").set_index("staff_id")
    return agency_of(data.units, staff["unit_code"]).astype("string")


def crossing_chains(data: InputData) -> list[Issue]:
    """A staff member whose supervisor works in another top unit: the chain would be cut in
    two partitions (a leader's D would miss subordinates), so it is an error at their row."""
    agency = agency_of_staff(data)
    staff = data.staff.drop_duplicates("staff_id")
    supervised = staff[staff["supervisor_id"].notna()]
    own = supervised["staff_id"].map(agency)
    theirs = supervised["supervisor_id"].map(agency)
    crossing = supervised[(own != theirs).fillna(False).astype(bool) & theirs.notna()]
    return [Issue("chain_crosses_agency", file=str(row["_file"]), sheet=str(row["_sheet"]),
                  row=int(row["_row"]), value=str(row["staff_id"]),
                  params={"supervisor": str(row["supervisor_id"]), "agency": str(own[i]),
                          "other": str(theirs[i])})
            for i, row in crossing.iterrows()]


def partition_files(worklogs: list[Path], companions: list[Path], out: Path,
                    skip_invalid: bool = False, encoding: str | None = None,
                    progress: Callable[[str], None] | None = None,
                    ) -> tuple[list[Path], int, list[Issue]]:
    """Validate the worklog files one at a time against the companions (read once) and write
    their rows into the dataset `out`: memory bounded by one file. The assessments and
    assignments among the companions are written into it by agency (`HELD`). The dataset
    appears at `out` only when every file is in it.

    Returns the dataset's files, the rows written and the issues whose rows were skipped.

    Raises:
        InputFileError: `out` exists (a dataset is never written over).
        InvalidDataError: the companions are invalid, a supervisor chain crosses agencies, or a
            worklog file has errors (with `skip_invalid`: errors that cannot be skipped).
    """
    from kpitool.io.readers import read_inputs
    from kpitool.memory import give_back
    from kpitool.pipeline import drop_invalid_rows
    from kpitool.validation import cross_checks

    if out.exists():
        raise InputFileError("dataset_exists", file=str(out))
    base, issues = read_inputs(companions, encoding=encoding, progress=progress)
    errors = [i for i in [*issues, *cross_checks(base)] if i.severity == "error"]
    errors += crossing_chains(base)
    if errors:
        raise InvalidDataError(errors)
    staging = out.with_name(f".{out.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    agency = agency_of_staff(base)
    years: set[int] = set()
    period: set[str] = set()
    rows = 0
    skipped: list[Issue] = []
    try:
        # the assessments first: no worklog row is checked against them, so they are then let go
        held = _write_companions(base, agency, staging)
        base = dataclasses.replace(base, general=empty_like(base.general))
        give_back()
        for number, path in enumerate(worklogs):
            read, found = read_inputs([path], encoding=encoding, progress=progress)
            data = dataclasses.replace(base, worklogs=read.worklogs)
            found += [i for i in cross_checks(_file_inputs(base, agency, read.worklogs))
                      if i.file == str(path)]
            if any(i.severity == "error" for i in found):
                if not skip_invalid:
                    raise InvalidDataError([i for i in found if i.severity == "error"])
                data, dropped, fatal = drop_invalid_rows(data, found)
                if fatal:
                    raise InvalidDataError(fatal)
                skipped += dropped
            logs = data.worklogs
            if logs.empty:
                continue
            years.update(int(y) for c in DATE_COLUMNS for y in logs[c].dropna().dt.year.unique())
            period.update(logs["date"].dropna().dt.strftime("%Y-%m").unique())
            _write_rows(logs, agency, staging, number)
            rows += len(logs)
        if not rows:
            raise InputFileError("nothing_to_score", files=", ".join(map(str, worklogs)))
        months = sorted(period)
        meta = {"period": _span(months), "years": [min(years), max(years)],
                "companions": held}
        (staging / META).write_text(json.dumps(meta), encoding="utf-8")
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(out.rglob("*.parquet")), rows, skipped


def _file_inputs(base: InputData, agency: pd.Series, logs: pd.DataFrame) -> InputData:
    """What one worklog file is checked against: the companions of the agencies its rows are
    of (with the staff of other agencies who approved some of them, and the assignments its
    rows name), not the whole country's. The companions were checked once, whole; checking
    them again with every file made a national partition's cost grow with files × people."""
    staff_ids = logs["staff_id"].dropna().astype(str).unique()
    here = set(agency.reindex(staff_ids).dropna().astype(str))
    data = with_approvers(agency_data(base, here, logs), base.staff)
    named = logs["assignment_id"].dropna().astype(str).unique() \
        if "assignment_id" in logs else []
    given = base.assignments
    others = given[given["assignment_id"].isin(named)
                   & ~given["assignment_id"].isin(data.assignments["assignment_id"])] \
        if "assignment_id" in given else given.iloc[:0]
    return dataclasses.replace(
        data, assignments=pd.concat([data.assignments, others], ignore_index=True))


def with_approvers(data: InputData, staff: pd.DataFrame) -> InputData:
    """`data` (some agencies' inputs) with the staff of other agencies, from the whole
    `staff`, who approved some of its worklog rows: its rows are checked with them known."""
    approvers = staff[staff["staff_id"].isin(data.worklogs["approver_id"].dropna().unique())
                      & ~staff["staff_id"].isin(data.staff["staff_id"])]
    return dataclasses.replace(data, staff=pd.concat([data.staff, approvers],
                                                     ignore_index=True))


def _span(months: list[str]) -> str | None:
    """The period key the months span, as `infer_period` names it (None: more than a quarter,
    `kpitool score` then needs `--period`)."""
    frame = pd.DataFrame({"date": pd.to_datetime([months[0] + "-01", months[-1] + "-01"])})
    try:
        return infer_period(frame).key
    except UsageError:
        return None


def _write_rows(logs: pd.DataFrame, agency: pd.Series, staging: Path, number: int) -> None:
    logs = logs.drop(columns=[c for c in FREE_TEXT if c in logs.columns])
    logs.insert(1, "month", logs["date"].dt.strftime("%Y-%m").astype("string"))
    _write_by_agency(logs, agency, staging, ["agency", "month"], f"part-{number}-{{i}}.parquet")


def _write_by_agency(frame: pd.DataFrame, agency: pd.Series, folder: Path,
                     partitioning: list[str], names: str) -> None:
    """The rows of `frame` (of staff whose agency `agency` gives) into `folder`, a Hive
    partition by agency (and the other columns of `partitioning`), in the order of the rows."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    frame = frame.astype({c: "string" for c in frame.columns  # codes read as categories
                          if isinstance(frame[c].dtype, pd.CategoricalDtype)})
    frame.insert(0, "agency", frame["staff_id"].map(agency).astype("string"))
    frame = frame[frame["agency"].notna()]
    ds.write_dataset(pa.Table.from_pandas(frame, preserve_index=False), folder,
                     format="parquet", partitioning=partitioning, partitioning_flavor="hive",
                     basename_template=names, existing_data_behavior="overwrite_or_ignore",
                     preserve_order=True)


def _write_companions(base: InputData, agency: pd.Series, staging: Path) -> dict:
    """The assessments and assignments of `base` (those given) into `staging/_<sheet>/` by
    agency; what `_kpitool.json` records of them: each kind's files and column layouts."""
    held: dict[str, dict] = {}
    for kind, sheet in HELD.items():
        files = [f for f in base.files if f.kind == kind]
        if not files:
            continue
        frame = getattr(base, sheet)
        if not frame.empty:
            _write_by_agency(frame, agency, staging / f"_{sheet}", ["agency"], "part-{i}.parquet")
        paths = {str(f.path) for f in files}
        held[kind] = {
            "files": [{"path": str(f.path), "sha256": f.sha256} for f in files],
            "layouts": [[file, name, layout] for (file, name), layout in base.layouts.items()
                        if file in paths],
        }
    return held


def held_inputs(meta: dict) -> tuple[list[InputFile], dict[tuple[str, str], dict]]:
    """The files of the companions the dataset holds, and their column layouts (as
    `InputData.files` and `InputData.layouts` keep them)."""
    files, layouts = [], {}
    for kind, record in meta.get("companions", {}).items():
        files += [InputFile(Path(f["path"]), kind, f["sha256"]) for f in record["files"]]
        layouts.update({(file, sheet): {k: tuple(v) for k, v in layout.items()}
                        for file, sheet, layout in record["layouts"]})
    return files, layouts


@dataclass(frozen=True)
class Partition:
    """One agency's files in the dataset (the months up to the period's end), and those of
    its companions the dataset holds: (sheet, its files) for each sheet of `HELD` written."""

    agency: str
    files: tuple[str, ...]
    companions: tuple[tuple[str, tuple[str, ...]], ...] = ()


def read_meta(dataset: Path) -> dict:
    """The period and years `kpitool partition` recorded.

    Raises:
        InputFileError: not a dataset written by `kpitool partition`.
    """
    try:
        return dict(json.loads((dataset / META).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise InputFileError("not_a_dataset", file=str(dataset)) from exc


def partitions(dataset: Path, last_month: str) -> list[Partition]:
    """The agencies of the dataset, each with its files of the months up to `last_month` (a row
    dated before the period may be completed in it)."""
    found: dict[str, list[str]] = {}
    for folder in sorted(dataset.glob("agency=*")):
        agency = _hive_value(folder.name)
        for month in sorted(folder.glob("month=*")):
            if _hive_value(month.name) <= last_month:
                found.setdefault(agency, []).extend(str(p) for p in sorted(month.glob("*.parquet")))
    held = {sheet: {_hive_value(folder.name): tuple(str(p) for p in sorted(folder.glob("*.parquet")))
                    for folder in (dataset / f"_{sheet}").glob("agency=*")}
            for sheet in HELD.values()}
    return [Partition(agency, tuple(files),
                      tuple((sheet, own[agency]) for sheet, own in held.items() if agency in own))
            for agency, files in sorted(found.items())]


def _hive_value(name: str) -> str:
    from urllib.parse import unquote

    return unquote(name.split("=", 1)[1])


def read_partition(partition: Partition) -> pd.DataFrame:
    """The worklog rows of one agency, typed as `kpitool partition` wrote them."""
    logs = _read_files(partition.files)
    for column in ("_file", "_sheet"):
        logs[column] = logs[column].astype("string")
    return logs


def _read_files(files: tuple[str, ...]) -> pd.DataFrame:
    """The rows of a partition's Parquet files, in order, without the Hive columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # an agency's rows come in a file per month and input file: read in threads, in order,
    # and made a frame once (a frame per file costs milliseconds each, and many offices
    # may send files for one agency)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        tables = list(pool.map(pq.read_table, files))
    return pa.concat_tables(tables, promote_options="permissive").to_pandas().drop(
        columns=["agency", "month"], errors="ignore")


def with_own_companions(partition: Partition, companions: InputData) -> InputData:
    """`companions` with the assessments and assignments of the agency that the dataset holds,
    read from its files and typed as a read of the workbooks types them (the sheets of
    `companions`, empty, give the types; the source columns are categories).

    Raises:
        OSError, pyarrow.ArrowInvalid: a file cannot be read."""
    own = {}
    for sheet, files in partition.companions:
        like = getattr(companions, sheet)
        types = {**like.dtypes.to_dict(), "_file": "category", "_sheet": "category"}
        own[sheet] = _read_files(files).astype(types)[like.columns]
    return dataclasses.replace(companions, **own)


class AgencySlices:
    """Each agency's own companions (`agency_data` of no worklog rows), cut from the country's
    at once: the rows of each table are grouped by agency once, not searched for every agency.
    What one agency's task on a cluster carries instead of the whole country's assessments."""

    def __init__(self, companions: InputData) -> None:
        self.companions = companions
        units = companions.units
        staff_agency = agency_of_staff(companions)
        self._rows = {
            "units": _groups(agency_of(units, units["unit_code"])),
            "staff": _groups(agency_of(units, companions.staff["unit_code"])),
            **{name: _groups(getattr(companions, name)["staff_id"].map(staff_agency))
               for name in ("leave", "general", "assignments")},
        }

    def __call__(self, agency: str) -> InputData:
        """The companions of `agency`, in the country's row order."""
        def part(name: str) -> pd.DataFrame:
            frame = getattr(self.companions, name)
            rows = self._rows[name].get(agency, np.empty(0, dtype=np.intp))
            return frame.iloc[rows].reset_index(drop=True)

        return dataclasses.replace(self.companions, units=part("units"), staff=part("staff"),
                                   leave=part("leave"), general=part("general"),
                                   assignments=part("assignments"))


def _groups(agency: pd.Series) -> dict[str, np.ndarray]:
    """The positions of the rows of each agency (rows of no agency left out)."""
    if agency.empty:
        return {}
    return {str(key): rows for key, rows in
            agency.groupby(agency.to_numpy(dtype=object), sort=False, dropna=True).indices.items()}


def agency_data(companions: InputData, agency: str | set[str],
                worklogs: pd.DataFrame) -> InputData:
    """The inputs of one agency (or of a set of agencies): its units, staff and their
    assessments, leave and assignments, the worklog rows given, and the whole of the catalog's
    shared sheets."""
    agencies = {agency} if isinstance(agency, str) else agency
    units = companions.units[agency_of(companions.units, companions.units["unit_code"])
                             .isin(agencies)]
    staff = companions.staff[companions.staff["unit_code"].isin(units["unit_code"])]
    ids = staff["staff_id"]
    return InputData(
        units=units.reset_index(drop=True), positions=companions.positions,
        tasks=companions.tasks, staff=staff.reset_index(drop=True), norms=companions.norms,
        calendar=companions.calendar,
        leave=companions.leave[companions.leave["staff_id"].isin(ids)].reset_index(drop=True),
        worklogs=worklogs,
        general=companions.general[companions.general["staff_id"].isin(ids)].reset_index(
            drop=True),
        assignments=companions.assignments[companions.assignments["staff_id"].isin(ids)
                                           ].reset_index(drop=True),
        files=companions.files, layouts=companions.layouts,
    )
