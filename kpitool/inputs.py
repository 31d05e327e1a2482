"""Input files found however the officer gives them (issue 13 point 2): files in any order,
folders, `*.xlsx`; each workbook is recognised by its sheets, and the companions that were not
given (catalog, norms, assessments) are looked for beside the first worklog file.

The one function every command that takes input files calls (`validate`, `score`, `explain`,
`report`, and those built on `pipeline.run_score`): `gather_inputs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kpitool.errors import UsageError
from kpitool.issues import Issue

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".parquet")
TABLE_SUFFIXES = (".csv", ".parquet")  # always worklogs


def file_kinds(path: Path) -> tuple[str, ...]:
    """The kinds of input a file holds, from its sheet names (`()` when none: not an input
    workbook, or one that cannot safely be opened). A neighbour is opened only through the
    readers' safe path, without inflating its sheets."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return ("worklogs",)
    if suffix not in INPUT_SUFFIXES or not path.is_file():
        return ()
    from kpitool.io.readers import match_sheets, sheet_names, workbook_kinds

    try:
        names = sheet_names(path)  # checked first, in bounded memory; no sheet is inflated
    except Exception:  # noqa: BLE001 - an unreadable or unsafe file is not recognised
        return ()
    return tuple(book.key for book in workbook_kinds(match_sheets(names)[0]))


OWN_OUTPUT = re.compile(r"^(kpi|report)_\d{4}[-0-9QqHh]*\.xlsx$")  # what score and report write


def is_own_or_lock_file(path: Path) -> bool:
    """An Office lock file (`~$…`, left while a workbook is open) or a workbook kpitool wrote
    (`kpi_<period>.xlsx`, `report_<period>.xlsx`): never an input, skipped with a notice. Any
    other workbook kpitool does not recognise is read, so that validation says why."""
    return path.name.startswith("~$") or bool(OWN_OUTPUT.match(path.name))


