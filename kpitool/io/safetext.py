"""Text from the inputs must never become a formula in an output."""

from __future__ import annotations

from typing import Any

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


def neutralise_arrow(column: Any) -> Any:
    """`neutralise_csv` over a pyarrow string array, in Arrow's compute kernels."""
    import pyarrow as pa
    import pyarrow.compute as pc

    risky = pc.fill_null(pc.match_substring_regex(column, r"^[=+\-@\t\r\n]"), False)
    if not pc.any(risky).as_py():
        return column
    quote, empty = pa.scalar("'", column.type), pa.scalar("", column.type)
    return pc.if_else(risky, pc.binary_join_element_wise(quote, column, empty), column)
