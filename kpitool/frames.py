"""Small helpers on DataFrames shared by the scoring steps."""

from __future__ import annotations

import numpy as np
import pandas as pd


def sort_positions(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Positions that sort `frame` by `columns` ascending, stable, missing last.

    Text keys are sorted through integer codes: sorting a million text keys directly is
    several times slower.
    """
    keys = []
    for column in reversed(columns):
        values = frame[column]
        if values.dtype.kind in "iuM":
            keys.append(values.to_numpy())
        else:
            codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
            keys.append(np.where(codes < 0, len(uniques), codes))
    return np.lexsort(keys) if keys else np.arange(len(frame))


def group_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per row naming its group of `keys`, ascending as the keys sort (a missing
    value is a value of its own, after the others)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], sort=True, use_na_sentinel=True)
        codes = np.where(codes < 0, len(uniques), codes)
        combined = pd.factorize(combined * (len(uniques) + 1) + codes, sort=True)[0]
    return combined.astype(np.int64)


def map_distinct(values: pd.Series, mapping: pd.Series | dict) -> np.ndarray:
    """`values.map(mapping)` as an object array, looked up once per distinct value (missing
    where a value is missing or not in `mapping`)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    looked_up = pd.Series(np.asarray(uniques, dtype=object)).map(mapping)
    table = np.append(looked_up.to_numpy(dtype=object), np.array([None], dtype=object))
    table[pd.isna(table)] = None
    return table[codes]
