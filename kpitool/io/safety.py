"""Checks made on an input file before any reader opens it: what it really is, and whether it is
safe to inflate.

Every input goes through `check_input_file` first (the one place for pre-read checks):

- an empty file, an old `.xls` or a password-protected workbook (both OLE2 compound files), a
  text, HTML, PDF or Word file renamed to `.xlsx`, a truncated download, are told apart by their
  bytes and refused with a message that says what to do;
- a zip bomb is refused from the sizes the zip's central directory declares (total inflated size,
  compression ratio) before anything is inflated; then every member is inflated once, in 1 MiB
  steps and never beyond its declared size, so a member that lies about its size is caught too;
- a worksheet whose used range (rows × columns) is larger than the limit is refused: the fast
  reader allocates the whole rectangle between its first and last cells, so two values in far
  corners of an empty sheet would otherwise ask for hundreds of gigabytes.

The limits come from environment variables (see docs/security.md).
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kpitool.errors import InputFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
MiB = 1 << 20

ENV_UNZIPPED_MB = "KPITOOL_MAX_UNZIPPED_MB"
ENV_RATIO = "KPITOOL_MAX_ZIP_RATIO"
ENV_CELLS = "KPITOOL_MAX_CELLS"
DEFAULT_UNZIPPED_MB = 2048
DEFAULT_RATIO = 200
DEFAULT_CELLS = 25_000_000
RATIO_FLOOR = 16 * MiB  # members smaller than this are not judged by their ratio
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """How much an input workbook may ask of the machine."""

    unzipped_bytes: int = DEFAULT_UNZIPPED_MB * MiB  # all members together, inflated
    ratio: float = DEFAULT_RATIO  # inflated / compressed, for a member over RATIO_FLOOR
    cells: int = DEFAULT_CELLS  # rows × columns of one worksheet's used range

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by KPITOOL_MAX_UNZIPPED_MB, _ZIP_RATIO and _CELLS."""
        return cls(
            unzipped_bytes=env_number(ENV_UNZIPPED_MB, DEFAULT_UNZIPPED_MB) * MiB,
            ratio=env_number(ENV_RATIO, DEFAULT_RATIO),
            cells=env_number(ENV_CELLS, DEFAULT_CELLS),
        )


def env_number(name: str, default: int) -> int:
    from kpitool.errors import UsageError

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise UsageError("bad_limit", name=name, value=raw) from None
    if value <= 0:
        raise UsageError("bad_limit", name=name, value=raw)
    return value


def check_input_file(path: Path, shown: str, limits: Limits | None = None,
                     sheets: bool = True, data: bytes | BinaryIO | None = None,
                     encoding: str | None = None) -> dict[str, bool]:
    """Raise InputFileError when the file cannot safely be handed to a reader.

    `data`: the workbook's bytes, read once, that the reader will then be given, or the open
    file it will read from (so that the check and the reader see the same file even if the path
    is swapped in between). With `sheets=False` the worksheets are not inflated: enough before
    only the sheet names are read (a neighbour looked at as a possible companion file).

    Returns, for a workbook, whether each member may hold a formula or an error cell.
    """
    if data is None:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(4096)
    elif isinstance(data, bytes):
        size, head = len(data), data[:4096]
    else:
        size = os.fstat(data.fileno()).st_size
        data.seek(0)
        head = data.read(4096)
    if size == 0:
        raise InputFileError("empty_file", file=shown)
    if head.startswith(OLE2_MAGIC):
        _refuse_ole2(path, shown)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        if data is None:
            with path.open("rb") as stream:
                return check_xlsx(stream, shown, head, limits or Limits.from_env(), sheets)
        return check_xlsx(io.BytesIO(data) if isinstance(data, bytes) else data, shown, head,
                          limits or Limits.from_env(), sheets)
    if suffix == ".csv":
        if head.startswith(ZIP_MAGIC):
            raise InputFileError("not_csv", file=shown)
        check_csv(path, shown, head, size, limits or Limits.from_env(), encoding)
    elif suffix == ".parquet":
        check_parquet(path, shown, limits or Limits.from_env())
    return {}


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CSV_DELIMITERS = b",;\t|"


