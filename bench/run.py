"""Benchmark `kpitool score` end to end against the reference steps, in one run (issue 5).

For each input it runs, each in its own process, measuring wall time and peak memory:
  * `kpitool score` with all default outputs;
  * fastexcel reading the same worklog file into pandas (the fast-reader floor);
  * a plain pandas script an analyst would write by hand: `read_excel` (default engine),
    a groupby, `to_excel` (xlsx inputs only; `--skip-pandas` leaves it out);
  * for the 10M-row Parquet/CSV inputs, a bare pyarrow read of the same files;
  * the polars script of bench/reference_polars.py (what a skilled analyst would write instead:
    read, join the norms, converted hours, group, ranks, summary xlsx, detail CSV and Parquet),
    when polars is installed (it is not a dependency of kpitool).
Size `1m-parquet` is the first two files of the 10M Parquet (1M rows of the same quarter), so
that the cost per row from 1M to 10M is measured on one format.
It prints a Markdown table and the issue's targets (and writes both into docs/performance.md
with `--write-docs`).

With `--national 10m,50m,100m` it measures the partitioned engines instead (issue 15): on the
national dataset of `bench/national.py` (generated a million rows at a time), `kpitool
partition` (the assessments split by agency into the dataset), then `kpitool score DATASET/
--engine local` and `--engine dask` (a LocalCluster of 2 worker processes; the catalog and
norms given), each in its own process, checking that both engines give the same
per-staff table; each size's dataset and outputs are deleted before the next. The table goes
into docs/scale.md with `--write-docs`. With `--lock FILE`, each measured process runs holding
an exclusive lock on FILE (a machine shared with other benchmarks), released between them.

Usage:  python bench/run.py [--sizes examples,15k,100k,1m,1m-parquet,10m] [--skip-pandas]
                            [--write-docs]
        python bench/run.py --national 10m,50m,100m [--lock /work/bench.lock] [--write-docs]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PY = sys.executable
MARK_BEGIN = "<!-- bench:begin -->"
MARK_END = "<!-- bench:end -->"

FASTEXCEL = """
import sys, fastexcel
reader = fastexcel.read_excel(sys.argv[1])
frame = reader.load_sheet(0).to_pandas()
print(len(frame))
"""
PANDAS = """
import sys, pandas as pd
logs = pd.read_excel(sys.argv[1])
summary = logs.groupby(logs.columns[1]).agg(hours=(logs.columns[5], "sum"), rows=(logs.columns[0], "size"))
with pd.ExcelWriter(sys.argv[2]) as writer:
    summary.to_excel(writer, sheet_name="summary")
    logs.to_excel(writer, sheet_name="rows", index=False)
print(len(logs))
"""
PYARROW = """
import sys, pyarrow.dataset as ds
fmt = sys.argv[1]
table = ds.dataset(sys.argv[2], format=fmt).to_table()
print(table.num_rows)
"""


@dataclass
class Run:
    """One measured process."""

    label: str
    seconds: float
    peak_mb: float
    ok: bool
    cpu_seconds: float = 0.0
    roles: dict[str, float] = dataclasses.field(default_factory=dict)  # sampled peak MB by role


def _role(process, root: int) -> str:
    """What a process of a run's tree is: the command itself (`client`), a Dask worker (started
    by multiprocessing's spawn), or a forked writing worker (its command line is the client's)."""
    if process.pid == root:
        return "client"
    line = " ".join(process.cmdline())
    if "resource_tracker" in line:
        return "tracker"
    return "dask worker" if "multiprocessing" in line else "writing worker"


def _sample_roles(root: int, peaks: dict[str, float], stop: threading.Event) -> None:
    """The largest resident memory seen of each role in `root`'s tree, every 0.1 s (a sample
    can miss a short peak: the largest process's exact peak is `Run.peak_mb`)."""
    import psutil

    known: dict[int, str] = {}
    while not stop.wait(0.1):
        try:
            tree = [psutil.Process(root), *psutil.Process(root).children(recursive=True)]
        except psutil.Error:
            return
        for process in tree:
            try:
                role = known.setdefault(process.pid, _role(process, root))
                peaks[role] = max(peaks.get(role, 0.0), process.memory_info().rss / 2**20)
            except psutil.Error:
                continue


