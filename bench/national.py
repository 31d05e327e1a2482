"""A seeded national dataset for the partitioned engines (issue 15): agencies of one size, as
many as the rows ask for, a quarter.

Each agency (a top unit) has 2,000 staff in 20 units and logs a million rows a quarter (about
8 rows a person a working day: the 200–450 million rows a month of 2 million civil servants
in the issue). A size of N million rows is N agencies: the national dataset grows by agencies,
as the country's does, not by ever larger ones. For each size, the catalog, norms and
assessments of `bench/generate.py` at that size, and worklogs of the first quarter of 2026 as
one Parquet input file per agency, as each agency would send its own. Writes into
bench/data/national/ (not committed):

    <size>/catalog.xlsx, <size>/norms.xlsx, <size>/assessments.xlsx
    <size>/worklogs/part-NN.parquet          the worklogs as an office would give them

`bench/run.py --national 10m` then runs `kpitool partition` on them and `kpitool score
DATASET/ --engine local|dask`, measuring each.

Usage:  python bench/national.py [--sizes 2m,5m,10m] [--out bench/data/national]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import generate
import numpy as np

SEED = 335
AGENCY_STAFF, AGENCY_UNITS, AGENCY_ROWS = 2_000, 20, 1_000_000


def size_rows(size: str) -> int:
    """'10m' → 10,000,000 rows."""
    return int(float(size.rstrip("mM")) * 1_000_000)


def write_size(folder: Path, rows: int) -> None:
    """The companions and worklogs of `rows` rows into `folder`."""
    agencies = max(1, rows // AGENCY_ROWS)
    generate.STAFF, generate.UNITS = agencies * AGENCY_STAFF, agencies * AGENCY_UNITS
    generate.DEPARTMENTS = agencies
    rng = np.random.default_rng(SEED)
    (folder / "worklogs").mkdir(parents=True)
    generate._write(folder / "catalog.xlsx", generate.catalog(rng))
    generate._write(folder / "norms.xlsx", generate.norms(rng))
    generate._write(folder / "assessments.xlsx", generate.assessments(rng))
    labels = generate._labels(generate.WORKLOGS)
    # a staff member's unit is their number modulo the units; the first units are the
    # agencies themselves, each other unit hangs under one (`generate.catalog`)
    unit = np.arange(generate.STAFF) % generate.UNITS
    agency = np.where(unit < agencies, unit, (unit - agencies) % agencies)
    for n in range(agencies):
        frame = generate.worklogs(np.random.default_rng(SEED + n),
                                  rows // agencies + (n < rows % agencies), months=(1, 2, 3),
                                  pool=np.flatnonzero(agency == n))
        frame.rename(columns=labels).to_parquet(folder / "worklogs" / f"part-{n:03d}.parquet",
                                                index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10m")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "national")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        folder = args.out / size
        if folder.exists():
            continue
        staging = args.out / f".{size}.partial"
        if staging.exists():
            import shutil

            shutil.rmtree(staging)
        write_size(staging, size_rows(size))
        staging.rename(folder)
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
