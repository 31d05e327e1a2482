"""The flags of SPEC §4 (cảnh báo): things a personnel officer should look at. Flags never stop
or change scoring; each names a person (or a unit), its cycle, and the worklog rows behind it.

- `checks`: the one registry of flag kinds (`KINDS`: severity, message keys, rules keys of
  thresholds), the checks, each declaring the columns it reads, and `collect`;
- `kinds`: what a flag kind is, and the check of the registry;
- `sources`: where rows came from, and the grouping the checks share.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kpitool.flags.checks import (
    CHECKS,
    FLAG_CODES,
    FLAG_COLUMNS,
    KIND,
    KINDS,
    Check,
    CheckColumnError,
    FlagInputs,
    check,
    collect,
    ordered,
)
from kpitool.flags.kinds import FlagKind
from kpitool.flags.sources import NO_ROWS, SourceRows, Sources, source_label
from kpitool.messages import text

__all__ = [
    "CHECKS", "FLAG_CODES", "FLAG_COLUMNS", "KIND", "KINDS", "NO_ROWS", "Check",
    "CheckColumnError", "FlagInputs", "FlagKind", "SourceRows", "Sources", "check", "collect",
    "ordered",
    "message", "source_label",
]


def message(flag: dict[str, Any] | pd.Series, lang: str = "vi") -> str:
    """The text of one flag row in the user's language."""
    return text(KIND[flag["code"]].message, lang, **(flag["params"] or {}))
