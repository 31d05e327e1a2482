"""Write every output of `kpitool score` into its folder, each file atomically."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path
from typing import Any

from kpitool.io.atomic import refuse_inputs
from kpitool.messages import text
from kpitool.reports.detail import DETAIL_XLSX_LIMIT, write_detail_files, write_table_csv
from kpitool.reports.html import write_score_html
from kpitool.reports.scorebook import (
    DETAIL,
    FLAGS,
    UnitView,
    flags_table,
    unit_views,
    write_ranked_report,
    write_unit_workbook,
)

DETAIL_KEYS = tuple(col.key for col in DETAIL)
FLAG_KEYS = tuple(col.key for col in FLAGS)
PARALLEL_ROWS = 20_000  # below this, starting worker processes costs more than it saves

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def unit_file_name(unit_code: str) -> str:
    """A file name for a unit code: letters, digits, '-', '_' and '.' kept, the rest '_'."""
    name = _UNSAFE.sub("_", unit_code).strip("._") or "unit"
    return f"{name}.xlsx"


_JOBS: list[tuple[UnitView, Path, str]] = []


def _write_job(index: int) -> Path:
    view, path, lang = _JOBS[index]
    return write_unit_workbook(view, path, lang)


def _write_units(jobs: list[tuple[UnitView, Path]], lang: str) -> list[Path]:
    """Unit workbooks, on both cores when there are many.

    The workers are forked with the views already in memory and receive only an index, so
    nothing large is pickled; the parent's heap is frozen so the workers' garbage collector
    does not touch (and copy) it.
    """
    rows = sum(len(view.rows) + len(view.staff) for view, _ in jobs)
    if len(jobs) < 8 or rows < PARALLEL_ROWS or (os.cpu_count() or 1) < 2:
        return [write_unit_workbook(view, path, lang) for view, path in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _JOBS[:] = [(view, path, lang) for view, path in jobs]
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            return list(pool.map(_write_job, range(len(jobs)), chunksize=4))
    finally:
        gc.unfreeze()
        _JOBS.clear()


def write_score_outputs(run: Any, folder: Path, inputs: list[Path], lang: str) -> list[Path]:
    """The ranked report (xlsx and HTML), one workbook per unit, and for large runs the detail files."""
    result = run.result
    all_inputs = [*inputs, *(f.path for f in run.data.files)]
    report = folder / f"kpi_{result.period.key}.xlsx"
    html = report.with_suffix(".html")
    large = len(result.detail) > DETAIL_XLSX_LIMIT
    detail_csv = folder / f"kpi_{result.period.key}_{text('file_detail', lang)}.csv"
    units = result.staff["unit_code"].dropna().unique().tolist()
    unit_paths = {u: folder / "units" / unit_file_name(u) for u in units}
    unit_csv = {u: p.with_name(p.stem + f"_{text('file_detail', lang)}.csv")
                for u, p in unit_paths.items()}
    targets = [report, html, *unit_paths.values()]
    if large:
        targets += [detail_csv, detail_csv.with_suffix(".parquet"), *unit_csv.values()]
    for target in targets:
        refuse_inputs(target, all_inputs)
    written: list[Path] = []
    notes: dict[str, str] | None = None
    note = None
    if large:
        written += write_detail_files(result.detail, list(DETAIL_KEYS), detail_csv, lang,
                                      by_unit=unit_csv)
        note = text("detail_elsewhere", lang, rows=len(result.detail), file=detail_csv.name,
                    parquet=detail_csv.with_suffix(".parquet").name)
        counts = result.detail["unit_code"].value_counts()
        notes = {unit: text("detail_elsewhere_unit", lang, rows=int(counts.get(unit, 0)),
                            file=unit_csv[unit].name) for unit in unit_csv}
    flags = flags_table(result.flags, lang)
    flags_note = None
    if len(flags) > DETAIL_XLSX_LIMIT:
        flags_csv = folder / f"kpi_{result.period.key}_{text('file_flags', lang)}.csv"
        refuse_inputs(flags_csv, all_inputs)
        written += write_table_csv(flags, list(FLAG_KEYS), flags_csv, lang)
        flags_note = text("flags_elsewhere", lang, rows=len(flags), file=flags_csv.name)
    written.insert(0, write_ranked_report(result, run.data.files, report, lang, note, flags,
                                          flags_note))
    written.insert(1, write_score_html(result, run.data.files, html, lang))
    views = unit_views(result, lang, notes, flags)
    written += _write_units([(view, unit_paths[view.unit_code]) for view in views], lang)
    return written