LOCK: Path | None = None  # --lock: held while a process is measured


@contextlib.contextmanager
def _locked():
    if LOCK is None:
        yield
        return
    with LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def measure(label: str, argv: list[str], roles: bool = False) -> Run:
    """Wall time, CPU time (user + system) and peak resident memory (of the process and the
    workers it waited for: the largest of them); with `roles`, also the peak of each kind of
    process in its tree, sampled (`_sample_roles`)."""
    peaks: dict[str, float] = {}
    # stderr goes to a file: a pipe nobody reads while waiting blocks a run that says much
    with _locked(), tempfile.TemporaryFile() as said:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=said)
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_roles, args=(proc.pid, peaks, stop))
        if roles:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        if roles:
            sampler.join()
        said.seek(0)
        stderr = said.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    ok = proc.returncode == 0
    if not ok:
        print(f"{label} failed ({proc.returncode}):\n{stderr[-2000:]}", file=sys.stderr)
    run = Run(label, seconds, usage.ru_maxrss / 1024, ok, usage.ru_utime + usage.ru_stime,
              {k: v for k, v in peaks.items() if k != "tracker"})
    print(f"{label}: {run.seconds:.1f} s, {run.cpu_seconds:.1f} CPU-s, {run.peak_mb:,.0f} MB",
          file=sys.stderr, flush=True)
    return run


def kpitool(args: list[str]) -> list[str]:
    return [PY, "-m", "kpitool", *args]


def has_polars() -> bool:
    return subprocess.run([PY, "-c", "import polars"], capture_output=True).returncode == 0


def polars_reference(name: str, worklogs: list[str], out: Path) -> list[Run]:
    """The reference row of bench/reference_polars.py, or none when polars is missing."""
    if not has_polars():
        print("polars is not installed: the reference row is left out (pip install polars)",
              file=sys.stderr)
        return []
    return [measure(f"{name}: polars reference script", [
        PY, str(ROOT / "bench" / "reference_polars.py"), str(out / f"{name}-polars"), str(DATA),
        *worklogs])]


def bench_xlsx(name: str, worklogs: Path, companions: list[str], skip_pandas: bool,
               out: Path) -> list[Run]:
    runs = [measure(f"{name}: kpitool score", kpitool(
        ["score", str(worklogs), *companions, "--out", str(out / name)]))]
    runs.append(measure(f"{name}: fastexcel read", [PY, "-c", FASTEXCEL, str(worklogs)]))
    runs += polars_reference(name, [str(worklogs)], out)
    if not skip_pandas:
        runs.append(measure(f"{name}: plain pandas script",
                            [PY, "-c", PANDAS, str(worklogs), str(out / f"{name}-pandas.xlsx")]))
    return runs


def bench_files(name: str, fmt: str, files: list[str], out: Path, bare: bool = True) -> list[Run]:
    """`kpitool score` on Parquet or CSV files, a bare pyarrow read, the polars reference."""
    runs = [measure(f"{name}: kpitool score", kpitool(
        ["score", *files, *companions_of(DATA), "--out", str(out / name)]))]
    if bare:
        runs.append(measure(f"{name}: bare pyarrow read", [PY, "-c", PYARROW, fmt,
                                                            str(Path(files[0]).parent)]))
    return runs + polars_reference(name, files, out)


def companions_of(folder: Path) -> list[str]:
    return ["--catalog", str(folder / "catalog.xlsx"), "--norms", str(folder / "norms.xlsx"),
            "--assessments", str(folder / "assessments.xlsx")]


def table(runs: list[Run]) -> str:
    lines = ["| step | wall time (s) | peak memory (MB) | ratio |", "|---|---:|---:|---|"]
    groups: dict[str, list[Run]] = {}
    for run in runs:
        groups.setdefault(run.label.split(":")[0], []).append(run)
    for _group, items in groups.items():
        base = items[0]
        for run in items:
            if run is base:
                ratio = ""
            elif any(k in run.label for k in ("fastexcel", "pyarrow", "polars")):
                ratio = f"kpitool / this = {base.seconds / run.seconds:.2f}×"
            else:
                ratio = f"this / kpitool = {run.seconds / base.seconds:.1f}×"
            status = "" if run.ok else " (failed)"
            lines.append(f"| {run.label}{status} | {run.seconds:.2f} | {run.peak_mb:,.0f} | "
                         f"{ratio} |")
    return "\n".join(lines)


