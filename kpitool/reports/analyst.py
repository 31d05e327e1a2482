"""`kpitool report`: the analyst's view as `report_<period>.html` and `report_<period>.xlsx`.

Both are built from one `kpitool.analysis.Analysis`. The workbook's charts are native Excel
charts (xlsxwriter) whose series point at the table beside them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpitool import __version__
from kpitool.analysis import OVERALL, Analysis, trend_table
from kpitool.data import InputFile
from kpitool.io.atomic import atomic_path
from kpitool.leniency import FIGURES, TESTED
from kpitool.messages import text
from kpitool.pipeline import ScoreRun
from kpitool.reports import formatting
from kpitool.reports.payload import LEVELS, plain, records
from kpitool.scoring import ScoreResult

TREND_UNITS = 12  # lines and panels drawn besides the overall one; the tables have every unit


def _units_for_charts(analysis: Analysis) -> list[str]:
    """The units drawn in the trend charts: the largest by staff, at most `TREND_UNITS`."""
    hours = analysis.hours[analysis.hours["unit_code"] != OVERALL]
    ordered = hours.sort_values(["staff_count", "unit_code"], ascending=[False, True],
                                kind="stable")
    return sorted(ordered["unit_code"].head(TREND_UNITS).astype(str))


def _unit_names(analysis: Analysis) -> dict[str, str]:
    names = dict(zip(analysis.hours["unit_code"].astype(str),
                     analysis.hours["unit_name"].fillna("").astype(str), strict=True))
    names.pop(OVERALL, None)
    return names


# --- HTML ------------------------------------------------------------------------------------


def _trend_rows(analysis: Analysis, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Months, and one row per unit (overall last): code, name, mean total and levels per month."""
    monthly = analysis.monthly
    months = sorted(monthly["cycle"].astype(str).unique())
    names = _unit_names(analysis)
    by_key = {(str(r["unit_code"]), str(r["cycle"])): r for r in monthly.to_dict("records")}
    units = sorted({str(u) for u in monthly["unit_code"]} - {OVERALL}) + [OVERALL]
    rows = []
    for unit in units:
        cells = []
        for month in months:
            record = by_key.get((unit, month))
            cells.append(None if record is None else {
                "mean_total": plain(record["mean_total"]),
                "levels": [int(record[lv]) for lv in LEVELS],
            })
        rows.append({"unit_code": unit, "overall": unit == OVERALL,
                     "label": text("analysis_overall", lang) if unit == OVERALL else unit,
                     "unit_name": names.get(unit, ""), "cells": cells})
    return months, rows


def report_page(result: ScoreResult, analysis: Analysis, files: list[InputFile], lang: str,
                xlsx_name: str) -> str:
    """`report_<period>.html`: the whole page as text."""
    from kpitool.reports import charts
    from kpitool.reports.html import _markup, meta, render

    months, trend_rows = _trend_rows(analysis, lang)
    drawn = set(_units_for_charts(analysis))
    overall_label = text("analysis_overall", lang)
    series = {row["label"]: [c["mean_total"] if c else None for c in row["cells"]]
              for row in trend_rows if row["overall"] or row["unit_code"] in drawn}
    panels = {row["label"]: {lv: [c["levels"][i] if c else 0 for c in row["cells"]]
                             for i, lv in enumerate(LEVELS)}
              for row in [*trend_rows[-1:], *trend_rows[:-1]]
              if row["overall"] or row["unit_code"] in drawn}
    svgs: dict[str, str] = {}
    if months:
        svgs["trend"] = charts.trend_lines(months, series, overall_label,
                                           text("analysis_trend_chart", lang),
                                           text("col_mean_total", lang))
        svgs["mix"] = charts.level_mix_panels(months, panels, formatting.level_names(LEVELS, lang),
                                              text("analysis_mix_chart", lang))
    hours = analysis.hours
    units_hours = hours[hours["unit_code"] != OVERALL].sort_values(
        ["declared_per_day", "unit_code"], ascending=[False, True], kind="stable",
        na_position="last").head(charts.MAX_ROWS)
    if len(units_hours):
        svgs["hours"] = charts.hours_bars(
            units_hours["unit_code"].astype(str).tolist(),
            [plain(v) for v in units_hours["declared_per_day"]],
            [plain(v) for v in units_hours["converted_per_day"]],
            units_hours["outlier"].astype(bool).tolist(),
            (text("analysis_hours", lang), text("col_declared_per_day", lang),
             text("col_converted_per_day", lang), text("col_outlier", lang)),
            float(result.rules.hours_per_day), lang)
    tasks = analysis.top_tasks
    if len(tasks):
        svgs["tasks"] = charts.task_bars(
            [f"{c} · {n}" for c, n in zip(tasks["task_code"], tasks["task_name"].fillna(""),
                                          strict=True)],
            [float(v) for v in tasks["converted_hours"]], text("analysis_tasks", lang), lang)
    flags = analysis.flags
    if len(flags):
        shown = flags.head(charts.MAX_ROWS)
        svgs["flags"] = charts.flag_bars([formatting.flag_kind(c, lang) for c in shown["code"]],
                                         [int(v) for v in shown["total"]],
                                         text("analysis_flags", lang))
    flag_units = [c for c in flags.columns if c not in ("code", "total")]

    return render(
        "report.html.j2", lang,
        meta=meta(result, lang, text("analysis_title", lang, period=result.period.key)),
        months=months, trend_rows=trend_rows, levels_order=LEVELS,
        level_labels=formatting.level_names(LEVELS, lang),
        charts={k: _markup(v) for k, v in svgs.items()},
        hours=records(hours), z_limit=analysis.z_limit,
        tasks=records(tasks), unused=records(analysis.unused), task_count=analysis.task_count,
        changes=[{**row, "from_text": formatting.level(row["from_level"], lang),
                  "to_text": formatting.level(row["to_level"], lang)}
                 for row in records(analysis.changes)],
        flag_units=flag_units,
        coverage=coverage_lines(analysis.coverage, lang),
        coverage_missing=bool(analysis.coverage["missing"]),
        flag_rows=[{"code": row["code"], "kind": formatting.flag_kind(row["code"], lang),
                    "counts": [int(row[u]) for u in flag_units], "total": int(row["total"])}
                   for row in records(flags)],
        inputs=[{"path": str(f.path), "kind": f.kind, "sha256": f.sha256} for f in files],
        xlsx_name=xlsx_name, overall=OVERALL, leniency=_leniency_rows(analysis, lang),
    )


