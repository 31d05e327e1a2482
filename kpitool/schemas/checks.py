"""pandera schemas, one per sheet kind, built from the sheet descriptions.

Types and enumerations are settled while reading (every unreadable cell is reported there);
these schemas check what is left on the typed frame: ranges, allowed values and uniqueness,
lazily, so that every failure is collected. pandera is imported only when a vectorised screen
finds a value that may fail: importing it costs 0.2 s, more than reading a small workbook.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpitool.schemas import SHEETS
from kpitool.schemas.spec import Column, Sheet

if TYPE_CHECKING:
    import pandera.pandas as pa


@dataclass
class Failure:
    """One failed check: the column, the frame position, the issue code and its parameters."""

    column: str
    position: int
    code: str
    value: str
    params: dict[str, object] = field(default_factory=dict)


def _fmt(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def _range_text(col: Column) -> str:
    low = "" if col.min is None else (f"> {_fmt(col.min)}" if col.min_exclusive
                                      else f"≥ {_fmt(col.min)}")
    high = "" if col.max is None else f"≤ {_fmt(col.max)}"
    return ", ".join(part for part in (low, high) if part)


def _checks(col: Column) -> list[pa.Check]:
    import pandera.pandas as pa

    checks = []
    if col.min is not None:
        checks.append(pa.Check.gt(col.min) if col.min_exclusive else pa.Check.ge(col.min))
    if col.max is not None:
        checks.append(pa.Check.le(col.max))
    if col.allowed is not None:
        checks.append(pa.Check.isin(list(col.allowed)))
    return checks


@functools.cache
def schema_for(sheet_key: str) -> pa.DataFrameSchema:
    """The pandera schema of a sheet kind."""
    import pandera.pandas as pa

    sheet = SHEETS[sheet_key]
    columns = {
        col.key: pa.Column(checks=_checks(col), nullable=True, required=True)
        for col in sheet.columns
        if _checks(col)
    }
    return pa.DataFrameSchema(columns, name=sheet.key, strict=False, coerce=False)


def _may_fail(frame: pd.DataFrame, sheet: Sheet) -> bool:
    """Whether some value may break a range or allowed-value check of the sheet's schema.

    A screen, not the check: any doubt (a missing or non-numeric column) answers True, and the
    pandera schema then decides and reports.
    """
    for col in sheet.columns:
        if col.min is None and col.max is None and col.allowed is None:
            continue
        if col.key not in frame or frame[col.key].dtype.kind not in "fiu":
            return True
        values = frame[col.key].to_numpy(dtype="float64", na_value=np.nan)
        ok = np.isnan(values)
        inside = ~ok
        if col.min is not None:
            inside &= values > col.min if col.min_exclusive else values >= col.min
        if col.max is not None:
            inside &= values <= col.max
        if col.allowed is not None:
            inside &= np.isin(values, col.allowed)
        if not (ok | inside).all():
            return True
    return False


def schema_failures(frame: pd.DataFrame, sheet: Sheet) -> Iterator[Failure]:
    """Every range and allowed-value failure, then every repeated key."""
    if frame.empty:
        return
    if _may_fail(frame, sheet):
        yield from _range_failures(frame, sheet)
    yield from _duplicate_failures(frame, sheet)


def _range_failures(frame: pd.DataFrame, sheet: Sheet) -> Iterator[Failure]:
    import pandera.pandas as pa

    schema = schema_for(sheet.key)
    positions = pd.Series(range(len(frame)), index=frame.index)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].notna()]
        for case in cases.itertuples(index=False):
            col = sheet.column(str(case.column))
            code = "not_allowed_value" if str(case.check).startswith("isin") else "out_of_range"
            params: dict[str, object] = {"range": _range_text(col)}
            if col.allowed is not None:
                params["allowed"] = ", ".join(_fmt(v) for v in col.allowed)
            value = case.failure_case
            shown = _fmt(float(value)) if isinstance(value, int | float) else str(value)
            yield Failure(str(case.column), int(positions[case.index]), code, shown, params)


def _duplicate_failures(frame: pd.DataFrame, sheet: Sheet) -> Iterator[Failure]:
    for keys in sheet.unique:
        subset = frame[list(keys)]
        present = subset.notna().all(axis=1)
        repeated = subset.duplicated(keep="first") & present
        if not repeated.any():
            continue
        first_rows = (
            frame.loc[present, list(keys)].assign(_row=frame["_row"])
            .groupby(list(keys), dropna=True, observed=True)["_row"].min()
        )
        label = " + ".join(sheet.column(k).vi for k in keys)
        for pos in repeated.to_numpy().nonzero()[0]:
            values = tuple(subset.iloc[pos])
            other = first_rows.loc[values if len(values) > 1 else values[0]]
            yield Failure(keys[-1] if len(keys) > 1 else keys[0], int(pos), "duplicate_key",
                          " / ".join(str(v) for v in values),
                          {"other_row": int(other), "label": label})
