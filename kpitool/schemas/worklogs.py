"""worklogs.xlsx — the work diary (nhật ký công việc): one row per task done."""

from kpitool.schemas import enums
from kpitool.schemas.catalog import STAFF, TASKS
from kpitool.schemas.norms import NORMS
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

# `kpitool template worklogs` shows the chosen person's name, the task's name and its norm
_LOOKUPS = tuple(
    spelling
    for column in (STAFF.column("full_name"), TASKS.column("task_name"), NORMS.column("norm_hours"))
    for spelling in column.spellings()
)

WORKLOGS = Sheet(
    "worklogs",
    "Nhật ký",
    (
        Column("date", "Ngày thực hiện", "date", "Ngày thực hiện công việc, dạng ngày/tháng/năm.",
               "Day the work was done, d/m/yyyy."),
        Column("staff_id", "Mã cán bộ", "id", "Mã cán bộ thực hiện.", "Staff ID of who did it."),
        Column("task_code", "Mã công việc", "id", "Mã công việc trong danh mục.",
               "Task code from the catalog."),
        Column("description", "Nội dung công việc", "text", "Nội dung cụ thể đã làm.",
               "What was done.", required=False, nullable=True),
        Column("quantity", "Số lượng", "number", "Số lượng sản phẩm, lớn hơn 0 (mặc định 1).",
               "Number of output units, > 0 (default 1).",
               required=False, nullable=True, default=1.0, min=0, min_exclusive=True, max=100000),
        Column("hours", "Số giờ thực hiện", "number",
               "Số giờ đã làm thực tế, lớn hơn 0 và không quá 24 (dấu phẩy thập phân: 1,5).",
               "Hours actually worked, more than 0 and at most 24.",
               min=0, min_exclusive=True, max=24, aliases=("Số giờ",)),
        Column("deadline", "Hạn hoàn thành", "date", "Hạn hoàn thành (nếu có).",
               "Deadline (optional).", required=False, nullable=True),
        Column("completed_on", "Ngày hoàn thành", "date",
               "Ngày hoàn thành; để trống nếu chưa xong.", "Completion day; blank if not finished.",
               nullable=True),
        Column("output_ref", "Sản phẩm đầu ra", "text",
               "Số văn bản, mã hồ sơ… của sản phẩm đầu ra.",
               "Document number or file reference of the output.", nullable=True),
        Column("status", "Trạng thái", "enum", "Đã duyệt, Chờ duyệt hoặc Trả lại.",
               "approved, pending or returned.", enum=enums.STATUS),
        Column("quality", "Chất lượng", "enum", "Đạt hoặc Không đạt (Xuất sắc nếu quy chế có).",
               "pass or fail (excellent where the rules define it).",
               enum=enums.QUALITY, nullable=True),
        Column("rework_count", "Số lần bị trả lại", "integer",
               "Số lần sản phẩm bị trả lại để làm lại (mặc định 0).",
               "Times the output was sent back for rework (default 0).",
               required=False, nullable=True, default=0, min=0, max=100),
        Column("delay_count", "Số lần chậm", "integer",
               "Số lần chậm tiến độ; để trống để tính tự động từ hạn hoàn thành.",
               "Number of delays; blank to derive it from the deadline.",
               required=False, nullable=True, min=0, max=100),
        Column("approver_id", "Người duyệt", "id", "Mã cán bộ của người duyệt.",
               "Staff ID of the approver.", required=False, nullable=True),
        Column("note", "Ghi chú", "text", "Ghi chú.", "Note.", required=False, nullable=True),
        Column("assignment_id", "Mã giao việc", "id",
               "Mã giao việc mà dòng này thực hiện (theo sheet Giao việc), nếu có; hạn hoàn "
               "thành để trống thì lấy theo giao việc.",
               "The assignment this row delivers (from the assignments sheet), if any; a blank "
               "deadline is taken from it.",
               required=False, nullable=True),
        Column("objective_cause", "Nguyên nhân khách quan", "bool",
               "Có nếu cấp có thẩm quyền xác nhận việc trả lại, chậm tiến độ là do nguyên nhân "
               "khách quan: không bị trừ điểm (Nghị định 335, Điều 14.2.b–c).",
               "yes if the authority confirmed that the reworks and delays had an objective "
               "cause: not deducted (Decree 335, Art. 14.2.b–c).",
               enum=enums.YES_NO, required=False, nullable=True, default="no"),
    ),
    help_vi="Nhật ký công việc: mỗi dòng là một công việc đã thực hiện.",
    help_en="The work diary: one row per task done.",
    lookups=_LOOKUPS,
)

WORKLOGS_BOOK = WorkbookKind("worklogs", "Nhật ký công việc", (WORKLOGS,))
