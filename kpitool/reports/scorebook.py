"""The workbooks of `kpitool score`: the ranked report and one summary workbook per unit."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpitool import __version__
from kpitool.data import InputFile
from kpitool.io.atomic import atomic_path
from kpitool.messages import text
from kpitool.reports import formatting
from kpitool.reports.payload import LEVELS, level_counts
from kpitool.reports.rowtexts import rows_texts
from kpitool.reports.xlsxout import LINE_POINTS, Book, Col
from kpitool.scoring import ScoreResult

RANKING = (
    Col("rank_overall", "int", 8), Col("rank_in_unit", "int", 8), Col("staff_id", "text", 10),
    Col("full_name", "text", 24), Col("unit_code", "text", 10), Col("position_code", "text", 10),
    Col("is_leader", "bool"), Col("working_days", "int"), Col("basis", "text", 18),
    Col("basis_hours", "number"), Col("capacity_hours", "number"),
    Col("assigned_hours", "number"), Col("declared_hours", "number"),
    Col("converted_hours", "number"),
    Col("quantity_pct", "number"), Col("quality_pct", "number"), Col("progress_pct", "number"),
    Col("kpi_pct", "number"), Col("leader_d", "number"), Col("leader_dd", "number"),
    Col("leader_e", "number"), Col("task_score", "number"), Col("general_score", "number"),
    Col("total", "number"), Col("level", "level", 30), Col("discipline", "bool"),
    Col("not_classified", "text", 26), Col("level_capped_by_unit", "bool"),
    Col("flags", "flags", 30),
)
UNITS = (
    Col("unit_code", "text", 10), Col("unit_name", "text", 36), Col("top_unit_code", "text", 10),
    Col("staff_count", "int"), Col("assessed_count", "int"), Col("mean_total", "number"),
    Col("mean_task_score", "number"), *(Col(level, "int", 12) for level in LEVELS),
    Col("no_level", "int"), Col("declared_hours", "number"), Col("working_days", "int"),
    Col("hours_per_working_day", "number"),
)
DETAIL = (
    Col("staff_id"), Col("unit_code"), Col("cycle"), Col("date", "date"), Col("task_code"),
    Col("quantity", "number"), Col("hours", "number"), Col("deadline", "date"),
    Col("completed_on", "date"), Col("status", "enum"), Col("quality", "enum"), Col("rework_count", "int"),
    Col("delay_count", "int"), Col("output_ref"), Col("approver_id"), Col("norm_hours", "number"),
    Col("complexity", "int"), Col("complexity_coef", "number"), Col("converted_hours", "number"),
    Col("lateness", "int"), Col("delays", "int"), Col("quality_factor", "number"),
    Col("quantity_points", "number"), Col("quality_points", "number"),
    Col("progress_points", "number"), Col("timeliness_factor", "number"),
    Col("credited_hours", "number"), Col("assignment_id"), Col("assignment_owner"),
    Col("objective_cause", "bool"), Col("_file", "text", 30), Col("_sheet"), Col("_row", "int"),
)
FLAGS = (
    Col("flag_kind", "text", 30), Col("severity", "text", 9), Col("staff_id", "text", 10),
    Col("unit_code", "text", 10), Col("cycle", "text", 9), Col("message", "text", 70),
    Col("rows", "text", 40),
)
# A unit's workbook names its unit in the title: no column repeating it on every row.
UNIT_RANKING = tuple(c for c in RANKING if c.key not in ("rank_overall", "unit_code"))
UNIT_FLAGS = tuple(c for c in FLAGS if c.key != "unit_code")
UNIT_DETAIL = tuple(c for c in DETAIL if c.key != "unit_code")
QUOTA = (
    Col("top_unit_code"), Col("duty_group", "enum", 18), Col("share", "number"),
    Col("excellent", "int"), Col("good", "int"), Col("allowed", "int"), Col("checked", "bool"),
    Col("breach", "bool"), Col("demoted"),
)


def flags_table(flags: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The flags as a person reads them (for the workbooks and the flags CSV): kind, severity
    and message in words, source rows as `file › sheet › row`."""
    table = flags.copy()
    kinds = {code: formatting.flag_kind(code, lang) for code in table["code"].unique()}
    table["flag_kind"] = table["code"].map(kinds)
    table["message"] = [formatting.flag_message(code, params, lang)
                        for code, params in zip(table["code"], table["params"], strict=True)]
    table["rows"] = rows_texts(table["rows"])
    severities = {key: formatting.severity(key, lang) for key in table["severity"].unique()}
    table["severity"] = [severities[key] for key in table["severity"]]
    return table


