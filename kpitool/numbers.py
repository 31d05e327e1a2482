"""Numbers as a person reads them in each language: the one place that chooses the separators.

Vietnamese writes 1.234,5 (dot groups, comma decimals), English 1,234.5. A number keeps every
digit it has (its shortest exact form): whoever wants fewer decimals rounds the data first.
"""

from __future__ import annotations

import math
from decimal import Decimal


def number(value: float, lang: str) -> str:
    """`value` with the digit grouping and decimal mark of `lang` ('vi' or 'en').

    Infinity is shown as ∞ and a missing value (NaN) as an empty text.
    """
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return fixed(value, -exponent if isinstance(exponent, int) and exponent < 0 else 0, lang)


def fixed(value: float, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals and the separators of `lang`: 1.234,50 / 1,234.50."""
    shown = f"{value:,.{decimals}f}"
    if lang == "vi":
        shown = shown.replace(",", " ").replace(".", ",").replace(" ", ".")
    return shown
