"""A copy of an input workbook with every bad cell filled and a comment holding the message."""

from __future__ import annotations

import warnings
import zipfile
from collections import defaultdict
from pathlib import Path

from kpitool.errors import OutputError
from kpitool.io.atomic import atomic_path, refuse_inputs
from kpitool.issues import Issue

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "notice": "DDEBF7"}


def annotate_workbook(source: Path, issues: list[Issue], target: Path, lang: str) -> int:
    """Write `target`, a copy of `source` with the issues marked; the number of cells marked."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    refuse_inputs(target, [source])
    try:
        with warnings.catch_warnings(), source.open("rb") as stream:
            warnings.simplefilter("ignore", UserWarning)  # openpyxl's notes on odd styles
            book = load_workbook(stream)
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:  # e.g. '/' in a sheet name
        cause = exc.__cause__ or exc
        raise OutputError("annotate_unreadable", file=str(source),
                          error=str(cause).splitlines()[0][:200] if str(cause) else
                          type(cause).__name__) from exc
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.cell and issue.sheet in book.sheetnames:
            by_cell[(issue.sheet, issue.cell)].append(issue)
    for (sheet, cell_ref), found in by_cell.items():
        cell = book[sheet][cell_ref]
        worst = "error" if any(i.severity == "error" for i in found) else found[0].severity
        cell.fill = PatternFill("solid", start_color=FILLS[worst], end_color=FILLS[worst])
        text = "\n".join(f"[{i.code}] {i.message(lang)}" for i in found)
        comment = Comment(text, "kpitool")
        comment.width, comment.height = 320, 40 + 18 * len(text) // 45
        cell.comment = comment
    with atomic_path(target) as temp:
        book.save(temp)
    return len(by_cell)