def targets(runs: list[Run]) -> str:
    """Issue 16's targets, each a ratio or a figure of this run; a target whose runs are not
    in this run is left out."""
    found = {run.label: run for run in runs if run.ok}

    def get(prefix: str, step: str) -> Run | None:
        return next((r for label, r in found.items()
                     if label.startswith(prefix) and label.endswith(step)), None)

    lines = ["| target | this run | met? |", "|---|---|---|"]

    def add(target: str, value: str, met: bool) -> None:
        lines.append(f"| {target} | {value} | {'yes' if met else '**no**'} |")

    score, read = get("1m rows xlsx", "kpitool score"), get("1m rows xlsx", "fastexcel read")
    if score and read:
        ratio = score.seconds / read.seconds
        add("1M xlsx: kpitool ≤ 2.0 × fastexcel's read", f"{ratio:.2f} × ({score.seconds:.1f} s "
            f"/ {read.seconds:.1f} s)", ratio <= 2.0)
    for fmt in ("parquet", "csv"):
        run = get(f"10M {fmt}", "kpitool score")
        if run:
            add(f"10M {fmt}: ≤ 60 s and ≤ 4 GB", f"{run.seconds:.1f} s, {run.peak_mb:,.0f} MB",
                run.seconds <= 60 and run.peak_mb <= 4096)
    small = get("examples", "kpitool score")
    if small:
        add("examples ≤ 1.5 s", f"{small.seconds:.2f} s", small.seconds <= 1.5)
    one, ten = get("1M parquet", "kpitool score"), get("10M parquet", "kpitool score")
    if one and ten:
        growth = (ten.seconds / 10) / one.seconds
        add("cost per row, 1M → 10M Parquet ≤ 1.2 ×", f"{one.seconds:.2f} → "
            f"{ten.seconds / 10:.2f} µs a row ({growth:.2f} ×)", growth <= 1.2)
    k15, k100 = get("15k rows", "kpitool score"), get("100k rows", "kpitool score")
    if k15 and k100:
        add("15k run no slower than the 100k run", f"{k15.seconds:.2f} s against "
            f"{k100.seconds:.2f} s", k15.seconds <= k100.seconds)
    return "\n".join(lines)


def bench_national(sizes: list[str], out: Path) -> list[tuple[int, Run]]:
    """`kpitool partition`, then `kpitool score DATASET/` on each engine, per size."""
    sys.path.insert(0, str(ROOT / "bench"))
    from national import size_rows

    subprocess.run([PY, str(ROOT / "bench" / "national.py"), "--sizes", ",".join(sizes)],
                   check=True)
    runs: list[tuple[int, Run]] = []
    for size in sizes:
        rows = size_rows(size)
        data = DATA / "national" / size
        files = sorted(str(p) for p in (data / "worklogs").glob("*.parquet"))
        dataset = out / f"dataset-{size}"
        runs.append((rows, measure(f"{size}: kpitool partition ({len(files)} files)", kpitool(
            ["partition", *files, *companions_of(data), "--out", str(dataset)]), roles=True)))
        staff = {}
        for engine in ("local", "dask"):
            results = out / f"out-{size}-{engine}"
            runs.append((rows, measure(f"{size}: kpitool score --engine {engine}", kpitool(
                ["score", str(dataset), "--engine", engine, *companions_of(data)[:4],
                 "--out", str(results)]), roles=True)))
            if runs[-1][1].ok:
                staff[engine] = pd.read_parquet(results / "staff")
            shutil.rmtree(results, ignore_errors=True)
        if len(staff) == 2 and not staff["local"].equals(staff["dask"]):
            print(f"{size}: the engines' per-staff tables differ", file=sys.stderr)
            runs = [(r, dataclasses.replace(run, ok=False) if run.label.startswith(
                f"{size}: kpitool score") else run) for r, run in runs]
        shutil.rmtree(dataset, ignore_errors=True)
    return runs


