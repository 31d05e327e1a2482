"""All terminal output goes through here; the only module that imports rich."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.panel import Panel

_stdout: Console | None = None
_stderr: Console | None = None


def _width() -> int | None:
    value = os.environ.get("COLUMNS")
    return int(value) if value and value.isdigit() else None


def out() -> Console:
    """Console on stdout (tables, summaries)."""
    global _stdout
    if _stdout is None or _stdout.file is not sys.stdout:
        _stdout = Console(file=sys.stdout, width=_width(), highlight=False)
    return _stdout


def err() -> Console:
    """Console on stderr (errors, progress, notices)."""
    global _stderr
    if _stderr is None or _stderr.file is not sys.stderr:
        _stderr = Console(file=sys.stderr, width=_width(), highlight=False)
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


def print_issues(issues: list, lang: str, limit: int = 200) -> None:
    """Issues as tables grouped by file and sheet, then a count per issue code."""
    from collections import Counter, defaultdict

    from rich.table import Table

    from kpitool.messages import text

    console = out()
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