# --- xlsx ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """Where a table landed on its sheet: header row, first and last data rows, first column."""

    sheet: str
    header: int
    first: int
    last: int
    col: int = 0


def _grid(book: Any, sheet: Any, name: str, row: int, headers: list[str], columns: list[list],
          kinds: list[str], widths: list[float] | None = None, col: int = 0) -> Block:
    """A plain table: one header row, then the columns' values, blank cells for missing."""
    for c, header in enumerate(headers):
        sheet.write_string(row, col + c, header, book.fmt["header"])
        if widths:
            sheet.set_column(col + c, col + c, widths[c])
    for c, (values, kind) in enumerate(zip(columns, kinds, strict=True)):
        for r, value in enumerate(values):
            book.cell(sheet, row + 1 + r, col + c, plain(value), kind)
    length = max((len(v) for v in columns), default=0)
    return Block(name, row, row + 1, row + length, col)


def _title(book: Any, sheet: Any, title: str) -> None:
    sheet.write_string(0, 0, title, book.fmt["title"])


def _chart(book: Any, kind: str, title: str, subtype: str | None = None) -> Any:
    options = {"type": kind} | ({"subtype": subtype} if subtype else {})
    chart = book.book.add_chart(options)
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom"})
    return chart


def _series(chart: Any, block: Block, value_col: int, cat_col: int = 0,
            extra: dict | None = None) -> None:
    chart.add_series({
        "name": [block.sheet, block.header, block.col + value_col],
        "categories": [block.sheet, block.first, block.col + cat_col, block.last,
                       block.col + cat_col],
        "values": [block.sheet, block.first, block.col + value_col, block.last,
                   block.col + value_col],
        **(extra or {}),
    })


def write_report_xlsx(result: ScoreResult, analysis: Analysis, files: list[InputFile],
                      path: Path,
                      lang: str) -> Path:
    """`report_<period>.xlsx`: one sheet per part, each table with its native chart beside it."""
    from kpitool.reports.xlsxout import Book

    with atomic_path(path) as temp:
        book = Book(temp, lang)
        _summary_sheet(book, result, analysis, files, lang)
        _months_sheet(book, analysis, lang)
        _hours_sheet(book, analysis, lang)
        _tasks_sheet(book, analysis, lang)
        _unused_sheet(book, analysis, lang)
        _changes_sheet(book, analysis, lang)
        _flags_sheet(book, analysis, lang)
        _leniency_sheet(book, analysis, lang)
        book.close()
    return path


def coverage_texts(coverage: dict[str, list[str]], key: str, lang: str) -> str:
    """The months of `coverage[key]` as `4/2026, 5/2026` ('none' when there are none)."""
    from kpitool.flags import month_text

    return ", ".join(month_text(m) for m in coverage[key]) or text("coverage_none", lang)


