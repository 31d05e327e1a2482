"""Outputs as one transaction (issue 14, points 2–5 and 15).

Real `kpitool score` processes: stopped by signals and kill -9 while their writing workers are
busy, run into a full disk (a small tmpfs), run twice into one `--out` at once; the previous set
must stay whole until the new one replaces it in one step, and no worker may outlive its parent.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from kpitool.reports.writeall import unit_file_names
from tests.hardening import invoke, plain
from tests.test_interrupt import snapshot
from tests.xlsxbuild import CATALOG, valid_set, write_book

ROOT = Path(__file__).resolve().parent.parent
# kpitool with every xlsx close slowed down (SLOW seconds, after a half-written file), and the
# writing jobs on two workers even for a small run when PARALLEL is set
SLOW_RUN = """
import os, sys, time
import xlsxwriter.workbook
import kpitool.reports.writeall as writeall

real_close = xlsxwriter.workbook.Workbook.close

def slow_close(self):
    with open(self.filename, "wb") as half:
        half.write(b"PK\\x03\\x04 half a workbook")
    print("WRITING", os.getpid(), self.filename, flush=True)
    time.sleep(float(os.environ["SLOW"]))
    real_close(self)

xlsxwriter.workbook.Workbook.close = slow_close
if os.environ.get("PARALLEL"):
    writeall.PARALLEL_CELLS = 0
sys.argv = ["kpitool", *sys.argv[1:]]
from kpitool.cli import main
main()
"""


def start(logs: Path, out: Path, slow: float, parallel: bool = False,
          env: dict[str, str] | None = None) -> subprocess.Popen:
    extra = {"SLOW": str(slow), "COLUMNS": "300", **({"PARALLEL": "1"} if parallel else {})}
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, "score", str(logs), "--out", str(out), "--period",
         "2026-03", "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, **extra, **(env or {})})


def writers(process: subprocess.Popen, count: int) -> set[int]:
    """The pids of the first `count` processes that began writing a workbook."""
    pids = set()
    while len(pids) < count:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("WRITING"), (line, process.stderr.read())  # type: ignore[union-attr]
        pids.add(int(line.split()[1]))
    return pids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


def leftovers(out: Path) -> list[Path]:
    return list(out.parent.glob(f".{out.name}.kpitool-tmp-*"))


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    logs = valid_set(tmp_path)[2]
    out = tmp_path / "out"
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    return logs, out, snapshot(out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(("sig", "exit_code"), [
    pytest.param(signal.SIGTERM, 143, id="sigterm"),
    pytest.param(signal.SIGINT, 130, id="sigint"),
])
def test_a_signal_stops_both_workers_at_once(
        scored: tuple[Path, Path, dict[str, bytes]], sig: int, exit_code: int) -> None:
    logs, out, before = scored
    process = start(logs, out, slow=60, parallel=True)
    try:
        pids = writers(process, 2)
        assert os.getpid() not in pids and process.pid not in pids  # both are pool workers
        began = time.monotonic()
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=20)
        took = time.monotonic() - began
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == exit_code, stderr
    assert took < 5, took
    assert wait_gone(pids, 5) == set()
    assert "Traceback" not in stderr and "Stopped on request" in plain(stderr)
    assert snapshot(out) == before
    assert leftovers(out) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent_and_the_next_run_cleans_up(
        scored: tuple[Path, Path, dict[str, bytes]]) -> None:
    logs, out, before = scored
    process = start(logs, out, slow=60, parallel=True)
    try:
        pids = writers(process, 2)
        process.kill()  # kill -9: nothing of kpitool runs any more
    finally:
        process.kill()
        process.communicate(timeout=20)
    assert wait_gone(pids, 5) == set()
    assert snapshot(out) == before
    assert len(leftovers(out)) == 1  # the staging folder of the killed run
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    assert leftovers(out) == []
    assert snapshot(out).keys() == before.keys()


def test_a_second_run_into_the_same_folder_refuses_while_the_first_writes(
        scored: tuple[Path, Path, dict[str, bytes]]) -> None:
    logs, out, before = scored
    first = start(logs, out, slow=60)
    try:
        writers(first, 1)
        for lang, message in (("en", "Another run is writing into"),
                              ("vi", "Một lần chạy khác đang ghi vào")):
            began = time.monotonic()
            second = invoke("score", str(logs), "--out", str(out), "--period", "2026-03",
                            "--lang", lang, env={"KPITOOL_LOCK_WAIT": "1"})
            assert second.exit_code == 1, second.output
            assert message in plain(second.output) and str(out) in plain(second.output)
            assert 0.9 < time.monotonic() - began < 10
        assert snapshot(out) == before
    finally:
        first.kill()
        first.communicate(timeout=20)


# when a set was made (to the minute): the one thing two runs of the same data may differ in
_MADE_AT = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")


def _made(folder: Path) -> tuple[list[str], str]:
    """Every cell of the folder's ranked report and its HTML, without the minute they were
    made."""
    book = openpyxl.load_workbook(folder / "kpi_2026-03.xlsx", read_only=True)
    cells = [_MADE_AT.sub("", str(v)) for sheet in book
             for row in sheet.iter_rows(values_only=True) for v in row]
    book.close()
    return cells, _MADE_AT.sub("", (folder / "kpi_2026-03.html").read_text(encoding="utf-8"))


def test_a_second_run_waits_for_the_first_and_each_set_is_whole(tmp_path: Path) -> None:
    """Two data sets scored into one folder at once: the second waits, and the folder then
    holds the second set entirely (its HTML and its workbook from the same data)."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    logs_one = valid_set(one)[2]
    logs_two = valid_set(two)[2]
    book = openpyxl.load_workbook(logs_two)
    book.active["G2"] = 7  # 007's hours differ between the sets
    book.save(logs_two)
    out = tmp_path / "out"
    first = start(logs_one, out, slow=1)
    try:
        writers(first, 1)
        second = start(logs_two, out, slow=0, env={"KPITOOL_LOCK_WAIT": "60"})
        assert second.communicate(timeout=120)[1] is not None and second.returncode == 0
        assert first.communicate(timeout=120)[1] is not None and first.returncode == 0
    finally:
        first.kill()
        first.communicate()
    cells, html = _made(out)
    assert leftovers(out) == []
    single = invoke("score", str(logs_two), "--out", str(tmp_path / "alone"), "--period",
                    "2026-03", "--lang", "en")
    assert single.exit_code == 0
    expected, expected_html = _made(tmp_path / "alone")
    assert cells == expected
    assert html == expected_html


