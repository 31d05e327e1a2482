"""All terminal output goes through here; the only module that imports rich.

Both consoles have rich markup off: a cell holding `[red]A99` or a path with brackets is shown
as it is. Styles come from `style=` and `Text` objects only. Long values are cut (`cut`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from kpitool.numbers import fixed

SHOWN_CHARS = 200  # a value longer than this is cut, with an ellipsis, in the terminal
SHOWN_MESSAGE_CHARS = 2_000

if TYPE_CHECKING:
    import pandas as pd

    from kpitool.scoring import ScoreResult


class _Console(Console):
    """rich's Console, but a closed pipe (`kpitool score … | head`) is left to the command's
    handler, which stops quietly, instead of rich's exit with code 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError

    def print(self, *objects: Any, soft_wrap: bool | None = None, **options: Any) -> None:
        """Into a file or a pipe, a line of text is one line whatever its length: a path or a
        message is never cut in two at 80 columns (a terminal wraps it to its width; tables
        and panels keep the console's width everywhere)."""
        if soft_wrap is None and not self.is_terminal \
                and all(isinstance(o, str | Text) for o in objects):
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **options)


_stdout: Console | None = None
_stderr: Console | None = None


def _width() -> int | None:
    value = os.environ.get("COLUMNS")
    return int(value) if value and value.isdigit() else None


def out() -> Console:
    """Console on stdout (tables, summaries)."""
    global _stdout
    if _stdout is None or _stdout.file is not sys.stdout:
        _stdout = _Console(file=sys.stdout, width=_width(), highlight=False, markup=False)
    return _stdout


def err() -> Console:
    """Console on stderr (errors, progress, notices)."""
    global _stderr
    if _stderr is None or _stderr.file is not sys.stderr:
        _stderr = _Console(file=sys.stderr, width=_width(), highlight=False, markup=False)
    return _stderr


