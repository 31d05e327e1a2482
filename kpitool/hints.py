"""Hints for an unknown code (issue 13 point 5): the code the user most likely meant, and why.

A staff ID `7` where the roster has `007` (Excel dropped the leading zeros of a number), a task
`b01` where the catalog has `B01` (case), `B10` for `B01` (a close spelling, `difflib`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from kpitool.schemas.spec import fold

CLOSE_CUTOFF = 0.75  # difflib ratio from which a spelling counts as close
MAX_CANDIDATES_FOR_SPELLING = 20_000  # beyond this many known codes only padding and case count


@dataclass(frozen=True)
class Close:
    """The known code a value most likely meant; `why` is the message key of the reason
    (`close_zeros`, `close_case`, `close_spelling`)."""

    code: str
    why: str


class CodeHints:
    """Suggestions against one list of known codes, each distinct value looked up once."""

    def __init__(self, known: Iterable[object]) -> None:
        codes = sorted({str(k) for k in known if isinstance(k, str) and k})
        self.codes = codes
        self.by_fold: dict[str, str] = {}
        self.by_digits: dict[str, str] = {}
        for code in codes:
            self.by_fold.setdefault(fold(code), code)
            if code.isdigit():
                self.by_digits.setdefault(code.lstrip("0") or "0", code)
        self.folded = list(self.by_fold)
        self.cache: dict[str, Close | None] = {}

    def close(self, value: object) -> Close | None:
        """The known code `value` most likely meant, or None."""
        text = str(value).strip()
        if text not in self.cache:
            self.cache[text] = self._find(text)
        return self.cache[text]

    def _find(self, text: str) -> Close | None:
        digits = text[:-2] if text.endswith(".0") else text  # 7.0: a number cell read as text
        if digits.isdigit() and (digits.lstrip("0") or "0") in self.by_digits:
            found = self.by_digits[digits.lstrip("0") or "0"]
            if found != text:
                return Close(found, "close_zeros")
        folded = fold(text)
        if folded in self.by_fold and self.by_fold[folded] != text:
            return Close(self.by_fold[folded], "close_case")
        if len(self.folded) > MAX_CANDIDATES_FOR_SPELLING:
            return None
        match = difflib.get_close_matches(folded, self.folded, n=1, cutoff=CLOSE_CUTOFF)
        return Close(self.by_fold[match[0]], "close_spelling") if match else None
