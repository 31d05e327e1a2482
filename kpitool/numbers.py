"""Numbers as a person reads them in each language: the one place that chooses the separators.

Vietnamese writes 1.234,5 (dot groups, comma decimals), English 1,234.5. A number keeps every
digit it has (its shortest exact form): whoever wants fewer decimals rounds the data first.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache


def number(value: float, lang: str) -> str:
    """`value` with the digit grouping and decimal mark of `lang` ('vi' or 'en').

    Infinity is shown as ∞ and a missing value (NaN) as an empty text.
    """
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    # the same few values come back across a large run's flags: each is written once
    return _shortest(float(value), math.copysign(1.0, value) < 0, lang)


@lru_cache(maxsize=1 << 16)
def _shortest(value: float, negative: bool, lang: str) -> str:
    """`number` of a finite value (`negative` tells -0.0 from 0.0, which are equal keys)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return fixed(value, -exponent if isinstance(exponent, int) and exponent < 0 else 0, lang)


def fixed(value: float, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals and the separators of `lang`: 1.234,50 / 1,234.50."""
    shown = f"{value:,.{decimals}f}"
    if lang == "vi":
        shown = shown.replace(",", " ").replace(".", ",").replace(" ", ".")
    return shown
