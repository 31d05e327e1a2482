"""The decree's paperwork as plain data: Form 01, Form 02 and the public results list.

Mẫu số 01 (phiếu theo dõi, đánh giá công chức, Art. 17.2) for a month or a quarter, Mẫu số 02
(phiếu xếp loại chất lượng công chức, Art. 19, 21) for a year, and the list for public notice
(Art. 21.1.đ), built from one `ScoreResult` and the inputs it was scored from. Nothing here
computes a score: every number is read from the result, so the forms, the JSON and the
workbooks cannot disagree. A value the data does not hold is None, and the form keeps a blank
to fill by hand (never a zero). Words and formats are chosen by `kpitool.reports.wordforms`.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from kpitool.schemas.assessments import GENERAL_ITEM_KEYS

if TYPE_CHECKING:
    from kpitool.data import InputData
    from kpitool.scoring import ScoreResult

LEVEL_KEYS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
FORM01_TEXTS = ("strengths", "weaknesses", "reviewer_comment")
# Why a blank stays on a form (each a message `forms_blank_<reason>`).
BLANK_REASONS = ("no_items", "no_general", "not_assessed", "no_position", "no_supervisor",
                 "no_texts", "months_missing", "not_classified", "no_self_level")


@dataclass(frozen=True)
class Person:
    """Who a form is about, and who signs for the authority."""

    staff_id: str
    full_name: str
    position: str | None
    unit_code: str
    unit_name: str | None
    agency_name: str | None
    supervisor_name: str | None


@dataclass
class Form01:
    """Mẫu số 01 for one person and one month or quarter."""

    person: Person
    items: list[float | None]  # the ten general items, in GENERAL_ITEM_KEYS order
    items_total: float | None  # column (4) "Tổng cộng": the items' sum, else self_score
    general_score: float | None
    task_score: float | None
    total: float | None
    strengths: str | None
    weaknesses: str | None
    reviewer_comment: str | None
    blanks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MonthLine:
    """One month of Form 02: its total, or why there is none (a `forms_note_*` key)."""

    month: int
    total: float | None
    note: str | None
    cycle: str | None  # the cycle the total comes from (a quarter under quarterly cycles)


@dataclass
class Form02:
    """Mẫu số 02 for one person and one year."""

    person: Person
    months: list[MonthLine]
    mean: float | None
    self_level: str | None
    level: str | None
    not_classified: str | None  # why the authority's level is "Không xếp loại"
    proposal: str | None
    blanks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoticeLine:
    """One line of the public results list."""

    staff_id: str
    full_name: str
    position: str | None
    unit_code: str
    total: float | None
    level: str | None
    not_classified: str | None


@dataclass
class UnitForms:
    """Every form of one unit, in the order of the unit's ranking, and its notice list."""

    unit_code: str
    unit_name: str | None
    agency_name: str | None
    forms: list[Form01 | Form02]
    notice: list[NoticeLine]


@dataclass
class FormsBook:
    """All forms of a run: the period, the units, and the agency-wide notice list."""

    period_key: str
    period_kind: str  # month, quarter or year
    year: int
    number: int
    units: list[UnitForms]
    notice: list[NoticeLine]

    def all_forms(self) -> list[Form01 | Form02]:
        return [form for unit in self.units for form in unit.forms]


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    shown = unicodedata.normalize("NFC", str(value)).strip()
    return shown or None


def _lookup(frame: pd.DataFrame, key: str, value: str) -> dict[str, Any]:
    rows = frame[frame[key] == value]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _people(result: ScoreResult, data: InputData) -> dict[str, Person]:
    staff = data.staff.drop_duplicates("staff_id").set_index("staff_id")
    units = data.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    positions = data.positions.drop_duplicates("position_code").set_index(
        "position_code")["position_name"]
    people: dict[str, Person] = {}
    for row in result.staff.itertuples(index=False):
        supervisor = staff["supervisor_id"].get(row.staff_id)
        supervisor_name = (staff["full_name"].get(supervisor)
                           if _text(supervisor) is not None else None)
        people[row.staff_id] = Person(
            staff_id=str(row.staff_id), full_name=_text(row.full_name) or "",
            position=_text(positions.get(row.position_code)),
            unit_code=str(row.unit_code), unit_name=_text(units.get(row.unit_code)),
            agency_name=_text(units.get(row.top_unit_code)),
            supervisor_name=_text(supervisor_name))
    return people


