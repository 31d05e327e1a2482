"""Problems are data: one `Issue` per problem found, collected, never raised one by one.

Every issue code is registered once in `ISSUE_KINDS`: its severity, whether `--skip-invalid`
may drop the row it sits on, and the message key of its text. `ValidationReport` is what
`kpitool validate` and `kpitool score` read: the issues, split by severity and counted by code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from kpitool.messages import MESSAGES, split_hint, text

if TYPE_CHECKING:
    from kpitool.data import InputData

Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True)
class IssueKind:
    """One kind of validation problem.

    Attributes:
        code: the issue's code, as it appears in data and in `--json`.
        severity: "error" (the data cannot be scored as it is), "warning" or "notice"; None for
            a summary issue, which takes the severity of the issues it stands for.
        skippable: `--skip-invalid` may drop the row the issue is on (a problem of one row of
            a worklog, assessment, leave or calendar sheet), rather than stop.
    """

    code: str
    severity: Severity | None
    skippable: bool

    @property
    def message(self) -> str:
        """The message key of the issue's text."""
        return self.code


ISSUE_KINDS: dict[str, IssueKind] = {kind.code: kind for kind in (
    # files and sheets (kpitool/io/readers.py)
    IssueKind("file_not_found", "error", skippable=False),
    IssueKind("unsupported_file", "error", skippable=False),
    IssueKind("unknown_workbook", "error", skippable=False),
    IssueKind("duplicate_sheet", "error", skippable=False),
    IssueKind("missing_sheet", "error", skippable=False),
    # headers: a whole column is wrong, no row can be dropped for it
    IssueKind("no_header", "error", skippable=False),
    IssueKind("missing_column", "error", skippable=False),
    IssueKind("duplicate_column", "error", skippable=False),
    IssueKind("ambiguous_header", "error", skippable=False),
    IssueKind("unknown_column", "notice", skippable=False),
    # cells (kpitool/io/coerce.py, kpitool/schemas/checks.py)
    IssueKind("formula_no_value", "error", skippable=True),
    IssueKind("error_value", "error", skippable=True),
    IssueKind("required_value", "error", skippable=True),
    IssueKind("bad_date", "error", skippable=True),
    IssueKind("bad_number", "error", skippable=True),
    IssueKind("bad_integer", "error", skippable=True),
    IssueKind("bad_enum", "error", skippable=True),
    IssueKind("bad_period", "error", skippable=True),
    IssueKind("out_of_range", "error", skippable=True),
    IssueKind("not_allowed_value", "error", skippable=True),
    IssueKind("duplicate_key", "error", skippable=True),
    # across sheets and files (kpitool/validation.py)
    IssueKind("unknown_code", "error", skippable=True),
    IssueKind("unknown_code_close", "error", skippable=True),
    IssueKind("unknown_approver", "error", skippable=True),
    IssueKind("self_supervisor", "error", skippable=True),
    IssueKind("supervisor_cycle", "error", skippable=True),
    IssueKind("task_not_allowed_position", "error", skippable=True),
    IssueKind("task_not_allowed_unit", "error", skippable=True),
    IssueKind("norm_overlap", "error", skippable=True),
    IssueKind("missing_norm", "error", skippable=True),
    IssueKind("no_norm_on_date", "error", skippable=True),
    IssueKind("hours_over_24", "error", skippable=True),
    IssueKind("completed_before_date", "error", skippable=True),
    IssueKind("bad_date_range", "error", skippable=True),
    IssueKind("general_item_blank", "error", skippable=True),
    IssueKind("general_items_sum", "error", skippable=True),
    IssueKind("general_over_max", "error", skippable=True),
    IssueKind("descriptive_column_missing", "notice", skippable=False),
    IssueKind("hidden_sheet", "notice", skippable=False),
    IssueKind("ambiguous_number", "error", skippable=True),
    IssueKind("excellent_share_not_top", "notice", skippable=False),
    IssueKind("no_assignments_sheet", "notice", skippable=False),
    IssueKind("catalog_not_given", "notice", skippable=False),
    IssueKind("norms_not_given", "notice", skippable=False),
    IssueKind("truncated_issues", None, skippable=False),
    # inputs found however given (kpitool/inputs.py)
    IssueKind("companion_not_found", "notice", skippable=False),
    IssueKind("companion_ambiguous_notice", "notice", skippable=False),
    IssueKind("input_skipped", "notice", skippable=False),
    # the flags of SPEC §4 listed by `validate` (kpitool/checkup.py)
    IssueKind("flag_warning", "warning", skippable=False),
    IssueKind("flag_notice", "notice", skippable=False),
    IssueKind("flags_not_checked", "notice", skippable=False),
    IssueKind("flags_no_period", "notice", skippable=False),
    IssueKind("flags_after_errors", "notice", skippable=False),
    # a partitioned dataset (kpitool/engine/)
    IssueKind("chain_crosses_agency", "error", skippable=False),
    IssueKind("partition_unreadable", "error", skippable=False),
    IssueKind("partition_failed", "error", skippable=False),
    # the rules against the norms (kpitool/rules.py)
    IssueKind("complexity_not_in_rules", "error", skippable=False),
)}


