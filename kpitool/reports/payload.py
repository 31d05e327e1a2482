"""The one result document behind `--json`, the terminal summary and the report files."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

import pandas as pd

from kpitool import __version__
from kpitool.data import InputFile
from kpitool.messages import text
from kpitool.scoring import ScoreResult

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
JSON_STAFF = (
    "staff_id", "full_name", "unit_code", "position_code", "duty_group", "is_leader", "assessed",
    "working_days", "basis", "basis_hours", "capacity_hours", "assigned_hours", "declared_hours",
    "converted_hours", "quantity_pct", "quality_pct", "progress_pct", "kpi_pct", "leader_d",
    "leader_dd", "leader_e", "task_score", "general_score", "total", "level",
    "not_classified", "level_capped_by_unit", "rank_in_unit", "rank_overall", "flags",
)


def plain(value: Any) -> Any:
    """A JSON-ready value: NaN/NA → None, numpy scalars → Python, dates → ISO text."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def records(frame: pd.DataFrame, columns: tuple[str, ...] | list[str] | None = None) -> list[dict]:
    cols = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    return [{c: plain(v) for c, v in zip(cols, row, strict=True)}
            for row in frame[cols].itertuples(index=False, name=None)]


def flag_records(flags: pd.DataFrame, lang: str) -> list[dict]:
    out = []
    for row in flags.itertuples(index=False):
        params = dict(row.params) if isinstance(row.params, dict) else {}
        out.append({
            "code": row.code, "severity": row.severity, "staff_id": plain(row.staff_id),
            "unit_code": plain(row.unit_code), "cycle": plain(row.cycle),
            "message": text(row.code, lang, **params),
            "rows": [{"file": f, "sheet": s, "row": int(r)} for f, s, r in (row.rows or [])],
        })
    return out


def level_counts(staff: pd.DataFrame) -> dict[str, int]:
    counts = Counter(v for v in staff["level"] if isinstance(v, str))
    return {level: int(counts.get(level, 0)) for level in LEVELS}


def score_payload(result: ScoreResult, files: list[InputFile], lang: str,
                  staff: bool = True) -> dict[str, Any]:
    """The `--json` document of `kpitool score` (without `staff`, its list of people left
    empty: the HTML page shows them from the columns)."""
    return {
        "period": result.period.key,
        "kpitool_version": __version__,
        "rules": {"name": result.rules.name, "sha256": result.rules.sha256},
        "inputs": [{"path": str(f.path), "kind": f.kind, "sha256": f.sha256} for f in files],
        "levels": level_counts(result.staff),
        "staff": records(result.staff, JSON_STAFF) if staff else [],
        "units": records(result.units),
        "quota": records(result.quota),
        "flags": flag_records(result.flags, lang),
    }
