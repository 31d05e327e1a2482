"""Scoring a partitioned dataset: each agency validated and scored by the functions of a
single-machine run (`validation.cross_checks`, `scoring.score_partition`), on an engine, then
`scoring.finish` over the per-staff tables.

Engines: `local` (one agency after another in this process: memory bounded by one agency) and
`dask` (a task per agency on a `distributed` cluster: a `LocalCluster` on this machine, or any
scheduler by address; each task carries its agency's own companions). A task returns the
partition's per-staff tables, its issues, its flags as `flags/` holds them (an Arrow table,
every source row of each: `engine.flagsout`) and the same flags cut to their first source
rows. As each agency's result arrives the client writes the table into `flags/` and puts the
rest on disk (`Shelf`) with the cut flags (past a run's first 30,000, only those its report
shows, the others counted) until `finish` reads them all back: what the client keeps of an
agency is then proportional to its people, not its rows, and the work of making the flags'
rows into a table is done by the tasks, in parallel.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import pickle
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kpitool import workcalendar
from kpitool.data import InputData, InputFile
from kpitool.engine.dataset import (
    AgencySlices,
    Partition,
    agency_data,
    read_partition,
    with_approvers,
    with_own_companions,
)
from kpitool.engine.flagsout import FlagsOut, dataset_table, heads, shown_only
from kpitool.errors import InvalidDataError, OutputError, UsageError
from kpitool.frames import empty_like
from kpitool.issues import Issue
from kpitool.reports.detail import DETAIL_XLSX_LIMIT
from kpitool.reports.html import FLAG_ROWS_SHOWN
from kpitool.reports.xlsxout import SHEET_ROWS
from kpitool.rules import Rules
from kpitool.scoring.periods import Period
from kpitool.scoring.pipeline import Partial, score_partition
from kpitool.scoring.result import ScoreResult

if TYPE_CHECKING:
    import pyarrow as pa

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Context:
    """What every agency is scored with: the companions (catalog, norms, assessments,
    assignments), the rules, the period and its calendar."""

    companions: InputData
    rules: Rules
    period: Period
    calendar: workcalendar.WorkCalendar
    enforce_quota: bool = False
    skip_invalid: bool = False
    cycles: bool = True  # each person's per-cycle results kept (the unit workbooks show them)
    rows: bool = False  # every source row of each flag kept in the result (`--json` prints them)


@dataclass
class AgencyResult:
    """One agency's outcome: its partial result, or the issues that stopped it (`failed`);
    `flags_out`, its flags as `flags/` holds them (every source row of each), made by the task
    so that the client only writes them."""

    agency: str
    files: tuple[str, ...]
    partial: Partial | None
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    flags_out: pa.Table | None = None
    shelved: Path | None = None  # where the partial waits for `finish` once received (`Shelf`)

    @property
    def failed(self) -> bool:
        return self.partial is None and self.shelved is None


def score_agency(partition: Partition, index: int, context: Context,
                 roster: pd.DataFrame | None = None) -> AgencyResult:
    """Read, validate and score one agency. An unreadable file or invalid rows make a failed
    result naming the agency and its files (with `skip_invalid`, invalid rows are dropped as in
    a single-machine run, and only what cannot be skipped fails).

    `context.companions` may be the whole country's or the agency's own (`AgencySlices`);
    `roster`, the whole country's staff, names the approvers from other agencies (default:
    the companions' staff)."""
    from kpitool.pipeline import drop_invalid_rows
    from kpitool.validation import cross_checks

    try:
        logs = read_partition(partition)
        companions = with_own_companions(partition, context.companions)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        files = [*partition.files, *(f for _, own in partition.companions for f in own)]
        return AgencyResult(partition.agency, partition.files, None, [Issue(
            "partition_unreadable", file=", ".join(files),
            params={"agency": partition.agency, "error": str(exc).splitlines()[0][:200]})])
    data = agency_data(companions, partition.agency, logs)
    # the assessments and assignments the dataset holds for the agency are checked whole: a
    # row of a person the catalog does not place in the agency is an error at its row
    # (a catalog changed since `kpitool partition`), not a row silently left out
    data = dataclasses.replace(data, **{sheet: getattr(companions, sheet)
                                        for sheet, _ in partition.companions})
    # the rows are checked against the agency's part of the catalog (the whole was checked
    # once), with the staff of other agencies who approved some of them; the assessments and
    # assignments read here are checked here (with the rules: a general score over the
    # maximum fails its agency, or with `skip_invalid` loses its row)
    checked = with_approvers(data, context.companions.staff if roster is None else roster)
    sources = set(logs["_file"].dropna().unique())
    for sheet, _ in partition.companions:
        sources.update(getattr(data, sheet)["_file"].dropna().unique())
    issues = [i for i in cross_checks(checked, context.rules) if i.file in sources]
    skipped: list[Issue] = []
    if any(i.severity == "error" for i in issues):
        if not context.skip_invalid:
            return AgencyResult(partition.agency, partition.files, None, issues)
        data, skipped, fatal = drop_invalid_rows(data, issues)
        if fatal:
            return AgencyResult(partition.agency, partition.files, None, fatal)
    try:
        partial = score_partition(data, context.rules, context.period, context.calendar,
                                  context.enforce_quota, part=index, detail=False)
    except InvalidDataError as exc:
        return AgencyResult(partition.agency, partition.files, None, exc.issues)
    # the empty detail is a slice of the partition's rows, which it would keep alive: empty
    # columns of its types instead
    partial = dataclasses.replace(partial, detail=empty_like(partial.detail))
    if not context.cycles:  # a row per person and cycle that no output would show
        partial = dataclasses.replace(partial, cycle_table=empty_like(partial.cycle_table))
    # every flag's rows go to flags/ from here; the result keeps the first rows of each (what
    # the workbooks show), unless asked for all
    table = dataset_table(pd.Series(partition.agency, index=partial.flags.index), partial.flags)
    if not context.rows:
        partial = dataclasses.replace(partial, flags=heads(partial.flags))
    return AgencyResult(partition.agency, partition.files, partial, issues, skipped, table)


