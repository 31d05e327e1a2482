"""Outputs are written to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpitool.errors import OutputError


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Raise if `target` is one of the input files."""
    resolved = target.resolve()
    for path in inputs:
        if path.exists() and path.resolve() == resolved:
            raise OutputError("output_is_input", file=str(target))


def refuse_output_folder(folder: Path, inputs: Iterable[Path]) -> None:
    """Raise if `folder` is an existing file (an input file, or any other) instead of a folder."""
    if folder.exists() and not folder.is_dir():
        resolved = folder.resolve()
        for path in inputs:
            if path.exists() and path.resolve() == resolved:
                raise OutputError("output_is_input", file=str(folder))
        raise OutputError("cannot_write", file=str(folder), error="not a folder")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; on success it replaces `target`, on failure it is removed.

    The target is never opened for writing: until the rename, the previous file stays whole, and
    an interrupted run (an exception, Ctrl+C, SIGTERM) leaves no temporary file behind.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise OutputError("cannot_write", file=str(target), error=exc.strerror or str(exc)) from exc
    os.close(fd)
    temp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
    try:
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError("cannot_write", file=str(target), error=exc.strerror or str(exc)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
