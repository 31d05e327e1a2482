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


def group_codes(frame: pd.DataFrame, keys: list[str], sort: bool = True) -> np.ndarray:
    """One integer per row naming its group of `keys`, 0 … groups - 1: ascending as the keys
    sort (a missing value is a value of its own, after the others), or with `sort=False` in
    order of first appearance (cheaper, for finding groups only)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], sort=sort, use_na_sentinel=True)
        codes = np.where(codes < 0, len(uniques), codes)
        combined = pd.factorize(combined * (len(uniques) + 1) + codes, sort=sort)[0]
    return combined.astype(np.int64)


def group_sums(frame: pd.DataFrame, keys: list[str], column: str) -> tuple[np.ndarray, np.ndarray]:
    """`group_codes` of `keys` and, for each group, the sum of `column` (missing counts 0)."""
    codes = group_codes(frame, keys)
    values = np.nan_to_num(frame[column].to_numpy(dtype="float64", na_value=np.nan))
    return codes, np.bincount(codes, weights=values)


def map_distinct(values: pd.Series, mapping: pd.Series | dict) -> np.ndarray:
    """`values.map(mapping)` as an object array, looked up once per distinct value (missing
    where a value is missing or not in `mapping`)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    looked_up = pd.Series(np.asarray(uniques, dtype=object)).map(mapping)
    table = np.append(looked_up.to_numpy(dtype=object), np.array([None], dtype=object))
    table[pd.isna(table)] = None
    return table[codes]


def first_rows(codes: np.ndarray) -> np.ndarray:
    """For dense group codes (0 … k - 1, as `group_codes` gives), the position of each group's
    first row, in code order (one pass, no sort)."""
    count = int(codes.max()) + 1 if len(codes) else 0
    first = np.empty(count, dtype=np.int64)
    positions = np.arange(len(codes), dtype=np.int64)
    first[codes[::-1]] = positions[::-1]  # the last write, the earliest row, wins
    return first