Receive = Callable[[AgencyResult], AgencyResult]


def run_local(partitions: list[Partition], context: Context, receive: Receive,
              progress: Callable[[str], None] | None = None) -> list[AgencyResult]:
    """Each agency in turn, in this process, each result given to `receive` as it comes."""
    results = []
    for index, partition in enumerate(partitions):
        if progress and partition.files:
            progress(partition.files[0])
        results.append(receive(score_agency(partition, index, context)))
    return results


def run_dask(partitions: list[Partition], context: Context, receive: Receive,
             scheduler: str | None = None,
             progress: Callable[[str], None] | None = None) -> list[AgencyResult]:
    """The agencies as tasks of a Dask cluster, each result given to `receive` as it completes
    and then released on the workers; a worker lost mid-run has its tasks run again by Dask (a
    task is a pure function of its partition).

    Each task carries its own agency's companions (`AgencySlices`), and the country's staff
    (approvers from other agencies) goes to each worker once: a worker holds one agency's
    assessments, not the country's. Tasks are submitted a few more than the cluster has
    threads, another as each completes, so that the client never holds every agency's part
    at once. `progress` is told 'agency:N/M' as the agencies complete."""
    from dask.base import tokenize
    from distributed import as_completed

    from kpitool.memory import give_back

    slices = AgencySlices(context.companions)
    results: list[AgencyResult | None] = [None] * len(partitions)
    run = tokenize(os.getpid(), time.time_ns())
    with _client(scheduler) as client:
        # a task's result, not scattered data: if the worker holding it dies, Dask makes it
        # again. Sent once on purpose, so Dask's warning about a large graph is not shown.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph")
            roster = client.submit(_same, context.companions.staff, key=f"roster-{run}")
        window = max(4, 2 * sum(client.nthreads().values()))
        waiting = iter(enumerate(partitions))
        number_of: dict[Any, int] = {}

        def submit(number: int, partition: Partition) -> Any:
            own = dataclasses.replace(context, companions=slices(partition.agency))
            future = client.submit(score_agency, partition, number, own, roster=roster,
                                   key=f"score_agency-{tokenize(run, number)}", retries=1)
            number_of[future.key] = number
            return future

        done = as_completed([submit(*item) for item in itertools.islice(waiting, window)])
        for finished, future in enumerate(done, start=1):
            results[number_of.pop(future.key)] = receive(future.result())
            future.release()
            # the agency's result, received and its flags written: its memory given back, else
            # the client keeps it (812 → 732 MB at 100M rows). Not in the local engine, whose
            # next agency would fault the same pages in again (+12 % time at 100M).
            give_back()
            if progress is not None:
                progress(f"agency:{finished}/{len(partitions)}")
            following = next(waiting, None)
            if following is not None:
                done.add(submit(*following))
    return [r for r in results if r is not None]


