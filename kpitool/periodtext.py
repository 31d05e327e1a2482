"""Periods as people write them (kỳ đánh giá), read into one canonical key.

One parser for the command line's `--period` and the assessments' period column, so that both
accept the same forms (SPEC §2, §3). Plain text in, a key out: `2026-04`, `2026-Q2`,
`2026-H1`, `2026`; no other kpitool module is imported.
"""

from __future__ import annotations

import re
import unicodedata


def _folded(text: str) -> str:
    """Lower case, without accents (đ → d), spaces around separators removed: the forms a
    person types for a period compare alike ('Tháng 4/2026', 'thang 4 / 2026')."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s*([-/.])\s*", r"\1", " ".join(plain.split()))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUMBER = r"(\d{1,2}|iv|i{1,3})"
# (pattern, kind, group of the year, group of the number); tried in order on the folded text
_FORMS = (
    (re.compile(r"^(?:nam )?(\d{4})$"), "year", 1, 0),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month", 1, 2),
    (re.compile(r"^(?:t|thang ?)?(\d{1,2})(?:[-/.]| nam )(\d{4})$"), "month", 2, 1),
    (re.compile(r"^(\d{4})-? ?q ?([1-4])$"), "quarter", 1, 2),
    (re.compile(rf"^(?:q|quy) ?{_NUMBER}(?:[-/.]| nam | )(\d{{4}})$"), "quarter", 2, 1),
    (re.compile(r"^(\d{4})-? ?h ?([12])$"), "half", 1, 2),
    (re.compile(r"^h ?([12])(?:[-/.]| nam | )(\d{4})$"), "half", 2, 1),
    (re.compile(r"^6 thang (dau|cuoi) nam (\d{4})$"), "half", 2, 1),
)
_COUNT = {"month": 12, "quarter": 4, "half": 2}


def period_key(text: str) -> str | None:
    """The canonical key of a period written the way people write it, or None.

    Months: 2026-04, 4/2026, 04/2026, T4/2026, tháng 4/2026, tháng 4 năm 2026. Quarters:
    2026-Q2, Q2/2026, Q2-2026, quý 2/2026, quý II năm 2026. Half-years: 2026-H1, H1/2026,
    6 tháng đầu năm 2026. Years: 2026, năm 2026. One parser for `--period` and for the
    assessments' period column (SPEC §2, §3).
    """
    folded = _folded(text)
    for pattern, kind, year_group, number_group in _FORMS:
        match = pattern.match(folded)
        if not match:
            continue
        year = int(match[year_group])
        if kind == "year":
            return f"{year:04d}"
        raw = match[number_group]
        number = {"dau": 1, "cuoi": 2}.get(raw) or _ROMAN.get(raw) or int(raw)
        if not 1 <= number <= _COUNT[kind]:
            return None
        return f"{year:04d}-{number:02d}" if kind == "month" else \
            f"{year:04d}-{'Q' if kind == 'quarter' else 'H'}{number}"
    return None