def check_csv(path: Path, shown: str, head: bytes, size: int, limits: Limits,
              encoding: str | None = None) -> None:
    """A CSV within the limits: its size within the inflated-size limit, its rows × widest row
    within the cell limit (counted in C-speed steps, before pandas holds a row of it). A UTF-16
    file, which Excel writes as "Unicode text", is told apart from a wrong code page."""
    if head.startswith(UTF16_BOMS) and not (encoding or "").lower().replace("-", "").startswith(
            "utf16"):
        raise InputFileError("csv_utf16", file=shown)
    if size > limits.unzipped_bytes:
        raise InputFileError("file_too_large", file=shown, size=_mb(size),
                             limit=_mb(limits.unzipped_bytes), env=ENV_UNZIPPED_MB)
    if head.startswith(UTF16_BOMS):
        return  # two bytes a character: bounded by its size alone
    rows, columns = csv_extent(path, _csv_delimiter(head))
    if rows * columns > limits.cells:
        raise InputFileError("sheet_too_large", file=shown, sheet=path.name, rows=f"{rows:,}",
                             columns=f"{columns:,}", limit=f"{limits.cells:,}", env=ENV_CELLS)


def _csv_delimiter(head: bytes) -> int:
    """The delimiter byte a reader would sniff from the first lines (',' when unsure)."""
    import csv

    try:
        sample = head.decode("utf-8-sig", errors="replace")
        found = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS.decode()).delimiter
    except csv.Error:
        found = ","
    return ord(found)


CSV_CHUNK = 4 * MiB  # bytes of a CSV counted at a time


def csv_extent(path: Path, delimiter: int) -> tuple[int, int]:
    """(lines, the most fields on one line): an upper bound of the table a reader builds
    (a quoted delimiter or line break only makes it larger). The positions of the line breaks
    and delimiters are found in bulk; a line's delimiters are those between its breaks."""
    import numpy as np

    rows = widest = 0
    carry = 0  # delimiters on the line not yet ended
    tail = False  # bytes after the last line break
    with path.open("rb") as stream:
        while chunk := stream.read(CSV_CHUNK):
            data = np.frombuffer(chunk, dtype=np.uint8)
            ends = np.flatnonzero(data == 10)
            marks = np.flatnonzero(data == delimiter)
            if ends.size:
                before = np.searchsorted(marks, ends)  # delimiters before each line break
                per_line = np.diff(before, prepend=0)
                per_line[0] += carry
                widest = max(widest, int(per_line.max()) + 1)
                rows += int(ends.size)
                carry = int(marks.size - before[-1])
                tail = bool(ends[-1] != data.size - 1)
            else:
                carry += int(marks.size)
                tail = True
    if tail:
        rows += 1
        widest = max(widest, carry + 1)
    return rows, widest


def check_parquet(path: Path, shown: str, limits: Limits) -> None:
    """A Parquet file whose schema is flat and whose rows × columns and uncompressed size are
    within the limits, judged from its footer before any column is read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        meta, schema = parquet.metadata, parquet.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputFileError("unreadable_file", file=shown, error=str(exc)[:200]) from exc
    for field in schema:
        if pa.types.is_nested(field.type) or pa.types.is_dictionary(field.type) and \
                pa.types.is_nested(field.type.value_type):
            raise InputFileError("parquet_nested", file=shown, column=field.name,
                                 type=str(field.type)[:80])
    inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if inflated > limits.unzipped_bytes:
        raise InputFileError("file_too_large", file=shown, size=_mb(inflated),
                             limit=_mb(limits.unzipped_bytes), env=ENV_UNZIPPED_MB)
    if meta.num_rows * max(meta.num_columns, 1) > limits.cells:
        raise InputFileError("sheet_too_large", file=shown, sheet=path.name,
                             rows=f"{meta.num_rows:,}", columns=f"{meta.num_columns:,}",
                             limit=f"{limits.cells:,}", env=ENV_CELLS)


def _refuse_ole2(path: Path, shown: str) -> None:
    """An OLE2 compound file: a password-protected workbook, an old .xls, or another old document."""
    encrypted = "EncryptedPackage".encode("utf-16-le")
    workbook = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
    found_book = False
    with path.open("rb") as stream:
        tail = b""
        while chunk := stream.read(MiB):
            window = tail + chunk
            if encrypted in window:
                raise InputFileError("encrypted_workbook", file=shown)
            found_book = found_book or any(name in window for name in workbook)
            tail = chunk[-64:]
    if found_book:
        raise InputFileError("old_xls", file=shown)
    raise InputFileError(not_xlsx_code("ole2"), file=shown)


_NOT_XLSX_CODES = {"text": "not_xlsx_text", "html": "not_xlsx_html", "pdf": "not_xlsx_pdf",
                   "docx": "not_xlsx_office", "pptx": "not_xlsx_office", "odt": "not_xlsx_office",
                   "ole2": "not_xlsx_office", "ods": "not_xlsx_ods"}


def not_xlsx_code(kind: str) -> str:
    """The message code for a file named .xlsx that is something else."""
    return _NOT_XLSX_CODES.get(kind, "not_xlsx")


def sniff_kind(head: bytes) -> str:
    """What a file that is not a zip looks like, from its first bytes (a `file_kind_*` key)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf"):
        return "pdf"
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in start[:512]:
        return "html"
    if start.startswith(b"<?xml"):
        return "xml"
    if b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                return "text" if _mostly_printable(head) else "unknown"
        return "text"
    return "unknown"


