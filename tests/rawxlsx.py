"""Build .xlsx files byte by byte for hostile and broken-file tests.

openpyxl cannot write what these tests need (a million formatted rows in seconds, a sheet with a
DOCTYPE, a lying zip directory), so the parts are written as XML text straight into a zip.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from kpitool.issues import column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    "</styleSheet>"
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "{dimension}<sheetData>"
)
SHEET_CLOSE = "</sheetData></worksheet>"
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


col_letters = column_letter  # 0-based column number → Excel letters (0 → A, 16383 → XFD)


def cell_xml(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[object]], first: int = 1) -> Iterator[str]:
    for n, row in enumerate(rows, start=first):
        cells = "".join(cell_xml(f"{col_letters(c)}{n}", v) for c, v in enumerate(row))
        yield f'<row r="{n}">{cells}</row>'


def sheet_parts(rows: Sequence[Sequence[object]], extra: Iterable[str] = (), dimension: str = "",
                doctype: str = "") -> Iterator[str]:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield SHEET_OPEN.format(doctype=doctype, dimension=dim)
    yield from rows_xml(rows)
    yield from extra
    yield SHEET_CLOSE


def write_raw_book(
    path: Path, sheet_name: str, parts: Iterable[str], *, workbook_xml: str | None = None,
    compress: int = zipfile.ZIP_DEFLATED, level: int = 6,
) -> Path:
    """A one-sheet workbook whose sheet XML is the concatenation of `parts` (streamed)."""
    workbook = workbook_xml or WORKBOOK.format(name=escape(sheet_name))
    with zipfile.ZipFile(path, "w", compression=compress, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
            buffer: list[bytes] = []
            size = 0
            for part in parts:
                data = part.encode("utf-8")
                buffer.append(data)
                size += len(data)
                if size > 1 << 20:
                    stream.write(b"".join(buffer))
                    buffer, size = [], 0
            stream.write(b"".join(buffer))
    return path


def _zip_member(name: str, data: bytes, method: int, crc: int, size: int,
                offset: int) -> tuple[bytes, bytes]:
    """A member's local header + data, and its central directory entry (sizes as given)."""
    encoded = name.encode()
    common = struct.pack("<HHHHHIIIH", 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded))
    local = b"PK\x03\x04" + common + struct.pack("<H", 0) + encoded + data
    central = (b"PK\x01\x02" + struct.pack("<H", 20) + common
               + struct.pack("<HHHHII", 0, 0, 0, 0, 0, offset) + encoded)
    return local, central


def bomb_book(path: Path, inflated: int, declared: int | None = None) -> Path:
    """A one-sheet workbook whose sheet inflates to `inflated` bytes of blanks inside valid XML.

    The deflate stream repeats one fully flushed block of 1 MiB of spaces, so a 2 GiB sheet
    takes about 2 MB on disk and no time to build. `declared` (default: the truth) is the size
    written in the zip headers; a smaller one makes a member that lies about its size.
    """
    head = (SHEET_OPEN.format(doctype="", dimension="") + "".join(rows_xml([["Mã cán bộ",
            "Ngày thực hiện"], ["007", "2/3/2026"]]))).encode()
    tail = SHEET_CLOSE.encode()
    block = b" " * (1 << 20)
    count = max(0, -(-(inflated - len(head) - len(tail)) // len(block)))  # at least `inflated`
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert repeated == again  # a full flush forgets the past: the block can simply be repeated
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(block) + len(tail)
    parts = [("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", ROOT_RELS.encode()),
             ("xl/workbook.xml", WORKBOOK.format(name="Nhật ký").encode()),
             ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()), ("xl/styles.xml", STYLES.encode())]
    locals_: list[bytes] = []
    centrals: list[bytes] = []
    offset = 0
    for name, data in parts:
        local, central = _zip_member(name, data, 0, zlib.crc32(data), len(data), offset)
        locals_.append(local)
        centrals.append(central)
        offset += len(local)
    sheet = first + repeated * count + last
    local, central = _zip_member("xl/worksheets/sheet1.xml", sheet, 8, crc,
                                 size if declared is None else declared, offset)
    locals_.append(local)
    centrals.append(central)
    offset += len(local)
    directory = b"".join(centrals)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(centrals), len(centrals),
                                      len(directory), offset, 0)
    path.write_bytes(b"".join(locals_) + directory + end)
    return path
