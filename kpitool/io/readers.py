"""Read the input workbooks (and CSV/Parquet worklogs) into typed frames, collecting issues.

Files are recognised by their sheets, not their names. In each sheet the header row is found
under any title block, columns are matched by canonical key or Vietnamese label (after NFC,
trimming and case-folding), an STT column is ignored, and every row keeps its Excel row number.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from kpitool.data import SOURCE_COLUMNS, WORKLOG_CODES, InputData, InputFile
from kpitool.errors import InputFileError, UsageError
from kpitool.io.coerce import ambiguous_numbers, blank_mask, coerce, empty_series
from kpitool.io.safety import check_input_file
from kpitool.issues import Issue, column_letter
from kpitool.schemas import SHEETS, WORKBOOKS, WORKLOGS
from kpitool.schemas.spec import Column, Sheet, WorkbookKind, fold

if TYPE_CHECKING:
    from kpitool.io.preload import Preload

HEADER_SCAN_ROWS = 30
IGNORED_HEADERS = {fold(name) for name in ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#")}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
LARGE_CSV = 8 << 20  # bytes; from this size on a UTF-8 CSV is read by Arrow
TABLE_SUFFIXES = {".csv", ".parquet"}

Progress = Callable[[str], None]


@dataclass
class SheetRead:
    """One sheet after reading: its typed frame and what was found wrong."""

    frame: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    layout: dict[str, tuple[str, str]] = field(default_factory=dict)


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook (a neighbour looked at as a possible companion file), in
    bounded memory: one open file, checked (worksheets not inflated), then its workbook part
    read with defusedxml; no reader opens it."""
    import zipfile

    from kpitool.io.xlsxscan import workbook_sheet_names

    with path.open("rb") as stream:
        check_input_file(path, str(path), sheets=False, data=stream)
        with zipfile.ZipFile(stream) as archive:
            return workbook_sheet_names(archive)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """A frame with the sheet's columns and source columns, and no rows."""
    index = pd.RangeIndex(0)
    data = {col.key: empty_series(col, 0, index) for col in sheet.columns}
    data["_file"] = pd.Series([], dtype="string")
    data["_sheet"] = pd.Series([], dtype="string")
    data["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)


# --------------------------------------------------------------------------------------------
# header detection


def _spelling_table(sheet: Sheet) -> dict[str, str]:
    """Folded header spelling → column key ('' for columns read quietly and not used)."""
    table: dict[str, str] = {fold(spelling): "" for spelling in sheet.lookups}
    for col in sheet.columns:
        for spelling in col.spellings():
            table[fold(spelling)] = col.key
    return table


def _row_keys(cells: list[object], table: dict[str, str]) -> list[str | None]:
    keys: list[str | None] = []
    for cell in cells:
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            keys.append(None)
            continue
        folded = fold(cell)
        key = table.get(folded)
        keys.append(key if key is not None else ("" if folded in IGNORED_HEADERS else None))
    return keys


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and np.isnan(cell)) or str(cell).strip() == ""


@dataclass
class Header:
    """Where the header is and what each raw column holds."""

    first_row: int  # 0-based raw index of the first header row
    last_row: int  # 0-based raw index of the last header row (differs for two-row headers)
    keys: dict[int, str]  # raw column position → canonical key
    labels: dict[int, str]  # raw column position → header text as written
    unknown: dict[int, str]  # raw column position → header text not in the sheet spec


