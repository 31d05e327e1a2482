"""The used-range bound's fast path (issue 16): a piece of usual sheet XML is judged by one
RE2 search of its bytes; anything else goes to the tolerant patterns. Every spelling the
tolerant patterns handle must give the same bound through the fast path, in a sheet of one
piece and in a piece after the first MiB, and a far corner there is refused too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitool.io import safety
from kpitool.io.safety import MiB, SheetExtent, _found, column_letters, greater_than
from tests.hardening import refusal
from tests.rawxlsx import sheet_parts, write_raw_book


@pytest.mark.parametrize(("text", "alphabet", "top", "run", "greater"), [
    pytest.param("1000001", "[0-9]", "9", "1000002", True, id="next-row"),
    pytest.param("1000001", "[0-9]", "9", "1000001", False, id="same-row"),
    pytest.param("1000001", "[0-9]", "9", "999999", False, id="fewer-digits"),
    pytest.param("1000001", "[0-9]", "9", "10000010", True, id="more-digits"),
    pytest.param("1000001", "[0-9]", "9", "0999999", False, id="leading-zero-smaller"),
    pytest.param("1000001", "[0-9]", "9", "2000000", True, id="first-digit-greater"),
    pytest.param("1000001", "[0-9]", "9", "1000000", False, id="last-digit-smaller"),
    pytest.param("9", "[0-9]", "9", "10", True, id="nine-then-ten"),
    pytest.param("9", "[0-9]", "9", "8", False, id="nine-then-eight"),
    pytest.param("M", "[A-Z]", "Z", "N", True, id="column-N-after-M"),
    pytest.param("M", "[A-Z]", "Z", "M", False, id="column-M"),
    pytest.param("M", "[A-Z]", "Z", "AA", True, id="two-letters-after-M"),
    pytest.param("XFD", "[A-Z]", "Z", "XFE", True, id="beyond-XFD"),
    pytest.param("XFD", "[A-Z]", "Z", "XFC", False, id="before-XFD"),
    pytest.param("XFD", "[A-Z]", "Z", "ZZ", False, id="two-letters-before-XFD"),
    pytest.param("XFD", "[A-Z]", "Z", "AAAA", True, id="four-letters"),
])
def test_greater_than_matches_exactly_the_greater_runs(text: str, alphabet: str, top: str,
                                                      run: str, greater: bool) -> None:
    pattern = f'"{greater_than(text, alphabet, top)}'
    assert _found(f'<x r="{run}"/>'.encode(), pattern) is greater


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (13, "M"), (26, "Z"), (27, "AA"),
                                                 (702, "ZZ"), (703, "AAA"), (16_384, "XFD")])
def test_column_letters_round_trip(number: int, letters: str) -> None:
    assert column_letters(number) == letters
    assert safety.column_number(letters.encode()) == number


def usual_rows(first: int, count: int, width: int = 13) -> str:
    """Rows as Excel and xlsxwriter write them: every row and cell with its reference."""
    cells = "".join(f'<c r="{column_letters(c)}{{row}}"><v>{c}</v></c>'
                    for c in range(1, width + 1))
    return "".join(f'<row r="{row}">' + cells.format(row=row) + "</row>"
                   for row in range(first, first + count))


ROWS = 12_000  # about 2.5 MiB: the spelling lands in a piece after the first MiB
INLINE = '<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'

# what sits in the middle of the usual rows; the bound without and with the fast path agree
SPELLINGS = {
    "usual": "",
    "far-column": '<row r="6001">' + INLINE.format(ref="XFD6001") + "</row>",
    "far-row": '<row r="1048576">' + INLINE.format(ref="A1048576") + "</row>",
    "next-column": '<row r="6001">' + INLINE.format(ref="N6001") + "</row>",
    "two-letter-column": '<row r="6001">' + INLINE.format(ref="AA6001") + "</row>",
    "cell-below-its-row": '<row r="6001">' + INLINE.format(ref="B999999") + "</row>",
    "lower-case-reference": '<row r="6001">' + INLINE.format(ref="xfd6001") + "</row>",
    "reference-without-row": '<row r="6001">' + INLINE.format(ref="C") + "</row>",
    "style-before-reference": '<row r="6001"><c s="1" r="XFD6001"><v>1</v></c></row>',
    "single-quotes": "<row r='6001'><c r='XFD6001'><v>1</v></c></row>",
    "spaces": '<row  r = "6001"><c\n r = "XFD6001"><v>1</v></c></row>',
    "tab-before-reference": '<row r="6001"><c\tr="XFD6001"><v>1</v></c></row>',
    "cells-without-references": '<row r="6001">' + "<c/>" * 300 + "<c><v>1</v></c></row>",
    "row-without-reference": "<row>" + INLINE.format(ref="A5") + "</row>" + "<row/>" * 50,
    "row-number-leading-zeros": '<row r="0006001"><c r="A0006001"><v>1</v></c></row>',
    "row-number-huge": '<row r="123456789012"><c r="A1"><v>1</v></c></row>',
    "prefixed": '<x:row r="6001"><x:c r="XFD6001"><x:v>1</x:v></x:c></x:row>',
    "formula": '<row r="6001"><c r="A6001"><f>1+1</f></c></row>',
    "error-cell": '<row r="6001"><c r="A6001" t="e"><v>#N/A</v></c></row>',
    "error-cell-single-quotes": "<row r=\"6001\"><c r=\"A6001\" t='e'><v>#N/A</v></c></row>",
}


def sheet_xml(middle: str, rows: int = ROWS) -> bytes:
    head = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<dimension ref="A1:M9"/><cols><col min="1" max="13" width="9"/></cols>')
    return (head + "<sheetData>" + usual_rows(1, rows // 2) + middle
            + usual_rows(ROWS // 2 + 100, rows // 2) + "</sheetData></worksheet>").encode()


def bound(data: bytes) -> tuple[int, int, bool]:
    extent = SheetExtent()
    for start in range(0, len(data), MiB):  # the check's steps
        extent.feed(data[start:start + MiB])
    extent.close()
    return extent.rows(), extent.columns(), extent.has_markers


@pytest.mark.parametrize("rows", [pytest.param(ROWS, id="2.5-MiB"),
                                  pytest.param(20, id="one-piece")])
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_fast_path_gives_the_bound_of_the_tolerant_patterns(spelling: str, rows: int,
                                                            monkeypatch) -> None:
    data = sheet_xml(SPELLINGS[spelling], rows)
    assert (len(data) > 2 * MiB) is (rows == ROWS)
    fast_calls: list[bool] = []
    usual = SheetExtent._usual

    def counted(self: SheetExtent, piece: bytes, start: int, end: int) -> bool:
        fast_calls.append(usual(self, piece, start, end))
        return fast_calls[-1]

    monkeypatch.setattr(SheetExtent, "_usual", counted)
    fast = bound(data)
    if rows == ROWS or spelling == "usual":
        assert any(fast_calls)  # the fast path judged a piece (in one piece: the usual one)
    monkeypatch.setattr(SheetExtent, "_usual", lambda *args: False)
    assert fast == bound(data)


@pytest.mark.parametrize(("spelling", "rows", "columns", "markers"), [
    pytest.param("usual", 12_099, 13, False, id="usual"),
    pytest.param("far-column", 12_099, 16_384, False, id="far-column"),
    pytest.param("far-row", 1_048_576, 13, False, id="far-row"),
    pytest.param("cell-below-its-row", 999_999, 13, False, id="cell-below-its-row"),
    pytest.param("formula", 12_099, 13, True, id="formula"),
    pytest.param("error-cell", 12_099, 13, True, id="error-cell"),
])
def test_fast_path_bound_hand_computed(spelling: str, rows: int, columns: int,
                                       markers: bool) -> None:
    assert bound(sheet_xml(SPELLINGS[spelling])) == (rows, columns, markers)


@pytest.mark.parametrize("far", ["XFD6001", "Z999999", "AB1048576"])
def test_far_corner_after_the_first_mib_is_refused(tmp_path: Path, far: str) -> None:
    head = next(iter(sheet_parts([]))).replace("<sheetData></sheetData>", "")
    middle = f'<row r="6001">{INLINE.format(ref=far)}</row>'
    parts = [head, usual_rows(1, ROWS // 2) + middle + usual_rows(ROWS // 2 + 100, ROWS // 2),
             "</sheetData></worksheet>"]
    error = refusal(write_raw_book(tmp_path / "w.xlsx", "Nhật ký", parts))
    assert error.code == "sheet_too_large", error.code
