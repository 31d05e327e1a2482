"""What fastexcel does not say about a sheet: formula cells without a cached value, error cells.

Reads the sheet's XML straight from the zip, streaming, with defusedxml (no entity expansion).
The sheet is only parsed when its bytes contain a formula or an error cell at all.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeET

from kpitool.io.safety import MARKERS

# tags and attributes are matched by local name: transitional OOXML and strict OOXML
# (purl.oclc.org namespaces) spell the same parts
_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class OddCell:
    """A cell whose value the fast reader shows as blank: a formula not yet computed, or an error."""

    row: int  # 1-based, as Excel shows it
    col: int  # 0-based
    kind: str  # "formula_no_value" or "error_value"
    value: str


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _sheets(archive: zipfile.ZipFile) -> list[Any]:
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    return [e for e in workbook.iter() if _local(e.tag) == "sheet"]


def _rel_id(sheet: Any) -> str:
    return next((v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"),
                "")


def workbook_sheet_names(archive: zipfile.ZipFile) -> list[str]:
    """The sheet names, in the workbook's order."""
    return [sheet.get("name", "") for sheet in _sheets(archive)]


def sheet_states(data: bytes) -> dict[str, str]:
    """Sheet name → 'hidden' or 'veryHidden' for the sheets Excel does not show."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {sheet.get("name", ""): sheet.get("state", "") for sheet in _sheets(archive)
                if sheet.get("state", "visible") != "visible"}


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the zip."""
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter()
               if _local(rel.tag) == "Relationship"}
    paths = {}
    for sheet in _sheets(archive):
        target = targets.get(_rel_id(sheet), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)
        )
        paths[sheet.get("name", "")] = path
    return paths


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _has_markers(archive: zipfile.ZipFile, member: str) -> bool:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            if any(marker in window for marker in MARKERS):
                return True
            tail = chunk[-8:]
    return False


def odd_cells(data: bytes, sheet_name: str, markers: dict[str, bool] | None = None,
              ) -> list[OddCell]:
    """Formula cells with no cached value and error cells (#N/A, #REF! …) of one sheet.

    `markers`: from the safety check, whether each member may hold one (else it is looked at).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = sheet_paths(archive).get(sheet_name)
        if member is None or member not in archive.namelist():
            return []
        known = (markers or {}).get(member)
        if known is False or (known is None and not _has_markers(archive, member)):
            return []
        found: list[OddCell] = []
        with archive.open(member) as stream:
            for _event, elem in SafeET.iterparse(stream, events=("end",)):
                tag = _local(elem.tag)
                if tag != "c":
                    if tag == "row":
                        elem.clear()
                    continue
                ref = _REF.match(elem.get("r", "").upper())
                children = {_local(child.tag): child for child in elem}
                formula = children.get("f")
                value = children.get("v")
                text = value.text if value is not None else None
                if ref is not None:
                    row, col = int(ref[2]), _col_index(ref[1])
                    if elem.get("t") == "e":
                        found.append(OddCell(row, col, "error_value", text or "#ERROR"))
                    elif formula is not None and (text is None or text == ""):
                        found.append(OddCell(row, col, "formula_no_value", "=" + (formula.text or "")))
        return found
