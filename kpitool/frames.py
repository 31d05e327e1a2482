"""Small helpers on DataFrames shared by the scoring steps."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def sort_positions(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Positions that sort `frame` by `columns` ascending, stable, missing last.

    Every key becomes integer ranks (text through its sorted distinct values); when the ranks of
    all keys fit in one 64-bit number, one stable sort of that number replaces a sort per key.
    """
    ranks: list[tuple[np.ndarray, int]] = []
    for column in columns:
        values = frame[column]
        if values.dtype.kind in "iu" and len(values) and not values.isna().any():
            low = int(values.min())
            ranks.append((values.to_numpy(dtype=np.int64) - low, int(values.max()) - low + 1))
        else:
            codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
            ranks.append((np.where(codes < 0, len(uniques), codes), len(uniques) + 1))
    if not ranks:
        return np.arange(len(frame))
    if math.prod(size for _, size in ranks) < 2**62:
        combined = np.zeros(len(frame), dtype=np.int64)
        for codes, size in ranks:
            combined = combined * size + codes
        return np.argsort(combined, kind="stable")
    return np.lexsort([codes for codes, _ in reversed(ranks)])


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
