"""Hostile input files (issue 6, part 2): zip bombs, XML entities, memory.

Each file is built here. Refusals must come before anything large is inflated or allocated.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import DTDForbidden, EntitiesForbidden

from kpitool.io import safety, xlsxscan
from kpitool.io.readers import read_inputs
from tests.hardening import assert_cli_refuses, refusal
from tests.rawxlsx import bomb_book, rows_xml, sheet_parts, write_raw_book
from tests.xlsxbuild import WORKLOG_HEADER

GiB = 1 << 30
ROW = [1, "2/3/2026", "007", "T1", "Làm việc", 1, 2, None, "2/3/2026", "1/UBND", "Đã duyệt", "Đạt",
       "001"]
LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
                    for n in range(1, 10))
          + "]>")
EXTERNAL = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def no_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to inflate a member, or to open the workbook, fail the test."""
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("inflated before the zip directory was judged")

    monkeypatch.setattr(safety, "_inflate_checked", forbidden)
    monkeypatch.setattr("fastexcel.read_excel", forbidden)


def test_zip_bomb_of_two_gigabytes_refused_from_its_directory(tmp_path: Path,
                                                               monkeypatch) -> None:
    path = bomb_book(tmp_path / "w.xlsx", 2 * GiB)
    assert path.stat().st_size < 3_000_000
    with zipfile.ZipFile(path) as archive:  # the bomb is real: it inflates to what it declares
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 2 * GiB - (1 << 20)
        with archive.open("xl/worksheets/sheet1.xml") as stream:
            assert b"<sheetData>" in stream.read(1 << 16)
    assert_cli_refuses(path, "zip_too_large")  # 2 GiB is also over the 2,048 MiB total
    monkeypatch.setenv("KPITOOL_MAX_UNZIPPED_MB", "100000")
    no_inflating(monkeypatch)
    start = time.perf_counter()
    error = refusal(path)
    assert time.perf_counter() - start < 1
    assert (error.code, error.params["member"], error.params["ratio"]) == (
        "zip_bomb", "xl/worksheets/sheet1.xml", "1010")


def test_total_inflated_size_limit_is_configurable(tmp_path: Path, monkeypatch) -> None:
    path = bomb_book(tmp_path / "w.xlsx", 3 << 20)
    assert len(read_inputs([path])[0].worklogs) == 1  # one row, and 3 MiB of blanks: harmless
    monkeypatch.setenv("KPITOOL_MAX_UNZIPPED_MB", "2")
    no_inflating(monkeypatch)
    error = refusal(path)
    assert (error.code, error.params["size"], error.params["limit"]) == ("zip_too_large", "3", "2")


def test_ratio_limit_is_configurable(tmp_path: Path, monkeypatch) -> None:
    path = bomb_book(tmp_path / "w.xlsx", 40 << 20)
    monkeypatch.setenv("KPITOOL_MAX_ZIP_RATIO", "2000")
    assert len(read_inputs([path])[0].worklogs) == 1
    monkeypatch.setenv("KPITOOL_MAX_ZIP_RATIO", "50")
    assert refusal(path).code == "zip_bomb"


def test_member_lying_about_its_size_stops_at_the_declared_size(tmp_path: Path,
                                                                monkeypatch) -> None:
    """The zip says 5,000 bytes; the stream holds 2 GiB. Readers that trust the stream would
    inflate it all; the check stops after the first MiB."""
    path = bomb_book(tmp_path / "w.xlsx", 2 * GiB, declared=5000)
    monkeypatch.setattr("fastexcel.read_excel", lambda *a, **k: pytest.fail("opened"))
    start = time.perf_counter()
    error = refusal(path)
    assert time.perf_counter() - start < 1
    assert (error.code, error.params["declared"]) == ("zip_bomb_lying", 5000)
    monkeypatch.undo()
    assert_cli_refuses(path, "zip_bomb_lying")


def laughing_book(path: Path, doctype: str, cell: str) -> Path:
    """A worklogs sheet with a DTD, a formula (so the XML scan parses it) and an entity cell."""
    extra = [f'<row r="3"><c r="B3" t="inlineStr"><is><t>{cell}</t></is></c>'
             '<c r="F3"><f>1+1</f></c></row>']
    return write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER[1:], ROW], extra,
                                                       doctype=doctype))


