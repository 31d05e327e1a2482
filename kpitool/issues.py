"""Problems are data: one `Issue` per problem found, collected, never raised one by one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from kpitool.messages import split_hint, text

Severity = Literal["error", "warning", "notice"]


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Issue:
    """One problem: where it is (file, sheet, row, column, cell), the value, and what it means."""

    code: str
    severity: Severity = "error"
    file: str = ""
    sheet: str = ""
    row: int | None = None  # the row number as Excel shows it
    column: str = ""  # the column's label as written in the file (or the canonical label)
    cell: str = ""  # e.g. "E17"
    value: str = ""
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        params = {"value": self.value, "label": self.column, **self.params}
        if lang == "en":  # a parameter may carry its English form as <name>_en
            params.update({k[:-3]: v for k, v in self.params.items() if k.endswith("_en")})
        return text(self.code, lang, **params)

    def parts(self, lang: str = "vi") -> tuple[str, str]:
        return split_hint(self.message(lang))

    def to_json(self, lang: str = "vi") -> dict[str, object]:
        data = asdict(self)
        data.pop("params")
        data["message"] = self.message(lang)
        return data


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.severity == "error" for issue in issues)