def find_header(raw: pd.DataFrame, sheet: Sheet) -> tuple[Header | None, list[tuple[str, dict]]]:
    """The header row (or two rows, for a group label over sub-labels) of a raw sheet.

    Returns the header and problems as (code, params) pairs.
    """
    table = _spelling_table(sheet)
    top = raw.head(HEADER_SCAN_ROWS)
    rows = [list(values) for values in top.itertuples(index=False, name=None)]
    scored = []
    for cells in rows:
        scored.append(sum(1 for key in _row_keys(cells, table) if key))
    if not scored or max(scored) == 0:
        return None, []
    best = int(np.argmax(scored))
    needed = min(2, len([c for c in sheet.columns if c.required]))
    if scored[best] < needed:
        return None, []
    problems: list[tuple[str, dict]] = []
    chosen = [best]
    for other in (best + 1, best - 1):
        if not 0 <= other < len(rows):
            continue
        merged, conflicts = _merge_header_rows(rows, list(raw.columns), min(best, other),
                                               max(best, other), table)
        if merged is None:
            continue
        if conflicts:
            problems.extend(conflicts)
        chosen = [min(best, other), max(best, other)]
        break
    first, last = chosen[0], chosen[-1]
    keys: dict[int, str] = {}
    labels: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for i, pos in enumerate(raw.columns):
        cells = [rows[r][i] for r in range(first, last + 1)]
        found = [(cell, key) for cell in reversed(cells)
                 for key in [_row_keys([cell], table)[0]] if key]
        if found:
            keys[pos] = found[0][1]
            labels[pos] = str(found[0][0]).strip()
            continue
        if any(_row_keys([cell], table)[0] == "" for cell in cells):
            continue  # STT
        text = next((str(c).strip() for c in reversed(cells) if not _is_blank(c)), "")
        if text and last == first:
            unknown[pos] = text
        elif text and not _is_blank(rows[last][i]):
            unknown[pos] = str(rows[last][i]).strip()
    return Header(first, last, keys, labels, unknown), problems


def _merge_header_rows(
    rows: list[list[object]], columns: list[int], upper: int, lower: int, table: dict[str, str]
) -> tuple[dict[int, str] | None, list[tuple[str, dict]]]:
    """Combine two rows as one header if they complement each other, else None.

    A two-row header has recognised labels in both rows, in different columns; where one row
    has a label the other is blank or holds a group label. Two different labels stacked in one
    column cannot be told apart and are reported.
    """
    up = _row_keys(rows[upper], table)
    low = _row_keys(rows[lower], table)
    if not any(up) or not any(low):
        return None, []
    merged: dict[int, str] = {}
    conflicts: list[tuple[str, dict]] = []
    for i, (a, b) in enumerate(zip(up, low, strict=False)):
        pos = columns[i]
        if a and b and a != b:
            conflicts.append(("ambiguous_header", {
                "column_letter": column_letter(pos), "upper": str(rows[upper][i]).strip(),
                "lower": str(rows[lower][i]).strip(), "pos": pos}))
        elif a and not b and not _is_blank(rows[lower][i]):
            return None, []  # a value under a label: the lower row is data
        key = b or a
        if key:
            merged[pos] = key
    gained = len([k for k in merged.values() if k]) - max(
        len([k for k in up if k]), len([k for k in low if k]))
    if gained <= 0 and not conflicts:
        return None, []
    return merged, conflicts


# --------------------------------------------------------------------------------------------
# one sheet


@dataclass
class _Found:
    """The issues of one sheet as they are found, each placed in the file and sheet."""

    file: str
    sheet: str
    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, **kw: object) -> None:
        self.issues.append(Issue(code=code, file=self.file, sheet=self.sheet, **kw))  # type: ignore[arg-type]


