"""A generated multi-agency input for the partitioned-run tests: the Hạc Thành ward cloned into
several agencies (each a top unit with its own codes), each with its own seeded hours, so that
the agencies differ and compete in one ranking."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from kpitool.data import InputData
from kpitool.validation import validate

ROOT = Path(__file__).resolve().parent.parent
WARD = ROOT / "examples" / "hac-thanh"
CLONED = {"units": ("unit_code", "parent_code"), "staff": ("staff_id", "unit_code",
                                                           "supervisor_id"),
          "general": ("staff_id",), "leave": ("staff_id",),
          "worklogs": ("staff_id", "approver_id")}


def ward() -> InputData:
    data, issues = validate(sorted(WARD.glob("*.xlsx")))
    assert not [i for i in issues if i.severity == "error"]
    return data


def _clone(frame: pd.DataFrame, columns: tuple[str, ...], k: int,
           suffix: bool = False) -> pd.DataFrame:
    if k == 0:
        return frame
    out = frame.copy()
    for column in columns:
        codes = out[column].astype("string")
        out[column] = (codes + f"-A{k}" if suffix else f"A{k}-" + codes).astype("string")
    return out


def national(agencies: int, seed: int = 15, suffix: bool = False) -> InputData:
    """The ward as `agencies` agencies: agency 0 is the ward itself, agency k has its codes
    prefixed `Ak-` (with `suffix`, followed by `-Ak`: the agencies' units then alternate in
    the order of their codes) and each worklog row's hours scaled by a seeded factor."""
    data = ward()
    rng = np.random.default_rng(seed)
    frames = {}
    for key, columns in CLONED.items():
        parts = [_clone(data.frame(key), columns, k, suffix) for k in range(agencies)]
        if key == "worklogs":
            parts = [p.assign(hours=(p["hours"] * rng.choice([0.5, 0.8, 1.0, 1.3], len(p)))
                              .round(1).clip(upper=12)) if k else p
                     for k, p in enumerate(parts)]
            parts = [p.assign(_file=p["_file"].str.replace("worklogs", f"worklogs-{k}"))
                     for k, p in enumerate(parts)]
        frames[key] = pd.concat(parts, ignore_index=True)
    # a unit's own tasks become everyone's: the clones' units have other codes
    frames["tasks"] = data.tasks.assign(unit_code=pd.Series(pd.NA, index=data.tasks.index,
                                                            dtype="string"))
    return dataclasses.replace(data, **frames)


def write_national(data: InputData, folder: Path) -> dict[str, Path]:
    """The catalog and assessments workbooks of the ward with the clones' rows appended (and the
    tasks open to every unit), and
    the worklogs as one Parquet file per agency (canonical column names)."""
    paths: dict[str, Path] = {}
    books: dict[str, openpyxl.Workbook] = {}
    for key in ("units", "staff", "general", "leave"):
        frame = data.frame(key)
        source = str(frame["_file"].iloc[0])
        cloned = frame.duplicated(["_file", "_sheet", "_row"])  # agency 0 comes first
        original, added = frame[~cloned], frame[cloned]
        book = books.setdefault(source, openpyxl.load_workbook(source))
        sheet_name = str(original["_sheet"].iloc[0])
        layout = data.layouts[(source, sheet_name)]
        sheet = book[sheet_name]
        last = int(original["_row"].max())
        sheet.insert_rows(last + 1, len(added))
        for offset, record in enumerate(added.to_dict("records"), start=1):
            for column, (_, letter) in layout.items():
                value = record.get(column)
                if value is None or pd.isna(value):
                    continue
                if isinstance(value, pd.Timestamp):
                    value = value.to_pydatetime()
                sheet[f"{letter}{last + offset}"] = value
    tasks = data.tasks
    source = str(tasks["_file"].iloc[0])
    sheet_name = str(tasks["_sheet"].iloc[0])
    letter = data.layouts[(source, sheet_name)]["unit_code"][1]
    for row in tasks["_row"]:
        books[source][sheet_name][f"{letter}{int(row)}"] = None
    for source, book in books.items():
        paths[Path(source).stem] = folder / Path(source).name
        book.save(paths[Path(source).stem])
    paths["norms"] = folder / "norms.xlsx"
    paths["norms"].write_bytes((WARD / "norms.xlsx").read_bytes())
    logs = data.worklogs
    for file, part in logs.groupby("_file", sort=True):
        path = folder / (Path(str(file)).stem + ".parquet")
        columns = [c for c in part.columns if not c.startswith("_")]
        part[columns].to_parquet(path, index=False)
        paths[path.stem] = path
    return paths