def not_classified_reason(row: dict[str, Any]) -> str | None:
    """Why a person has no level: the result's `not_classified` when it carries one, else what
    the result shows (not assessed, or no general score and so no total)."""
    if isinstance(row.get("level"), str):
        return None
    given = _text(row.get("not_classified"))
    if given is not None:
        return given
    if not bool(row.get("assessed")):
        return "not_assessed"
    return "missing_general"


def _assessment(general: pd.DataFrame, staff_id: str, period_key: str) -> dict[str, Any]:
    rows = general[(general["staff_id"] == staff_id) & (general["period"] == period_key)]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _yearly_text(general: pd.DataFrame, staff_id: str, year: int, column: str) -> str | None:
    """A yearly text (`self_level`, `proposal`): from the row of the year itself, else from
    the latest row of the year that gives it."""
    own = general[(general["staff_id"] == staff_id)
                  & general["period"].fillna("").str.startswith(str(year))
                  & general[column].notna()]
    if own.empty:
        return None
    exact = own[own["period"] == str(year)]
    chosen = exact if len(exact) else own.sort_values("period")
    return _text(chosen.iloc[-1][column])


def _form01(person: Person, row: dict[str, Any], assessment: dict[str, Any]) -> Form01:
    items = [_number(assessment.get(key)) for key in GENERAL_ITEM_KEYS]
    complete = all(item is not None for item in items)
    if complete:
        items_total: float | None = round(sum(item or 0.0 for item in items), 2)
    else:
        items = [None] * len(GENERAL_ITEM_KEYS)
        items_total = _number(assessment.get("self_score"))
    form = Form01(
        person=person, items=items, items_total=items_total,
        general_score=_number(row.get("general_score")), task_score=_number(row.get("task_score")),
        total=_number(row.get("total")), strengths=_text(assessment.get("strengths")),
        weaknesses=_text(assessment.get("weaknesses")),
        reviewer_comment=_text(assessment.get("reviewer_comment")),
    )
    if not complete:
        form.blanks.append("no_items")
    if not bool(row.get("assessed")):
        form.blanks.append("not_assessed")
    elif form.general_score is None:
        form.blanks.append("no_general")
    if any(getattr(form, key) is None for key in FORM01_TEXTS):
        form.blanks.append("no_texts")
    _person_blanks(form.blanks, person)
    return form


def _person_blanks(blanks: list[str], person: Person) -> None:
    if person.position is None:
        blanks.append("no_position")
    if person.supervisor_name is None:
        blanks.append("no_supervisor")


def _month_lines(cycles: pd.DataFrame, year: int) -> list[MonthLine]:
    """The twelve months of Form 02 from the person's cycle rows (months or quarters)."""
    by_cycle = {row["cycle"]: row for row in cycles.to_dict("records")}
    lines = []
    for month in range(1, 13):
        key = f"{year:04d}-{month:02d}"
        cycle = key if key in by_cycle else f"{year:04d}-Q{(month - 1) // 3 + 1}"
        row = by_cycle.get(cycle)
        if row is None:
            lines.append(MonthLine(month, None, "no_data", None))
            continue
        total = _number(row.get("total"))
        if total is not None:
            note = None if cycle == key else "quarter"
            lines.append(MonthLine(month, total, note, cycle))
        elif not _number(row.get("working_days")):
            lines.append(MonthLine(month, None, "no_working_days", cycle))
        elif not bool(row.get("assessed")):
            lines.append(MonthLine(month, None, "not_assessed", cycle))
        else:
            lines.append(MonthLine(month, None, "missing_general", cycle))
    return lines


def _form02(person: Person, row: dict[str, Any], cycles: pd.DataFrame, general: pd.DataFrame,
            year: int) -> Form02:
    level = row.get("level") if isinstance(row.get("level"), str) else None
    form = Form02(
        person=person, months=_month_lines(cycles, year), mean=_number(row.get("total")),
        self_level=_yearly_text(general, person.staff_id, year, "self_level"),
        level=level, not_classified=not_classified_reason(row),
        proposal=_yearly_text(general, person.staff_id, year, "proposal"),
    )
    if any(line.total is None for line in form.months):
        form.blanks.append("months_missing")
    if level is None:
        form.blanks.append("not_classified")
    if form.self_level is None:
        form.blanks.append("no_self_level")
    _person_blanks(form.blanks, person)
    return form


