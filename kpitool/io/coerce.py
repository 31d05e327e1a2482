"""Turn the raw text of a column into its typed values, vectorised, reporting every bad cell.

Each coercer takes a Series of raw values (strings as read from the sheet, or already-typed
values from Parquet) and returns the typed Series and a boolean mask of the cells that could
not be read (the caller turns those into issues).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from kpitool.periodtext import period_key
from kpitool.schemas.spec import Column, fold

EARLIEST_YEAR = 1900
# Excel's serial numbers are right from 1 March 1900 on: before it Excel counts a 29 February
# 1900 that never was, so serial 60 reads as 28/02/1900 (like serial 59). Earlier days refused.
EARLIEST_DATE = date(1900, 3, 1)
LATEST_YEAR = 2100

_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*$")


@dataclass
class Coerced:
    """Typed values, the mask of unreadable cells, and the issue code for them."""

    values: pd.Series
    bad: np.ndarray
    code: str


def blank_mask(raw: pd.Series) -> np.ndarray:
    """Cells that are empty or only white space."""
    if raw.dtype.kind in "fiumMb":
        return raw.isna().to_numpy()
    text = raw.astype("string")
    return (text.isna() | (text.str.strip() == "")).to_numpy(dtype=bool)


# zero-width space, non-joiner, joiner, word joiner, BOM: invisible, pasted in from web pages
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = f"[{INVISIBLE}]"


def clean_text(raw: pd.Series) -> pd.Series:
    """NFC-normalised, trimmed text without invisible characters; blank → missing."""
    if raw.dtype.kind in "fiu":
        raw = raw.map(_number_as_text, na_action="ignore")
    text = raw.astype("string")
    if _has_invisible(text):
        text = text.str.replace(_INVISIBLE, "", regex=True)
    text = text.str.strip().replace("", pd.NA)
    if _all_nfc(text):
        return text
    table = {value: unicodedata.normalize("NFC", value)
             for value in text.unique() if value is not pd.NA}
    if any(key != value for key, value in table.items()):
        text = _map_distinct(text, table.__getitem__)
    return text


def _has_invisible(text: pd.Series) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        found = pc.any(pc.match_substring_regex(pa.array(text.array), _INVISIBLE)).as_py()
    except (pa.ArrowException, TypeError, ValueError):
        return True
    return bool(found)


def _all_nfc(text: pd.Series) -> bool:
    """Whether every value is already NFC, asked of Arrow's kernel in one pass (a Python call per
    distinct value costs seconds on a column of ten million references)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pa.array(text.array)
        return bool(pc.all(pc.equal(pc.utf8_normalize(values, "NFC"), values)).as_py() is not False)
    except (pa.ArrowException, TypeError, ValueError):
        return False


def _map_distinct(text: pd.Series, convert: Callable[[str], str | None]) -> pd.Series:
    """Text converted once per distinct value (None → missing; blank stays missing)."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([convert(value) for value in uniques] + [None], dtype=object)
    return pd.Series(table[codes], index=text.index, dtype="string")


def _number_as_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def to_date(raw: pd.Series) -> Coerced:
    """Excel dates, d/m/yyyy, dd/mm/yyyy and ISO text → datetime64 at midnight. Day first."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = pd.to_datetime(raw).dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
        values = values.dt.normalize()
        bad = _out_of_range(values)  # before the cast: year 9999 does not fit nanoseconds
        return Coerced(values.where(~bad).astype("datetime64[ns]"), bad, "bad_date")
    text = clean_text(raw)
    # parsed once per distinct text: a handful of pandas calls cost more than a few hundred dates
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([_date_of(value) for value in uniques] + [np.datetime64("NaT")],
                     dtype="datetime64[ns]")
    result = pd.Series(table[codes], index=raw.index)
    bad = (codes >= 0) & result.isna().to_numpy()
    return Coerced(result, bad, "bad_date")


