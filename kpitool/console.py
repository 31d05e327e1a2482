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
