"""Giving freed memory back to the system between the steps of a large run (issue 16).

glibc's allocator keeps the blocks a process freed (those of a few megabytes: a column of one
file or one top unit) for its next allocations instead of returning them, so a run that frees
its temporaries step by step stays as large as its largest step plus everything it freed.
`malloc_trim(3)` returns them; Arrow's pool has `release_unused` for the text columns it
holds. Elsewhere (macOS, Windows, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the memory freed so far to the system, where the allocator can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
