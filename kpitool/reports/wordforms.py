"""Word documents of the decree's forms (python-docx): Form 01, Form 02 and the results list.

Layout of Decree 335/2025 Appendix II, in the style of Vietnamese administrative documents
(A4 portrait, Times New Roman 13 pt, the national motto top right and the agency top left).
The forms are legal documents in Vietnamese whatever `--lang` says; their wording lives in the
message catalog. A value the data does not hold is left as a dotted line (or an empty cell) to
fill by hand.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kpitool.forms import Form01, Form02, FormsBook, NoticeLine, Person, UnitForms
from kpitool.io.atomic import atomic_path
from kpitool.messages import text
from kpitool.schemas.assessments import GENERAL, GENERAL_ITEM_KEYS

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

FONT = "Times New Roman"
SIZE = Pt(13)
SMALL = Pt(12)
TEXT_WIDTH = 170  # mm between the margins of an A4 page (210 − 25 − 15)
CHECKED, UNCHECKED = "☒", "☐"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
LEVEL_KEYS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
ITEM_GROUPS = (("I", "1", ("g1_1", "g1_2")), ("II", "2", ("g2_1", "g2_2", "g2_3", "g2_4")),
               ("III", "3", ("g3_1", "g3_2", "g3_3", "g3_4")))


def vi(code: str, **params: object) -> str:
    """A form's wording: always Vietnamese."""
    return text(code, "vi", **params)


def points(value: float | None) -> str:
    """A score as Vietnamese write it: decimal comma, at most two decimals (27,5 · 89,06 · 30)."""
    if value is None:
        return ""
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",")


def date_words(day: dt.date, place: str | None) -> str:
    """'Thanh Hóa, ngày 05 tháng 02 năm 2026': a day under 10 and January, February take a
    leading zero, as in Vietnamese administrative documents."""
    return vi("form_place_date", place=place or "." * 10, day=f"{day.day:02d}",
              month=f"{day.month:02d}" if day.month <= 2 else str(day.month), year=day.year)


def period_words(book: FormsBook) -> str:
    if book.period_kind == "month":
        return vi("form_period_month", number=book.number, year=book.year)
    if book.period_kind == "quarter":
        return vi("form_period_quarter", roman=ROMAN[book.number], year=book.year)
    return vi("form02_year", year=book.year)


# --- document set-up ----------------------------------------------------------------------


