"""`kpitool validate` as a whole (issue 13 point 3): the inputs found as `score` finds them, every
check, a notice for each check skipped for lack of a companion, and the flags `score` would
raise (SPEC §4) listed as warnings, so that nothing `score` says comes as a surprise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kpitool.data import InputData
from kpitool.errors import InvalidDataError
from kpitool.inputs import Inputs, gather_inputs
from kpitool.issues import Issue, ValidationReport
from kpitool.rules import Rules


def check_inputs(given: list[Path], rules: Rules, encoding: str | None = None,
                 progress: Callable[[str], None] | None = None,
                 ) -> tuple[ValidationReport, Inputs]:
    """Find the inputs (`gather_inputs`), validate them (the general score within the rules'
    maximum), and when they are valid list the flags `rules` give for the period their worklog
    dates span, as warnings.

    Returns:
        The report (notices about the inputs first, then the issues in sheet order, then the
        flags) and the inputs read.
    """
    from kpitool.validation import validate

    inputs = gather_inputs(given)
    report = validate(inputs.paths(), encoding=encoding, progress=progress,
                      rules=rules)
    # validation itself says which checks a missing catalog or norms file skipped
    said = {"catalog": "catalog_not_given", "norms": "norms_not_given"}
    codes = {issue.code for issue in report.issues}
    notices = [n for n in inputs.notices() if n.code != "companion_not_found"
               or said.get(str(n.params["key"])) not in codes]
    issues = [*notices, *report.issues]
    if report.valid:
        issues += flag_issues(report.data, rules)
    elif not report.data.worklogs.empty:
        issues.append(Issue("flags_after_errors"))
    return ValidationReport(report.data, issues), inputs


def span_period(dates: pd.Series) -> object | None:
    """The month, else the quarter, else the year that all `dates` fall in (None: none does)."""
    from kpitool.scoring import Period

    dates = dates.dropna()
    if dates.empty:
        return None
    first, last = dates.min(), dates.max()
    if first.year != last.year:
        return None
    if first.month == last.month:
        return Period(first.year, "month", first.month)
    if (first.month - 1) // 3 == (last.month - 1) // 3:
        return Period(first.year, "quarter", (first.month - 1) // 3 + 1)
    return Period(first.year, "year")


def flag_issues(data: InputData, rules: Rules) -> list[Issue]:
    """The flags of the worklogs' period under `rules`, one warning (or notice, for a flag kind
    that is a notice) each; a notice when they cannot be computed."""
    from kpitool.flags import KIND, message
    from kpitool.messages import text
    from kpitool.scoring import score

    if data.worklogs.empty:
        return []
    given = {f.kind for f in data.files}
    lacking = [kind for kind in ("catalog", "norms") if kind not in given]
    if lacking:
        return [Issue("flags_not_checked", params={"kinds": ", ".join(lacking)})]
    period = span_period(data.worklogs["date"])
    if period is None:
        return [Issue("flags_no_period")]
    try:
        result = score(data, rules, period)  # type: ignore[arg-type]
    except InvalidDataError as exc:
        return list(exc.issues)
    issues = []
    for flag in result.flags.to_dict("records"):
        rows = flag["rows"] or []
        file, sheet, row = rows[0] if len(rows) else ("", "", None)
        code = "flag_notice" if KIND[flag["code"]].severity == "notice" else "flag_warning"
        who = flag["staff_id"] if pd.notna(flag["staff_id"]) else flag["unit_code"]
        issues.append(Issue(code, file=str(file), sheet=str(sheet),
                            row=None if row is None else int(row),
                            value="" if pd.isna(who) else str(who), params={
                                "kind": text(KIND[flag["code"]].label, "vi"),
                                "kind_en": text(KIND[flag["code"]].label, "en"),
                                "message": message(flag, "vi"),
                                "message_en": message(flag, "en"),
                                "period": period.key}))  # type: ignore[attr-defined]
    return issues
