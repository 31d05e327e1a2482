"""Stage timings of one `kpitool score` run, without a profiler (issue 5, docs/performance.md).

Usage:  python bench/stages.py OUT_FOLDER WORKLOG_FILE...   (companions from bench/data)
e.g.    python bench/stages.py /tmp/o1m bench/data/worklogs-1m.xlsx
        python bench/stages.py /tmp/o10m bench/data/parquet-10m/*.parquet

Wraps the main steps with time.perf_counter, then runs them as `kpitool score` does.
"""

from __future__ import annotations

import functools
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

T0 = time.perf_counter()
TIMES: dict[str, float] = {}
DATA = Path(__file__).resolve().parent / "data"


def timed(module: Any, name: str, label: str) -> None:
    step = getattr(module, name)

    @functools.wraps(step)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            TIMES[label] = TIMES.get(label, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)


def main() -> None:
    import kpitool.flags as flags
    import kpitool.io.readers as readers
    import kpitool.pipeline as pipeline
    import kpitool.reports.writeall as writeall
    import kpitool.scoring as scoring
    import kpitool.scoring.pipeline as core
    import kpitool.validation as validation

    TIMES["imports"] = time.perf_counter() - T0
    timed(readers, "read_inputs", "reading, with the safety check")
    timed(validation, "cross_checks", "cross-file checks")
    timed(scoring, "score", "scoring")
    timed(core, "coded", "  of which coding the rows")
    timed(core, "with_staff", "  of which joining the staff")
    timed(core, "lookup_norms", "  of which the norms in force")
    timed(core, "score_rows", "  of which the rows' points")
    timed(core, "build_cycle_table", "  of which the cycle table")
    timed(flags, "collect", "  of which flags")
    timed(core, "_detail_report", "  of which the sorted detail")
    timed(core, "finish", "  of which the global step")
    timed(writeall, "run_jobs", "writing jobs (both cores)")
    out, worklogs = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    companions: dict[str, Path | None] = {
        kind: DATA / f"{kind}.xlsx" for kind in ("catalog", "norms", "assessments")}
    # as `kpitool score` runs it: the worklog rows let go as each top unit is scored
    run = pipeline.run_score(worklogs, companions, None, "nd335", release_rows=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    writeall.write_score_outputs(run, out, worklogs, "vi")
    TIMES["writing, all"] = time.perf_counter() - start
    TIMES["total"] = time.perf_counter() - T0
    for label, seconds in TIMES.items():
        print(f"| {label} | {seconds:.1f} |")
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"peak memory: {mine:,} MB (largest child {children:,} MB)")


if __name__ == "__main__":
    main()
