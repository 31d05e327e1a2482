"""A seeded national dataset for the partitioned engines (issue 15): many agencies, a quarter.

100,000 staff in 1,000 units under 50 agencies (top units; every supervisor chain inside one),
the catalog, norms and assessments of `bench/generate.py` at that size, and worklogs of the
first quarter of 2026 as Parquet input files of one million rows each. Writes into
bench/data/national/ (not committed):

    catalog.xlsx, norms.xlsx, assessments.xlsx
    inputs-<size>/part-NN.parquet          the worklogs as an office would give them

`bench/run.py --national 10m` then runs `kpitool partition` on them and `kpitool score
DATASET/ --engine local|dask`, measuring each.

Usage:  python bench/national.py [--sizes 2m,5m,10m] [--out bench/data/national]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import generate
import numpy as np
import pandas as pd

SEED = 335
STAFF, UNITS, AGENCIES = 100_000, 1_000, 50
CHUNK = 1_000_000


def size_rows(size: str) -> int:
    """'10m' → 10,000,000 rows."""
    return int(float(size.rstrip("mM")) * 1_000_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10m")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "national")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    generate.STAFF, generate.UNITS, generate.DEPARTMENTS = STAFF, UNITS, AGENCIES
    rng = np.random.default_rng(SEED)
    if not (out / "catalog.xlsx").exists():
        generate._write(out / "catalog.xlsx", generate.catalog(rng))
        generate._write(out / "norms.xlsx", generate.norms(rng))
        generate._write(out / "assessments.xlsx", generate.assessments(rng))
    labels = generate._labels(generate.WORKLOGS)
    for size in args.sizes.split(","):
        folder = out / f"inputs-{size}"
        if folder.exists():
            continue
        folder.mkdir()
        rows = size_rows(size)
        days = len(pd.bdate_range("2026-01-01", "2026-03-31"))
        for n, start in enumerate(range(0, rows, CHUNK)):
            chunk_rng = np.random.default_rng(SEED + n)
            frame = generate.worklogs(chunk_rng, min(CHUNK, rows - start), months=(1, 2, 3),
                                     slot_rows=rows / (STAFF * days))
            frame.rename(columns=labels).to_parquet(folder / f"part-{n:02d}.parquet", index=False)
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
