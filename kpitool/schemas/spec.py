"""The vocabulary every sheet is described in: columns, enumerations, sheets, workbooks.

One description per sheet serves the readers (header matching, type coercion), the pandera
schemas (ranges, uniqueness), the Excel templates (labels, dropdowns, help) and the messages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "id", "date", "number", "integer", "enum", "bool", "period", "codes"]


def fold(text: object) -> str:
    """Normalise a label or enumeration value for matching: NFC, trimmed, case-folded."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


@dataclass(frozen=True)
class Choice:
    """One value of an enumeration: its canonical key, Vietnamese label and other spellings."""

    key: str
    vi: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.key


@dataclass(frozen=True)
class Enumeration:
    """A closed set of values; cells may hold the Vietnamese label, the key or an alias."""

    name: str
    choices: tuple[Choice, ...]

    def lookup(self) -> dict[str, str]:
        """Folded spelling → canonical key."""
        table: dict[str, str] = {}
        for choice in self.choices:
            for spelling in (choice.key, choice.vi, *choice.aliases):
                table[fold(spelling)] = choice.key
                table[fold(strip_accents(spelling))] = choice.key
        return table

    def keys(self) -> list[str]:
        return [c.key for c in self.choices]

    def labels(self, lang: str) -> list[str]:
        return [c.label(lang) for c in self.choices]

    def label_of(self, key: str, lang: str = "vi") -> str:
        for choice in self.choices:
            if choice.key == key:
                return choice.label(lang)
        return key


def strip_accents(text: str) -> str:
    """'Đã duyệt' → 'Da duyet': some offices type without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: canonical key, Vietnamese label, type and constraints."""

    key: str
    vi: str
    kind: ColumnKind
    help_vi: str
    help_en: str
    required: bool = True  # the column must be present in the sheet
    nullable: bool = False  # a cell may be blank
    default: object = None  # value given to a blank cell (only where the spec says so)
    enum: Enumeration | None = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    allowed: tuple[float, ...] | None = None  # a number restricted to these values
    aliases: tuple[str, ...] = ()  # other header spellings seen in the field

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.key

    def help(self, lang: str) -> str:
        return self.help_vi if lang == "vi" else self.help_en

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.vi, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """A sheet kind: how it is named and which columns it holds."""

    key: str
    vi: str
    columns: tuple[Column, ...]
    required: bool = True  # the sheet must be in its workbook
    unique: tuple[tuple[str, ...], ...] = ()  # column sets whose values may not repeat
    help_vi: str = ""
    help_en: str = ""
    # headers of read-only lookup columns that templates add (a name beside an ID): read quietly
    lookups: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.key

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


@dataclass(frozen=True)
class WorkbookKind:
    """A kind of input workbook (catalog, norms, worklogs, assessments), known by its sheets."""

    key: str
    vi: str
    sheets: tuple[Sheet, ...] = field(default_factory=tuple)

    def sheet(self, key: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.key == key:
                return sheet
        raise KeyError(key)