def new_document() -> DocumentObject:
    """An empty A4 portrait document in Times New Roman 13 pt with administrative margins."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = SIZE
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(0), 1.0
    document.core_properties.language = "vi-VN"
    return document


def _emphasis(run: Run, bold: bool, italic: bool) -> None:
    """Bold or italic where asked; nothing written otherwise (the style's plain text)."""
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _paragraph(container: DocumentObject | _Cell, words: str = "", *, bold: bool = False,
               italic: bool = False, align: str = "left", size: Pt | None = None,
               before: float = 0, after: float = 0) -> Paragraph:
    paragraph = container.add_paragraph()
    _words(paragraph, words, bold, italic, size, align)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _dotted(paragraph: Paragraph) -> None:
    """Fill the rest of the line with dots (a right tab with a dot leader), to write on."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
    paragraph.add_run("\t")


def _field(document: DocumentObject, label: str, value: str | None, *, bold: bool = False,
           lines: int = 1) -> None:
    """'Label: value', or the label and dotted lines to the margin when there is no value."""
    paragraph = _paragraph(document, label, before=2)
    if value:
        run = paragraph.add_run(value)
        run.bold = bold
        return
    _dotted(paragraph)
    for _ in range(lines - 1):
        _dotted(_paragraph(document, before=2))


def _cell_text(cell: _Cell, words: str, *, bold: bool = False, italic: bool = False,
               align: str = "left", size: Pt | None = None) -> None:
    cell.text = ""
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    _words(paragraph, words, bold, italic, size, align)


def _words(paragraph: Paragraph, words: str, bold: bool, italic: bool, size: Pt | None,
           align: str) -> None:
    """`words` as one run of `paragraph`, emphasised and sized, and the paragraph aligned."""
    if words:
        run = paragraph.add_run(words)
        _emphasis(run, bold, italic)
        if size is not None:
            run.font.size = size
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]


def _widths(table: Table, widths: tuple[float, ...]) -> None:
    """Column widths in mm, on the grid (LibreOffice) and on every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _keep_rows_whole(table: Table) -> None:
    """A row is never split across pages, and the header row repeats on the next page."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))


def _header(document: DocumentObject, agency: str | None, form_no: str) -> None:
    """The agency top left and the national motto top right (Appendix II), the form's number
    above them on the right."""
    _paragraph(document, form_no, bold=True, align="right", size=SMALL)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (70, 100))
    left, right = table.rows[0].cells
    _cell_text(left, (agency or vi("form_agency_placeholder")).upper(), bold=True,
               align="center", size=SMALL)
    _paragraph(left, "-------", align="center", size=SMALL)
    _cell_text(right, vi("form_motto_country"), bold=True, align="center", size=SMALL)
    _paragraph(right, vi("form_motto"), bold=True, align="center")
    _paragraph(right, "---------------", align="center")


def _person(document: DocumentObject, person: Person) -> None:
    _field(document, vi("form_name"), person.full_name, bold=True)
    _field(document, vi("form_position"), person.position)
    unit = person.unit_name
    if unit and person.agency_name and person.agency_name != unit:
        unit = f"{unit}, {person.agency_name}"
    _field(document, vi("form_unit"), unit)


def _signatures(document: DocumentObject, left_title: str, right_title: str,
                left_name: str | None, right_name: str | None, when: str) -> None:
    """Two dated signature blocks, the names written in where they are known."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (85, 85))
    for column, title, name in zip(range(2), (left_title, right_title), (left_name, right_name),
                                   strict=True):
        top, bottom = table.cell(0, column), table.cell(1, column)
        _cell_text(top, when, italic=True, align="center")
        top.vertical_alignment = WD_ALIGN_VERTICAL.TOP
        for line in title.split("\n"):
            _paragraph(top, line, bold=True, align="center")
        _paragraph(top, vi("form_sign_hint"), italic=True, align="center")
        _cell_text(bottom, "")
        for _ in range(3):
            _paragraph(bottom)
        _paragraph(bottom, name or "." * 30, bold=bool(name), align="center")
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell in table.rows[0].cells:  # the titles stay on the page of the names
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


# --- Form 01 ------------------------------------------------------------------------------


def render_form01(document: DocumentObject, form: Form01, book: FormsBook, when: str) -> None:
    """Mẫu số 01: the person, the ten general items, the summary and two signature blocks."""
    _header(document, form.person.agency_name, vi("form01_no"))
    _paragraph(document, vi("form01_title"), bold=True, align="center", before=10)
    _paragraph(document, vi("form01_period", period=period_words(book)), bold=True,
               align="center", after=6)
    _person(document, form.person)
    _paragraph(document, vi("form01_part1"), bold=True, before=6, after=3)
    table = document.add_table(rows=2, cols=4)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heads = ("form01_col_no", "form01_col_item", "form01_col_max", "form01_col_self")
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_text(cell, vi(head), bold=True, align="center")
    for number, cell in enumerate(table.rows[1].cells, start=1):
        _cell_text(cell, f"({number})", italic=True, align="center")
    values = dict(zip(GENERAL_ITEM_KEYS, form.items, strict=True))
    for roman, group, keys in ITEM_GROUPS:
        maximum = sum(GENERAL.column(key).max or 0 for key in keys)
        given = [values[key] for key in keys]
        subtotal = sum(v for v in given if v is not None) if all(
            v is not None for v in given) else None
        cells = table.add_row().cells
        for cell, words in zip(cells, (roman, vi(f"form01_group_{group}"), points(maximum),
                                       points(subtotal)), strict=True):
            _cell_text(cell, words, bold=True, align="left" if cell is cells[1] else "center")
        for index, key in enumerate(keys, start=1):
            cells = table.add_row().cells
            column = GENERAL.column(key)
            for cell, words in zip(cells, (str(index), vi(f"form01_item_{key}"),
                                           points(column.max), points(values[key])), strict=True):
                _cell_text(cell, words, align="justify" if cell is cells[1] else "center")
    cells = table.add_row().cells
    total_max = sum(GENERAL.column(key).max or 0 for key in GENERAL_ITEM_KEYS)
    _cell_text(cells[0], "")
    _cell_text(cells[1], vi("form01_sum"), bold=True, align="center")
    _cell_text(cells[2], points(total_max), bold=True, align="center")
    _cell_text(cells[3], points(form.items_total), bold=True, align="center")
    _widths(table, (13, 112, 20, 25))
    _keep_rows_whole(table)
    _paragraph(document, vi("form01_part2"), bold=True, before=8, after=3)
    _field(document, vi("form01_general"), points(form.general_score), bold=True)
    _field(document, vi("form01_task"), points(form.task_score), bold=True)
    _field(document, vi("form01_total"), points(form.total), bold=True)
    _field(document, vi("form01_strengths"), form.strengths, lines=2)
    _field(document, vi("form01_weaknesses"), form.weaknesses, lines=2)
    _field(document, vi("form01_comment"), form.reviewer_comment, lines=2)
    _paragraph(document, after=6)
    _signatures(document, vi("form01_sign_self"), vi("form01_sign_authority"),
                form.person.full_name, form.person.supervisor_name, when)


# --- Form 02 ------------------------------------------------------------------------------


def _levels(document: DocumentObject, chosen: str | None) -> None:
    """The four levels as boxes, two to a line (so that Form 02 holds on one page), the
    chosen one ticked."""
    for pair in (LEVEL_KEYS[:2], LEVEL_KEYS[2:]):
        paragraph = _paragraph(document, before=1)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH / 2))
        paragraph.add_run("\t".join(
            f"{CHECKED if key == chosen else UNCHECKED} {vi(f'level_{key}')}" for key in pair))


