"""Text from the inputs must never become a formula in an output."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_csv(value: str) -> str:
    """A text cell for CSV: one that a spreadsheet would run as a formula gets a leading '."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def neutralise_series(values: pd.Series) -> pd.Series:
    """`neutralise_csv` over a text column, vectorised."""
    text = values.astype("string")
    risky = text.str.match(r"^[=+\-@\t\r\n]", na=False)
    return text.where(~risky, "'" + text)
