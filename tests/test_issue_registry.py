"""One registry of issue codes (severity, whether --skip-invalid may drop the row, message key)
and the validation report that `validate` and `score` both read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitool.issues import ISSUE_KINDS, Issue, IssueCodeError, IssueKind, check_kinds
from kpitool.messages import MESSAGES
from kpitool.validation import validate
from tests.test_validate import with_logs
from tests.xlsxbuild import valid_set, worklog_row


@pytest.mark.parametrize(("kinds", "error"), [
    pytest.param(ISSUE_KINDS, None, id="the-registry"),
    pytest.param({"no_such_issue": IssueKind("no_such_issue", "error", skippable=True)},
                 "message no_such_issue has no vi and en", id="no-message"),
    pytest.param({"bad_date": IssueKind("bad_number", "error", skippable=True)},
                 "registered as bad_date", id="under-another-code"),
])
def test_registry_entries_are_checked(kinds, error):
    if error is None:
        check_kinds(kinds)
        return
    with pytest.raises(IssueCodeError, match=error):
        check_kinds(kinds)


def test_every_issue_message_exists_in_both_languages():
    for kind in ISSUE_KINDS.values():
        assert {"vi", "en"} <= set(MESSAGES[kind.message]), kind.code


@pytest.mark.parametrize(("make", "severity", "error"), [
    pytest.param(lambda: Issue("bad_date", row=2), "error", None, id="error-by-default"),
    pytest.param(lambda: Issue("catalog_not_given"), "notice", None, id="notice-from-registry"),
    pytest.param(lambda: Issue("unknown_column", severity="notice"), "notice", None,
                 id="its-own-severity-given"),
    pytest.param(lambda: Issue("truncated_issues", severity="notice"), "notice", None,
                 id="summary-takes-the-given-one"),
    pytest.param(lambda: Issue("no_such_code"), None, "not registered", id="unknown-code"),
    pytest.param(lambda: Issue("bad_date", severity="notice"), None, "has severity error, not notice",
                 id="other-severity"),
])
def test_an_issue_takes_its_severity_from_the_registry(make, severity, error):
    if error is not None:
        with pytest.raises(IssueCodeError, match=error):
            make()
        return
    assert make().severity == severity


@pytest.mark.parametrize(("issue", "skippable"), [
    pytest.param(Issue("bad_date", row=2), True, id="bad-cell"),
    pytest.param(Issue("unknown_code", row=5), True, id="unknown-code-on-a-row"),
    pytest.param(Issue("missing_column", row=1), False, id="whole-column"),
    pytest.param(Issue("bad_date"), False, id="no-row"),
    pytest.param(Issue("file_not_found"), False, id="whole-file"),
])
def test_skippable_comes_from_the_registry(issue, skippable):
    assert issue.skippable is skippable


@pytest.mark.parametrize(("rows", "valid", "counts", "errors"), [
    pytest.param(None, True, {}, 0, id="valid-set"),
    pytest.param([worklog_row(1, "31/2/2026", "007", "T1"), worklog_row(2, "1/4/2026", "999", "T9")],
                 False, {"bad_date": 2, "unknown_code": 2}, 4, id="bad-date-and-codes"),
])
def test_validation_report(tmp_path: Path, rows, valid, counts, errors):
    paths = valid_set(tmp_path) if rows is None else with_logs(tmp_path, rows)
    report = validate(paths)
    data, issues = report  # still read as a pair
    assert data is report.data and issues is report.issues
    assert report.valid is valid
    assert report.counts == counts
    assert (len(report.errors), len(report.warnings), len(report.notices)) == (errors, 0, 0)
    assert report.rows == sum(len(data.frame(key)) for key in (
        "units", "positions", "tasks", "staff", "norms", "calendar", "leave", "worklogs",
        "general")) > 0
    document = report.to_json("en")
    assert document["valid"] is valid
    assert [i["code"] for i in document["issues"]] == [i.code for i in issues]


# calls whose argument at this position is an issue code (`code=` counts too)
ISSUE_CODE_ARGUMENTS = {"Issue": 0, "issue": 0, "_issues_at": 4, "Coerced": 2, "Failure": 2,
                        "OddCell": 2, "add": 0}  # `add`: a sheet's issue collector


def issue_codes_written() -> tuple[set[str], set[str]]:
    """(the codes written where an issue is made, every other string literal of kpitool/)."""
    import ast

    import kpitool

    made: set[str] = set()
    other: set[str] = set()
    for path in Path(kpitool.__file__).parent.rglob("*.py"):
        if path.name in ("issues.py", "messages.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                other.add(node.value)
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in ISSUE_CODE_ARGUMENTS:
                continue
            position = ISSUE_CODE_ARGUMENTS[name]
            values = node.args[position:position + 1] + [
                kw.value for kw in node.keywords if kw.arg == "code"]
            made |= {v.value for v in values
                     if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value}
    return made, other


def test_every_issue_code_made_is_registered_and_every_registered_code_is_made():
    made, other = issue_codes_written()
    assert {"bad_date", "unknown_code", "truncated_issues"} <= made  # the scan sees the makers
    assert sorted(made - set(ISSUE_KINDS)) == []
    assert sorted(code for code in ISSUE_KINDS if code not in made | other) == []
