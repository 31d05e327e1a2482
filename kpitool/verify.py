"""Runs anyone can verify (kiểm tra lại kết quả) behind `kpitool verify` and `kpitool diff`.

A `kpi_<period>.xlsx` records the rules (name, SHA-256), the period, `--enforce-quota` and every
input's path, kind and SHA-256 on its parameters sheet (Tham số). `verify` finds those inputs
again, checks their checksums, scores them through the same pipeline as `kpitool score`, writes
the same workbook to a temporary folder and compares the two cell by cell. `diff` lines up two
such workbooks person by person.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpitool.errors import InputFileError
from kpitool.messages import LANGS, text

FIRST_DIFFERENCES = 10  # differing cells named in full; the rest are counted


@dataclass(frozen=True)
class RecordedInput:
    """One input as the workbook records it."""

    path: str
    kind: str
    sha256: str


@dataclass
class RecordedRun:
    """What a `kpi_<period>.xlsx` says about the run that wrote it."""

    path: Path
    lang: str
    rules_name: str
    rules_sha256: str
    version: str
    period: str
    enforce_quota: bool
    inputs: list[RecordedInput]


@dataclass
class InputCheck:
    """A recorded input: where it was found now (None: nowhere) and its checksum now."""

    recorded: RecordedInput
    found: Path | None
    sha256: str | None

    @property
    def matches(self) -> bool:
        return self.sha256 == self.recorded.sha256


@dataclass
class CellDifference:
    """One cell whose value the re-run does not reproduce."""

    sheet: str
    cell: str
    recorded: Any
    reproduced: Any


@dataclass
class Verification:
    """The verdict of `kpitool verify`."""

    run: RecordedRun
    inputs: list[InputCheck]
    rules_sha256: str
    extra_inputs: list[Path] = field(default_factory=list)  # used now, not in the record
    differences: list[CellDifference] = field(default_factory=list)
    difference_count: int = 0
    cells_compared: int = 0
    sheets_compared: int = 0

    @property
    def rules_match(self) -> bool:
        return self.rules_sha256 == self.run.rules_sha256

    @property
    def reproduced(self) -> bool:
        return (self.rules_match and all(check.matches for check in self.inputs)
                and not self.extra_inputs and self.difference_count == 0)


def _open(path: Path) -> Any:
    """An output workbook opened read-only, after the same safety checks as any input."""
    import openpyxl

    from kpitool.io.safety import check_input_file

    if not path.is_file():
        raise InputFileError("file_not_found", file=str(path))
    check_input_file(path, str(path))
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same answer
        raise InputFileError("verify_not_output", file=str(path)) from exc


def _input_kinds() -> dict[str, str]:
    """Each input kind's key by its name in either language (`Danh mục` → `catalog`)."""
    from kpitool.reports import formatting
    from kpitool.schemas import WORKBOOKS

    return {formatting.input_kind(book.key, lang): book.key for book in WORKBOOKS
            for lang in LANGS}


def _rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    yield from sheet.iter_rows(values_only=True)


def read_recorded_run(path: Path) -> RecordedRun:
    """The parameters sheet of a `kpi_<period>.xlsx`, in either language."""
    book = _open(path)
    try:
        lang = next((lang for lang in LANGS if text("sheet_parameters", lang) in book.sheetnames),
                    None)
        if lang is None:
            raise InputFileError("verify_not_output", file=str(path))
        values: dict[str, Any] = {}
        inputs: list[RecordedInput] = []
        in_inputs = False
        for row in _rows(book[text("sheet_parameters", lang)]):
            cells = [c for c in row if c is not None]
            if not cells:
                continue
            if cells[0] == text("col_path", lang) and len(cells) >= 3:
                in_inputs = True
            elif in_inputs and len(row) >= 3:  # the kind is shown in words: back to its key
                inputs.append(RecordedInput(str(row[0]), _input_kinds().get(str(row[1]),
                                                                            str(row[1])),
                                            str(row[2])))
            elif len(row) >= 2:
                values[str(row[0])] = row[1]
    finally:
        book.close()
    needed = (text("ui_rules", lang), "SHA-256", text("ui_period", lang))
    if any(key not in values for key in needed) or not inputs:
        raise InputFileError("verify_not_output", file=str(path))
    return RecordedRun(
        path=path, lang=lang, rules_name=str(values[text("ui_rules", lang)]),
        rules_sha256=str(values["SHA-256"]), version=str(values.get("kpitool", "")),
        period=str(values[text("ui_period", lang)]),
        enforce_quota=values.get("--enforce-quota") == text("ui_yes", lang), inputs=inputs)


