"""Row-level detail beside the workbooks, for runs too large for a spreadsheet sheet.

Every counted row stays traceable: the CSV (UTF-8 with BOM, so Excel opens it with its
diacritics) carries the Vietnamese column labels, d/m/yyyy dates and the source file, sheet and
row; the Parquet file holds the same rows with exact types, for analysts' tools.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpitool.io.atomic import atomic_path
from kpitool.io.safetext import neutralise_series
from kpitool.messages import text

DETAIL_XLSX_LIMIT = 30_000  # detail rows written into the workbooks; beyond, CSV + Parquet


def csv_frame(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Labelled columns; dates as d/m/yyyy; text that could run as a formula neutralised."""
    out = {}
    for key in columns:
        if key not in frame:
            continue
        values = frame[key]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.day.astype("string") + "/" + values.dt.month.astype("string") + \
                "/" + values.dt.year.astype("string")
        elif pd.api.types.is_string_dtype(values) or values.dtype == object:
            values = neutralise_series(values)
        out[text(f"col_{key}", lang)] = values
    return pd.DataFrame(out)


def write_detail_files(frame: pd.DataFrame, columns: list[str], csv_path: Path, lang: str,
                       parquet: bool = True) -> list[Path]:
    """The CSV (and Parquet) of `frame`; the paths written."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    written = []
    table = pa.Table.from_pandas(csv_frame(frame, columns, lang), preserve_index=False)
    with atomic_path(csv_path) as temp:
        with temp.open("wb") as stream:
            stream.write("\ufeff".encode())
            pacsv.write_csv(table, stream)
    written.append(csv_path)
    if parquet:
        parquet_path = csv_path.with_suffix(".parquet")
        exact = frame[[c for c in columns if c in frame]]
        with atomic_path(parquet_path) as temp:
            pq.write_table(pa.Table.from_pandas(exact, preserve_index=False), temp)
        written.append(parquet_path)
    return written
