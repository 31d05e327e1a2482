"""Helpers for the broken, hostile, injection and interrupt tests: odd files and CLI runs."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.errors import KpiToolError
from kpitool.io.readers import read_inputs

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # no wrapping inside a panel: messages compare whole
_BOX = re.compile(r"[│╭╮╰╯─┃┏┓┗┛━┡┩┳┻╇┣┫]")


def plain(output: str) -> str:
    """CLI output without panel borders, white space collapsed."""
    return " ".join(_BOX.sub(" ", output).split())


def invoke(*args: str, env: dict[str, str] | None = None):  # noqa: ANN201 - click's Result
    return runner.invoke(app, list(args), env={**WIDE, **(env or {})})


def refusal(path: Path, **kwargs: object) -> KpiToolError:
    """The error the readers raise for `path` (the test fails if they raise none)."""
    try:
        read_inputs([path], **kwargs)  # type: ignore[arg-type]
    except KpiToolError as exc:
        return exc
    raise AssertionError(f"{path} was read without an error")


def assert_cli_refuses(path: Path, code: str, exit_code: int = 1, *extra: str,
                       command: str = "validate", env: dict[str, str] | None = None) -> None:
    """`kpitool COMMAND path` fails with `code`'s message, naming the file, in vi and en."""
    for lang in ("vi", "en"):
        result = invoke(command, str(path), *extra, "--lang", lang, env=env)
        assert result.exit_code == exit_code, result.output
        shown = plain(result.output)
        assert str(path) in shown, shown
        assert "Traceback" not in result.output
        if code:
            from kpitool.messages import MESSAGES

            what = MESSAGES[code][lang].split("{", 1)[0]
            assert plain(what) in shown, (code, shown)


def ole2_file(path: Path, streams: list[str]) -> Path:
    """A minimal, structurally valid OLE2 compound file holding empty streams with these names.

    The layout of an old .xls ("Workbook") or of a password-protected .xlsx ("EncryptionInfo",
    "EncryptedPackage"): header, one FAT sector, one directory sector.
    """
    sector = 512
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 60, end, 0, end, 0)  # mini FAT, DIFAT: none
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for n in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * n, free)
    fat = bytearray(struct.pack("<II", fat_sector, end) + b"\xff" * (sector - 8))
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = bytearray()
    for n, (name, kind) in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        right = n + 1 if 0 < n < len(entries) - 1 else free
        child = 1 if n == 0 and len(entries) > 1 else free
        struct.pack_into("<III", entry, 68, free, right, child)
        struct.pack_into("<IQ", entry, 116, end, 0)
        directory += entry
    directory += b"\0" * (-len(directory) % sector)
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory))
    return path