def locate_inputs(run: RecordedRun, given: list[Path]) -> list[InputCheck]:
    """Each recorded input, matched to a given file by name (else the only given file of its
    kind left), or, with none given, found beside the workbook, in the folder above it (where
    `kpitool score` puts its `kpi-<period>/` folder) or at its recorded path, in that order:
    a run's folder copied elsewhere is checked against its own inputs."""
    from kpitool.io.readers import sha256_of

    checks: list[InputCheck] = []
    if given:
        left = list(given)
        pending: list[RecordedInput] = []
        matched: dict[int, Path] = {}
        for index, item in enumerate(run.inputs):
            same = [p for p in left if p.name == Path(item.path).name]
            if same:
                matched[index] = same[0]
                left.remove(same[0])
            else:
                pending.append(item)
        kinds = {p: _kind_of(p) for p in left}
        for index, item in enumerate(run.inputs):
            if index in matched:
                continue
            options = [p for p in left if kinds[p] == item.kind]
            if len(options) == 1:
                matched[index] = options[0]
                left.remove(options[0])
        for index, item in enumerate(run.inputs):
            found = matched.get(index)
            checks.append(InputCheck(item, found, sha256_of(found) if found else None))
        return checks
    folders = [run.path.parent, run.path.parent.parent]
    for item in run.inputs:
        recorded = Path(item.path)
        candidates = [*(folder / recorded.name for folder in folders), recorded]
        found = next((p for p in candidates if p.is_file()), None)
        checks.append(InputCheck(item, found, sha256_of(found) if found else None))
    return checks


def _kind_of(path: Path) -> str:
    from kpitool.pipeline import workbook_kind

    if path.suffix.lower() in (".csv", ".parquet"):
        return "worklogs"
    return str(workbook_kind(path)) if path.is_file() else ""


def _text_of(value: Any, paths: dict[str, str]) -> Any:
    if isinstance(value, str):
        for used, recorded in paths.items():
            value = value.replace(used, recorded)
    return value


def _blank(value: Any) -> Any:
    """An empty text cell reads as a blank one (a workbook saved again drops empty strings)."""
    return None if value == "" else value


def compare_workbooks(recorded: Path, reproduced: Path, skip_sheets: set[str],
                      paths: dict[str, str]) -> tuple[list[CellDifference], int, int, int]:
    """Cell by cell, every sheet but `skip_sheets`: the first differences, how many in all,
    how many cells and sheets were compared. Paths of the re-run's inputs are read as the
    recorded paths they stand for (`paths`: used → recorded)."""
    from openpyxl.utils import get_column_letter

    old, new = _open(recorded), _open(reproduced)
    differences: list[CellDifference] = []
    count = cells = sheets = 0
    try:
        names = [n for n in old.sheetnames if n not in skip_sheets]
        for name in [*names, *(n for n in new.sheetnames
                               if n not in skip_sheets and n not in names)]:
            if name not in old.sheetnames or name not in new.sheetnames:
                count += 1
                if len(differences) < FIRST_DIFFERENCES:
                    differences.append(CellDifference(name, "", name in old.sheetnames,
                                                      name in new.sheetnames))
                continue
            sheets += 1
            a_rows, b_rows = list(_rows(old[name])), list(_rows(new[name]))
            for r in range(max(len(a_rows), len(b_rows))):
                a_row = a_rows[r] if r < len(a_rows) else ()
                b_row = b_rows[r] if r < len(b_rows) else ()
                for c in range(max(len(a_row), len(b_row))):
                    a = _blank(a_row[c] if c < len(a_row) else None)
                    b = _blank(_text_of(b_row[c] if c < len(b_row) else None, paths))
                    cells += 1
                    if a != b:
                        count += 1
                        if len(differences) < FIRST_DIFFERENCES:
                            differences.append(CellDifference(
                                name, f"{get_column_letter(c + 1)}{r + 1}", a, b))
    finally:
        old.close()
        new.close()
    return differences, count, cells, sheets


