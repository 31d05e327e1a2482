"""Write every output of `kpitool score` into its folder, each file atomically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kpitool.io.atomic import refuse_inputs
from kpitool.reports.scorebook import write_ranked_report, write_unit_workbook

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def unit_file_name(unit_code: str) -> str:
    """A file name for a unit code: letters, digits, '-', '_' and '.' kept, the rest '_'."""
    name = _UNSAFE.sub("_", unit_code).strip("._") or "unit"
    return f"{name}.xlsx"


def write_score_outputs(run: Any, folder: Path, inputs: list[Path], lang: str) -> list[Path]:
    """The ranked report and one workbook per unit; the paths written."""
    result = run.result
    all_inputs = [*inputs, *(f.path for f in run.data.files)]
    report = folder / f"kpi_{result.period.key}.xlsx"
    targets = [report]
    units = [u for u in result.units["unit_code"].dropna().tolist()
             if (result.staff["unit_code"] == u).any()]
    unit_paths = {u: folder / "units" / unit_file_name(u) for u in units}
    targets += unit_paths.values()
    for target in targets:
        refuse_inputs(target, all_inputs)
    written = [write_ranked_report(result, run.data.files, report, lang)]
    for unit, path in unit_paths.items():
        written.append(write_unit_workbook(result, unit, path, lang))
    return written