def cut(value: str, limit: int = SHOWN_CHARS, middle: bool = False) -> str:
    """`value` at most `limit` characters long, an ellipsis marking a cut (at the end, or in
    the middle so that a message keeps its last words)."""
    if len(value) <= limit:
        return value
    if middle:
        return value[: limit // 2] + "…" + value[len(value) - limit // 2 + 1:]
    return value[: limit - 1] + "…"


def error_panel(title: str, message: str) -> None:
    """A short red panel on stderr; into a file or a pipe, the same words as two lines
    ("Lỗi: …", "→ …"), whole, with no frame to cut a path in two or to strip from a log."""
    what, _, hint = message.partition(" → ")
    what, hint = cut(what, SHOWN_MESSAGE_CHARS, middle=True), \
        cut(hint, SHOWN_MESSAGE_CHARS, middle=True)
    console = err()
    if not console.is_terminal:
        console.print(Text.assemble((f"{title}:", "bold red"), f" {what}"))
        if hint:
            console.print(Text.assemble(("→", "bold"), f" {hint}"))
        return
    body = Text(what)
    if hint:
        body.append("\n").append("→", style="bold").append(" " + hint)
    console.print(Panel(body, title=title, border_style="red", expand=False))


def print_whole(console: Console, table: Any) -> None:
    """A table into a file or a pipe, as wide as its longest row and title need: no path or
    message folded at 80 columns (a terminal gets the table at its own width)."""
    from rich.measure import Measurement

    if console.is_terminal:
        console.print(table)
        return
    wide = console.options.update_width(10_000)
    needed = Measurement.get(console, wide, table).maximum
    if table.title is not None:
        needed = max(needed, Measurement.get(console, wide, Text(str(table.title))).maximum)
    _Console(file=console.file, width=max(needed, console.width), highlight=False,
             markup=False, color_system=None).print(table)


def _cut_issue(issue: Any) -> Any:
    """The issue with its value and text parameters cut for the terminal."""
    import dataclasses

    params = {k: cut(v) if isinstance(v, str) else v for k, v in issue.params.items()}
    return dataclasses.replace(issue, value=cut(issue.value), column=cut(issue.column),
                               params=params)


def print_json(text: str) -> None:
    """Raw JSON on stdout, nothing else."""
    sys.stdout.write(text)
    sys.stdout.write("\n")
    sys.stdout.flush()


def print_issues(issues: list, lang: str, limit: int = 200, stream: str = "stdout") -> None:
    """Issues as tables grouped by file and sheet, then a count per issue code."""
    from collections import Counter, defaultdict

    from rich.table import Table

    from kpitool.messages import text

    console = out() if stream == "stdout" else err()
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for issue in issues:
        groups[(issue.file, issue.sheet)].append(issue)
    styles = {"error": "red", "warning": "yellow", "notice": "cyan"}
    for (file, sheet), found in groups.items():
        title = text("ui_file_sheet", lang, file=file or "—", sheet=cut(sheet) or "—") \
            if file else text("ui_general", lang)
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column(text("ui_cell", lang), no_wrap=True)
        table.add_column(text("ui_column", lang))
        table.add_column(text("ui_value", lang), overflow="fold")
        table.add_column(text("ui_problem", lang), overflow="fold")
        table.add_column(text("ui_code", lang), no_wrap=True, style="dim")
        for issue in map(_cut_issue, found[:limit]):
            what, hint = issue.parts(lang)
            body = what if not hint else f"{what}\n→ {hint}"
            severity = text(f"ui_{issue.severity}", lang)
            table.add_row(issue.cell or (str(issue.row) if issue.row else ""), issue.column,
                          issue.value, Text.assemble((f"{severity}:", styles[issue.severity]),
                                                     f" {body}"), issue.code)
        print_whole(console, table)
        if len(found) > limit:
            console.print(text("ui_more_rows", lang, count=len(found) - limit, shown=limit))
    counts = Counter((i.severity, i.code) for i in issues)
    summary = Table(show_header=True, expand=False)
    summary.add_column(text("ui_code", lang))
    summary.add_column(text("ui_count", lang), justify="right")
    for (severity, code), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.add_row(Text(code, style=styles[severity]), str(count))
    console.print(summary)


def say(message: str, style: str = "") -> None:
    """One line on stdout (into a file or a pipe, one line whatever its length: `_Console`)."""
    out().print(message, style=style or None)


def print_coverage_lead(flags: pd.DataFrame, lang: str) -> None:
    """The line that leads a summary when worklogs are missing for a cycle (SPEC §4 coverage)."""
    from kpitool.flags import coverage_gaps
    from kpitool.messages import text

    gaps = coverage_gaps(flags)
    if gaps is None:
        return
    units = text("coverage_lead_units", lang, units=", ".join(gaps["units"])) if gaps["units"] \
        else ""
    out().print(text("coverage_lead", lang, people=gaps["people"],
                     cycles=", ".join(gaps["cycles"]), units=units), style="bold red")


def print_score_summary(result: ScoreResult, written: list[Path], skipped: int, lang: str,
                        notes: Sequence[str] = ()) -> None:
    """Counts per level, best and weakest, flag counts, where the files went; `notes` (how the
    run was made, e.g. on which basis) under the first line."""
    from rich.table import Table

    from kpitool.flags import KIND
    from kpitool.messages import text
    from kpitool.reports import formatting
    from kpitool.reports.payload import LEVELS, level_counts

    console = out()
    staff = result.staff
    console.print(text("score_done", lang, period=result.period.key, rules=result.rules.name,
                       staff=len(staff), assessed=int(staff["assessed"].fillna(False).sum())),
                  style="bold")
    for note in notes:
        console.print(Text(cut(note, SHOWN_MESSAGE_CHARS)), style="yellow")
    counts = level_counts(staff)
    levels = Table(show_header=True, expand=False)
    levels.add_column(text("col_level_label", lang))
    levels.add_column(text("col_count", lang), justify="right")
    for level in LEVELS:
        levels.add_row(formatting.level(level, lang), str(counts[level]))
    console.print(levels)
    ranked = staff.dropna(subset=["total"])
    if len(ranked):
        best = Table(show_header=True, expand=False)
        for key in ("rank_overall", "full_name", "unit_code", "total", "level"):
            best.add_column(text(f"col_{key}", lang))
        shown = ranked.head(3)
        tail = ranked.tail(3) if len(ranked) > 6 else ranked.iloc[0:0]
        for _, row in shown.iterrows():
            best.add_row(str(row["rank_overall"]), row["full_name"], row["unit_code"],
                         formatting.number(row["total"], lang), formatting.level(row["level"], lang))
        if len(tail):
            best.add_row("…", "", "", "", "")
        for _, row in tail.iterrows():
            best.add_row(str(row["rank_overall"]), row["full_name"], row["unit_code"],
                         formatting.number(row["total"], lang), formatting.level(row["level"], lang))
        console.print(best)
    flags = result.flag_counts()
    if flags:
        table = Table(show_header=True, expand=False)
        table.add_column(text("col_flags", lang))
        table.add_column(text("col_count", lang), justify="right")
        for code, count in sorted(flags.items(), key=lambda kv: KIND[kv[0]].severity != "high"):
            table.add_row(formatting.flag_kind(code, lang), str(count))
        console.print(table)
    if skipped:
        console.print(text("skipped_rows", lang, count=skipped), style="yellow")
    console.print(f"{text('ui_written', lang)}:")
    for path in written[:5]:
        console.print(f"  {path}")
    if len(written) > 5:
        console.print(f"  … (+{len(written) - 5})")


def _shown(value: object, lang: str) -> str:
    """A value of the explanation as a person reads it: 2 decimals, d/m/yyyy."""
    from kpitool.reports import formatting

    if value is None:
        return ""
    if isinstance(value, float):
        return formatting.number(value, lang, missing="")
    if isinstance(value, str):
        return formatting.day(value)
    return str(value)


def print_explanation(story: dict[str, Any], lang: str) -> None:
    """`kpitool explain`: the person, each counted row, the sums, the basis, the result."""
    from rich.table import Table

    from kpitool.messages import text
    from kpitool.reports import formatting

    console = out()
    person = story["staff"]
    console.print(Text.assemble((f"{person['staff_id']} — {person['full_name']}", "bold"),
                                f" ({person['unit_code']}, {person['position_code']}) — "
                                f"{text('ui_period', lang)} {story['period']}, "
                                f"{story['rules']['name']}"))
    from rich import box

    rows = Table(title=text("explain_rows", lang), show_header=True, expand=False,
                 box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    keys = ["completed_on", "task_code", "assignment_id", "delivers", "quantity", "norm_hours",
            "complexity_coef", "converted_hours", "lateness", "delays", "rework_count", "quality",
            "quantity_points", "quality_points", "progress_points", "credited_hours"]
    keys = [k for k in keys if any(r.get(k) is not None for r in story["rows"])]
    for key in keys:
        rows.add_column(text(f"short_{key}", lang), justify="right",
                        no_wrap=True)
    for row in story["rows"]:
        cells = []
        for key in keys:
            value = row.get(key)
            if key == "quality" and isinstance(value, str):
                value = formatting.enum_value("quality", value, lang)
            if key == "delivers" and isinstance(value, str):
                value = text(f"delivers_{value}", lang)
                if row.get("assignment_owner") and row.get("delivers") == "taken_over":
                    value += f" ({row['assignment_owner']})"
            cells.append(_shown(value, lang))
        rows.add_row(*cells)
    _print_rows(console, rows, keys, lang)
    console.print(text("explain_legend", lang), style="dim")
    sums = {k: _shown(v, lang) for k, v in story["sums"].items()}
    console.print(text("explain_sums", lang, **sums)
                  + (" " + text("explain_credited", lang, **sums) if sums.get("credited_hours")
                     else ""))
    waived = [f"{_shown(r.get('completed_on'), lang)} {r.get('task_code')}" for r in story["rows"]
              if r.get("objective_cause") and (r.get("rework_count") or r.get("delays"))]
    if waived:
        console.print(text("explain_waived", lang, rows="; ".join(waived)))
    for cycle in story["cycles"]:
        console.print(text("explain_cycle_days", lang,
                           **{k: _shown(v, lang) for k, v in cycle.items()}))
        if cycle.get("holiday_dates"):
            console.print("  " + text("explain_holidays", lang,
                                      dates=", ".join(_shown(d, lang) for d in cycle["holiday_dates"])))
        console.print("  " + _scores_line(cycle, lang))
    parts = [_scores_line(person, lang, basis=False)]
    level = formatting.level(person.get("level"), lang)
    if level:
        parts.append(text("explain_level", lang, value=level))
    if person.get("rank_in_unit") is not None and person.get("rank_overall") is not None:
        parts.append(text("explain_rank", lang, in_unit=_shown(person["rank_in_unit"], lang),
                          overall=_shown(person["rank_overall"], lang)))
    result = "; ".join(p for p in parts if p)
    if result:
        console.print(Text(f"{text('explain_result_head', lang)}: {result}."), style="bold")
    shown = {k: _shown(v, lang) for k, v in person.items()}
    if person.get("is_leader"):
        console.print(text("explain_leader", lang, **shown))
    if person.get("not_classified"):
        console.print(text("explain_not_classified", lang,
                           reason=formatting.not_classified(person["not_classified"], lang)))
    if person.get("level_capped_by_unit"):
        console.print(text("explain_capped_by_unit", lang))
    for flag in story["flags"]:
        console.print(f"  ⚠ {formatting.flag_message(flag['code'], flag.get('params'), lang)}")


PERCENTAGES = ("quantity_pct", "quality_pct", "progress_pct", "kpi_pct")


def _scores_line(scores: dict[str, Any], lang: str, basis: bool = True) -> str:
    """A cycle's (or the period's) basis, percentages and points, with only what it has: a
    missing general score is said, never shown as an empty place."""
    from kpitool.messages import text
    from kpitool.reports import formatting

    parts = []
    if basis and scores.get("capacity_hours") is not None:
        parts.append(text("explain_capacity", lang, value=_shown(scores["capacity_hours"], lang)))
    if basis and scores.get("assigned_hours") is not None:
        parts.append(text("explain_assigned", lang, value=_shown(scores["assigned_hours"], lang)))
    if basis and scores.get("basis_hours") is not None:
        parts.append(text("explain_basis", lang, value=_shown(scores["basis_hours"], lang),
                          basis=formatting.basis(scores.get("basis"), True, lang)))
    parts += [text("explain_pct", lang, name=text(f"short_{key}", lang),
                   value=_shown(scores[key], lang))
              for key in PERCENTAGES if scores.get(key) is not None]
    if scores.get("task_score") is not None:
        parts.append(text("explain_task_score", lang, value=_shown(scores["task_score"], lang)))
    if scores.get("general_score") is not None:
        parts.append(text("explain_general", lang, value=_shown(scores["general_score"], lang)))
        if scores.get("total") is not None:
            parts.append(text("explain_total", lang, value=_shown(scores["total"], lang)))
    elif scores.get("task_score") is not None:
        parts.append(text("explain_no_general", lang))
    return "; ".join(parts)


def _print_rows(console: Console, table: Any, keys: list[str], lang: str) -> None:
    """The counted rows as a table when it fits (a file or a pipe takes it at its full width),
    else one block per row, every value whole: a narrow terminal never cuts a number."""
    from rich.measure import Measurement

    from kpitool.messages import text

    if table.row_count == 0:
        return
    if not console.is_terminal:  # a file has no width: the whole table, as wide as it needs
        print_whole(console, table)
        return
    needed = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if needed <= console.width:
        console.print(table)
        return
    console.print(Text(text("explain_rows", lang), style="bold"))
    headers = [text(f"short_{key}", lang) for key in keys]
    for cells in zip(*(column.cells for column in table.columns), strict=True):
        pairs = [f"{h} {c}" for h, c in zip(headers, cells, strict=True) if str(c)]
        console.print(Text("• " + " · ".join(pairs)))


@contextlib.contextmanager
def progress(enabled: bool, lang: str) -> Iterator[Callable[[str], None]]:
    """A live line on stderr saying what is being done, only on a terminal.

    The steps are told as 'path' (a file being read), 'score:N' (scoring N rows),
    'agency:N/M' (N agencies of M scored) and 'write:N' (N files written).
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda _step: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kpitool.messages import text

    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                  TimeElapsedColumn(),
                  console=err(), transient=True) as bar:
        task = bar.add_task(text("progress_start", lang))

        def step(what: str) -> None:
            kind, _, count = what.partition(":")
            if kind == "score" and count.isdigit():
                label = text("progress_score", lang, rows=fixed(int(count), 0, lang))
            elif kind == "agency" and "/" in count:
                done, _, total = count.partition("/")
                label = text("progress_agencies", lang, done=fixed(int(done), 0, lang),
                             total=fixed(int(total), 0, lang))
            elif kind == "write" and count.isdigit():
                label = text("progress_write", lang, files=count)
            else:
                label = text("progress_read", lang, file=what)
            bar.update(task, description=label)

        yield step


def print_rows(headers: list[str], rows: list[list[str]]) -> None:
    """A plain table of already-worded cells on stdout."""
    from rich.table import Table

    table = Table(show_header=True, expand=False)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    out().print(table)