def read_table(
    raw: pd.DataFrame,
    sheet: Sheet,
    file: str,
    sheet_name: str,
    odd: Iterable = (),
    body: pd.DataFrame | None = None,
    typed_as_text: bool = False,
) -> SheetRead:
    """Typed frame and issues from a raw table.

    Row i of `raw` is the sheet's row i + 1; its column labels are the sheet's 0-based column
    numbers (a table may hold only some of a sheet's columns). With `body`, `raw` holds only
    the header and `body` the data rows, typed as they came (Parquet, a large CSV), indexed so
    that row i is the sheet's row i + 1. `typed_as_text`: every number was typed by a person
    (a CSV), so `1.000` beside `2,5` is ambiguous.

    The steps: the header and its problems, the data rows, the odd cells (formulas, errors),
    each column coerced to its type with its defaults, the extra columns, the source columns
    (file, sheet, row), then the sheet's pandera checks.
    """
    found = _Found(file, sheet_name)
    header, problems = find_header(raw, sheet)
    if header is None:
        labels = ", ".join(c.vi for c in sheet.columns if c.required)
        found.add("no_header", params={"columns": labels})
        return SheetRead(empty_frame(sheet), found.issues)
    seen = _header_issues(header, problems, sheet, found)
    odd_by_cell = {(cell.row, cell.col): cell for cell in odd}
    body = _data_rows(raw.iloc[header.last_row + 1:] if body is None else body, header, seen,
                      odd_by_cell)
    row_numbers = body.index.to_numpy() + 1
    index = pd.RangeIndex(len(body))
    odd_cells = _odd_cell_issues(odd_by_cell, header, seen, found)
    data: dict[str, pd.Series] = {}
    for col in sheet.columns:
        if col.key not in seen:
            data[col.key] = _default_series(col, len(body), index)
            continue
        pos = seen[col.key]
        column = _ColumnAt(col, pos, header.labels[pos], row_numbers,
                           _odd_mask(odd_cells, pos, row_numbers))
        data[col.key] = _typed_column(body[pos].reset_index(drop=True), column, found,
                                      typed_as_text)
    data.update(_extra_columns(body, header, data))
    data.update(_source_columns(file, sheet_name, row_numbers, index))
    frame = pd.DataFrame(data, index=index)
    layout = {key: (header.labels[pos], column_letter(pos)) for key, pos in seen.items()}
    found.issues.extend(range_issues(frame, sheet, file, sheet_name, layout))
    return SheetRead(frame, found.issues, layout)


def _header_issues(header: Header, problems: list[tuple[str, dict]], sheet: Sheet,
                   found: _Found) -> dict[str, int]:
    """Problems of the header row (duplicate, unknown, missing columns); key → column used."""
    header_row = header.first_row + 1
    for code, params in problems:
        pos = int(params.pop("pos"))
        found.add(code, row=header_row, cell=f"{column_letter(pos)}{header_row}",
                  value=str(params.get("lower", "")), params=params)
    last = header.last_row + 1
    seen: dict[str, int] = {}
    for pos, key in sorted(header.keys.items()):
        if key in seen:
            found.add("duplicate_column", row=last, column=header.labels[pos],
                      cell=f"{column_letter(pos)}{last}", value=header.labels[pos],
                      params={"other": f"{column_letter(seen[key])}{last}"})
        else:
            seen[key] = pos
    for pos, text in sorted(header.unknown.items()):
        found.add("unknown_column", severity="notice", row=last, value=text,
                  cell=f"{column_letter(pos)}{last}")
    for col in sheet.columns:
        if col.required and col.key not in seen:
            found.add("missing_column", row=header_row, column=col.vi,
                      params={"label": col.vi, "row": header_row})
    return seen


def _data_rows(body: pd.DataFrame, header: Header, seen: dict[str, int],
               odd_by_cell: dict[tuple[int, int], Any]) -> pd.DataFrame:
    """The rows below the header that hold something in a known column (or an odd cell)."""
    mapped = list(seen.values())
    if not mapped:
        return body.iloc[0:0]
    keep = ~_blank_cells(body, mapped).all(axis=1)
    if odd_by_cell:  # a row whose only content is an odd cell is still a row
        rows_with_odd = {row for row, pos in odd_by_cell if pos in mapped}
        keep |= np.isin(np.arange(len(body)) + header.last_row + 2, list(rows_with_odd))
    return body[keep]


def _odd_cell_issues(odd_by_cell: dict[tuple[int, int], Any], header: Header,
                     seen: dict[str, int], found: _Found) -> set[tuple[int, int]]:
    """An issue for each formula without a value or error cell in a known column; their
    (row, column) places."""
    mapped = set(seen.values())
    places: set[tuple[int, int]] = set()
    for (row, pos), cell in odd_by_cell.items():
        if pos in mapped and row > header.last_row + 1:
            found.add(cell.kind, row=row, column=header.labels[pos],
                      cell=f"{column_letter(pos)}{row}", value=cell.value)
            places.add((row, pos))
    return places


