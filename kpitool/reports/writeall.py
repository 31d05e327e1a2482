"""Write every output of `kpitool score` into its folder, each file atomically."""

from __future__ import annotations

import functools
import gc
import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kpitool.io.atomic import refuse_inputs
from kpitool.messages import text
from kpitool.pipeline import ScoreRun
from kpitool.reports.detail import DETAIL_XLSX_LIMIT, DetailFiles, plan_detail_files, write_table_csv
from kpitool.reports.html import write_score_html
from kpitool.reports.scorebook import (
    DETAIL,
    FLAGS,
    UnitView,
    flags_table,
    unit_view_makers,
    write_ranked_report,
    write_unit_workbook,
)

DETAIL_KEYS = tuple(col.key for col in DETAIL)
FLAG_KEYS = tuple(col.key for col in FLAGS)

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def unit_file_name(unit_code: str) -> str:
    """A file name for a unit code: letters, digits, '-', '_' and '.' kept, the rest '_'."""
    name = _UNSAFE.sub("_", unit_code).strip("._") or "unit"
    return f"{name}.xlsx"


Job = Callable[[], list[Path]]
_JOBS: list[Job] = []
PARALLEL_CELLS = 150_000  # below this much to write, starting workers costs more than it saves


def _run_job(index: int) -> list[Path]:
    return _JOBS[index]()


def _unit_job(make: Callable[[], UnitView], path: Path, lang: str) -> list[Path]:
    return [write_unit_workbook(make(), path, lang)]


def run_jobs(jobs: list[Job], cells: int,
             progress: Callable[[str], None] | None = None,
             then: tuple[int, Callable[[], list[Path]]] | None = None) -> list[Path]:
    """Run writing jobs, on both cores when there is enough to write; the paths, in order.

    `then` = (n, step): once the first n jobs are done, `step` runs here while the workers go
    on with the others (its paths come after theirs).

    The workers are forked with the jobs (closures over the result) already in memory and
    receive only an index, so nothing large is pickled; the parent's heap is frozen so that
    the workers' garbage collector does not touch, and so copy, all of it.
    """
    done: list[Path] = []
    after: list[Path] = []

    def finished(index: int, paths: list[Path]) -> None:
        done.extend(paths)
        if then is not None and index == then[0] - 1:
            after.extend(then[1]())
        if progress:
            progress(f"write:{len(done) + len(after)}")

    if cells < PARALLEL_CELLS or len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        for index, job in enumerate(jobs):
            finished(index, job())
        return done + after
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _JOBS[:] = jobs
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            for index, paths in enumerate(pool.map(_run_job, range(len(jobs)))):
                finished(index, paths)
        return done + after
    finally:
        gc.unfreeze()
        _JOBS.clear()


def write_score_outputs(run: ScoreRun, folder: Path, inputs: list[Path], lang: str,
                        progress: Callable[[str], None] | None = None) -> list[Path]:
    """The ranked report (xlsx and HTML), one workbook per unit, and for large runs the detail
    and flag files beside them."""
    result = run.result
    all_inputs = [*inputs, *(f.path for f in run.data.files)]
    period = result.period.key
    report = folder / f"kpi_{period}.xlsx"
    html = report.with_suffix(".html")
    flags = flags_table(result.flags, lang)
    large = len(result.detail) > DETAIL_XLSX_LIMIT
    many_flags = len(flags) > DETAIL_XLSX_LIMIT
    detail_csv = folder / f"kpi_{period}_{text('file_detail', lang)}.csv"
    flags_csv = folder / f"kpi_{period}_{text('file_flags', lang)}.csv"
    units = result.staff["unit_code"].dropna().unique().tolist()
    unit_paths = {u: folder / "units" / unit_file_name(u) for u in units}
    unit_csv = {u: p.with_name(p.stem + f"_{text('file_detail', lang)}.csv")
                for u, p in unit_paths.items()}
    targets = [report, html, *unit_paths.values()]
    if large:
        targets += [detail_csv, detail_csv.with_suffix(".parquet"), *unit_csv.values()]
    if many_flags:
        targets.append(flags_csv)
    for target in targets:
        refuse_inputs(target, all_inputs)
    cells = (0 if large else 2 * len(result.detail) * len(DETAIL_KEYS)) \
        + len(result.staff) * 50 + (0 if many_flags else 2 * len(flags) * len(FLAG_KEYS))
    detail: DetailFiles | None = None
    try:
        if large:
            detail = plan_detail_files(result.detail, list(DETAIL_KEYS), detail_csv, lang,
                                       unit_csv)
        jobs = _jobs(run, flags, detail, report, html, unit_paths, unit_csv,
                     flags_csv if many_flags else None, lang)
        # the whole-run CSV is joined here as soon as its pieces are written
        join = (len(detail.pieces), detail.join_parts) if detail is not None else None
        written = run_jobs(jobs, cells, progress, then=join)
        head = [report, html, *([detail.csv_path] if detail is not None else [])]
        return head + [path for path in written if path not in head]
    finally:
        if detail is not None:
            detail.remove_parts()


def _jobs(run: ScoreRun, flags: pd.DataFrame, detail: DetailFiles | None, report: Path, html: Path,
          unit_paths: dict[str, Path], unit_csv: dict[str, Path], flags_csv: Path | None,
          lang: str) -> list[Job]:
    """Every writing job: the detail pieces first (the longest), then the reports, the flags
    file and the unit workbooks."""
    result = run.result
    jobs: list[Job] = []
    note = flags_note = None
    notes: dict[str, str] | None = None
    if detail is not None:
        jobs += [functools.partial(detail.write_piece, i) for i in range(len(detail.pieces))]
        jobs.append(detail.write_parquet)
        note = text("detail_elsewhere", lang, rows=len(result.detail), file=detail.csv_path.name,
                    parquet=detail.csv_path.with_suffix(".parquet").name)
        counts = result.detail["unit_code"].value_counts()
        notes = {unit: text("detail_elsewhere_unit", lang, rows=int(counts.get(unit, 0)),
                            file=unit_csv[unit].name) for unit in unit_csv}
    if flags_csv is not None:
        jobs.append(lambda: write_table_csv(flags, list(FLAG_KEYS), flags_csv, lang))
        flags_note = text("flags_elsewhere", lang, rows=len(flags), file=flags_csv.name)
    jobs.append(lambda: [write_ranked_report(result, run.data.files, report, lang, note,
                                             flags, flags_note)])
    jobs.append(lambda: [write_score_html(result, run.data.files, html, lang)])
    for unit, make in unit_view_makers(result, lang, notes, flags):
        jobs.append(functools.partial(_unit_job, make, unit_paths[unit], lang))
    return jobs
