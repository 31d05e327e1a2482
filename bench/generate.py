"""Seeded province-scale inputs for the benchmarks (issue 5).

20,000 staff in 200 units under 10 departments, 40 positions, 500 tasks with norms, one month
(2026-03) of worklogs. Writes into bench/data/ (not committed):

    catalog.xlsx, norms.xlsx, assessments.xlsx          shared by every size
    worklogs-15k.xlsx, worklogs-100k.xlsx, worklogs-1m.xlsx
    parquet-10m/part-NN.parquet, csv-10m/part-NN.csv    10 million rows, a quarter, many files

Usage:  python bench/generate.py [--sizes 15k,100k,1m,10m] [--out bench/data]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from kpitool.schemas import ASSESSMENTS_BOOK, CATALOG, NORMS_BOOK, WORKLOGS

SEED = 2026
STAFF, UNITS, DEPARTMENTS, POSITIONS, TASKS = 20_000, 200, 10, 40, 500
GROUPS = ("LĐQL", "CMNV", "CMDC", "HTPV")
SIZES = {"15k": 15_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Hữu", "Thanh", "Quốc", "Hoài")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
         "Tuấn", "Việt", "Yến")


def _write(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False})
    date_fmt = book.add_format({"num_format": "d/m/yyyy"})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(frame.columns))
        columns = []
        for col in frame.columns:
            series = frame[col]
            if pd.api.types.is_datetime64_any_dtype(series):
                columns.append(("date", [v.to_pydatetime() if not pd.isna(v) else None
                                         for v in series]))
            elif pd.api.types.is_numeric_dtype(series):
                columns.append(("num", series.tolist()))
            else:
                columns.append(("str", series.astype(object).tolist()))
        for r in range(len(frame)):
            for c, (kind, values) in enumerate(columns):
                value = values[r]
                if value is None or (isinstance(value, float) and value != value):
                    continue
                if kind == "date":
                    sheet.write_datetime(r + 1, c, value, date_fmt)
                elif kind == "num":
                    sheet.write_number(r + 1, c, value)
                else:
                    sheet.write_string(r + 1, c, value)
    book.close()


def catalog(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    units = pd.DataFrame({
        "unit_code": [f"D{d:02d}" for d in range(DEPARTMENTS)]
        + [f"U{u:03d}" for u in range(UNITS - DEPARTMENTS)],
        "unit_name": [f"Sở {d:02d}" for d in range(DEPARTMENTS)]
        + [f"Phòng {u:03d}" for u in range(UNITS - DEPARTMENTS)],
        "parent_code": [None] * DEPARTMENTS
        + [f"D{u % DEPARTMENTS:02d}" for u in range(UNITS - DEPARTMENTS)],
    })
    positions = pd.DataFrame({
        "position_code": [f"P{p:02d}" for p in range(POSITIONS)],
        "position_name": [f"Vị trí {p:02d}" for p in range(POSITIONS)],
        "position_group": [GROUPS[0] if p < 4 else GROUPS[1 + p % 3] for p in range(POSITIONS)],
        "is_leader": ["Có" if p < 4 else "Không" for p in range(POSITIONS)],
    })
    tasks = pd.DataFrame({
        "task_code": [f"T{t:03d}" for t in range(TASKS)],
        "task_name": [f"Công việc số {t:03d}" for t in range(TASKS)],
        "task_group": [("A", "B", "B", "D")[t % 4] for t in range(TASKS)],
        "uom": "văn bản", "output_type": "Công văn",
    })
    unit_of = np.arange(STAFF) % UNITS
    staff_ids = [f"{s:05d}" for s in range(STAFF)]
    head = {}
    for s in range(STAFF):
        head.setdefault(int(unit_of[s]), s)
    supervisors = []
    for s in range(STAFF):
        unit = int(unit_of[s])
        if head[unit] == s:
            parent = unit % DEPARTMENTS if unit >= DEPARTMENTS else None
            supervisors.append(staff_ids[head[parent]] if parent is not None else None)
        else:
            supervisors.append(staff_ids[head[unit]])
    position = [("P00" if head[int(unit_of[s])] == s else f"P{4 + rng.integers(0, POSITIONS - 4):02d}")
                for s in range(STAFF)]
    staff = pd.DataFrame({
        "staff_id": staff_ids,
        "full_name": [f"{FAMILY[rng.integers(16)]} {MIDDLE[rng.integers(10)]} {GIVEN[rng.integers(25)]}"
                      for _ in range(STAFF)],
        "unit_code": units["unit_code"].to_numpy()[unit_of],
        "position_code": position,
        "supervisor_id": supervisors,
        "staff_type": "Công chức",
    })
    return {"Đơn vị": units.rename(columns=_labels(CATALOG.sheet("units"))),
            "Vị trí việc làm": positions.rename(columns=_labels(CATALOG.sheet("positions"))),
            "Danh mục công việc": tasks.rename(columns=_labels(CATALOG.sheet("tasks"))),
            "Cán bộ": staff.rename(columns=_labels(CATALOG.sheet("staff")))}


def _labels(sheet: object) -> dict[str, str]:
    return {c.key: c.vi for c in sheet.columns}  # type: ignore[attr-defined]


def norms(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame({
        "task_code": [f"T{t:03d}" for t in range(TASKS)],
        "position_group": "*",
        "norm_hours": np.round(rng.choice([0.25, 0.5, 1, 1.5, 2, 3, 4], TASKS), 2),
        "complexity": rng.integers(1, 4, TASKS),
    })
    return {"Định mức": frame.rename(columns=_labels(NORMS_BOOK.sheet("norms")))}


def assessments(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    ids = np.repeat([f"{s:05d}" for s in range(STAFF)], 3)
    frame = pd.DataFrame({
        "staff_id": ids,
        "period": np.tile(["2026-01", "2026-02", "2026-03"], STAFF),
        "general_score": rng.integers(22, 31, len(ids)),
        "discipline": "Không",
        "org_ability": 100, "unity": 100,
    })
    return {"Tiêu chí chung": frame.rename(columns=_labels(ASSESSMENTS_BOOK.sheet("general")))}


def worklogs(rng: np.random.Generator, rows: int, months: tuple[int, ...] = (3,),
             slot_rows: float = 0.0, pool: np.ndarray | None = None) -> pd.DataFrame:
    """`rows` worklog rows of the staff in `pool` (their numbers; everyone by default);
    `slot_rows`, when a dataset is generated in chunks, the rows a (staff member, working day)
    slot gets on average over all chunks."""
    pool = np.arange(STAFF) if pool is None else pool
    days = [d for m in months for d in pd.bdate_range(dt.date(2026, m, 1),
                                                       (pd.Timestamp(2026, m, 1)
                                                        + pd.offsets.MonthEnd(0)).date())]
    days = np.array(days, dtype="datetime64[ns]")
    # a row lands on a (staff member, working day) slot; a busy slot's hours are cut so that
    # nobody declares more than about 8 hours a day. A chunk sees only its own rows of a slot:
    # with many chunks the cut follows the rows a slot gets over all of them, with room for
    # the busiest slots (6 hours on average), so that no day reaches 24 hours
    slot = rng.integers(0, len(pool) * len(days), rows)
    staff = pool[slot % len(pool)]
    date = days[slot // len(pool)]
    per_slot = np.maximum(np.bincount(slot, minlength=len(pool) * len(days))[slot],
                          slot_rows * 8.0 / 6.0)
    done = date + rng.integers(0, 2, rows).astype("timedelta64[D]")
    unit_heads = {}
    for s in range(STAFF):
        unit_heads.setdefault(s % UNITS, s)
    approver = np.array([f"{unit_heads[s % UNITS]:05d}" for s in range(STAFF)])[staff]
    ids = np.array([f"{s:05d}" for s in range(STAFF)])[staff]
    status = np.where(rng.random(rows) < 0.92, "Đã duyệt", "Chờ duyệt")
    quality = np.where(rng.random(rows) < 0.96, "Đạt", "Không đạt")
    return pd.DataFrame({
        "date": date,
        "staff_id": ids,
        "task_code": np.array([f"T{t:03d}" for t in range(TASKS)])[rng.integers(0, TASKS, rows)],
        "description": "Xử lý công việc",
        "quantity": rng.integers(1, 4, rows).astype(float),
        "hours": np.maximum(0.25, np.round(np.minimum(
            rng.choice([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], rows), 8.0 / per_slot) * 4) / 4),
        "completed_on": done,
        "output_ref": np.char.add(rng.integers(1, 9999, rows).astype(str), "/UBND"),
        "status": status,
        "quality": quality,
        "rework_count": (rng.random(rows) < 0.05).astype(int),
        "approver_id": approver,
        "note": "",
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="15k,100k,1m")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    if not (out / "catalog.xlsx").exists():
        _write(out / "catalog.xlsx", catalog(rng))
        _write(out / "norms.xlsx", norms(rng))
        _write(out / "assessments.xlsx", assessments(rng))
    labels = _labels(WORKLOGS)
    for size in args.sizes.split(","):
        rows = SIZES[size]
        rng = np.random.default_rng(SEED + rows)
        if size == "10m":
            if all((out / f"{fmt}-10m" / f"part-{n:02d}.{fmt}").exists()
                   for fmt in ("parquet", "csv") for n in range(20)):
                continue
            frame = worklogs(rng, rows, months=(1, 2, 3)).rename(columns=labels)
            (out / "parquet-10m").mkdir(exist_ok=True)
            (out / "csv-10m").mkdir(exist_ok=True)
            for n, part in enumerate(np.array_split(np.arange(rows), 20)):
                chunk = frame.iloc[part]
                chunk.to_parquet(out / "parquet-10m" / f"part-{n:02d}.parquet", index=False)
                chunk.assign(**{labels["date"]: chunk[labels["date"]].dt.strftime("%d/%m/%Y"),
                                labels["completed_on"]: chunk[labels["completed_on"]].dt.strftime(
                                    "%d/%m/%Y")}).to_csv(
                    out / "csv-10m" / f"part-{n:02d}.csv", index=False, encoding="utf-8-sig")
            continue
        path = out / f"worklogs-{size}.xlsx"
        if path.exists():
            continue
        _write(path, {"Nhật ký": worklogs(rng, rows).rename(columns=labels)})
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
