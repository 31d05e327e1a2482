"""assignments.xlsx — assigned work (giao việc): the converted products each person is given.

Decree 335/2025, Art. 14.1 and 18.1: task results compare the products completed with the
products assigned in the month or quarter. An assignment belongs to the cycle of its deadline.
"""

from kpitool.schemas.catalog import STAFF, TASKS
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

# `kpitool template assignments` shows the person's name, the task's name and the line's
# converted hours beside the codes
CONVERTED_HOURS = Column(
    "converted_hours", "Giờ chuẩn quy đổi", "number",
    "Số lượng × định mức × hệ số phức tạp (tự tính, không sửa).",
    "Quantity × norm hours × complexity coefficient (computed, read-only).",
    required=False, nullable=True,
)
_LOOKUPS = tuple(
    spelling
    for column in (STAFF.column("full_name"), TASKS.column("task_name"), CONVERTED_HOURS)
    for spelling in column.spellings()
)

ASSIGNMENTS = Sheet(
    "assignments",
    "Giao việc",
    (
        Column("assignment_id", "Mã giao việc", "id",
               "Mã giao việc (nếu có), không trùng; dòng nhật ký ghi mã này khi thực hiện.",
               "Assignment ID (optional), unique; a worklog row names it when delivering it.",
               required=False, nullable=True),
        Column("staff_id", "Mã cán bộ", "id", "Mã cán bộ được giao việc.",
               "Staff ID of who is given the work."),
        Column("task_code", "Mã công việc", "id", "Mã công việc trong danh mục.",
               "Task code from the catalog."),
        Column("quantity", "Số lượng", "number", "Số lượng sản phẩm được giao, lớn hơn 0.",
               "Number of output units assigned, > 0.",
               min=0, min_exclusive=True, max=100000),
        Column("assigned_on", "Ngày giao", "date", "Ngày giao việc (nếu có), dạng ngày/tháng/năm.",
               "Day the work was assigned (optional), d/m/yyyy.", required=False, nullable=True),
        Column("deadline", "Hạn hoàn thành", "date",
               "Hạn hoàn thành; giao việc thuộc kỳ (tháng, quý) chứa ngày này.",
               "Deadline; the assignment belongs to the cycle (month, quarter) that contains it."),
        Column("note", "Ghi chú", "text", "Ghi chú.", "Note.", required=False, nullable=True),
    ),
    unique=(("assignment_id",),),
    help_vi="Giao việc: sản phẩm được giao cho từng người trong kỳ (Nghị định 335, Điều 14, 18).",
    help_en="Assigned work: the products given to each person in the cycle (Decree 335, "
            "Art. 14, 18).",
    lookups=_LOOKUPS,
)

ASSIGNMENTS_BOOK = WorkbookKind("assignments", "Giao việc", (ASSIGNMENTS,))
