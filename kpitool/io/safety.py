"""Checks made on an input file before any reader opens it."""

from __future__ import annotations

from pathlib import Path

from kpitool.errors import InputFileError


def check_input_file(path: Path, shown: str) -> None:
    """Raise InputFileError when the file cannot safely be handed to a reader."""
    if path.stat().st_size == 0:
        raise InputFileError("empty_file", file=shown)
