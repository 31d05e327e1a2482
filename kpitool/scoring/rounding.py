"""Rounding of reported numbers (SPEC §3): half-up to two decimals, scalar and vectorised."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd


def round2(value: float | None) -> float:
    """Half-up to 2 decimals after rounding to 9 (SPEC §3): 55.625 → 55.63, 89.995 → 90.0."""
    if value is None or pd.isna(value):
        return math.nan
    exact = Decimal(repr(round(float(value), 9)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


EXACT_BELOW = 1e6  # |value| under which the vectorised rounding is exact (see round_array)


def round_array(values: np.ndarray) -> np.ndarray:
    """`round2` of every value, vectorised.

    A value rounded to 9 decimals, times 100, has at most 7 decimals: rounding that product
    to 7 decimals removes the binary noise (1.005 × 100 = 100.49999999999999 → 100.5), and the
    half-up step is then exact. Values too large for 7 exact decimals take `round2`'s path.
    """
    x = np.round(np.asarray(values, dtype="float64"), 9)
    scaled = np.round(np.abs(x) * 100, 7)
    out = np.copysign(np.floor(scaled + 0.5) / 100, x)
    large = np.flatnonzero(np.abs(x) >= EXACT_BELOW)
    for i in large.tolist():
        out[i] = round2(float(x[i]))
    return out


def round_series(values: pd.Series) -> pd.Series:
    """`round2` of every value."""
    return pd.Series(round_array(values.astype("float64").to_numpy(na_value=np.nan)),
                     index=values.index, dtype="float64")