def _date_of(text: str) -> np.datetime64:
    """The day written as d/m/yyyy or ISO (time of day ignored); NaT when there is none."""
    dmy = _DMY.search(text)
    if dmy:
        day, month, year = dmy.groups()
    else:
        iso = _ISO.search(text)
        if iso is None:
            return np.datetime64("NaT")
        year, month, day = iso[1], iso[2], iso[3]
    try:
        # a year such as 9999 or 0001 does not fit datetime64[ns]: refuse it before building it
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            return np.datetime64("NaT")
        day_of = date(int(year), int(month), int(day))
        return np.datetime64(day_of, "ns") if day_of >= EARLIEST_DATE else np.datetime64("NaT")
    except ValueError:
        return np.datetime64("NaT")


def _out_of_range(values: pd.Series) -> np.ndarray:
    early = values < pd.Timestamp(EARLIEST_DATE)
    return (values.notna() & (early | (values.dt.year > LATEST_YEAR))).to_numpy(dtype=bool)


def to_number(raw: pd.Series) -> Coerced:
    """Numbers; text with a decimal comma (1,5) or Vietnamese grouping (1.234,5) accepted."""
    if raw.dtype.kind in "fiu":
        values = raw.astype("float64")
        bad = ~np.isfinite(values.to_numpy()) & values.notna().to_numpy()
        return Coerced(values.where(~bad), bad, "bad_number")
    text = clean_text(raw)
    # the spellings are normalised once per distinct text, in Python: cheaper than a chain of
    # pandas string calls on the few hundred values of a column
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    normal = pd.Series([_number_text(value) for value in uniques] + [None], dtype=text.dtype)
    table = pd.to_numeric(normal, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    values = table[codes]
    finite = np.isfinite(values)
    bad = (codes >= 0) & ~finite
    return Coerced(pd.Series(np.where(finite, values, np.nan), index=raw.index), bad, "bad_number")


_GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(?:\.\d{3})+\s*$")  # 1.000, 12.500, 1.234.567
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d*,\d+\s*$")  # 2,5


def ambiguous_numbers(raw: pd.Series) -> np.ndarray:
    """Cells like `1.000` in a column that also writes a decimal comma (`2,5`): a thousands
    dot (1000) or a decimal point (1)? Empty mask when the column has no decimal comma."""
    if raw.dtype.kind in "fiub":
        return np.zeros(len(raw), dtype=bool)
    # each distinct text matched once, then spread over the rows: pandas runs a compiled
    # pattern cell by cell, holding the interpreter (0.15-0.19 s a 500,000-row column)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    texts = [str(value) for value in uniques]
    if not any(_DECIMAL_COMMA.match(value) for value in texts):
        return np.zeros(len(raw), dtype=bool)
    table = np.array([bool(_GROUPED.match(value)) for value in texts] + [False])  # + missing
    return table[codes]


def _number_text(text: str) -> str:
    """'1.234,5' → '1234.5', '1,5' → '1.5': Vietnamese grouping and decimal comma."""
    normal = text.replace("\u00a0", "").replace(" ", "")
    if "," in normal and "." in normal:
        normal = normal.replace(".", "")
    return normal.replace(",", ".")


def to_integer(raw: pd.Series) -> Coerced:
    """Whole numbers (2 or 2,0); 2,5 is reported."""
    number = to_number(raw)
    values = number.values.to_numpy()
    with np.errstate(invalid="ignore"):  # beyond 2**53 a float is no longer a whole count
        whole = np.isnan(values) | ((values == np.round(values)) & (np.abs(values) < 2.0**53))
    bad = number.bad | ~whole
    integers = pd.Series(np.where(whole, values, np.nan), index=raw.index).astype("Int64")
    return Coerced(integers, bad, "bad_integer")


def to_enum(raw: pd.Series, column: Column) -> Coerced:
    """Vietnamese labels, canonical keys and aliases → canonical keys."""
    assert column.enum is not None
    text = clean_text(raw)
    table = column.enum.lookup()
    values = _map_distinct(text, lambda value: table.get(fold(value)))
    bad = (text.notna() & values.isna()).to_numpy(dtype=bool)
    return Coerced(values, bad, "bad_enum")


def to_bool(raw: pd.Series, column: Column) -> Coerced:
    """Có/Không, yes/no, TRUE/FALSE → booleans."""
    if raw.dtype.kind == "b":
        return Coerced(raw.astype("boolean"), np.zeros(len(raw), dtype=bool), "bad_enum")
    keys = to_enum(raw, column)
    values = (keys.values == "yes").astype("boolean")
    return Coerced(values, keys.bad, "bad_enum")


def to_period(raw: pd.Series) -> Coerced:
    """A period as people write it (`kpitool.periodtext.period_key`), or an Excel date on the
    1st of a month → '2026-03', '2026-Q1', '2026-H1', '2026'."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        raw = raw.dt.strftime("%Y-%m-%d")
    text = clean_text(raw)
    values = _map_distinct(text, _period_key)
    bad = (text.notna() & values.isna()).to_numpy(dtype=bool)
    return Coerced(values, bad, "bad_period")


def _period_key(value: str) -> str | None:
    key = period_key(value)
    if key is not None:
        return key
    iso = _ISO.match(value)
    if iso and int(iso[3]) == 1 and 1 <= int(iso[2]) <= 12:
        # Excel turns a typed "2026-03" into the date 1/3/2026.
        return f"{int(iso[1]):04d}-{int(iso[2]):02d}"
    return None


def to_codes(raw: pd.Series) -> Coerced:
    """'P1, P2;P3' → 'P1,P2,P3' (blank stays missing)."""
    text = clean_text(raw)
    values = text.str.split(r"\s*[,;]\s*", regex=True).map(
        lambda parts: ",".join(p for p in parts if p), na_action="ignore"
    ).astype("string")
    values = values.where(values != "")
    return Coerced(values, np.zeros(len(raw), dtype=bool), "")


TYPED_KINDS = {"date", "number", "integer", "enum", "bool", "period", "codes"}  # not plain text


def coerce(raw: pd.Series, column: Column) -> Coerced:
    """Typed values of a column; text with few distinct values is parsed once per value."""
    if raw.dtype.kind not in "fiumMb" and len(raw) > 1000:
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        if len(uniques) < len(raw) // 4:
            # the distinct values and, last, a blank cell: one call, as every coercer is per cell
            distinct = _coerce(pd.Series([*uniques, None], dtype=raw.dtype), column)
            if column.kind not in TYPED_KINDS and pd.api.types.is_string_dtype(raw.dtype) and \
                    all(isinstance(clean, str) and clean == value for clean, value in
                        zip(distinct.values.iloc[:-1].tolist(), uniques, strict=True)):
                return Coerced(raw, np.zeros(len(raw), dtype=bool), distinct.code)  # clean
            take = np.where(codes < 0, len(uniques), codes)
            return Coerced(distinct.values.iloc[take].set_axis(raw.index), distinct.bad[take],
                           distinct.code)
    return _coerce(raw, column)


def _coerce(raw: pd.Series, column: Column) -> Coerced:
    """Dispatch on the column's kind."""
    if column.kind == "date":
        return to_date(raw)
    if column.kind == "number":
        return to_number(raw)
    if column.kind == "integer":
        return to_integer(raw)
    if column.kind == "enum":
        return to_enum(raw, column)
    if column.kind == "bool":
        return to_bool(raw, column)
    if column.kind == "period":
        return to_period(raw)
    if column.kind == "codes":
        return to_codes(raw)
    return Coerced(clean_text(raw), np.zeros(len(raw), dtype=bool), "")


def empty_series(column: Column, length: int, index: pd.Index) -> pd.Series:
    """A column of missing values of the column's type."""
    dtype = {
        "date": "datetime64[ns]",
        "number": "float64",
        "integer": "Int64",
        "bool": "boolean",
    }.get(column.kind, "string")
    if dtype == "string":
        import pyarrow as pa

        return pd.Series(pd.arrays.ArrowStringArray(pa.nulls(length, pa.string())), index=index)
    if dtype in ("Int64", "boolean"):
        data = np.zeros(length, dtype="int64" if dtype == "Int64" else bool)
        return pd.Series(pd.array(data, dtype=dtype), index=index).where(
            np.zeros(length, dtype=bool))
    return pd.Series(np.full(length, np.nan if dtype == "float64" else np.datetime64("NaT"),
                             dtype=dtype), index=index)
