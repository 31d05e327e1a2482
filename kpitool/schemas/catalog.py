"""catalog.xlsx — the job catalog (danh mục): units, job positions, tasks, staff."""

from kpitool.schemas import enums
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

UNITS = Sheet(
    "units",
    "Đơn vị",
    (
        Column("unit_code", "Mã đơn vị", "id", "Mã duy nhất của đơn vị, ví dụ VP-HT.",
               "Unique code of the unit, e.g. VP-HT."),
        Column("unit_name", "Tên đơn vị", "text", "Tên đầy đủ của đơn vị.", "Full name of the unit."),
        Column("parent_code", "Mã đơn vị cấp trên", "id",
               "Mã đơn vị cấp trên; để trống nếu là đơn vị cấp cao nhất.",
               "Code of the parent unit; blank for a top-level unit.",
               required=False, nullable=True),
        Column("org_level", "Xếp loại của đơn vị", "enum",
               "Xếp loại chất lượng của chính đơn vị trong năm (nếu có); người đứng đầu đơn vị "
               "không được xếp loại cao hơn (Nghị định 335, Điều 20.6).",
               "The unit's own yearly level (optional); its head is not classified above it "
               "(Decree 335, Art. 20.6).",
               enum=enums.LEVEL, required=False, nullable=True),
        Column("excellent_share", "Tỷ lệ xuất sắc tối đa (%)", "number",
               "Đơn vị cấp cao nhất: tỷ lệ Hoàn thành xuất sắc tối đa so với số Hoàn thành tốt, "
               "để trống = 20; tối đa 25 khi được cấp có thẩm quyền cho phép (Điều 20.5.b).",
               "Top-level units: the largest share of excellent among good, blank = 20; up to "
               "25 where the authority granted it (Art. 20.5.b).",
               required=False, nullable=True, min=0, max=25),
    ),
    unique=(("unit_code",),),
    help_vi="Danh sách đơn vị (phòng, ban, trung tâm).",
    help_en="The units (offices, departments, centres).",
)

POSITIONS = Sheet(
    "positions",
    "Vị trí việc làm",
    (
        Column("position_code", "Mã vị trí", "id", "Mã duy nhất của vị trí việc làm.",
               "Unique code of the job position."),
        Column("position_name", "Tên vị trí việc làm", "text", "Tên vị trí việc làm.",
               "Name of the job position."),
        Column("position_group", "Nhóm vị trí", "enum",
               "LĐQL (lãnh đạo, quản lý), CMNV (chuyên môn nghiệp vụ), CMDC (chuyên môn dùng "
               "chung) hoặc HTPV (hỗ trợ, phục vụ).",
               "LDQL (leadership), CMNV (professional), CMDC (shared professional) or HTPV "
               "(support).",
               enum=enums.POSITION_GROUP),
        Column("is_leader", "Lãnh đạo", "bool",
               "Có nếu vị trí là lãnh đạo, quản lý (được chấm thêm tiêu chí lãnh đạo).",
               "yes if the position leads a unit (scored on the leader criteria too).",
               enum=enums.YES_NO),
        Column("duty_group", "Nhóm nhiệm vụ tương đồng", "text",
               "Nhóm có chức trách, nhiệm vụ tương đồng, trong đó tỷ lệ xuất sắc cũng được tính "
               "(Điều 20.5.a); để trống = theo nhóm vị trí.",
               "The group of similar duties within which the excellent quota is also counted "
               "(Art. 20.5.a); blank = the position group.",
               required=False, nullable=True),
    ),
    unique=(("position_code",),),
    help_vi="Danh mục vị trí việc làm và nhóm vị trí.",
    help_en="The job positions and their groups.",
)