def _mostly_printable(head: bytes) -> bool:
    printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in head)
    return printable >= 0.95 * len(head)


def _zip_kind(names: set[str], archive: zipfile.ZipFile) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        if b"opendocument" in mimetype:
            return "odt"
    return "zip"


def check_xlsx(data: BinaryIO, shown: str, head: bytes, limits: Limits,
               sheets: bool = True) -> dict[str, bool]:
    """The (seekable) stream is a complete xlsx package whose inflated size and used ranges are within
    limits; whether each member may hold a formula or an error cell.

    Every member that holds rows or cells is bounded, wherever it lives and whatever its
    name's case: the reader follows the workbook's relationships (another folder, `.XML`,
    an absolute target), so the check does not guess which parts are worksheets.
    """
    if not head.startswith(ZIP_MAGIC):
        if head.startswith(b"PK"):
            raise InputFileError("truncated_file", file=shown)
        raise InputFileError(not_xlsx_code(sniff_kind(head)), file=shown)
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise InputFileError("truncated_file", file=shown) from None
    markers: dict[str, bool] = {}
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise InputFileError(not_xlsx_code(_zip_kind(names, archive)), file=shown)
        declared = sum(info.file_size for info in infos)
        if declared > limits.unzipped_bytes:
            raise InputFileError("zip_too_large", file=shown, size=_mb(declared),
                                 limit=_mb(limits.unzipped_bytes), env=ENV_UNZIPPED_MB)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_FLOOR and ratio > limits.ratio:
                raise InputFileError("zip_bomb", file=shown, member=info.filename,
                                     ratio=f"{ratio:.0f}", limit=f"{limits.ratio:g}",
                                     env=ENV_RATIO)
        raw = data
        for info in infos:
            extent = SheetExtent()
            whole = _inflate_checked(raw, info, shown, extent, head_only=not sheets)
            if not whole:
                continue
            if extent.cells() > limits.cells:
                _refuse_large_sheet(archive, info.filename, shown, limits)
            markers[info.filename] = extent.has_markers
    return markers


def _mb(size: int) -> str:
    return f"{size / MiB:,.0f}"


def _member_data_offset(raw: object, info: zipfile.ZipInfo) -> int:
    raw.seek(info.header_offset)  # type: ignore[attr-defined]
    header = raw.read(30)  # type: ignore[attr-defined]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length


