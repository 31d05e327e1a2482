"""Write small real .xlsx files for tests (openpyxl), and a minimal valid input set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl

Rows = Sequence[Sequence[object]]


def write_book(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook with one sheet per entry, rows written from A1 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


D = dt.datetime

CATALOG = {
    "Đơn vị": [
        ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"],
        ["UB", "UBND phường", None],
        ["VP", "Văn phòng HĐND-UBND", "UB"],
        ["KT", "Phòng Kinh tế", "UB"],
    ],
    "Vị trí việc làm": [
        ["Mã vị trí", "Tên vị trí việc làm", "Nhóm vị trí", "Lãnh đạo"],
        ["CT", "Chủ tịch", "LĐQL", "Có"],
        ["CV", "Chuyên viên", "CMNV", "Không"],
        ["VT", "Văn thư", "HTPV", "Không"],
    ],
    "Danh mục công việc": [
        ["Mã công việc", "Tên công việc", "Nhóm", "Đơn vị tính", "Loại sản phẩm đầu ra",
         "Vị trí áp dụng", "Mã đơn vị"],
        ["T1", "Soạn thảo công văn", "B", "văn bản", "Công văn", None, None],
        ["T2", "Thẩm định hồ sơ xây dựng", "C", "hồ sơ", "Hồ sơ", "CV", "KT"],
        ["T3", "Chỉ đạo, điều hành", "A", "việc", "Quyết định", "CT", None],
    ],
    "Cán bộ": [
        ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Mã vị trí", "Mã người duyệt", "Loại cán bộ"],
        ["001", "Nguyễn Văn An", "UB", "CT", None, "Cán bộ"],
        ["007", "Trần Thị Bình", "KT", "CV", "001", "Công chức"],
        ["008", "Lê Văn Cường", "VP", "VT", "001", "Hợp đồng"],
    ],
}

NORMS = {
    "Định mức": [
        ["Mã công việc", "Nhóm vị trí", "Định mức (giờ)", "Mức độ phức tạp"],
        ["T1", "*", 2, 1],
        ["T2", "CMNV", "4,5", 2],
        ["T3", "LĐQL", 3, 3],
    ],
}

WORKLOG_HEADER = ["STT", "Ngày thực hiện", "Mã cán bộ", "Mã công việc", "Nội dung công việc",
                  "Số lượng", "Số giờ thực hiện", "Hạn hoàn thành", "Ngày hoàn thành",
                  "Sản phẩm đầu ra", "Trạng thái", "Chất lượng", "Người duyệt"]


def worklog_row(n: int, day: object, staff: str, task: str, hours: object = 2,
                status: str = "Đã duyệt") -> list[object]:
    return [n, day, staff, task, "Làm việc", 1, hours, None, day, f"{n}/UBND", status, "Đạt", "001"]


def valid_set(folder: Path) -> list[Path]:
    """catalog, norms and a short worklog that validate clean."""
    catalog = write_book(folder / "catalog.xlsx", CATALOG)
    norms = write_book(folder / "norms.xlsx", NORMS)
    logs = write_book(folder / "worklogs.xlsx", {"Nhật ký": [
        WORKLOG_HEADER,
        worklog_row(1, D(2026, 3, 2), "007", "T1"),
        worklog_row(2, D(2026, 3, 2), "007", "T2", hours=5),
        worklog_row(3, D(2026, 3, 3), "001", "T3"),
        worklog_row(4, D(2026, 3, 3), "008", "T1"),
    ]})
    return [catalog, norms, logs]