def render_form02(document: DocumentObject, form: Form02, book: FormsBook, when: str) -> None:
    """Mẫu số 02: the twelve months, the yearly mean, both classifications, the proposal."""
    _header(document, form.person.agency_name, vi("form02_no"))
    _paragraph(document, vi("form02_title"), bold=True, align="center", before=8)
    _paragraph(document, vi("form02_year", year=book.year), bold=True, align="center", after=4)
    _person(document, form.person)
    _paragraph(document, vi("form02_part1"), bold=True, before=4, after=2)
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(table.rows[0].cells,
                          ("form02_col_month", "form02_col_total", "form02_col_note"), strict=True):
        _cell_text(cell, vi(head), bold=True, align="center", size=SMALL)
    for line in form.months:
        cells = table.add_row().cells
        _cell_text(cells[0], str(line.month), align="center", size=SMALL)
        _cell_text(cells[1], points(line.total), align="center", size=SMALL)
        note = ""
        if line.note == "quarter" and line.cycle:
            note = vi("forms_note_quarter", roman=ROMAN[int(line.cycle[-1])])
        elif line.note:
            note = vi(f"forms_note_{line.note}")
        _cell_text(cells[2], note, size=SMALL)
    cells = table.add_row().cells
    _cell_text(cells[0], vi("form02_mean"), bold=True, align="center", size=SMALL)
    _cell_text(cells[1], points(form.mean), bold=True, align="center", size=SMALL)
    _cell_text(cells[2], "")
    _widths(table, (48, 60, 62))
    _keep_rows_whole(table)
    _paragraph(document, vi("form02_part2"), bold=True, before=4)
    _levels(document, form.self_level)
    _paragraph(document, vi("form02_part3"), bold=True, before=4)
    _levels(document, form.level)
    if form.level is None and form.not_classified:
        _paragraph(document, vi("form02_not_classified",
                                reason=vi(f"forms_reason_{form.not_classified}")),
                   bold=True, before=1)
    _paragraph(document, vi("form02_part4"), bold=True, before=4)
    if form.proposal:
        _paragraph(document, form.proposal, align="justify")
    else:
        _dotted(_paragraph(document))
        _dotted(_paragraph(document, before=2))
    _paragraph(document, after=4)
    _signatures(document, vi("form02_sign_self"), vi("form02_sign_authority"),
                form.person.full_name, form.person.supervisor_name, when)


# --- the results list ---------------------------------------------------------------------