def coverage_lines(coverage: dict[str, list[str]], lang: str) -> list[str]:
    """What `kpitool report` says it covers: the months with worklog rows, then, when some
    have none, a line naming them."""
    lines = [text("coverage_months", lang, covered=coverage_texts(coverage, "covered", lang))]
    if coverage["missing"]:
        lines.append(text("coverage_months_missing", lang,
                          missing=coverage_texts(coverage, "missing", lang)))
    return lines


def _summary_sheet(book: Any, result: ScoreResult, analysis: Analysis,
                   files: list[InputFile], lang: str) -> None:
    name = text("sheet_summary", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_title", lang, period=result.period.key))
    items = [text("ui_period", lang), text("ui_rules", lang), "SHA-256", text("html_cycle", lang),
             "kpitool", text("ui_generated", lang)]
    values = [result.period.key, result.rules.name, result.rules.sha256,
              formatting.cycle_kind(result.rules.cycle, lang), __version__,
              dt.datetime.now().strftime("%d/%m/%Y %H:%M")]
    items += [text("ui_months_covered", lang), text("ui_months_missing", lang)]
    values += [coverage_texts(analysis.coverage, key, lang) for key in ("covered", "missing")]
    block = _grid(book, sheet, name, 2, [text("col_item", lang), text("col_value", lang)],
                  [items, values], ["text", "text"], [30, 70])
    _grid(book, sheet, name, block.last + 2,
          [text("col_path", lang), text("col_kind", lang), text("col_sha256", lang)],
          [[str(f.path) for f in files], [formatting.input_kind(f.kind, lang) for f in files],
           [f.sha256 for f in files]],
          ["text", "text", "text"], [40, 14, 70])


def _months_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_months", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_trend_chart", lang))
    wide = trend_table(analysis.monthly)
    units = [c for c in wide.columns if c != "cycle"]
    headers = [text("col_month", lang)] + [
        text("analysis_overall", lang) if u == OVERALL else u for u in units]
    trend = _grid(book, sheet, name, 2, headers,
                  [wide["cycle"].tolist(), *(wide[u].tolist() for u in units)],
                  ["text", *(["number"] * len(units))], [10, *([11] * len(units))])
    if len(wide):
        chart = _chart(book, "line", text("analysis_trend_chart", lang))
        for c, unit in enumerate(units, start=1):
            overall = unit == OVERALL
            _series(chart, trend, c, extra={
                "marker": {"type": "circle", "size": 6 if overall else 4},
                "line": {"width": 3.0 if overall else 1.25,
                         **({"color": "#111111"} if overall else {})}})
        chart.set_y_axis({"name": text("col_mean_total", lang)})
        chart.set_x_axis({"name": text("col_month", lang)})
        sheet.insert_chart(2, len(headers) + 1, chart, {"x_scale": 1.5, "y_scale": 1.3})
    overall = analysis.monthly[analysis.monthly["unit_code"] == OVERALL]
    row = max(trend.last + 3, 24)
    sheet.write_string(row, 0, text("analysis_mix_chart", lang), book.fmt["bold"])
    mix = _grid(book, sheet, name, row + 1,
                [text("col_month", lang), *(formatting.level(lv, lang) for lv in LEVELS),
                 text("col_no_level", lang)],
                [overall["cycle"].tolist(), *(overall[lv].tolist() for lv in LEVELS),
                 overall["no_level"].tolist()], ["text", *(["int"] * (len(LEVELS) + 1))])
    if len(overall):
        from kpitool.reports.charts import LEVEL_COLOURS

        chart = _chart(book, "column", text("analysis_mix_chart", lang) + " — "
                       + text("analysis_overall", lang), "stacked")
        for c, level in enumerate(LEVELS, start=1):
            _series(chart, mix, c, extra={"fill": {"color": LEVEL_COLOURS[level]}})
        sheet.insert_chart(mix.header, len(LEVELS) + 3, chart, {"x_scale": 1.3, "y_scale": 1.2})
    row = max(mix.last + 3, row + 22)
    frame = analysis.monthly
    names = _unit_names(analysis)
    sheet.write_string(row, 0, text("analysis_mix_chart", lang), book.fmt["bold"])
    _grid(book, sheet, name, row + 1,
          [text("col_month", lang), text("col_unit_code", lang), text("col_unit_name", lang),
           text("col_assessed_count", lang), text("col_scored_count", lang),
           text("col_mean_total", lang), *(formatting.level(lv, lang) for lv in LEVELS),
           text("col_no_level", lang)],
          [frame["cycle"].tolist(),
           [text("analysis_overall", lang) if u == OVERALL else u for u in frame["unit_code"]],
           [names.get(str(u), "") for u in frame["unit_code"]],
           frame["assessed_count"].tolist(), frame["scored_count"].tolist(),
           frame["mean_total"].tolist(), *(frame[lv].tolist() for lv in LEVELS),
           frame["no_level"].tolist()],
          ["text", "text", "text", "int", "int", "number", *(["int"] * (len(LEVELS) + 1))])


