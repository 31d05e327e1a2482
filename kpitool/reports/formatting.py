"""How a key or a value reads to a person, in `lang`: the one place labels and formats are chosen.

Data carry keys until they are rendered: a level is `HTXSNV`, a flag `flag_pending_at_close`, a
status `approved`, a severity `warning`. Every writer (terminal, xlsx, CSV, HTML, `explain`)
turns them into words here, from the message catalog (`kpitool.messages`) and the input
vocabulary (`kpitool.schemas`), and numbers and dates into text the same way: a decimal comma and
`.` between thousands in Vietnamese, the reverse in English; dates d/m/yyyy in both.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

import pandas as pd

from kpitool import numbers
from kpitool.messages import text
from kpitool.schemas import WORKBOOKS
from kpitool.schemas.enums import POSITION_GROUP, QUALITY, STATUS
from kpitool.schemas.spec import Enumeration

# Columns of the result frames whose values are keys of an input enumeration.
ENUM_COLUMNS: Mapping[str, Enumeration] = {
    "status": STATUS, "quality": QUALITY, "position_group": POSITION_GROUP,
    # a duty group is the user's own name, or a position group's key when none is given
    "duty_group": POSITION_GROUP,
}
MISSING = "—"
_BOOKS = {book.key: book for book in WORKBOOKS}


def is_missing(value: object) -> bool:
    """None, NA, NaT and NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value: object, lang: str, decimals: int = 2, missing: str = MISSING) -> str:
    """`1.234,56` in Vietnamese, `1,234.56` in English; `missing` for no value."""
    if is_missing(value) or value == "":
        return missing
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return numbers.fixed(value, decimals, lang)


def day(value: object, missing: str = "") -> str:
    """A date as d/m/yyyy (from a date, a timestamp or ISO text `yyyy-mm-dd`)."""
    if is_missing(value):
        return missing
    if isinstance(value, str):
        try:
            return day(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value)


def level(key: object, lang: str) -> str:
    """The name of a level (`HTXSNV` → 'Hoàn thành xuất sắc nhiệm vụ' / 'Excellent'); '' for none."""
    return "" if is_missing(key) or key == "" else text(f"level_{key}", lang)


def level_names(keys: Iterable[str], lang: str) -> dict[str, str]:
    """Each level key's name."""
    return {key: level(key, lang) for key in keys}


def flag_kind(code: str, lang: str) -> str:
    """The short name of a flag kind (`flag_pending_at_close` → 'Pending at period close')."""
    return text(f"flagkind_{code}", lang)


def flag_kinds(codes: object, lang: str) -> str:
    """A person's flags (a list of codes) as their kinds' names, comma-separated."""
    if not isinstance(codes, list | tuple):
        return ""
    return ", ".join(flag_kind(code, lang) for code in codes)


def flag_message(code: str, params: object, lang: str) -> str:
    """The full text of one flag."""
    return text(code, lang, **(params if isinstance(params, dict) else {}))


def basis(key: object, assessed: object, lang: str) -> str:
    """What a person's scores were compared with (`assigned`, `capacity`); for a longer period
    whose cycles used both, 'mixed'; nothing for someone not assessed."""
    if isinstance(key, str):
        return text(f"basis_{key}", lang)
    return text("basis_mixed", lang) if assessed is True else ""


def not_classified(key: object, lang: str) -> str:
    """Why a person has no level (`short_employment` …), in words; nothing when classified."""
    return text(f"not_classified_{key}", lang) if isinstance(key, str) else ""


def severity(key: str, lang: str) -> str:
    """'error', 'warning', 'notice' in words."""
    return text(f"ui_{key}", lang)


def yes_no(value: object, lang: str) -> str:
    """Yes or no in words; '' for no value."""
    if is_missing(value):
        return ""
    return text("ui_yes" if bool(value) else "ui_no", lang)


def enum_value(column: str, key: object, lang: str) -> str:
    """A key of an input enumeration (`status` `approved` → 'Đã duyệt' / 'approved')."""
    if is_missing(key):
        return ""
    return ENUM_COLUMNS[column].label_of(str(key), lang)


def input_kind(key: str, lang: str) -> str:
    """The kind of an input workbook (`norms` → 'Định mức' / 'norms')."""
    book = _BOOKS[key]
    return book.vi if lang == "vi" else book.key


def cycle_kind(key: str, lang: str) -> str:
    """The rules' scoring cycle (`month`, `quarter`) in words."""
    return text(f"html_cycle_{key}", lang)