def _notice(rows: list[dict[str, Any]], people: dict[str, Person]) -> list[NoticeLine]:
    return [
        NoticeLine(staff_id=row["staff_id"], full_name=people[row["staff_id"]].full_name,
                   position=people[row["staff_id"]].position, unit_code=row["unit_code"],
                   total=_number(row.get("total")),
                   level=row["level"] if isinstance(row.get("level"), str) else None,
                   not_classified=not_classified_reason(row))
        for row in rows
    ]


def _unit_and_below(units: pd.DataFrame, unit: str) -> set[str]:
    """`unit` and every unit whose chain of parents reaches it."""
    parent = dict(zip(units["unit_code"], units["parent_code"], strict=True))
    found: set[str] = set()
    for code in parent:
        seen: set[str] = set()
        current = code
        while isinstance(current, str) and current not in seen:
            if current == unit:
                found.add(code)
                break
            seen.add(current)
            current = parent.get(current)
    return found | {unit}


def build_forms(result: ScoreResult, data: InputData, unit: str | None = None) -> FormsBook:
    """Every form of the period, per unit (or of one unit and the units under it).

    A month or a quarter gives Form 01, a year Form 02. Within a unit, people come in the
    order of the unit's ranking (rank in unit, then the result's own order: Vietnamese name
    order for equal ranks), as the ranking sheet lists them.
    """
    period = result.period
    people = _people(result, data)
    staff = result.staff.reset_index(drop=True)
    if unit is not None:
        staff = staff[staff["unit_code"].isin(_unit_and_below(data.units, unit))]
    general = data.general
    units: list[UnitForms] = []
    unit_names = data.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    for unit_code in sorted(staff["unit_code"].dropna().unique()):
        members = staff[staff["unit_code"] == unit_code]
        members = members.assign(_order=range(len(members))).sort_values(
            ["rank_in_unit", "_order"], na_position="last", kind="stable")
        rows = members.drop(columns="_order").to_dict("records")
        forms: list[Form01 | Form02] = []
        for row in rows:
            person = people[row["staff_id"]]
            if period.kind == "year":
                own = result.cycles[result.cycles["staff_id"] == row["staff_id"]]
                forms.append(_form02(person, row, own, general, period.year))
            else:
                forms.append(_form01(person, row, _assessment(general, row["staff_id"],
                                                              period.key)))
        first = people[rows[0]["staff_id"]]
        units.append(UnitForms(unit_code=str(unit_code), unit_name=_text(unit_names.get(unit_code)),
                               agency_name=first.agency_name, forms=forms,
                               notice=_notice(rows, people)))
    return FormsBook(period_key=period.key, period_kind=period.kind, year=period.year,
                     number=period.number, units=units,
                     notice=_notice(staff.to_dict("records"), people))


def blank_counts(book: FormsBook) -> dict[str, int]:
    """How many forms keep a blank, per reason (reasons no form has are left out)."""
    counts = dict.fromkeys(BLANK_REASONS, 0)
    for form in book.all_forms():
        for reason in set(form.blanks):
            counts[reason] += 1
    return {reason: n for reason, n in counts.items() if n}


def parse_day(value: str) -> dt.date:
    """A --date value: d/m/yyyy (day first, as everywhere in kpitool) or ISO yyyy-mm-dd."""
    from kpitool.errors import UsageError
    from kpitool.io.coerce import to_date

    parsed = to_date(pd.Series([value], dtype="string"))
    if parsed.bad.any() or pd.isna(parsed.values.iloc[0]):
        raise UsageError("forms_bad_date", value=value)
    return pd.Timestamp(parsed.values.iloc[0]).date()


def forms_payload(book: FormsBook, written: list[Any]) -> dict[str, Any]:
    """The `--json` document of `kpitool forms`: every field of every form, keys not words."""
    from dataclasses import asdict

    return {
        "period": book.period_key,
        "form": "02" if book.period_kind == "year" else "01",
        "units": [{"unit_code": unit.unit_code, "unit_name": unit.unit_name,
                   "agency_name": unit.agency_name,
                   "forms": [asdict(form) for form in unit.forms],
                   "notice": [asdict(line) for line in unit.notice]} for unit in book.units],
        "notice": [asdict(line) for line in book.notice],
        "blanks": blank_counts(book),
        "outputs": [str(path) for path in written],
    }
