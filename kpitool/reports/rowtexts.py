"""Flags' source rows as a person reads them: `file › sheet › row; …` (xlsx and CSV outputs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from kpitool.flags import NO_ROWS, SourceRows, Sources, source_label


def rows_texts(column: Iterable[Any], limit: int = 20) -> list[str]:
    """Each flag's first `limit` source rows as `file › sheet › row; …` and how many more.

    The rows of `SourceRows` that share one `Sources` (every flag of a partition) are labelled
    together in one vectorised step, a step per `Sources`; any other sequence of (file, sheet,
    row) row by row.
    """
    items = [r if r is not None else NO_ROWS for r in column]
    heads = [r.ids[:limit] if isinstance(r, SourceRows) and r.sources is not None else None
             for r in items]
    shared: dict[int, tuple[Sources, list[int], list[np.ndarray]]] = {}
    for at, (r, head) in enumerate(zip(items, heads, strict=True)):
        if head is not None and len(head):
            assert r.sources is not None  # a head is taken only from rows with their Sources
            sources, positions, ids = shared.setdefault(id(r.sources), (r.sources, [], []))
            positions.append(at)
            ids.append(head)
    shown = [""] * len(items)
    for sources, positions, ids in shared.values():
        for at, joined in zip(positions, sources.joined(ids), strict=True):
            shown[at] = joined
    out = []
    for r, head, joined in zip(items, heads, shown, strict=True):
        count = len(head) if head is not None else min(len(r), limit)
        if head is None:
            joined = "; ".join(f"{source_label(str(f), str(s))} › {row}"
                               for f, s, row in r[:limit])
        more = len(r) - count
        out.append(joined + (f"; … (+{more})" if more > 0 else ""))
    return out