def verify_run(output: Path, given: list[Path], rules: str | None = None,
               skip_invalid: bool = False) -> Verification:
    """Re-score the run recorded in `output` and compare every cell of its workbook.

    Args:
        output: a `kpi_<period>.xlsx` written by `kpitool score`.
        given: the inputs to use; empty: the recorded ones, found again (`locate_inputs`).
        rules: the rules to use; None: the recorded preset (a rules file must be given).
    """
    from kpitool.pipeline import COMPANION_KINDS, run_score
    from kpitool.reports.writeall import write_score_outputs
    from kpitool.rules import load_rules, preset_names

    run = read_recorded_run(output)
    checks = locate_inputs(run, given)
    missing = [c.recorded.path for c in checks if c.found is None]
    if missing:
        raise InputFileError("verify_input_missing", file=", ".join(missing),
                             output=str(output))
    if rules is None and run.rules_name not in preset_names():
        raise InputFileError("verify_rules_missing", name=run.rules_name, output=str(output))
    loaded = load_rules(rules if rules is not None else run.rules_name)
    found = [c for c in checks if c.found is not None]
    companions: dict[str, Path | None] = dict.fromkeys(COMPANION_KINDS)
    worklogs: list[Path] = []
    for check in found:
        if check.recorded.kind in companions and check.found is not None:
            companions[check.recorded.kind] = check.found
        elif check.found is not None:
            worklogs.append(check.found)
    rescored = run_score(worklogs, companions, run.period, rules or run.rules_name,
                         enforce_quota=run.enforce_quota, skip_invalid=skip_invalid)
    used = {c.found.resolve() for c in found if c.found is not None}
    verification = Verification(
        run=run, inputs=checks, rules_sha256=loaded.sha256,
        extra_inputs=[f.path for f in rescored.data.files if f.path.resolve() not in used])
    paths = {str(f.path): c.recorded.path for f in rescored.data.files for c in found
             if c.found is not None and Path(f.path).resolve() == c.found.resolve()}
    # flags name their rows' files by name only
    paths.update({Path(used).name: Path(recorded).name for used, recorded in list(paths.items())
                  if Path(used).name != Path(recorded).name})
    with tempfile.TemporaryDirectory(prefix="kpitool-verify-") as folder:
        written = write_score_outputs(rescored, Path(folder), [], run.lang)
        differences, count, cells, sheets = compare_workbooks(
            output, written[0], {text("sheet_parameters", run.lang)}, paths)
    verification.differences = differences
    verification.difference_count = count
    verification.cells_compared = cells
    verification.sheets_compared = sheets
    return verification


# --- diff: two runs person by person ---------------------------------------------------------

DIFF_FIELDS = ("rows", "converted_hours", "quantity_pct", "quality_pct", "progress_pct",
               "kpi_pct", "task_score", "general_score", "total", "level")


@dataclass
class RunTables:
    """A run's parameters, its ranking (one row per person) and counted rows per person."""

    run: RecordedRun
    people: dict[str, dict[str, Any]]


def _keys_by_label(prefix: str, keys: list[str]) -> dict[str, str]:
    return {text(f"{prefix}{key}", lang): key for key in keys for lang in LANGS}


