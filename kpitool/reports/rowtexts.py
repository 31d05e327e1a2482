"""Flags' source rows as a person reads them: `file › sheet › row; …` (xlsx and CSV outputs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from kpitool.flags import NO_ROWS, SourceRows, source_label


def rows_texts(column: Iterable[Any], limit: int = 20) -> list[str]:
    """Each flag's first `limit` source rows as `file › sheet › row; …` and how many more.

    The rows of `SourceRows` that share one `Sources` (every flag of a run) are labelled
    together in one vectorised step; any other sequence of (file, sheet, row) row by row.
    """
    items = [r if r is not None else NO_ROWS for r in column]
    shared = {id(r.sources): r.sources for r in items
              if isinstance(r, SourceRows) and r.sources is not None}
    sources = next(iter(shared.values())) if len(shared) == 1 else None
    heads = [r.ids[:limit] if isinstance(r, SourceRows) and r.sources is sources else None
             for r in items]
    ids = [head for head in heads if head is not None]
    labels = iter(sources.labels(np.concatenate(ids)).tolist() if sources is not None and ids
                  else [])
    out = []
    for r, head in zip(items, heads, strict=True):
        if head is not None:
            shown = [next(labels) for _ in range(len(head))]
        else:
            shown = [f"{source_label(str(f), str(s))} › {row}" for f, s, row in r[:limit]]
        more = len(r) - len(shown)
        out.append("; ".join(shown) + (f"; … (+{more})" if more > 0 else ""))
    return out
