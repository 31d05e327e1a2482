"""The `kpitool` command line: parse options, call one library function, render, exit.

Heavy libraries (pandas, openpyxl, fastexcel) are imported inside the commands so that
`kpitool --help` stays instant.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kpitool import __version__
from kpitool.errors import KpiToolError

app = typer.Typer(
    name="kpitool",
    help="KPI cho cán bộ, công chức từ tệp Excel (Nghị định 335/2025). "
    "KPI scores for public servants from Excel work diaries.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
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


def handled(func: F) -> F:
    """Run a command body; turn every KpiToolError (and any crash) into a panel and exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", "vi") if kwargs.get("lang") in ("vi", "en") else "vi"
        debug = bool(kwargs.get("debug", False))
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except KpiToolError as exc:
            if debug:
                raise
            from kpitool.console import error_panel

            error_panel("Lỗi" if lang == "vi" else "Error", exc.render(lang))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
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


def main() -> None:
    """Entry point for `python -m kpitool`."""
    app(prog_name="kpitool")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

_ = Path  # Path is used by commands added below
