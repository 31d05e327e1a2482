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