TASKS = Sheet(
    "tasks",
    "Danh mục công việc",
    (
        Column("task_code", "Mã công việc", "id", "Mã duy nhất của công việc.",
               "Unique code of the task."),
        Column("task_name", "Tên công việc", "text", "Tên công việc.", "Name of the task."),
        Column("task_group", "Nhóm", "enum",
               "A: lãnh đạo, quản lý; B: chuyên môn dùng chung; C: đặc thù của đơn vị; D: khác.",
               "A leadership, B shared professional work, C unit-specific, D other.",
               enum=enums.TASK_GROUP, aliases=("Nhóm công việc",)),
        Column("uom", "Đơn vị tính", "text", "Đơn vị tính của sản phẩm, ví dụ: văn bản, hồ sơ.",
               "Unit of measure of the output, e.g. document, case file.",
               required=False, nullable=True),
        Column("output_type", "Loại sản phẩm đầu ra", "text",
               "Loại sản phẩm đầu ra, ví dụ: công văn, quyết định, hồ sơ.",
               "Kind of output product, e.g. letter, decision, case file.",
               required=False, nullable=True),
        Column("positions", "Vị trí áp dụng", "codes",
               "Các mã vị trí được thực hiện, cách nhau bởi dấu phẩy; để trống = mọi vị trí.",
               "Position codes that may log the task, comma-separated; blank = all.",
               required=False, nullable=True),
        Column("unit_code", "Mã đơn vị", "id",
               "Nhóm C: mã đơn vị duy nhất được thực hiện; để trống = mọi đơn vị.",
               "Group C: the only unit that may log it; blank = all units.",
               required=False, nullable=True),
    ),
    unique=(("task_code",),),
    help_vi="Danh mục công việc (nhóm A, B, C, D).",
    help_en="The task catalog (groups A, B, C, D).",
)

STAFF = Sheet(
    "staff",
    "Cán bộ",
    (
        Column("staff_id", "Mã cán bộ", "id", "Mã duy nhất của cán bộ, ví dụ 007 (giữ số 0 đầu).",
               "Unique staff ID, e.g. 007 (leading zeros kept)."),
        Column("full_name", "Họ và tên", "text", "Họ và tên đầy đủ.", "Full name."),
        Column("unit_code", "Mã đơn vị", "id", "Mã đơn vị công tác (theo sheet Đơn vị).",
               "Code of the unit (from the units sheet)."),
        Column("position_code", "Mã vị trí", "id", "Mã vị trí việc làm (theo sheet Vị trí việc làm).",
               "Code of the job position (from the positions sheet)."),
        Column("supervisor_id", "Mã người duyệt", "id",
               "Mã cán bộ của người trực tiếp duyệt; chỉ để trống với người đứng đầu đơn vị.",
               "Staff ID of the direct supervisor; blank only at the top of a unit.",
               nullable=True),
        Column("staff_type", "Loại cán bộ", "enum", "Cán bộ, Công chức, Viên chức hoặc Hợp đồng.",
               "Cadre, civil servant, public employee or contract.",
               enum=enums.STAFF_TYPE, required=False, nullable=True),
        Column("start_date", "Ngày bắt đầu", "date",
               "Ngày bắt đầu công tác tại vị trí (nếu trong kỳ), dạng ngày/tháng/năm.",
               "First working day in the position (if within the period), d/m/yyyy.",
               required=False, nullable=True),
        Column("end_date", "Ngày kết thúc", "date",
               "Ngày kết thúc công tác (nếu trong kỳ), dạng ngày/tháng/năm.",
               "Last working day (if within the period), d/m/yyyy.",
               required=False, nullable=True),
    ),
    unique=(("staff_id",),),
    help_vi="Danh sách cán bộ, đơn vị, vị trí và người duyệt.",
    help_en="The staff, their unit, position and supervisor.",
)

# Columns that describe and are not scored: a missing one is a notice, never an error (SPEC §2).
DESCRIPTIVE = {"tasks": ("uom", "output_type"), "staff": ("staff_type",)}

CATALOG = WorkbookKind("catalog", "Danh mục", (UNITS, POSITIONS, TASKS, STAFF))