@pytest.mark.parametrize(("doctype", "cell"), [
    pytest.param(LAUGHS, "&lol9;", id="billion-laughs"),
    pytest.param(EXTERNAL, "&secret;", id="external-entity"),
])
def test_dtd_refused_before_any_parser(tmp_path: Path, doctype: str, cell: str) -> None:
    path = laughing_book(tmp_path / "w.xlsx", doctype, cell)
    error = refusal(path)
    assert (error.code, error.params["member"]) == ("xml_dtd", "xl/worksheets/sheet1.xml")
    assert_cli_refuses(path, "xml_dtd")


def test_dtd_in_utf16_part_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER, ROW]))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/theme/theme1.xml", ('\ufeff<?xml version="1.0" encoding="UTF-16"?>'
                                                 + LAUGHS + "<a/>").encode("utf-16-le"))
    assert refusal(path).code == "xml_dtd"


@pytest.mark.parametrize(("doctype", "cell", "refused"), [
    pytest.param(LAUGHS, "&lol9;", EntitiesForbidden, id="billion-laughs"),
    pytest.param(EXTERNAL, "&secret;", EntitiesForbidden, id="external-entity"),
])
def test_behind_the_dtd_check_xml_parsers_do_not_expand(tmp_path: Path, doctype: str, cell: str,
                                                        refused: type) -> None:
    """Defence in depth: were the DTD check gone, our XML scan (defusedxml) and openpyxl (which
    uses defusedxml when it is installed) still refuse to expand entities."""
    path = laughing_book(tmp_path / "w.xlsx", doctype, cell)
    with pytest.raises((refused, DTDForbidden)):
        xlsxscan.odd_cells(path.read_bytes(), "Nhật ký")
    assert openpyxl.DEFUSEDXML is True
    with (pytest.raises(ValueError) as wrapped, warnings.catch_warnings(),
          path.open("rb") as stream):  # openpyxl leaves its own handle open when it fails
        warnings.simplefilter("ignore", UserWarning)  # "no default style": our minimal styles
        openpyxl.load_workbook(stream)
    assert isinstance(wrapped.value.__cause__ or wrapped.value.__context__, (refused, DTDForbidden))


# --------------------------------------------------------------------------------------------
# memory: hostile files in a process whose address space is capped


def run_capped(args: list[str], limit_mb: int, env: dict[str, str] | None = None,
               ) -> subprocess.CompletedProcess:
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))\n"
        f"sys.argv = ['kpitool', *{args!r}]\n"
        "from kpitool.cli import main\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "300", **(env or {})},
                          cwd=Path(__file__).resolve().parent.parent)


def corners(path: Path) -> Path:
    header = [*WORKLOG_HEADER, *([None] * (16384 - 1 - len(WORKLOG_HEADER))), "x"]
    far = ['<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c></row>']
    return write_raw_book(path, "Nhật ký", sheet_parts([header, ROW], far))


CAP_MB = 800


def test_hostile_files_fail_cleanly_in_800_mb(tmp_path: Path) -> None:
    files = {
        "sheet_too_large": corners(tmp_path / "corners.xlsx"),
        "zip_too_large": bomb_book(tmp_path / "bomb.xlsx", 3 * GiB),
        "zip_bomb_lying": bomb_book(tmp_path / "liar.xlsx", 3 * GiB, declared=10_000),
        "xml_dtd": laughing_book(tmp_path / "laughs.xlsx", LAUGHS, "&lol9;"),
    }
    for code, path in files.items():
        done = run_capped(["validate", str(path), "--lang", "en"], CAP_MB)
        assert done.returncode == 1, (code, done.returncode, done.stderr[-2000:])
        from kpitool.messages import MESSAGES

        assert MESSAGES[code]["en"].split("{", 1)[0] in done.stderr, done.stderr


def test_without_the_sheet_check_the_reader_would_die(tmp_path: Path) -> None:
    """The control: with the cell limit lifted, the fast reader asks for 512 GiB and aborts."""
    path = corners(tmp_path / "corners.xlsx")
    done = run_capped(["validate", str(path)], CAP_MB, env={"KPITOOL_MAX_CELLS": str(1 << 40)})
    assert done.returncode not in (0, 1), done.returncode
    assert "memory allocation" in done.stderr


