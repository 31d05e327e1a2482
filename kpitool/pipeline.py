"""From input files to a scored result: the steps shared by `score`, `explain` and `report`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kpitool.data import InputData, InputFile
from kpitool.errors import InputFileError, InvalidDataError, UsageError
from kpitool.issues import Issue

if TYPE_CHECKING:
    from kpitool.scoring import ScoreResult

COMPANION_KINDS = ("catalog", "norms", "assessments", "assignments")
OPTIONAL_COMPANIONS = ("assessments", "assignments")
SKIPPABLE_SHEETS = ("worklogs", "general", "leave", "calendar", "assignments")


@dataclass(frozen=True)
class ScoreRun:
    """What the writers need of a run: the scored period, its inputs, what validation found (and
    dropped), and for `kpitool report` one row per person and month (`scoring.month_cycles`)."""

    result: ScoreResult
    data: InputData
    issues: list[Issue]
    skipped: list[Issue] = field(default_factory=list)
    months: pd.DataFrame | None = None

    @property
    def files(self) -> list[InputFile]:
        """The input files read, with their kind and checksum."""
        return self.data.files


def workbook_kind(path: Path) -> str:
    """The kind of an .xlsx file from its sheet names ('' when not an input workbook)."""
    from kpitool.io.readers import match_sheets, sheet_names, workbook_kinds

    try:
        names = sheet_names(path)
    except Exception:  # noqa: BLE001 - an unreadable or unsafe neighbour is not a companion
        return ""
    kinds = workbook_kinds(match_sheets(names)[0])
    return kinds[0].key if kinds else ""


def find_companions(worklogs: list[Path], given: dict[str, Path | None]) -> dict[str, Path | None]:
    """Catalog, norms, assessments and assignments: as given, else found beside the first
    worklog file (assessments and assignments may be absent)."""
    found: dict[str, Path | None] = dict(given)
    missing = [kind for kind in COMPANION_KINDS if found.get(kind) is None]
    if not missing or not worklogs:
        return found
    first = worklogs[0]
    folder = first.parent
    taken = {p.resolve() for p in worklogs}
    candidates: dict[str, list[Path]] = {kind: [] for kind in missing}
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".")) or path.resolve() in taken:
            continue
        kind = workbook_kind(path)
        if kind in candidates:
            candidates[kind].append(path)
    for kind in missing:
        options = candidates[kind]
        if len(options) > 1:
            raise UsageError("companion_ambiguous", kind=kind, file=str(first),
                             candidates=", ".join(p.name for p in options))
        if not options and kind not in OPTIONAL_COMPANIONS:
            raise UsageError("companion_missing", kind=kind, file=str(first))
        found[kind] = options[0] if options else None
    return found


def drop_invalid_rows(
    data: InputData, issues: list[Issue]
) -> tuple[InputData, list[Issue], list[Issue]]:
    """Remove the rows that carry errors from the skippable sheets.

    Returns the data left, the errors whose rows were dropped, and the errors that cannot be
    skipped (a whole sheet or column, or the catalog and norms, which everything depends on).
    """
    fatal: list[Issue] = []
    skipped: list[Issue] = []
    bad_rows: dict[str, set[tuple[str, str, int]]] = {key: set() for key in SKIPPABLE_SHEETS}
    sheet_of = {}
    for key in SKIPPABLE_SHEETS:
        frame = data.frame(key)
        for file, sheet in frame[["_file", "_sheet"]].drop_duplicates().itertuples(index=False):
            sheet_of[(file, sheet)] = key
    for issue in issues:
        if issue.severity != "error":
            continue
        sheet_key = sheet_of.get((issue.file, issue.sheet))
        row = issue.row if issue.skippable else None
        if sheet_key is not None and row is not None:
            bad_rows[sheet_key].add((issue.file, issue.sheet, row))
            skipped.append(issue)
        else:
            fatal.append(issue)
    for key, rows in bad_rows.items():
        if rows:
            frame = data.frame(key)
            marks = pd.Series(list(zip(frame["_file"], frame["_sheet"], frame["_row"], strict=True)),
                              index=frame.index)
            setattr(data, key, frame[~marks.isin(rows)].reset_index(drop=True))
    return data, skipped, fatal


def run_score(
    worklogs: list[Path],
    companions: dict[str, Path | None],
    period_text: str | None,
    rules_name: str,
    enforce_quota: bool = False,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable[[str], None] | None = None,
    months: bool = False,
) -> ScoreRun:
    """Validate every input, then score the period. Raises InvalidDataError when invalid.

    `progress` is told each step (a file being read, scoring) for a display; with `months`, the
    run also holds the month-by-month rows `kpitool report` draws.
    """
    from kpitool.rules import load_rules
    from kpitool.scoring import infer_period, month_cycles, parse_period, score
    from kpitool.validation import validate

    rules = load_rules(rules_name)
    found = find_companions(worklogs, companions)
    paths = [p for p in (found.get(k) for k in COMPANION_KINDS) if p is not None] + list(worklogs)
    report = validate(paths, encoding=encoding, progress=progress,
                      general_max=rules.general_max)
    data, issues = report
    skipped: list[Issue] = []
    if not report.valid:
        if not skip_invalid:
            raise InvalidDataError(issues)
        data, skipped, fatal = drop_invalid_rows(data, issues)
        if fatal:
            raise InvalidDataError(fatal)
    if data.worklogs.empty:
        raise InputFileError("nothing_to_score", files=", ".join(str(p) for p in worklogs))
    period = parse_period(period_text) if period_text else infer_period(data.worklogs)
    if rules.basis == "assigned" and data.assignments.empty:
        issues.append(Issue("no_assignments_sheet", severity="notice"))
    if progress:
        progress(f"score:{len(data.worklogs)}")
    result = score(data, rules, period, enforce_quota=enforce_quota)
    return ScoreRun(result=result, data=data, issues=issues, skipped=skipped,
                    months=month_cycles(data, result) if months else None)