def _table(sheet: Any, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of a sheet whose first row is a header, keyed by the header's keys."""
    rows = _rows(sheet)
    header = next(rows, ())
    keys = [labels.get(str(h), "") if h is not None else "" for h in header]
    return [{k: v for k, v in zip(keys, row, strict=False) if k}
            for row in rows if any(v is not None for v in row)]


def read_run_tables(path: Path) -> RunTables:
    """The ranking and the per-row detail of a `kpi_<period>.xlsx`, by column keys."""
    from kpitool.reports.scorebook import DETAIL, RANKING
    from kpitool.scoring import LEVELS

    run = read_recorded_run(path)
    book = _open(path)
    levels = {text(f"level_{lv}", lang): lv for lv in LEVELS for lang in LANGS}
    levels.update({lv: lv for lv in LEVELS})
    try:
        ranking_labels = _keys_by_label("col_", [c.key for c in RANKING] + ["level"])
        ranking = _table(book[text("sheet_ranking", run.lang)], ranking_labels)
        detail_name = text("sheet_detail", run.lang)
        detail = _table(book[detail_name], _keys_by_label("col_", [c.key for c in DETAIL])) \
            if detail_name in book.sheetnames else []
    finally:
        book.close()
    counted: dict[str, int] = {}
    for row in detail:
        if row.get("staff_id") is not None:
            counted[str(row["staff_id"])] = counted.get(str(row["staff_id"]), 0) + 1
    people: dict[str, dict[str, Any]] = {}
    for row in ranking:
        staff_id = str(row.get("staff_id"))
        level = row.get("level", row.get("level_label"))
        people[staff_id] = {
            "full_name": row.get("full_name"), "unit_code": row.get("unit_code"),
            "rows": counted.get(staff_id, 0) if detail else None,
            **{key: row.get(key) for key in DIFF_FIELDS[1:-1]},
            "level": levels.get(str(level)) if level is not None else None,
        }
    return RunTables(run=run, people=people)


@dataclass
class RunDiff:
    """What changed between two runs: inputs, rules, and per person the fields that differ."""

    old: RecordedRun
    new: RecordedRun
    inputs: list[dict[str, Any]]
    people: list[dict[str, Any]]

    @property
    def rules_changed(self) -> bool:
        return (self.old.rules_name, self.old.rules_sha256) != (self.new.rules_name,
                                                                self.new.rules_sha256)


def diff_runs(old_path: Path, new_path: Path) -> RunDiff:
    """Per person, the fields of `DIFF_FIELDS` that differ between two runs (a person present
    in one run only is listed with `change` `added` or `removed`); and the inputs whose
    checksum differs, matched by kind and file name."""
    old, new = read_run_tables(old_path), read_run_tables(new_path)
    inputs = []
    old_files = {(i.kind, Path(i.path).name): i for i in old.run.inputs}
    new_files = {(i.kind, Path(i.path).name): i for i in new.run.inputs}
    for key in sorted(old_files.keys() | new_files.keys()):
        a, b = old_files.get(key), new_files.get(key)
        if a is None or b is None or a.sha256 != b.sha256:
            inputs.append({"kind": key[0], "file": key[1],
                           "change": "added" if a is None else "removed" if b is None
                           else "changed",
                           "old_sha256": a.sha256 if a else None,
                           "new_sha256": b.sha256 if b else None})
    people = []
    for staff_id in sorted(old.people.keys() | new.people.keys()):
        a_row, b_row = old.people.get(staff_id), new.people.get(staff_id)
        if a_row is None or b_row is None:
            person = a_row or b_row or {}
            people.append({"staff_id": staff_id, "full_name": person["full_name"],
                           "unit_code": person["unit_code"],
                           "change": "added" if a_row is None else "removed", "fields": {}})
            continue
        fields = {name: {"old": a_row[name], "new": b_row[name]} for name in DIFF_FIELDS
                  if a_row[name] != b_row[name]}
        if fields:
            people.append({"staff_id": staff_id, "full_name": b_row["full_name"],
                           "unit_code": b_row["unit_code"], "change": "changed",
                           "fields": fields})
    return RunDiff(old=old.run, new=new.run, inputs=inputs, people=people)
