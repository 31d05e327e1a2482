"""Where flagged rows came from, and the grouping the checks share: the speed machinery of the
flags, apart from what they check.

A run of ten million worklog rows keeps its (file, sheet, row) once, in `Sources`; a flag keeps
only the ids of its rows (`SourceRows`). `groups` splits a frame by keys with each group's rows in
file order, in one sort for all groups.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from kpitool.frames import group_codes, sort_positions


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
    on demand from the shared `Sources` (`sources`, with the rows' `ids` in it)."""

    __slots__ = ("ids", "sources")

    def __init__(self, sources: Sources | None, ids: np.ndarray) -> None:
        self.sources = sources
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> tuple[str, str, int]: ...

    @overload
    def __getitem__(self, index: slice) -> SourceRows: ...

    def __getitem__(self, index: int | slice) -> tuple[str, str, int] | SourceRows:
        if isinstance(index, slice):
            return SourceRows(self.sources, self.ids[index])
        assert self.sources is not None
        return self.sources.triple(int(self.ids[index]))

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        sources = self.sources
        if sources is None or not len(self.ids):
            return iter(())
        ids = self.ids
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


@dataclass
class Group:
    """One group of rows: its key values, its first unit, its rows' columns (in file order)
    and its source rows."""

    keys: tuple
    unit: Any
    columns: dict[str, np.ndarray]
    rows: SourceRows

    def first(self, column: str) -> Any:
        return self.unit if column == "unit_code" else self.columns[column][0]


def objects(values: pd.Series) -> np.ndarray:
    """A column as an object array, built from its distinct values (Arrow-backed text converts
    row by row otherwise, which costs seconds at ten million rows)."""
    if values.dtype.kind in "iufbM":
        return values.to_numpy()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.append(np.asarray(uniques, dtype=object), np.array([None], dtype=object))
    return table[codes]


def groups(frame: pd.DataFrame, keys: list[str], sources: Sources,
           columns: tuple[str, ...] = ()) -> Iterable[Group]:
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
    key_arrays = [objects(frame[key].iloc[firsts]) for key in keys]
    units = objects(frame["unit_code"].iloc[firsts])
    wanted = {column: objects(frame[column])[order] for column in columns}
    ids = rowids[order]
    for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        yield Group(
            keys=tuple(values[i] for values in key_arrays),
            unit=units[i],
            columns={column: values[start:end] for column, values in wanted.items()},
            rows=SourceRows(sources, ids[start:end]),
        )