def _summary(book: Book, result: ScoreResult, files: list[InputFile], title: str) -> None:
    lang = book.lang
    sheet = book.sheet(text("sheet_summary", lang))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 3, 16)
    sheet.write_string(0, 0, title, book.fmt["title"])
    items = [
        (text("col_item", lang), text("col_value", lang)),
        (text("ui_period", lang), result.period.key),
        (text("ui_rules", lang), result.rules.name),
        (text("ui_staff_count", lang), len(result.staff)),
        (text("ui_assessed_count", lang), int(result.staff["assessed"].fillna(False).sum())),
        (text("ui_flag_count", lang), result.flag_total),
    ]
    row = 2
    for n, (item, value) in enumerate(items):
        fmt = book.fmt["header"] if n == 0 else None
        sheet.write_string(row, 0, str(item), fmt)
        if isinstance(value, int):
            sheet.write_number(row, 1, value, fmt)
        else:
            sheet.write_string(row, 1, str(value), fmt)
        row += 1
    row += 1
    counts = level_counts(result.staff)
    rated = sum(counts.values())
    levels = pd.DataFrame({
        "level": list(LEVELS),
        "count": [counts[lv] for lv in LEVELS],
        "share": [round(100 * counts[lv] / rated, 2) if rated else 0.0 for lv in LEVELS],
    })
    book.table(sheet, levels, (Col("level", "level", 34), Col("count", "int", 16),
                               Col("share", "number", 16)), first_row=row, freeze=False)


def _parameters(book: Book, result: ScoreResult, files: list[InputFile]) -> None:
    lang = book.lang
    sheet = book.sheet(text("sheet_parameters", lang))
    rows = pd.DataFrame({
        "item": [text("ui_rules", lang), "SHA-256", "kpitool", text("ui_generated", lang),
                 text("ui_period", lang), "--enforce-quota"],
        "value": [result.rules.name, result.rules.sha256, __version__,
                  dt.datetime.now().strftime("%d/%m/%Y %H:%M"), result.period.key,
                  formatting.yes_no(result.enforce_quota, lang)],
    })
    nxt = book.table(sheet, rows, (Col("item", "text", 30), Col("value", "text", 70)),
                     freeze=False)
    inputs = pd.DataFrame({"path": [str(f.path) for f in files],
                           "kind": [formatting.input_kind(f.kind, lang) for f in files],
                           "sha256": [f.sha256 for f in files]})
    book.table(sheet, inputs, (Col("path", "text", 40), Col("kind", "text", 14),
                               Col("sha256", "text", 70)), first_row=nxt + 1, freeze=False)


# cells from which the ranked report is written row by row (constant_memory mode): about
# 170 MB that xlsxwriter would otherwise hold until the end, for 4 % more time
ROWWISE_FROM_CELLS = 1_500_000
NOTE_WIDTH = 110  # characters: a note saying where a sheet's rows are, wrapped within it


