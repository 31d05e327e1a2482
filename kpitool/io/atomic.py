"""Outputs are written to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpitool.errors import OutputError


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Raise if `target` is one of the input files (by path, symbolic or hard link)."""
    resolved = target.resolve()
    for path in inputs:
        if not path.exists():
            continue
        if path.resolve() == resolved or (target.exists() and os.path.samefile(path, target)):
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
    except BaseException as exc:
        _release_writer(exc)
        temp.unlink(missing_ok=True)
        cause = _os_error(exc)
        if cause is not None and not isinstance(exc, OutputError):
            raise OutputError("cannot_write", file=str(target),
                              error=cause.strerror or str(cause)) from exc
        raise


def _os_error(exc: BaseException) -> OSError | None:
    """The system error behind a failed write (xlsxwriter wraps it in FileCreateError)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, OSError):
            return seen
        inner = next((a for a in seen.args if isinstance(a, OSError)), None)
        seen = inner or seen.__cause__ or seen.__context__
    return None


def _release_writer(exc: BaseException) -> None:
    """Let go now of what the failed writer left open (xlsxwriter's zip on a full disk): its
    own close fails again and would print "Exception ignored … Traceback" at some later time."""
    hook = sys.unraisablehook

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            hook(unraisable)

    sys.unraisablehook = quiet
    try:
        seen: set[int] = set()
        pending: list[BaseException | None] = [exc]
        while pending:  # the whole chain: the system error's frames hold the writer's zip
            item = pending.pop()
            if item is None or id(item) in seen:
                continue
            seen.add(id(item))
            traceback.clear_frames(item.__traceback__)
            pending += [item.__cause__, item.__context__,
                        *(a for a in item.args if isinstance(a, BaseException))]
        gc.collect()
    finally:
        sys.unraisablehook = hook
