"""The one error hierarchy of kpitool. `cli.py` catches `KpiToolError` in one place."""

from __future__ import annotations


class KpiToolError(Exception):
    """A failure the user can act on; carries a message code and its parameters."""

    exit_code = 1

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    def render(self, lang: str = "vi") -> str:
        """The message in the user's language."""
        from kpitool.messages import text

        return text(self.code, lang, **self.params)


class UsageError(KpiToolError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2


class InputFileError(KpiToolError):
    """An input file cannot be opened or read as the kind of file it should be."""


class InvalidDataError(KpiToolError):
    """Validation found problems that stop the command; the issues are attached."""

    def __init__(self, issues: list, **params: object) -> None:
        super().__init__("invalid_data", count=len(issues), **params)
        self.issues = issues


class OutputError(KpiToolError):
    """An output cannot be written where it was asked for."""