def render_notice(document: DocumentObject, lines: list[NoticeLine], book: FormsBook,
                  agency: str | None, unit_name: str | None, when: str) -> None:
    """Danh sách kết quả xếp loại chất lượng (Art. 21.1.đ): STT, name, position, points, level."""
    _header(document, agency, "")
    title = (vi("notice_title_year", year=book.year) if book.period_kind == "year"
             else vi("notice_title_period", period=period_words(book).upper()))
    _paragraph(document, title, bold=True, align="center", before=10)
    if unit_name:
        _paragraph(document, unit_name, bold=True, align="center")
    _paragraph(document, when, italic=True, align="center", after=6)
    table = document.add_table(rows=1, cols=5)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heads = ("notice_col_no", "notice_col_name", "notice_col_position", "notice_col_points",
             "notice_col_level")
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_text(cell, vi(head), bold=True, align="center")
    for number, line in enumerate(lines, start=1):
        cells = table.add_row().cells
        level = (vi(f"level_{line.level}") if line.level else
                 vi("notice_not_classified", reason=vi(f"forms_reason_{line.not_classified}")))
        for cell, words, align in zip(cells, (str(number), line.full_name, line.position or "",
                                              points(line.total), level),
                                      ("center", "left", "left", "center", "left"), strict=True):
            _cell_text(cell, words, align=align)
    _widths(table, (12, 45, 50, 18, 45))
    _keep_rows_whole(table)


# --- files --------------------------------------------------------------------------------


def _page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _append_body(target: DocumentObject, source: DocumentObject) -> None:
    """Copy the content of `source` (made by `new_document`, so with the same styles) to the
    end of `target`, before its section properties."""
    body = target.element.body
    end = body.sectPr
    for element in source.element.body.iterchildren():
        if element.tag != qn("w:sectPr"):
            copied = deepcopy(element)
            if end is not None:
                end.addprevious(copied)
            else:
                body.append(copied)


def _render(document: DocumentObject, form: Form01 | Form02, book: FormsBook, when: str) -> None:
    if isinstance(form, Form01):
        render_form01(document, form, book, when)
    else:
        render_form02(document, form, book, when)


def save(document: DocumentObject, path: Path) -> Path:
    """Write atomically: a temporary file beside `path`, renamed into place."""
    with atomic_path(path) as temporary:
        document.save(str(temporary))
    return path


def windows_safe(name: str, taken: set[str], limit: int = 100) -> str:
    """A file name (without extension) that Windows accepts and that no earlier name in
    `taken` (compared as Windows does, case-insensitively) already holds."""
    from pathvalidate import sanitize_filename

    clean = sanitize_filename(unicodedata.normalize("NFC", name), platform="windows",
                              replacement_text=" ", max_len=limit)
    clean = " ".join(clean.split()).strip(" .") or "_"
    candidate, number = clean, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = clean[: limit - len(suffix)].rstrip(" .") + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def write_unit(unit: UnitForms, book: FormsBook, unit_folder: Path, when: str) -> list[Path]:
    """One unit's files in `unit_folder`: a document per person, the unit's document of every
    form (a page break between people) and its results list."""
    written: list[Path] = []
    taken: set[str] = set()
    combined = new_document()
    for index, form in enumerate(unit.forms):
        document = new_document()
        _render(document, form, book, when)
        name = windows_safe(f"{form.person.staff_id} {form.person.full_name}", taken)
        written.append(save(document, unit_folder / f"{name}.docx"))
        if index:
            _page_break(combined)
        _append_body(combined, document)
    name = windows_safe(vi("forms_file_unit", unit=unit.unit_code), taken)
    written.append(save(combined, unit_folder / f"{name}.docx"))
    document = new_document()
    render_notice(document, unit.notice, book, unit.agency_name, unit.unit_name, when)
    name = windows_safe(vi("forms_file_notice", unit=unit.unit_code), taken)
    written.append(save(document, unit_folder / f"{name}.docx"))
    return written


def write_forms(book: FormsBook, folder: Path, day: dt.date, place: str | None) -> list[Path]:
    """Every file of the forms under `folder`: per unit, then the agency-wide results list."""
    when = date_words(day, place)
    written: list[Path] = []
    folders: set[str] = set()
    for unit in book.units:
        written += write_unit(unit, book, folder / windows_safe(unit.unit_code, folders), when)
    agency = book.units[0].agency_name if book.units else None
    document = new_document()
    render_notice(document, book.notice, book, agency, None, when)
    written.append(save(document, folder / f"{vi('forms_file_notice_all')}.docx"))
    return written
