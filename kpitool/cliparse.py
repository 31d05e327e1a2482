"""The command-line parser speaks the user's language (issue 13, point 9).

typer's bundled click writes its own words in English ("Usage:", "No such option", "Show this
message and exit.", metavars such as `<list[Path]>`). `KpiGroup` is the app's top-level group: it
finds `--lang` in the arguments before parsing, gives every command of the tree its labels from
the message catalog, and reports a parser error itself, in that language, with exit code 2.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer.core
from typer._click import Context, HelpFormatter
from typer._click import exceptions as click_errors
from typer.exceptions import Abort

from kpitool.messages import MESSAGES, text

_LANG = {"value": "vi"}  # the language of the parser's words for this invocation


def lang_of(args: Sequence[str]) -> str:
    """The `--lang` given on the command line (vi when absent or not a known language)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if value in ("vi", "en") else "vi"
    return "vi"


def _word(msgid: str) -> str:
    """typer's own section titles and notes ("Options", "required", …), in the user's language."""
    key = _TYPER_WORDS.get(msgid)
    return text(key, _LANG["value"]) if key else msgid


_TYPER_WORDS = {
    "Arguments": "cli_arguments", "Options": "cli_options", "Commands": "cli_commands",
    "required": "cli_required", "default: {default}": "cli_default", "Aborted!": "cli_aborted",
    "(dynamic)": "cli_dynamic", "env var: {var}": "cli_env_var",
}


class KpiFormatter(HelpFormatter):
    """click's help formatter with the usage line's prefix in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix or text("cli_usage", _LANG["value"]) + " ")


class KpiContext(Context):
    formatter_class = KpiFormatter


def _metavar(param: Any, lang: str) -> str | None:
    """A short, translated placeholder for an argument or an option's value."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    kind = _METAVARS.get(getattr(param, "name", "") or "", "value")
    return text(f"cli_metavar_{kind}", lang)


_METAVARS = {
    "files": "file", "worklogs": "file", "catalog": "file", "norms": "file",
    "assessments": "file", "assignments": "file", "output": "file", "annotate": "file",
    "file": "file", "out": "folder", "folder": "folder", "staff_id": "staff", "kind": "kind",
    "preset": "preset", "rules": "preset", "period": "period", "lang": "lang", "unit": "unit",
    "encoding": "encoding", "inputs": "file", "old": "file", "new": "file",
}


def _no_type(ctx: Any) -> None:
    """An argument's help shows its translated name alone, not typer's `<list[Path]>`."""


_FILE_PARAMS = {"files", "worklogs", "inputs"}
_PATH_PARAMS = {"catalog", "norms", "assessments", "assignments", "out", "output", "annotate",
                "folder", "file", "old", "new"}
_ARGUMENT_WORDS = {"staff_id": "staff", "kind": "kind", "preset": "preset", "folder": "folder"}


def _help(keys: Sequence[str], lang: str) -> str | None:
    """The first of `keys` the catalog has, in `lang`."""
    for key in keys:
        if key in MESSAGES:
            return text(key, lang)
    return None


def localise(command: Any, lang: str, path: str = "root") -> None:
    """Give `command` and its subcommands the words of `lang`: help texts, usage line, help
    option, metavars, typer's section titles.

    Help comes from the catalog: `help_cmd_<path>` for a command (`rules.show` for a
    subcommand), `help_opt_<path>_<name>` or else `help_opt_<name>` for a parameter.
    """
    _LANG["value"] = lang
    command.help = _help([f"help_cmd_{path}"], lang) or command.help
    command.short_help = None
    typer.core._ = _word  # type: ignore[assignment]
    command.context_class = KpiContext
    command.options_metavar = text("cli_options_metavar", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = text("cli_subcommand_metavar", lang)
    ctx = KpiContext(command)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = text("cli_help_option", lang)
    for param in command.params:
        if getattr(param, "name", "") == "help":
            continue
        param.metavar = _metavar(param, lang)
        param.help = _help([f"help_opt_{path}_{param.name}", f"help_opt_{param.name}"],
                           lang) or param.help
        if getattr(param, "param_type_name", "") == "argument":
            param.display_type_rich = _no_type
    for name, sub in getattr(command, "commands", {}).items():
        localise(sub, lang, name if path == "root" else f"{path}.{name}")


def _message(error: click_errors.ClickException, lang: str) -> str:
    """The parser's complaint, in `lang`, from what the exception carries."""
    if isinstance(error, click_errors.NoSuchOption):
        near = ", ".join(sorted(error.possibilities or ()))
        return text("cli_no_such_option", lang, option=error.option_name) + (
            " " + text("cli_did_you_mean", lang, options=near) if near else "")
    if isinstance(error, click_errors.MissingParameter):
        return text("cli_missing", lang, what=_hint(error))
    if isinstance(error, click_errors.BadOptionUsage):
        return text("cli_option_needs_value", lang, option=error.option_name)
    if isinstance(error, click_errors.BadParameter):
        return text("cli_bad_value", lang, what=_hint(error), detail=error.message)
    message = error.format_message()
    extra = _EXTRA.match(message)
    if extra:
        return text("cli_extra_arguments", lang, args=extra["args"])
    unknown = _NO_COMMAND.match(message)
    if unknown:
        near = (" " + text("cli_did_you_mean", lang, options=unknown["near"])
                if unknown["near"] else "")
        return text("cli_no_command", lang, name=unknown["name"]) + near
    if message.startswith("Missing command"):
        return text("cli_missing_command", lang)
    return message


_EXTRA = re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<near>.+)\?)?$")


def _hint(error: click_errors.BadParameter) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(hint) if not isinstance(hint, str) else hint
    if error.param is not None:
        opts = getattr(error.param, "opts", None) or [error.param.name or ""]
        if getattr(error.param, "param_type_name", "") == "argument":
            return getattr(error.param, "metavar", None) or opts[0].upper()
        return " / ".join(opts)
    return ""


def show_error(error: click_errors.ClickException, lang: str) -> None:
    """The usage line, the help hint and the complaint, on standard error."""
    from kpitool import console

    ctx = getattr(error, "ctx", None)
    if isinstance(error, click_errors.NoArgsIsHelpError) and ctx is not None:
        sys.stderr.write(ctx.get_help() + "\n")
        return
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
        sys.stderr.write(text("cli_try_help", lang, command=ctx.command_path) + "\n")
    console.error_panel(text("ui_error", lang), _message(error, lang))


class KpiGroup(typer.core.TyperGroup):
    """The top-level group: the parser's words and errors in the user's language."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        lang = lang_of(args)
        localise(self, lang)
        try:
            outcome = super().main(args=args, prog_name=prog_name or "kpitool",
                                   complete_var=complete_var, standalone_mode=False,
                                   windows_expand_args=windows_expand_args, **extra)
            code = outcome if isinstance(outcome, int) else 0
        except click_errors.ClickException as error:
            show_error(error, lang)
            code = error.exit_code
        except Abort:
            from kpitool import console

            console.error_panel(text("ui_error", lang), text("interrupted", lang))
            code = 130
        if standalone_mode:
            sys.exit(code)
        return code
