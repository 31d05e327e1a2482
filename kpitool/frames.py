"""Small helpers on DataFrames shared by the scoring steps, the checks and the flags.

Everything here is linear in rows where it can be: keys become small integer codes (a
category's own codes, or `pd.factorize` once), several keys one mixed-radix number, and rows are
put in order by numpy's radix sort of 16-bit numbers (one pass per 16 bits) instead of a
comparison sort of ten million 64-bit numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

RADIX_BITS = 32  # keys below 2**32 are ordered by two radix passes; larger ones by a timsort
DIRECT_SPAN = 1 << 22  # combined codes up to this many (or 4 per row) are counted directly


def empty_like(frame: pd.DataFrame) -> pd.DataFrame:
    """No rows, `frame`'s columns and types (an empty slice would keep its rows alive)."""
    return pd.DataFrame({column: pd.array([], dtype=dtype)
                         for column, dtype in frame.dtypes.items()})


def value_codes(values: pd.Series | pd.Index, sort: bool = True) -> tuple[np.ndarray, int]:
    """Each value as an integer 0 … size - 1 and the size: ascending as the values sort (a
    category in the order of its categories, as `pd.factorize` does), a missing value last.

    A category gives its own codes (no hashing); other values are factorized once; without
    `sort`, in order of first appearance (cheaper, for telling groups apart only).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes if isinstance(values, pd.Series) else values.codes)
        size = len(values.dtype.categories)
    else:
        codes, uniques = pd.factorize(values, sort=sort, use_na_sentinel=True)
        size = len(uniques)
    codes = codes.astype(np.int64)
    codes[codes < 0] = size
    return codes, size + 1


def key_codes(frame: pd.DataFrame, keys: list[str], sort: bool = True) -> tuple[np.ndarray, int]:
    """One integer per row for its values of `keys` and the size of their range: ascending as
    the keys sort (missing values last), equal for rows with equal keys, not dense (codes of
    key combinations no row has are skipped). Beyond 64 bits, the codes are made dense."""
    combined = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for key in keys:
        codes, span = value_codes(frame[key], sort)
        if size * span >= 2**62:
            combined, size = dense_codes(combined, size)
        combined = combined * span + codes
        size *= span
    return combined, size


def dense_codes(codes: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """`codes` renumbered 0 … k - 1 in the same order (the k values that occur), and k."""
    if size <= max(DIRECT_SPAN, 4 * len(codes)):
        present = np.bincount(codes, minlength=size) > 0
        number = np.cumsum(present) - 1
        return number[codes], int(present.sum())
    dense, uniques = pd.factorize(codes, sort=True)
    return dense.astype(np.int64), len(uniques)


BUCKETS = (16_777_213, 16_777_199, 16_777_183, 16_777_153)  # primes below 2**24


def repeated(codes: np.ndarray) -> np.ndarray:
    """Whether each of the non-negative `codes` occurs more than once, in time linear in rows:
    the codes are counted in buckets (their remainder by one prime, then another), where a row
    alone in its bucket is alone for sure; only the few rows left are hashed."""
    left = np.arange(len(codes))
    for prime in BUCKETS:
        if len(left) <= 1 << 16:
            break
        buckets = codes[left] % prime
        left = left[np.bincount(buckets, minlength=prime)[buckets] > 1]
    out = np.zeros(len(codes), dtype=bool)
    out[left[pd.Series(codes[left]).duplicated(keep=False).to_numpy()]] = True
    return out


def stable_order(codes: np.ndarray, size: int) -> np.ndarray:
    """Positions that sort the non-negative `codes` (all below `size`) ascending, stable: radix
    passes of 16 bits (linear in rows) when the codes fit in 32 bits."""
    if size <= 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    if size <= 1 << RADIX_BITS:
        order = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
        high = (codes >> 16).astype(np.uint16)
        return order[np.argsort(high[order], kind="stable")]
    return np.argsort(codes, kind="stable")


def sort_positions(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Positions that sort `frame` by `columns` ascending, stable, missing last.

    Every key becomes integer ranks (text through its sorted distinct values); when the ranks of
    all keys fit in one 64-bit number, one stable sort of that number (none when the rows are in
    order already) replaces a sort per key.
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
    size = math.prod(span for _, span in ranks)
    if size < 2**62:
        combined = np.zeros(len(frame), dtype=np.int64)
        for codes, span in ranks:
            combined = combined * span + codes
        if is_ascending(combined):
            return np.arange(len(frame))
        return stable_order(combined, size)
    return np.lexsort([codes for codes, _ in reversed(ranks)])


def is_ascending(values: np.ndarray) -> bool:
    """Whether `values` never decrease (one pass)."""
    return bool(len(values) < 2 or (values[1:] >= values[:-1]).all())


def group_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per row naming its group of `keys`, 0 … groups - 1, ascending as the keys
    sort (a missing value is a value of its own, after the others)."""
    codes, size = key_codes(frame, keys)
    return dense_codes(codes, size)[0]


def group_sums(frame: pd.DataFrame, keys: list[str], column: str) -> tuple[np.ndarray, np.ndarray]:
    """`group_codes` of `keys` and, for each group, the sum of `column` (missing counts 0)."""
    codes = group_codes(frame, keys)
    values = np.nan_to_num(frame[column].to_numpy(dtype="float64", na_value=np.nan))
    return codes, np.bincount(codes, weights=values)


class ColumnCodes:
    """The columns of one frame, each factorized once when first asked for: its codes (-1 where
    missing) and its distinct values (an object Index), shared by the checks that read it."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._done: dict[str, tuple[np.ndarray, pd.Index]] = {}

    def __call__(self, column: str) -> tuple[np.ndarray, pd.Index]:
        if column not in self._done:
            codes, uniques = pd.factorize(self.frame[column], use_na_sentinel=True)
            self._done[column] = (codes, pd.Index(np.asarray(uniques, dtype=object)))
        return self._done[column]

    def where(self, column: str, values: set | pd.Index) -> np.ndarray:
        """Whether each row's value of `column` is one of `values` (missing: False), looked up
        once per distinct value."""
        codes, uniques = self(column)
        return np.append(uniques.isin(values), False)[codes]


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
