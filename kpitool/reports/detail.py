"""Row-level detail beside the workbooks, for runs too large for a spreadsheet sheet.

Every counted row stays traceable: the CSV (UTF-8 with BOM, so Excel opens it with its
diacritics) carries the Vietnamese column labels, d/m/yyyy dates and the source file, sheet and
row; the Parquet file holds the same rows with exact types, for analysts' tools.

The rows are ordered by unit, so that each unit's rows are one block of the whole-run CSV (its
workbook names the rows): the blocks are turned into CSV text once, in pieces that run on both
cores, each into a part of the whole-run CSV, and when asked also into the unit's own CSV; the
parts are joined at the end.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from kpitool.io.atomic import atomic_path
from kpitool.io.safetext import neutralise_arrow
from kpitool.messages import text
from kpitool.reports import formatting

DETAIL_XLSX_LIMIT = 30_000  # detail rows written into the workbooks; beyond, CSV + Parquet
PIECE_ROWS = 250_000  # rows of the detail CSV turned into text by one job
BOM = "\ufeff".encode()


def exact_table(frame: pd.DataFrame, columns: list[str]) -> Any:
    """The Arrow table of `frame`'s `columns` (those it has), with their exact types."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame[[c for c in columns if c in frame]], preserve_index=False)


def labelled(exact: Any, lang: str) -> Any:
    """The CSV form of an Arrow table: labelled columns, d/m/yyyy dates, neutralised text."""
    import pyarrow as pa

    arrays, names = [], []
    for key, column in zip(exact.column_names, exact.columns, strict=True):
        if key in formatting.ENUM_COLUMNS:
            column = neutralise_arrow(_enum_labels(column, key, lang))
        elif pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            column = _day_month_year(column)
        elif pa.types.is_dictionary(column.type):
            column = _dictionary_text(column)
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = neutralise_arrow(column)
        arrays.append(column)
        names.append(text(f"col_{key}", lang))
    return pa.table(arrays, names=names)


def _dictionary_text(column: Any) -> Any:
    """The text of a dictionary-coded column, neutralised: each distinct value once (its
    dictionary), not every row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    safe = [pa.DictionaryArray.from_arrays(chunk.indices,
                                           neutralise_arrow(pc.cast(chunk.dictionary,
                                                                    pa.string())))
            for chunk in chunks]
    return pa.chunked_array([pc.cast(chunk, pa.string()) for chunk in safe], type=pa.string())


def _enum_labels(column: Any, key: str, lang: str) -> Any:
    """The labels of an enumeration column's keys, each distinct key labelled once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(pc.cast(column, pa.string()))
    labels = pa.array([formatting.enum_value(key, value, lang)
                       for value in encoded.dictionary.to_pylist()], type=pa.string())
    return pc.take(labels, encoded.indices)


