"""assessments.xlsx — supervisor assessments: general criteria and leader criteria."""

from kpitool.schemas import enums
from kpitool.schemas.spec import Column, Sheet, WorkbookKind

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
               "Điểm tiêu chí chung, từ 0 đến 30.", "General criteria score, 0 to 30.",
               nullable=True, min=0, max=30),
        Column("discipline", "Kỷ luật", "bool", "Có nếu bị kỷ luật trong kỳ.",
               "yes if disciplined in the period.", enum=enums.YES_NO, nullable=True,
               default="no"),
        Column("org_ability", "Năng lực tổ chức", "number",
               "Lãnh đạo: 100 hoặc 50 (năng lực tổ chức thực hiện nhiệm vụ).",
               "Leaders: 100 or 50 (ability to organise the work).",
               required=False, nullable=True, allowed=(50, 100)),
        Column("unity", "Đoàn kết", "number", "Lãnh đạo: 100 hoặc 50 (xây dựng đoàn kết nội bộ).",
               "Leaders: 100 or 50 (building unity).",
               required=False, nullable=True, allowed=(50, 100)),
    ),
    unique=(("staff_id", "period"),),
    help_vi="Điểm tiêu chí chung (tối đa 30) và tiêu chí lãnh đạo do cấp trên đánh giá.",
    help_en="General criteria (max 30) and leader criteria given by supervisors.",
)

ASSESSMENTS_BOOK = WorkbookKind("assessments", "Đánh giá", (GENERAL,))
