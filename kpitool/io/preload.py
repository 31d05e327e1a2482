"""A large workbook's sheets loaded in a child process while the parent checks the file.

The safety check (`kpitool.io.safety`) must finish before the fast reader may touch a workbook
in this process: on a hostile sheet the reader allocates its whole used range and the process
aborts. For a large workbook the check and the load each take seconds, so both run at once: a
forked child loads the recognised sheets (as text, exactly as `readers._load_columns` does)
into Arrow IPC files while the parent checks. The files are anonymous (unlinked temporary
files, made by the parent before the fork): nothing is left on disk whatever happens to either
process, even kill -9; the child dies with its parent. The parent takes the child's tables only once
its own check has passed; when the check fails the child is killed and its files removed.

The child may meet a hostile file before the parent has judged it: its address space is capped
(what the parent uses plus a budget from the sheets' inflated size) and it is the first the
kernel's out-of-memory killer takes. A child that fails for any reason changes nothing: once
the check has passed, the parent loads the sheets itself, as it would without a child.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from typing import IO

import pandas as pd

PRELOAD_BYTES = 8 << 20  # a worksheet compressed at least this large is loaded beside the check


def worth_preloading(data: bytes) -> int:
    """The inflated size of the workbook's worksheets when one is large enough to gain from
    loading in parallel, else 0."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [info for info in archive.infolist()
                      if info.filename.startswith("xl/worksheets/")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # the safety check names the problem
    if not any(info.compress_size >= PRELOAD_BYTES for info in sheets):
        return 0
    return sum(info.file_size for info in sheets)


class Preload:
    """The child loading one workbook; `tables()` after the parent's check, or `cancel()`."""

    def __init__(self, data: bytes, inflated: int) -> None:
        from kpitool.schemas import SHEETS

        self.files = [tempfile.TemporaryFile() for _ in SHEETS]  # one per recognised sheet
        budget = max(2 << 30, 4 * inflated)
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            _child(data, self.files, budget, parent)

    def tables(self, count: int) -> list[pd.DataFrame] | None:
        """The first `count` recognised sheets as raw text frames (columns labelled by sheet
        column number), in `readers.match_sheets` order; None if the child failed."""
        import pyarrow as pa

        try:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
                return None
            return self._read(count)
        except (OSError, ValueError, KeyError, IndexError, pa.ArrowException):
            return None
        finally:
            self.cancel()

    def _read(self, count: int) -> list[pd.DataFrame]:
        import pyarrow as pa

        frames = []
        for index in range(count):
            source = self.files[index]
            source.seek(0)
            table = pa.ipc.open_file(source).read_all()
            labels = table.schema.metadata[b"kpitool_columns"].split(b",")
            frame = table.to_pandas()
            frame.columns = [int(c) for c in labels if c]
            frames.append(frame)
        return frames

    def cancel(self) -> None:
        """Stop the child if it still runs and close its files."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        for file in self.files:
            file.close()


def _limit_self(budget: int) -> None:
    """Cap this process's address space at what it maps now plus `budget`; make it the first
    the out-of-memory killer takes."""
    import resource

    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (mapped + budget, resource.getrlimit(
        resource.RLIMIT_AS)[1]))
    with open("/proc/self/oom_score_adj", "w") as adj:
        adj.write("1000")


def _child(data: bytes, files: Sequence[IO[bytes]], budget: int, parent: int) -> None:
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent(parent)
        try:
            _limit_self(budget)
        except (OSError, ValueError):
            pass  # not Linux, or the hard limit is lower: the child runs as it is
        import fastexcel
        import pyarrow as pa

        from kpitool.io.readers import match_sheets

        reader = fastexcel.read_excel(data)
        found, _ = match_sheets(list(reader.sheet_names))
        for index, name in enumerate(found.values()):
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            batch = sheet.to_arrow()
            names = set(batch.schema.names)
            columns = [str(c.absolute_index) for c in sheet.available_columns()
                       if c.name in names]
            batch = batch.replace_schema_metadata({"kpitool_columns": ",".join(columns)})
            with pa.ipc.new_file(files[index], batch.schema) as writer:
                writer.write_batch(batch)
            files[index].flush()
        code = 0
    finally:
        os._exit(code)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies, even by kill -9
    (Linux: PR_SET_PDEATHSIG); exit now if the parent is already gone."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