def _day_month_year(column: Any) -> Any:
    """d/m/yyyy text of a date column, each distinct date formatted once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    days = encoded.dictionary
    parts = [pc.cast(part(days), pa.string()) for part in (pc.day, pc.month, pc.year)]
    return pc.take(pc.binary_join_element_wise(*parts, "/"), encoded.indices)


def csv_table(frame: pd.DataFrame, columns: list[str], lang: str) -> Any:
    """An Arrow table for the CSV of `frame`: labelled columns, d/m/yyyy dates, neutralised text."""
    return labelled(exact_table(frame, columns), lang)


def csv_bytes(table: Any, header: bool = True) -> bytes:
    """The CSV text of an Arrow table (no BOM)."""
    import pyarrow.csv as pacsv

    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=header))
    return buffer.getvalue()


def _write_csv(table: Any, path: Path) -> Path:
    with atomic_path(path) as temp:
        temp.write_bytes(BOM + csv_bytes(table))
    return path


def write_table_csv(frame: pd.DataFrame, columns: list[str], path: Path, lang: str) -> list[Path]:
    """One labelled, neutralised CSV of `frame`."""
    return [_write_csv(csv_table(frame, columns, lang), path)]


@dataclass
class DetailFiles:
    """The detail of a large run, ordered by unit and cut into pieces written in parallel.

    Attributes:
        exact: the rows (Arrow, exact types), each unit's rows one block, units by code.
        blocks: (unit or None, start, end) for each block, in order.
        pieces: ranges of blocks (first, last + 1) that one job turns into CSV text.
        parts: the temporary file of each piece (the whole-run CSV without its header).
    """

    exact: Any
    lang: str
    csv_path: Path
    unit_paths: dict[str, Path]
    blocks: list[tuple[str | None, int, int]]
    pieces: list[tuple[int, int]]
    parts: list[Path] = field(default_factory=list)

    def write_piece(self, index: int) -> list[Path]:
        """The unit CSVs of one piece, and its part of the whole-run CSV; the unit CSVs."""
        first, last = self.pieces[index]
        written = []
        with self.parts[index].open("wb") as part:
            for unit, start, end in self.blocks[first:last]:
                body = csv_bytes(labelled(self.exact.slice(start, end - start), self.lang))
                header_end = body.index(b"\n") + 1
                part.write(memoryview(body)[header_end:])
                path = self.unit_paths.get(unit) if unit is not None else None
                if path is not None:
                    with atomic_path(path) as temp:
                        temp.write_bytes(BOM + body)
                    written.append(path)
        return written

    def unit_note(self, unit: str) -> str:
        """Where a unit's rows are: its own CSV, or else rows first–last of the whole-run CSV
        (row 1 its header)."""
        start, end = next(((s, e) for u, s, e in self.blocks if u == unit), (0, 0))
        if end == start:
            return text("detail_none_unit", self.lang)
        if unit in self.unit_paths:
            return text("detail_elsewhere_unit", self.lang, rows=end - start,
                        file=self.unit_paths[unit].name)
        return text("detail_rows_of_unit", self.lang, rows=end - start, first=start + 2,
                    last=end + 1, file=self.csv_path.name, column=text("col_unit_code", self.lang),
                    unit=unit)

    def write_parquet(self) -> list[Path]:
        import pyarrow.parquet as pq

        path = self.csv_path.with_suffix(".parquet")
        with atomic_path(path) as temp:
            pq.write_table(self.exact, temp)
        return [path]

    def join_parts(self) -> list[Path]:
        """The whole-run CSV: the header, then every part in order."""
        header = csv_bytes(labelled(self.exact.slice(0, 0), self.lang))
        with atomic_path(self.csv_path) as temp, temp.open("wb") as whole:
            whole.write(BOM + header)
            for part in self.parts:
                with part.open("rb") as stream:
                    _append(stream, whole)
        return [self.csv_path]

    def remove_parts(self) -> None:
        for part in self.parts:
            part.unlink(missing_ok=True)


def _append(source: BinaryIO, target: BinaryIO) -> None:
    """`source` appended to `target`, copied by the kernel where it can (Linux
    `copy_file_range`: the bytes do not pass through this process), else in blocks."""
    copy = getattr(os, "copy_file_range", None)
    if copy is not None:
        target.flush()
        size = os.fstat(source.fileno()).st_size
        try:
            while size > 0:
                done = copy(source.fileno(), target.fileno(), size)
                if done == 0:
                    break
                size -= done
            else:
                target.seek(0, os.SEEK_END)
                return
        except OSError:
            pass  # another file system, an old kernel: in blocks from where it stopped
        target.seek(0, os.SEEK_END)
    shutil.copyfileobj(source, target, 1 << 22)


def plan_detail_files(frame: pd.DataFrame, columns: list[str], csv_path: Path, lang: str,
                      unit_paths: dict[str, Path]) -> DetailFiles:
    """Order the rows by unit (stable: within a unit as given), cut them into blocks and pieces
    and make the temporary part files in `csv_path`'s folder."""
    if "unit_code" in frame:
        codes, units = pd.factorize(frame["unit_code"], sort=True, use_na_sentinel=True)
    else:
        codes, units = np.full(len(frame), -1), pd.Index([])
    codes = np.where(codes < 0, len(units), codes)
    exact = exact_table(frame, columns)
    if len(codes) > 1 and not bool(np.all(codes[1:] >= codes[:-1])):  # scoring sorts by unit
        exact = exact.take(np.argsort(codes, kind="stable"))
    counts = np.bincount(codes, minlength=len(units) + 1)
    ends = np.cumsum(counts)
    names: list[str | None] = [str(u) for u in units] + [None]
    blocks = [(names[i], int(ends[i] - counts[i]), int(ends[i]))
              for i in range(len(names)) if counts[i]]
    pieces: list[tuple[int, int]] = []
    first, rows = 0, 0
    for i, (_, start, end) in enumerate(blocks):
        rows += end - start
        if rows >= PIECE_ROWS or i == len(blocks) - 1:
            pieces.append((first, i + 1))
            first, rows = i + 1, 0
    plan = DetailFiles(exact, lang, csv_path, unit_paths, blocks, pieces)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    for index in range(len(pieces)):
        fd, name = tempfile.mkstemp(prefix=f".{csv_path.stem}-{index:03d}-", suffix=".part",
                                    dir=csv_path.parent)
        os.close(fd)
        plan.parts.append(Path(name))
    return plan


def write_detail_files(frame: pd.DataFrame, columns: list[str], csv_path: Path, lang: str,
                       by_unit: dict[str, Path] | None = None) -> list[Path]:
    """The CSV and Parquet of `frame`, and one CSV per unit in `by_unit`, in this process;
    the paths written, the whole-run CSV first."""
    plan = plan_detail_files(frame, columns, csv_path, lang, by_unit or {})
    try:
        units = [path for index in range(len(plan.pieces)) for path in plan.write_piece(index)]
        return [*plan.join_parts(), *plan.write_parquet(), *units]
    finally:
        plan.remove_parts()