def _hours_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_hours", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_hours", lang))
    sheet.write_string(1, 0, text("analysis_hours_note", lang, z=analysis.z_limit))
    hours = analysis.hours
    keys = ("unit_code", "unit_name", "staff_count", "working_days", "declared_hours",
            "converted_hours", "declared_per_day", "converted_per_day", "hours_ratio", "z",
            "outlier")
    kinds = ["text", "text", "int", "int", "number", "number", "number", "number", "number",
             "number", "text"]
    columns = [hours[k].tolist() for k in keys]
    columns[0] = [text("analysis_overall", lang) if u == OVERALL else u for u in columns[0]]
    columns[-1] = ["⚠ " + text("ui_yes", lang) if o else "" for o in columns[-1]]
    block = _grid(book, sheet, name, 3, [text(f"col_{k}", lang) for k in keys], columns, kinds,
                  [10, 34, 9, 10, 11, 11, 11, 11, 11, 9, 11])
    alert = book.book.add_format({"font_color": "#C62828", "bold": True})
    for r, outlier in enumerate(hours["outlier"].tolist()):
        if outlier:
            sheet.set_row(block.first + r, None, alert)
    units = Block(name, block.header, block.first, block.last - 1)  # the overall row is last
    if units.last >= units.first:
        chart = _chart(book, "bar", text("analysis_hours", lang))
        _series(chart, units, 6, extra={"fill": {"color": "#5B9BD5"}})
        _series(chart, units, 7, extra={"fill": {"color": "#A5A5A5"}})
        chart.set_y_axis({"reverse": True})
        sheet.insert_chart(block.last + 2, 0, chart,
                           {"x_scale": 1.6, "y_scale": max(1.0, 0.12 * len(hours))})


def _tasks_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_tasks", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_tasks", lang))
    tasks = analysis.top_tasks
    keys = ("task_code", "task_name", "task_group", "row_count", "quantity", "converted_hours",
            "converted_share", "staff_using", "units_using")
    kinds = ["text", "text", "text", "int", "number", "number", "number", "int", "int"]
    block = _grid(book, sheet, name, 2, [text(f"col_{k}", lang) for k in keys],
                  [tasks[k].tolist() for k in keys], kinds, [10, 46, 7, 9, 10, 12, 12, 9, 9])
    if len(tasks):
        chart = _chart(book, "bar", text("analysis_tasks", lang))
        _series(chart, block, 5, extra={"fill": {"color": "#1F4E78"}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        sheet.insert_chart(2, len(keys) + 1, chart, {"x_scale": 1.3, "y_scale": 1.5})


def _unused_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_unused", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_unused", lang))
    unused = analysis.unused
    sheet.write_string(1, 0, text("analysis_unused_note", lang, count=len(unused),
                                  total=analysis.task_count))
    keys = ("task_code", "task_name", "task_group", "task_positions", "task_unit")
    _grid(book, sheet, name, 3, [text(f"col_{k}", lang) for k in keys],
          [unused[k].tolist() for k in keys], ["text"] * len(keys), [10, 50, 7, 30, 14])


def _changes_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_changes", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_changes", lang))
    changes = analysis.changes
    if changes.empty:
        sheet.write_string(1, 0, text("analysis_changes_none", lang))
    keys = ("staff_id", "full_name", "unit_code", "from_cycle", "to_cycle", "from_level",
            "to_level", "from_total", "to_total", "direction")
    columns = [changes[k].tolist() for k in keys]
    for index in (5, 6):
        columns[index] = [formatting.level(v, lang) for v in columns[index]]
    columns[9] = [text("analysis_up" if d > 0 else "analysis_down", lang) for d in columns[9]]
    _grid(book, sheet, name, 3, [text(f"col_{k}", lang) for k in keys], columns,
          ["text", "text", "text", "text", "text", "text", "text", "number", "number", "text"],
          [10, 24, 10, 10, 10, 28, 28, 10, 10, 10])


