"""The enumerations of SPEC §2, with their Vietnamese labels and accepted spellings."""

from kpitool.schemas.spec import Choice, Enumeration

YES_NO = Enumeration(
    "yes_no",
    (
        Choice("yes", "Có", ("true", "x", "1", "c")),
        Choice("no", "Không", ("false", "0", "k")),
    ),
)

POSITION_GROUP = Enumeration(
    "position_group",
    (
        Choice("LDQL", "LĐQL", ("lãnh đạo, quản lý", "lãnh đạo quản lý")),
        Choice("CMNV", "CMNV", ("chuyên môn nghiệp vụ",)),
        Choice("CMDC", "CMDC", ("chuyên môn dùng chung",)),
        Choice("HTPV", "HTPV", ("hỗ trợ, phục vụ", "hỗ trợ phục vụ")),
    ),
)

# `*` (or a blank cell) in the norms sheet: the norm applies to any position group.
NORM_GROUP = Enumeration("norm_group", (*POSITION_GROUP.choices, Choice("*", "*", ("tất cả", "all"))))

TASK_GROUP = Enumeration(
    "task_group",
    (Choice("A", "A"), Choice("B", "B"), Choice("C", "C"), Choice("D", "D")),
)

STAFF_TYPE = Enumeration(
    "staff_type",
    (
        Choice("can_bo", "Cán bộ", ("cadre",)),
        Choice("cong_chuc", "Công chức", ("civil_servant", "civil servant")),
        Choice("vien_chuc", "Viên chức", ("public_employee", "public employee")),
        Choice("hop_dong", "Hợp đồng", ("contract",)),
    ),
)

STATUS = Enumeration(
    "status",
    (
        Choice("approved", "Đã duyệt"),
        Choice("pending", "Chờ duyệt"),
        Choice("returned", "Trả lại"),
    ),
)

QUALITY = Enumeration(
    "quality",
    (
        Choice("pass", "Đạt"),
        Choice("fail", "Không đạt"),
        Choice("excellent", "Xuất sắc"),
    ),
)

DAY_KIND = Enumeration(
    "day_kind",
    (
        Choice("off", "Nghỉ", ("day off", "holiday")),
        Choice("makeup", "Làm bù", ("make-up", "make up", "workday")),
    ),
)

# The four levels of Decree 335 (Art. 20): a unit's own yearly level in the units sheet.
LEVEL = Enumeration(
    "level",
    (
        Choice("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", ("xuất sắc", "excellent")),
        Choice("HTTNV", "Hoàn thành tốt nhiệm vụ", ("tốt", "good")),
        Choice("HTNV", "Hoàn thành nhiệm vụ", ("completed",)),
        Choice("KHTNV", "Không hoàn thành nhiệm vụ", ("not completed",)),
    ),
)

ALL = (YES_NO, LEVEL, POSITION_GROUP, NORM_GROUP, TASK_GROUP, STAFF_TYPE, STATUS, QUALITY, DAY_KIND)