def _odd_mask(places: set[tuple[int, int]], pos: int, row_numbers: np.ndarray) -> np.ndarray:
    if not places:
        return np.zeros(len(row_numbers), dtype=bool)
    return np.array([(int(r), pos) in places for r in row_numbers], dtype=bool)


@dataclass(frozen=True)
class _ColumnAt:
    """A schema column where it was found: sheet column, header label, rows, odd cells."""

    col: Column
    pos: int
    label: str
    row_numbers: np.ndarray
    odd: np.ndarray

    def cell(self, i: int | np.integer) -> dict[str, object]:
        row = int(self.row_numbers[i])
        return {"row": row, "column": self.label, "cell": f"{column_letter(self.pos)}{row}"}


def _typed_column(raw_col: pd.Series, at: _ColumnAt, found: _Found,
                  typed_as_text: bool) -> pd.Series:
    """The column coerced to its type: an issue at each cell that is not of it (or that is
    ambiguous), then its default or a `required_value` issue at each empty cell."""
    col = at.col
    result = coerce(raw_col, col)
    bad = result.bad & ~at.odd
    params: dict[str, object] = {}
    if col.kind in ("enum", "bool") and col.enum is not None:
        params = {"allowed": ", ".join(col.enum.labels("vi")),
                  "allowed_en": ", ".join(col.enum.labels("en"))}
    for i in np.flatnonzero(bad):
        found.add(result.code, value=str(raw_col.iloc[i]).strip(), params=dict(params),
                  **at.cell(i))
    values = result.values
    if typed_as_text and col.kind in ("number", "integer"):
        ambiguous = ambiguous_numbers(raw_col) & ~bad & ~at.odd
        for i in np.flatnonzero(ambiguous):
            text = str(raw_col.iloc[i]).strip()
            found.add("ambiguous_number", value=text,
                      params={"one": text.replace(".", ","), "other": text.replace(".", "")},
                      **at.cell(i))
        values = values.where(~ambiguous)
        bad = bad | ambiguous
    missing = values.isna().to_numpy(dtype=bool) & ~bad & ~at.odd
    if col.default is not None:
        return _fill_default(values, col)
    if not col.nullable:
        for i in np.flatnonzero(missing):
            found.add("required_value", **at.cell(i))
    return values


def _extra_columns(body: pd.DataFrame, header: Header,
                   data: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """Columns the sheet does not define, kept as text under their header."""
    return {text: body[pos].reset_index(drop=True).astype("string")
            for pos, text in sorted(header.unknown.items())
            if text not in data and not text.startswith("_")}


def _source_columns(file: str, sheet_name: str, row_numbers: np.ndarray,
                    index: pd.Index) -> dict[str, pd.Series]:
    """Where each row came from: file, sheet (categories: one value repeated on every row) and
    Excel row number."""
    return {"_file": _constant_text(file, len(row_numbers), index),
            "_sheet": _constant_text(sheet_name, len(row_numbers), index),
            "_row": pd.Series(row_numbers.astype("int64"), index=index)}


def _blank_cells(body: pd.DataFrame, positions: list[int]) -> np.ndarray:
    """Rows × columns mask of the blank cells; columns of one type are checked as one long
    column (pandas' cost is per call, and a workbook has dozens of short columns)."""
    columns = [body[pos] for pos in positions]
    if len({column.dtype for column in columns}) > 1:
        return np.column_stack([blank_mask(column) for column in columns])
    stacked = blank_mask(pd.concat(columns, ignore_index=True))
    return stacked.reshape(len(columns), len(body)).T


def _constant_text(value: str, length: int, index: pd.Index) -> pd.Series:
    """A text column holding `value` on every row, as a category: one byte a row, where the
    text itself on ten million rows costs hundreds of megabytes."""
    codes = np.zeros(length, dtype=np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index([value], dtype="string")),
                     index=index)


def _default_series(col: Column, length: int, index: pd.Index) -> pd.Series:
    series = empty_series(col, length, index)
    return _fill_default(series, col) if col.default is not None else series


