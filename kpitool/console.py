"""All terminal output goes through here; the only module that imports rich."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.panel import Panel


class _Console(Console):
    """rich's Console, but a closed pipe (`kpitool score … | head`) is left to the command's
    handler, which stops quietly, instead of rich's exit with code 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


_stdout: Console | None = None
_stderr: Console | None = None


def _width() -> int | None:
    value = os.environ.get("COLUMNS")
    return int(value) if value and value.isdigit() else None


def out() -> Console:
    """Console on stdout (tables, summaries)."""
    global _stdout
    if _stdout is None or _stdout.file is not sys.stdout:
        _stdout = _Console(file=sys.stdout, width=_width(), highlight=False)
    return _stdout


def err() -> Console:
    """Console on stderr (errors, progress, notices)."""
    global _stderr
    if _stderr is None or _stderr.file is not sys.stderr:
        _stderr = _Console(file=sys.stderr, width=_width(), highlight=False)
    return _stderr


def error_panel(title: str, message: str) -> None:
    """A short red panel on stderr."""
    what, _, hint = message.partition(" → ")
    body = what if not hint else f"{what}\n[bold]→[/bold] {hint}"
    err().print(Panel(body, title=title, border_style="red", expand=False))


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
        title = text("ui_file_sheet", lang, file=file or "—", sheet=sheet or "—") \
            if file else text("ui_general", lang)
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column(text("ui_cell", lang), no_wrap=True)
        table.add_column(text("ui_column", lang))
        table.add_column(text("ui_value", lang), overflow="fold")
        table.add_column(text("ui_problem", lang), overflow="fold")
        table.add_column(text("ui_code", lang), no_wrap=True, style="dim")
        for issue in found[:limit]:
            what, hint = issue.parts(lang)
            body = what if not hint else f"{what}\n→ {hint}"
            severity = text(f"ui_{issue.severity}", lang)
            table.add_row(issue.cell or (str(issue.row) if issue.row else ""), issue.column,
                          issue.value, f"[{styles[issue.severity]}]{severity}:[/] {body}",
                          issue.code)
        console.print(table)
        if len(found) > limit:
            console.print(text("ui_more_rows", lang, count=len(found) - limit, shown=limit))
    counts = Counter((i.severity, i.code) for i in issues)
    summary = Table(show_header=True, expand=False)
    summary.add_column(text("ui_code", lang))
    summary.add_column(text("ui_count", lang), justify="right")
    for (severity, code), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.add_row(f"[{styles[severity]}]{code}[/]", str(count))
    console.print(summary)


def say(message: str, style: str = "") -> None:
    """One line on stdout."""
    out().print(message, style=style or None)


