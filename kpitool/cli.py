"""The `kpitool` command line: parse options, call one library function, render, exit.

Heavy libraries (pandas, openpyxl, fastexcel) are imported inside the commands so that
`kpitool --help` stays instant.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kpitool import __version__
from kpitool.cliparse import KpiGroup
from kpitool.errors import KpiToolError
from kpitool.numbers import fixed

app = typer.Typer(
    name="kpitool",
    help="KPI cho cán bộ, công chức từ tệp Excel (Nghị định 335/2025). "
    "KPI scores for public servants from Excel work diaries.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=KpiGroup,
)

F = TypeVar("F", bound=Callable[..., Any])

LangOption = Annotated[
    str, typer.Option("--lang", help="Ngôn ngữ / language: vi (mặc định) hoặc en.")
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Hiện traceback khi có lỗi / show tracebacks.")
]


def _check_lang(lang: str) -> str:
    from kpitool.errors import UsageError

    if lang not in ("vi", "en"):
        raise UsageError("bad_lang", value=lang)
    return lang


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that a run stops the way Ctrl+C stops it."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds it like Ctrl+C: temporary outputs are removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that nothing more is written to a closed pipe
    (not even Python's last flush at exit)."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


_OUTCOME = {"exit_code": 0}  # what the command will exit with, once its verdict is known


def will_exit(code: int) -> None:
    """Record the command's exit code before it prints its results, so that a reader that
    closes the pipe early (`kpitool validate … | head`) still gets the right code."""
    _OUTCOME["exit_code"] = code


def handled(func: F) -> F:
    """Run a command body; turn every KpiToolError (and any crash) into a panel and exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", "vi") if kwargs.get("lang") in ("vi", "en") else "vi"
        debug = bool(kwargs.get("debug", False))
        will_exit(0)
        try:
            with _sigterm_as_interrupt():
                result = func(*args, **kwargs)
                sys.stdout.flush()  # a closed pipe is found here, not in click's exit
                return result
        except typer.Exit:
            raise
        except KpiToolError as exc:
            if debug:
                raise
            from kpitool.console import error_panel, print_issues
            from kpitool.errors import InvalidDataError

            if isinstance(exc, InvalidDataError) and exc.issues:
                print_issues(exc.issues, lang, stream="stderr")
            error_panel("Lỗi" if lang == "vi" else "Error", exc.render(lang))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM turned into Terminated
            from kpitool.console import error_panel
            from kpitool.messages import text

            error_panel("Lỗi" if lang == "vi" else "Error", text("interrupted", lang))
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
        except BrokenPipeError:  # `kpitool score … | head`: the reader had enough
            _quiet_stdout()
            raise typer.Exit(_OUTCOME["exit_code"]) from None
        except OSError as exc:  # a path the system refuses (a name over 255 bytes, a path over
            if debug or exc.filename is None:  # 4096, no permission…): said with the path
                raise
            from kpitool.console import error_panel
            from kpitool.messages import text

            error_panel("Lỗi" if lang == "vi" else "Error",
                        text("os_error", lang, file=os.fsdecode(exc.filename),
                             error=exc.strerror or type(exc).__name__))
            raise typer.Exit(1) from None
        except Exception as exc:  # noqa: BLE001 - the single last-resort handler
            if debug:
                raise
            from kpitool.console import error_panel
            from kpitool.messages import text

            error_panel(
                "Lỗi" if lang == "vi" else "Error",
                text("internal_error", lang, error=type(exc).__name__),
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpitool {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản / version."),
    ] = False,
) -> None:
    """kpitool: chấm điểm KPI từ nhật ký công việc trên Excel."""


