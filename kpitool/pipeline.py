"""From input files to a scored result: the steps shared by `score`, `explain` and `report`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kpitool.data import InputData, InputFile
from kpitool.errors import InputFileError, InvalidDataError
from kpitool.issues import Issue
from kpitool.memory import give_back

if TYPE_CHECKING:
    from kpitool.inputs import Inputs
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
    inputs: Inputs | None = None

    @property
    def files(self) -> list[InputFile]:
        """The input files read, with their kind and checksum."""
        return self.data.files


def workbook_kind(path: Path) -> str:
    """The kind of an input file from its sheet names ('' when not an input workbook)."""
    from kpitool.inputs import file_kinds

    kinds = file_kinds(path)
    return kinds[0] if kinds else ""


def run_inputs(run: ScoreRun) -> tuple[Path, list[Path]]:
    """The folder of a run's first worklog file (outputs go beside it by default) and every
    input file it read."""
    assert run.inputs is not None, "run_score records the inputs it read"
    return run.inputs.worklogs[0].parent, run.inputs.paths()


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
    release_rows: bool = False,
) -> ScoreRun:
    """Validate every input, then score the period. Raises InvalidDataError when invalid.

    `worklogs` are the paths given (files in any order, folders): each is recognised by its
    sheets, and the companions not given are looked for beside the first worklog file
    (`kpitool.inputs.gather_inputs`); every missing one is named at once.

    `progress` is told each step (a file being read, scoring) for a display; with `months`, the
    run also holds the month-by-month rows `kpitool report` draws. With `release_rows` (not
    with `months`), the worklog rows are let go as they are scored: the run's data then holds
    no worklog rows (`kpitool score`, whose writers need only the result).
    """
    from kpitool.inputs import gather_inputs
    from kpitool.rules import load_rules
    from kpitool.scoring import infer_period, month_cycles, parse_period, score
    from kpitool.scoring.rows import FREE_TEXT
    from kpitool.validation import validate

    rules = load_rules(rules_name)
    inputs = gather_inputs(worklogs, companions)
    inputs.require(("worklogs", *(k for k in COMPANION_KINDS if k not in OPTIONAL_COMPANIONS)))
    report = validate(inputs.paths(), encoding=encoding, progress=progress,
                      rules=rules)
    data, issues = report
    skipped: list[Issue] = []
    if not report.valid:
        if not skip_invalid:
            raise InvalidDataError(issues)
        data, skipped, fatal = drop_invalid_rows(data, issues)
        if fatal:
            raise InvalidDataError(fatal)
    # free text is read and checked, but nothing after validation reads it: not carried on
    data.worklogs = data.worklogs.drop(columns=[c for c in FREE_TEXT if c in data.worklogs])
    give_back()  # what reading and the checks freed
    if data.worklogs.empty:
        raise InputFileError("nothing_to_score",
                             files=", ".join(str(p) for p in inputs.worklogs))
    period = parse_period(period_text) if period_text else infer_period(data.worklogs)
    if rules.basis == "assigned" and data.assignments.empty:
        issues.append(Issue("no_assignments_sheet", severity="notice"))
    if progress:
        progress(f"score:{len(data.worklogs)}")
    result = score(data, rules, period, enforce_quota=enforce_quota,
                   release_rows=release_rows and not months)
    return ScoreRun(result=result, data=data, issues=issues, skipped=skipped,
                    months=month_cycles(data, result) if months else None, inputs=inputs)

