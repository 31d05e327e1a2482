"""The reference an analyst would write with polars instead of kpitool (issue 16).

Not part of kpitool and not one of its dependencies: `bench/run.py` runs it in its own process
(when polars is installed: `pip install polars`) on the same rows as `kpitool score`, so that the
gap between kpitool and a skilled hand-written script is measured in every run.

What it does, the core of a score without kpitool's checks, flags, rules or reports: read the
worklogs (xlsx through fastexcel, or Parquet / CSV files), the staff sheet and the norms; keep the
approved rows; join the norm of each task; converted hours = quantity × norm; per staff member
the converted hours, the declared hours and the rows; the rank overall and within the unit; a
summary workbook (xlsxwriter), and the counted rows as CSV and Parquet.

Usage:  python bench/reference_polars.py OUT_FOLDER COMPANIONS_FOLDER WORKLOG...
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

# the Vietnamese column labels of the input templates (kpitool/schemas), as an analyst sees them
STAFF, UNIT, TASK, QUANTITY, HOURS = "Mã cán bộ", "Mã đơn vị", "Mã công việc", "Số lượng", \
    "Số giờ thực hiện"
STATUS, APPROVED, NORM = "Trạng thái", "Đã duyệt", "Định mức (giờ)"


def read_worklogs(paths: list[Path]) -> pl.LazyFrame:
    suffix = paths[0].suffix.lower()
    if suffix == ".parquet":
        return pl.scan_parquet(paths)
    if suffix == ".csv":
        return pl.scan_csv(paths, encoding="utf8", infer_schema_length=10_000)
    return pl.concat([pl.read_excel(p, engine="calamine").lazy() for p in paths])


def main() -> None:
    out, companions = Path(sys.argv[1]), Path(sys.argv[2])
    worklogs = [Path(p) for p in sys.argv[3:]]
    out.mkdir(parents=True, exist_ok=True)
    staff = pl.read_excel(companions / "catalog.xlsx", sheet_name="Cán bộ",
                          engine="calamine").select(STAFF, UNIT).lazy()
    norms = pl.read_excel(companions / "norms.xlsx", engine="calamine").select(
        TASK, pl.col(NORM).cast(pl.Float64)).unique(TASK).lazy()
    counted = (read_worklogs(worklogs)
               .filter(pl.col(STATUS) == APPROVED)
               .with_columns(pl.col(STAFF).cast(pl.String), pl.col(TASK).cast(pl.String))
               .join(norms, on=TASK, how="left")
               .with_columns((pl.col(QUANTITY).cast(pl.Float64) * pl.col(NORM))
                             .alias("converted_hours"))
               .collect())
    summary = (counted.lazy()
               .group_by(STAFF)
               .agg(pl.col("converted_hours").sum(), pl.col(HOURS).cast(pl.Float64).sum(),
                    pl.len().alias("rows"))
               .join(staff.with_columns(pl.col(STAFF).cast(pl.String)), on=STAFF, how="left")
               .with_columns(
                   pl.col("converted_hours").rank("min", descending=True).alias("rank"),
                   pl.col("converted_hours").rank("min", descending=True).over(UNIT)
                   .alias("unit_rank"))
               .sort("rank")
               .collect())
    summary.write_excel(out / "summary.xlsx", worksheet="Xếp hạng")
    counted.write_csv(out / "detail.csv")
    counted.write_parquet(out / "detail.parquet")
    print(len(counted), len(summary))


if __name__ == "__main__":
    main()
