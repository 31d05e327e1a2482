"""The flags of a partitioned run, written agency by agency as the agencies are scored.

Nearly every worklog row is a source row of some flag, so a run that kept every flag's rows
until the end would hold all the rows of the country. Instead each agency's flags go into
`flags/agency=…/` (Parquet, every source row as a `(file, sheet, row)` struct, coded from the
row ids in one step) as soon as its result arrives, and only the first rows of each flag stay
in memory, with their count: all the workbooks show (`reports.rowtexts.rows_texts`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpitool.errors import OutputError
from kpitool.flags import SourceRows, Sources, Tally

if TYPE_CHECKING:
    import pyarrow as pa

HEAD_ROWS = 20  # source rows kept per flag: as many as a workbook's flags sheet shows


class HeadRows(SourceRows):
    """A flag's first source rows and how many it has in all (`len`); the others are in
    `flags/`. Iterating or slicing gives the first rows only."""

    __slots__ = ("total",)

    def __init__(self, sources: Sources, ids: np.ndarray, total: int) -> None:
        super().__init__(sources, ids)
        self.total = total

    def __len__(self) -> int:
        return self.total


def heads(flags: pd.DataFrame, limit: int = HEAD_ROWS) -> pd.DataFrame:
    """`flags` (of one partition) with each flag's rows cut to its first `limit`, held by a
    `Sources` of those rows only (not of every row of the partition)."""
    cut = [rows[:limit] for rows in flags["rows"]]
    with_ids = [r for r in cut if isinstance(r, SourceRows) and r.sources is not None
                and len(r.ids)]
    if not with_ids:
        return flags
    sources = with_ids[0].sources
    assert sources is not None and all(r.sources is sources for r in with_ids), \
        "the flags of one partition share one Sources"
    kept = np.unique(np.concatenate([r.ids for r in with_ids]))
    small = Sources(pd.DataFrame({"_file": sources.files[sources.file_codes[kept]],
                                  "_sheet": sources.sheets[sources.sheet_codes[kept]],
                                  "_row": sources.rows[kept]}))
    rows = [HeadRows(small, np.searchsorted(kept, r.ids), len(full))
            if isinstance(r, SourceRows) and r.sources is sources else full
            for r, full in zip(cut, flags["rows"], strict=True)]
    return flags.assign(rows=pd.Series(rows, index=flags.index, dtype=object))


def shown_only(flags: pd.DataFrame, shown: int) -> tuple[pd.DataFrame, Tally]:
    """`flags` (of one partition) cut to the first `shown` flags of each kind, in the order of
    a run's flags (`flags.ordered`), and the tally of the others (how many of each kind, each
    person's kinds): they are in `flags/`, with their parameters and every source row. The
    source rows kept are then held by a `Sources` of theirs only.

    A run with more flags than its workbook shows lists in its report only the first `shown`
    of each kind (`reports.html`): in the run's order these are among the first `shown` of
    their own agency, since that order, restricted to one agency's flags, is the agency's.
    What the client keeps of the others is a few bytes a person, not a row a flag."""
    from kpitool.flags.checks import order_positions

    if len(flags) <= shown:
        return flags, Tally()
    positions = order_positions(flags)
    codes = flags["code"].astype(object).to_numpy()[positions]
    first = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy() < shown
    whole = np.zeros(len(flags), dtype=bool)
    whole[positions[first]] = True
    # the whole flags' rows in a `Sources` of their own: the partition's held every flag's
    return heads(flags[whole]), Tally.of(flags[~whole])


def source_rows_array(column: pd.Series) -> pa.LargeListArray:
    """Each flag's source rows as a list of `(file, sheet, row)` structs, files and sheets
    dictionary-coded: built from the row ids in their `Sources`, without a tuple per row."""
    import pyarrow as pa

    lengths = np.fromiter((len(r) for r in column), dtype=np.int64, count=len(column))
    offsets = np.zeros(len(column) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    names: dict[str, int] = {}
    files = np.empty(int(offsets[-1]), dtype=np.int32)
    sheets = np.empty(int(offsets[-1]), dtype=np.int32)
    numbers = np.empty(int(offsets[-1]), dtype=np.int64)
    by_sources: dict[int, list[int]] = {}
    for k, rows in enumerate(column):
        if isinstance(rows, SourceRows) and rows.sources is not None and len(rows.ids):
            by_sources.setdefault(id(rows.sources), []).append(k)
            continue
        for j, (file, sheet, row) in enumerate(rows):
            files[offsets[k] + j] = names.setdefault(str(file), len(names))
            sheets[offsets[k] + j] = names.setdefault(str(sheet), len(names))
            numbers[offsets[k] + j] = int(row)
    for ks in by_sources.values():
        sources = column.iloc[ks[0]].sources
        ids = np.concatenate([column.iloc[k].ids for k in ks])
        counts = lengths[ks]
        where = np.repeat(offsets[ks] - (np.cumsum(counts) - counts), counts) + np.arange(len(ids))
        file_names = np.array([names.setdefault(str(f), len(names)) for f in sources.files],
                              dtype=np.int32)
        sheet_names = np.array([names.setdefault(str(s), len(names)) for s in sources.sheets],
                               dtype=np.int32)
        files[where] = file_names[sources.file_codes[ids]]
        sheets[where] = sheet_names[sources.sheet_codes[ids]]
        numbers[where] = sources.rows[ids]
    dictionary = pa.array(list(names), type=pa.string())
    structs = pa.StructArray.from_arrays(
        [pa.DictionaryArray.from_arrays(pa.array(files), dictionary),
         pa.DictionaryArray.from_arrays(pa.array(sheets), dictionary), pa.array(numbers)],
        names=["file", "sheet", "row"])
    return pa.LargeListArray.from_arrays(pa.array(offsets), structs)


def dataset_table(agencies: pd.Series, flags: pd.DataFrame) -> pa.Table:
    """The flags as `flags/` holds them: each with its agency (`agencies`, by flag), `params`
    as JSON text, every source row as a `(file, sheet, row)` struct."""
    import pyarrow as pa

    plain = flags.drop(columns=["params", "rows"]).assign(
        params=[json.dumps(p or {}, ensure_ascii=False) for p in flags["params"]])
    plain.insert(0, "agency", agencies.astype("string").to_numpy())
    return pa.Table.from_pandas(plain, preserve_index=False).append_column(
        "rows", source_rows_array(flags["rows"]))


class FlagsOut:
    """`flags/` of a partitioned run, written into a staging folder beside it as the agencies'
    flags arrive and moved to its name by `close`."""

    def __init__(self, target: Path) -> None:
        """
        Raises:
            OutputError: `target` exists (a dataset is never written over).
        """
        if target.exists():
            raise OutputError("dataset_output_exists", file=str(target))
        self.target = target
        self.staging = target.with_name(f".{target.name}.partial")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.written = 0

    def write(self, agencies: pd.Series, flags: pd.DataFrame) -> None:
        """The flags, each in the folder of its agency (`agencies`, by flag), every source
        row of each; `params` as JSON text."""
        if not flags.empty:
            self.write_table(dataset_table(agencies, flags))

    def write_table(self, table: pa.Table) -> None:
        """Flags already made into a table (`dataset_table`), e.g. by the task that raised them."""
        import pyarrow.dataset as ds

        if table.num_rows == 0:
            return
        ds.write_dataset(table, self.staging, format="parquet", partitioning=["agency"],
                         partitioning_flavor="hive",
                         basename_template=f"part-{self.written}-{{i}}.parquet",
                         existing_data_behavior="overwrite_or_ignore", preserve_order=True)
        self.written += 1

    def close(self) -> Path:
        """Move the flags to their name."""
        self.staging.rename(self.target)
        return self.target

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
