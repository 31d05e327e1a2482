"""Row-level detail beside the workbooks, for runs too large for a spreadsheet sheet.

Every counted row stays traceable: the CSV (UTF-8 with BOM, so Excel opens it with its
diacritics) carries the Vietnamese column labels, d/m/yyyy dates and the source file, sheet and
row; the Parquet file holds the same rows with exact types, for analysts' tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kpitool.io.atomic import atomic_path
from kpitool.io.safetext import neutralise_arrow
from kpitool.messages import text

DETAIL_XLSX_LIMIT = 30_000  # detail rows written into the workbooks; beyond, CSV + Parquet


def csv_table(frame: pd.DataFrame, columns: list[str], lang: str) -> Any:
    """An Arrow table for the CSV: labelled columns, d/m/yyyy dates, neutralised text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    exact = pa.Table.from_pandas(frame[[c for c in columns if c in frame]], preserve_index=False)
    arrays, names = [], []
    for key, column in zip(exact.column_names, exact.columns, strict=True):
        if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            parts = [pc.cast(part(column), pa.string()) for part in (pc.day, pc.month, pc.year)]
            column = pc.binary_join_element_wise(*parts, "/")
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = neutralise_arrow(column)
        arrays.append(column)
        names.append(text(f"col_{key}", lang))
    return pa.table(arrays, names=names)


def _write_csv(table: Any, path: Path) -> Path:
    import pyarrow.csv as pacsv

    with atomic_path(path) as temp:
        with temp.open("wb") as stream:
            stream.write("\ufeff".encode())
            pacsv.write_csv(table, stream)
    return path


def write_table_csv(frame: pd.DataFrame, columns: list[str], path: Path, lang: str) -> list[Path]:
    """One labelled, neutralised CSV of `frame`."""
    return [_write_csv(csv_table(frame, columns, lang), path)]


def write_detail_files(
    frame: pd.DataFrame, columns: list[str], csv_path: Path, lang: str,
    by_unit: dict[str, Path] | None = None,
) -> list[Path]:
    """The CSV and Parquet of `frame`, and one CSV per unit in `by_unit`; the paths written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = csv_table(frame, columns, lang)
    written = [_write_csv(table, csv_path)]
    parquet_path = csv_path.with_suffix(".parquet")
    exact = pa.Table.from_pandas(frame[[c for c in columns if c in frame]], preserve_index=False)
    with atomic_path(parquet_path) as temp:
        pq.write_table(exact, temp)
    written.append(parquet_path)
    if by_unit:
        positions = pd.Series(range(len(frame))).groupby(frame["unit_code"].to_numpy(),
                                                          sort=False).indices
        for unit, path in by_unit.items():
            if unit in positions:
                written.append(_write_csv(table.take(positions[unit]), path))
    return written
