"""assessments.xlsx — supervisor assessments: general criteria and leader criteria."""

from kpitool.schemas import enums
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

# Form 01's ten general items (Decree Appendix I and II): key, Vietnamese label, English label,
# maximum points. Their sum is the general score.
GENERAL_ITEMS: tuple[tuple[str, str, str, float], ...] = (
    ("g1_1", "Phẩm chất chính trị, đạo đức, văn hóa công vụ",
     "Political and ethical qualities, public-service culture", 5),
    ("g1_2", "Ý thức kỷ luật, kỷ cương", "Discipline", 5),
    ("g2_1", "Năng lực chuyên môn, nghiệp vụ", "Professional competence", 2.5),
    ("g2_2", "Đáp ứng nhiệm vụ thường xuyên, đột xuất", "Meeting regular and urgent tasks", 2.5),
    ("g2_3", "Tinh thần trách nhiệm", "Sense of responsibility", 2.5),
    ("g2_4", "Thái độ phục vụ, phối hợp", "Service attitude, cooperation", 2.5),
    ("g3_1", "Sản phẩm, giải pháp đổi mới sáng tạo", "Innovative products or solutions", 2.5),
    ("g3_2", "Sẵn sàng nhận nhiệm vụ khó, đột xuất", "Ready for hard or urgent tasks", 2.5),
    ("g3_3", "Chịu trách nhiệm, khắc phục sai sót", "Owning and correcting mistakes", 2.5),
    ("g3_4", "Chủ động quyết định, tiên phong", "Taking decisions, leading the way", 2.5),
)
GENERAL_ITEM_KEYS = tuple(key for key, *_ in GENERAL_ITEMS)


def _max_text(maximum: float) -> str:
    return f"{maximum:g}".replace(".", ",")


def _item_column(key: str, vi: str, en: str, maximum: float) -> Column:
    return Column(
        key, vi, "number",
        f"Mẫu số 01, tiêu chí {key[1]}.{key[3]}: điểm từ 0 đến {_max_text(maximum)}. Nhập đủ "
        "mười tiêu chí (tổng là điểm tiêu chí chung) hoặc để trống cả mười.",
        f"Form 01, item {key[1]}.{key[3]} ({en}): 0 to {maximum:g} points. Fill all ten items "
        "(their sum is the general score) or none.",
        required=False, nullable=True, min=0, max=maximum,
    )


def _text_column(key: str, vi: str, help_vi: str, help_en: str) -> Column:
    return Column(key, vi, "text", help_vi, help_en, required=False, nullable=True)


GENERAL = Sheet(
    "general",
    "Tiêu chí chung",
    (
        Column("staff_id", "Mã cán bộ", "id", "Mã cán bộ được đánh giá.", "Staff ID assessed."),
        Column("period", "Kỳ đánh giá", "period",
               "Kỳ đánh giá: tháng (2026-03), quý (2026-Q1), 6 tháng (2026-H1) hoặc năm (2026).",
               "Assessment period: a month (2026-03), a quarter (2026-Q1), a half-year "
               "(2026-H1) or a year (2026)."),
        Column("general_score", "Điểm tiêu chí chung", "number",
               "Điểm tiêu chí chung, từ 0 đến mức tối đa của bộ quy tắc (30 theo Nghị định 335). "
               "Để trống nếu đã nhập mười tiêu chí: kpitool cộng lại.",
               "General criteria score, 0 to the rules' maximum (30 under Decree 335). Leave "
               "blank when the ten items are given: kpitool adds them up.",
               nullable=True, min=0),
        Column("discipline", "Kỷ luật", "bool", "Có nếu bị kỷ luật trong kỳ.",
               "yes if disciplined in the period.", enum=enums.YES_NO, nullable=True,
               default="no"),
        Column("org_ability", "Năng lực tổ chức", "number",
               "Lãnh đạo: 100 hoặc 50 (năng lực tổ chức thực hiện nhiệm vụ).",
               "Leaders: 100 or 50 (ability to organise the work).",
               required=False, nullable=True, min=0, max=100),  # the two values: the rules'
        # leader.subordinates_ok / _not_ok, checked in kpitool.validation.check_leader_values
        Column("unity", "Đoàn kết", "number", "Lãnh đạo: 100 hoặc 50 (xây dựng đoàn kết nội bộ).",
               "Leaders: 100 or 50 (building unity).",
               required=False, nullable=True, min=0, max=100),
        *(_item_column(*item) for item in GENERAL_ITEMS),
        Column("self_score", "Điểm tự chấm", "number",
               "Tổng điểm tiêu chí chung do công chức tự chấm (khi không nhập mười tiêu chí).",
               "General criteria total the person scored themselves (when the ten items are "
               "not given).", required=False, nullable=True, min=0),
        _text_column("strengths", "Ưu điểm", "Ưu điểm (Mẫu số 01, mục II.4).",
                     "Strengths (Form 01, II.4)."),
        _text_column("weaknesses", "Hạn chế, khuyết điểm", "Hạn chế, khuyết điểm (Mẫu số 01, "
                     "mục II.5).", "Weaknesses (Form 01, II.5)."),
        _text_column("reviewer_comment", "Ý kiến nhận xét của cấp có thẩm quyền",
                     "Ý kiến nhận xét của cấp có thẩm quyền theo dõi, đánh giá (Mẫu số 01, "
                     "mục II.6).", "The reviewing authority's comment (Form 01, II.6)."),
        Column("self_level", "Tự xếp loại", "enum",
               "Mức công chức tự xếp loại trong năm (Mẫu số 02, mục II).",
               "The level the person gives themselves for the year (Form 02, II).",
               enum=enums.LEVEL, required=False, nullable=True),
        _text_column("proposal", "Đề xuất phương án xử lý", "Đề xuất phương án xử lý "
                     "(Mẫu số 02, mục IV).", "Proposed follow-up (Form 02, IV)."),
    ),
    unique=(("staff_id", "period"),),
    help_vi="Điểm tiêu chí chung (mười tiêu chí của Mẫu số 01 hoặc tổng), tiêu chí lãnh đạo do "
    "cấp trên đánh giá, và các nội dung ghi trên Mẫu số 01, 02.",
    help_en="General criteria (Form 01's ten items or their total), leader criteria given by "
    "supervisors, and the text written on Forms 01 and 02.",
)

ASSESSMENTS_BOOK = WorkbookKind("assessments", "Đánh giá", (GENERAL,))