def test_legit_workbook_reads_within_the_cap_and_peak_memory_is_measured(tmp_path: Path) -> None:
    """50,000 worklog rows read in a process capped at 800 MB; its peak RSS stays under 600 MB."""
    path = tmp_path / "w.xlsx"
    rows = (row for n in range(2, 50_002)
            for row in rows_xml([[f"{1 + n % 28}/3/2026", f"{n % 900:03d}", "T1", "Làm việc", 1, 2,
                                  None, "2/3/2026", f"{n}/UBND", "Đã duyệt", "Đạt", "001"]],
                                first=n))
    write_raw_book(path, "Nhật ký", sheet_parts([WORKLOG_HEADER[1:]], rows))
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({CAP_MB} << 20, {CAP_MB} << 20))\n"
        "from pathlib import Path\n"
        "from kpitool.io.readers import read_inputs\n"
        f"data, _ = read_inputs([Path({str(path)!r})])\n"
        # VmHWM is this process's own peak: ru_maxrss would carry over, through exec, the peak
        # of the pytest process that started it (Linux keeps the larger of the two)
        "hwm = next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print(len(data.worklogs), int(hwm.split()[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    rows_read, peak_mb = map(int, done.stdout.split())
    assert rows_read == 50_000
    assert peak_mb < 600, peak_mb  # about 200 MB measured alone


def inline(ref: str, text: str, quote: str = '"', tag: str = "c") -> str:
    return (f"<{tag} r={quote}{ref}{quote} t={quote}inlineStr{quote}><is><t>{text}</t></is>"
            f"</{tag}>")


FAR_CORNERS = {
    "usual": ('<row r="1">' + inline("A1", "Mã cán bộ") + inline("XFD1", "x") + "</row>"
              '<row r="1048576">' + inline("A1048576", "y") + "</row>"),
    "single-quotes": ("<row r='1'>" + inline("A1", "Mã cán bộ", "'") + inline("XFD1", "x", "'")
                      + "</row><row r='1048576'>" + inline("A1048576", "y", "'") + "</row>"),
    "spaces": ('<row  r = "1">' + inline("A1", "Mã cán bộ") + '<c\n r = "XFD1" t="inlineStr">'
               '<is><t>x</t></is></c></row><row r="1048576">' + inline("A1048576", "y")
               + "</row>"),
    "prefixed": ('<x:row r="1">' + inline("A1", "Mã cán bộ", tag="x:c")
                 + inline("XFD1", "x", tag="x:c") + '</x:row><x:row r="1048576">'
                 + inline("A1048576", "y", tag="x:c") + "</x:row>"),
    "cell-below-its-row": ('<row r="1">' + inline("A1", "Mã cán bộ") + inline("XFD1048576", "x")
                           + "</row>"),
    "cells-without-refs": ('<row r="1">' + inline("A1", "Mã cán bộ") + "<c/>" * 16382
                           + "<c t=\"inlineStr\"><is><t>x</t></is></c></row>"
                           '<row r="1048576">' + inline("A1048576", "y") + "</row>"),
    "rows-without-refs": ('<row r="1">' + inline("A1", "Mã cán bộ") + inline("XFD1", "x")
                          + "</row>" + "<row/>" * 2000 + "<row>" + inline("A2002", "y")
                          + "</row>"),
}


@pytest.mark.parametrize("spelling", list(FAR_CORNERS))
def test_far_corners_caught_however_the_xml_is_spelled(tmp_path: Path, spelling: str,
                                                       monkeypatch) -> None:
    """Readers accept any attribute quoting, spacing or prefix, and cells or rows without `r`:
    the used-range bound must too."""
    prefix = ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = FAR_CORNERS[spelling]
    if spelling == "prefixed":
        parts = ['<?xml version="1.0" encoding="UTF-8"?><x:worksheet' + prefix
                 + "><x:sheetData>" + body + "</x:sheetData></x:worksheet>"]
    else:
        parts = [next(iter(sheet_parts([]))).replace("<sheetData></sheetData>", ""), body,
                 "</sheetData></worksheet>"]
    path = write_raw_book(tmp_path / "w.xlsx", "Nhật ký", parts)
    if spelling == "rows-without-refs":
        monkeypatch.setenv("KPITOOL_MAX_CELLS", "30000000")  # 2,002 × 16,384 = 32.8 million
    error = refusal(path)
    assert error.code == "sheet_too_large", error.code
