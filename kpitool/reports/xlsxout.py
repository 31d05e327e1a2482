"""Tables into .xlsx with xlsxwriter: real number and date formats, frozen headers, autofilter.

Text from the inputs is always written with `write_string`, and the workbook is opened with
`strings_to_formulas` off: a note such as `=HYPERLINK(…)` stays visible text, never a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpitool.messages import text
from kpitool.reports import formatting

SHEET_ROWS = 1_048_576  # rows in an Excel sheet: a table of more rows cannot be written whole
LEVEL_COLOURS = {"HTXSNV": "#C6EFCE", "HTTNV": "#DDEBF7", "HTNV": "#FFEB9C", "KHTNV": "#FFC7CE"}


@dataclass(frozen=True)
class Col:
    """One output column: the frame's key, how to show it, and its width in characters."""

    key: str
    # text, number, int, date, bool; keys shown by name (`formatting`): level, enum (an input
    # enumeration named by `key`), flags (a list of flag codes)
    kind: str = "text"
    width: float | None = None
    header: str | None = None  # for a column named by data (a month); else the catalog's col_<key>


class Book:
    """An xlsxwriter workbook with the formats kpitool uses.

    `in_memory` assembles the parts in memory instead of temporary files: for small workbooks
    (a unit's) the dozen temporary files cost more than the cells. `constant_memory` writes
    each row to its sheet's temporary file as soon as the next row begins (xlsxwriter's mode:
    its tables are then written row by row, a chunk at a time), so that a ranking of a
    country's people is not held whole as cells; every sheet must then be written top down.
    """

    def __init__(self, path: Path, lang: str, in_memory: bool = False,
                 constant_memory: bool = False) -> None:
        import xlsxwriter

        self.lang = lang
        self.constant_memory = constant_memory and not in_memory
        self.book = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
            "constant_memory": self.constant_memory,
            "in_memory": in_memory,
        })
        add = self.book.add_format
        self.fmt = {
            "header": add({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                           "text_wrap": True, "valign": "vcenter", "border": 1}),
            "title": add({"bold": True, "font_size": 14}),
            "text": add({}),
            "number": add({"num_format": "#,##0.00"}),
            "int": add({"num_format": "0"}),
            "date": add({"num_format": "d/m/yyyy"}),
            "bold": add({"bold": True}),
            "note": add({"bold": True, "text_wrap": True, "valign": "top"}),
        }
        self.level_fmt = {key: add({"bg_color": colour}) for key, colour in LEVEL_COLOURS.items()}
        self._headers: dict[str, list[tuple[int, int]]] = {}  # sheet → (header row, data rows)

    def label(self, key: str) -> str:
        return text(f"col_{key}", self.lang)

    def sheet(self, name: str) -> Any:
        sheet = self.book.add_worksheet(name[:31])
        self._headers[sheet.name] = []
        return sheet

    def table(
        self, sheet: Any, frame: pd.DataFrame, cols: Sequence[Col], first_row: int = 0,
        freeze: bool = True,
    ) -> int:
        """Write `frame`'s `cols` with a header at `first_row`; returns the next free row.

        Each column is made into cells at once (numbers and dates converted for the whole
        column, each distinct key labelled once), then written column by column, or row by row
        a chunk at a time in constant_memory mode: a province's tables have hundreds of
        thousands of cells, a country's ranking millions.
        """
        headers: list[str] = []
        widths: list[float] = []
        for c, col in enumerate(cols):
            headers.append(col.header or self.label(col.key))
            widths.append(col.width or _width(headers[-1], col.kind))
            sheet.write_string(first_row, c, headers[-1], self.fmt["header"])
            sheet.set_column(c, c, widths[-1])
        sheet.set_row(first_row, header_height(headers, widths))
        self._headers.setdefault(sheet.name, []).append((first_row, len(frame)))
        top = first_row + 1
        present = [(c, col) for c, col in enumerate(cols) if col.key in frame]
        if not self.constant_memory:
            for c, col in present:
                _write_down(top, c, self._cells(sheet, frame[col.key], col))
        else:
            for start in range(0, len(frame), ROWWISE_CHUNK):
                part = frame.iloc[start:start + ROWWISE_CHUNK]
                _write_across(top + start, [(c, self._cells(sheet, part[col.key], col))
                                            for c, col in present])
        last = first_row + len(frame)
        if freeze:
            sheet.freeze_panes(first_row + 1, 0)
        if cols and freeze:
            sheet.autofilter(first_row, 0, max(last, first_row), len(cols) - 1)
        return last + 1

    def _cells(self, sheet: Any, values: pd.Series, col: Col) -> Cells:
        """The cells of one column, by its kind; missing values stay blank."""
        kind = col.kind
        n = len(values)
        if kind == "level":  # keys, shown by name on their level's colour
            labels = {key: formatting.level(key, self.lang) for key in values.unique()
                      if isinstance(key, str)}
            keys = values.tolist()
            shown = [labels.get(key) if isinstance(key, str) else None for key in keys]
            fmts = [self.level_fmt.get(key) if isinstance(key, str) else None for key in keys]
            writes = [sheet.write_string if label else sheet.write_blank for label in shown]
            return writes, [label or ("" if fmt is not None else None)
                            for label, fmt in zip(shown, fmts, strict=True)], fmts
        if kind == "enum":
            return self._labels(sheet, values,
                                lambda key: formatting.enum_value(col.key, key, self.lang))
        if kind == "flags":
            return self._labels(sheet, values,
                                lambda codes: formatting.flag_kinds(codes, self.lang))
        if kind in ("number", "int") and pd.api.types.is_numeric_dtype(values) and \
                not pd.api.types.is_bool_dtype(values):
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            return [sheet.write_number] * n, _numbers(numbers, kind == "int"), \
                [self.fmt[kind]] * n
        if kind == "date" and pd.api.types.is_datetime64_any_dtype(values) and \
                values.dt.tz is None and not (values < EXCEL_LEAP_BUG_END).any():
            return [sheet.write_number] * n, _numbers(excel_serial(values), False), \
                [self.fmt["date"]] * n
        if kind == "text" and (pd.api.types.is_string_dtype(values) or values.dtype == object):
            return [sheet.write_string] * n, [
                value if isinstance(value, str) else None if formatting.is_missing(value)
                else _as_text(value) for value in values.tolist()], [None] * n
        if kind == "bool":
            return self._labels(sheet, values, lambda value: formatting.yes_no(value, self.lang))
        cells = [self._cell(sheet, value, kind) for value in values.tolist()]
        return [c[0] for c in cells], [c[1] for c in cells], [c[2] for c in cells]

    @staticmethod
    def _labels(sheet: Any, values: pd.Series, label: Callable[[Any], str]) -> Cells:
        """A column of keys written as their labels (each distinct key labelled once); missing
        values and empty labels stay blank."""
        labels: dict[Any, str] = {}
        shown: list[str | None] = []
        for value in values.tolist():
            if isinstance(value, list):
                words = label(value)
            elif formatting.is_missing(value):
                words = None
            else:
                if value not in labels:
                    labels[value] = label(value)
                words = labels[value]
            shown.append(words or None)
        return [sheet.write_string] * len(shown), shown, [None] * len(shown)

    def cell(self, sheet: Any, row: int, col: int, value: object, kind: str,
             fmt: Any = None) -> None:
        """One cell by kind (`fmt` instead of the kind's format); missing values stay blank."""
        write, shown, own = self._cell(sheet, value, kind)
        if shown is not None:
            write(row, col, shown, fmt or own)
        elif fmt is not None:
            sheet.write_blank(row, col, None, fmt)

    def _cell(self, sheet: Any, value: object, kind: str) -> tuple[Any, Any, Any]:
        """(write, value, format) of one cell by kind; the value None when it stays blank."""
        if formatting.is_missing(value):
            return sheet.write_blank, None, None
        if kind == "number" and isinstance(value, int | float):
            return sheet.write_number, float(value), self.fmt["number"]
        if kind == "int" and isinstance(value, int | float):
            return sheet.write_number, int(value), self.fmt["int"]
        if kind == "date" and isinstance(value, pd.Timestamp):
            return sheet.write_datetime, value.to_pydatetime(), self.fmt["date"]
        if kind == "bool":
            return sheet.write_string, formatting.yes_no(value, self.lang), None
        return sheet.write_string, _as_text(value), None

    def close(self) -> None:
        """Give every sheet its print settings, then write the file."""
        for sheet in self.book.worksheets():
            tables = self._headers.get(sheet.name, [])
            longest = max(tables, key=lambda t: t[1], default=None)
            print_setup(sheet, self.lang, longest[0] if longest and longest == tables[0] else None)
        self.book.close()