def test_a_later_run_drops_the_earlier_units_and_keeps_other_files(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    out = tmp_path / "out"
    assert invoke("score", str(logs), "--out", str(out), "--period", "2026-03").exit_code == 0
    assert sorted(p.name for p in (out / "units").iterdir()) == ["KT.xlsx", "UB.xlsx", "VP.xlsx"]
    (out / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    (out / "riêng").mkdir()
    (out / "riêng" / "a.txt").write_text("a", encoding="utf-8")
    assert invoke("report", str(logs), "--out", str(out), "--period", "2026-03").exit_code == 0
    reports = sorted(p.name for p in out.glob("report_*"))
    assert reports == ["report_2026-03.html", "report_2026-03.xlsx"]
    assert sorted(p.name for p in (out / "units").iterdir()) == ["KT.xlsx", "UB.xlsx", "VP.xlsx"]
    assert (out / "kpi_2026-03.xlsx").exists() and (out / "kpi_2026-03.html").exists()
    staff = {**CATALOG}
    staff["Cán bộ"] = [row for row in CATALOG["Cán bộ"] if row[0] != "008"]  # VP has no one
    write_book(catalog, staff)
    book = openpyxl.load_workbook(logs)
    book.active.delete_rows(5)  # 008's row
    book.save(logs)
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "units").iterdir()) == ["KT.xlsx", "UB.xlsx"]
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của người dùng"
    assert (out / "riêng" / "a.txt").read_text(encoding="utf-8") == "a"
    assert sorted(p.name for p in out.glob("report_*")) == reports
    assert leftovers(out) == []


@pytest.mark.parametrize(("codes", "names"), [
    pytest.param(["HT/TT", "HT:TT"], ["HT_TT.xlsx", "HT_TT_2.xlsx"], id="slash-colon"),
    pytest.param(["HT-TT", "ht-tt"], ["HT-TT.xlsx", "ht-tt_2.xlsx"], id="case"),
    pytest.param(["CON", "nul", "LPT1"], ["CON_.xlsx", "LPT1_.xlsx", "nul_.xlsx"], id="windows"),
    pytest.param(["A", "B"], ["A.xlsx", "B.xlsx"], id="plain"),
    pytest.param(["..", "/"], ["unit.xlsx", "unit_2.xlsx"], id="empty"),
    pytest.param(["Đ" * 200], ["Đ" * 80 + ".xlsx"], id="long"),
])
def test_unit_file_names_are_distinct_and_safe(codes: list[str], names: list[str]) -> None:
    assert sorted(unit_file_names(codes).values()) == names