class IssueCodeError(AssertionError):
    """An issue code is not registered, has no message, or is given another severity than its
    registered one: a programming error in kpitool, not in the data."""


def check_kinds(kinds: dict[str, IssueKind]) -> None:
    """Each kind under its own code, with its message in Vietnamese and English.

    Raises:
        IssueCodeError: naming the first kind that fails and why.
    """
    for code, kind in kinds.items():
        if kind.code != code:
            raise IssueCodeError(f"issue kind {kind.code} is registered as {code}")
        missing = [lang for lang in ("vi", "en") if lang not in MESSAGES.get(kind.message, {})]
        if missing:
            raise IssueCodeError(f"issue kind {code}: message {kind.message} has no "
                                 f"{' and '.join(missing)} text")


check_kinds(ISSUE_KINDS)


def issue_kind(code: str) -> IssueKind:
    """The registered kind of `code`.

    Raises:
        IssueCodeError: the code is not registered.
    """
    kind = ISSUE_KINDS.get(code)
    if kind is None:
        raise IssueCodeError(f"issue code {code!r} is not registered in kpitool.issues")
    return kind


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
    """One problem: where it is (file, sheet, row, column, cell), the value, and what it means.

    The severity is the registered one of the code (`ISSUE_KINDS`); only a summary issue
    (`truncated_issues`) is given its own.

    Raises:
        IssueCodeError: the code is not registered, or is given a severity its kind does not
            have.
    """

    code: str
    severity: Severity = "error"
    file: str = ""
    sheet: str = ""
    row: int | None = None  # the row number as Excel shows it
    column: str = ""  # the column's label as written in the file (or the canonical label)
    cell: str = ""  # e.g. "E17"
    value: str = ""
    params: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        registered = issue_kind(self.code).severity
        if registered is None:
            return
        if self.severity not in ("error", registered):  # "error" is also the field's default
            raise IssueCodeError(f"issue code {self.code} has severity {registered}, "
                                 f"not {self.severity}")
        self.severity = registered

    def message(self, lang: str = "vi") -> str:
        params = {"value": self.value, "label": self.column, **self.params}
        if lang == "en":  # a parameter may carry its English form as <name>_en
            params.update({k[:-3]: v for k, v in self.params.items() if k.endswith("_en")})
        return text(issue_kind(self.code).message, lang, **params)

    def parts(self, lang: str = "vi") -> tuple[str, str]:
        return split_hint(self.message(lang))

    def to_json(self, lang: str = "vi") -> dict[str, object]:
        data = asdict(self)
        data.pop("params")
        data["message"] = self.message(lang)
        return data

    @property
    def skippable(self) -> bool:
        """`--skip-invalid` may drop this issue's row (if its sheet may lose rows)."""
        return self.row is not None and issue_kind(self.code).skippable


SHEET_KEYS = ("units", "positions", "tasks", "staff", "norms", "calendar", "leave", "worklogs",
              "general")


class ValidationReport(NamedTuple):
    """What validation found: the data read and every issue, in sheet order.

    A tuple, so that `data, issues = validate(paths)` reads both.
    """

    data: InputData
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def notices(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "notice"]

    @property
    def valid(self) -> bool:
        """No error: warnings and notices do not stop a run."""
        return not any(issue.severity == "error" for issue in self.issues)

    @property
    def counts(self) -> dict[str, int]:
        """How many issues of each code, most frequent first."""
        return dict(Counter(issue.code for issue in self.issues).most_common())

    @property
    def rows(self) -> int:
        """The data rows read, over every sheet."""
        return sum(len(self.data.frame(key)) for key in SHEET_KEYS)

    def to_json(self, lang: str = "vi") -> dict[str, object]:
        """The document of `kpitool validate --json`."""
        return {"valid": self.valid, "issues": [issue.to_json(lang) for issue in self.issues]}
