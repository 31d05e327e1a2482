"""The hand-computed golden case of docs/scoring.md: one month (April 2026), two top-level units.

Every expected number is worked out in docs/scoring.md.
"""

from __future__ import annotations

from kpitool.data import InputData
from tests.factories import log_row, make_input, staff_row

UNITS = [
    {"unit_code": "VP", "unit_name": "Văn phòng"},
    {"unit_code": "VP-TH", "unit_name": "Tổ tổng hợp", "parent_code": "VP"},
    {"unit_code": "TC", "unit_name": "Phòng Tài chính"},
]
POSITIONS = [
    {"position_code": "TP", "position_name": "Trưởng phòng", "position_group": "LDQL",
     "is_leader": True},
    {"position_code": "PP", "position_name": "Phó trưởng phòng", "position_group": "LDQL",
     "is_leader": True},
    {"position_code": "CV", "position_name": "Chuyên viên", "position_group": "CMNV",
     "is_leader": False},
    {"position_code": "TH", "position_name": "Chuyên viên tổng hợp", "position_group": "CMDC",
     "is_leader": False},
    {"position_code": "NV", "position_name": "Nhân viên", "position_group": "HTPV",
     "is_leader": False},
]
TASKS = [
    {"task_code": "T1", "task_name": "Soạn công văn", "task_group": "B", "uom": "văn bản"},
    {"task_code": "T2", "task_name": "Thẩm định hồ sơ", "task_group": "B", "uom": "hồ sơ"},
    {"task_code": "T3", "task_name": "Xây dựng đề án", "task_group": "A", "uom": "đề án"},
]
STAFF = [
    staff_row("L1", "Trần Văn Hùng", "VP", "TP"),
    staff_row("L2", "Phạm Thị Lan", "VP", "PP", "L1"),
    staff_row("S1", "Nguyễn Văn Bình", "VP", "CV", "L2"),
    staff_row("S2", "Lê Thị Cúc", "VP", "CV", "L1"),
    staff_row("S3", "Hoàng Văn Cường", "VP-TH", "TH", "L1", start_date="2026-04-15"),
    staff_row("S4", "Đỗ Văn Đức", "TC", "NV"),
    staff_row("S5", "Vũ Thị Em", "TC", "NV"),
    staff_row("S6", "Nguyễn Văn An", "TC", "NV"),
    staff_row("S7", "Bùi Thị Hoa", "TC", "NV", end_date="2026-03-31"),
    staff_row("S8", "Phan Văn Giang", "TC", "NV"),
]
NORMS = [
    {"task_code": "T1", "position_group": "*", "norm_hours": 6, "complexity": 1,
     "effective_to": "2026-03-31"},
    {"task_code": "T1", "position_group": "*", "norm_hours": 5, "complexity": 1,
     "effective_from": "2026-04-01"},
    {"task_code": "T1", "position_group": "CMNV", "norm_hours": 4, "complexity": 1},
    {"task_code": "T2", "norm_hours": 2, "complexity": 2},
    {"task_code": "T3", "norm_hours": 4, "complexity": 3},
]
LEAVE = [{"staff_id": "S3", "from_date": "2026-04-23", "to_date": "2026-04-27",
          "reason": "Nghỉ phép năm"}]
WORKLOGS = [
    log_row("S1", "2026-04-06", "T1", 8, quantity=19, approver_id="L2"),
    log_row("S1", "2026-04-13", "T2", 8, quantity=25, deadline="2026-04-10",
            completed_on="2026-04-14", rework_count=1, approver_id="L2"),
    log_row("S1", "2026-04-15", "T3", 6, quantity=4, completed_on="2026-04-16",
            quality="fail", delay_count=2, approver_id="L2"),
    log_row("S2", "2026-04-07", "T1", 8, quantity=40, completed_on="2026-04-08",
            approver_id="L1"),
    log_row("S3", "2026-04-15", "T1", 4, quantity=2, approver_id="L1"),
    log_row("S3", "2026-04-20", "T2", 8, quantity=10, deadline="2026-04-20",
            completed_on="2026-04-21", rework_count=2, approver_id="L1"),
    log_row("L2", "2026-04-13", "T1", 8, quantity=16, deadline="2026-04-17",
            completed_on="2026-04-14", approver_id="L1"),
    log_row("L1", "2026-04-09", "T3", 8, quantity=10, approver_id="GD"),
    log_row("L1", "2026-04-30", "T3", 4, completed_on=None, status="pending", quality=None),
    log_row("L1", "2026-04-28", "T3", 4, completed_on=None, approver_id="GD"),
    log_row("L1", "2026-04-29", "T3", 4, completed_on="2026-05-04", approver_id="GD"),
    log_row("S4", "2026-04-02", "T2", 8, quantity=50, approver_id="GD"),
    log_row("S5", "2026-04-02", "T2", 8, quantity=50, approver_id="GD"),
    log_row("S6", "2026-04-02", "T2", 8, quantity=50, approver_id="GD"),
    log_row("S8", "2026-04-03", "T2", 8, quantity=10, approver_id="GD"),
]
GENERAL = [
    {"staff_id": "S1", "period": "2026-04", "general_score": 29.62},
    {"staff_id": "S2", "period": "2026-04", "general_score": 28, "discipline": True},
    {"staff_id": "S3", "period": "2026-04", "general_score": 25},
    {"staff_id": "L2", "period": "2026-04", "general_score": 27, "org_ability": 100,
     "unity": 100},
    {"staff_id": "L1", "period": "2026-Q2", "general_score": 28, "org_ability": 100,
     "unity": 50},
    {"staff_id": "S4", "period": "2026-04", "general_score": 25},
    {"staff_id": "S5", "period": "2026-04", "general_score": 25},
    {"staff_id": "S6", "period": "2026-04", "general_score": 25},
]


def golden_data(worklogs: list[dict] | None = None) -> InputData:
    return make_input(units=UNITS, positions=POSITIONS, tasks=TASKS, staff=STAFF, norms=NORMS,
                      leave=LEAVE, worklogs=WORKLOGS if worklogs is None else worklogs,
                      general=GENERAL)
