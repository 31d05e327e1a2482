"""Sheet descriptions (SPEC §2) and the pandera schemas built from them."""

from kpitool.schemas.assessments import ASSESSMENTS_BOOK, GENERAL
from kpitool.schemas.assignments import ASSIGNMENTS, ASSIGNMENTS_BOOK
from kpitool.schemas.catalog import CATALOG, POSITIONS, STAFF, TASKS, UNITS
from kpitool.schemas.norms import CALENDAR, LEAVE, NORMS, NORMS_BOOK
from kpitool.schemas.spec import Column, Sheet, WorkbookKind, fold
from kpitool.schemas.worklogs import WORKLOGS, WORKLOGS_BOOK

# in the order `kpitool init` writes them; a workbook's kind is the first whose sheet it holds
WORKBOOKS: tuple[WorkbookKind, ...] = (
    CATALOG, NORMS_BOOK, WORKLOGS_BOOK, ASSESSMENTS_BOOK, ASSIGNMENTS_BOOK)
SHEETS: dict[str, Sheet] = {sheet.key: sheet for book in WORKBOOKS for sheet in book.sheets}

__all__ = [
    "ASSESSMENTS_BOOK", "ASSIGNMENTS", "ASSIGNMENTS_BOOK", "CALENDAR", "CATALOG", "GENERAL",
    "LEAVE", "NORMS", "NORMS_BOOK", "POSITIONS", "SHEETS", "STAFF", "TASKS", "UNITS", "WORKBOOKS",
    "WORKLOGS", "WORKLOGS_BOOK",
    "Column", "Sheet", "WorkbookKind", "fold",
]
