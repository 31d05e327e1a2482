"""Where flagged rows came from, and the grouping the checks share: the speed machinery of the
flags, apart from what they check.

A run of ten million worklog rows keeps its (file, sheet, row) once, in `Sources`; a flag keeps
only the ids of its rows (`SourceRows`). `groups` splits a frame by keys with each group's rows in
file order, in one sort for all groups.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from kpitool.frames import (
    RADIX_BITS,
    dense_codes,
    is_ascending,
    key_codes,
    sort_positions,
    stable_order,
)


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

    def joined(self, heads: list[np.ndarray]) -> list[str]:
        """For each list of row ids, its rows as `file › sheet › row; …`: the file by its name
        only, and no sheet for a CSV or Parquet file (its "sheet" is its own name). Built in
        Arrow, every row of every list in one step."""
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = np.concatenate(heads) if heads else np.empty(0, dtype=np.int64)
        width = max(len(self.sheets), 1)
        prefixes = pa.array([source_label(str(f), str(s)) + " › " for f in self.files
                             for s in self.sheets], type=pa.string())
        which = self.file_codes[ids].astype(np.int64) * width + self.sheet_codes[ids]
        labels = pc.binary_join_element_wise(pc.take(prefixes, pa.array(which)),
                                             pc.cast(pa.array(self.rows[ids]), pa.string()), "")
        offsets = np.zeros(len(heads) + 1, dtype=np.int64)
        np.cumsum([len(head) for head in heads], out=offsets[1:])
        lists = pa.LargeListArray.from_arrays(pa.array(offsets), labels)
        return pc.binary_join(lists, "; ").to_pylist()  # type: ignore[no-any-return]

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


def objects(values: pd.Series) -> np.ndarray:
    """A column as an object array, built from its distinct values (Arrow-backed text converts
    row by row otherwise, which costs seconds at ten million rows)."""
    if values.dtype.kind in "iufbM":
        return values.to_numpy()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.append(np.asarray(uniques, dtype=object), np.array([None], dtype=object))
    return table[codes]


@dataclass
class Groups:
    """Rows of a frame split into groups by keys, in the keys' order, each group's rows in file
    order: `order` holds the rows' positions in the frame, group after group; group g is
    `order[starts[g]:ends[g]]`."""

    order: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    ids: np.ndarray  # the rows' `_rowid`, in `order`
    sources: Sources

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def firsts(self) -> np.ndarray:
        """The position in the frame of each group's first row (in file order)."""
        return self.order[self.starts]

    @property
    def sizes(self) -> np.ndarray:
        return self.ends - self.starts

    def rows(self) -> np.ndarray:
        """Each group's source rows, as an object array of `SourceRows`."""
        ids, sources = self.ids, self.sources
        return np.fromiter((SourceRows(sources, ids[start:end]) for start, end in
                            zip(self.starts.tolist(), self.ends.tolist(), strict=True)),
                           dtype=object, count=len(self.starts))

    def first(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        """The value of `column` in each group's first row, as an object array (missing: None)."""
        return objects(frame[column].iloc[self.firsts])

    def values(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        """`column` of every row, group after group (slice it with `starts` and `ends`)."""
        return frame[column].to_numpy()[self.order]


def groups(frame: pd.DataFrame, keys: list[str], sources: Sources) -> Groups:
    """The groups of `frame` by `keys` (ascending as the keys sort, a missing value last), each
    with its rows in file order, in time linear in rows: the keys' integer codes and a stable
    radix sort of them over rows already in file order (the usual case: else sorted so first)."""
    positions = np.arange(len(frame), dtype=np.int64)
    rowids = frame["_rowid"].to_numpy(dtype=np.int64) if len(frame) else positions
    ranks = sources.rank[rowids]
    if not is_ascending(ranks):
        positions = np.argsort(ranks)
    codes, size = key_codes(frame, keys)
    codes = codes[positions]
    if size > 1 << RADIX_BITS:
        codes, size = dense_codes(codes, size)
    within = stable_order(codes, size)
    order = positions[within]
    codes = codes[within]
    change = np.empty(len(codes), dtype=bool)
    change[:1] = True
    np.not_equal(codes[1:], codes[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(codes)).astype(np.int64)
    return Groups(order, starts, ends, rowids[order], sources)