def _same(value: Any) -> Any:
    return value


@contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, else of a two-worker `LocalCluster` whose
    scratch space is a temporary folder."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with tempfile.TemporaryDirectory(prefix="kpitool-dask-") as scratch, warnings.catch_warnings():
        # Dask warns when creating its scratch folder is slow (a busy disk); not a problem here
        warnings.filterwarnings("ignore", message=".*scratch directory.*")
        # the workers' statistical profiler samples each worker's stack every 10 ms and keeps
        # a call tree a second for the dashboard, which this cluster does not have: each
        # worker grew by them all run long (about 2 MB an agency on a probe, 255 → 361 MB;
        # +137 MB a worker at 100M rows; docs/scale.md)
        with dask.config.set({"distributed.worker.profile.enabled": False}), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                             dashboard_address=None, local_directory=scratch) as cluster, \
                Client(cluster) as client:
            yield client


class Shelf:
    """The agencies' partial results on disk, from their arrival until `finish` takes them all.

    Held in the client instead, each agency's small tables are unpickled between pages that
    later ones keep alive, and the allocator cannot give that memory back: at 200,000 people
    in 100 agencies the client held about 100 MB more at the end of receiving than with the
    partials on disk (`docs/scale.md`). Read back one after another just before `finish`, they
    take only their own size."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".kpitool-partials-", dir=folder))
        self.count = 0

    def put(self, partial: Partial, path: Path | None = None) -> Path:
        """`partial` written to disk (at `path`, or a new file); its path."""
        if path is None:
            path = self.folder / f"{self.count}.pickle"
            self.count += 1
        with path.open("wb") as out:
            pickle.dump(partial, out, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def get(self, path: Path) -> Partial:
        with path.open("rb") as source:
            partial: Partial = pickle.load(source)  # noqa: S301 - written by this run
        return partial

    def take(self, path: Path) -> Partial:
        """The partial at `path`, its file removed."""
        partial = self.get(path)
        path.unlink()
        return partial

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def failures_as_issues(results: list[AgencyResult]) -> list[Issue]:
    """The issues of the failed agencies, each marked with its agency."""
    out = []
    for result in results:
        if result.failed:
            out.append(Issue("partition_failed", file=", ".join(result.files),
                             params={"agency": result.agency, "count": len(result.issues)}))
            out += result.issues
    return out


@dataclass
class DatasetRun:
    """A partitioned run: the finished result (without per-row detail), the inputs read, the
    issues of the agencies scored, the failed agencies with theirs, the output folder and the
    flags dataset already written in it."""

    result: ScoreResult
    data: InputData
    issues: list[Issue]
    skipped: list[Issue]
    failed: list[AgencyResult]
    folder: Path
    flags: Path


def score_dataset(dataset: Path, companions: dict[str, Path | None], period_text: str | None,
                  rules_name: str, engine: str, scheduler: str | None = None,
                  enforce_quota: bool = False, skip_invalid: bool = False,
                  progress: Callable[[str], None] | None = None, out: Path | None = None,
                  keep_rows: bool = False, keep_flags: bool = False,
                  keep_cycles: bool = True) -> DatasetRun:
    """Validate the companions once, score every agency of `dataset` on `engine`, finish.

    The flags go into `out/flags/` (default folder: `kpi-<period>` beside the dataset) as the
    agencies are scored. The result's flags keep their first source rows only (what the
    workbooks show), or with `keep_rows` all of them (for `--json`, which prints them). Once
    the run has more flags than the summary workbook lists, the result holds only those its
    report shows (`flagsout.shown_only`) and counts the others (`ScoreResult.flags_elsewhere`,
    each person's kinds in `staff`): what the client holds of the flags is then a few bytes a
    person, not a row a flag; with `keep_flags` (the unit workbooks list every flag) or
    `keep_rows`, every flag stays.
    Without `keep_cycles` the result has no per-cycle rows (`cycles`): only the unit workbooks
    show them, and a country's people hold several each (twelve in a year of monthly cycles).

    Raises:
        UsageError: an engine kpitool does not have, or no catalog or norms given.
        InvalidDataError: the companions are invalid, a supervisor chain crosses agencies, or
            no agency could be scored.
        OutputError: `out/flags` exists.
    """
    from kpitool.engine.dataset import agency_of, crossing_chains, held_inputs, partitions, read_meta
    from kpitool.memory import give_back
    from kpitool.rules import load_rules
    from kpitool.scoring import parse_period
    from kpitool.scoring.pipeline import calendar_for, finish
    from kpitool.validation import validate

    if engine not in ENGINES:
        raise UsageError("unknown_engine", engine=engine, engines=", ".join(ENGINES))
    for kind in ("catalog", "norms"):
        if companions.get(kind) is None:
            raise UsageError("dataset_companion_missing", kind=kind, file=str(dataset))
    meta = read_meta(dataset)
    rules = load_rules(rules_name)
    files, layouts = held_inputs(meta)
    companions = _not_held(companions, files)
    paths = [p for p in companions.values() if p is not None]
    report = validate(paths, progress=progress, rules=rules)
    data, issues = report
    # the assessments and assignments the dataset holds: read and checked by agency, on the
    # engine; their files are named in the reports as if given
    data.files += files
    data.layouts.update(layouts)
    give_back()  # reading a country's catalog: about 100 MB of temporaries
    fatal = [i for i in issues if i.severity == "error"] + crossing_chains(data)
    if fatal:
        raise InvalidDataError(fatal)
    if not (period_text or meta.get("period")):
        raise UsageError("dataset_needs_period", file=str(dataset))
    period = parse_period(period_text or str(meta["period"]))
    years = (int(meta["years"][0]), int(meta["years"][1]))
    context = Context(data, rules, period, calendar_for(data, period, years), enforce_quota,
                      skip_invalid, keep_cycles, keep_rows)
    found = partitions(dataset, f"{period.end:%Y-%m}")
    folder = out if out is not None else dataset.parent / f"kpi-{period.key}"
    if (folder / "staff").exists():
        raise OutputError("dataset_output_exists", file=str(folder / "staff"))
    flags = FlagsOut(folder / "flags")
    shelf = Shelf(folder)
    codes: set[str] = set()
    held: list[Path] = []  # partials shelved with every flag whole, while there are few
    counted = 0

    def receive(result: AgencyResult) -> AgencyResult:
        nonlocal counted
        if result.partial is None:
            return result
        partial = result.partial
        if result.flags_out is not None:
            flags.write_table(result.flags_out)
        codes.update(partial.flags["code"])
        every = keep_rows or keep_flags  # every flag kept
        if not every:
            counted += len(partial.flags)
            if counted > DETAIL_XLSX_LIMIT:  # the workbook will not list them: its report
                partial = _shown(partial)    # shows the first of each kind, counts the others
                for path in held:
                    shelf.put(_shown(shelf.get(path)), path)
                held.clear()
        shelved = shelf.put(partial)
        if not every and counted <= DETAIL_XLSX_LIMIT:
            held.append(shelved)
        return dataclasses.replace(result, partial=None, flags_out=None, shelved=shelved)

    try:
        results = run_local(found, context, receive, progress) if engine == "local" else \
            run_dask(found, context, receive, scheduler, progress)
        done = [r for r in results if not r.failed]
        failed = [r for r in results if r.failed]
        if not done:
            raise InvalidDataError(failures_as_issues(failed))
        give_back()  # what receiving the results freed, before they are read back together
        result = finish([shelf.take(r.shelved) for r in done if r.shelved is not None], rules,
                        period, data.units, context.calendar, enforce_quota)
        give_back()  # finish's temporaries, before the outputs are written
        # the flags that compare agencies, raised by `finish`
        whole = result.flags[~result.flags["code"].isin(codes)]
        flags.write(agency_of(data.units, whole["unit_code"]), whole)
        written = flags.close()
    except BaseException:
        flags.discard()
        raise
    finally:
        shelf.discard()
    return DatasetRun(result, data, [i for r in done for i in r.issues],
                      [i for r in done for i in r.skipped], failed, folder, written)


def _shown(partial: Partial) -> Partial:
    """`partial` with the flags a report shows (`flagsout.shown_only`), the others counted."""
    kept, others = shown_only(partial.flags, FLAG_ROWS_SHOWN)
    return dataclasses.replace(partial, flags=kept, elsewhere=partial.elsewhere.add(others))


def _not_held(companions: dict[str, Path | None],
              held: list[InputFile]) -> dict[str, Path | None]:
    """The companions to read here: those given but not held by the dataset. A file given for a
    kind the dataset holds must be the file it was written from (the same bytes); it is then
    read from the dataset, by agency.

    Raises:
        UsageError: a file given for a kind the dataset holds from another file.
    """
    from kpitool.io.readers import sha256_of

    out = dict(companions)
    for kind, path in companions.items():
        theirs = [f for f in held if f.kind == kind]
        if path is None or not theirs or not path.is_file():  # a missing file: said by validate
            continue
        if sha256_of(path) not in {f.sha256 for f in theirs}:
            raise UsageError("dataset_holds_companion", kind=kind, file=str(path),
                             held=", ".join(str(f.path) for f in theirs))
        out[kind] = None
    return out


def write_dataset_outputs(run: DatasetRun, lang: str, unit_workbooks: bool = False) -> list[Path]:
    """Beside the flags (`flags/agency=…/`), the per-staff results as a Parquet dataset
    partitioned by agency (`staff/agency=…/`), the national summary workbook and HTML, and
    with `unit_workbooks` one workbook per unit."""
    from kpitool.messages import text
    from kpitool.reports.detail import DETAIL_XLSX_LIMIT
    from kpitool.reports.html import write_score_html
    from kpitool.reports.scorebook import (
        flags_table,
        unit_view_makers,
        write_ranked_report,
        write_unit_workbook,
    )
    from kpitool.reports.writeall import unit_file_name

    result, folder = run.result, run.folder
    staff = result.staff.assign(flags=result.staff["flags"].map(list))
    staff.insert(0, "agency", staff["top_unit_code"])
    written = [_write_parquet(staff, folder / "staff"), run.flags]
    period = result.period.key
    # beyond the workbook's share, the flags are read in flags/ (Parquet) only
    many = result.flag_total > DETAIL_XLSX_LIMIT
    table = flags_table(result.flags.iloc[:0] if many and not unit_workbooks else result.flags,
                        lang)
    note = text("flags_elsewhere", lang, rows=result.flag_total, file="flags/") if many else None
    # a country's people are more than a sheet's rows: the ranking is then in staff/ only
    ranking = text("ranking_elsewhere", lang, rows=len(result.staff), limit=SHEET_ROWS - 1,
                   file="staff/") if len(result.staff) >= SHEET_ROWS else None
    written.append(write_ranked_report(result, run.data.files, folder / f"kpi_{period}.xlsx",
                                       lang, flags=table.iloc[:0] if many else table,
                                       flags_note=note, ranking_note=ranking))
    written.append(write_score_html(result, run.data.files, folder / f"kpi_{period}.html", lang))
    if unit_workbooks:
        for unit, make in unit_view_makers(result, lang, None, table):
            written.append(write_unit_workbook(make(), folder / "units" / unit_file_name(unit),
                                               lang))
    return written


def _write_parquet(frame: pd.DataFrame, target: Path) -> Path:
    """A Hive-partitioned dataset by agency, written beside `target` and then moved there."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if target.exists():
        raise OutputError("dataset_output_exists", file=str(target))
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    ds.write_dataset(pa.Table.from_pandas(frame, preserve_index=False), staging,
                     format="parquet", partitioning=["agency"], partitioning_flavor="hive",
                     preserve_order=True)  # else rows past a batch may come in any order
    staging.rename(target)
    return target