def _inflate_checked(raw: object, info: zipfile.ZipInfo, shown: str, extent: SheetExtent,
                     head_only: bool = False) -> bool:
    """Inflate one member in 1 MiB steps; refuse it as soon as it outgrows its declared size.

    With `head_only`, stop after the first step unless the member is a shared-strings part or
    the workbook part (what is read for the sheet names); False then.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputFileError("unreadable_file", file=shown,
                             error=f"compression method {info.compress_type}")
    try:
        raw.seek(_member_data_offset(raw, info))  # type: ignore[attr-defined]
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        produced = 0
        crc = 0
        pending = b""
        in_prolog = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        first = True
        while left > 0 or pending:
            if not pending:
                pending = raw.read(min(MiB, left))  # type: ignore[attr-defined]
                if not pending:
                    raise InputFileError("truncated_file", file=shown)
                left -= len(pending)
            if inflater is None:
                piece, pending = pending, b""
            else:
                piece = inflater.decompress(pending, MiB)
                pending = inflater.unconsumed_tail
            produced += len(piece)
            if produced > info.file_size:
                raise InputFileError("zip_bomb_lying", file=shown, member=info.filename,
                                     declared=info.file_size)
            crc = zlib.crc32(piece, crc)
            if in_prolog:
                in_prolog = _check_prolog(piece, info.filename, shown)
            if first:
                first = False
                strings = _check_shared_strings(piece, info, shown)
                if head_only and not strings and info.filename != "xl/workbook.xml":
                    return False
            extent.feed(piece)
            if inflater is not None and inflater.eof:
                break
    except (zlib.error, zipfile.BadZipFile, OSError):
        raise InputFileError("truncated_file", file=shown) from None
    if produced != info.file_size or crc != info.CRC:
        raise InputFileError("truncated_file", file=shown)
    extent.close()
    return True


_SST = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst[\s>/]([^>]*)")
_UNIQUE_COUNT = re.compile(rb"\buniqueCount\s*=\s*[\"']\s*([0-9]+)")
SMALLEST_STRING = len(b"<si/>")


def _check_shared_strings(piece: bytes, info: zipfile.ZipInfo, shown: str) -> bool:
    """Whether the member is a shared-strings table; refuse it when its `uniqueCount` promises
    more strings than its size can hold (a reader reserves room for that many up front)."""
    found = _SST.search(piece[:65536])
    if found is None:
        return False
    count = _UNIQUE_COUNT.search(found[1])
    if count is not None and int(count[1]) > info.file_size // SMALLEST_STRING + 1:
        raise InputFileError("shared_strings_lying", file=shown, member=info.filename,
                             count=f"{int(count[1]):,}", size=f"{info.file_size:,}")
    return True


_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_ROOT_START = re.compile(rb"<\x00?[A-Za-z_]")


def _check_prolog(piece: bytes, member: str, shown: str) -> bool:
    """Refuse a DTD before the root element; True while the root element is still to come.

    Office never writes a DTD (OPC forbids them), and a DTD is how entity expansion ("billion
    laughs") and external entities get into XML: refused here, before any XML parser runs.
    """
    root = _ROOT_START.search(piece)
    prolog = piece[: root.start()] if root else piece
    if any(doctype in prolog for doctype in _DOCTYPES):
        raise InputFileError("xml_dtd", file=shown, member=member)
    return root is None


# Sheet XML as Excel, openpyxl and xlsxwriter write it: `<row r="7" …>`, `<c r="B7" …>`.
_ROW_R_FIRST = re.compile(rb'<row r="(\d+)"')
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# a cell that is not `<c r="X9"` with X at most the widest column seen so far
_CELL_UNUSUAL = [re.compile(rb"<c[\s>/]")] + [
    re.compile(b'<c(?:[\\t\\n\\r>/]| (?!r="[A-' + _LETTERS[n - 1].encode() + b'][0-9]))')
    for n in range(1, 27)]
# anything else a reader accepts: other attribute orders and quoting, white space, prefixes
_ROW_R_ANY = re.compile(rb"<row\s[^>]*?\br\s*=\s*[\"'](\d+)")
_ROW_TAG = re.compile(rb"<row[\s>/]")
_CELL_TAG = re.compile(rb"<c[\s>/]")
_CELL_REF_ANY = re.compile(rb"<c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]+)([0-9]*)")
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")
_PREFIX = re.compile(rb"<(/?)[A-Za-z_][\w.\-]*:")
MARKERS = (b"<f", b't="e"', b"t='e'")


_ROW_NUMBER = re.compile(rb'([0-9]{1,12})"')
_CELL_LETTERS = re.compile(rb"([A-Z]{1,3})[0-9]")
# after `<c` or `<row`, an unusual end of the tag name: white space other than one space
# (which the patterns follow to the `r` attribute), `>`, `/`, or the next tag
_NAME_END = r"[\t\n\r>/<]"


def column_letters(number: int) -> str:
    """1-based column number → Excel letters (1 → A, 16384 → XFD)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def greater_than(text: str, alphabet: str, top: str) -> str:
    """An RE2 pattern for a run of `alphabet` characters that is greater than `text`: longer,
    or as long and greater at its first difference (digits, or column letters).

    The run may go on after the part matched; a longer run is greater too.
    """
    size = len(text)
    options = [f"{alphabet}{{{size + 1}}}"]
    for i, char in enumerate(text):
        if char != top:
            rest = f"{alphabet}{{{size - i - 1}}}" if i < size - 1 else ""
            options.append(f"{text[:i]}[{chr(ord(char) + 1)}-{top}]{rest}")
    return "(?:" + "|".join(options) + ")"


@functools.lru_cache(maxsize=64)
def _unusual_pattern(max_col: int, max_row: int, markers_seen: bool) -> str:
    """What makes a piece unusual (see `SheetExtent._usual`), as one RE2 pattern."""
    rows = greater_than(str(max_row), "[0-9]", "9")
    columns = greater_than(column_letters(max_col), "[A-Z]", "Z")
    other_attribute = ' [^r]| r[^=]| r=[^"]'
    options = [
        f'<c(?:{_NAME_END}|{other_attribute}'
        f'| r="(?:[^A-Z]|{columns}|[A-Z]+[^A-Z0-9]|[A-Z]+{rows}))',
        f'<row(?:{_NAME_END}|{other_attribute}| r="(?:[^0-9]|{rows}))',
        r":(?:c|row)[\t\n\v\f\r />]",
    ]
    if not markers_seen:
        options.append("|".join(re.escape(marker.decode()) for marker in MARKERS))
    return "|".join(options)


def _found(window: bytes | memoryview, pattern: str) -> bool:
    """Whether `pattern` occurs in the bytes: one RE2 search, linear in their length, by
    Arrow's kernel on the bytes in place."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.py_buffer(np.array([0, len(window)], dtype=np.int32))
    array = pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(window)])
    return bool(pc.match_substring_regex(array, pattern)[0].as_py())


@functools.lru_cache(maxsize=64)
def _cell_below(row: int) -> re.Pattern[bytes]:
    """A usual cell reference whose row number is greater than `row`."""
    digits = str(row)
    above = [rb"[0-9]{%d,}" % (len(digits) + 1)]
    for i, ch in enumerate(digits):
        if ch != "9":
            above.append(digits[:i].encode() + b"[%d-9]" % (int(ch) + 1)
                         + b"[0-9]" * (len(digits) - i - 1))
    return re.compile(b'<c r="[A-Z]+(?:' + b"|".join(above) + b')(?![0-9])')


def column_number(letters: bytes) -> int:
    """Excel column letters → 1-based number (A → 1, XFD → 16384)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ch - 64)
    return number