# A column's cells: for each row, the xlsxwriter call, the value (None: nothing written) and
# the format.
Cells = tuple[list[Any], list[Any], list[Any]]
ROWWISE_CHUNK = 20_000  # rows of a table made into cells at a time in constant_memory mode


def _write_down(top: int, c: int, cells: Cells) -> None:
    """One column's cells, from row `top` down."""
    writes, values, fmts = cells
    for r, (write, value, fmt) in enumerate(zip(writes, values, fmts, strict=True), top):
        if value is not None:
            write(r, c, value, fmt)


def _write_across(top: int, columns: list[tuple[int, Cells]]) -> None:
    """Columns' cells written row by row from row `top` (as constant_memory mode needs)."""
    if not columns:
        return
    for i in range(len(columns[0][1][1])):
        for c, (writes, values, fmts) in columns:
            value = values[i]
            if value is not None:
                writes[i](top + i, c, value, fmts[i])


def _numbers(numbers: np.ndarray, whole: bool) -> list[Any]:
    """Python numbers of a float column (whole numbers as int), None where it is NaN."""
    missing = np.isnan(numbers)
    shown = (np.where(missing, 0, numbers).astype("int64") if whole else numbers).tolist()
    for r in np.flatnonzero(missing).tolist():
        shown[r] = None
    return shown