def folder_files(folder: Path) -> list[Path]:
    """Every input file directly in `folder`, by name: Office lock files (`~$…`) and hidden
    files are left out, and so are sub-folders (kpitool's own `kpi-<period>/` outputs)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


@dataclass
class Inputs:
    """The input files of a run, each recognised by its sheets.

    Attributes:
        worklogs: the worklog files, in the order given.
        companions: catalog, norms, assessments…: the file of each kind (None when absent).
        others: files given that hold no worklogs nor a first companion of their kind (a
            second catalog, a workbook kpitool does not recognise): read too, so that
            validation reports them.
        missing: companion kinds found nowhere; ambiguous: kind → the candidate files.
        skipped: Office lock files and kpitool's own outputs, given or in a folder.
        folder: where companions were looked for.
    """

    worklogs: list[Path]
    companions: dict[str, Path | None]
    others: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[Path]] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)
    folder: Path | None = None

    def paths(self) -> list[Path]:
        """Every file to read: the companions first, then the others and the worklogs."""
        from kpitool.pipeline import COMPANION_KINDS

        ordered = [p for p in (self.companions.get(k) for k in COMPANION_KINDS) if p is not None]
        return _unique([*ordered, *self.others, *self.worklogs])

    def notices(self) -> list[Issue]:
        """What `validate` says about the companions it did not find and the files it skipped."""
        from kpitool.pipeline import COMPANION_KINDS

        folder = self.folder if self.folder is not None else Path(".")
        where = str(folder if str(folder) != "." else folder.resolve())
        found = [Issue("companion_not_found", params={
            "key": kind, "kind": _label(kind, "vi"), "kind_en": _label(kind, "en"), "folder": where})
            for kind in COMPANION_KINDS if kind in self.missing]
        found += [Issue("companion_ambiguous_notice", params={
            "kind": _label(kind, "vi"), "kind_en": _label(kind, "en"), "folder": where,
            "candidates": ", ".join(p.name for p in paths)})
            for kind, paths in self.ambiguous.items()]
        found += [Issue("input_skipped", file=str(p), params={"file": str(p)})
                  for p in self.skipped]
        return found

    def require(self, kinds: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        """Raise one error naming every input of `kinds` (companions, "worklogs") missing, and
        every companion of `kinds` or `optional` with several candidates.

        Raises:
            CompanionsError: some companion is missing or has several candidates.
        """
        missing = [k for k in kinds if k in self.missing or (k == "worklogs" and not self.worklogs)]
        ambiguous = {k: v for k, v in self.ambiguous.items() if k in kinds or k in optional}
        if missing or ambiguous:
            raise CompanionsError(missing, ambiguous, self.folder)


class CompanionsError(UsageError):
    """Companion files (catalog, norms…) missing or ambiguous; every one is named at once."""

    def __init__(self, missing: list[str], ambiguous: dict[str, list[Path]],
                 folder: Path | None) -> None:
        super().__init__("companions_problem", folder=str(folder or "."))
        self.missing, self.ambiguous = missing, ambiguous

    def render(self, lang: str = "vi") -> str:
        from kpitool.messages import text

        lines = [text("companions_problem", lang, folder=self.params["folder"])]
        lines += [text("companion_missing_line", lang, kind=kind, label=_label(kind, lang))
                  for kind in self.missing]
        lines += [text("companion_ambiguous_line", lang, kind=kind, label=_label(kind, lang),
                       candidates=", ".join(p.name for p in paths))
                  for kind, paths in self.ambiguous.items()]
        named = [k for k in [*self.missing, *self.ambiguous] if k != "worklogs"]
        if named:
            lines.append(text("companions_hint", lang, options=", ".join(
                text("companion_option", lang, kind=k) for k in named)))
        else:
            lines.append(text("companions_hint_worklogs", lang))
        return "\n".join(lines)


LABELS = {"worklogs": "workbook_worklogs", "catalog": "workbook_catalog",
          "norms": "workbook_norms", "assessments": "workbook_assessments",
          "assignments": "workbook_assignments"}  # message keys of the input kinds' names


def _label(kind: str, lang: str) -> str:
    from kpitool.messages import text

    return text(LABELS[kind], lang)


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    out = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def gather_inputs(given: list[Path], options: dict[str, Path | None] | None = None) -> Inputs:
    """Recognise every input given (files in any order, folders as every input file in them),
    then look for the companions still missing beside the first worklog file.

    Args:
        given: the paths on the command line (files or folders).
        options: companions named by option (`--catalog` …): they win over any other file.

    Returns:
        The files by kind; what is missing or ambiguous is recorded, not raised (see
        `Inputs.require`).
    """
    from kpitool.pipeline import COMPANION_KINDS

    companions: dict[str, Path | None] = {k: v for k, v in (options or {}).items() if v}
    worklogs: list[Path] = []
    others: list[Path] = []
    skipped: list[Path] = []
    for path in _expand(given):
        kinds = file_kinds(path)
        if not kinds and is_own_or_lock_file(path):
            skipped.append(path)
            continue
        used = False
        for kind in kinds:
            if kind == "worklogs":
                worklogs.append(path)
                used = True
            elif kind in COMPANION_KINDS and companions.get(kind) is None:
                companions[kind] = path
                used = True
        if not used and path not in companions.values():
            # not recognised (read anyway, so that validation says why) or a second companion
            (worklogs if not kinds else others).append(path)
    first = (worklogs or given or [Path(".")])[0]
    folder = first if first.is_dir() else first.parent
    inputs = Inputs(worklogs=_unique(worklogs), companions=companions, others=_unique(others),
                    skipped=skipped, folder=folder)
    wanted = [k for k in COMPANION_KINDS if companions.get(k) is None]
    if wanted and folder.is_dir():
        _look_beside(inputs, wanted, folder)
    else:
        inputs.missing = wanted
    for kind in COMPANION_KINDS:
        inputs.companions.setdefault(kind, None)
    return inputs


def _expand(given: list[Path]) -> list[Path]:
    """Each path given, a folder replaced by its input files."""
    out: list[Path] = []
    for path in given:
        out += folder_files(path) if path.is_dir() else [path]
    return out


def _look_beside(inputs: Inputs, wanted: list[str], folder: Path) -> None:
    taken = {p.resolve() for p in inputs.paths()}
    candidates: dict[str, list[Path]] = {kind: [] for kind in wanted}
    for path in folder_files(folder):
        if path.resolve() in taken or path.suffix.lower() in TABLE_SUFFIXES:
            continue
        for kind in file_kinds(path):
            if kind in candidates:
                candidates[kind].append(path)
    for kind in wanted:
        options = candidates[kind]
        if len(options) == 1:
            inputs.companions[kind] = options[0]
        elif options:
            inputs.ambiguous[kind] = options
        else:
            inputs.missing.append(kind)