class SheetExtent:
    """A bound on a worksheet's used range, from its XML fed in pieces.

    Conservative: every row and cell counts, empty or not; a row or cell without an `r`
    attribute is placed after the last one, as readers do. A piece written the usual way costs
    a few C-level searches; a piece with anything unusual (another attribute order or quoting,
    prefixed tags, a column beyond the widest so far) is scanned with tolerant patterns.
    Also notes whether the sheet may hold a formula or an error cell (for xlsxscan).
    """

    def __init__(self) -> None:
        self.max_row = 0
        self.rows_without_ref = 0
        self.max_col = 0
        self.widest_unreffed_row = 0
        self.has_markers = False
        self._open_row_cells = 0
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        """Scan whole tags: the tail left by the last piece with this piece up to its first
        tag, then the piece in place up to its last tag (no copy of a usual piece)."""
        cut = piece.rfind(b"<")
        if cut < 0:
            self._tail += piece
            return
        first = piece.find(b"<")
        if self._tail or first:
            self._scan(self._tail + piece[:first])
        if not self._usual(piece, first, cut):
            self._scan(piece[first:cut])
        self._tail = piece[cut:]

    def close(self) -> None:
        self._scan(self._tail + b" ")
        self._tail = b""
        self._end_row()

    def _scan(self, body: bytes) -> None:
        if _PREFIXED.search(body):
            body = _PREFIX.sub(rb"<\1", body)
            self.has_markers = True  # let the XML scan look: it reads namespaces properly
        row_tags = body.count(b"<row")
        refs = _ROW_R_FIRST.findall(body)
        if len(refs) != row_tags:
            row_tags = len(_ROW_TAG.findall(body))
            refs = _ROW_R_ANY.findall(body)
            self.rows_without_ref += max(0, row_tags - len(refs))
        if refs:
            self.max_row = max(self.max_row, max(map(int, refs)))
        if (_CELL_UNUSUAL[min(self.max_col, 26)].search(body)
                or _cell_below(self.max_row).search(body)):
            self._scan_cells(body)
        if not self.has_markers:
            self.has_markers = any(marker in body for marker in MARKERS)

    def _usual(self, piece: bytes, start: int, end: int) -> bool:
        """Whether `piece[start:end]` (whole tags, `<` at `end`) is written the usual way within
        the bound so far, asked in one search of the bytes in place (RE2, through Arrow); if
        so, the bound takes its last row.

        Usual: every row is `<row r="N"` and every cell `<c r="XN"`, with N at most the last
        row of the piece (or the bound so far) and X at most the last column of its last whole
        row (or the widest so far); no prefixed tags; no formula or error cell unless one was already seen.
        """
        top, widest = self.max_row, self.max_col
        last = piece.rfind(b'<row r="', start, end)
        if last >= 0:
            number = _ROW_NUMBER.match(piece, last + len(b'<row r="'), end)
            if number is None:
                return False
            top = max(top, int(number[1]))
        row_end = piece.rfind(b"</row>", start, end)
        cell = piece.rfind(b'<c r="', start, row_end if row_end >= 0 else end)
        if cell >= 0:  # the last whole row's last column: the widest, in a usual piece
            letters = _CELL_LETTERS.match(piece, cell + len(b'<c r="'), end)
            if letters is None:
                return False
            widest = max(widest, column_number(letters[1]))
        window = memoryview(piece)[start:end + 1]
        if _found(window, _unusual_pattern(widest, top, self.has_markers)):
            return False
        if last >= 0:
            self._end_row()
        self.max_row, self.max_col = top, widest
        return True

    def _scan_cells(self, body: bytes) -> None:
        refs = _CELL_REF_ANY.findall(body)
        if refs:
            self.max_col = max(self.max_col, max(column_number(x) for x in {c for c, _ in refs}))
            self.max_row = max(self.max_row, max(int(r or 0) for _, r in refs))
        if len(_CELL_TAG.findall(body)) > len(refs):  # cells placed by their order
            parts = _ROW_TAG.split(body)
            self._open_row_cells += len(_CELL_TAG.findall(parts[0]))
            for part in parts[1:]:
                self._end_row()
                self._open_row_cells = len(_CELL_TAG.findall(part))

    def _end_row(self) -> None:
        self.widest_unreffed_row = max(self.widest_unreffed_row, self._open_row_cells)
        self._open_row_cells = 0

    def rows(self) -> int:
        return self.max_row + self.rows_without_ref

    def columns(self) -> int:
        return self.max_col + self.widest_unreffed_row

    def cells(self) -> int:
        return self.rows() * self.columns()