def _flags_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    name = text("sheet_flags", lang)
    sheet = book.sheet(name)
    _title(book, sheet, text("analysis_flags", lang))
    flags = analysis.flags
    units = [c for c in flags.columns if c not in ("code", "total")]
    headers = [text("col_flag_kind", lang), *units, text("col_all", lang)]
    block = _grid(book, sheet, name, 2, headers,
                  [[formatting.flag_kind(c, lang) for c in flags["code"]],
                   *(flags[u].tolist() for u in units), flags["total"].tolist()],
                  ["text", *(["int"] * (len(units) + 1))],
                  [34, *([9] * len(units)), 9])
    if len(flags):
        chart = _chart(book, "bar", text("analysis_flags", lang))
        _series(chart, block, len(headers) - 1, extra={"fill": {"color": "#E07B39"}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        sheet.insert_chart(block.last + 2, 0, chart,
                           {"x_scale": 1.6, "y_scale": max(1.0, 0.15 * len(flags))})


def _leniency_tables(analysis: Analysis, lang: str) -> tuple[Any, Any]:
    """The approvers' and units' tables with outliers and source rows in words."""
    from kpitool.reports.rowtexts import rows_texts

    def worded(frame: Any) -> Any:
        return frame.assign(
            outliers=["⚠ " + ", ".join(text(f"figure_{f}", lang) for f in found) if found else ""
                      for found in frame["outliers"]],
            rows=rows_texts(frame["rows"]))

    lenient = analysis.leniency
    if lenient is None:
        return None, None
    return worded(lenient.approvers), worded(lenient.units)


def _leniency_rows(analysis: Analysis, lang: str) -> dict[str, Any] | None:
    """The approvers' and units' figures for the HTML section."""
    approvers, units = _leniency_tables(analysis, lang)
    if approvers is None:
        return None
    return {"approvers": records(approvers), "units": records(units),
            "figures": FIGURES, "tested": TESTED,
            "z_limit": analysis.leniency.z_limit if analysis.leniency else None}


def _leniency_sheet(book: Any, analysis: Analysis, lang: str) -> None:
    """Figures per approver, then per unit, each with its z among the others and its rows."""
    from kpitool.reports.xlsxout import Col

    approvers, units = _leniency_tables(analysis, lang)
    if approvers is None or analysis.leniency is None:
        return
    sheet = book.sheet(text("sheet_leniency", lang))
    _title(book, sheet, text("leniency_title", lang))
    sheet.write_string(1, 0, text("leniency_note", lang, z=analysis.leniency.z_limit))
    figures = [*(Col(k, "int", 9) for k in ("people", "rows_approved", "rows_returned")),
               *(Col(k, "number", 11) for k in ("declared_hours", "converted_hours")),
               *(Col(f, "number", 11) for f in FIGURES),
               *(Col(f"z_{f}", "number", 9) for f in TESTED),
               Col("outliers", "text", 30), Col("rows", "text", 60)]
    sheet.write_string(3, 0, text("leniency_approvers", lang), book.fmt["bold"])
    head = (Col("approver_id", "text", 10), Col("approver_name", "text", 24),
            Col("approver_unit", "text", 10))
    shown = approvers.rename(columns={"full_name": "approver_name", "unit_code": "approver_unit"})
    nxt = book.table(sheet, shown, (*head, *figures), first_row=4, freeze=False)
    alert = book.book.add_format({"font_color": "#C62828", "bold": True})
    for r, found in enumerate(analysis.leniency.approvers["outliers"]):
        if found:
            sheet.set_row(5 + r, None, alert)
    sheet.write_string(nxt + 1, 0, text("leniency_units", lang), book.fmt["bold"])
    book.table(sheet, units, (Col("unit_code", "text", 10), *figures), first_row=nxt + 2,
               freeze=False)
    for r, found in enumerate(analysis.leniency.units["outliers"]):
        if found:
            sheet.set_row(nxt + 3 + r, None, alert)


def write_report_outputs(run: ScoreRun, analysis: Analysis, folder: Path, inputs: list[Path],
                         lang: str) -> list[Path]:
    """`report_<period>.html` and `report_<period>.xlsx`, each written atomically."""
    from kpitool.io.atomic import refuse_inputs
    from kpitool.reports.html import write_html

    result = run.result
    xlsx = folder / f"report_{result.period.key}.xlsx"
    html = xlsx.with_suffix(".html")
    for target in (xlsx, html):
        refuse_inputs(target, [*inputs, *(f.path for f in run.data.files)])
    written = [write_report_xlsx(result, analysis, run.data.files, xlsx, lang)]
    written.append(write_html(report_page(result, analysis, run.data.files, lang, xlsx.name),
                              html))
    return written