def _number(value: object) -> str:
    """2 decimals with a decimal comma, blank for missing."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float | int):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def print_score_summary(result: object, written: list, skipped: int, lang: str) -> None:
    """Counts per level, best and weakest, flag counts, where the files went."""
    from collections import Counter

    from rich.table import Table

    from kpitool.messages import MESSAGES, text
    from kpitool.reports.payload import LEVELS, level_counts

    console = out()
    staff = result.staff  # type: ignore[attr-defined]
    console.print(text("score_done", lang, period=result.period.key,  # type: ignore[attr-defined]
                       rules=result.rules.name, staff=len(staff),  # type: ignore[attr-defined]
                       assessed=int(staff["assessed"].fillna(False).sum())), style="bold")
    counts = level_counts(staff)
    levels = Table(show_header=True, expand=False)
    levels.add_column(text("col_level_label", lang))
    levels.add_column(text("col_count", lang), justify="right")
    for level in LEVELS:
        levels.add_row(text(f"level_{level}", lang), str(counts[level]))
    console.print(levels)
    ranked = staff.dropna(subset=["total"])
    if len(ranked):
        best = Table(show_header=True, expand=False)
        for key in ("rank_overall", "full_name", "unit_code", "total", "level_label"):
            best.add_column(text(f"col_{key}", lang))
        shown = ranked.head(3)
        tail = ranked.tail(3) if len(ranked) > 6 else ranked.iloc[0:0]
        for _, row in shown.iterrows():
            best.add_row(str(row["rank_overall"]), row["full_name"], row["unit_code"],
                         _number(row["total"]), text(f"level_{row['level']}", lang))
        if len(tail):
            best.add_row("…", "", "", "", "")
        for _, row in tail.iterrows():
            best.add_row(str(row["rank_overall"]), row["full_name"], row["unit_code"],
                         _number(row["total"]), text(f"level_{row['level']}", lang))
        console.print(best)
    flags: Counter[str] = Counter(result.flags["code"])  # type: ignore[attr-defined]
    if flags:
        table = Table(show_header=True, expand=False)
        table.add_column(text("col_flags", lang))
        table.add_column(text("col_count", lang), justify="right")
        for code, count in flags.most_common():
            kind = f"flagkind_{code}"
            table.add_row(text(kind, lang) if kind in MESSAGES else code, str(count))
        console.print(table)
    if skipped:
        console.print(text("skipped_rows", lang, count=skipped), style="yellow")
    console.print(f"{text('ui_written', lang)}:")
    for path in written[:5]:
        console.print(f"  {path}")
    if len(written) > 5:
        console.print(f"  … (+{len(written) - 5})")


def _shown(value: object) -> str:
    """A value of the explanation as a person reads it: 2 decimals with a comma, d/m/yyyy."""
    import re

    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return f"{int(day)}/{int(month)}/{year}"
    return str(value)


def print_explanation(story: dict, lang: str) -> None:
    """`kpitool explain`: the person, each counted row, the sums, the basis, the result."""
    from rich.table import Table

    from kpitool.messages import text
    from kpitool.schemas.enums import QUALITY

    console = out()
    person = story["staff"]
    console.print(f"[bold]{person['staff_id']} — {person['full_name']}[/bold] "
                  f"({person['unit_code']}, {person['position_code']}) — "
                  f"{text('ui_period', lang)} {story['period']}, {story['rules']['name']}")
    from rich import box

    rows = Table(title=text("explain_rows", lang), show_header=True, expand=False,
                 box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    keys = ["completed_on", "task_code", "quantity", "norm_hours", "complexity_coef",
            "converted_hours", "lateness", "delays", "rework_count", "quality",
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
                value = QUALITY.label_of(value, lang)
            cells.append(_shown(value))
        rows.add_row(*cells)
    console.print(rows)
    console.print(text("explain_legend", lang), style="dim")
    sums = {k: _shown(v) for k, v in story["sums"].items()}
    console.print(text("explain_sums", lang, **sums)
                  + (" " + text("explain_credited", lang, **sums) if sums.get("credited_hours")
                     else ""))
    for cycle in story["cycles"]:
        console.print(text("explain_cycle", lang, **{k: _shown(v) for k, v in cycle.items()}))
        if cycle.get("holiday_dates"):
            console.print("  " + text("explain_holidays", lang,
                                      dates=", ".join(_shown(d) for d in cycle["holiday_dates"])))
    shown = {k: _shown(v) for k, v in person.items()}
    console.print(text("explain_result", lang, **shown), style="bold")
    if person.get("is_leader"):
        console.print(text("explain_leader", lang, **shown))
    for flag in story["flags"]:
        console.print(f"  ⚠ {text(flag['code'], lang, **(flag.get('params') or {}))}")


@contextlib.contextmanager
def progress(enabled: bool, lang: str) -> Iterator[Callable[[str], None]]:
    """A live line on stderr saying what is being done, only on a terminal.

    The steps are told as 'path' (a file being read), 'score:N' (scoring N rows) and
    'write:N' (N files written).
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda _step: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kpitool.messages import text

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err(), transient=True) as bar:
        task = bar.add_task(text("progress_start", lang))

        def step(what: str) -> None:
            kind, _, count = what.partition(":")
            if kind == "score" and count.isdigit():
                label = text("progress_score", lang, rows=f"{int(count):,}".replace(",", "."))
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