def _fill_default(values: pd.Series, col: Column) -> pd.Series:
    default = col.default
    if col.kind == "bool":
        default = default == "yes"
    return values.fillna(default)


def range_issues(
    frame: pd.DataFrame, sheet: Sheet, file: str, sheet_name: str,
    where: dict[str, tuple[str, str]],
) -> list[Issue]:
    """Ranges, allowed values and uniqueness, checked by the sheet's pandera schema."""
    from kpitool.schemas.checks import schema_failures

    issues = []
    for failure in schema_failures(frame, sheet):
        label, letter = where.get(failure.column, (sheet.column(failure.column).vi, ""))
        row = int(frame["_row"].iloc[failure.position])
        issues.append(Issue(
            code=failure.code, file=file, sheet=sheet_name, row=row, column=label,
            cell=f"{letter}{row}" if letter else "", value=failure.value,
            params=failure.params,
        ))
    return issues


# --------------------------------------------------------------------------------------------
# files


def match_sheets(names: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Sheet key → the file's sheet name; plus (key, name) pairs seen twice."""
    spellings = {fold(s.key): s.key for s in SHEETS.values()}
    spellings.update({fold(s.vi): s.key for s in SHEETS.values()})
    found: dict[str, str] = {}
    twice = []
    for name in names:
        key = spellings.get(fold(name))
        if key is None:
            continue
        if key in found:
            twice.append((key, name))
        else:
            found[key] = name
    return found, twice


def workbook_kinds(found: dict[str, str]) -> list[WorkbookKind]:
    """The workbook kinds that the recognised sheets belong to, in the usual order."""
    return [book for book in WORKBOOKS if any(s.key in found for s in book.sheets)]


def _absolute(frame: pd.DataFrame, sheet: object) -> pd.DataFrame:
    """Label a fastexcel frame's columns with their 0-based sheet column numbers."""
    frame.columns = [c.absolute_index for c in sheet.available_columns()  # type: ignore[attr-defined]
                     if c.name in frame.columns]
    return frame


def _load_columns(reader: object, name: str) -> pd.DataFrame:
    """The sheet's rows as text, columns labelled by sheet column number.

    One pass: fastexcel parses the whole sheet on every load, so finding the header first and
    loading again would parse it twice. Sheets too large to load are refused before this
    (`kpitool.io.safety`).
    """
    loaded = reader.load_sheet(  # type: ignore[attr-defined]
        name, header_row=None, skip_rows=0, dtypes="string")
    return _absolute(loaded.to_pandas(), loaded)


def _checked_xlsx(path: Path, shown: str) -> tuple[dict[str, SheetRead], list[Issue], str, str]:
    """A workbook read once into memory, checked (`check_input_file`), then read from those
    same bytes; a large one is loaded by a child process while the check runs
    (`kpitool.io.preload`). The reads, issues, kind and the bytes' SHA-256."""
    from kpitool.io.preload import Preload, worth_preloading

    data = read_bytes(path, shown)
    inflated = worth_preloading(data)
    preload = Preload(data, inflated) if inflated else None
    try:
        markers = check_input_file(path, shown, data=data)
        return (*read_xlsx(data, shown, preload, markers), hashlib.sha256(data).hexdigest())
    finally:
        if preload is not None:
            preload.cancel()


def read_bytes(path: Path, shown: str) -> bytes:
    """The whole file, read once: what is checked is what is read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError("unreadable_file", file=shown, error=exc.strerror or str(exc)) from exc


def read_xlsx(data: bytes, shown: str, preload: Preload | None = None,
              markers: dict[str, bool] | None = None,
              ) -> tuple[dict[str, SheetRead], list[Issue], str]:
    """Every recognised sheet of a workbook (its bytes, checked); the workbook's kind ('' if
    none). With `preload`, the sheets come from the child that loaded them."""
    import fastexcel

    from kpitool.io.xlsxscan import odd_cells

    # fastexcel logs one warning per untyped column: thousands for a sheet formatted out to XFD
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types for broken files
        raise InputFileError("unreadable_file", file=shown, error=_short(exc)) from exc
    found, twice = match_sheets(names)
    issues: list[Issue] = []
    for key, name in twice:
        issues.append(Issue("duplicate_sheet", file=shown, sheet=name,
                            params={"sheet": SHEETS[key].vi}))
    if not found:
        issues.append(Issue("unknown_workbook", file=shown,
                            params={"file": shown, "sheets": ", ".join(names)}))
        return {}, issues, ""
    kinds = workbook_kinds(found)
    for book in kinds:
        for sheet in book.sheets:
            if sheet.required and sheet.key not in found:
                issues.append(Issue("missing_sheet", file=shown, sheet=sheet.vi,
                                    params={"sheet": sheet.vi, "key": sheet.key}))
    issues.extend(_hidden_sheets(data, shown, list(found.values())))
    # the child's tables; without them (no child, or it failed) the sheets load here
    loaded = preload.tables(len(found)) if preload is not None else None
    reads: dict[str, SheetRead] = {}
    for index, (key, name) in enumerate(found.items()):
        try:
            raw = loaded[index] if loaded is not None else _load_columns(reader, name)
            odd = odd_cells(data, name, markers)
        except Exception as exc:
            raise InputFileError("unreadable_file", file=shown, error=_short(exc)) from exc
        reads[key] = read_table(raw, SHEETS[key], shown, name, odd=odd)
    return reads, issues, kinds[0].key


def _hidden_sheets(data: bytes, shown: str, names: list[str]) -> list[Issue]:
    """A notice for each recognised sheet that Excel hides (hidden or very hidden): it is
    read and scored all the same."""
    from kpitool.io.xlsxscan import sheet_states

    hidden = sheet_states(data)
    return [Issue("hidden_sheet", severity="notice", file=shown, sheet=name,
                  params={"sheet": name, "how": hidden[name]}) for name in names if name in hidden]


def read_csv(path: Path, shown: str, encoding: str | None) -> SheetRead:
    """A worklogs CSV (UTF-8 with or without BOM unless told otherwise)."""
    raw = _read_large_csv(path, encoding)
    if raw is not None:
        return read_table(raw, WORKLOGS, shown, path.name, typed_as_text=True)
    try:
        raw = pd.read_csv(path, header=None, dtype=str, keep_default_na=False,
                          encoding=encoding or "utf-8-sig", skip_blank_lines=False,
                          sep=None, engine="python")
    except UnicodeDecodeError as exc:
        raise InputFileError("bad_encoding", file=shown, encoding=encoding or "utf-8") from exc
    except LookupError as exc:
        raise UsageError("unknown_encoding", encoding=encoding) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        raise InputFileError("unreadable_file", file=shown, error=_short(exc)) from exc
    raw = raw.replace("", np.nan)
    raw.columns = range(raw.shape[1])
    return read_table(raw, WORKLOGS, shown, path.name, typed_as_text=True)


def read_parquet(path: Path, shown: str) -> SheetRead:
    """A worklogs Parquet file; its column names are the header, its types are kept."""
    try:
        table = pd.read_parquet(path)
    except Exception as exc:
        raise InputFileError("unreadable_file", file=shown, error=_short(exc)) from exc
    header = pd.DataFrame([list(table.columns)], columns=range(table.shape[1]), dtype=object)
    body = table.set_axis(range(table.shape[1]), axis=1).set_axis(
        pd.RangeIndex(1, len(table) + 1), axis=0)
    return read_table(header, WORKLOGS, shown, path.name, body=body)


def _read_large_csv(path: Path, encoding: str | None) -> pd.DataFrame | None:
    """A big UTF-8 CSV read by Arrow's multithreaded parser, all columns as text; None when
    Arrow cannot read it (the slower reader then gives the precise message)."""
    import csv as csvmod

    import pyarrow as pa
    import pyarrow.csv as pacsv

    if encoding not in (None, "utf-8", "utf8", "utf-8-sig") or path.stat().st_size < LARGE_CSV:
        return None
    with path.open("rb") as stream:
        sample = stream.read(1 << 16).decode("utf-8-sig", errors="replace")
    try:
        delimiter = csvmod.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        columns = len(next(csvmod.reader([sample.splitlines()[0]], delimiter=delimiter)))
        names = [str(i) for i in range(columns)]
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=True, null_values=[""]),
        )
    except (csvmod.Error, pa.ArrowException, StopIteration, IndexError):
        return None
    raw = table.to_pandas(types_mapper=pd.ArrowDtype)
    return raw.set_axis(range(raw.shape[1]), axis=1)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def read_inputs(
    paths: list[Path], encoding: str | None = None, progress: Progress | None = None
) -> tuple[InputData, list[Issue]]:
    """Read every input file, recognised by its sheets, into one InputData and its issues.

    CSV and Parquet worklogs are read in threads, as many as there are cores (Arrow and most of
    pandas' column work release the GIL); their frames and issues are then taken in the order
    the files were given, so the result does not depend on which thread finished first.
    """
    frames: dict[str, list[pd.DataFrame]] = {key: [] for key in SHEETS}
    issues: list[Issue] = []
    files: list[InputFile] = []
    layouts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        tables = {path: pool.submit(_read_table_file, path, encoding) for path in paths
                  if path.suffix.lower() in TABLE_SUFFIXES and path.is_file()}
        for path in paths:
            shown = str(path)
            if progress:
                progress(shown)
            if not path.exists() or not path.is_file():
                issues.append(Issue("file_not_found", file=shown, params={"file": shown}))
                continue
            suffix = path.suffix.lower()
            digest = ""
            if suffix in XLSX_SUFFIXES:  # a workbook is checked while it loads
                reads, found, kind, digest = _checked_xlsx(path, shown)
                issues.extend(found)
            elif path in tables:
                read, digest = tables[path].result()
                reads, kind = {"worklogs": read}, "worklogs"
            else:
                check_input_file(path, shown, encoding=encoding)
                issues.append(Issue("unsupported_file", file=shown,
                                    params={"file": shown, "suffix": suffix or "?"}))
                continue
            for key, read in reads.items():
                frames[key].append(read.frame)
                issues.extend(read.issues)
                if len(read.frame):
                    layouts[(shown, str(read.frame["_sheet"].iloc[0]))] = read.layout
            if kind:
                files.append(InputFile(path=path, kind=kind, sha256=digest or sha256_of(path)))
    data = {key: _concat(parts, SHEETS[key]) for key, parts in frames.items()}
    return InputData(**data, files=files, layouts=layouts), issues


def _read_table_file(path: Path, encoding: str | None) -> tuple[SheetRead, str]:
    """A CSV or Parquet worklogs file, checked, then read; and its SHA-256."""
    shown = str(path)
    check_input_file(path, shown, encoding=encoding)
    read = read_csv(path, shown, encoding) if path.suffix.lower() == ".csv" else \
        read_parquet(path, shown)
    read.frame = _codes_as_categories(read.frame)
    return read, sha256_of(path)


def _codes_as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The worklog columns that hold codes (`kpitool.data.WORKLOG_CODES`) as categories: a few
    thousand values repeated over millions of rows, held once each instead of once a row."""
    return frame.astype({column: "category" for column in WORKLOG_CODES
                         if column in frame and len(frame)})


def _concat(parts: list[pd.DataFrame], sheet: Sheet) -> pd.DataFrame:
    """The frames of one sheet kind one below the other; a column that is a category in every
    frame (the source columns) stays one, over the union of their values."""
    if not parts:
        return empty_frame(sheet)
    if len(parts) == 1:
        return parts[0]
    columns = list(parts[0].columns)
    kept = [c for c in columns
            if all(isinstance(part[c].dtype, pd.CategoricalDtype) for part in parts)]
    out = pd.concat([part.drop(columns=kept) for part in parts], ignore_index=True)
    for column in kept:
        out[column] = pd.Series(union_categoricals([part[column] for part in parts],
                                                   sort_categories=True), index=out.index)
    return out[columns]


__all__ = ["SOURCE_COLUMNS", "read_inputs", "read_table", "find_header", "empty_frame"]