@app.command()
@handled
def validate(
    files: Annotated[list[Path], typer.Argument(help="Các tệp .xlsx (nhật ký có thể .csv, .parquet).")],
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON / JSON output.")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="Ghi bản sao tô màu và chú thích các ô lỗi / "
                     "write a marked copy (a folder when several files have issues)."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Bảng mã của tệp CSV (mặc định UTF-8).")
    ] = None,
    rules: Annotated[str, typer.Option(
        "--rules", help="Bộ quy tắc (điểm tối đa): nd335 (mặc định), khanh-hoa, hoặc tệp .toml.")
    ] = "nd335",
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Kiểm tra các tệp đầu vào, báo mọi lỗi theo tệp, sheet và ô.

    Check input workbooks and list every problem by file, sheet and cell.

    Ví dụ / example:  kpitool validate examples/hac-thanh/*.xlsx --annotate danh-dau/
    """
    import json

    from kpitool import console
    from kpitool.checkup import check_inputs
    from kpitool.messages import text
    from kpitool.rules import load_rules

    _check_lang(lang)
    report, inputs = check_inputs(list(files), load_rules(rules), encoding=encoding)
    files = inputs.paths()
    will_exit(0 if report.valid else 1)
    if json_out:
        console.print_json(json.dumps(report.to_json(lang), ensure_ascii=False, default=str))
    else:
        if report.issues:
            console.print_issues(report.issues, lang)
        if report.valid:
            console.say(text("validate_ok_warnings" if report.warnings else "validate_ok", lang,
                             files=len(files), rows=fixed(report.rows, 0, lang),
                             warnings=len(report.warnings)), "green")
        else:
            console.say(text("validate_bad", lang, errors=len(report.errors),
                             warnings=len(report.warnings), files=len(files)), "bold red")
        if report.notices:
            console.say(text("validate_notes", lang, notices=len(report.notices)))
    if annotate is not None:
        _annotate(files, report.issues, annotate, lang, quiet=json_out)
    raise typer.Exit(0 if report.valid else 1)


def _annotate(files: list[Path], issues: list, target: Path, lang: str, quiet: bool) -> None:
    from kpitool import console
    from kpitool.errors import UsageError
    from kpitool.messages import text
    from kpitool.reports.annotate import annotate_workbook

    marked = [f for f in files if f.suffix.lower() in (".xlsx", ".xlsm")
              and any(i.file == str(f) and i.cell for i in issues)]
    if not marked:
        if not quiet:
            console.say(text("annotate_nothing", lang))
        return
    as_folder = target.is_dir() or target.suffix == "" or len(marked) > 1
    if len(marked) > 1 and target.suffix.lower() == ".xlsx":
        raise UsageError("annotate_many", count=len(marked))
    from kpitool.io.atomic import refuse_inputs

    outs = {source: target / source.name if as_folder else target for source in marked}
    for out in outs.values():  # before any is written: no input, not only its own source
        refuse_inputs(out, files)
    for source, out in outs.items():
        cells = annotate_workbook(source, [i for i in issues if i.file == str(source)], out, lang)
        if not quiet:
            console.say(text("annotated", lang, cells=cells, file=str(out)))


@app.command()
@handled
def init(
    folder: Annotated[Path, typer.Argument(help="Thư mục sẽ chứa các tệp mẫu / target folder.")],
    lang: LangOption = "vi",
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè tệp đã có / replace existing files.")
    ] = False,
    rules: Annotated[str, typer.Option(
        "--rules", help="Bộ quy tắc cho điểm tối đa: nd335 (mặc định), khanh-hoa, hoặc tệp .toml.")
    ] = "nd335",
    debug: DebugOption = False,
) -> None:
    """Tạo năm tệp mẫu trống: catalog, norms, worklogs, assessments, assignments (.xlsx).

    Write blank catalog.xlsx, norms.xlsx, worklogs.xlsx, assessments.xlsx and assignments.xlsx
    (giao việc) with dropdowns,
    input checks, help on every column and a guide sheet. Existing files are kept unless
    --force is given.

    Ví dụ / example:  kpitool init du-lieu/    ·    kpitool init data/ --lang en
    """
    from kpitool import console
    from kpitool.messages import text
    from kpitool.rules import load_rules
    from kpitool.schemas.templates import write_blank_templates

    _check_lang(lang)
    loaded = load_rules(rules)
    for path in write_blank_templates(
            folder, lang=lang, force=force, general_max=loaded.general_max,
            leader_values=(loaded.subordinates_ok, loaded.subordinates_not_ok)):
        console.say(text("template_written", lang, file=str(path)))


@app.command()
@handled
def template(
    kind: Annotated[str, typer.Argument(help="Loại mẫu / template kind: worklogs, assignments.")],
    catalog: Annotated[Path, typer.Option("--catalog", help="Tệp danh mục / catalog.xlsx.")],
    norms: Annotated[Path, typer.Option("--norms", help="Tệp định mức / norms.xlsx.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp mẫu cần tạo / output .xlsx.")],
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Mã đơn vị; bỏ trống = mọi đơn vị / unit code (default: all)."),
    ] = None,
    rules: Annotated[str, typer.Option(
        "--rules", help="Quy chế cho hệ số phức tạp (mẫu giao việc) / rules for the complexity "
                        "coefficients (assignments).")] = "nd335",
    lang: LangOption = "vi",
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè tệp đã có / replace an existing file.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Tạo mẫu nhật ký hoặc mẫu giao việc cho một đơn vị: chọn cán bộ và công việc từ danh sách.

    Write a worklogs or an assignments template for one unit: staff ID and task code are
    dropdowns of exactly that unit's staff and the tasks they may log or be given; grey locked
    columns show the name, the task and its norm hours (worklogs) or the line's converted hours
    (assignments). Without --unit the template covers the staff of every unit.

    Ví dụ / example:  kpitool template worklogs --catalog catalog.xlsx --norms norms.xlsx
    --unit VP -o nhat-ky-VP.xlsx    ·    kpitool template assignments --catalog catalog.xlsx
    --norms norms.xlsx --unit VP -o giao-viec-VP.xlsx
    """
    from kpitool import console
    from kpitool.errors import InputFileError, InvalidDataError, UsageError
    from kpitool.io.atomic import refuse_inputs
    from kpitool.io.readers import read_inputs
    from kpitool.issues import ValidationReport
    from kpitool.messages import text
    from kpitool.rules import load_rules
    from kpitool.schemas.templates import write_assignment_template, write_worklog_template

    _check_lang(lang)
    if kind not in ("worklogs", "assignments"):
        raise UsageError("unknown_template", value=kind, allowed="worklogs, assignments")
    for source in (catalog, norms):
        if not source.is_file():
            raise InputFileError("file_not_found", file=str(source))
    refuse_inputs(output, [catalog, norms])
    report = ValidationReport(*read_inputs([catalog, norms]))
    if not report.valid:
        console.print_issues(report.errors, lang)
        raise InvalidDataError(report.errors)
    if kind == "assignments":
        path = write_assignment_template(report.data, unit, output, load_rules(rules).complexity,
                                         lang=lang, force=force)
    else:
        path = write_worklog_template(report.data, unit, output, lang=lang, force=force)
    console.say(text("template_written", lang, file=str(path)))


InputOption = Annotated[Path | None, typer.Option(help="Tệp / file (mặc định: tìm cạnh tệp nhật ký).")]
PeriodOption = Annotated[
    str | None, typer.Option("--period",
                              help="Kỳ: 2026-04, 2026-Q2, 2026-H1, 2026 (mặc định: theo ngày nhật ký).")
]
RulesOption = Annotated[
    str, typer.Option("--rules", help="Bộ quy tắc: nd335 (mặc định), khanh-hoa, hoặc tệp .toml.")
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="Bảng mã của tệp CSV (mặc định UTF-8).")
]
OutOption = Annotated[Path | None, typer.Option(
    "--out", help="Thư mục kết quả (mặc định kpi-<kỳ>/ cạnh tệp nhật ký đầu tiên).")]
SkipInvalidOption = Annotated[bool, typer.Option(
    "--skip-invalid", help="Bỏ qua các dòng lỗi (liệt kê ra) thay vì dừng.")]


@app.command()
@handled
def score(
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký (.xlsx, .csv, .parquet).")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    assignments: InputOption = None,
    period: PeriodOption = None,
    rules: RulesOption = "nd335",
    out: OutOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả JSON ra stdout.")] = False,
    enforce_quota: Annotated[bool, typer.Option(
        "--enforce-quota", help="Hạ mức người xuất sắc có điểm thấp nhất khi vượt tỷ lệ của bộ "
        "quy tắc (quota.excellent_share_of_good) / move down the lowest excellent when over the "
        "rules' share.")] = False,
    skip_invalid: SkipInvalidOption = False,
    encoding: EncodingOption = None,
    engine: Annotated[str | None, typer.Option("--engine", help="local | dask")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="tcp://…")] = None,
    unit_workbooks: Annotated[bool, typer.Option("--unit-workbooks")] = False,
    unit_detail: Annotated[bool, typer.Option("--unit-detail")] = False,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Chấm điểm KPI cho kỳ đánh giá, ghi báo cáo xếp hạng và bảng tổng hợp từng đơn vị.

    Score every staff member for the period; write the ranked report and one workbook per unit.

    Ví dụ / example:  kpitool score examples/hac-thanh/worklogs.xlsx --period 2026-Q1
    """
    import json

    from kpitool import console
    from kpitool.io.atomic import refuse_output_folder
    from kpitool.pipeline import run_inputs, run_score
    from kpitool.reports.payload import score_payload
    from kpitool.reports.writeall import write_score_outputs

    _check_lang(lang)
    if engine is not None:
        _score_dataset(worklogs, {"catalog": catalog, "norms": norms, "assessments": assessments,
                                  "assignments": assignments}, period, rules, out, json_out,
                       enforce_quota, skip_invalid, engine, scheduler, unit_workbooks, lang)
        return
    with console.progress(not json_out, lang) as step:
        run = run_score(list(worklogs), {"catalog": catalog, "norms": norms,
                                         "assessments": assessments,
                                         "assignments": assignments}, period, rules,
                        enforce_quota=enforce_quota, skip_invalid=skip_invalid,
                        encoding=encoding, progress=step, release_rows=True)
        result = run.result
        read = run_inputs(run)
        folder = out if out is not None else read[0] / f"kpi-{result.period.key}"
        refuse_output_folder(folder, [*read[1], *(f.path for f in run.data.files)])
        written = write_score_outputs(run, folder, read[1], lang, progress=step,
                                      unit_detail=unit_detail)
    if json_out:
        payload = score_payload(result, run.data.files, lang)
        payload["outputs"] = [str(p) for p in written]
        payload["skipped"] = [i.to_json(lang) for i in run.skipped]
        payload["notices"] = [i.to_json(lang) for i in run.issues if i.code in SCORE_NOTICES]
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    console.print_coverage_lead(result.flags, lang)  # a forgotten file is said first
    if run.skipped:
        console.print_issues(run.skipped, lang)
    notes = [i.message(lang) for i in run.issues if i.code in SCORE_NOTICES]
    console.print_score_summary(result, written, len(run.skipped), lang, notes)


def _score_dataset(given: list[Path], companions: dict[str, Path | None], period: str | None,
                   rules: str, out: Path | None, json_out: bool, enforce_quota: bool,
                   skip_invalid: bool, engine: str, scheduler: str | None,
                   unit_workbooks: bool, lang: str) -> None:
    """`kpitool score DATASET/ --engine …`: every agency scored on the engine; the agencies
    that failed are listed (exit 1) after the others' results are written."""
    import json

    from kpitool import console
    from kpitool.engine.runner import failures_as_issues, score_dataset, write_dataset_outputs
    from kpitool.errors import InvalidDataError, UsageError
    from kpitool.reports.payload import score_payload

    if len(given) != 1 or not given[0].is_dir():
        raise UsageError("dataset_engine_needs_folder", file=", ".join(map(str, given)))
    with console.progress(not json_out, lang) as step:
        run = score_dataset(given[0], companions, period, rules, engine, scheduler,
                            enforce_quota, skip_invalid,
                            progress=None if json_out else step, out=out, keep_rows=json_out,
                            keep_flags=unit_workbooks, keep_cycles=unit_workbooks)
        written = write_dataset_outputs(run, lang, unit_workbooks)
    failed = failures_as_issues(run.failed)
    if json_out:
        payload = score_payload(run.result, run.data.files, lang)
        payload["outputs"] = [str(p) for p in written]
        payload["skipped"] = [i.to_json(lang) for i in run.skipped]
        payload["failed"] = [i.to_json(lang) for i in failed]
        console.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        if run.skipped:
            console.print_issues(run.skipped, lang)
        console.print_score_summary(run.result, written, len(run.skipped), lang)
    if failed:
        raise InvalidDataError(failed)


@app.command()
@handled
def partition(
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký (.xlsx, .csv, .parquet).")],
    out: Annotated[Path, typer.Option("--out")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    assignments: InputOption = None,
    skip_invalid: SkipInvalidOption = False,
    encoding: EncodingOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Ghi nhật ký thành bộ dữ liệu Parquet chia theo cơ quan và tháng.

    Phiếu đánh giá và giao việc (nếu có) được chia theo cơ quan vào cùng bộ dữ liệu: khi chấm
    bằng --engine không cần đưa lại.

    Write worklogs as a Parquet dataset by agency and month; the assessments and assignments
    given are split by agency into it too (not given again to score it).
    """
    from kpitool import console
    from kpitool.engine.dataset import partition_files
    from kpitool.inputs import gather_inputs
    from kpitool.messages import text

    _check_lang(lang)
    # files and folders in any order, the companions looked for beside them, as `score` does
    kinds = ("catalog", "norms", "assessments", "assignments")
    inputs = gather_inputs(list(worklogs), {"catalog": catalog, "norms": norms,
                                            "assessments": assessments,
                                            "assignments": assignments})
    inputs.require(("worklogs", "catalog"), optional=kinds[1:])
    companions = [path for kind in kinds if (path := inputs.companions.get(kind))]
    with console.progress(True, lang) as step:
        written, rows, skipped = partition_files(inputs.worklogs, companions, out, skip_invalid,
                                                 encoding, progress=step)
    if skipped:
        console.print_issues(skipped, lang)
    console.say(text("dataset_written", lang, folder=str(out), files=len(written),
                     rows=fixed(rows, 0, lang)))


# notices of a scoring run shown with its result: how the basis was chosen
SCORE_NOTICES = ("no_assignments_sheet",)


@app.command()
@handled
def explain(
    staff_id: Annotated[str, typer.Argument(help="Mã cán bộ / staff ID.")],
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký.")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    assignments: InputOption = None,
    period: PeriodOption = None,
    rules: RulesOption = "nd335",
    json_out: Annotated[bool, typer.Option("--json", help="In JSON ra stdout.")] = False,
    encoding: EncodingOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Giải thích điểm của một cán bộ, từng dòng: giờ quy đổi, a, b, c, giờ chuẩn, tổng, xếp loại.

    Explain one person's score row by row.

    Ví dụ / example:  kpitool explain 007 examples/hac-thanh/worklogs.xlsx
    """
    import json

    from kpitool import console
    from kpitool.pipeline import run_score
    from kpitool.scoring import explain as explain_score

    _check_lang(lang)
    run = run_score(list(worklogs), {"catalog": catalog, "norms": norms,
                                     "assessments": assessments,
                                     "assignments": assignments}, period, rules, encoding=encoding)
    story = explain_score(run.result, staff_id)
    if json_out:
        console.print_json(json.dumps(story, ensure_ascii=False, default=str))
        return
    console.print_explanation(story, lang)


@app.command()
@handled
def report(
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký (.xlsx, .csv, .parquet).")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    assignments: InputOption = None,
    period: PeriodOption = None,
    rules: RulesOption = "nd335",
    out: OutOption = None,
    skip_invalid: SkipInvalidOption = False,
    encoding: EncodingOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Phân tích kỳ đánh giá cho người phân tích: xu hướng theo tháng, giờ khai, công việc, cảnh báo.

    The analyst's view of a period: month-by-month mean total and level mix per unit, declared
    against converted hours per working day (outlier units marked), the tasks with the most
    converted hours and the tasks never used, people whose level changed between months, and
    the flags by kind and unit. Writes report_<period>.html and report_<period>.xlsx (with
    native Excel charts).

    Ví dụ / example:  kpitool report examples/hac-thanh/worklogs.xlsx --period 2026-Q1
    """
    from kpitool import console
    from kpitool.analysis import analyse
    from kpitool.io.atomic import refuse_inputs, refuse_output_folder
    from kpitool.io.outset import output_transaction
    from kpitool.messages import text
    from kpitool.pipeline import run_inputs, run_score
    from kpitool.reports.analyst import coverage_lines, write_report_outputs

    _check_lang(lang)
    with console.progress(True, lang) as step:
        run = run_score(list(worklogs), {"catalog": catalog, "norms": norms,
                                         "assessments": assessments,
                                         "assignments": assignments}, period, rules,
                        skip_invalid=skip_invalid, encoding=encoding, months=True,
                        progress=step)
        result = run.result
        read = run_inputs(run)
        folder = out if out is not None else read[0] / f"kpi-{result.period.key}"
        refuse_output_folder(folder, [*read[1], *(f.path for f in run.data.files)])
        analysis = analyse(result, run.data.tasks, run.data.worklogs, run.months)
        for suffix in (".xlsx", ".html"):  # the names write_report_outputs gives, in place
            refuse_inputs(folder / f"report_{result.period.key}{suffix}",
                          [*read[1], *(f.path for f in run.data.files)])
        with output_transaction(folder, "report") as stage:
            written = [folder / path.relative_to(stage)
                       for path in write_report_outputs(run, analysis, stage, read[1], lang)]
        step(f"write:{len(written)}")
    if run.skipped:
        console.print_issues(run.skipped, lang)
        console.say(text("skipped_rows", lang, count=len(run.skipped)), "yellow")
    for n, line in enumerate(coverage_lines(analysis.coverage, lang)):
        console.say(line, "bold red" if n else "")
    staff = result.staff
    console.say(text("score_done", lang, period=result.period.key, rules=result.rules.name,
                     staff=len(staff), assessed=int(staff["assessed"].fillna(False).sum())),
                "bold")
    hours = analysis.hours[analysis.hours["unit_code"] != "*"]
    console.say(text("report_summary", lang, units=len(hours),
                     outliers=int(hours["outlier"].sum()), changes=len(analysis.changes),
                     unused=len(analysis.unused),
                     flags=int(analysis.flags["total"].sum()) if "total" in analysis.flags else 0,
                     approvers=0 if analysis.leniency is None else sum(
                         bool(found) for found in analysis.leniency.approvers["outliers"])))
    console.say(f"{text('ui_written', lang)}:")
    for path in written:
        console.say(f"  {path}")


@app.command()
@handled
def forms(
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký (.xlsx, .csv, .parquet).")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    period: PeriodOption = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", help="Chỉ một đơn vị (và các đơn vị trực thuộc) / one unit only.")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="Địa danh ghi ở dòng ngày tháng, ví dụ \"Thanh Hóa\" (mặc định: để trống).")
    ] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Ngày ghi trên phiếu, d/m/yyyy (mặc định: hôm nay).")] = None,
    rules: RulesOption = "nd335",
    out: OutOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="In nội dung các phiếu dạng JSON.")] = False,
    skip_invalid: SkipInvalidOption = False,
    encoding: EncodingOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Lập phiếu theo Nghị định 335: Mẫu số 01 (tháng, quý), Mẫu số 02 (năm), danh sách công khai.

    Các phiếu là văn bản pháp lý bằng tiếng Việt (Phụ lục II Nghị định 335/2025): --lang chỉ
    đổi ngôn ngữ thông báo trên màn hình.

    Write the decree's forms as Word documents: Form 01 per person for a month or a quarter,
    Form 02 per person for a year; per unit one document with every form (a page break between
    people) and the results list for public notice. Files go to <out>/forms/<unit>/. The forms
    are Vietnamese legal documents (Decree 335/2025, Appendix II): --lang changes only the
    console messages. A value missing from the data stays a dotted blank to fill by hand.

    Ví dụ / example:  kpitool forms examples/hac-thanh/worklogs.xlsx --period 2026-03
    --place "Thanh Hóa"
    """
    import datetime as dt
    import json

    from kpitool import console
    from kpitool.errors import UsageError
    from kpitool.forms import blank_counts, build_forms, forms_payload, parse_day
    from kpitool.io.atomic import refuse_output_folder
    from kpitool.messages import text
    from kpitool.pipeline import run_score
    from kpitool.reports.wordforms import write_forms

    _check_lang(lang)
    day = parse_day(date) if date is not None else dt.date.today()
    run = run_score(list(worklogs), {"catalog": catalog, "norms": norms,
                                     "assessments": assessments}, period, rules,
                    skip_invalid=skip_invalid, encoding=encoding)
    result = run.result
    if result.period.kind not in ("month", "quarter", "year"):
        raise UsageError("forms_period_kind", period=result.period.key)
    book = build_forms(result, run.data, unit)
    if not book.units:
        raise UsageError("forms_unit_unknown", unit=unit)
    folder = out if out is not None else worklogs[0].parent / f"kpi-{result.period.key}"
    refuse_output_folder(folder, [*worklogs, *(f.path for f in run.data.files)])
    written = write_forms(book, folder / "forms", day, place)
    if json_out:
        console.print_json(json.dumps(forms_payload(book, written), ensure_ascii=False))
        return
    if run.skipped:
        console.print_issues(run.skipped, lang)
    kind = text("forms_kind_02" if result.period.kind == "year" else "forms_kind_01", lang)
    console.say(text("forms_done", lang, forms=len(book.all_forms()), kind=kind,
                     period=result.period.key, units=len(book.units), folder=str(folder / "forms")),
                "green")
    blanks = blank_counts(book)
    with_blanks = sum(bool(form.blanks) for form in book.all_forms())
    if not with_blanks:
        console.say(text("forms_no_blanks", lang))
        return
    console.say(text("forms_blanks", lang, forms=with_blanks), "yellow")
    for reason, count in blanks.items():
        console.say(text("forms_blank_line", lang, count=count,
                         reason=text(f"forms_blank_{reason}", lang)))


rules_app = typer.Typer(help="Bộ quy tắc chấm điểm / scoring rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("show")
@handled
def rules_show(
    preset: Annotated[str, typer.Argument(help="nd335 hoặc khanh-hoa.")] = "nd335",
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """In một bộ quy tắc có sẵn dạng TOML để sửa theo.

    Ví dụ / example:  kpitool rules show khanh-hoa > quy-tac.toml
    """
    from kpitool.rules import preset_text

    _check_lang(lang)
    sys.stdout.write(preset_text(preset))


@rules_app.command("check")
@handled
def rules_check(
    file: Annotated[Path, typer.Argument(help="Tệp quy tắc .toml.")],
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Kiểm tra một tệp quy tắc.

    Ví dụ / example:  kpitool rules check quy-tac.toml
    """
    from kpitool import console
    from kpitool.messages import text
    from kpitool.rules import load_rules

    _check_lang(lang)
    rules = load_rules(file)
    console.say(text("rules_ok", lang, name=rules.name, sha256=rules.sha256[:12]), "green")


# --- issue 17 (peers): compare, verify, diff -------------------------------------------------


@app.command()
@handled
def compare(
    worklogs: Annotated[list[Path], typer.Argument(help="Tệp nhật ký (.xlsx, .csv, .parquet).")],
    rules: Annotated[list[str], typer.Option(
        "--rules", help="Hai bộ quy tắc A và B: preset (nd335, khanh-hoa) hoặc tệp .toml; "
                        "ghi --rules hai lần.")],
    catalog: InputOption = None,
    norms: InputOption = None,
    assessments: InputOption = None,
    period: PeriodOption = None,
    out: OutOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả JSON ra stdout.")] = False,
    encoding: EncodingOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """So sánh hai bộ quy tắc trên cùng dữ liệu: ai đổi mức, bình quân đơn vị, tỷ lệ xuất sắc.

    Two rule sets side by side on the same inputs: who changes level and in which direction,
    each unit's mean total and level mix, excellent-quota breaches gained or lost, and the ten
    largest movers with the term of the formula that moved most. Writes
    compare_<period>.xlsx and compare_<period>.html.

    Ví dụ / example:  kpitool compare examples/hac-thanh/worklogs.xlsx --rules nd335
    --rules khanh-hoa --period 2026-Q1
    """
    import json

    from kpitool import console
    from kpitool.compare import compare as compare_results
    from kpitool.errors import UsageError
    from kpitool.io.atomic import refuse_output_folder
    from kpitool.messages import text
    from kpitool.pipeline import run_score
    from kpitool.reports.compare import compare_payload, write_compare_outputs
    from kpitool.rules import load_rules
    from kpitool.scoring import score as score_period

    _check_lang(lang)
    if len(rules) != 2:
        raise UsageError("compare_two_rules", count=len(rules))
    rules_b = load_rules(rules[1])
    run = run_score(list(worklogs), {"catalog": catalog, "norms": norms,
                                     "assessments": assessments}, period, rules[0],
                    encoding=encoding)
    result_b = score_period(run.data, rules_b, run.result.period)
    comparison = compare_results(run.result, result_b)
    key = run.result.period.key
    folder = out if out is not None else worklogs[0].parent / f"kpi-{key}"
    refuse_output_folder(folder, [*worklogs, *(f.path for f in run.data.files)])
    written = write_compare_outputs(comparison, key, run.data.files, folder, [*worklogs, *(
        p for p in (catalog, norms, assessments) if p)], lang)
    if json_out:
        payload = compare_payload(comparison, key, run.data.files)
        payload["outputs"] = [str(p) for p in written]
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    counts = comparison.summary()
    console.say(text("compare_done", lang, up=counts["up"], down=counts["down"],
                     same=counts["same"], changed=counts["changed_total"]))
    console.say(f"{text('ui_written', lang)}:")
    for path in written:
        console.say(f"  {path}")


@app.command()
@handled
def verify(
    output: Annotated[Path, typer.Argument(help="Tệp kết quả kpi_<kỳ>.xlsx của kpitool score.")],
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="Các tệp đầu vào (mặc định: các tệp ghi trong sheet Tham số, tìm cạnh tệp kết "
             "quả).")] = None,
    rules: Annotated[str | None, typer.Option(
        "--rules", help="Tệp quy tắc .toml, khi lần chấm dùng tệp quy tắc riêng.")] = None,
    skip_invalid: SkipInvalidOption = False,
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả JSON ra stdout.")] = False,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """Kiểm tra lại một kết quả: tệp đầu vào còn nguyên không, chấm lại có ra đúng từng số không.

    Re-score a run from its inputs (the ones given, or those recorded on the workbook's
    parameters sheet, found beside it), say whether the recorded checksums match and whether
    every cell of the workbook is reproduced. Exit code 0: reproduced; 1: not (the changed
    file and the first differing cells are named).

    Ví dụ / example:  kpitool verify examples/hac-thanh/kpi-2026-Q1/kpi_2026-Q1.xlsx
    """
    import json

    from kpitool import console
    from kpitool.messages import text
    from kpitool.verify import verify_run

    _check_lang(lang)
    result = verify_run(output, list(inputs or []), rules, skip_invalid=skip_invalid)
    will_exit(0 if result.reproduced else 1)
    if json_out:
        payload = {
            "output": str(output), "reproduced": result.reproduced,
            "rules": {"name": result.run.rules_name, "recorded_sha256": result.run.rules_sha256,
                      "sha256": result.rules_sha256, "matches": result.rules_match},
            "inputs": [{"recorded_path": c.recorded.path, "kind": c.recorded.kind,
                        "found": str(c.found) if c.found else None,
                        "recorded_sha256": c.recorded.sha256, "sha256": c.sha256,
                        "matches": c.matches} for c in result.inputs],
            "extra_inputs": [str(p) for p in result.extra_inputs],
            "cells_compared": result.cells_compared, "sheets_compared": result.sheets_compared,
            "difference_count": result.difference_count,
            "differences": [{"sheet": d.sheet, "cell": d.cell, "recorded": d.recorded,
                             "reproduced": d.reproduced} for d in result.differences],
        }
        console.print_json(json.dumps(payload, ensure_ascii=False, default=str))
        raise typer.Exit(0 if result.reproduced else 1)
    for check in result.inputs:
        code = "verify_input_ok" if check.matches else "verify_input_changed"
        console.say(text(code, lang, kind=check.recorded.kind, file=str(check.found),
                         recorded=check.recorded.sha256[:12], now=(check.sha256 or "")[:12]),
                    "green" if check.matches else "bold red")
    for extra in result.extra_inputs:
        console.say(text("verify_input_extra", lang, file=str(extra)), "bold red")
    console.say(text("verify_rules_ok" if result.rules_match else "verify_rules_changed", lang,
                     name=result.run.rules_name, recorded=result.run.rules_sha256[:12],
                     now=result.rules_sha256[:12]),
                "green" if result.rules_match else "bold red")
    if result.difference_count == 0:
        console.say(text("verify_cells_ok", lang, cells=result.cells_compared,
                         sheets=result.sheets_compared), "green")
    else:
        console.say(text("verify_cells_bad", lang, count=result.difference_count), "bold red")
        for diff in result.differences:
            if diff.cell:
                console.say(text("verify_cell", lang, sheet=diff.sheet, cell=diff.cell,
                                 recorded=_cell_value(diff.recorded, lang),
                                 reproduced=_cell_value(diff.reproduced, lang)))
            else:
                console.say(text("verify_sheet", lang, sheet=diff.sheet))
    console.say(text("verify_reproduced" if result.reproduced else "verify_not_reproduced", lang,
                     file=str(output)), "bold green" if result.reproduced else "bold red")
    raise typer.Exit(0 if result.reproduced else 1)


def _cell_value(value: object, lang: str) -> str:
    """A cell's value as a person reads it: up to 6 decimals, a decimal comma in Vietnamese;
    an empty cell as —."""
    if value is None:
        return "—"
    if isinstance(value, float):
        shown = f"{value:.6f}".rstrip("0").rstrip(".")
        return shown.replace(".", ",") if lang == "vi" else shown
    return str(value)


@app.command()
@handled
def diff(
    old: Annotated[Path, typer.Argument(help="Kết quả lần trước (kpi_<kỳ>.xlsx).")],
    new: Annotated[Path, typer.Argument(help="Kết quả lần sau (kpi_<kỳ>.xlsx).")],
    json_out: Annotated[bool, typer.Option("--json", help="In kết quả JSON ra stdout.")] = False,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """So sánh hai lần chấm: tệp đầu vào, quy tắc, và từng cán bộ thay đổi gì.

    Two runs person by person: which inputs and rules changed, and for each person whose
    counted rows, converted hours, task score, general score, total or level differ, the old
    and new values — what an appeal file needs.

    Ví dụ / example:  kpitool diff lan-1/kpi_2026-04.xlsx lan-2/kpi_2026-04.xlsx
    """
    import json

    from kpitool import console
    from kpitool.messages import text
    from kpitool.verify import diff_runs

    _check_lang(lang)
    changes = diff_runs(old, new)
    if json_out:
        payload = {
            "old": str(old), "new": str(new),
            "period": {"old": changes.old.period, "new": changes.new.period},
            "rules": {"old": {"name": changes.old.rules_name, "sha256": changes.old.rules_sha256},
                      "new": {"name": changes.new.rules_name, "sha256": changes.new.rules_sha256},
                      "changed": changes.rules_changed},
            "inputs": changes.inputs, "people": changes.people,
        }
        console.print_json(json.dumps(payload, ensure_ascii=False, default=str))
        return
    if changes.old.period != changes.new.period:
        console.say(text("diff_period", lang, old=changes.old.period, new=changes.new.period))
    if changes.rules_changed:
        console.say(text("diff_rules_changed", lang, old=changes.old.rules_name,
                         new=changes.new.rules_name, old_sha=changes.old.rules_sha256[:12],
                         new_sha=changes.new.rules_sha256[:12]))
    else:
        console.say(text("diff_rules_same", lang, name=changes.new.rules_name))
    if not changes.inputs:
        console.say(text("diff_inputs_same", lang))
    for item in changes.inputs:
        console.say(text(f"diff_input_{item['change']}", lang, kind=item["kind"],
                         file=item["file"]))
    if not changes.people:
        console.say(text("diff_none", lang))
        return
    console.say(text("diff_people", lang, count=len(changes.people)))
    rows = []
    for person in changes.people:
        head = [person["staff_id"], str(person["full_name"] or ""), str(person["unit_code"] or "")]
        if person["change"] != "changed":
            rows.append([*head, text(f"diff_{person['change']}", lang), "", ""])
        for name, values in person["fields"].items():
            rows.append([*head, text("col_rows_counted" if name == "rows" else f"col_{name}", lang),
                         _diff_value(name, values["old"], lang),
                         _diff_value(name, values["new"], lang)])
            head = ["", "", ""]
    console.print_rows([text(f"col_{k}", lang) for k in ("staff_id", "full_name", "unit_code",
                                                         "field", "old", "new")], rows)


def _diff_value(name: str, value: object, lang: str) -> str:
    from kpitool.messages import text

    if value is None:
        return "—"
    if name == "level":
        return text(f"level_{value}", lang)
    if isinstance(value, float):
        shown = f"{value:,.2f}"
        return shown.replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi" \
            else shown
    return str(value)


def main() -> None:
    """Entry point for `python -m kpitool`."""
    app(prog_name="kpitool")


if __name__ == "__main__":  # pragma: no cover
    main()
