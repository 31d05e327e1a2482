"""A partitioned worklog dataset: `DATASET/agency=<top unit>/month=<yyyy-mm>/*.parquet`.

The agency of a row is the top unit of its staff member's unit (staff → unit → top unit), the
month that of its `date`. `_kpitool.json` beside the partitions keeps the period the rows span
and the years of their dates (the working calendar every partition is scored with).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpitool.data import InputData
from kpitool.errors import InputFileError
from kpitool.issues import Issue
from kpitool.scoring.periods import infer_period
from kpitool.scoring.staff import top_units

META = "_kpitool.json"
DATE_COLUMNS = ("date", "deadline", "completed_on")


def agency_of_staff(data: InputData) -> pd.Series:
    """The top unit of each staff member (by staff_id)."""
    tops = top_units(data.units)
    staff = data.staff.drop_duplicates("staff_id").set_index("staff_id")
    return staff["unit_code"].map(lambda unit: tops.get(unit, unit)).astype("string")


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


def write_dataset(data: InputData, out: Path) -> list[Path]:
    """Write the worklogs (with their source columns) as a Hive-partitioned Parquet dataset.

    Raises:
        InputFileError: `out` exists (a dataset is never written over).
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    if out.exists():
        raise InputFileError("dataset_exists", file=str(out))
    logs = data.worklogs.copy()
    logs.insert(0, "agency", logs["staff_id"].map(agency_of_staff(data)).astype("string"))
    logs.insert(1, "month", logs["date"].dt.strftime("%Y-%m").astype("string"))
    logs = logs[logs["agency"].notna()]
    years = [int(logs[c].dropna().dt.year.min()) for c in DATE_COLUMNS if logs[c].notna().any()]
    years += [int(logs[c].dropna().dt.year.max()) for c in DATE_COLUMNS if logs[c].notna().any()]
    staging = out.with_name(f".{out.name}.partial")
    table = pa.Table.from_pandas(logs, preserve_index=False)
    ds.write_dataset(table, staging, format="parquet", partitioning=["agency", "month"],
                     partitioning_flavor="hive", existing_data_behavior="delete_matching")
    meta = {"period": infer_period(data.worklogs).key, "years": [min(years), max(years)]}
    (staging / META).write_text(json.dumps(meta), encoding="utf-8")
    staging.rename(out)
    return sorted(out.rglob("*.parquet"))


@dataclass(frozen=True)
class Partition:
    """One agency's files in the dataset (the months up to the period's end)."""

    agency: str
    files: tuple[str, ...]


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
    return [Partition(agency, tuple(files)) for agency, files in sorted(found.items())]


def _hive_value(name: str) -> str:
    from urllib.parse import unquote

    return unquote(name.split("=", 1)[1])


def read_partition(partition: Partition) -> pd.DataFrame:
    """The worklog rows of one agency, typed as `kpitool partition` wrote them."""
    import pyarrow.parquet as pq

    frames = [pq.read_table(path).to_pandas() for path in partition.files]
    logs = pd.concat(frames, ignore_index=True).drop(columns=["agency", "month"],
                                                     errors="ignore")
    for column in ("_file", "_sheet"):
        logs[column] = logs[column].astype("string")
    return logs


def agency_data(companions: InputData, agency: str, worklogs: pd.DataFrame) -> InputData:
    """The inputs of one agency: its units, staff and their assessments, leave and assignments,
    the worklog rows given, and the whole of the catalog's shared sheets."""
    tops = top_units(companions.units)
    units = companions.units[companions.units["unit_code"].map(
        lambda u: tops.get(u, u)) == agency]
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