_CELL_OPEN = re.compile(rb"<(row|c)(?=[\s>/])([^>]*?)(/?)>")
_REF_ATTR = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]*)([0-9]*)[\"']")


def valued_extent(stream: object) -> tuple[int, int]:
    """(rows, columns) spanned by the cells that hold something: the range a reader allocates.

    Slower than SheetExtent (one step per cell); used only when the cheap bound is over the limit,
    so a sheet formatted far beyond its data is still accepted.
    """
    max_row = max_col = 0
    row = col = 0
    tail = b""
    while chunk := stream.read(MiB):  # type: ignore[attr-defined]
        data = tail + chunk
        cut = data.rfind(b"<")
        body, tail = data[:cut], data[cut:]
        if _PREFIXED.search(body):
            body = _PREFIX.sub(rb"<\1", body)
        for match in _CELL_OPEN.finditer(body):
            ref = _REF_ATTR.search(match[2])
            if match[1] == b"row":
                row = int(ref[2]) if ref is not None and ref[2] else row + 1
                col = 0
                continue
            if ref is not None and ref[1]:
                col = column_number(ref[1])
                if ref[2]:
                    row = int(ref[2])
            else:
                col += 1
            if match[3] or body.startswith(b"</c>", match.end()):
                continue  # formatted but empty: readers skip it
            max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


def _refuse_large_sheet(archive: zipfile.ZipFile, member: str, shown: str, limits: Limits) -> None:
    with archive.open(member) as stream:
        rows, columns = valued_extent(stream)
    if rows * columns <= limits.cells:
        return
    from kpitool.io.xlsxscan import sheet_paths

    names = {path: name for name, path in sheet_paths(archive).items()}
    raise InputFileError("sheet_too_large", file=shown, sheet=names.get(member, member),
                         rows=f"{rows:,}", columns=f"{columns:,}", limit=f"{limits.cells:,}",
                         env=ENV_CELLS)
