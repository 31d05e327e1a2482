"""One view of a workbook: the safety check and the reader see the same bytes and the same parts
(issue 14, points 8, 9, 10 and 15).

Each hostile file runs in a real process whose address space is capped, as in test_hostile.py:
a bypassed check shows as an abort ("memory allocation … failed", exit 134), not as a refusal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from kpitool.io import safety
from kpitool.io.readers import read_inputs
from kpitool.messages import MESSAGES
from tests.hardening import invoke, plain
from tests.rawxlsx import CONTENT_TYPES, ROOT_RELS, STYLES, WORKBOOK, WORKBOOK_RELS, sheet_parts
from tests.test_hostile import CAP_MB, ROW, run_capped
from tests.xlsxbuild import WORKLOG_HEADER, valid_set

ROOT = Path(__file__).resolve().parent.parent
SST_REL = ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def book(path: Path, sheet_xml: str, member: str = "xl/worksheets/sheet1.xml",
         target: str = "worksheets/sheet1.xml", shared: str | None = None) -> Path:
    """A one-sheet workbook whose sheet lives at `member`, named by the relationship `target`."""
    rels = WORKBOOK_RELS.replace('Target="worksheets/sheet1.xml"', f'Target="{target}"')
    if shared is not None:
        rels = rels.replace("</Relationships>", SST_REL)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=escape("Nhật ký")))
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/styles.xml", STYLES)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr(member, sheet_xml)
    return path


def corners_xml(lower: bool = False) -> str:
    """A worklog header, one row, and two stray values at XFD3 and A1048576."""
    far, corner = ("xfd3", "a1048576") if lower else ("XFD3", "A1048576")
    stray = (f'<row r="3"><c r="{far}" t="inlineStr"><is><t>x</t></is></c></row>'
             f'<row r="1048576"><c r="{corner}" t="inlineStr"><is><t>y</t></is></c></row>')
    return "".join(sheet_parts([WORKLOG_HEADER, ROW])).replace("</sheetData>",
                                                                stray + "</sheetData>")


PLACES = {  # member in the zip, target in xl/_rels/workbook.xml.rels
    "usual": ("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml"),
    "other-folder": ("xl/data/sheet1.xml", "data/sheet1.xml"),
    "upper-case-suffix": ("xl/worksheets/sheet1.XML", "worksheets/sheet1.XML"),
    "under-rels": ("xl/worksheets/_rels/sheet1.xml", "worksheets/_rels/sheet1.xml"),
    "absolute-target": ("xl/elsewhere/s.xml", "/xl/elsewhere/s.xml"),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_worksheet_anywhere_is_read_when_sound(tmp_path: Path, place: str) -> None:
    """The pass case beside each refusal below: the reader really follows these targets."""
    member, target = PLACES[place]
    rows = "".join(sheet_parts([WORKLOG_HEADER, ROW]))
    data, _ = read_inputs([book(tmp_path / "w.xlsx", rows, member, target)])
    assert data.worklogs["staff_id"].tolist() == ["007"]


@pytest.mark.parametrize(("place", "lower"), [*((p, False) for p in PLACES), ("usual", True)],
                         ids=[*PLACES, "lower-case-refs"])
def test_far_corners_refused_wherever_the_worksheet_lives(tmp_path: Path, place: str,
                                                          lower: bool) -> None:
    member, target = PLACES[place]
    path = book(tmp_path / "w.xlsx", corners_xml(lower), member, target)
    done = run_capped(["validate", str(path), "--lang", "en"], CAP_MB)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert MESSAGES["sheet_too_large"]["en"].split("{", 1)[0] in done.stderr, done.stderr


def lying_strings(path: Path, unique: int) -> Path:
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{unique}" uniqueCount="{unique}"><si><t>Mã cán bộ</t></si></sst>')
    rows = "".join(sheet_parts([WORKLOG_HEADER[1:], ROW[1:]])).replace(
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve">Mã cán bộ</t></is></c>',
        '<c r="B1" t="s"><v>0</v></c>')
    return book(path, rows, shared=shared)


def test_shared_strings_count_bounded_by_the_part(tmp_path: Path) -> None:
    honest = lying_strings(tmp_path / "honest.xlsx", 1)
    assert read_inputs([honest])[0].worklogs["staff_id"].tolist() == ["007"]
    liar = lying_strings(tmp_path / "liar.xlsx", 4_000_000_000)
    done = run_capped(["validate", str(liar), "--lang", "en"], CAP_MB)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "declares 4,000,000,000 strings" in plain(done.stderr), done.stderr


def test_a_lying_neighbour_is_no_companion_and_no_abort(tmp_path: Path) -> None:
    """Companion discovery opens every .xlsx beside the worklog: a hostile one is skipped."""
    logs = valid_set(tmp_path)[2]
    lying_strings(tmp_path / "khac.xlsx", 4_000_000_000)
    book(tmp_path / "goc.xlsx", corners_xml(lower=True), *PLACES["other-folder"])
    done = run_capped(["score", str(logs), "--out", str(tmp_path / "out"), "--lang", "en"],
                      CAP_MB)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert (tmp_path / "out" / "kpi_2026-03.xlsx").exists()


def test_the_reader_reads_the_bytes_that_were_checked(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A file swapped between the check and the reader: what is read is what was checked."""
    first = book(tmp_path / "w.xlsx", "".join(sheet_parts([WORKLOG_HEADER, ROW])))
    other = book(tmp_path / "other.xlsx", "".join(sheet_parts(
        [WORKLOG_HEADER, [2, *ROW[1:2], "008", *ROW[3:]]])))
    check = safety.check_input_file

    def check_then_swap(*args: object, **kwargs: object) -> dict[str, bool]:
        markers = check(*args, **kwargs)  # type: ignore[arg-type]
        os.replace(other, first)
        return markers

    monkeypatch.setattr("kpitool.io.readers.check_input_file", check_then_swap)
    data, _ = read_inputs([first])
    assert data.worklogs["staff_id"].tolist() == ["007"]
    import hashlib

    assert data.files[0].sha256 != hashlib.sha256(first.read_bytes()).hexdigest()


PRELOAD_THEN_STALL = """
import os, sys, time
import kpitool.io.preload as preload
import kpitool.io.readers as readers
from pathlib import Path

preload.PRELOAD_BYTES = 0
def stall(*args, **kwargs):
    print("CHECKING", flush=True)
    time.sleep(60)
readers.check_input_file = stall
readers.read_inputs([Path(sys.argv[1])])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_during_a_background_load_leaves_nothing(tmp_path: Path) -> None:
    logs = valid_set(tmp_path)[2]
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen([sys.executable, "-c", PRELOAD_THEN_STALL, str(logs)],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert process.stdout is not None and process.stdout.readline() == "CHECKING\n"
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(children) == 1
        time.sleep(1.5)  # the child has loaded the sheet and written its table
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=20)
    finally:
        process.kill()
        if process.stdout is not None:
            process.stdout.close()
    child = int(children[0])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and Path(f"/proc/{child}").exists() and \
            Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        time.sleep(0.05)
    gone = not Path(f"/proc/{child}").exists() or \
        Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    assert gone
    assert list(temp.iterdir()) == []


def test_a_sound_workbook_scores_as_before(tmp_path: Path) -> None:
    logs = valid_set(tmp_path)[2]
    result = invoke("score", str(logs), "--out", str(tmp_path / "out"), "--lang", "en")
    assert result.exit_code == 0, result.output