def _note_or_table(book: Book, name: str, rows: pd.DataFrame, cols: tuple[Col, ...],
                   note: str | None) -> None:
    """A sheet with the table, or with a note saying which file beside it holds the rows."""
    sheet = book.sheet(name)
    if note is None:
        book.table(sheet, rows, cols)
    else:
        sheet.set_column(0, 0, NOTE_WIDTH)
        lines = -(-len(note) // (NOTE_WIDTH - 10))  # bold letters are wider than the column's
        sheet.set_row(0, LINE_POINTS * lines + 3)
        sheet.write_string(0, 0, note, book.fmt["note"])


def _detail_sheet(book: Book, rows: pd.DataFrame, note: str | None,
                  cols: tuple[Col, ...] = DETAIL) -> None:
    _note_or_table(book, text("sheet_detail", book.lang), rows, cols, note)


def _in_words(staff: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The staff with the basis and the reason for no level in words, under their own keys."""
    return staff.assign(
        basis=[formatting.basis(b, a, lang) for b, a in zip(staff["basis"], staff["assessed"],
                                                            strict=True)],
        not_classified=[formatting.not_classified(r, lang) for r in staff["not_classified"]])


def write_ranked_report(result: ScoreResult, files: list[InputFile], path: Path, lang: str,
                        detail_note: str | None = None, flags: pd.DataFrame | None = None,
                        flags_note: str | None = None, ranking_note: str | None = None) -> Path:
    """`kpi_<period>.xlsx`: summary, ranking, per unit, per-row detail, flags, parameters.

    With `detail_note` (`flags_note`, `ranking_note`), the detail rows (flags, the ranking)
    live beside the workbook and the sheet says where. `flags` is `flags_table(result.flags)`,
    made once.
    """
    flags = flags_table(result.flags, lang) if flags is None else flags
    with atomic_path(path) as temp:
        cells = len(result.staff) * len(RANKING) \
            + (0 if detail_note else len(result.detail) * len(DETAIL)) \
            + (0 if flags_note else len(flags) * len(FLAGS))
        # a country's ranking is written row by row to disk, not held as millions of cells
        book = Book(temp, lang, constant_memory=cells >= ROWWISE_FROM_CELLS)
        _summary(book, result, files, text("report_title", lang, period=result.period.key))
        _note_or_table(book, text("sheet_ranking", lang),
                       result.staff if ranking_note else _in_words(result.staff, lang), RANKING,
                       ranking_note)
        unit_sheet = book.sheet(text("sheet_units", lang))
        nxt = book.table(unit_sheet, result.units, UNITS)
        book.table(unit_sheet, result.quota, QUOTA, first_row=nxt + 1, freeze=False)
        _detail_sheet(book, result.detail, detail_note)
        _note_or_table(book, text("sheet_flags", lang), flags, FLAGS, flags_note)
        _parameters(book, result, files)
        book.close()
    return path


def monthly_totals(cycles: pd.DataFrame) -> pd.DataFrame:
    """One row per person, one column per cycle holding the cycle's total."""
    wide = cycles.pivot_table(index="staff_id", columns="cycle", values="total", aggfunc="first")
    wide.columns = [str(c) for c in wide.columns]
    return wide


@dataclass
class UnitView:
    """What one unit's workbook shows, cut from the result once for all units."""

    unit_code: str
    title: str
    staff: pd.DataFrame
    months: pd.DataFrame
    flags: pd.DataFrame
    rows: pd.DataFrame
    detail_note: str | None = None


def unit_view_makers(result: ScoreResult, lang: str, notes: dict[str, str] | None = None,
                     flags: pd.DataFrame | None = None,
                     ) -> list[tuple[str, Callable[[], UnitView]]]:
    """For each unit with staff, its code and what makes its view: the result is cut by unit
    here, once, and each unit's own sorting and lookups wait for the job that writes it."""
    flags = flags_table(result.flags, lang) if flags is None else flags
    staff_by_unit = dict(tuple(result.staff.groupby("unit_code", sort=False)))
    flags_by_unit = dict(tuple(flags.groupby("unit_code", sort=False)))
    rows_by_unit = dict(tuple(result.detail.groupby("unit_code", sort=False))) if not notes else {}
    months = monthly_totals(result.cycles)
    names = dict(zip(result.units["unit_code"], result.units["unit_name"], strict=True))
    return [(unit, functools.partial(
        _unit_view, unit, staff, months, flags_by_unit.get(unit, flags.iloc[0:0]),
        rows_by_unit.get(unit, result.detail.iloc[0:0]), (notes or {}).get(unit),
        text("unit_title", lang, unit=unit, name=str(names.get(unit, "") or ""),
             period=result.period.key)))
        for unit, staff in staff_by_unit.items()]


def _unit_view(unit: str, staff: pd.DataFrame, months: pd.DataFrame, flags: pd.DataFrame,
               rows: pd.DataFrame, note: str | None, title: str) -> UnitView:
    staff = staff.sort_values(["rank_in_unit"], kind="stable", na_position="last")
    wide = months.reindex(staff["staff_id"]).reset_index()
    wide.insert(1, "full_name", staff["full_name"].tolist())
    return UnitView(unit_code=unit, title=title, staff=staff, months=wide, flags=flags,
                    rows=rows, detail_note=note)


def write_unit_workbook(view: UnitView, path: Path, lang: str) -> Path:
    """`units/<unit_code>.xlsx`: the unit's ranking, month-by-month totals, levels, flags, rows."""
    with atomic_path(path) as temp:
        book = Book(temp, lang, in_memory=True)
        sheet = book.sheet(text("sheet_ranking", lang))
        sheet.write_string(0, 0, view.title, book.fmt["title"])
        nxt = book.table(sheet, _in_words(view.staff, lang), UNIT_RANKING, first_row=2)
        counts = level_counts(view.staff)
        levels = pd.DataFrame({"level": list(LEVELS), "count": [counts[lv] for lv in LEVELS]})
        book.table(sheet, levels, (Col("level", "level", 30), Col("count", "int")),
                   first_row=nxt + 1, freeze=False)
        month_cols = [Col("staff_id", "text", 10), Col("full_name", "text", 24),
                      *(Col(c, "number", 10, header=c) for c in view.months.columns[2:])]
        book.table(book.sheet(text("sheet_months", lang)), view.months, month_cols)
        book.table(book.sheet(text("sheet_flags", lang)), view.flags, UNIT_FLAGS)
        _detail_sheet(book, view.rows, view.detail_note, UNIT_DETAIL)
        book.close()
    return path
