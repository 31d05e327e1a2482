"""Small input sets for the Decree 335 tests (issue 11), written as real .xlsx files.

Headers are the canonical column keys (readers accept them as well as the Vietnamese labels).
The base set: unit VP (top) with sub-unit VP-TH; leader L (head of VP), staff A and B (CMNV)
under L; tasks T1 (2 h), T2 (4 h, complexity 2 → × 1.2), T3 (3 h); April 2026 has 20 working
days (30/4 and the substitute day 27/4 for the Hùng Kings' day are holidays), capacity 160 h.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kpitool.pipeline import ScoreRun, run_score
from tests.xlsxbuild import write_book

D = dt.datetime
MONDAY = D(2026, 4, 6)

UNITS = [{"unit_code": "VP", "unit_name": "Văn phòng"},
         {"unit_code": "VP-TH", "unit_name": "Tổ tổng hợp", "parent_code": "VP"}]
POSITIONS = [
    {"position_code": "TP", "position_name": "Trưởng phòng", "position_group": "LĐQL",
     "is_leader": "Có"},
    {"position_code": "CV", "position_name": "Chuyên viên", "position_group": "CMNV",
     "is_leader": "Không"},
]
TASKS = [{"task_code": code, "task_name": name, "task_group": "B"}
         for code, name in (("T1", "Soạn công văn"), ("T2", "Thẩm định hồ sơ"),
                            ("T3", "Tổng hợp báo cáo"))]
STAFF = [
    {"staff_id": "L", "full_name": "Trần Văn Lâm", "unit_code": "VP", "position_code": "TP",
     "staff_type": "Công chức"},
    {"staff_id": "A", "full_name": "Nguyễn Văn An", "unit_code": "VP", "position_code": "CV",
     "supervisor_id": "L", "staff_type": "Công chức"},
    {"staff_id": "B", "full_name": "Lê Thị Bích", "unit_code": "VP", "position_code": "CV",
     "supervisor_id": "L", "staff_type": "Công chức"},
]
NORMS = [{"task_code": "T1", "position_group": "*", "norm_hours": 2, "complexity": 1},
         {"task_code": "T2", "position_group": "*", "norm_hours": 4, "complexity": 2},
         {"task_code": "T3", "position_group": "*", "norm_hours": 3, "complexity": 1}]


def log(staff_id: str, task: str, quantity: float, day: dt.datetime = MONDAY, **more: Any
        ) -> dict[str, Any]:
    """An approved, passed worklog row completed on its day."""
    row = {"date": day, "staff_id": staff_id, "task_code": task, "quantity": quantity,
           "hours": 4, "completed_on": day, "output_ref": f"{staff_id}-{task}-{day:%d%m}",
           "status": "Đã duyệt", "quality": "Đạt", "approver_id": "L"}
    row.update(more)
    return row


def _sheet(rows: list[dict[str, Any]]) -> list[list[Any]]:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    return [keys, *[[row.get(k) for k in keys] for row in rows]]


def write_set(folder: Path, *, worklogs: list[dict[str, Any]], general: list[dict[str, Any]],
              assignments: list[dict[str, Any]] | None = None, staff: list[dict] | None = None,
              units: list[dict] | None = None, positions: list[dict] | None = None) -> list[Path]:
    """catalog, norms, worklogs, assessments (and assignments) .xlsx in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        write_book(folder / "catalog.xlsx", {
            "units": _sheet(units or UNITS), "positions": _sheet(positions or POSITIONS),
            "tasks": _sheet(TASKS), "staff": _sheet(staff or STAFF)}),
        write_book(folder / "norms.xlsx", {"norms": _sheet(NORMS)}),
        write_book(folder / "worklogs.xlsx", {"worklogs": _sheet(worklogs)}),
        write_book(folder / "assessments.xlsx", {"general": _sheet(general)}),
    ]
    if assignments is not None:
        paths.append(write_book(folder / "assignments.xlsx",
                                {"assignments": _sheet(assignments)}))
    return paths


def score_set(folder: Path, period: str = "2026-04", rules: str = "nd335",
              enforce_quota: bool = False, **sheets: Any) -> ScoreRun:
    """Write the set, then validate and score it as `kpitool score` does."""
    paths = write_set(folder, **sheets)
    return run_score([paths[2]], {}, period, rules, enforce_quota=enforce_quota)


def general(*ids: str, period: str = "2026-04", score: float = 25, **more: Any
            ) -> list[dict[str, Any]]:
    """A general-criteria row per staff ID (leaders get org_ability and unity 100)."""
    rows = []
    for staff_id in ids:
        row = {"staff_id": staff_id, "period": period, "general_score": score,
               "discipline": "Không"}
        if staff_id.startswith("L"):
            row.update(org_ability=100, unity=100)
        row.update(more)
        rows.append(row)
    return rows