def national_table(runs: list[tuple[int, Run]]) -> str:
    lines = ["| rows | step | wall time (s) | CPU time (s) | CPU-s per million rows | peak memory "
             "of the largest process (MB) | client (MB) | largest Dask worker (MB) | largest "
             "writing worker (MB) |", "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]

    def role(run: Run, name: str) -> str:
        return f"{run.roles[name]:,.0f}" if name in run.roles else "—"

    for rows, run in runs:
        status = "" if run.ok else " (failed)"
        lines.append(f"| {rows:,} | {run.label.split(': ', 1)[1]}{status} | {run.seconds:.1f} | "
                     f"{run.cpu_seconds:.1f} | {run.cpu_seconds / (rows / 1e6):.1f} | "
                     f"{run.peak_mb:,.0f} | {role(run, 'client')} | {role(run, 'dask worker')} "
                     f"| {role(run, 'writing worker')} |")
    return "\n".join(lines)


def write_docs(doc: Path, report: str) -> None:
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition(MARK_BEGIN)
    _, _, tail = rest.partition(MARK_END)
    doc.write_text(f"{head}{MARK_BEGIN}\n{report}{MARK_END}{tail}", encoding="utf-8")


def main() -> None:
    # as an installed kpitool runs: from compiled bytecode (pip compiles it on install), not
    # from sources compiled anew in every process when PYTHONDONTWRITEBYTECODE is set
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "kpitool")], check=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="examples,15k,100k,1m")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--national", default="")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--lock", type=Path, default=None)
    args = parser.parse_args()
    global LOCK
    LOCK = args.lock
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.national:
        with tempfile.TemporaryDirectory() as tmp:
            national = bench_national(args.national.split(","), Path(tmp))
        report = (f"Command: `python bench/run.py --national {args.national}` — {machine}, "
                  f"{time.strftime('%Y-%m-%d')}\n\n{national_table(national)}\n")
        print(report)
        if args.write_docs:
            write_docs(ROOT / "docs" / "scale.md", report)
        return
    sizes = args.sizes.split(",")
    generated = sorted({"10m" if s == "1m-parquet" else s for s in sizes
                        if s in ("15k", "100k", "1m", "10m", "1m-parquet")})
    if generated:
        subprocess.run([PY, str(ROOT / "bench" / "generate.py"), "--sizes", ",".join(generated)],
                       check=True)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for size in sizes:
            if size == "examples":
                folder = ROOT / "examples" / "hac-thanh"
                # a run of a second is at the mercy of the disk cache: the median of five
                tries = sorted((measure("examples (Hạc Thành, 2026-Q1, median of 5): kpitool "
                                        "score", kpitool(["score", str(folder / "worklogs.xlsx"),
                                                          "--out", str(out / f"examples{i}")]))
                                for i in range(5)), key=lambda run: run.seconds)
                runs.append(tries[2])
            elif size == "1m-parquet":
                files = sorted(str(p) for p in (DATA / "parquet-10m").glob("*.parquet"))[:2]
                runs += bench_files(f"1M parquet ({len(files)} files)", "parquet", files, out,
                                    bare=False)
            elif size == "10m":
                for fmt, folder in (("parquet", DATA / "parquet-10m"), ("csv", DATA / "csv-10m")):
                    files = sorted(str(p) for p in folder.glob(f"*.{fmt}"))
                    runs += bench_files(f"10M {fmt} ({len(files)} files)", fmt, files, out)
            else:
                runs += bench_xlsx(f"{size} rows xlsx", DATA / f"worklogs-{size}.xlsx",
                                   companions_of(DATA), args.skip_pandas, out)
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(exist_ok=True)
    command = "python bench/run.py --sizes " + args.sizes + (" --skip-pandas"
                                                               if args.skip_pandas else "")
    report = (f"Command: `{command}` — {machine}, {time.strftime('%Y-%m-%d')}\n\n{table(runs)}\n"
              f"\n{targets(runs)}\n")
    print(report)
    if args.write_docs:
        write_docs(ROOT / "docs" / "performance.md", report)


if __name__ == "__main__":
    main()
