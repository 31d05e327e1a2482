"""norms.xlsx — time norms (định mức thời gian), the working calendar and leave."""

from kpitool.schemas import enums
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

NORMS = Sheet(
    "norms",
    "Định mức",
    (
        Column("task_code", "Mã công việc", "id", "Mã công việc (theo danh mục công việc).",
               "Task code (from the task catalog)."),
        Column("position_group", "Nhóm vị trí", "enum",
               "Nhóm vị trí áp dụng định mức; để trống hoặc * = mọi nhóm.",
               "Position group the norm applies to; blank or * = any group.",
               enum=enums.NORM_GROUP, nullable=True, default="*"),
        Column("norm_hours", "Định mức (giờ)", "number",
               "Số giờ chuẩn cho một đơn vị sản phẩm, lớn hơn 0 (dùng dấu phẩy thập phân: 1,5).",
               "Standard hours per unit of output, > 0.",
               min=0, min_exclusive=True, max=10000, aliases=("Định mức giờ", "Định mức")),
        Column("complexity", "Mức độ phức tạp", "integer", "Mức độ phức tạp: 1, 2, 3 …",
               "Complexity level: 1, 2, 3 …", min=1, max=10),
        Column("effective_from", "Hiệu lực từ", "date", "Ngày bắt đầu hiệu lực (nếu có).",
               "First day the norm applies (optional).", required=False, nullable=True),
        Column("effective_to", "Hiệu lực đến", "date", "Ngày hết hiệu lực (nếu có).",
               "Last day the norm applies (optional).", required=False, nullable=True),
    ),
    help_vi="Định mức thời gian (giờ chuẩn) và mức độ phức tạp của từng công việc.",
    help_en="Time norm (standard hours) and complexity of each task.",
)

CALENDAR = Sheet(
    "calendar",
    "Lịch làm việc",
    (
        Column("date", "Ngày", "date", "Ngày nghỉ thêm hoặc ngày làm bù, dạng ngày/tháng/năm.",
               "An extra day off or a make-up working day, d/m/yyyy."),
        Column("kind", "Loại ngày", "enum", "Nghỉ (ngày nghỉ thêm) hoặc Làm bù (ngày làm việc bù).",
               "off (an extra day off) or makeup (a make-up working day).", enum=enums.DAY_KIND),
        Column("note", "Ghi chú", "text", "Ghi chú.", "Note.", required=False, nullable=True),
    ),
    required=False,
    unique=(("date",),),
    help_vi="Ngày nghỉ thêm và ngày làm bù ngoài lịch nghỉ lễ, Tết.",
    help_en="Extra days off and make-up working days beyond the public holidays.",
)

LEAVE = Sheet(
    "leave",
    "Nghỉ phép",
    (
        Column("staff_id", "Mã cán bộ", "id", "Mã cán bộ nghỉ phép.", "Staff ID on leave."),
        Column("from_date", "Từ ngày", "date", "Ngày đầu nghỉ.", "First day of leave."),
        Column("to_date", "Đến ngày", "date", "Ngày cuối nghỉ.", "Last day of leave."),
        Column("reason", "Lý do", "text", "Lý do nghỉ.", "Reason.", required=False, nullable=True),
    ),
    required=False,
    help_vi="Nghỉ phép, nghỉ chế độ đã được duyệt.",
    help_en="Approved leave.",
)

NORMS_BOOK = WorkbookKind("norms", "Định mức", (NORMS, CALENDAR, LEAVE))
