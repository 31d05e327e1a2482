"""Excel templates: the blank input workbooks, and worklogs and assignments templates for a unit.

Everything here is generated from the sheet descriptions in `kpitool.schemas` — headers,
help prompts, dropdowns, number formats and the guide sheet — so a column added to a schema
appears in every template without touching this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kpitool.data import InputData
from kpitool.errors import OutputError, UsageError
from kpitool.io.atomic import atomic_path, refuse_inputs
from kpitool.io.coerce import EARLIEST_YEAR, LATEST_YEAR
from kpitool.issues import column_letter
from kpitool.messages import text
from kpitool.reports.xlsxout import header_height, print_setup
from kpitool.schemas import NORMS, STAFF, TASKS, WORKBOOKS, WORKLOGS_BOOK
from kpitool.schemas.assignments import ASSIGNMENTS_BOOK, CONVERTED_HOURS
from kpitool.schemas.spec import Column, WorkbookKind

DATA_ROWS = 5000  # last Excel row covered by validations and lookup formulas
PRINT_ROWS = 40  # a blank template prints its header and this many rows to fill by hand
LISTS_SHEET = "_lists"  # hidden sheet holding a worklogs template's dropdown lists
HEADER_BLUE = "#1F4E78"
READONLY_HEADER_GREY = "#7F7F7F"
READONLY_GREY = "#E7E6E6"

_TEXT_FORMAT = "@"  # Excel's "Text": keeps 007, 2026-03 and 12/QĐ-UBND as typed
_NUMBER_FORMATS = {
    "id": _TEXT_FORMAT, "text": _TEXT_FORMAT, "period": _TEXT_FORMAT, "codes": _TEXT_FORMAT,
    "date": "d/m/yyyy", "integer": "0",
}
_WIDTHS = {
    "id": 14, "text": 30, "date": 13, "number": 12, "integer": 10, "enum": 14, "bool": 10,
    "period": 13, "codes": 18,
}


# --------------------------------------------------------------------------------------------
# public API


def write_blank_templates(
    folder: Path, lang: str = "vi", force: bool = False, *, general_max: float,
    leader_values: tuple[float, ...],
) -> list[Path]:
    """Write blank catalog.xlsx, norms.xlsx, worklogs.xlsx, assessments.xlsx and
    assignments.xlsx into `folder`.

    Nothing is written when one of them exists and `force` is false. `general_max` (the
    rules' `general.max_points`) bounds the assessments' general score cells; `leader_values`
    (the rules' two values of a leader criterion) are the dropdown of a leader's Đ and E.

    Returns:
        The paths written, in the order of `kpitool.schemas.WORKBOOKS`.
    """
    targets = [(folder / f"{book.key}.xlsx", book) for book in WORKBOOKS]
    _refuse_existing([path for path, _ in targets], force)
    _make_folder(folder)
    for path, book in targets:
        _save(path, partial(_build_blank, book=book, file_name=path.name, lang=lang,
                            limits={"general_score": {"max": _whole(general_max)},
                                    **dict.fromkeys(("org_ability", "unity"), {
                                        "allowed": tuple(_whole(v) for v in sorted(leader_values)),
                                        "min": None, "max": None})}))
    return [path for path, _ in targets]


@dataclass(frozen=True)
class WorklogChoices:
    """What a worklogs template offers: its staff, the tasks they may log, each pair's norm.

    Staff members sharing a unit and a position share a *profile*; a task is allowed for a
    profile when it is open to the position and the unit and has a norm for the position's
    group. `norms` maps "profile|task_code" to the norm hours of every allowed pair, so the
    template can tell a pair that is not allowed.
    """

    unit_code: str | None
    staff: list[tuple[str, str, str]]  # (staff_id, full_name, profile)
    tasks: list[tuple[str, str]]  # (task_code, task_name) allowed for at least one profile
    norms: dict[str, float]
    # "profile|task_code" → norm hours × complexity coefficient (with coefficients given)
    converted: dict[str, float] = dataclass_field(default_factory=dict)


def worklog_choices(
    data: InputData, unit_code: str | None, as_of: date | None = None,
    complexity: Mapping[int, float] | None = None,
) -> WorklogChoices:
    """The staff of `unit_code` (every unit when None) and the tasks they may log.

    The norm shown for a (task, position group) is the one in force on `as_of` (today by
    default), else the most recent one; a norm for the group beats a norm for any group (*).
    With `complexity` (the rules' coefficient per level), each pair's converted hours per unit
    of output (norm hours × coefficient) are given too.

    Raises:
        UsageError: the unit is unknown, has no staff, or its staff may log no task.
    """
    when = pd.Timestamp(as_of or date.today())
    units = sorted(
        {str(u) for u in pd.concat([data.units["unit_code"], data.staff["unit_code"]]).dropna()}
    )
    staff = data.staff.dropna(subset=["staff_id"]).drop_duplicates("staff_id")
    if unit_code is not None:
        if unit_code not in units:
            raise UsageError("unknown_unit", value=unit_code, allowed=", ".join(units) or "—")
        staff = staff[staff["unit_code"] == unit_code]
        if staff.empty:
            raise UsageError("unit_without_staff", value=unit_code)
    elif staff.empty:
        raise UsageError("no_staff")

    group_of = {
        str(code): str(group)
        for code, group in zip(
            data.positions["position_code"], data.positions["position_group"], strict=True
        )
        if not _blank(code) and not _blank(group)
    }
    norm_table = _norm_table(data.norms)
    profiles: dict[tuple[str, str], str] = {}
    people: list[tuple[str, str, str]] = []
    for person in staff.itertuples(index=False):
        place = (_text(person.unit_code), _text(person.position_code))
        profile = profiles.setdefault(place, str(len(profiles) + 1))
        people.append((str(person.staff_id), _text(person.full_name), profile))

    tasks = data.tasks.dropna(subset=["task_code"]).drop_duplicates("task_code")
    norms: dict[str, float] = {}
    converted: dict[str, float] = {}
    offered: set[str] = set()
    for (unit, position), profile in profiles.items():
        group = group_of.get(position, "")
        for task in tasks.itertuples(index=False):
            code = str(task.task_code)
            if not _task_open_to(task.positions, task.unit_code, unit, position):
                continue
            norm = _norm_for(norm_table, code, group, when)
            if norm is not None:
                hours, level = norm
                norms[f"{profile}|{code}"] = hours
                offered.add(code)
                if complexity is not None and level in complexity:
                    converted[f"{profile}|{code}"] = hours * complexity[level]
    if not offered:
        raise UsageError("no_allowed_tasks", value=unit_code or ", ".join(units))
    task_list = [
        (str(task.task_code), _text(task.task_name))
        for task in tasks.itertuples(index=False)
        if str(task.task_code) in offered
    ]
    return WorklogChoices(unit_code, people, task_list, norms, converted)


def write_worklog_template(
    data: InputData,
    unit_code: str | None,
    out: Path,
    lang: str = "vi",
    force: bool = False,
    *,
    as_of: date | None = None,
) -> Path:
    """Write a worklogs template whose staff and task cells are dropdowns for one unit.

    With `unit_code` None the template covers the staff of every unit. The staff member's
    name, the task's name and its norm hours appear in locked grey columns, looked up by
    formulas on a hidden sheet; a task not allowed for the chosen staff member says so in
    the norm column.

    Raises:
        UsageError: `out` is not an .xlsx file, or see `worklog_choices`.
        OutputError: `out` is an input file. UsageError: `out` exists and `force` is false.
    """
    if out.suffix.lower() != ".xlsx":
        raise UsageError("output_not_xlsx", file=str(out))
    refuse_inputs(out, [source.path for source in data.files])
    _refuse_existing([out], force)
    choices = worklog_choices(data, unit_code, as_of)
    _make_folder(out.parent)
    _save(out, partial(_build_worklogs, choices=choices, file_name=out.name, lang=lang))
    return out


def write_assignment_template(
    data: InputData,
    unit_code: str | None,
    out: Path,
    complexity: Mapping[int, float],
    lang: str = "vi",
    force: bool = False,
    *,
    as_of: date | None = None,
) -> Path:
    """Write an assignments (giao việc) template for a unit's head.

    Staff ID and task code are dropdowns of the unit's staff and the tasks they may be given;
    locked grey columns show the name, the task and the line's converted hours (quantity ×
    norm hours × the rules' complexity coefficient), or that the task is not allowed for the
    person chosen.

    Raises:
        UsageError: `out` is not an .xlsx file, or see `worklog_choices`.
        OutputError: `out` is an input file, or exists and `force` is false.
    """
    if out.suffix.lower() != ".xlsx":
        raise UsageError("output_not_xlsx", file=str(out))
    refuse_inputs(out, [source.path for source in data.files])
    _refuse_existing([out], force)
    choices = worklog_choices(data, unit_code, as_of, complexity)
    _make_folder(out.parent)
    _save(out, partial(_build_assignments, choices=choices, file_name=out.name, lang=lang))
    return out


# --------------------------------------------------------------------------------------------
# choosing staff and tasks


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip()
    )


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _task_open_to(positions: object, task_unit: object, unit: str, position: str) -> bool:
    """A task is open to a position and unit unless its columns name others."""
    if not _blank(task_unit) and str(task_unit) != unit:
        return False
    return _blank(positions) or position in {p.strip() for p in str(positions).split(",")}


_NormRow = tuple[pd.Timestamp | None, pd.Timestamp | None, float, int]


def _norm_table(norms: pd.DataFrame) -> dict[tuple[str, str], list[_NormRow]]:
    """(task_code, position group or '*') → (effective_from, effective_to, hours, complexity)."""
    table: dict[tuple[str, str], list[_NormRow]] = {}
    for row in norms.dropna(subset=["task_code", "norm_hours"]).itertuples(index=False):
        group = "*" if _blank(row.position_group) else str(row.position_group)
        start = None if pd.isna(row.effective_from) else pd.Timestamp(row.effective_from)
        end = None if pd.isna(row.effective_to) else pd.Timestamp(row.effective_to)
        level = -1 if pd.isna(row.complexity) else int(row.complexity)
        table.setdefault((str(row.task_code), group), []).append(
            (start, end, float(row.norm_hours), level))
    return table


def _norm_for(
    table: dict[tuple[str, str], list[_NormRow]], task: str, group: str, when: pd.Timestamp
) -> tuple[float, int] | None:
    """(norm hours, complexity level) of a task for a group on a day."""
    rows = table.get((task, group)) or table.get((task, "*"))
    if not rows:
        return None
    for start, end, hours, level in rows:
        if (start is None or start <= when) and (end is None or when <= end):
            return hours, level
    latest = max(rows, key=lambda r: r[0] or pd.Timestamp.min)
    return latest[2], latest[3]


# --------------------------------------------------------------------------------------------
# writing


def _refuse_existing(paths: Iterable[Path], force: bool) -> None:
    existing = [str(path) for path in paths if path.exists()]
    if existing and not force:
        raise UsageError("output_exists", file=", ".join(existing))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("cannot_write", file=str(folder), error=exc.strerror or exc) from exc


def _save(path: Path, build: Callable[[Workbook], None]) -> None:
    """Build a workbook into a temporary file beside `path`, then move it into place."""
    with atomic_path(path) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        build(workbook)
        try:
            workbook.close()
        except FileCreateError as exc:
            raise OutputError("cannot_write", file=str(path), error=str(exc)) from exc


class _Styles:
    """The cell formats of one workbook, created once each."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        base = {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                "border": 1, "font_color": "#FFFFFF"}
        self.header = workbook.add_format({**base, "bg_color": HEADER_BLUE})
        self.readonly_header = workbook.add_format({**base, "bg_color": READONLY_HEADER_GREY})
        self.readonly = workbook.add_format({"bg_color": READONLY_GREY, "locked": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.bold_wrap = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"}
        )
        self._columns: dict[str, Format] = {}

    def column(self, kind: str) -> Format:
        """The data-cell format of a column kind: its number format, unlocked for typing."""
        num_format = _NUMBER_FORMATS.get(kind, "General")
        if num_format not in self._columns:
            self._columns[num_format] = self.workbook.add_format(
                {"num_format": num_format, "locked": False}
            )
        return self._columns[num_format]


@dataclass(frozen=True)
class _Field:
    """One column of a generated sheet: a schema column, or a read-only lookup."""

    key: str
    kind: str
    label: str
    help: str
    width: float
    validation: dict[str, Any]
    formula: str = ""  # with {staff}, {task} and {<column key>} for the row's cells; read-only


def _plain(number: float) -> str:
    """10000.0 → '10000', 0.5 → '0.5' (for formulas: no exponent, no locale)."""
    shown = f"{number:f}".rstrip("0").rstrip(".")
    return shown or "0"


def _shown(number: float, lang: str) -> str:
    shown = _plain(number)
    return shown.replace(".", ",") if lang == "vi" else shown


def _range_text(column: Column, lang: str) -> str:
    parts = []
    if column.min is not None:
        parts.append(f"{'>' if column.min_exclusive else '≥'} {_shown(column.min, lang)}")
    if column.max is not None:
        parts.append(f"≤ {_shown(column.max, lang)}")
    return f" {text('tpl_and', lang)} ".join(parts)


def _validation(column: Column, lang: str, first_cell: str) -> dict[str, Any]:
    """xlsxwriter data-validation options for a column's data cells (the prompt added later)."""
    if column.enum is not None or column.allowed:
        labels = (
            column.enum.labels(lang) if column.enum is not None
            else [_plain(value) for value in column.allowed or ()]
        )
        return {"validate": "list", "source": labels,
                "error_message": text("tpl_error_list", lang, allowed=", ".join(labels))}
    if column.kind == "date":
        return {"validate": "date", "criteria": "between",
                "minimum": date(EARLIEST_YEAR, 1, 1), "maximum": date(LATEST_YEAR, 12, 31),
                "error_message": text("tpl_error_date", lang)}
    if column.kind in ("number", "integer") and (column.min is not None or column.max is not None):
        message = text(f"tpl_error_{column.kind}", lang, range=_range_text(column, lang))
        if column.min_exclusive:
            # Excel's number rules have no exclusive bound; a formula states "> min" exactly.
            cell = first_cell
            terms = [f"ISNUMBER({cell})", f"{cell}>{_plain(column.min or 0)}"]
            if column.max is not None:
                terms.append(f"{cell}<={_plain(column.max)}")
            if column.kind == "integer":
                terms.append(f"INT({cell})={cell}")
            return {"validate": "custom", "value": f"=AND({','.join(terms)})",
                    "error_message": message}
        rule: dict[str, Any] = {
            "validate": "decimal" if column.kind == "number" else "integer",
            "error_message": message,
        }
        if column.min is not None and column.max is not None:
            rule.update(criteria="between", minimum=column.min, maximum=column.max)
        elif column.min is not None:
            rule.update(criteria=">=", value=column.min)
        else:
            rule.update(criteria="<=", value=column.max)
        return rule
    return {"validate": "any"}


def _schema_field(column: Column, lang: str, col_index: int) -> _Field:
    label = column.label(lang)
    width = min(max(_WIDTHS[column.kind], len(label) + 4), 40)
    first_cell = f"{column_letter(col_index)}2"
    return _Field(column.key, column.kind, label, column.help(lang), width,
                  _validation(column, lang, first_cell))


def _render_sheet(sheet: Worksheet, fields: list[_Field], styles: _Styles, lang: str) -> None:
    """Header, widths, formats, prompts and validations of one data sheet."""
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, max(32, header_height([f.label for f in fields], [f.width for f in fields])))
    letters = {field.key: column_letter(i) for i, field in enumerate(fields)}
    for col, field in enumerate(fields):
        prompt = {"input_title": field.label[:32], "input_message": field.help[:255]}
        if field.formula:
            sheet.set_column(col, col, field.width, styles.readonly)
            sheet.write_string(0, col, field.label, styles.readonly_header)
        else:
            sheet.set_column(col, col, field.width, styles.column(field.kind))
            sheet.write_string(0, col, field.label, styles.header)
        sheet.data_validation(0, col, 0, col, {"validate": "any", **prompt})
        rule = {**(field.validation or {"validate": "any"}), **prompt}
        if "error_message" in rule:
            rule.update(error_title=text("tpl_error_title", lang)[:32],
                        error_message=rule["error_message"][:255])
        sheet.data_validation(1, col, DATA_ROWS - 1, col, rule)
        if field.formula:
            for row in range(2, DATA_ROWS + 1):
                formula = field.formula.replace("{staff}", f"{letters.get('staff_id')}{row}")
                formula = formula.replace("{task}", f"{letters.get('task_code')}{row}")
                for key, letter in letters.items():
                    formula = formula.replace(f"{{{key}}}", f"{letter}{row}")
                sheet.write_formula(row - 1, col, formula, styles.readonly, "")
    print_setup(sheet, lang, repeat_row=0, last_row=PRINT_ROWS - 1)



def _whole(number: float) -> float:
    """30.0 → 30, so that Excel's rule reads 30 (rules files give floats)."""
    return int(number) if float(number).is_integer() else number


def _build_blank(workbook: Workbook, book: WorkbookKind, file_name: str, lang: str,
                 limits: dict[str, dict[str, object]]) -> None:
    """One blank workbook; `limits` are the columns' bounds and values that come from the
    rules (a field of `Column` each)."""
    styles = _Styles(workbook)
    for sheet_kind in book.sheets:
        sheet = workbook.add_worksheet(sheet_kind.label(lang))
        columns = [replace(c, **limits[c.key]) if c.key in limits else c  # type: ignore[arg-type]
                   for c in sheet_kind.columns]
        fields = [_schema_field(column, lang, i) for i, column in enumerate(columns)]
        _render_sheet(sheet, fields, styles, lang)
    _write_guide(workbook, styles, book, file_name, lang)


# the lookups of a worklogs template: hidden-sheet column → defined name
_LISTS = {
    "A": "kpi_staff_ids", "B": "kpi_staff_names", "C": "kpi_staff_profiles",
    "E": "kpi_task_codes", "F": "kpi_task_names",
    "H": "kpi_norm_keys", "I": "kpi_norm_hours",
    "K": "kpi_converted_keys", "L": "kpi_converted_hours",
}


def _build_worklogs(
    workbook: Workbook, choices: WorklogChoices, file_name: str, lang: str
) -> None:
    _build_unit_sheet(workbook, choices, file_name, lang, WORKLOGS_BOOK, "tpl_guide_unit")


def _build_assignments(
    workbook: Workbook, choices: WorklogChoices, file_name: str, lang: str
) -> None:
    _build_unit_sheet(workbook, choices, file_name, lang, ASSIGNMENTS_BOOK,
                      "tpl_guide_assignments_unit")


def _build_unit_sheet(
    workbook: Workbook, choices: WorklogChoices, file_name: str, lang: str,
    book: WorkbookKind, guide_code: str,
) -> None:
    """The one data sheet of `book` with the unit's dropdowns and the grey lookup columns."""
    styles = _Styles(workbook)
    data_sheet = book.sheets[0]
    sheet = workbook.add_worksheet(data_sheet.label(lang))
    readonly_help = text("tpl_readonly_help", lang)
    not_allowed = text("tpl_not_allowed", lang).replace('"', '""')
    lookups = {
        "staff_id": [_Field(
            "staff_name", "text", STAFF.column("full_name").label(lang), readonly_help, 28, {},
            '=IF({staff}="","",IFERROR(INDEX(kpi_staff_names,MATCH({staff},kpi_staff_ids,0)),""))',
        )],
        "task_code": [
            _Field(
                "task_name", "text", TASKS.column("task_name").label(lang), readonly_help, 36, {},
                '=IF({task}="","",IFERROR(INDEX(kpi_task_names,'
                'MATCH({task},kpi_task_codes,0)),""))',
            ),
            _Field(
                "norm_hours", "number", NORMS.column("norm_hours").label(lang), readonly_help,
                16, {},
                '=IF(OR({staff}="",{task}=""),"",IFERROR(INDEX(kpi_norm_hours,MATCH('
                'INDEX(kpi_staff_profiles,MATCH({staff},kpi_staff_ids,0))&"|"&{task},'
                f'kpi_norm_keys,0)),"{not_allowed}"))',
            ),
        ],
        "quantity": [_Field(
            "converted_hours", "number", CONVERTED_HOURS.label(lang),
            CONVERTED_HOURS.help(lang), 16, {},
            '=IF(OR({staff}="",{task}="",{quantity}=""),"",IFERROR({quantity}*INDEX('
            'kpi_converted_hours,MATCH(INDEX(kpi_staff_profiles,MATCH({staff},kpi_staff_ids,0))'
            f'&"|"&{{task}},kpi_converted_keys,0)),"{not_allowed}"))',
        )],
    }
    if book is ASSIGNMENTS_BOOK:
        # the line's converted hours say all the norm would, and whether the task is allowed
        lookups["task_code"] = lookups["task_code"][:1]
    else:
        del lookups["quantity"]
    pick = {
        "staff_id": ("=kpi_staff_ids", "tpl_error_staff"),
        "task_code": ("=kpi_task_codes", "tpl_error_task"),
    }
    fields: list[_Field] = []
    for column in data_sheet.columns:
        field = _schema_field(column, lang, len(fields))
        if column.key in pick:
            source, code = pick[column.key]
            field = replace(field, validation={
                "validate": "list", "source": source, "error_message": text(code, lang)})
        fields.append(field)
        fields.extend(lookups.get(column.key, []))
    _render_sheet(sheet, fields, styles, lang)
    sheet.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True,
                       "delete_rows": True, "sort": True, "autofilter": True})
    note = (text(guide_code, lang, unit=choices.unit_code) if choices.unit_code
            else text("tpl_guide_all_units", lang))
    _write_guide(workbook, styles, book, file_name, lang, note)
    _write_lists(workbook, choices)


def _write_lists(workbook: Workbook, choices: WorklogChoices) -> None:
    """The hidden sheet behind the dropdowns and lookups, one defined name per column."""
    sheet = workbook.add_worksheet(LISTS_SHEET)
    columns: dict[str, list[str | float]] = {
        "A": [s[0] for s in choices.staff], "B": [s[1] for s in choices.staff],
        "C": [s[2] for s in choices.staff],
        "E": [t[0] for t in choices.tasks], "F": [t[1] for t in choices.tasks],
        "H": list(choices.norms), "I": list(choices.norms.values()),
    }
    if choices.converted:
        columns.update({"K": list(choices.converted), "L": list(choices.converted.values())})
    for letter, values in columns.items():
        col = ord(letter) - ord("A")
        name = _LISTS[letter]
        sheet.write_string(0, col, name)
        for row, value in enumerate(values, start=1):
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write_number(row, col, value)
        workbook.define_name(name, f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}")
    sheet.protect()
    sheet.hide()


def _required_text(column: Column, lang: str) -> str:
    if not column.required:
        return text("tpl_optional", lang)
    return text("tpl_nullable" if column.nullable else "tpl_required", lang)


def _allowed_text(column: Column, lang: str) -> str:
    if column.enum is not None:
        allowed = " / ".join(column.enum.labels(lang))
    elif column.allowed:
        allowed = " / ".join(_shown(value, lang) for value in column.allowed)
    elif column.kind in ("number", "integer"):
        allowed = text(f"tpl_kind_{column.kind}", lang, range=_range_text(column, lang)).strip()
    else:
        allowed = text(f"tpl_kind_{column.kind}", lang)
    if column.default is not None:
        default = column.default
        if column.enum is not None:
            shown = column.enum.label_of(str(default), lang)
        elif isinstance(default, int | float):
            shown = _shown(default, lang)
        else:
            shown = str(default)
        allowed += "; " + text("tpl_default", lang, value=shown)
    return allowed


def _write_guide(
    workbook: Workbook, styles: _Styles, book: WorkbookKind, file_name: str, lang: str,
    note: str = "",
) -> None:
    """The guide sheet: what each sheet is for and every column's rules, from the schemas."""
    sheet = workbook.add_worksheet(text("tpl_guide_sheet", lang))
    for col, width in enumerate((22, 26, 18, 24, 36, 70)):
        sheet.set_column(col, col, width)
    book_label = book.vi if lang == "vi" else book.key
    sheet.write_string(0, 0, text("tpl_guide_title", lang, file=file_name, book=book_label),
                       styles.title)
    sheet.merge_range(1, 0, 1, 5, text("tpl_guide_intro", lang), styles.wrap)
    sheet.set_row(1, 48)
    row = 2
    if note:
        sheet.merge_range(row, 0, row, 5, note, styles.wrap)
        sheet.set_row(row, 32)
        row += 1
    row += 1
    heads = ("sheet", "label", "key", "required", "allowed", "help")
    for col, head in enumerate(heads):
        sheet.write_string(row, col, text(f"tpl_head_{head}", lang), styles.header)
    sheet.freeze_panes(row + 1, 0)
    header_row = row
    for sheet_kind in book.sheets:
        row += 1
        name = sheet_kind.label(lang)
        about = sheet_kind.help_vi if lang == "vi" else sheet_kind.help_en
        if not sheet_kind.required:
            about += f" ({text('tpl_sheet_optional', lang)})"
        sheet.write_string(row, 0, name, styles.bold_wrap)
        sheet.merge_range(row, 1, row, 5, about, styles.bold_wrap)
        for column in sheet_kind.columns:
            row += 1
            cells = (name, column.label(lang), column.key, _required_text(column, lang),
                     _allowed_text(column, lang), column.help(lang))
            for col, value in enumerate(cells):
                sheet.write_string(row, col, value, styles.wrap)
    print_setup(sheet, lang, repeat_row=header_row)