def test_units_whose_names_collide_each_get_a_workbook(tmp_path: Path) -> None:
    rename = {"UB": "HT/TT", "VP": "HT:TT", "KT": "ht_tt"}
    catalog, _, logs = valid_set(tmp_path)
    write_book(catalog, {sheet: [[rename.get(v, v) if isinstance(v, str) else v for v in row]
                                 for row in rows] for sheet, rows in CATALOG.items()})
    out = tmp_path / "out"
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03", "--lang", "en")
    assert result.exit_code == 0, result.output
    expected = {"HT_TT.xlsx": "UBND phường", "HT_TT_2.xlsx": "Văn phòng HĐND-UBND",
                "ht_tt_3.xlsx": "Phòng Kinh tế"}
    assert sorted(p.name for p in (out / "units").iterdir()) == sorted(expected)
    for name, unit in expected.items():
        book = openpyxl.load_workbook(out / "units" / name, read_only=True)
        values = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
        book.close()
        assert any(unit in v for v in values), (name, unit)


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """A 2 MiB tmpfs (root on Linux only)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "workers"])
def test_a_full_disk_stops_the_run_and_keeps_the_previous_set(
        tmp_path: Path, small_disk: Path, parallel: bool) -> None:
    logs = valid_set(tmp_path)[2]
    out = small_disk / "out"
    assert invoke("score", str(logs), "--out", str(out), "--period", "2026-03").exit_code == 0
    before = snapshot(out)
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(filler, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(filler)
    room = sum(len(data) for data in before.values()) // 3
    os.truncate(small_disk / "filler", os.path.getsize(small_disk / "filler") - room)
    done = subprocess.run(
        [sys.executable, "-c", SLOW_RUN, "score", str(logs), "--out", str(out), "--period",
         "2026-03", "--lang", "en"], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "SLOW": "0", "COLUMNS": "300", **({"PARALLEL": "1"} if parallel else {})})
    assert done.returncode == 1, done.stderr
    assert "No space left on device" in plain(done.stderr), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "internal" not in done.stderr.lower()
    assert snapshot(out) == before
    assert leftovers(out) == []


def _bad_worklog(folder: Path) -> Path:
    folder.mkdir()
    logs = valid_set(folder)[2]
    book = openpyxl.load_workbook(logs)
    book.active["G2"] = "nhiều giờ"  # hours that are not a number: an error at its cell
    book.save(logs)
    return logs


@pytest.mark.parametrize("how", ["folder", "hard-link"])
def test_annotate_never_replaces_any_input(tmp_path: Path, how: str) -> None:
    """`validate b/worklogs.xlsx a/worklogs.xlsx --annotate a/`: b's marked copy would take
    a's name (issue 14, point 1); a hard link to an input is that input too."""
    a = _bad_worklog(tmp_path / "a")
    b = _bad_worklog(tmp_path / "b")
    if how == "folder":
        target = a.parent
    else:
        target = tmp_path / "link.xlsx"
        os.link(a, target)
    before = snapshot(tmp_path)
    runs = [[str(b), str(a)], [str(a), str(b)]] if how == "folder" else [[str(a)]]
    for args in runs:
        result = invoke("validate", *args, "--annotate", str(target), "--lang", "en")
        assert result.exit_code == 1
        assert "Refusing to write over input file" in plain(result.output), result.output
        assert snapshot(tmp_path) == before


@pytest.mark.parametrize("exchange", [True, False], ids=["one-exchange", "two-renames"])
def test_a_folder_from_before_manifests_loses_only_its_units(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    """A folder an older kpitool wrote (no .kpitool-outputs.json): its units/ is the previous
    set; the swap works the same where the system cannot exchange two folders."""
    import kpitool.io.outset as outset

    if not exchange:
        monkeypatch.setattr(outset, "_exchange", lambda staging, folder: False)
    logs = valid_set(tmp_path)[2]
    out = tmp_path / "out"
    (out / "units").mkdir(parents=True)
    (out / "units" / "CU.xlsx").write_bytes(b"old unit workbook")
    (out / "kpi_2026-03.xlsx").write_bytes(b"old report")
    (out / "ghi-chu.txt").write_text("giữ lại", encoding="utf-8")
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "units").iterdir()) == ["KT.xlsx", "UB.xlsx", "VP.xlsx"]
    assert (out / "kpi_2026-03.xlsx").read_bytes() != b"old report"
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "giữ lại"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [
        ".out.kpitool-lock"]


@pytest.mark.parametrize(("others", "exit_code"), [(3, 0), (4, 2)])
def test_an_out_folder_full_of_other_files_is_refused_before_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, others: int, exit_code: int) -> None:
    """Other files are linked into each new set: a folder of thousands (a home folder given as
    --out) is refused, unchanged, rather than copied."""
    import kpitool.io.outset as outset

    monkeypatch.setattr(outset, "MAX_CARRIED", 3)
    logs = valid_set(tmp_path)[2]
    out = tmp_path / "out"
    (out / "riêng").mkdir(parents=True)
    for n in range(others - 1):
        (out / "riêng" / f"{n}.txt").write_text(str(n), encoding="utf-8")
    before = snapshot(out)
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03", "--lang", "en")
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "Choose an --out folder of its own" in plain(result.output)
        assert snapshot(out) == before and leftovers(out) == []
    else:
        assert (out / "kpi_2026-03.xlsx").exists() and (out / "riêng" / "1.txt").exists()