def _as_text(value: object) -> str:
    """A value that is not text, as the text written in its cell."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


LINE_POINTS = 15.0  # one line of 11-point Calibri, as Excel and LibreOffice lay it out
LANDSCAPE_FROM = 100  # total column width (characters) from which a sheet prints landscape


def header_height(labels: Sequence[str], widths: Sequence[float]) -> float:
    """The height (points) of a header row whose labels wrap within their columns."""
    lines = 1
    for label, width in zip(labels, widths, strict=True):
        per_line = max(int(width) - 2, 4)
        count, used = 1, 0
        for word in label.split():
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines = max(lines, count)
    return LINE_POINTS * lines + 3


def print_setup(sheet: Any, lang: str, repeat_row: int | None = None,
                last_row: int | None = None) -> None:
    """A4, fit to the page width, landscape when wide, gridlines and page numbers printed, the
    header row repeated on every page, and a print area that ends with the data (or at
    `last_row`).
    """
    sheet.set_paper(9)
    sheet.hide_gridlines(0)  # printed gridlines: a table, or blank rows to fill by hand
    widths = [info.width for info in getattr(sheet, "col_info", {}).values()
              if getattr(info, "width", None)]
    if sum(widths) >= LANDSCAPE_FROM:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.set_footer("&C" + text("print_page_footer", lang), {"margin": 0.3})
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
    rows = last_row if last_row is not None else sheet.dim_rowmax
    if rows is not None and sheet.dim_colmax is not None and not sheet.charts:
        sheet.print_area(0, 0, rows, sheet.dim_colmax)


EXCEL_EPOCH = np.datetime64("1899-12-31", "ns")
EXCEL_LEAP_BUG_END = pd.Timestamp("1900-03-01")  # Excel counts a 29 February 1900
_DAY_NS = 86_400_000_000_000


def excel_serial(values: pd.Series) -> np.ndarray:
    """Excel's serial day numbers of naive datetimes from 1 March 1900 on (NaT: NaN).

    The same float that xlsxwriter's `write_datetime` stores, worked out for the whole column
    at once: whole days since 31 December 1899, plus one for Excel's 29 February 1900, plus
    seconds and microseconds as a fraction of the day.
    """
    stamps = values.to_numpy(dtype="datetime64[ns]")
    since = (stamps - EXCEL_EPOCH).astype("int64")
    days, rest = np.divmod(since, _DAY_NS)
    seconds, nanos = np.divmod(rest, 1_000_000_000)
    serial = days + (seconds.astype("float64") + (nanos // 1000).astype("float64") / 1e6) / 86400
    return np.where(np.isnat(stamps), np.nan, serial + 1)


def _width(label: str, kind: str) -> float:
    base = {"date": 11, "number": 11, "int": 7, "bool": 8, "level": 30}.get(kind, 18)
    return max(base, min(len(label) + 2, 40))

