"""Tables into .xlsx with xlsxwriter: real number and date formats, frozen headers, autofilter.

Text from the inputs is always written with `write_string`, and the workbook is opened with
`strings_to_formulas` off: a note such as `=HYPERLINK(…)` stays visible text, never a formula.
"""

from __future__ import annotations

import math
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
    (a unit's) the dozen temporary files cost more than the cells.
    """

    def __init__(self, path: Path, lang: str, in_memory: bool = False) -> None:
        import xlsxwriter

        self.lang = lang
        self.book = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
            "constant_memory": False,
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

        Column by column, each with the one xlsxwriter call its kind needs, numbers and dates
        converted for the whole column at once: a province's tables have hundreds of thousands
        of cells.
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
        for c, col in enumerate(cols):
            if col.key in frame:
                self._column(sheet, top, c, frame[col.key], col)
        last = first_row + len(frame)
        if freeze:
            sheet.freeze_panes(first_row + 1, 0)
        if cols and freeze:
            sheet.autofilter(first_row, 0, max(last, first_row), len(cols) - 1)
        return last + 1

    def _column(self, sheet: Any, top: int, c: int, values: pd.Series, col: Col) -> None:
        kind = col.kind
        if kind == "level":  # keys, shown by name on their level's colour
            for r, key in enumerate(values.tolist()):
                self.cell(sheet, top + r, c, formatting.level(key, self.lang) or None, "text",
                          self.level_fmt.get(key) if isinstance(key, str) else None)
            return
        if kind == "enum":
            self._labels(sheet, top, c, values,
                         lambda key: formatting.enum_value(col.key, key, self.lang))
            return
        if kind == "flags":
            self._labels(sheet, top, c, values,
                         lambda codes: formatting.flag_kinds(codes, self.lang))
            return
        if kind in ("number", "int") and pd.api.types.is_numeric_dtype(values) and \
                not pd.api.types.is_bool_dtype(values):
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            self._numbers(sheet, top, c, numbers, self.fmt[kind], kind == "int")
            return
        if kind == "date" and pd.api.types.is_datetime64_any_dtype(values) and \
                values.dt.tz is None and not (values < EXCEL_LEAP_BUG_END).any():
            self._numbers(sheet, top, c, excel_serial(values), self.fmt["date"], False)
            return
        if kind == "text" and (pd.api.types.is_string_dtype(values) or values.dtype == object):
            write = sheet.write_string
            for r, value in enumerate(values.tolist()):
                if isinstance(value, str):
                    write(top + r, c, value)
                elif value is not None and value is not pd.NA and not (
                        isinstance(value, float) and math.isnan(value)):
                    self.cell(sheet, top + r, c, value, kind)
            return
        if kind == "bool":
            self._labels(sheet, top, c, values, lambda value: formatting.yes_no(value, self.lang))
            return
        for r, value in enumerate(values.tolist()):
            self.cell(sheet, top + r, c, value, kind)

    @staticmethod
    def _labels(sheet: Any, top: int, c: int, values: pd.Series,
                label: Callable[[Any], str]) -> None:
        """A column of keys written as their labels (each distinct key labelled once); missing
        values and empty labels stay blank."""
        shown: dict[Any, str] = {}
        write = sheet.write_string
        for r, value in enumerate(values.tolist()):
            if isinstance(value, list):
                words = label(value)
            elif formatting.is_missing(value):
                continue
            else:
                if value not in shown:
                    shown[value] = label(value)
                words = shown[value]
            if words:
                write(top + r, c, words)

    @staticmethod
    def _numbers(sheet: Any, top: int, c: int, numbers: np.ndarray, fmt: Any,
                 whole: bool) -> None:
        """A column of numbers from `top` down; NaN cells stay blank."""
        present = np.flatnonzero(~np.isnan(numbers))
        shown = numbers[present].astype("int64") if whole else numbers[present]
        write = sheet.write_number
        for r, number in zip((present + top).tolist(), shown.tolist(), strict=True):
            write(r, c, number, fmt)

    def cell(self, sheet: Any, row: int, col: int, value: object, kind: str,
             fmt: Any = None) -> None:
        """One cell by kind; missing values stay blank."""
        if value is None or value is pd.NA or value is pd.NaT or (
                isinstance(value, float) and math.isnan(value)):
            if fmt is not None:
                sheet.write_blank(row, col, None, fmt)
            return
        if kind == "number" and isinstance(value, int | float):
            sheet.write_number(row, col, float(value), fmt or self.fmt["number"])
        elif kind == "int" and isinstance(value, int | float):
            sheet.write_number(row, col, int(value), fmt or self.fmt["int"])
        elif kind == "date" and isinstance(value, pd.Timestamp):
            sheet.write_datetime(row, col, value.to_pydatetime(), fmt or self.fmt["date"])
        elif kind == "bool":
            sheet.write_string(row, col, formatting.yes_no(value, self.lang), fmt)
        elif isinstance(value, list | tuple):
            sheet.write_string(row, col, ", ".join(str(v) for v in value), fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def close(self) -> None:
        """Give every sheet its print settings, then write the file."""
        for sheet in self.book.worksheets():
            tables = self._headers.get(sheet.name, [])
            longest = max(tables, key=lambda t: t[1], default=None)
            print_setup(sheet, self.lang, longest[0] if longest and longest == tables[0] else None)
        self.book.close()


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

