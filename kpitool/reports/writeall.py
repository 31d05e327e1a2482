"""Write every output of `kpitool score` into its folder, as one transaction (kpitool/io/outset.py)."""

from __future__ import annotations

import functools
import gc
import os
import re
import signal
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpitool.io.atomic import refuse_inputs
from kpitool.io.outset import output_transaction
from kpitool.memory import give_back
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
NAME_CHARS = 80  # a unit's file stem at most this long (a file name is 255 bytes at most)


def unit_file_name(unit_code: str) -> str:
    """A file name for a unit code, safe on every system: letters, digits, '-', '_' and '.'
    kept, the rest '_', cut to NAME_CHARS, Windows' reserved names (CON, NUL, …) changed."""
    from pathvalidate import sanitize_filename

    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", unit_code))[:NAME_CHARS].strip("._")
    name = sanitize_filename(name or "unit", platform="windows", replacement_text="_")
    return f"{name}.xlsx"


def unit_file_names(units: Iterable[str]) -> dict[str, str]:
    """A distinct file name for each unit: when two codes give the same name on a disk that
    ignores case (`HT/TT` and `HT:TT`, `HT-TT` and `ht-tt`), the later ones get `_2`, `_3`."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for unit in sorted(units):
        base = unit_file_name(unit)[: -len(".xlsx")]
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name.casefold())
        names[unit] = f"{name}.xlsx"
    return names


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

    _JOBS[:] = jobs
    give_back()  # the workers start from the parent's memory: without what it freed
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pool = context.Pool(2, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        for index, paths in enumerate(pool.imap(_run_job, range(len(jobs)))):
            finished(index, paths)
        pool.close()
        pool.join()
        return done + after
    finally:
        pool.terminate()  # at once on an error, Ctrl+C or SIGTERM; a no-op after join
        gc.unfreeze()
        _JOBS.clear()


def _worker_start(parent: int) -> None:
    """A writing worker: dies with its parent (even kill -9), leaves Ctrl+C and SIGTERM to it."""
    from kpitool.io.preload import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def write_score_outputs(run: ScoreRun, folder: Path, inputs: list[Path], lang: str,
                        progress: Callable[[str], None] | None = None,
                        unit_detail: bool = False) -> list[Path]:
    """The ranked report (xlsx and HTML), one workbook per unit, and for large runs the detail
    and flag files beside them: written whole into a staging folder, then swapped into `folder`
    in one step (the previous set, with earlier unit workbooks, replaced; other files kept).

    A large run's detail is written once, in the whole-run CSV and Parquet: each unit's
    workbook says which rows of the CSV are the unit's. With `unit_detail`, each unit also
    gets its own CSV beside its workbook (the same bytes as its rows in the whole-run CSV)."""
    result = run.result
    all_inputs = [*inputs, *(f.path for f in run.data.files)]
    flags = flags_table(result.flags, lang)
    large = len(result.detail) > DETAIL_XLSX_LIMIT
    many_flags = len(flags) > DETAIL_XLSX_LIMIT
    units = result.staff["unit_code"].dropna().unique().tolist()
    names = _output_names(result.period.key, unit_file_names(units), lang, large, many_flags,
                          unit_detail)
    for name in names.all():
        refuse_inputs(folder / name, all_inputs)
    cells = (0 if large else 2 * len(result.detail) * len(DETAIL_KEYS)) \
        + len(result.staff) * 50 + (0 if many_flags else 2 * len(flags) * len(FLAG_KEYS))
    with output_transaction(folder, "score") as stage:
        report, html = stage / names.report, stage / names.html
        detail_csv, flags_csv = stage / names.detail_csv, stage / names.flags_csv
        unit_paths = {u: stage / n for u, n in names.units.items()}
        unit_csv = {u: stage / n for u, n in names.unit_csv.items()}
        detail: DetailFiles | None = None
        if large:
            detail = plan_detail_files(result.detail, list(DETAIL_KEYS), detail_csv, lang,
                                       unit_csv)
        jobs = _jobs(run, flags, detail, report, html, unit_paths,
                     flags_csv if many_flags else None, lang)
        # the whole-run CSV is joined here as soon as its pieces are written
        join = (len(detail.pieces), detail.join_parts) if detail is not None else None
        written = run_jobs(jobs, cells, progress, then=join)
        if detail is not None:
            detail.remove_parts()
        head = [report, html, *([detail.csv_path] if detail is not None else [])]
        ordered = head + [path for path in written if path not in head]
    return [folder / path.relative_to(stage) for path in ordered]


@dataclass(frozen=True)
class _OutputNames:
    """The paths of a score run's outputs, relative to its folder."""

    report: str
    html: str
    detail_csv: str
    flags_csv: str
    units: dict[str, str]
    unit_csv: dict[str, str]
    large: bool
    many_flags: bool

    def all(self) -> list[str]:
        names = [self.report, self.html, *self.units.values()]
        if self.large:
            names += [self.detail_csv, str(Path(self.detail_csv).with_suffix(".parquet")),
                      *self.unit_csv.values()]
        if self.many_flags:
            names.append(self.flags_csv)
        return names


def _output_names(period: str, unit_names: dict[str, str], lang: str, large: bool,
                  many_flags: bool, unit_detail: bool) -> _OutputNames:
    detail = text("file_detail", lang)
    units = {u: f"units/{name}" for u, name in unit_names.items()}
    return _OutputNames(
        report=f"kpi_{period}.xlsx", html=f"kpi_{period}.html",
        detail_csv=f"kpi_{period}_{detail}.csv",
        flags_csv=f"kpi_{period}_{text('file_flags', lang)}.csv",
        units=units,
        unit_csv={u: f"{name[: -len('.xlsx')]}_{detail}.csv" for u, name in units.items()}
        if unit_detail else {},
        large=large, many_flags=many_flags)


def _jobs(run: ScoreRun, flags: pd.DataFrame, detail: DetailFiles | None, report: Path, html: Path,
          unit_paths: dict[str, Path], flags_csv: Path | None, lang: str) -> list[Job]:
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
        notes = {unit: detail.unit_note(unit) for unit in unit_paths}
    if flags_csv is not None:
        jobs.append(lambda: write_table_csv(flags, list(FLAG_KEYS), flags_csv, lang))
        flags_note = text("flags_elsewhere", lang, rows=len(flags), file=flags_csv.name)
    jobs.append(lambda: [write_ranked_report(result, run.data.files, report, lang, note,
                                             flags, flags_note)])
    jobs.append(lambda: [write_score_html(result, run.data.files, html, lang)])
    for unit, make in unit_view_makers(result, lang, notes, flags):
        jobs.append(functools.partial(_unit_job, make, unit_paths[unit], lang))
    return jobs
