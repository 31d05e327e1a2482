"""Keys in the data, words only when rendering (issue 10 point 3).

The example ward is scored and reported in both languages; every workbook cell, the visible text
of both HTML pages, the console summary and `explain` are read back. In English none of them
holds a Vietnamese level, flag, enumeration or severity name; in Vietnamese none holds an
internal code (`flag_…`, `HTXSNV`, `approved`, `pass`, `warning`, `norms`…). Then the named
cells are checked to hold the right words, and the formatting module value by value.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.messages import MESSAGES, text
from kpitool.reports import formatting
from kpitool.schemas import WORKBOOKS
from kpitool.scoring import LEVELS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "hac-thanh"
FLAG_CODES = tuple(key.removeprefix("flagkind_") for key in MESSAGES if key.startswith("flagkind_"))
SEVERITIES = ("error", "warning", "notice")


def _names(lang: str) -> set[str]:
    """The names of levels and flag kinds in `lang`: long enough to be sought inside a text."""
    return {formatting.level(level, lang) for level in LEVELS} | {
        formatting.flag_kind(code, lang) for code in FLAG_CODES}


def _words(lang: str) -> set[str]:
    """Every name a level, flag kind, enumeration value, severity or input kind has in `lang`."""
    words = _names(lang)
    words |= {formatting.severity(key, lang) for key in SEVERITIES}
    words |= {label for enum in formatting.ENUM_COLUMNS.values() for label in enum.labels(lang)}
    words |= {formatting.input_kind(book.key, lang) for book in WORKBOOKS}
    return words


VIETNAMESE_ONLY = _words("vi") - _words("en")  # 'CMNV' reads the same in both
VIETNAMESE_NAMES = _names("vi") - _names("en")
CODES = {*LEVELS, *FLAG_CODES, *SEVERITIES, *(book.key for book in WORKBOOKS),
         *(key for enum in formatting.ENUM_COLUMNS.values() for key in enum.keys())} \
    - _words("vi")
CODE_PATTERN = re.compile(r"\bflag_[a-z_]+|\b(?:HTXSNV|HTTNV|HTNV|KHTNV)\b")


def offences(value: str, lang: str) -> list[str]:
    """What in one piece of text a reader of `lang` must not see: in English, a Vietnamese level's
    or flag kind's name anywhere in it, any other Vietnamese name as the whole text; in
    Vietnamese, a code as the whole text or one of its comma-separated items, and a flag or level
    code anywhere."""
    if lang == "en":
        found = {w for w in VIETNAMESE_ONLY
                 if w == value.strip() or (w in VIETNAMESE_NAMES and w in value)}
    else:
        items = {item.strip() for item in re.split(r"[,;·]", value)}
        found = (CODES & items) | set(CODE_PATTERN.findall(value))
    return sorted(found)


class _Text(HTMLParser):
    """The text a person sees on a page (no style, no attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._style = self._style or tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style and data.strip():
            self.parts.append(data.strip())


def page_text(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def workbook_cells(path: Path) -> list[tuple[str, str]]:
    """(sheet!cell, text) of every text cell, and each sheet's name."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        out = []
        for sheet in book.worksheets:
            out.append((f"{sheet.title}", sheet.title))
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        out.append((f"{sheet.title}!{cell.coordinate}", cell.value))
        return out
    finally:
        book.close()


@pytest.fixture(scope="module", params=["vi", "en"])
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[str, Path, str, str]:
    """(lang, folder with the score and report outputs, console summary, explain text)."""
    lang = request.param
    folder = tmp_path_factory.mktemp(f"ward-{lang}")
    for path in EXAMPLE.glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    runner = CliRunner()
    logs = str(folder / "worklogs.xlsx")
    out = folder / "out"
    scored = runner.invoke(app, ["score", logs, "--out", str(out), "--lang", lang])
    assert scored.exit_code == 0, scored.output
    reported = runner.invoke(app, ["report", logs, "--out", str(out), "--lang", lang])
    assert reported.exit_code == 0, reported.output
    explained = runner.invoke(app, ["explain", "001", logs, "--lang", lang],
                              env={"COLUMNS": "400"})
    assert explained.exit_code == 0, explained.output
    return lang, out, scored.stdout, explained.stdout


def test_every_workbook_reads_in_its_language(outputs: tuple[str, Path, str, str]) -> None:
    lang, out, _, _ = outputs
    books = sorted(out.rglob("*.xlsx"))
    assert len(books) >= 4  # ranked report, analyst report, unit workbooks
    bad = [(book.name, where, value, found) for book in books
           for where, value in workbook_cells(book) if (found := offences(value, lang))]
    assert bad == []


def test_both_pages_read_in_their_language(outputs: tuple[str, Path, str, str]) -> None:
    lang, out, _, _ = outputs
    pages = sorted(out.glob("*.html"))
    assert [p.name.split("_")[0] for p in pages] == ["kpi", "report"]
    bad = [(page.name, part, found) for page in pages for part in page_text(page)
           if (found := offences(part, lang))]
    assert bad == []


def test_console_summary_and_explain_read_in_their_language(
        outputs: tuple[str, Path, str, str]) -> None:
    lang, _, summary, explained = outputs
    for shown in (summary, explained):
        bad = [line for line in shown.splitlines() if offences(line, lang)]
        assert bad == []
    assert formatting.level("HTXSNV", lang) in summary
    assert formatting.flag_kind("flag_pending_at_close", lang) in summary
    assert text("explain_result_head", lang).split(" ")[0] in explained


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, label: str, header_row: int = 1
            ) -> list[object]:
    header = [c.value for c in sheet[header_row]]
    index = header.index(label)
    return [row[index] for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)]


def test_named_cells_hold_words(outputs: tuple[str, Path, str, str]) -> None:
    """The cells issue 10 names: the ranking's level and flags, the detail's status and quality,
    the flags sheet's kind and severity."""
    lang, out, _, _ = outputs
    book = openpyxl.load_workbook(next(out.glob("kpi_*.xlsx")), read_only=True)
    ranking = book[text("sheet_ranking", lang)]
    levels = set(_column(ranking, text("col_level", lang))) - {None}  # one person has no level
    assert levels == {formatting.level(lv, lang) for lv in ("HTXSNV", "HTTNV", "HTNV")}
    flags = [v for v in _column(ranking, text("col_flags", lang)) if v]
    assert formatting.flag_kind("flag_pending_at_close", lang) in flags[0].split(", ")
    detail = book[text("sheet_detail", lang)]
    assert set(_column(detail, text("col_status", lang))) == {
        formatting.enum_value("status", "approved", lang)}
    assert set(_column(detail, text("col_quality", lang))) >= {
        formatting.enum_value("quality", key, lang) for key in ("pass", "fail")}
    sheet = book[text("sheet_flags", lang)]
    kinds = set(_column(sheet, text("col_flag_kind", lang)))
    assert formatting.flag_kind("flag_unit_hours_outlier", lang) in kinds
    assert set(_column(sheet, text("col_severity", lang))) <= {
        formatting.severity(s, lang) for s in SEVERITIES}
    book.close()


@pytest.mark.parametrize(("shown", "lang", "words"), [
    ("Hoàn thành tốt nhiệm vụ", "en", ["Hoàn thành tốt nhiệm vụ"]),
    ("Excellent", "en", []),
    ("Phạm Thị Mai", "en", []),  # a name is data, not a label
    ("Đạt", "en", ["Đạt"]),
    ("Đánh giá, xếp loại cán bộ", "en", []),  # a task's name holding an input kind's name
    ("Xếp loại: Hoàn thành nhiệm vụ", "en", ["Hoàn thành nhiệm vụ"]),
    ("flag_pending_at_close", "vi", ["flag_pending_at_close"]),
    ("Khai quá số giờ, flag_full_days", "vi", ["flag_full_days"]),
    ("approved", "vi", ["approved"]),
    ("HTXSNV", "vi", ["HTXSNV"]),
    ("pass, fail", "vi", ["fail", "pass"]),
    ("Đã duyệt", "vi", []),
    ("worklogs.xlsx › Nhật ký › 5", "vi", []),  # a file name is data
])
def test_offence_check_sees_what_it_must(shown: str, lang: str, words: list[str]) -> None:
    assert offences(shown, lang) == sorted(words)


@pytest.mark.parametrize(("made", "expected"), [
    (lambda: formatting.number(1234.5, "vi"), "1.234,50"),
    (lambda: formatting.number(1234.5, "en"), "1,234.50"),
    (lambda: formatting.number(None, "vi"), "—"),
    (lambda: formatting.number(float("nan"), "en", missing=""), ""),
    (lambda: formatting.day("2026-04-05"), "5/4/2026"),
    (lambda: formatting.day(None), ""),
    (lambda: formatting.level("HTXSNV", "vi"), "Hoàn thành xuất sắc nhiệm vụ"),
    (lambda: formatting.level("HTXSNV", "en"), "Excellent"),
    (lambda: formatting.level(None, "en"), ""),
    (lambda: formatting.flag_kinds(["flag_approver_self", "flag_holiday_work"], "en"),
     "Self-approved, Holiday work"),
    (lambda: formatting.enum_value("status", "approved", "vi"), "Đã duyệt"),
    (lambda: formatting.enum_value("quality", "pass", "vi"), "Đạt"),
    (lambda: formatting.enum_value("quality", "pass", "en"), "pass"),
    (lambda: formatting.severity("warning", "vi"), "Cảnh báo"),
    (lambda: formatting.input_kind("norms", "vi"), "Định mức"),
    (lambda: formatting.yes_no(False, "en"), text("ui_no", "en")),
    (lambda: formatting.yes_no(None, "en"), ""),
])
def test_formatting(made, expected: str) -> None:
    assert made() == expected


def test_unknown_keys_are_not_shown_as_they_are() -> None:
    with pytest.raises(KeyError):
        formatting.input_kind("notebook", "vi")
    with pytest.raises(KeyError):
        formatting.enum_value("colour", "red", "vi")
